"""What value each notebook parameter may take: one table, :data:`RULES`, keyed by parameter name.

A name means the same in every notebook that declares it (``max_rows`` is a row cap wherever it
appears), so one rule per name serves them all. Each :class:`Rule` says in words what is allowed
(``kzreport params`` prints it), checks a value (:func:`check`: ``None`` when allowed, else one
line naming the parameter, the bad value and what is allowed) and, where the allowed values can be
listed, lists them (``kzreport params --allowed NAME``). :data:`ORDERED` holds the pairs of dates
that must not be reversed (``start`` ≤ ``end``).

Some rules depend on the data: metric and claimant names are allowed only if the claims have them,
so that a misspelt ``metrics=[killed, wounded]`` is refused instead of drawing an empty panel.
:func:`facts_from` reads those names from a data folder's ``raw/claims.csv``.

The build checks every notebook's values (defaults, report/params.yaml, ``-p``) with
:func:`check_all` after resolving them and before any notebook runs; a notebook may call
:func:`check` or :func:`check_all` on its own parameters. A parameter with no rule here is
checked only for its type (by the build, against the notebook's annotation).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from kzreport import config
from kzreport.analysis.listing import check_max_rows
from kzreport.evidence.vocab import CLAIMANT_TYPES, EVENT_CATEGORIES

GROUP_BY = ("source_id", "metric")  # appendix of claims: by document, or by what they count
EVENTS_ORDER = ("date", "source_id")  # appendix of events: chronological, or by document

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Facts:
    """What the data holds that some rules need: the metric and claimant names of its claims."""

    metrics: frozenset[str]
    claimants: frozenset[str]
    source: str = "the claims"  # where the names were read, as a message names it (e.g. data/raw/claims.csv)
    data_option: str = ""  # "--data DIR" when the names come from another folder than the project's data/


def facts_from(paths: config.DataPaths | str | Path | None = None) -> Facts:
    """The metric and claimant names of a data folder's ``raw/claims.csv`` (a :class:`config.DataPaths`,
    or a folder laid out like ``data/``; ``None``: the project's ``data/``).

    Raises ``ValueError`` naming the file when it cannot be read as the claims table
    (``kzreport validate`` says more).
    """
    from kzreport.evidence import RAW_CLAIM_COLUMNS, RAW_CLAIM_OPTIONAL
    from kzreport.evidence.csvio import read_csv
    from kzreport.evidence.problems import display_path

    if not isinstance(paths, config.DataPaths):
        paths = config.paths_for(paths)
    where = display_path(paths.raw_claims)
    claims, problems = read_csv(paths.raw_claims, RAW_CLAIM_COLUMNS, RAW_CLAIM_OPTIONAL, where)
    if claims is None:
        raise ValueError(f"{problems[0]} (the metric and claimant names are read from it)" if problems else where)
    return facts_of(paths, (m for m in claims["metric"] if m), (c for c in claims["claimant"] if c))


def facts_of(paths: config.DataPaths, metrics: Iterable[str], claimants: Iterable[str]) -> Facts:
    """The :class:`Facts` of a data folder whose claims' names are known (read by :func:`facts_from`, or kept by the
    build's cache for the same raw data)."""
    from kzreport.evidence.problems import display_path

    default = paths.root == config.paths_for(None).root
    return Facts(metrics=frozenset(metrics), claimants=frozenset(claimants), source=display_path(paths.raw_claims),
                 data_option="" if default else f"--data {display_path(paths.root)}")


@dataclass(frozen=True)
class Rule:
    """What one parameter may be."""

    allowed: str  # in words, for `kzreport params` and the messages
    check: Callable[[Any, Facts | None], str | None]  # None if allowed, else what is wrong (without the name)
    choices: Callable[[Facts | None], list[str] | None] = lambda facts: None  # every allowed value, if listable


class Refusal(NamedTuple):
    """A refused value: the parameters it concerns (one, or a pair of dates) and the message."""

    names: tuple[str, ...]
    message: str


# ---------------------------------------------------------------------------- the kinds of rule
def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _choice(choices: Iterable[str], many: bool = False) -> Rule:
    """One of ``choices`` (``many``: a list of one or more of them)."""
    choices = tuple(choices)
    allowed = ("one or more of " if many else "") + " | ".join(choices)

    def one(value, facts) -> str | None:
        return None if value in choices else f"{_shown(value)} is not allowed; allowed: {allowed}"

    return Rule(allowed, _each(one, allowed) if many else one, lambda facts: list(choices))


def _in_data(name: str, column: str, what: str, many: bool) -> Rule:
    """For parameter ``name``: a name the data's claims have in ``column`` (``many``: a list of one or more)."""
    allowed = f"{'one or more ' if many else ''}{what} name{'s' if many else ''} of the data's claims"

    def names(facts: Facts | None) -> list[str] | None:
        return None if facts is None else sorted(getattr(facts, column))

    def one(value, facts: Facts | None) -> str | None:
        known = names(facts)
        if known is None or value in known:  # no facts: this rule cannot be checked
            return None
        close = difflib.get_close_matches(value, known, n=3) if isinstance(value, str) else []
        listing = " ".join(filter(None, ("kzreport params --allowed", name, facts.data_option)))
        return (f"{_shown(value)} is not a {what} in {facts.source}; "
                + (f"closest: {', '.join(close)}" if close else "no name is close to it")
                + f"; all {len(known)} are listed by `{listing}`")

    return Rule(allowed, _each(one, allowed) if many else one, names)


def _each(one: Callable[[Any, Facts | None], str | None], allowed: str) -> Callable[[Any, Facts | None], str | None]:
    """A list of one or more values, each checked by ``one`` (an empty list would show nothing)."""

    def check_list(value, facts) -> str | None:
        if not isinstance(value, (list, tuple)) or not value:
            return f"{_shown(value)} is not allowed; allowed: {allowed}, as a list [a, b]"
        return next(filter(None, (one(item, facts) for item in value)), None)

    return check_list


def _row_cap(value, facts) -> str | None:
    try:
        check_max_rows(value)
    except ValueError:
        return f"{_shown(value)} is not allowed; allowed: a whole number ≥ 0 (0: every row)"
    return None


def day(value: Any) -> dt.date | None:
    """``value`` as a date if it is an ISO day ``YYYY-MM-DD`` that exists, else None."""
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _date(value, facts) -> str | None:
    return None if day(value) else f"{_shown(value)} is not allowed; allowed: a date as YYYY-MM-DD (e.g. 2022-01-05)"


_DATE = Rule("a date as YYYY-MM-DD", _date)

# ---------------------------------------------------------------------------- the table
RULES: dict[str, Rule] = {
    "metrics": _in_data("metrics", "metrics", "metric", many=True),
    "bounds_metrics": _in_data("bounds_metrics", "metrics", "metric", many=True),
    "table_metrics": _in_data("table_metrics", "metrics", "metric", many=True),
    "breakdowns": _in_data("breakdowns", "metrics", "metric", many=True),
    "claimant_types": _choice(CLAIMANT_TYPES, many=True),
    "categories": _choice(EVENT_CATEGORIES, many=True),
    "max_rows": Rule("a whole number ≥ 0 (0: every row)", _row_cap),
    "start": _DATE,
    "end": _DATE,
    "reported_from": _DATE,
    "reported_to": _DATE,
    "period_from": _DATE,
    "zoom_to": _DATE,
    "group_by": _choice(GROUP_BY),
    "events_order": _choice(EVENTS_ORDER),
    "rate_claimant": _in_data("rate_claimant", "claimants", "claimant", many=False),
    "conviction_claimants": _in_data("conviction_claimants", "claimants", "claimant", many=True),
}
"""Parameter name -> what it may be. A name not here is only type-checked."""

ORDERED: tuple[tuple[str, str], ...] = (("start", "end"), ("reported_from", "reported_to"))
"""Pairs of date parameters (first, last) of one notebook: first must not be after last."""


# ---------------------------------------------------------------------------- checking
def check(name: str, value: Any, facts: Facts | None) -> str | None:
    """``None`` if ``value`` is allowed for the parameter ``name`` (or ``name`` has no rule), else one line:
    ``"metrics: 'wounded' is not a metric in data/raw/claims.csv; closest: …"``.

    ``facts`` (see :func:`facts_from`) is needed by the rules on metric and claimant names; with
    ``None`` those are not checked.
    """
    rule = RULES.get(name)
    problem = rule.check(value, facts) if rule else None
    return f"{name}: {problem}" if problem else None


def check_all(values: Mapping[str, Any], facts: Facts | None) -> list[Refusal]:
    """Every refused value among one notebook's ``values`` (name -> value), then every reversed pair of :data:`ORDERED`."""
    refused = [Refusal((name,), msg) for name, value in values.items() if (msg := check(name, value, facts))]
    for first, last in ORDERED:
        a, b = day(values.get(first)), day(values.get(last))
        if a and b and a > b:
            refused.append(Refusal((first, last), f"{first}, {last}: {first} {values[first]!r} is after {last} "
                                                  f"{values[last]!r}; allowed: {first} on or before {last}"))
    return refused


def allowed(name: str) -> str | None:
    """What ``name`` may be, in words (None: no rule, any value of the declared type)."""
    rule = RULES.get(name)
    if rule is None:
        return None
    later = [b for a, b in ORDERED if a == name]
    earlier = [a for a, b in ORDERED if b == name]
    return rule.allowed + "".join(f", not after {b}" for b in later) + "".join(f", not before {a}" for a in earlier)


def choices(name: str, facts: Facts | None) -> list[str] | None:
    """Every value ``name`` may take (for the names of the data, those of ``facts``); None if they cannot be listed."""
    rule = RULES.get(name)
    return rule.choices(facts) if rule else None
