"""present: escaped HTML tables and the cap on long tables (max_rows)."""

from __future__ import annotations

import pandas as pd
import pytest

from kzreport.report.present import capped_table, check_max_rows, html_table, listed_count, processed_csv, rows_left_out_note

ROWS = pd.DataFrame({"claim_id": [f"doc-c{i:03d}" for i in range(1, 6)], "value": ["1", "2", "<b>3</b>", "4", "5"]})
WHERE = processed_csv("claims.csv")


def body_rows(html: str) -> list[str]:
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("</tr>")[:-1]


def test_capped_table_prints_the_first_rows_and_says_how_many_it_leaves_out():
    html = capped_table(ROWS, 2, WHERE, ["claim_id", "value"], ["Claim", "Value"])
    rows = body_rows(html)
    assert len(rows) == 2 and "doc-c001" in rows[0] and "doc-c002" in rows[1]
    assert "doc-c003" not in html and "&lt;b&gt;3" not in html
    note = html.split("<table", 1)[0]  # the note stands above the table, where a reader meets it first
    assert "The table below stops after the first 2 of its 5 rows (parameter <code>max_rows</code> = 2)" in note
    assert "the other 3 are in <code>data/processed/claims.csv</code>, each with its checked quote." in note


@pytest.mark.parametrize("max_rows", [0, 5, 6, 1000])
def test_capped_table_that_prints_every_row_is_the_plain_table(max_rows):
    full = html_table(ROWS, ["claim_id", "value"], ["Claim", "Value"], caption="c", css_class="data x")
    assert capped_table(ROWS, max_rows, WHERE, ["claim_id", "value"], ["Claim", "Value"], caption="c",
                        css_class="data x") == full
    assert "&lt;b&gt;3&lt;/b&gt;" in full and "<b>3</b>" not in full


def test_note_counts_with_separators_and_agrees_in_number():
    assert "first 250 of its 13,200 rows" in rows_left_out_note(13_200, 250, 250, WHERE)
    assert "max_rows</code> = 1,000" in rows_left_out_note(13_200, 1000, 1000, WHERE)
    assert "the other 1 is in" in rows_left_out_note(3, 2, 2, WHERE)
    assert rows_left_out_note(3, 3, 3, WHERE) == "" and rows_left_out_note(0, 0, 5, WHERE) == ""


def test_listed_count_and_where():
    assert [listed_count(10, m) for m in (0, 1, 10, 11)] == [10, 1, 10, 10]
    assert processed_csv("claims.csv", "events.csv") == ("<code>data/processed/claims.csv</code> and "
                                                         "<code>data/processed/events.csv</code>")


@pytest.mark.parametrize("bad", [-1, 2.5, True, "10", None])
def test_max_rows_must_be_a_row_count(bad):
    with pytest.raises(ValueError, match="max_rows must be a whole number of rows, 0 for no cap"):
        check_max_rows(bad)
    with pytest.raises(ValueError, match="max_rows must be a whole number"):
        capped_table(ROWS, bad, WHERE)
