"""chapter_evidence: the long tables of notebooks/01-evidence.ipynb, on the project's data."""

from __future__ import annotations

import functools

import pytest

from kzreport import chapter_evidence as ch
from kzreport import config, evidence

METRICS = ["killed", "injured", "detained", "officers_convicted"]


@functools.cache
def real() -> evidence.Evidence:
    ev = evidence.load_evidence(config.paths_for())
    assert not ev.problems, ev.problems[:3]
    return ev


def rows(html: str) -> list[str]:
    return html.split("<tbody>", 1)[1].split("</tr>")[:-1]


@pytest.mark.parametrize("table, csv", [
    (lambda ev, m: ch.bounds_differ_html(ev, METRICS, max_rows=m), "claims.csv"),
    (lambda ev, m: ch.normalised_quotes_html(ev, True, max_rows=m), "claims.csv</code> and <code>data/processed/events.csv"),
    (lambda ev, m: ch.unchecked_dates_html(ev, max_rows=m), "events.csv"),
])
def test_long_tables_capped_by_max_rows_print_the_first_rows_and_count_the_rest(table, csv):
    full, capped = table(real(), 0), table(real(), 2)
    n = len(rows(full))
    assert n > 2  # the project's data has more rows than the cap, or this test shows nothing
    assert rows(capped) == rows(full)[:2]
    assert f"first 2 of its {n} rows" in capped and f"the other {n - 2} are in <code>data/processed/{csv}</code>" in capped
    assert table(real(), n) == full and "Not every row" not in full


def test_normalised_quotes_hidden_by_show_has_no_table_and_no_note():
    html = ch.normalised_quotes_html(real(), False, max_rows=2)
    assert "<table" not in html and "Not every row" not in html
