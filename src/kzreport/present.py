"""HTML fragments for the report. Every value from the data is escaped here."""

from __future__ import annotations

import datetime as dt
import html
from typing import Iterable, Sequence

import pandas as pd


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


def fmt_date(iso: str | None) -> str:
    """'2022-01-09' -> '9 January 2022', '2022-01' -> 'January 2022', '2022' -> '2022'."""
    if iso is None or (isinstance(iso, float) and pd.isna(iso)) or iso == "":
        return ""
    iso = str(iso)
    if len(iso) == 10:
        d = dt.date.fromisoformat(iso)
        return f"{d.day} {d:%B %Y}"
    if len(iso) == 7:
        return dt.date.fromisoformat(iso + "-01").strftime("%B %Y")
    return iso


def fmt_period(start, end) -> str:
    """A period in words; an open end is said to be open."""
    a, b = fmt_date(start), fmt_date(end)
    if a and b:
        return a if a == b else f"{a} – {b}"
    if a:
        return f"from {a}"
    if b:
        return f"until {b}"
    return "not stated"


def first_day(iso: str) -> str:
    """The first day a YYYY-MM-DD / YYYY-MM / YYYY date can mean: '2024-04' -> '2024-04-01'."""
    return {4: f"{iso}-01-01", 7: f"{iso}-01"}.get(len(iso), iso)
