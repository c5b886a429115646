"""notebooks/04-accountability.ipynb end to end on the project's data: what readers see, and the figure it saves.

From ACCORD's text: the UN CAT (8 June 2023) counts 35 officers investigated, 5 convicted in Taldykorgan ("among
others") and 236 of 329 cases concerning torture or abuse of authority closed, with no period; HRW (11 January 2024)
at least 23 officers convicted for torture, "a few dozen" brought to criminal responsibility and over 1,200
convictions of protesters and others (the Prosecutor General's office)."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest

from conftest import report_text, run_notebook
from kzreport import config

NOTEBOOK = "04-accountability.ipynb"


def test_no_interval_or_log_scale_parameters():
    nb = nbformat.read(config.NOTEBOOKS_DIR / NOTEBOOK, as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", [])).source
    for gone in ("confidence", "ci_method", "log_scale"):
        assert f"\n{gone}:" not in "\n" + params


@pytest.mark.slow
def test_notebook_with_defaults(built_notebook):
    nb, figs = built_notebook(NOTEBOOK)
    text = report_text(nb)
    assert "[35](#claim-accord\\_2024-c029)" in text
    assert "[five](#claim-accord\\_2024-c030) police officers convicted for torturing detainees in Taldykorgan" in text
    assert "whether these were all the convictions the committee knew of, or one case among others" in text
    assert "[at least 23](#claim-accord\\_2024-c048)" in text
    assert "[“a few dozen”](#claim-accord\\_2024-c044)" in text and "prosecuted, not necessarily convicted" in text
    assert "[more than 1,200](#claim-accord\\_2024-c043) convictions of protesters *and others*" in text
    assert "[236](#claim-accord\\_2024-c027) of [329](#claim-accord\\_2024-c028)" in text
    assert "torture *or abuse of authority*" in text and "not limited to January 2022" not in text
    assert "does not say which period these cases cover, or whether they all concern January 2022" in text
    assert "[at least 12](#claim-accord\\_2024-c032) officers sentenced to prison (ACCORD, summing the US State Department" in text
    assert "lists without giving a total" in text and "reported by unnamed media, together at least 12." in text
    # investigations closed and obstacles, each statement linked to its row (curation/story.csv)
    assert "## Investigations closed and obstacles to accountability" in text
    assert "Authorities in Taraz, Kyzylorda, Shymkent closed the investigations" in text
    for row in ("claim-accord\\_2024-c045", "claim-accord\\_2024-c049", "event-accord\\_2024-e037", "event-accord\\_2024-e067",
                "event-accord\\_2024-e068", "event-accord\\_2024-e069", "event-amnesty\\_2022-e010", "event-europarl\\_2022-e018"):
        assert f"(#{row})" in text, row
    assert "interval" not in text and "per convicted officer" not in text and "%" not in text.split("<")[0]
    assert not (figs / "04-1-accountability-chain.svg").exists()  # no funnel that starts with the 329 cases
    rows = pd.read_csv(figs / "04-1-officer-conviction-counts.csv")
    assert {"accord_2024-c068", "accord_2024-c069", "accord_2024-c070", "accord_2024-c071"} <= set(rows["claim_id"])
    assert list(rows.loc[~rows["prison"], "claim_id"]) == ["accord_2024-c070"]


@pytest.mark.slow
def test_notebook_follows_the_conviction_claimants(tmp_path, processed):
    nb, _ = run_notebook(NOTEBOOK, tmp_path, processed["folder"], conviction_claimants=["Human Rights Watch"])
    text = report_text(nb)
    assert "#claim-accord\\_2024-c048" in text and "#claim-accord\\_2024-c030" not in text.split("## Torture")[0]
