"""What the executive summary (notebooks/00-summary.ipynb) states: the dates it opens with, the key figures, and
protester convictions per convicted officer. One page for readers who read nothing else.

Key figures are picked per metric by fixed rules (:data:`RULES`), built on the tolls and accountability chapters'
own pickers so that the summary never disagrees with them:

* *first official*: the earliest nation-wide figure of a Kazakh state body, an unqualified one if there is any
  (:func:`kzreport.analysis.tolls.first_official`);
* *highest official*, *highest non-official*, *highest*: the highest bound a nation-wide figure sets ("more than
  10,000" beats "almost 10,000"; :func:`kzreport.analysis.tolls.highest`, :func:`~kzreport.analysis.tolls.highest_any`);
* *first stated*: the earliest nation-wide figure stated by anyone; on the same date the largest (a total before
  its parts);
* *words*: activists' nation-wide figures printed as words ("in die Tausende"), shown unquantified, the same words
  by the same claimant once;
* *closure*: the first "x of n cases closed" pair printed in one passage, in document order, with its interval
  (:func:`kzreport.analysis.accountability.closure`); without one, the metric falls back to :data:`DEFAULT_RULES`;
* *by claimant*: each chosen claimant's count of convicted officers about January 2022
  (:func:`kzreport.analysis.accountability.conviction_for`), with the place it names.

Only nation-wide figures are compared (a city's toll is not a national toll), except the counts of convicted
officers. A claim is shown once per metric; when a metric keeps several picked figures, each row says which pick
it is. The table prints at most ``max_rows`` rows and names the rows beyond them.

The opening paragraph's dates come from events of the categories in :data:`EVENT_RULES` whose title matches the
rule, known to the day, in the month the unrest began; the earliest wins (the latest for the unrest's end).

Pure pandas: DataFrames and small frozen records, no text for readers but the data's own values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from kzreport.analysis import accountability as acc
from kzreport.analysis import tolls
from kzreport.analysis.claims import NATIONWIDE, place
from kzreport.analysis.evidence_checks import first_day
from kzreport.analysis.listing import listed_count

# ---------------------------------------------------------------------------- the key figures' rules
# How each metric's rows are picked, in the order shown. A metric not listed here gets DEFAULT_RULES.
RULES: dict[str, tuple[str, ...]] = {
    "killed": ("first_official", "highest_official", "highest_non_official", "words"),
    "detained": ("first_official", "highest"),
    "torture_cases_closed": ("closure",),
    "officers_convicted": ("by_claimant",),
    "csto_troops": ("first_stated",),
}
DEFAULT_RULES = ("first_official", "highest")

# The rules that pick one figure of a metric: when a metric keeps more than one such row, each says which it is.
PICKS = ("first_official", "highest_official", "highest_non_official", "highest", "first_stated")

# The metrics whose activists' words the 'words' rule shows: deaths, and deaths and injuries together.
WORD_METRICS = ("killed", "killed_and_injured")

# Units worth saying next to the number (a count of people, cases or officers is named by the row).
TIME_UNITS = ("days", "weeks", "months", "years")


def check_parameters(claims: pd.DataFrame, **values) -> None:
    """A ValueError naming every unusable parameter value: the rules the build applies before the notebook runs
    (:mod:`kzreport.analysis.parameters`), metric and claimant names checked against ``claims``."""
    acc.check_parameters(claims, **values)


def metric_labels(metrics: pd.DataFrame) -> dict[str, str]:
    """Each curated metric's name in tables and key figures (``data/raw/curation/metrics.csv`` column ``label``)."""
    return dict(zip(metrics["metric"], metrics["label"]))


def metric_label(metric: str, labels: dict[str, str]) -> str:
    """The metric's curated label, else its name in words ('killed_security_forces' -> 'Killed security forces')."""
    return labels.get(metric) or metric.replace("_", " ").capitalize()


# ---------------------------------------------------------------------------- one claim as the summary shows it
_DIGIT_GROUP = re.compile(r"(?<=\d)[. ](?=\d{3}\b)")


def printed_key(value_text: str) -> str:
    """The figure as printed, lower-case, its digit groups separated by commas ('Mehr als 2.200' -> 'mehr als 2,200',
    '10 000' -> '10,000'): what a reading in words is compared with, to tell whether the printed words say more."""
    return _DIGIT_GROUP.sub(",", str(value_text).strip().lower())


def described(claim) -> dict:
    """One claim as the summary's templates read it: :func:`kzreport.analysis.tolls.described` (its columns, how it
    reads, its claimant type's label) with ``unit`` (the unit when it is worth saying, :data:`TIME_UNITS`, else ''),
    ``printed_key`` (:func:`printed_key`) and ``place`` (:func:`place`)."""
    out = tolls.described(claim)
    out.update(unit=claim["unit"] if claim["unit"] in TIME_UNITS else "", printed_key=printed_key(claim["value_text"]),
               place=place(claim["location"]))
    return out


# ---------------------------------------------------------------------------- picking figures by rule
def _reported(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(_first=df["reported_on"].map(first_day), _last=df["reported_on"].map(tolls.last_day))


def first_stated(df: pd.DataFrame, metric: str):
    """The earliest nation-wide figure of ``metric`` stated, by anyone; on the same date the largest (a total before
    its parts). None if there is none."""
    cand = tolls.nationwide_figures(df, metric)
    if cand.empty:
        return None
    cand = _reported(cand).assign(_v=[tolls.rank_value(r) for _, r in cand.iterrows()])
    return cand.sort_values(["_last", "_first", "_v", "claim_id"], ascending=[True, True, False, True],
                            kind="stable").iloc[0].drop(["_first", "_last", "_v"])


def words(df: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Activists' nation-wide figures printed as words (no number), for deaths and deaths and injuries together
    (:data:`WORD_METRICS`), in the order stated; the same words by the same claimant once (the earliest)."""
    metrics = WORD_METRICS if metric in WORD_METRICS else (metric,)
    hit = df[df["metric"].isin(metrics) & df["is_vague"].astype(bool) & (df["claimant_type"] == "activist")
             & (df["location"] == NATIONWIDE)]
    hit = _reported(hit).sort_values(["_last", "claim_id"], kind="stable").drop(columns=["_first", "_last"])
    return hit.drop_duplicates(["metric", "claimant", "value_text"])


def pick(df: pd.DataFrame, metric: str, rule: str):
    """The claim a rule of :data:`PICKS` picks for ``metric``, or None."""
    if rule == "first_official":
        return tolls.first_official(df, metric)
    if rule == "highest_official":
        return tolls.highest(df, metric, True)
    if rule == "highest_non_official":
        return tolls.highest(df, metric, False)
    if rule == "highest":
        return tolls.highest_any(df, metric)
    if rule == "first_stated":
        return first_stated(df, metric)
    raise ValueError(f"unknown rule {rule!r}; rules: {', '.join(PICKS)}, words, closure, by_claimant")


def closure(claims: pd.DataFrame, confidence: float = 0.95, method: str = "wilson") -> acc.Closure | None:
    """The closure rate of the first claimant, in document order, whose 'x of n cases closed' is printed in one passage
    and gives a share (0 ≤ x ≤ n, n > 0); None if no claimant's does."""
    closed = acc.ordered(claims[(claims["metric"] == "torture_cases_closed") & claims["value"].notna()])
    for claimant in dict.fromkeys(closed["claimant"]):
        try:
            return acc.closure(claims, claimant, confidence, method)
        except ValueError:  # no pair in one passage, or counts that give no share
            continue
    return None


# ---------------------------------------------------------------------------- the key figures
CLAIM_COLUMNS = ["claim_id", "source_id", "claimant", "claimant_type", "value_text", "value", "qualifier", "value_low",
                 "value_high", "is_vague", "unit", "reported_on", "location"]
CLOSURE_COLUMNS = ["closed", "cases", "share", "low", "high", "confidence", "method"]
KEY_COLUMNS = ["metric", "rule", "label", "named", "ids", *CLAIM_COLUMNS, "period_stated", *CLOSURE_COLUMNS]


def _row(metric: str, rule: str, claim, label: str) -> dict:
    return {"metric": metric, "rule": rule, "label": label, "named": rule == "words", "ids": (claim["claim_id"],),
            **{c: claim[c] for c in CLAIM_COLUMNS}}


def _closure_row(metric: str, claims: pd.DataFrame, cl: acc.Closure, label: str) -> dict:
    closed = claims[claims["claim_id"] == cl.closed.claim_id].iloc[0]
    return {**_row(metric, "closure", closed, label), "ids": (cl.closed.claim_id, cl.total.claim_id),
            "period_stated": bool(cl.closed.period_start), "closed": cl.x, "cases": cl.n, "share": cl.share,
            "low": cl.low, "high": cl.high, "confidence": cl.confidence, "method": cl.method}


def _picked(df: pd.DataFrame, metric: str, rules, label: str) -> list[dict]:
    return [_row(metric, rule, r, label) for rule in rules if (r := pick(df, metric, rule)) is not None]


def rows_for(claims: pd.DataFrame, metric: str, conviction_claimants, labels: dict[str, str], confidence: float = 0.95,
             ci_method: str = "wilson") -> list[dict]:
    """The key-figure rows of one metric, by its rules (:data:`RULES`): a claim is shown once; ``named`` says that a
    row names its rule (words always; a pick when the metric keeps more than one)."""
    label = metric_label(metric, labels)
    found: list[dict] = []
    for rule in RULES.get(metric, DEFAULT_RULES):
        if rule == "closure":
            cl = closure(claims, confidence, ci_method)
            found += _picked(claims, metric, DEFAULT_RULES, label) if cl is None else [_closure_row(metric, claims, cl, label)]
        elif rule == "by_claimant":
            found += [_row(metric, rule, acc.conviction_for(claims, name), label) for name in dict.fromkeys(conviction_claimants)]
        elif rule == "words":
            found += [_row(metric, rule, r, metric_label(r["metric"], labels)) for _, r in words(claims, metric).iterrows()]
        else:
            found += _picked(claims, metric, [rule], label)
    out = [r for i, r in enumerate(found) if r["claim_id"] not in {f["claim_id"] for f in found[:i]}]  # each claim once
    picked = [r for r in out if r["rule"] in PICKS]
    for r in picked:
        r["named"] = len(picked) > 1
    return out


def key_figures(claims: pd.DataFrame, metrics, conviction_claimants, labels: dict[str, str], confidence: float = 0.95,
                ci_method: str = "wilson") -> pd.DataFrame:
    """Every key-figure row (:data:`KEY_COLUMNS`), in the order of ``metrics``, then of each metric's rules.

    ``label`` names what the row counts (:func:`metric_label`; for activists' words, the metric of the words);
    ``ids`` the claims it cites (the closed cases and all cases of a closure rate); ``period_stated`` whether the
    closed cases' period is given (closure rows only), and the closure columns the rate and its interval.
    """
    rows = []
    for metric in dict.fromkeys(metrics):
        rows += rows_for(claims, metric, conviction_claimants, labels, confidence, ci_method)
    return pd.DataFrame(rows, columns=KEY_COLUMNS)


@dataclass(frozen=True)
class KeyTable:
    """The key-figures table: the rows it prints, the rows the row limit leaves out, and the metrics with no figure."""

    shown: tuple[dict, ...]  # each row of key_figures as described() reads it
    left_out: tuple[dict, ...]
    missing: tuple[str, ...]  # the labels of the metrics asked for that have no key figure
    max_rows: int


def key_table(figures: pd.DataFrame, metrics, labels: dict[str, str], max_rows: int) -> KeyTable:
    """``figures`` (:func:`key_figures`) split at ``max_rows`` (0: every row), with the metrics that have no figure."""
    rows = [described(r) for _, r in figures.iterrows()]
    n = listed_count(len(rows), max_rows)
    have = set(figures["metric"])
    missing = tuple(metric_label(m, labels) for m in dict.fromkeys(metrics) if m not in have)
    return KeyTable(tuple(rows[:n]), tuple(rows[n:]), missing, max_rows)


def candidates(claims: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Every nation-wide figure with a number of the metrics ``figures`` (:func:`key_figures`) shows, and every figure
    it picked, in the order stated, with the bound 'highest' compares (``bound``; a word's floor) and the rule that
    picked it (``picked``, '' for none): what the rules chose from (for analysts)."""
    rules = dict(zip(figures["claim_id"], figures["rule"]))
    pool = claims[claims["metric"].isin(set(figures["metric"]))]
    df = tolls.ranked(pd.concat([tolls.nationwide_figures(pool), claims[claims["claim_id"].isin(set(rules))]])
                      .drop_duplicates("claim_id"))
    return df.assign(picked=df["claim_id"].map(lambda i: rules.get(i, "")))[
        ["metric", "claim_id", "claimant", "claimant_type", "value_text", "reported_on", "location", "bound", "picked"]]


# ---------------------------------------------------------------------------- the opening paragraph
@dataclass(frozen=True)
class EventRule:
    """Which events date one statement of the opening paragraph."""

    role: str
    categories: tuple[str, ...]
    title: str  # regular expression, case-insensitive, searched in the event's title
    placed: bool = False  # only events with a place (not the whole country): where something began
    latest: bool = False  # the latest date instead of the earliest (the end of a period)


EVENT_RULES = (
    EventRule("unrest_start", ("protest",), r"bloody january"),
    EventRule("unrest_end", ("protest",), r"bloody january", latest=True),
    EventRule("price", ("state_measure",), r"\bprice"),
    EventRule("first_protest", ("protest",), r"", placed=True),
    EventRule("emergency", ("state_measure",), r"state of emergency"),
    EventRule("csto", ("security_operation",), r"\bCSTO\b.*\b(?:deploy|arriv)|\b(?:deploy|arriv)\w*\b.*\bCSTO\b"),
    EventRule("shoot", ("state_measure",), r"\border\w*\b.*\b(?:shoot|fire|live ammunition)"),
)
MEASURES = ("emergency", "csto", "shoot")  # the state's measures, in the order the paragraph names them


@dataclass(frozen=True)
class KeyEvent:
    """The day an event rule finds, the events that date it (one per document, by id) and the place of the first."""

    role: str
    date: str  # ISO day
    ids: tuple[str, ...]
    location: str
    with_year: bool = True  # False when it falls in the unrest's own year, which the paragraph has said


def key_event(events: pd.DataFrame, rule: EventRule) -> KeyEvent | None:
    """The earliest (or latest) event known to the day that matches ``rule``, citing one match per document that day."""
    df = events[events["category"].isin(rule.categories) & (events["date_precision"] == "day")]
    if rule.title:
        df = df[df["title"].str.contains(rule.title, case=False, regex=True)]
    if rule.placed:
        df = df[df["location"].map(place) != ""]
    if df.empty:
        return None
    day = df["date"].max() if rule.latest else df["date"].min()
    same = df[df["date"] == day].sort_values("event_id", kind="stable").drop_duplicates("source_id")
    return KeyEvent(rule.role, str(day), tuple(same["event_id"]), str(same["location"].iloc[0] or ""))


def key_events(events: pd.DataFrame) -> dict[str, KeyEvent]:
    """Each rule's event by role; once the unrest's start is known, the others are looked for in its month only."""
    out: dict[str, KeyEvent] = {}
    for rule in EVENT_RULES:
        pool = events
        if rule.role != "unrest_start" and "unrest_start" in out:
            pool = events[events["date"].str.startswith(out["unrest_start"].date[:7])]
        hit = key_event(pool, rule)
        if hit is not None:
            out[rule.role] = hit
    return out


def key_event_table(found: dict[str, KeyEvent]) -> pd.DataFrame:
    """The key events as a table, one row per rule (for analysts: which events date each statement)."""
    rules = {r.role: r for r in EVENT_RULES}
    return pd.DataFrame([{"role": role, "categories": ", ".join(rules[role].categories), "title": rules[role].title,
                          "date": e.date if e else "", "ids": ", ".join(e.ids) if e else "", "location": e.location if e else ""}
                         for role in rules for e in [found.get(role)]])


@dataclass(frozen=True)
class Opening:
    """What the opening paragraph states: the unrest's first and last day, where protests began and after which
    price rise, and the state's measures (each a KeyEvent, or None when the events hold none)."""

    start: KeyEvent | None
    end: KeyEvent | None
    span: str  # what the unrest's first and last day share: 'day', 'month', 'year', or '' (different years)
    first_protest: KeyEvent | None
    price: KeyEvent | None
    measures: tuple[KeyEvent, ...]  # MEASURES found, in that order

    @property
    def empty(self) -> bool:
        return not ((self.start and self.end) or self.first_protest or self.measures)


def shared_span(start: str, end: str) -> str:
    """What two ISO days share, as the opening says the unrest's days: 'day' (the same day), 'month', 'year', or ''
    (different years). The unrest's end is looked for in the month it began, so the opening sees 'day' or 'month'."""
    if start == end:
        return "day"
    if start[:7] == end[:7]:
        return "month"
    return "year" if start[:4] == end[:4] else ""


def opening(events: pd.DataFrame) -> Opening:
    """The opening paragraph's dates (:func:`key_events`); a date in the year the unrest ended is said without it."""
    k = key_events(events)
    year = k["unrest_end"].date[:4] if "unrest_end" in k else ""

    def get(role: str) -> KeyEvent | None:
        e = k.get(role)
        return None if e is None else KeyEvent(e.role, e.date, e.ids, e.location, with_year=e.date[:4] != year)

    start, end = k.get("unrest_start"), k.get("unrest_end")
    return Opening(start, end, shared_span(start.date, end.date) if start and end else "", get("first_protest"), get("price"),
                   tuple(e for e in map(get, MEASURES) if e is not None))


# ---------------------------------------------------------------------------- the closing paragraph
@dataclass(frozen=True)
class PerOfficer:
    """Protester convictions per convicted officer against one count of convicted officers, from the bounds of both
    figures: both ends, one end (said in whole numbers), or, when the bounds give neither, the printed figures' ratio."""

    officers: dict  # the count (described)
    low: float | None
    high: float | None
    low_whole: acc.WholeBound | None  # the lower end said in whole numbers, when it is the only end
    high_whole: acc.WholeBound | None
    face: float | None  # the printed figure over the printed figure, when the bounds give neither end


def per_officer(protesters, officers) -> PerOfficer:
    """:class:`PerOfficer` for two claims (rows of the claims table)."""
    low, high = acc.ratio_bounds(protesters["value_low"], protesters["value_high"], officers["value_low"],
                                 officers["value_high"])
    return PerOfficer(
        described(officers), low, high,
        low_whole=acc.whole_below(low) if low is not None and high is None else None,
        high_whole=acc.whole_above(high) if high is not None and low is None else None,
        face=float(protesters["value"]) / float(officers["value"]) if low is None and high is None else None,
    )


@dataclass(frozen=True)
class Accountability:
    """The closing paragraph: the highest nation-wide count of convicted protesters (None if none) set against each
    chosen claimant's count of convicted officers."""

    protesters: dict | None
    officers: tuple[dict, ...]  # each conviction claimant's count, described
    ratios: tuple[PerOfficer, ...]  # one per count of officers; none without a count of protesters


def accountability(claims: pd.DataFrame, conviction_claimants) -> Accountability:
    prot = tolls.highest_any(claims, "protesters_convicted")
    officers = [acc.conviction_for(claims, name) for name in dict.fromkeys(conviction_claimants)]
    return Accountability(
        protesters=None if prot is None else described(prot), officers=tuple(described(o) for o in officers),
        ratios=() if prot is None else tuple(per_officer(prot, o) for o in officers))


def ratio_table(a: Accountability) -> pd.DataFrame:
    """The ratios as a table: one row per count of convicted officers (for analysts)."""
    p = a.protesters or {}
    return pd.DataFrame([{"protesters": p.get("claim_id"), "officers": x.officers["claim_id"],
                          "claimant": x.officers["claimant"], "officers_low": x.officers["value_low"],
                          "officers_high": x.officers["value_high"], "low": x.low, "high": x.high, "face": x.face}
                         for x in a.ratios],
                        columns=["protesters", "officers", "claimant", "officers_low", "officers_high", "low", "high", "face"])
