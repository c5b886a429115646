"""What the appendices (notebooks/07-appendices.ipynb) list: every source, every claim and every event, in
reading order, and which of them a listing capped at ``max_rows`` leaves out.

A report on thousands of claims would be thousands of printed pages, so a listing can be capped: the first
``max_rows`` claims in reading order are listed, every group keeps its heading and its count, and the report
says how many rows it leaves out (the processed CSVs hold every row, each with its checked quote).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kzreport.analysis import editions
from kzreport.analysis.evidence_checks import first_day
from kzreport.analysis.listing import check_max_rows, listed_count
from kzreport.evidence.vocab import CORE_METRICS

GROUP_BY = ("source_id", "metric")
EVENTS_ORDER = ("date", "source_id")


def check_choice(value: str, allowed: tuple[str, ...], name: str) -> str:
    """``value`` if it is one of ``allowed``; else a ValueError that names the choices."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")
    return value


# ---------------------------------------------------------------------------- Appendix A: sources
def publication_span(sources: pd.DataFrame) -> tuple[str, str] | None:
    """The months (YYYY-MM) of the first and the last document published; None without documents."""
    months = sorted(sources["date_published"].map(lambda d: first_day(str(d))[:7]))
    return (months[0], months[-1]) if months else None


# ---------------------------------------------------------------------------- Appendix B: claims
def metric_order(metrics) -> list[str]:
    """The report's core metrics in their fixed order, then every other metric alphabetically."""
    present = list(dict.fromkeys(metrics))
    core = [m for m in CORE_METRICS if m in present]
    return core + sorted(m for m in present if m not in CORE_METRICS)


def claim_groups(claims: pd.DataFrame, sources: pd.DataFrame, group_by: str = "source_id") -> list[tuple[str, pd.DataFrame]]:
    """(group key, claims) in reading order.

    By document: registry order, claims in order of appearance (claim id). By metric: the core
    metrics first, then the rest alphabetically; within a metric by the date stated, then claim id.
    """
    check_choice(group_by, GROUP_BY, "group_by")
    if group_by == "source_id":
        keys = [s for s in sources["source_id"] if s in set(claims["source_id"])]
        keys += sorted(set(claims["source_id"]) - set(keys))
        return [(k, claims[claims["source_id"] == k].sort_values("claim_id", kind="stable")) for k in keys]
    out = []
    for m in metric_order(claims["metric"]):
        g = claims[claims["metric"] == m]
        g = g.assign(_first=g["reported_on"].map(first_day)).sort_values(["_first", "claim_id"], kind="stable")
        out.append((m, g.drop(columns="_first")))
    return out


def claim_rows(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims as the register lists them: empty text instead of missing, with ``is_range`` (a range printed:
    qualifier exact, no single value, not vague) and ``has_period`` (the period covered is stated)."""
    text = ["period_start", "period_end", "location", "location_as_printed", "unit", "note"]
    text += [c for c in ("location_de", "unit_de") if c in claims]  # the German twins, where the table has them
    return claims.assign(
        is_range=(claims["qualifier"] == "exact") & claims["value"].isna() & ~claims["is_vague"].astype(bool),
        has_period=claims["period_start"].notna() | claims["period_end"].notna(),
        **{c: claims[c].astype(object).where(claims[c].notna(), "") for c in text},
    )


@dataclass(frozen=True)
class Group:
    """One group of a claims listing: its key, how many claims it holds, and the rows listed."""

    key: str
    claims: int
    listed: pd.DataFrame  # claim_rows of the claims listed, in reading order

    @property
    def left_out(self) -> int:
        return self.claims - len(self.listed)

    @property
    def rows(self) -> list[dict]:
        return self.listed.to_dict("records")


@dataclass(frozen=True)
class Listing:
    """A claims listing capped at ``max_rows`` claims in reading order."""

    groups: tuple[Group, ...]
    claims: int
    listed: int
    quotes: tuple[tuple[str, str], ...] = ()  # (quote, anchor of the first listed claim printing it), reading order

    def table(self) -> pd.DataFrame:
        """One row per group: its key, claims, and how many of them are listed and left out."""
        return pd.DataFrame([{"group": g.key, "claims": g.claims, "listed": len(g.listed), "left_out": g.left_out}
                             for g in self.groups], columns=["group", "claims", "listed", "left_out"])


def listing(groups: list[tuple[str, pd.DataFrame]], max_rows: int) -> Listing:
    """The groups of a listing capped at ``max_rows`` claims in reading order (0: no cap): every group keeps its
    count, and the first claims in reading order are listed."""
    total = sum(len(g) for _, g in groups)
    budget = listed_count(total, check_max_rows(max_rows))
    out = []
    seen: dict[str, str] = {}
    for key, g in groups:
        shown = g.iloc[:budget]
        budget -= len(shown)
        out.append(Group(key, len(g), with_quote_shown_at(claim_rows(shown), "claim_id", "claim-", seen)))
    return Listing(tuple(out), total, listed_count(total, max_rows), tuple(seen.items()))


def with_quote_shown_at(rows: pd.DataFrame, id_col: str, prefix: str, seen: dict[str, str] | None = None) -> pd.DataFrame:
    """``rows`` with ``quote_shown_at``: the anchor (``claim-<id>``, ``event-<id>``) of the row above, in reading
    order, that prints the same quote, or "" for the first row that prints it. A register prints each passage once;
    ``seen`` (quote -> anchor) carries the quotes already printed (across groups, and from the claims to the events)."""
    seen = {} if seen is None else seen
    at = []
    for row_id, quote in zip(rows[id_col], rows["quote"]):
        at.append(seen.get(quote, ""))
        seen.setdefault(quote, f"{prefix}{row_id}")
    return rows.assign(quote_shown_at=at)


def metric_labels(metrics: pd.DataFrame, lang: str = "en") -> dict[str, str]:
    """Each metric's label for readers in the language ``lang`` (curation ``metrics.csv``: ``label``; ``label_de``
    in German, the English where it is empty), and for a metric without one its name in words
    (``killed_security_forces`` -> 'Killed security forces'): a register shows no snake_case."""
    given = {str(m): editions.pick(both, lang) for m, both in editions.texts(metrics, "metric", "label").items()}
    return _LabelMap(given)


class _LabelMap(dict):
    def __missing__(self, key: str) -> str:
        return str(key).replace("_", " ").capitalize()

    def get(self, key, default=None):  # templates call .get; every metric has a label
        return self[key]


# ---------------------------------------------------------------------------- Appendix C: events
def ordered_events(events: pd.DataFrame, sources: pd.DataFrame, order: str = "date") -> pd.DataFrame:
    """Events by date (first possible day, then the less precise date first, then id) or by document."""
    check_choice(order, EVENTS_ORDER, "events_order")
    if order == "date":
        df = events.assign(_first=events["date"].map(first_day), _len=events["date"].str.len())
        return df.sort_values(["_first", "_len", "event_id"], kind="stable").drop(columns=["_first", "_len"]).reset_index(drop=True)
    rank = {s: i for i, s in enumerate(sources["source_id"])}
    df = events.assign(_rank=events["source_id"].map(lambda s: rank.get(s, len(rank))))
    return df.sort_values(["_rank", "event_id"], kind="stable").drop(columns="_rank").reset_index(drop=True)


def listed_events(events: pd.DataFrame, sources: pd.DataFrame, order: str, max_rows: int,
                  shown_quotes: tuple[tuple[str, str], ...] = ()) -> pd.DataFrame:
    """The events a listing capped at ``max_rows`` (0: no cap) prints, in ``order`` (see ordered_events), with
    ``quote_shown_at`` (see with_quote_shown_at; ``shown_quotes``: the claims listing's ``quotes``)."""
    ordered = ordered_events(events, sources, order)
    listed = ordered.iloc[:listed_count(len(ordered), check_max_rows(max_rows))]
    return with_quote_shown_at(listed, "event_id", "event-", dict(shown_quotes))


@dataclass(frozen=True)
class EventsSummary:
    events: int
    by_category: tuple[tuple[str, int], ...]  # (category, events), most first, ties by category
    by_hand: int  # dates printed as a weekday or a relative date, resolved by hand


def events_summary(events: pd.DataFrame) -> EventsSummary:
    cats = events["category"].value_counts()
    return EventsSummary(events=len(events),
                         by_category=tuple((k, int(n)) for k, n in sorted(cats.items(), key=lambda kv: (-kv[1], kv[0]))),
                         by_hand=int((~events["is_date_checked"].astype(bool)).sum()))
