"""notebooks/03-casualties.ipynb end to end on the project's data: what readers see, and the figure's CSV, with
the default parameters and with others."""

from __future__ import annotations

import pytest

from conftest import report_text, run_notebook
from kzreport.evidence.csvio import read_exported_csv

NOTEBOOK = "03-casualties.ipynb"


def _md(claim_id: str) -> str:
    """A claim id as the Markdown prose holds it (its underscore escaped)."""
    return claim_id.replace("_", "\\_")


def _run(processed, tmp_path, **params):
    nb, figures = run_notebook(NOTEBOOK, tmp_path, processed["folder"], **params)
    data = read_exported_csv(figures / "03-1-tolls-by-claimant.csv", dtype={"reported_on": str})
    return report_text(nb), data, figures


@pytest.mark.slow
def test_notebook_with_defaults(processed, tmp_path):
    text, data, figures = _run(processed, tmp_path)
    assert set(data["metric"]) == {"killed", "injured", "killed_and_injured", "detained"}
    assert "crimethinc_2022-c009" not in set(data["claim_id"])  # Zhanaozen 2011
    for cid in ("taz_2022-c003", "accord_2024-c065", "accord_2024-c067", "crimethinc_2022-c023",
                "taz_2022-c006", "crimethinc_2022-c004", "europarl_2022-c004", "accord_2024-c001"):
        assert cid in set(data["claim_id"]), cid
        assert _md(cid) in text, cid
    assert "The first nation-wide official toll in the selection is **164**" in text
    assert "The highest official figure is **238**" in text
    assert "**up to 260**" in text
    assert "höchstwahrscheinlich in die Tausende" in text
    assert 'id="fig-3-1"' in text and "Broken time axis" in text
    assert "Health Ministry: 164" in set(data["label"])  # the short name from data/raw/curation/claimants.csv
    assert (figures / "03-1-tolls-by-claimant.svg").is_file()
    assert "Every claim drawn in Figure 3.1 (22 rows)" in text and "<table" in text
    assert "value_low" not in text and "claimant_short" not in text  # analysts' DataFrames stay out of the report


@pytest.mark.slow
def test_notebook_follows_non_default_parameters(processed, tmp_path):
    text, data, _ = _run(processed, tmp_path, metrics=["detained", "killed"], reported_from="2022-01-10",
                         reported_to="2023-12-31", claimant_types=["intergovernmental", "ngo", "research", "activist"],
                         nationwide_only=True, zoom_to="2023-12-31")
    assert set(data["metric"]) <= {"detained", "killed"} and len(data) > 0
    assert (data["x_from"] >= "2022-01-10").all() and (data["x_from"] <= "2023-12-31").all()
    assert set(data["claimant_type"]) <= {"intergovernmental", "ngo", "research", "activist"}
    assert (data["location"] == "Kazakhstan").all()
    assert "europarl_2022-c004" in set(data["claim_id"])
    assert "taz_2022-c003" not in set(data["claim_id"]) and "accord_2024-c067" not in set(data["claim_id"])
    assert "No nation-wide official death toll is in the selection." in text
    assert "larger scale" not in text  # one even time scale
    assert text.index("Detained, nation-wide") < text.index("## Figures without a number")
