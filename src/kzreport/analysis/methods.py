"""What the methods chapter (notebooks/05-methods.ipynb) states about how the evidence was made and what stays
uncertain: how figures become values and bounds, how quotes were found, how precise the dates are, whose
voice each claim is, and the curators' judgement calls.

The rules follow the code they describe: :mod:`kzreport.evidence.parse` (figures and dates are read),
:mod:`kzreport.evidence.quotes` (quotes are found after named normalisation steps). The curators' judgement
calls and repeated passages are the claims' ``judgements`` and ``same_as`` columns (vocabulary
:data:`kzreport.evidence.vocab.JUDGEMENTS`), never the wording of ``note``.

Whose voice a claim is depends on the documents' short producer names, which the report layer makes
(:func:`kzreport.report.figures.short_producer`): functions that need them take ``producers``, a Series of
short names indexed by ``source_id``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kzreport.analysis.claims import has_judgement
from kzreport.evidence import Evidence, parse, quotes
from kzreport.evidence.vocab import (
    CLAIMANT_TYPE_LABELS,
    CLAIMANT_TYPES,
    DATE_PRECISIONS,
    JUDGEMENTS,
)

BY_HAND = "by_hand"
"""The judgement call computed from the parser rather than recorded: a figure the parser cannot read."""

CALLS_SHOWN_ELSEWHERE = ("weekday_date", "no_prison")
"""Judgement codes the table of judgement calls leaves out: weekday dates are counted in the section on dates,
and a conviction without prison time is the accountability chapter's reading of a sentence, not of a figure."""


# ---------------------------------------------------------------------------- readings of one value
def precision_of(iso) -> str:
    """'2022-01-09' -> 'day', '2022-01' -> 'month', '2022' -> 'year'."""
    return {10: "day", 7: "month", 4: "year"}.get(len(str(iso)), "unknown")


def steps_of(match) -> list[str]:
    """'pipes;whitespace' -> ['pipes', 'whitespace']; 'verbatim' -> []."""
    return [] if match in ("", "verbatim") else str(match).split(";")


def readable(value_text: str) -> bool:
    """Whether :func:`kzreport.evidence.parse.parse_quantity` reads the figure as printed (else it was read by hand)."""
    try:
        parse.parse_quantity(value_text)
    except parse.ParseError:
        return False
    return True


def own_voice(claims: pd.DataFrame, producers: pd.Series) -> pd.Series:
    """True where the claimant is the document's own producer (its short name), False where the document relays."""
    return pd.Series([c == producers.get(s) for c, s in zip(claims["claimant"], claims["source_id"])],
                     index=claims.index, dtype=bool)


def by_count(counts: pd.Series) -> list[tuple[str, int]]:
    """(key, count) pairs, largest count first, ties by key."""
    return [(k, int(n)) for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _ids(df: pd.DataFrame, column: str = "claim_id") -> tuple[str, ...]:
    return tuple(df[column])


# ---------------------------------------------------------------------------- the documents
@dataclass(frozen=True)
class Documents:
    documents: int
    languages: tuple[tuple[str, int], ...]  # (ISO 639-1 code, documents), by code
    kinds: tuple[tuple[str, int], ...]  # (label of the producers' kind, documents), most first


def documents(sources: pd.DataFrame) -> Documents:
    langs = sources["language"].value_counts()
    kinds = by_count(sources["kind"].value_counts())
    return Documents(documents=len(sources), languages=tuple((k, int(langs[k])) for k in sorted(langs.index)),
                     kinds=tuple((CLAIMANT_TYPE_LABELS.get(k, k), n) for k, n in kinds))


def documents_table(ev: Evidence, producers: pd.Series) -> pd.DataFrame:
    """One row per document, in registry order: short producer, date published, kind, language, claims, events."""
    s = ev.sources
    claims = ev.claims["source_id"].value_counts()
    events = ev.events["source_id"].value_counts()
    return pd.DataFrame({
        "source_id": s["source_id"], "producer": s["source_id"].map(producers), "published": s["date_published"],
        "kind": s["kind"], "language": s["language"],
        "claims": [int(claims.get(i, 0)) for i in s["source_id"]], "events": [int(events.get(i, 0)) for i in s["source_id"]],
    }).reset_index(drop=True)


# ---------------------------------------------------------------------------- what a claim is
@dataclass(frozen=True)
class ClaimsSummary:
    claims: int
    own: int  # stated by the document's own producer
    relayed: int
    relayed_claimants: int  # claimants other than the documents' producers
    metrics: int
    core: int  # claims on the report's fixed core metrics


def claims_summary(claims: pd.DataFrame, producers: pd.Series) -> ClaimsSummary:
    own = own_voice(claims, producers)
    return ClaimsSummary(claims=len(claims), own=int(own.sum()), relayed=int((~own).sum()),
                         relayed_claimants=claims.loc[~own, "claimant"].nunique(), metrics=claims["metric"].nunique(),
                         core=int(claims["is_core_metric"].sum()))


def claimant_types_table(claims: pd.DataFrame) -> pd.DataFrame:
    """Claimant types in vocabulary order (present ones only): label, who, claims, claimants, documents."""
    rows = []
    for t, who in CLAIMANT_TYPES.items():
        g = claims[claims["claimant_type"] == t]
        if g.empty:
            continue
        rows.append({"claimant_type": t, "label": CLAIMANT_TYPE_LABELS[t], "who": who, "claims": len(g),
                     "claimants": g["claimant"].nunique(), "documents": g["source_id"].nunique()})
    return pd.DataFrame(rows, columns=["claimant_type", "label", "who", "claims", "claimants", "documents"])


# ---------------------------------------------------------------------------- values and bounds
def qualifier_table(claims: pd.DataFrame) -> pd.DataFrame:
    """Per qualifier (parse.QUALIFIERS order): claims, vague ones, and the first precise claim as an example
    (example_id '' when there is none)."""
    rows = []
    for q in parse.QUALIFIERS:
        g = claims[claims["qualifier"] == q].sort_values("claim_id", kind="stable")
        precise = g[~g["is_vague"].astype(bool)]
        ex = precise.iloc[0] if len(precise) else None
        rows.append({"qualifier": q, "claims": len(g), "vague": int(g["is_vague"].astype(bool).sum()),
                     "example_id": "" if ex is None else ex["claim_id"],
                     "example_text": "" if ex is None else ex["value_text"],
                     "example_low": None if ex is None else ex["value_low"],
                     "example_high": None if ex is None else ex["value_high"]})
    return pd.DataFrame(rows, columns=["qualifier", "claims", "vague", "example_id", "example_text", "example_low",
                                       "example_high"])


def vague_table(claims: pd.DataFrame) -> pd.DataFrame:
    """Vague amounts by the lower bound they are given: the forms printed (first appearance first), claims, ids."""
    v = claims[claims["is_vague"].astype(bool)].sort_values("claim_id", kind="stable")
    rows = [{"value_low": low, "forms": list(dict.fromkeys(g["value_text"])), "claims": len(g),
             "claim_ids": list(g["claim_id"])} for low, g in v.groupby("value_low", sort=True)]
    return pd.DataFrame(rows, columns=["value_low", "forms", "claims", "claim_ids"])


def by_hand(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims whose printed figure the parser cannot read (the curators gave value and qualifier by hand)."""
    mask = [not readable(t) for t in claims["value_text"]]
    return claims.loc[mask].sort_values("claim_id", kind="stable").reset_index(drop=True)


def ranges(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims printed as a range: qualifier exact, no single value, both bounds, not vague."""
    m = (claims["qualifier"] == "exact") & claims["value"].isna() & claims["value_low"].notna() & claims["value_high"].notna()
    return claims[m & ~claims["is_vague"].astype(bool)].sort_values("claim_id", kind="stable")


@dataclass(frozen=True)
class Example:
    """One claim's reading: the figure as printed, its value and bounds."""

    claim_id: str
    value_text: str
    value: float | None
    value_low: float | None
    value_high: float | None


@dataclass(frozen=True)
class Bounds:
    by_qualifier: tuple[tuple[str, int], ...]  # (qualifier, claims), qualifiers with claims, parse.QUALIFIERS order
    more_than: Example | None  # the first 'more than' claim with a value: its bounds are not its value
    vague: int
    vague_examples: tuple[tuple[str, float], ...]  # (first form printed, lower bound), per lower bound
    ranges: tuple[str, ...]  # claim ids
    by_hand: tuple[tuple[str, str], ...]  # (claim id, figure as printed)
    step: int  # how far a strict bound ('more than', 'almost') lies from a whole number (parse.bounds_for)


def _example(row: pd.Series) -> Example:
    def num(v):
        return None if pd.isna(v) else float(v)
    return Example(row["claim_id"], row["value_text"], num(row["value"]), num(row["value_low"]), num(row["value_high"]))


def bounds(claims: pd.DataFrame) -> Bounds:
    q = qualifier_table(claims)
    more = claims[(claims["qualifier"] == "more_than") & claims["value"].notna()].sort_values("claim_id", kind="stable")
    hand = by_hand(claims)
    return Bounds(
        by_qualifier=tuple((r.qualifier, int(r.claims)) for r in q.itertuples() if r.claims),
        more_than=_example(more.iloc[0]) if len(more) else None,
        vague=int(claims["is_vague"].astype(bool).sum()),
        vague_examples=tuple((r.forms[0], float(r.value_low)) for r in vague_table(claims).itertuples()),
        ranges=_ids(ranges(claims)),
        by_hand=tuple(zip(hand["claim_id"], hand["value_text"])),
        step=parse.bounds_for(0, "more_than")[0],
    )


# ---------------------------------------------------------------------------- quotes
# Footnote markers the ``footnotes`` step removes, as the chapter shows them (a test has the step remove each).
FOOTNOTE_MARKERS = ("Kasachstan1", "Soldaten¹", "[1]")


def quote_steps_table(claims: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Per normalisation step ('verbatim' first, then quotes.STEPS order): claims and events whose match needed it,
    and the ``examples`` of what it removes that the chapter shows (:data:`FOOTNOTE_MARKERS`; none for the others)."""
    rows = [{"step": "verbatim", "claims": int((claims["quote_match"] == "verbatim").sum()),
             "events": int((events["quote_match"] == "verbatim").sum()), "examples": ()}]
    for step in quotes.STEPS:
        rows.append({"step": step, "claims": sum(step in steps_of(m) for m in claims["quote_match"]),
                     "events": sum(step in steps_of(m) for m in events["quote_match"]),
                     "examples": FOOTNOTE_MARKERS if step == "footnotes" else ()})
    return pd.DataFrame(rows, columns=["step", "claims", "events", "examples"])


@dataclass(frozen=True)
class QuoteChecks:
    quotes: int
    verbatim: int
    share_verbatim: float | None  # None without quotes
    combinations: tuple[tuple[tuple[str, ...], int], ...]  # (steps needed, quotes), most first
    steps: tuple[str, ...]  # every step, in the order the search adds them
    unused: tuple[str, ...]  # steps no quote needed


def quote_checks(claims: pd.DataFrame, events: pd.DataFrame) -> QuoteChecks:
    matches = pd.concat([claims["quote_match"], events["quote_match"]])
    verbatim = int((matches == "verbatim").sum())
    t = quote_steps_table(claims, events)
    return QuoteChecks(
        quotes=len(matches), verbatim=verbatim, share_verbatim=verbatim / len(matches) if len(matches) else None,
        combinations=tuple((tuple(steps_of(k)), n) for k, n in by_count(matches.value_counts()) if k != "verbatim"),
        steps=tuple(quotes.STEPS),
        unused=tuple(r.step for r in t.itertuples() if r.step != "verbatim" and r.claims + r.events == 0),
    )


# ---------------------------------------------------------------------------- dates
# How the chapter shows a date known to the day, the month and the year (ISO, as the data writes them), and an English
# date the build reads (evidence.parse.parse_date); tests check both against the rules.
ISO_DATE_EXAMPLES = ("2022-01-09", "2022-01", "2022")
ENGLISH_DATE_EXAMPLE = "June 7"

def date_precision_table(claims: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """How precise the dates are: claims' date stated (reported_on) and events' date, per day/month/year."""
    rp = claims["reported_on"].map(precision_of).value_counts()
    ep = events["date_precision"].value_counts()
    return pd.DataFrame([{"precision": p, "claims": int(rp.get(p, 0)), "events": int(ep.get(p, 0))}
                         for p in DATE_PRECISIONS], columns=["precision", "claims", "events"])


def hand_resolved(events: pd.DataFrame) -> pd.DataFrame:
    """Events whose printed date could not be read (weekdays, relative dates), by id, with is_weekday."""
    h = events[~events["is_date_checked"].astype(bool)].sort_values("event_id", kind="stable")
    return h.assign(is_weekday=h["date_text"].map(parse.names_weekday).astype(bool)).reset_index(drop=True)


@dataclass(frozen=True)
class Dates:
    claim_precision: tuple[tuple[str, int], ...]  # (precision, claims), precisions with claims
    event_precision: tuple[tuple[str, int], ...]  # (precision, events), precisions with events
    with_period: int  # claims that record the period they cover
    weekday_claims: tuple[str, ...]  # claims dated from a printed weekday (judgement weekday_date)
    events: int
    checked: int  # events whose printed date the build reads and checks
    hand: int  # events resolved by hand
    hand_weekday: int
    hand_relative: int
    iso_examples: tuple[str, str, str] = ISO_DATE_EXAMPLES  # a date known to the day, the month, the year
    english_example: str = ENGLISH_DATE_EXAMPLE


def dates(claims: pd.DataFrame, events: pd.DataFrame) -> Dates:
    t = date_precision_table(claims, events)
    hand = hand_resolved(events)
    weekday = int(hand["is_weekday"].sum())
    return Dates(
        claim_precision=tuple((r.precision, r.claims) for r in t.itertuples() if r.claims),
        event_precision=tuple((r.precision, r.events) for r in t.itertuples() if r.events),
        with_period=int((claims["period_start"].notna() | claims["period_end"].notna()).sum()),
        weekday_claims=_ids(claims[has_judgement(claims, "weekday_date")]),
        events=len(events), checked=int(events["is_date_checked"].astype(bool).sum()), hand=len(hand),
        hand_weekday=weekday, hand_relative=len(hand) - weekday,
    )


# ---------------------------------------------------------------------------- limitations: one-sided sources
def relay_table(claims: pd.DataFrame, producers: pd.Series) -> pd.DataFrame:
    """Per claimant type: claims stated in the claimant's own document and claims relayed by another document.

    Sorted by total (largest first), ties in vocabulary order.
    """
    own = own_voice(claims, producers)
    rows = []
    for i, t in enumerate(CLAIMANT_TYPES):
        m = claims["claimant_type"] == t
        if not m.any():
            continue
        rows.append({"claimant_type": t, "label": CLAIMANT_TYPE_LABELS[t], "own_document": int((m & own).sum()),
                     "relayed": int((m & ~own).sum()), "total": int(m.sum()), "_order": i})
    df = pd.DataFrame(rows, columns=["claimant_type", "label", "own_document", "relayed", "total", "_order"])
    df = df.sort_values(["total", "_order"], ascending=[False, True], kind="stable")
    return df.drop(columns="_order").reset_index(drop=True)


@dataclass(frozen=True)
class Voices:
    claims: int
    by_type: tuple[tuple[str, int], ...]  # (claimant type label, claims), most first, ties in vocabulary order
    official_documents: int  # documents published by a Kazakh state body
    official_claims: int
    official_claimants: tuple[str, ...]  # alphabetical
    official_printed_in: tuple[tuple[str, int], ...]  # (short producer, official claims), most first
    relayed: int
    official_sources: tuple[tuple[str, int], ...] = ()  # (source id, official claims): official_printed_in's documents


def voices(ev: Evidence, producers: pd.Series) -> Voices:
    claims, sources = ev.claims, ev.sources
    by_type = claims["claimant_type"].value_counts()
    order = list(CLAIMANT_TYPES)
    types = sorted(by_type.index, key=lambda t: (-by_type[t], order.index(t)))
    official = claims[claims["claimant_type"] == "official"]
    return Voices(
        claims=len(claims), by_type=tuple((CLAIMANT_TYPE_LABELS[t], int(by_type[t])) for t in types),
        official_documents=int((sources["kind"] == "official").sum()), official_claims=len(official),
        official_claimants=tuple(sorted(official["claimant"].unique())),
        official_printed_in=tuple((producers.get(s, s), n) for s, n in by_count(official["source_id"].value_counts())),
        relayed=int((~own_voice(claims, producers)).sum()),
        official_sources=tuple((s, n) for s, n in by_count(official["source_id"].value_counts())),
    )


# ---------------------------------------------------------------------------- limitations: translations and repeats
def same_as_pairs(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims that repeat an earlier claim's figure (column ``same_as``), by id, with both readings side by side."""
    rep = claims[claims["same_as"].fillna("") != ""].sort_values("claim_id", kind="stable")
    cols = ["claim_id", "source_id", "value_text", "value_low", "value_high", "qualifier"]
    other = claims[cols].rename(columns=lambda c: "same_as" if c == "claim_id" else f"same_as_{c}")
    df = rep[cols + ["same_as"]].merge(other, on="same_as", how="left", indicator=True).reset_index(drop=True)

    def differ(a: pd.Series, b: pd.Series) -> pd.Series:
        return ~((a == b) | (a.isna() & b.isna()))

    found = df.pop("_merge") == "both"
    df["same_document"] = found & (df["source_id"] == df["same_as_source_id"])
    df["readings_differ"] = (~found | differ(df["value_low"], df["same_as_value_low"])
                             | differ(df["value_high"], df["same_as_value_high"])
                             | differ(df["qualifier"], df["same_as_qualifier"]))
    return df.drop(columns=["source_id", "same_as_source_id"]).astype({"same_document": bool, "readings_differ": bool})


@dataclass(frozen=True)
class Translations:
    documents: int
    languages: tuple[str, ...]  # ISO 639-1 codes of the documents, sorted
    english_claims: int  # quotes printed in English (quote_en is the quote)
    english_events: int
    english_in: tuple[str, ...]  # short producers of the documents printing English passages, by source id
    german_relayed: int  # German quotes that relay another body's figure
    differing: tuple[tuple[str, str, str, str], ...]  # (first id, its figure, repeating id, its figure)


def translations(ev: Evidence, producers: pd.Series) -> Translations:
    claims, events = ev.claims, ev.events
    en_c, en_e = claims["quote"] == claims["quote_en"], events["quote"] == events["quote_en"]
    docs = sorted(set(claims.loc[en_c, "source_id"]) | set(events.loc[en_e, "source_id"]))
    pairs = same_as_pairs(claims)
    differ = pairs[pairs["readings_differ"]]
    return Translations(
        documents=len(ev.sources), languages=tuple(sorted(ev.sources["language"].unique())),
        english_claims=int(en_c.sum()), english_events=int(en_e.sum()),
        english_in=tuple(producers.get(d, d) for d in docs),
        german_relayed=int((~en_c & ~own_voice(claims, producers)).sum()),
        differing=tuple(zip(differ["same_as"], differ["same_as_value_text"].fillna(""), differ["claim_id"],
                            differ["value_text"])),
    )


@dataclass(frozen=True)
class Repeats:
    claims: int
    repeats: tuple[str, ...]  # claims repeating another claim's figure, by id
    same_document: int  # of them, repeating a figure of the same document
    distinct: int  # claims without the repeats


def repeats(claims: pd.DataFrame) -> Repeats:
    pairs = same_as_pairs(claims)
    return Repeats(claims=len(claims), repeats=_ids(pairs), same_document=int(pairs["same_document"].sum()),
                   distinct=len(claims) - len(pairs))


# ---------------------------------------------------------------------------- limitations: dates and the sample
@dataclass(frozen=True)
class Undated:
    claims: int
    coarse: int  # claims dated only to a month or a year
    month: int
    year: int
    coarse_by_document: tuple[tuple[str, int], ...]  # (source id, claims), most first
    date_assumed: tuple[str, ...]  # claims whose text does not say when the figure was stated (judgement date_assumed)
    open_period: int  # claims that do not say what period they cover
    events: int
    events_coarse: int


def undated(claims: pd.DataFrame, events: pd.DataFrame) -> Undated:
    prec = claims["reported_on"].map(precision_of)
    coarse = claims[prec.isin(["month", "year"])]
    return Undated(
        claims=len(claims), coarse=len(coarse), month=int((prec == "month").sum()), year=int((prec == "year").sum()),
        coarse_by_document=tuple(by_count(coarse["source_id"].value_counts())),
        date_assumed=_ids(claims[has_judgement(claims, "date_assumed")]),
        open_period=int((claims["period_start"].isna() & claims["period_end"].isna()).sum()),
        events=len(events), events_coarse=int(events["date_precision"].isin(["month", "year"]).sum()),
    )


@dataclass(frozen=True)
class RegisteredCases:
    """The first torture-case count (by claim id) and the closed cases its claimant states with it."""

    claim_id: str
    claimant: str
    cases: int
    reported_on: str
    note: str
    closed: int | None  # None when no closed count is stated with it
    closed_id: str | None
    closed_note: str
    share_closed: float | None

    @property
    def notes(self) -> tuple[tuple[str, str], ...]:
        """(claim id, the curators' note) of the count and of the closed cases, where there is one."""
        return tuple((i, n) for i, n in ((self.claim_id, self.note), (self.closed_id, self.closed_note)) if i and n)


def registered_cases(claims: pd.DataFrame) -> RegisteredCases | None:
    """None when there is no torture-case count with a value."""
    tc = claims[claims["metric"] == "torture_cases"].sort_values("claim_id", kind="stable")
    if tc.empty or pd.isna(tc["value"].iloc[0]):
        return None
    c = tc.iloc[0]
    closed = claims[(claims["metric"] == "torture_cases_closed") & (claims["claimant"] == c["claimant"])
                    & (claims["source_id"] == c["source_id"]) & (claims["reported_on"] == c["reported_on"])]
    closed = closed.sort_values("claim_id", kind="stable")
    x = None if closed.empty or pd.isna(closed["value"].iloc[0]) else int(closed["value"].iloc[0])
    n = int(c["value"])
    return RegisteredCases(
        claim_id=c["claim_id"], claimant=c["claimant"], cases=n, reported_on=c["reported_on"], note=str(c["note"]),
        closed=x, closed_id=None if closed.empty else closed["claim_id"].iloc[0],
        closed_note="" if closed.empty else str(closed["note"].iloc[0]),
        share_closed=None if x is None or not n else x / n,
    )


# ---------------------------------------------------------------------------- limitations: judgement calls
@dataclass(frozen=True)
class Notes:
    claims: int
    claims_noted: int  # claims with a curator's note
    events: int
    events_noted: int


def notes(claims: pd.DataFrame, events: pd.DataFrame) -> Notes:
    return Notes(claims=len(claims), claims_noted=int((claims["note"].fillna("").astype(str) != "").sum()),
                 events=len(events), events_noted=int((events["note"].fillna("").astype(str) != "").sum()))


def judgement_calls(claims: pd.DataFrame) -> pd.DataFrame:
    """The curators' judgement calls (column ``judgements``) and the figures the parser cannot read (``by_hand``):
    call, claims, claim ids (by id). A claim can carry several calls.

    Rows in vocabulary order, then ``by_hand``; calls no claim carries, and CALLS_SHOWN_ELSEWHERE, are left out.
    """
    ordered = claims.sort_values("claim_id", kind="stable")
    hits = [(code, ordered[has_judgement(ordered, code)]) for code in JUDGEMENTS if code not in CALLS_SHOWN_ELSEWHERE]
    hits.append((BY_HAND, ordered[[not readable(t) for t in ordered["value_text"]]]))
    rows = [{"call": code, "claims": len(hit), "claim_ids": list(hit["claim_id"])} for code, hit in hits if len(hit)]
    return pd.DataFrame(rows, columns=["call", "claims", "claim_ids"])
