"""notebooks/04-accountability.ipynb end to end on the project's data: what readers see, and the figures it saves."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import report_text, run_notebook
from kzreport.analysis import accountability as acc

NOTEBOOK = "04-accountability.ipynb"


@pytest.mark.slow
def test_notebook_with_defaults(tmp_path, processed):
    nb, figs = run_notebook(NOTEBOOK, tmp_path, processed["folder"])
    text = report_text(nb)
    chain = pd.read_csv(figs / "04-1-accountability-chain.csv")
    assert list(chain["claim_id"]) == ["accord_2024-c028", "accord_2024-c027", "accord_2024-c029", "accord_2024-c030",
                                       "accord_2024-c048", "accord_2024-c043"]
    assert "95% Wilson score interval of **66.6% to 76.3%**" in text
    assert "**more than 240**" in text and "about 52 (fewer than 53)" in text
    assert r"<code>accord\_2024-c037</code>" in text  # the English annex repeats CAT's figures
    assert "7 (Almaty) + 2 (Taldykorgan) + at least 3 (reported by Media (unnamed)) = ≥ 12" in text
    assert "<caption>Every figure for convicted officers in the data" in text and "24 claims from 1 document" in text
    rows = pd.read_csv(figs / "04-2-officer-conviction-counts.csv")
    assert {"accord_2024-c068", "accord_2024-c069", "accord_2024-c070", "accord_2024-c071"} <= set(rows["claim_id"])
    assert "accord_2024-c040" not in set(rows["claim_id"])  # repeats CAT's count
    assert list(rows.loc[~rows["prison"], "claim_id"]) == ["accord_2024-c070"]
    assert list(rows.loc[~rows["january"], "claim_id"]) == ["accord_2024-c033"]
    for name in ("04-1-accountability-chain", "04-2-officer-conviction-counts"):
        assert (figs / f"{name}.png").is_file() and (figs / f"{name}.svg").is_file()
    analyst = [c for c in nb.cells if c.cell_type == "code" and "report" not in c.metadata.get("tags", [])]
    assert any("image/png" in o.get("data", {}) for c in analyst for o in c.outputs)  # the analysts' seaborn view


@pytest.mark.slow
def test_notebook_follows_non_default_parameters(tmp_path, processed):
    nb, figs = run_notebook(NOTEBOOK, tmp_path, processed["folder"], confidence=0.99, ci_method="clopper-pearson",
                            conviction_claimants=["US State Department"], log_scale=False)
    text = report_text(nb)
    chain = pd.read_csv(figs / "04-1-accountability-chain.csv")
    assert list(chain.loc[chain["metric"] == "officers_convicted", "claim_id"]) == ["accord_2024-c032"]
    assert "99% Clopper–Pearson exact interval" in text and "Wilson score interval of **" not in text
    assert "more than 240" not in text  # the ratio is now set against 'mindestens zwölf'
    assert "linear scale" in text
    low, high = acc.clopper_pearson_interval(236, 329, 0.99)
    assert f"{100 * low:.1f}% to {100 * high:.1f}%" in text


@pytest.mark.slow
def test_an_unknown_claimant_stops_the_chapter_naming_those_there_are(tmp_path, processed):
    import papermill

    with pytest.raises(papermill.PapermillExecutionError, match="rate_claimant: 'UN Comittee against Torture' is not a "
                                                                "claimant in the processed claims; closest: UN Committee"):
        run_notebook(NOTEBOOK, tmp_path, processed["folder"], rate_claimant="UN Comittee against Torture")
