"""Transitional: only what ``kzreport.chapter_summary`` (not converted yet) imports from the old accountability module.

The accountability chapter itself is ``notebooks/04-accountability.ipynb`` on :mod:`kzreport.analysis.accountability`
(its rules and numbers), :mod:`kzreport.report.charts.accountability` (its charts) and
``report/templates/accountability/`` (its text). Delete this module once the summary imports those instead:

=========================== ===========================================================================================
old name                    replaced by
=========================== ===========================================================================================
``CI_METHODS``              ``analysis.accountability.CI_METHODS``
``closure_pair``            ``analysis.accountability.closure_pair`` (``closure`` gives the rate and interval as a record)
``proportion_interval``     ``analysis.accountability.proportion_interval``
``conviction_for``          ``analysis.accountability.conviction_for`` (reads ``judgements`` and ``same_as``)
``ratio_bounds``            ``analysis.accountability.ratio_bounds``
``ratio_low_text``          ``analysis.accountability.whole_below`` + the ``whole`` macro of ``accountability/_macros.j2``
``ratio_high_text``         ``analysis.accountability.whole_above`` + the same macro
``pct``                     ``report.format.percent`` (the ``pct`` filter)
``claimant_cells``          the ``who_cell`` macro of ``accountability/_macros.j2`` on ``analysis.accountability.Claim``
=========================== ===========================================================================================
"""

from __future__ import annotations

from kzreport.analysis.accountability import (  # noqa: F401  (re-exported for chapter_summary)
    CI_METHODS,
    claims_of,
    closure_pair,
    conviction_for,
    proportion_interval,
    ratio_bounds,
    whole_above,
    whole_below,
)
from kzreport.report.charts.accountability import label
from kzreport.report.format import percent as pct  # noqa: F401  (re-exported for chapter_summary)


def claimant_cells(df) -> list[str]:
    """'Human Rights Watch (NGO), 11 January 2024' for each claim of ``df``, as plain text."""
    return [label("who_cell", c) for c in claims_of(df)]


def ratio_low_text(low: float) -> str:
    """'at least 240' for a whole bound, 'more than 240' for 240.2."""
    return label("whole", whole_below(low))


def ratio_high_text(high: float) -> str:
    """'at most 52' for a whole bound, 'fewer than 53' for 52.2."""
    return label("whole", whole_above(high))
