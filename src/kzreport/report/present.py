"""HTML fragments for the report. Every value from the data is escaped here."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import pandas as pd

from kzreport.report.textfmt import first_day, fmt_date, fmt_period  # noqa: F401  (re-exported for the chapters)


def esc(value) -> str:
    """Text from the data, safe to place in HTML (``<script>`` shows as text)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def html_table(df: pd.DataFrame, columns: Sequence[str] | None = None, headers: Iterable[str] | None = None,
               caption: str = "", css_class: str = "data") -> str:
    """A plain, escaped HTML table (header row repeats on each printed page)."""
    columns = list(columns or df.columns)
    headers = list(headers or columns)
    head = "".join(f"<th scope=\"col\">{esc(h)}</th>" for h in headers)
    rows = "".join("<tr>" + "".join(f"<td>{esc(row[c])}</td>" for c in columns) + "</tr>" for _, row in df.iterrows())
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f'<table class="{esc(css_class)}">{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


# ---------------------------------------------------------------------------- capped tables
# A table on every row of synthetic data 100x the size is thousands of printed pages, which no
# reader turns and no PDF renderer lays out in minutes. Chapters therefore print at most
# ``max_rows`` rows (0: all) and say, above the table, how many they leave out and where every row is.
def check_max_rows(value: int) -> int:
    """``value`` if it is a row count (0: no cap); else a ValueError saying what is allowed."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"max_rows must be a whole number of rows, 0 for no cap; got {value!r}")
    return value


def listed_count(total: int, max_rows: int) -> int:
    """How many of ``total`` rows a listing capped at ``max_rows`` (0: no cap) shows."""
    return total if not max_rows else min(total, max_rows)


def rows_left_out_note(total: int, shown: int, max_rows: int, where: str) -> str:
    """The paragraph above a capped table ('' when it prints every row); ``where`` is escaped HTML naming the files."""
    if shown >= total:
        return ""
    left = total - shown
    return (f'<p class="table-note not-listed"><strong>Not every row is printed.</strong> The table below stops '
            f"after the first {shown:,} of its {total:,} rows (parameter <code>max_rows</code> = {max_rows:,}); "
            f"the other {left:,} {'is' if left == 1 else 'are'} in {where}, each with its checked quote.</p>")


def capped_table(df: pd.DataFrame, max_rows: int, where: str, columns: Sequence[str] | None = None,
                 headers: Iterable[str] | None = None, caption: str = "", css_class: str = "data") -> str:
    """``html_table`` of the first ``max_rows`` rows of ``df`` (0: all), after the note on the rows it leaves out."""
    shown = df.iloc[:listed_count(len(df), check_max_rows(max_rows))]
    return (rows_left_out_note(len(df), len(shown), max_rows, where)
            + html_table(shown, columns, headers, caption=caption, css_class=css_class))


def processed_csv(*names: str) -> str:
    """'<code>data/processed/claims.csv</code>' (names joined by 'and'), for ``capped_table``'s ``where``."""
    return " and ".join(f"<code>data/processed/{esc(n)}</code>" for n in names)

