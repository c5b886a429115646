"""notebooks/06-methods.ipynb end to end on the project's data: what readers see, Figure 6.1, the parameters."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import report_text, run_notebook

NOTEBOOK = "06-methods.ipynb"


@pytest.mark.slow
def test_notebook_with_defaults(tmp_path, processed):
    ev = processed["evidence"]
    nb, figs = run_notebook(NOTEBOOK, tmp_path, processed["folder"])
    text = report_text(nb)
    data = pd.read_csv(figs / "06-1-claims-own-or-relayed.csv")
    assert data["total"].sum() == len(ev.claims)
    assert set(data["claimant_type"]) == set(ev.claims["claimant_type"])
    assert data.loc[data["claimant_type"] == "official", "own_document"].item() == 0
    assert (figs / "06-1-claims-own-or-relayed.png").is_file() and (figs / "06-1-claims-own-or-relayed.svg").is_file()
    assert "Figure 6.1." in text and "Every Kazakh official figure" not in text  # the chart's title is in the image
    assert f"{len(ev.claims):,} claims" in text
    assert "<table" not in text  # the tables behind the counts are in the evidence-checks companion
    assert "(evidence-checks.html)" in text
    assert "which reproduces English sources" not in text
    assert "<pre" not in text and "import " not in text  # no code and no analyst's DataFrame reach readers
    analyst = [c for c in nb.cells if c.cell_type == "code"
               and not {"report", "parameters", "injected-parameters"} & set(c.metadata.get("tags", []))]
    assert analyst and all(c.outputs for c in analyst)  # every analyst cell shows something


@pytest.mark.slow
def test_notebook_follows_non_default_parameters(tmp_path, processed):
    nb, _ = run_notebook(NOTEBOOK, tmp_path, processed["folder"], show_tables=True, list_ids=True)
    text = report_text(nb)
    assert "<table" in text
    assert "](#claim-" in text
    assert "Figure 6.1." in text
