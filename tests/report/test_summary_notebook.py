"""notebooks/00-summary.ipynb: front matter titled Summary; end to end on the project's data, what readers see."""

from __future__ import annotations

import nbformat
import pytest

from conftest import report_text, run_notebook
from kzreport import config

NOTEBOOK = "00-summary.ipynb"


def test_notebook_is_front_matter_titled_summary():
    nb = nbformat.read(config.NOTEBOOKS_DIR / NOTEBOOK, as_version=4)
    assert nb.metadata["kzreport"]["placement"] == "front"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.splitlines()[0] == "# Summary"


@pytest.mark.slow
def test_notebook_with_defaults(tmp_path, processed):
    nb, figs = run_notebook(NOTEBOOK, tmp_path, processed["folder"])
    text = report_text(nb)
    assert "[From 2 to 11 January 2022](#event-accord\\_2024-e003" in text
    assert '"europarl\\_2022-e031, taz\\_2022-e002") he ordered the security forces to shoot without warning.' in text
    for cell in ("<td>164</td>", "<td>238</td>", "<td>up to 260 (“possibly up to 260”)</td>",
                 "<td>more than 2,200 (“Mehr als 2.200”)</td>", "<td>about 5,800 (“rund 5.800”)</td>",
                 "<td>more than 10,000 (“mehr als 10.000”)</td>", "<td>more than 1,200</td>",
                 "<td>236 of 329 (71.7%; 95% interval 66.6–76.3%)</td>", "<td>35</td>", "<td>5 (“Fünf”)</td>",
                 "<td>at least 23</td>", "<td>at least 15</td>", "<td>13</td>", "<td>2,700</td>",
                 "<td>5 days (“fünftägige”)</td>", "<td>taz_2022-c003 (taz)</td>",
                 "<td>crimethinc_2022-c023 (CrimethInc.)</td>"):
        assert cell in text, cell
    assert text.count("<tr>") == 17 and "Left out" not in text
    assert "**more than 240**" in text and "**about 52**" in text
    assert not figs.exists()  # the summary saves no chart
    analyst = [c for c in nb.cells if c.cell_type == "code" and "report" not in c.metadata.get("tags", [])]
    assert any("image/png" in o.get("data", {}) for c in analyst for o in c.outputs)  # the analysts' seaborn view


@pytest.mark.slow
def test_notebook_follows_non_default_parameters(tmp_path, processed):
    nb, _ = run_notebook(NOTEBOOK, tmp_path, processed["folder"], max_rows=2, confidence=0.99, ci_method="clopper-pearson",
                         metrics=["detained", "officers_convicted", "torture_cases_closed"],
                         conviction_claimants=["US State Department"])
    text = report_text(nb)
    assert text.count("<tr>") == 3 and "<td>about 5,800 (“rund 5.800”)</td>" in text
    assert "Killed" not in text and "<td>164</td>" not in text
    assert "Left out by the limit of 2 rows: Officers convicted (at least 12 (“mindestens zwölf”)); " in text
    assert "99% interval" in text and "95% interval" not in text
    assert ("**about 100** protester convictions per convicted officer (officers counted by US State Department"
            in text) and "more than 240" not in text


@pytest.mark.slow
def test_a_misspelt_metric_stops_the_notebook_naming_the_closest(tmp_path, processed):
    import papermill

    with pytest.raises(papermill.PapermillExecutionError, match="metrics: 'kiled' is not a metric in the processed claims; "
                                                                "closest: killed"):
        run_notebook(NOTEBOOK, tmp_path, processed["folder"], metrics=["kiled"])
