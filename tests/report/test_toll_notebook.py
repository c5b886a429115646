"""notebooks/02-toll.ipynb: titled The dead, the injured and the detained; end to end on the project's data."""

from __future__ import annotations

import nbformat
import pytest

from conftest import report_text
from kzreport import config

NOTEBOOK = "02-toll.ipynb"


def test_notebook_title_and_parameters():
    nb = nbformat.read(config.NOTEBOOKS_DIR / NOTEBOOK, as_version=4)
    assert nb.cells[0].source.splitlines()[0] == "# The dead, the injured and the detained"
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", [])).source
    for name in ("data_dir", "processed_dir", "figures_dir", "metrics", "reported_from", "reported_to", "period_from",
                 "claimant_types", "max_rows"):
        assert f"\n{name}: " in "\n" + params, name


@pytest.mark.slow
def test_notebook_with_defaults(built_notebook):
    nb, figs = built_notebook(NOTEBOOK)
    text = report_text(nb)
    assert '<a href="#claim-taz_2022-c003">164</a>' in text  # the earliest official toll in these documents
    assert "attribute it to different ministries" in text
    assert "[“possibly up to 260”](#claim-accord\\_2024-c067)" in text and "*civilian* deaths" in text
    assert "headline of a related article listed below its article of 9 January 2022, probably a later one" in text  # taz's 225
    assert "crimethinc_2022-c009" not in text  # Zhanaozen 2011 is no 2022 figure
    national, cities = text.split("Figures about a single place, or with")[0], text.split("Figures about a single place, or with")[1]
    assert '#claim-taz_2022-c004"' not in national and '#claim-taz_2022-c004"' in cities  # Almaty's 103 apart
    assert (figs / "02-1-tolls-by-claimant.svg").exists()
