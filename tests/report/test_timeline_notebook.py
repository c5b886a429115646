"""notebooks/02-timeline.ipynb end to end on the project's data: figures saved, the reader's text, parameters."""

from __future__ import annotations

import ast
import datetime as dt

import pandas as pd
import pytest

from conftest import report_text, run_notebook
from kzreport.analysis.timeline import date_interval
from kzreport.build.params import inspect
from kzreport.config import NOTEBOOKS_DIR
from kzreport.report.charts.timeline import DAY_FIGURE_NAME, LONG_FIGURE_NAME

D = dt.date
NOTEBOOK = "02-timeline.ipynb"


def figure_data(figures, name: str) -> pd.DataFrame:
    return pd.read_csv(figures / f"{name}.csv", dtype=str, keep_default_na=False)


def inside(row, start: dt.date, end: dt.date) -> bool:
    a, b = date_interval(row["date"])
    return a <= end and b >= start


@pytest.mark.slow
def test_notebook_with_defaults(tmp_path, processed):
    nb, figures = run_notebook(NOTEBOOK, tmp_path, processed["folder"])
    text = report_text(nb)
    day, long = figure_data(figures, DAY_FIGURE_NAME), figure_data(figures, LONG_FIGURE_NAME)
    for stem in (DAY_FIGURE_NAME, LONG_FIGURE_NAME):
        assert (figures / f"{stem}.png").is_file() and (figures / f"{stem}.svg").is_file()
    assert all(inside(r, D(2022, 1, 1), D(2022, 1, 23)) for _, r in day.iterrows())
    assert set(day["category"]) == set(ast.literal_eval(inspect(NOTEBOOKS_DIR / NOTEBOOK)["categories"].default))
    # the CSTO withdrawal deadline is drawn as a day; January-only events are stripes, never days
    assert day.set_index("event_id").loc["europarl_2022-e028", "drawn_as"] == "day mark"
    assert set(day.loc[day["date"] == "2022-01", "drawn_as"]) == {"month stripe"}
    assert {"historical", "judicial", "publication"} <= set(long["category"])
    assert "accord_2024-e058" in set(long["event_id"])
    # the reader's text: prose from the templates, both figures, the table with the chapter's words
    assert 'id="fig-2-1"' in text and 'id="fig-2-2"' in text
    assert "Between 1–23 January 2022, the evidence holds" in text and "in figure 2.1" in text
    assert "state of emergency is declared on 5 January 2022 (europarl\\_2022-e025)" in text
    assert "deadline for the CSTO withdrawal falls on 23 January 2022 (europarl\\_2022-e028)" in text
    assert "Named on the chart: the Jeltoqsan uprising in Almaty" in text
    assert '<table class="data timeline">' in text and "<td>europarl_2022-e028</td>" in text
    assert "<td>month only</td>" in text and "<td>resolved by hand</td>" in text
    assert "Not every row is printed." not in text
    # analysts' cells (DataFrames, the heatmaps) stay out of the reader's text
    assert "n_documents" not in text and "image/png" not in str([c.get("outputs") for c in nb.cells
                                                                  if "report" in c.metadata.get("tags", [])])


@pytest.mark.slow
def test_notebook_follows_a_narrower_window_fewer_lanes_and_max_rows(tmp_path, processed):
    nb, figures = run_notebook(NOTEBOOK, tmp_path, processed["folder"], start="2022-01-04", end="2022-01-08",
                               categories=["protest", "state_measure"], max_rows=3)
    text = report_text(nb)
    day, long = figure_data(figures, DAY_FIGURE_NAME), figure_data(figures, LONG_FIGURE_NAME)
    assert len(day) > 3
    assert all(inside(r, D(2022, 1, 4), D(2022, 1, 8)) for _, r in day.iterrows())
    assert set(day.loc[day["date_precision"] == "day", "date"]) <= {f"2022-01-0{d}" for d in range(4, 9)}
    assert set(day["category"]) == {"protest", "state_measure"}
    assert "europarl_2022-e028" not in set(day["event_id"])
    assert set(long["category"]) == {"historical", "protest", "state_measure", "judicial", "publication"}
    assert "Between 4–8 January 2022" in text
    assert "deadline for the CSTO withdrawal" not in text
    assert "state of emergency is declared on 5 January 2022" in text
    assert f"The table below stops after the first 3 of its {len(day)} rows" in text
    assert text.split("<tbody>", 1)[1].count("<tr>") == 3
