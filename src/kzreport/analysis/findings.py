"""What the Key findings (notebooks/00-findings.ipynb) state, picked by rule from the claims and events.

Every figure is one claim (its claim id is the link target of the sentence that states it), described with its
qualifier, its claimant, the date the claimant stated it (``date_assumed``: the text does not say, the document's
date is used) and its scope (a place, the whole country). The rules:

* only claims about the January 2022 unrest (no ``outside_january`` judgement) and no repeated passage
  (``same_as``) are read;
* a metric's *spread* (:func:`spread`): the earliest nation-wide official figure (an unqualified one if any,
  :func:`kzreport.analysis.tolls.first_official`), the highest official one, the earliest and the highest
  non-official ones (:func:`kzreport.analysis.tolls.highest`), each claim once; plus the other claimants' official
  figures of the same number as the earliest (the same 164 attributed to another ministry);
* breakdowns (security forces, civilians, deaths under torture, city figures) are every such claim, in the order
  stated, never set against a national total of another scope;
* accountability: the closed-of-all pair of one claimant printed in one passage (no interval: a count is not a
  sample), whether it gives a period; each named claimant's count of convicted officers with its place; the highest
  count of officers prosecuted and of protesters and others convicted; no ratio between them (different scopes).
* events: the first event (in date order) whose title matches each :data:`EVENT_RULES` pattern.

Pure pandas: DataFrames and small frozen records, no text for readers but the data's own values.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kzreport.analysis import accountability as acc
from kzreport.analysis import tolls
from kzreport.analysis.claims import NATIONWIDE, has_judgement, place, place_in
from kzreport.analysis.evidence_checks import first_day

# The breakdowns of the dead the findings and the toll chapter name, each a metric of its own.
BREAKDOWNS = ("killed_security_forces", "civilians_killed", "torture_deaths_in_custody")


def _text(v) -> str:
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)


def usable(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims about the January 2022 unrest, each figure once: no ``outside_january``, no ``same_as`` repeat."""
    repeat = claims["same_as"].map(_text) != ""
    return claims[~has_judgement(claims, "outside_january") & ~repeat]


def fig(row, published: dict[str, str] | None = None) -> dict:
    """One claim as the findings' templates read it: :func:`kzreport.analysis.tolls.described` plus ``date_assumed``
    (the text does not say when it was stated), ``published`` (the printing document's date), ``place`` ('' for the
    whole country) and ``official``."""
    out = tolls.described(row)
    judgements = [c.strip() for c in _text(row.get("judgements")).split(";")]
    out.update(date_assumed="date_assumed" in judgements, place=place(row["location"]),
               place_de=place_in(row["location"], row.get("location_de")),
               official=row["claimant_type"] == "official",
               published=(published or {}).get(row["source_id"], ""))
    return out


def published_dates(sources: pd.DataFrame) -> dict[str, str]:
    """Each document's date of publication, by source_id."""
    return dict(zip(sources["source_id"], sources["date_published"].map(_text)))


def _by_date(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(_l=df["reported_on"].map(tolls.last_day), _f=df["reported_on"].map(first_day)).sort_values(
        ["_l", "_f", "claim_id"], kind="stable").drop(columns=["_l", "_f"])


def earliest(df: pd.DataFrame, metric: str, official: bool):
    """The earliest nation-wide figure with a number of ``metric`` from official (or other) claimants, or None."""
    cand = tolls.nationwide_figures(df, metric)
    cand = cand[(cand["claimant_type"] == "official") == official]
    return None if cand.empty else _by_date(cand).iloc[0]


@dataclass(frozen=True)
class Spread:
    """A metric's nation-wide figures as the findings state them (each a fig() dict or None)."""

    metric: str
    first_official: dict | None
    same_elsewhere: tuple[dict, ...]  # official figures of the same number as first_official, by other claimants
    top_official: dict | None  # None when it is first_official
    first_other: dict | None  # the earliest non-official figure; None when it is top_other
    top_other: dict | None

    @property
    def empty(self) -> bool:
        return not (self.first_official or self.top_official or self.first_other or self.top_other)


def spread(claims: pd.DataFrame, metric: str, published: dict[str, str] | None = None) -> Spread:
    """:class:`Spread` of ``metric`` from :func:`usable` claims (see the module docstring)."""
    df = usable(claims)
    first = tolls.first_official(df, metric)
    top = tolls.highest(df, metric, True)
    first_other, top_other = earliest(df, metric, False), tolls.highest(df, metric, False)
    same = ()
    if first is not None:
        cand = tolls.nationwide_figures(df, metric)
        cand = cand[(cand["claimant_type"] == "official") & (cand["claimant"] != first["claimant"])
                    & (cand["value"] == first["value"])]
        same = tuple(fig(r, published) for _, r in _by_date(cand).iterrows())

    def f(r):
        return None if r is None else fig(r, published)

    return Spread(
        metric, f(first), same,
        top_official=None if top is None or (first is not None and top["claim_id"] == first["claim_id"]) else f(top),
        first_other=None if first_other is None or (top_other is not None and first_other["claim_id"] == top_other["claim_id"])
        else f(first_other),
        top_other=f(top_other))


def breakdown(claims: pd.DataFrame, metric: str, published: dict[str, str] | None = None,
              nationwide: bool | None = True) -> tuple[dict, ...]:
    """Every claim of ``metric`` (a breakdown of the dead, say), nation-wide (False: about one place or none given;
    None: either), in the order stated."""
    df = usable(claims)
    df = df[df["metric"] == metric]
    if nationwide is not None:
        df = df[(df["location"] == NATIONWIDE) == nationwide]
    return tuple(fig(r, published) for _, r in _by_date(df).iterrows())


def city_figures(claims: pd.DataFrame, metric: str = "killed", published: dict[str, str] | None = None) -> tuple[dict, ...]:
    """The figures of ``metric`` about one place (a city's toll), in the order stated; words included."""
    return breakdown(claims, metric, published, nationwide=False)


# ---------------------------------------------------------------------------- accountability
@dataclass(frozen=True)
class CaseClosure:
    """The cases closed of all cases, as one claimant prints them in one passage (no share, no interval)."""

    closed: dict
    total: dict
    period_given: bool  # whether the claimant says which period the cases cover


def case_closure(claims: pd.DataFrame, claimant: str, published: dict[str, str] | None = None) -> CaseClosure | None:
    """``claimant``'s closed-of-all pair (:func:`kzreport.analysis.accountability.closure_pair`), or None."""
    try:
        pair = acc.closure_pair(claims, claimant)
    except ValueError:
        return None
    given = bool(_text(pair.closed["period_start"]) or _text(pair.total["period_start"]))
    return CaseClosure(fig(pair.closed, published), fig(pair.total, published), given)


def convictions(claims: pd.DataFrame, claimants, published: dict[str, str] | None = None) -> tuple[dict, ...]:
    """Each named claimant's count of convicted officers about January 2022, with the place it names
    (:func:`kzreport.analysis.accountability.conviction_for`), in the order stated."""
    found = []
    for name in dict.fromkeys(claimants):
        try:
            found.append(acc.conviction_for(claims, name))
        except ValueError:
            continue
    if not found:
        return ()
    return tuple(fig(r, published) for _, r in _by_date(pd.DataFrame(found)).iterrows())


def highest_of(claims: pd.DataFrame, metric: str, published: dict[str, str] | None = None) -> dict | None:
    """The highest nation-wide figure of ``metric`` (a word counts at its floor), or None."""
    df = usable(claims)
    df = df[(df["metric"] == metric) & (df["location"] == NATIONWIDE)]
    if df.empty:
        return None
    ranked = df.assign(_v=[tolls.rank_value(r) for _, r in df.iterrows()])
    return fig(ranked.sort_values(["_v", "claim_id"], ascending=[False, True], kind="stable").iloc[0], published)


# ---------------------------------------------------------------------------- events
@dataclass(frozen=True)
class EventRule:
    """Which event dates one statement of the findings: a pattern searched in event titles (case-insensitive)."""

    role: str
    title: str
    categories: tuple[str, ...] = ()  # empty: any category


SINCE = "2022-01-01"  # the findings' events happen from the unrest on (not Zhanaozen 2011)

EVENT_RULES = (
    EventRule("shoot_order", r"\border\w*\b.*\b(?:shoot|fire|live ammunition)", ("state_measure",)),
    EventRule("framing", r"terrorist attack.*coup"),
    EventRule("massimov", r"\bMassimov\b"),
    EventRule("life_sentence", r"life imprisonment|life sentence"),
)


def event_for(events: pd.DataFrame, rule: EventRule) -> dict | None:
    """The earliest event from :data:`SINCE` on (the most precise date first on the same day) of the rule's categories
    whose title matches ``rule``, or None."""
    df = events[events["title"].str.contains(rule.title, case=False, regex=True)
                & (events["date"].map(tolls.last_day) >= SINCE)]
    if rule.categories:
        df = df[df["category"].isin(rule.categories)]
    if df.empty:
        return None
    df = df.assign(_l=df["date"].map(tolls.last_day)).sort_values(["_l", "event_id"], kind="stable")
    r = df.iloc[0]
    return {"event_id": r["event_id"], "date": r["date"], "date_precision": r["date_precision"], "title": r["title"],
            "source_id": r["source_id"], "location": r["location"]}


def key_events(events: pd.DataFrame) -> dict[str, dict | None]:
    """Each :data:`EVENT_RULES` role's event (None when no event matches)."""
    return {r.role: event_for(events, r) for r in EVENT_RULES}


# ---------------------------------------------------------------------------- the findings
@dataclass(frozen=True)
class Findings:
    killed: Spread
    civilians: tuple[dict, ...]
    security_forces: tuple[dict, ...]
    torture_deaths: tuple[dict, ...]
    injured: Spread
    detained: Spread
    closure: CaseClosure | None
    officers_convicted: tuple[dict, ...]
    officers_prosecuted: dict | None
    protesters_convicted: dict | None
    events: dict
    officers_investigated: dict | None = None


def findings(claims: pd.DataFrame, events: pd.DataFrame, sources: pd.DataFrame, *, closure_claimant: str,
             conviction_claimants) -> Findings:
    """Everything the Key findings state (see the module docstring)."""
    pub = published_dates(sources)
    return Findings(
        killed=spread(claims, "killed", pub),
        civilians=breakdown(claims, "civilians_killed", pub),
        security_forces=breakdown(claims, "killed_security_forces", pub),
        torture_deaths=breakdown(claims, "torture_deaths_in_custody", pub),
        injured=spread(claims, "injured", pub),
        detained=spread(claims, "detained", pub),
        closure=case_closure(claims, closure_claimant, pub),
        officers_convicted=convictions(claims, conviction_claimants, pub),
        officers_prosecuted=highest_of(claims, "officers_prosecuted", pub),
        protesters_convicted=highest_of(claims, "protesters_convicted", pub),
        events=key_events(events),
        officers_investigated=highest_of(claims, "officers_investigated", pub),
    )


def cited(f: Findings) -> pd.DataFrame:
    """Every claim and event the findings cite, one row each (for analysts: what each sentence links to)."""
    rows = []

    def add(what, c):
        if c:
            rows.append({"statement": what, "id": c["claim_id"], "claimant": c["claimant"], "value_text": c["value_text"],
                         "stated": c["reported_on"], "date_assumed": c["date_assumed"], "place": c["place"]})

    for name in ("killed", "injured", "detained"):
        s = getattr(f, name)
        for part in ("first_official", "top_official", "first_other", "top_other"):
            add(f"{name}: {part}", getattr(s, part))
        for c in s.same_elsewhere:
            add(f"{name}: same figure, other claimant", c)
    for name in ("civilians", "security_forces", "torture_deaths", "officers_convicted"):
        for c in getattr(f, name):
            add(name, c)
    if f.closure:
        add("cases closed", f.closure.closed)
        add("cases", f.closure.total)
    add("officers prosecuted", f.officers_prosecuted)
    add("protesters convicted", f.protesters_convicted)
    for role, e in f.events.items():
        if e is None:
            continue
        rows.append({"statement": role, "id": e["event_id"], "claimant": e["source_id"], "value_text": e["title"],
                     "stated": e["date"], "date_assumed": False, "place": e["location"]})
    return pd.DataFrame(rows, columns=["statement", "id", "claimant", "value_text", "stated", "date_assumed", "place"])


# ---------------------------------------------------------------------------- the toll chapter's low-high table
LOW_HIGH_COLUMNS = ["metric", "claim_id", "source_id", "claimant", "claimant_type", "official", "value_text", "value",
                    "qualifier", "value_low", "value_high", "is_vague", "reported_on", "date_assumed",
                    "related_article", "published", "location", "period_start", "period_end"]
TRANSLATED_COLUMNS = ["claimant_de", "location_de"]  # carried where the claims have them: the claimant's name in the German edition


def low_high(claims: pd.DataFrame, metrics, sources: pd.DataFrame, nationwide: bool = True) -> pd.DataFrame:
    """Every :func:`usable` claim of ``metrics`` with its bounds (``value_low``/``value_high``, empty = open), nation-wide
    (or about one place), in the order of ``metrics``, official figures first, then in the order stated.

    ``date_assumed``: the text does not say when the claimant stated it; ``related_article``: printed only in a teaser
    of a later article; ``published``: the printing document's date (kept apart from ``reported_on``)."""
    pub = published_dates(sources)
    df = usable(claims)
    df = df[df["metric"].isin(list(metrics)) & ((df["location"] == NATIONWIDE) == nationwide)]
    order = {m: i for i, m in enumerate(dict.fromkeys(metrics))}
    df = df.assign(official=df["claimant_type"] == "official", date_assumed=has_judgement(df, "date_assumed"),
                   related_article=has_judgement(df, "related_article"),
                   published=df["source_id"].map(lambda s: pub.get(s, "")),
                   _m=df["metric"].map(order), _o=(df["claimant_type"] != "official").astype(int),
                   _l=df["reported_on"].map(tolls.last_day), _f=df["reported_on"].map(first_day))
    df = df.sort_values(["_m", "_o", "_l", "_f", "claim_id"], kind="stable")
    return df[LOW_HIGH_COLUMNS + [c for c in TRANSLATED_COLUMNS if c in df]].reset_index(drop=True)


def low_high_rows(table: pd.DataFrame) -> tuple[dict, ...]:
    """The rows of :func:`low_high` as the template reads them (:func:`fig` plus the table's columns)."""
    return tuple({**tolls.described(r), **{c: r[c] for c in LOW_HIGH_COLUMNS + TRANSLATED_COLUMNS if c in r},
                  "place": place(r["location"]),
                  "place_de": place_in(r["location"], r.get("location_de")),
                  "location": _text(r["location"]),
                  "period_start": _text(r["period_start"]), "period_end": _text(r["period_end"])}
                 for _, r in table.iterrows())


@dataclass(frozen=True)
class Toll:
    """What the toll chapter's prose states besides the findings: the official deaths in the order stated, each
    breakdown (label, its claims), the city figures of the dead, and figures printed only in a later article's teaser."""

    official_sequence: tuple[dict, ...]
    breakdowns: tuple[tuple[str, tuple[dict, ...]], ...]  # nation-wide or with no place given
    cities: tuple[dict, ...]
    teasers: tuple[dict, ...]


def toll(claims: pd.DataFrame, sources: pd.DataFrame, breakdowns, labels: dict[str, str]) -> Toll:
    pub = published_dates(sources)
    df = usable(claims)
    seq = tolls.official_sequence(df, "killed")
    teaser = df[has_judgement(df, "related_article")]
    return Toll(
        official_sequence=tuple(fig(r, pub) for _, r in seq.iterrows()),
        breakdowns=tuple((labels.get(m, m), found) for m in dict.fromkeys(breakdowns)
                         if (found := breakdown(claims, m, pub, nationwide=None))),
        cities=city_figures(claims, "killed", pub),
        teasers=tuple(fig(r, pub) for _, r in _by_date(teaser).iterrows()))
