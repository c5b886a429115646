"""notebooks/06-methods.ipynb end to end on the project's data: what readers see, Figure 6.1, the parameters."""

from __future__ import annotations

import pytest

from conftest import report_text, run_notebook

NOTEBOOK = "06-methods.ipynb"


@pytest.mark.slow
def test_notebook_with_defaults(built_notebook, processed):
    ev = processed["evidence"]
    nb, figs = built_notebook(NOTEBOOK)
    text = report_text(nb)
    assert not list(figs.glob("06-*"))  # no figure: the chapter stays within three pages
    assert "(accord\\_2024-c" not in text and "in accord\\_2024" not in text  # no ids in running text
    assert "headline of a related article" in text and "probably stated later, not on that date" in text  # taz's 225
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
