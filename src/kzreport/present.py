"""HTML fragments for the report. Every value from the data is escaped here."""

from __future__ import annotations

import html
from typing import Iterable, Sequence

import pandas as pd

from kzreport.textfmt import first_day, fmt_date, fmt_period  # noqa: F401  (re-exported for the chapters)


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

