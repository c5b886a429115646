"""How many rows a listing shows: chapters print at most ``max_rows`` rows of a table (0: all).

A table on every row of synthetic data 100x the size is thousands of printed pages, which no reader
turns and no PDF renderer lays out in minutes; the report says how many rows it leaves out and where
every row is.
"""

from __future__ import annotations


def check_max_rows(value: int) -> int:
    """``value`` if it is a row count (0: no cap); else a ValueError saying what is allowed."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"max_rows must be a whole number of rows, 0 for no cap; got {value!r}")
    return value


def listed_count(total: int, max_rows: int) -> int:
    """How many of ``total`` rows a listing capped at ``max_rows`` (0: no cap) shows."""
    return total if not max_rows else min(total, max_rows)
