"""notebooks/00-findings.ipynb: front matter titled Key findings; end to end on the project's data, what readers see."""

from __future__ import annotations

import nbformat
import pytest

from conftest import report_text
from kzreport import config

NOTEBOOK = "00-findings.ipynb"


def test_notebook_is_front_matter_titled_key_findings():
    nb = nbformat.read(config.NOTEBOOKS_DIR / NOTEBOOK, as_version=4)
    assert nb.metadata["kzreport"]["placement"] == "front"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.splitlines()[0] == "# Key findings"
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert "confidence" not in params.source and "ci_method" not in params.source


@pytest.mark.slow
def test_notebook_with_defaults(built_notebook):
    nb, _ = built_notebook(NOTEBOOK)
    text = report_text(nb)
    assert "[164](#claim-taz\\_2022-c003)" in text and "[238](#claim-accord\\_2024-c065)" in text
    assert "[236](#claim-accord\\_2024-c027) of [329](#claim-accord\\_2024-c028)" in text
    assert "[at least 23](#claim-accord\\_2024-c048)" in text
    assert "interval" not in text and "per convicted officer" not in text
