"""Dates in words, without pandas (the build's fast path uses these too)."""

from __future__ import annotations

import datetime as dt


def _blank(value) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)  # NaN


def fmt_date(iso) -> str:
    """'2022-01-09' -> '9 January 2022', '2022-01' -> 'January 2022', '2022' -> '2022'."""
    if _blank(iso):
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
