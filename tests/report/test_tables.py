"""report.tables: escaped reader tables from a template, and the cap on long tables (max_rows)."""

from __future__ import annotations

import pandas as pd
import pytest

from kzreport.analysis.listing import check_max_rows, listed_count
from kzreport.report.tables import Col, table

ROWS = pd.DataFrame({"claim_id": [f"doc-c{i:03d}" for i in range(1, 6)], "value": ["1", "2", "<b>3</b>", "4", "5"]})
COLS = [Col("claim_id", "Claim", "claim"), Col("value", "Value")]


def body_rows(html: str) -> list[str]:
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("</tr>")[:-1]


def test_capped_table_prints_the_first_rows_and_says_how_many_it_leaves_out():
    html = table(ROWS, COLS, max_rows=2, files=("claims.csv",))
    rows = body_rows(html)
    assert len(rows) == 2 and 'href="#claim-doc-c001"' in rows[0] and "doc-c002" in rows[1]
    assert "doc-c003" not in html and "&lt;b&gt;3" not in html
    note = html.split("<table", 1)[0]  # the note stands above the table, where a reader meets it first
    assert "The table below stops after the first 2 of its 5 rows (parameter <code>max_rows</code> = 2)" in note
    assert "the other 3 are in <code>data/processed/claims.csv</code>, each with its checked quote." in note


@pytest.mark.parametrize("max_rows", [0, 5, 6, 1000])
def test_a_table_that_prints_every_row_has_no_note_and_escapes_every_cell(max_rows):
    html = table(ROWS, COLS, max_rows=max_rows, caption="c <i>", css_class="data x")
    assert "Not every row" not in html and len(body_rows(html)) == 5
    assert "&lt;b&gt;3&lt;/b&gt;" in html and "<b>3</b>" not in html
    assert '<table class="data x"><caption>c &lt;i&gt;</caption>' in html


def test_note_counts_with_separators_and_agrees_in_number():
    big = pd.DataFrame({"claim_id": [f"c{i}" for i in range(13_200)], "value": "v"})
    assert "first 250 of its 13,200 rows" in table(big, COLS, max_rows=250)
    assert "max_rows</code> = 1,000" in table(big, COLS, max_rows=1000)
    assert "the other 1 is in" in table(ROWS.iloc[:3], COLS, max_rows=2, files=("claims.csv",))
    two = table(ROWS, COLS, max_rows=2, files=("claims.csv", "events.csv"))
    assert "<code>data/processed/claims.csv</code> and <code>data/processed/events.csv</code>" in two


def test_cells_show_by_the_kind_of_their_column():
    df = pd.DataFrame({"e": ["x-e001"], "n": [12345.0], "d": ["2022-01-09"], "q": ["„Zitat“"], "c": ["f.csv"], "gap": [None]})
    html = table(df, [Col("e", "E", "event"), Col("n", "N", "number"), Col("d", "D", "date"), Col("q", "Q", "quote"),
                      Col("c", "C", "code"), Col("gap", "Gap", "number")])
    cells = body_rows(html)[0]
    assert '<a href="#event-x-e001">x-e001</a>' in cells and '<td data-label="N">12,345</td>' in cells
    assert '<td data-label="D">9 January 2022</td>' in cells
    assert '<q lang="de">„Zitat“</q>' in cells and "<code>f.csv</code>" in cells and cells.endswith('<td data-label="Gap"></td>')


def test_every_cell_names_its_column_for_phone_width():
    """At phone width a table's rows stack; each cell shows its column's header (data-label), escaped."""
    df = pd.DataFrame({"a": ["x"], "b": ["y"]})
    html = str(table(df, [Col("a", "Who <b>said</b>"), Col("b", "What")]))
    assert '<td data-label="Who &lt;b&gt;said&lt;/b&gt;">x</td><td data-label="What">y</td>' in html
    with pytest.raises(ValueError, match="kind 'link' is not one of"):
        Col("x", "X", "link")


def test_listed_count():
    assert [listed_count(10, m) for m in (0, 1, 10, 11)] == [10, 1, 10, 10]


@pytest.mark.parametrize("bad", [-1, 2.5, True, "10", None])
def test_max_rows_must_be_a_row_count(bad):
    with pytest.raises(ValueError, match="max_rows must be a whole number of rows, 0 for no cap"):
        check_max_rows(bad)
    with pytest.raises(ValueError, match="max_rows must be a whole number"):
        table(ROWS, COLS, max_rows=bad)
