"""What the accountability chapter (notebooks/04-accountability.ipynb) states: who was held to account, by whose count.

The chapter states each count with who stated it, its scope and its date: torture and abuse cases and those closed,
officers investigated and convicted, protesters convicted. Every number it states is computed here, from the
processed claims and the curators' judgements (claims' ``judgements`` codes ``outside_january`` and
``no_prison``, and ``same_as``), never from the wording of a note.

No statistics: 236 of 329 cases closed is a count, not a sample, so it gets no confidence interval; and counts of
different scope and date are never divided into ratios.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import pandas as pd

from kzreport.analysis import editions, parameters
from kzreport.analysis.claims import has_judgement, place, place_in
from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS

# The metrics this chapter reads, from cases to convictions (also the order of the claims table).
METRICS = (
    "torture_cases", "torture_cases_closed", "officers_investigated", "officers_prosecuted", "officers_convicted",
    "torture_victims", "protesters_convicted", "posthumous_prosecutions", "child_torture_cases", "torture_deaths_in_custody",
)
# The figures of the chapter's last section, in this order.
OTHER_METRICS = ("posthumous_prosecutions", "child_torture_cases", "torture_deaths_in_custody")


# ---------------------------------------------------------------------------- the chapter's parameters
def check_parameters(claims: pd.DataFrame, **values) -> None:
    """A ValueError naming every unusable parameter value (the rules of :mod:`kzreport.analysis.parameters`, which
    the build applies before the notebook runs); claimant names are checked against ``claims``."""
    facts = parameters.Facts(frozenset(claims["metric"]), frozenset(claims["claimant"]), "the processed claims")
    refused = parameters.check_all(values, facts)
    if refused:
        raise ValueError("; ".join(r.message for r in refused))


# ---------------------------------------------------------------------------- one claim as a record
def _bound(v) -> float | None:
    """A bound as a float, or None for an open one (None or NaN)."""
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def prints_digits(text) -> bool:
    """True when the figure as printed shows its number in digits ('At least 23'), not in words ('Fünf')."""
    return any(ch.isdigit() for ch in str(text))


def _text(v) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


@dataclass(frozen=True)
class Claim:
    """One claim as the chapter's prose, tables and charts show it (empty text is '', an open bound None)."""

    claim_id: str
    source_id: str
    claimant: str
    claimant_type: str
    claimant_type_label: str
    metric: str
    value_text: str
    value: float | None
    qualifier: str
    value_low: float | None
    value_high: float | None
    is_vague: bool
    reported_on: str
    period_start: str
    period_end: str
    location: str
    note: str
    quote: str
    quote_en: str
    claimant_de: str = ""  # the claimant's name in German (claimants.csv claimant_de), for the German edition
    location_de: str = ""  # the location in German (places.csv place_de), for the German edition

    @classmethod
    def of(cls, row) -> Claim:
        """The record of a row of the claims table (a pandas Series or a mapping; a column it lacks is empty)."""
        get = row.get
        ctype = _text(get("claimant_type"))
        return cls(
            claim_id=str(row["claim_id"]), source_id=_text(get("source_id")), claimant=_text(get("claimant")),
            claimant_type=ctype, claimant_type_label=CLAIMANT_TYPE_LABELS.get(ctype, ctype), metric=_text(get("metric")),
            value_text=_text(get("value_text")), value=_bound(get("value")), qualifier=_text(get("qualifier")),
            value_low=_bound(get("value_low")), value_high=_bound(get("value_high")), is_vague=bool(get("is_vague", False)),
            reported_on=_text(get("reported_on")), period_start=_text(get("period_start")),
            period_end=_text(get("period_end")), location=_text(get("location")), note=_text(get("note")),
            quote=_text(get("quote")), quote_en=_text(get("quote_en")),
            claimant_de=_text(get("claimant_de")), location_de=_text(get("location_de")),
        )

    @property
    def prints_digits(self) -> bool:
        return prints_digits(self.value_text)

    @property
    def open_above(self) -> bool:
        return self.value_high is None

    @property
    def names_place(self) -> bool:
        """True when the figure is about a place, not the whole country."""
        return place(self.location) != ""


def claims_of(df: pd.DataFrame) -> list[Claim]:
    return [Claim.of(row) for _, row in df.iterrows()]


def frame(claims) -> pd.DataFrame:
    """Claim records as a DataFrame (for analysts: what a record of this module holds); None entries are skipped."""
    return pd.DataFrame([dataclasses.asdict(c) for c in claims if c is not None],
                        columns=[f.name for f in dataclasses.fields(Claim)])


# ---------------------------------------------------------------------------- reading the claims
def repeated(claims: pd.DataFrame) -> pd.Series:
    """The claim each claim repeats (its ``same_as``), '' for none."""
    return claims["same_as"].map(_text).astype(object)


def ordered(df: pd.DataFrame) -> pd.DataFrame:
    """Claims in document order (claim ids sort in order of appearance within a document)."""
    return df.sort_values(["source_id", "claim_id"], kind="stable")


def first_claim(claims: pd.DataFrame, metric: str, claimant: str | None = None) -> pd.Series | None:
    """The first claim of ``metric`` (by ``claimant``) in document order, or None."""
    df = claims[claims["metric"] == metric]
    if claimant is not None:
        df = df[df["claimant"] == claimant]
    df = ordered(df)
    return None if df.empty else df.iloc[0]


@dataclass(frozen=True)
class ClosurePair:
    closed: pd.Series
    total: pd.Series
    repeats: list[tuple[str, str]]  # other (closed, total) claim-id pairs printing the same two figures


def closure_pair(claims: pd.DataFrame, claimant: str) -> ClosurePair:
    """The claimant's 'x of n cases closed' figures: a torture_cases_closed and a torture_cases claim printed
    in the same passage (same document, same quote). The first pair in document order is used;
    the others that print the same two numbers are listed as repeats."""
    own = ordered(claims[claims["claimant"] == claimant])
    closed = own[(own["metric"] == "torture_cases_closed") & own["value"].notna()]
    total = own[(own["metric"] == "torture_cases") & own["value"].notna()]
    pairs = []
    for _, c in closed.iterrows():
        match = total[(total["source_id"] == c["source_id"]) & (total["quote"] == c["quote"])]
        if not match.empty:
            pairs.append((c, match.iloc[0]))
    if not pairs:
        have = sorted(claims.loc[claims["metric"] == "torture_cases_closed", "claimant"].unique())
        raise ValueError(f"no closed-of-total case figures printed in one passage by {claimant!r} "
                         f"(claimants with torture_cases_closed: {', '.join(have) or 'none'})")
    first_c, first_t = pairs[0]
    repeats = [(c["claim_id"], t["claim_id"]) for c, t in pairs[1:]
               if (c["value"], t["value"]) == (first_c["value"], first_t["value"])]
    return ClosurePair(first_c, first_t, repeats)


def officer_conviction_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Every officers_convicted claim, in document order, with the curators' reading the chapter needs:
    ``repeats`` (the claim it repeats, ``same_as``; '' for none), ``january`` (False when judged ``outside_january``) and
    ``prison`` (False when judged ``no_prison``)."""
    df = ordered(claims[claims["metric"] == "officers_convicted"])
    df = df.assign(repeats=repeated(df), january=~has_judgement(df, "outside_january"),
                   prison=~has_judgement(df, "no_prison"))
    return df.reset_index(drop=True)


def conviction_for(claims: pd.DataFrame, claimant: str) -> pd.Series:
    """A claimant's count of convicted officers: its first officers_convicted claim about January 2022."""
    oc = officer_conviction_claims(claims)
    hit = oc[(oc["claimant"] == claimant) & oc["january"] & (oc["repeats"] == "")]
    if hit.empty:
        have = sorted(oc.loc[oc["january"], "claimant"].unique())
        raise ValueError(f"no count of convicted officers by {claimant!r} about January 2022 "
                         f"(claimants with one: {', '.join(have)})")
    return hit.iloc[0]


@dataclass(frozen=True)
class Itemised:
    summary: pd.Series
    items: pd.DataFrame  # the individual counts the same document states on the same date


def itemised_counts(claims: pd.DataFrame) -> list[Itemised]:
    """Where one document prints several distinct counts of convicted officers (about January 2022) stated on
    the same date, the first (in document order) is read as the summary and the rest as its items."""
    oc = officer_conviction_claims(claims)
    oc = oc[oc["january"] & (oc["repeats"] == "")]
    out = []
    for _, group in oc.groupby(["source_id", "reported_on"], sort=True):
        if len(group) > 1:
            out.append(Itemised(group.iloc[0], group.iloc[1:].reset_index(drop=True)))
    return out


def sum_bounds(rows: pd.DataFrame) -> tuple[float | None, float | None]:
    """Bounds of a sum of counts: lows add up; the high is unbounded when any high is."""
    low = float(rows["value_low"].sum()) if rows["value_low"].notna().all() else None
    high = float(rows["value_high"].sum()) if rows["value_high"].notna().all() else None
    return low, high


def claims_used(claims: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every claim the chapter reads, in METRICS order, then in document order; with the
    ``producer`` and ``date_published`` of the document that prints it when ``sources`` is given."""
    df = claims[claims["metric"].isin(METRICS)]
    df = df.assign(_stage=df["metric"].map({m: i for i, m in enumerate(METRICS)}))
    df = df.sort_values(["_stage", "source_id", "claim_id"], kind="stable").drop(columns="_stage").reset_index(drop=True)
    if sources is not None:
        reg = sources.set_index("source_id")
        df = df.assign(producer=df["source_id"].map(reg["producer"]).fillna(""),
                       date_published=df["source_id"].map(reg["date_published"]).fillna(""))
    return df


@dataclass(frozen=True)
class ClaimsUsed:
    claims: int
    documents: int
    claimants: int


def claims_used_counts(used: pd.DataFrame) -> ClaimsUsed:
    return ClaimsUsed(len(used), int(used["source_id"].nunique()), int(used["claimant"].nunique()))


# ---------------------------------------------------------------------------- curated names
def _curated(table: pd.DataFrame, key: str, column: str, lang: str = "en") -> dict[str, str]:
    """The filled cells of ``column`` of a curated list (data/raw/curation/), by ``key``, in the language ``lang``
    (``<column>_de`` in German where filled, else the English)."""
    return {k: editions.pick(both, lang) for k, both in editions.texts(table, key, column).items()}


def short_names(claimants: pd.DataFrame, lang: str = "en") -> dict[str, str]:
    """Each claimant's short name for chart labels (claimants.csv ``short``, ``short_de``), where one is given."""
    return _curated(claimants, "claimant", "short", lang)


def short_name_texts(claimants: pd.DataFrame) -> dict[str, dict[str, str]]:
    """Each claimant's short name in every language of the data (``{"en": short, "de": short_de}``)."""
    return editions.texts(claimants, "claimant", "short")


def segment_names(claimants: pd.DataFrame, lang: str = "en") -> dict[str, str]:
    """The name of a part of an itemised count a claimant reports (claimants.csv ``segment``, ``segment_de``), where
    one is given."""
    return _curated(claimants, "claimant", "segment", lang)


def phrases(metrics: pd.DataFrame, lang: str = "en") -> dict[str, str]:
    """Each metric's name in running prose (metrics.csv ``phrase``; ``phrase_de`` in German), where one is given."""
    return _curated(metrics, "metric", "phrase", lang)


# ---------------------------------------------------------------------------- the closure rate
@dataclass(frozen=True)
class Closure:
    """One claimant's 'x of n cases closed': two counts it printed together (a count of cases, not a sample: no
    interval)."""

    closed: Claim
    total: Claim
    x: int
    n: int
    share: float
    repeat_ids: tuple[str, ...]  # the (closed, total) ids of other passages printing the same two figures
    others: tuple[Claim, ...]  # other claimants' figures for closed cases, in document order


def closure(claims: pd.DataFrame, claimant: str) -> Closure:
    pair = closure_pair(claims, claimant)
    x, n = int(pair.closed["value"]), int(pair.total["value"])
    others = claims[(claims["metric"] == "torture_cases_closed") & (claims["claimant"] != claimant)]
    return Closure(
        closed=Claim.of(pair.closed), total=Claim.of(pair.total), x=x, n=n, share=x / n,
        repeat_ids=tuple(i for p in pair.repeats for i in p), others=tuple(claims_of(ordered(others))),
    )


@dataclass(frozen=True)
class Overview:
    """The chapter in one paragraph: the closure rate, officers investigated and convicted, protesters convicted."""

    closure: Closure
    investigated: Claim | None  # the rate claimant's count of officers investigated
    convictions: tuple[Claim, ...]  # each conviction claimant's count of convicted officers
    protesters: Claim | None  # the first count of convicted protesters, in document order


def overview(claims: pd.DataFrame, rate_claimant: str, conviction_claimants) -> Overview:
    inv = first_claim(claims, "officers_investigated", rate_claimant)
    prot = first_claim(claims, "protesters_convicted")
    return Overview(
        closure=closure(claims, rate_claimant),
        investigated=None if inv is None else Claim.of(inv),
        convictions=tuple(Claim.of(conviction_for(claims, c)) for c in conviction_claimants),
        protesters=None if prot is None else Claim.of(prot),
    )


# ---------------------------------------------------------------------------- why the officer counts differ
# A count of convicted officers that several documents print: the same claimant, date stated, reading and place.
SAME_FIGURE = ("claimant", "reported_on", "qualifier", "value_low", "value_high", "january", "prison", "location")


def first_printings(oc: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``oc`` (officer_conviction_claims) that print a count for the first time, in their order, with
    ``n_documents``: how many documents print that same count (see SAME_FIGURE). A report built on many documents
    relaying one claimant says each of its counts once."""
    key = pd.Series([repr(tuple(None if pd.isna(v) else v for v in t))
                     for t in oc[list(SAME_FIGURE)].itertuples(index=False, name=None)], index=oc.index, dtype=object)
    n_documents = oc.groupby(key, sort=False)["source_id"].transform("nunique") if len(oc) else pd.Series(dtype=int)
    return oc.assign(n_documents=n_documents.astype(int))[~key.duplicated()]


def officer_counts_table(claims: pd.DataFrame) -> pd.DataFrame:
    """Every officers_convicted claim with its reading (``repeats``, ``january``, ``prison``) and ``court_date``
    (the start of its period when known to the day: when the court ruled); about January 2022 first, then in
    document order."""
    oc = officer_conviction_claims(claims)
    court = [s if isinstance(s, str) and len(s) == 10 else "" for s in oc["period_start"]]
    oc = oc.assign(court_date=court, location=oc["location"].fillna(""))
    return oc.sort_values(["january", "source_id", "claim_id"], ascending=[False, True, True], kind="stable")


@dataclass(frozen=True)
class Coincidence:
    """A number printed in the same sentence as a count of officers that counts something else (detainees
    tortured), and another claimant's count of officers that happens to be the same number."""

    victims: Claim
    other: Claim


@dataclass(frozen=True)
class Single:
    """A count about January 2022 that stands on its own (no items), with the coincidences it invites."""

    claim: Claim
    coincidences: tuple[Coincidence, ...]


@dataclass(frozen=True)
class ItemisedSum:
    """A summary count set against the individual counts the same document itemises."""

    summary: Claim
    jailed: tuple[Claim, ...]  # the items with prison sentences
    jailed_low: float | None
    jailed_high: float | None
    adds_up: bool  # the prison sentences add up to the summary's bounds
    free: tuple[Claim, ...]  # the items without prison time
    free_low: float | None
    free_high: float | None
    items_low: float | None  # all items together
    items_high: float | None


@dataclass(frozen=True)
class OfficerCounts:
    figures: int  # every figure for convicted officers
    repeats: int  # passages repeating another of the same document
    relayed: int  # counts another document has already printed
    outside: tuple[Claim, ...]  # distinct counts outside the January 2022 unrest
    january: int  # distinct figures about January 2022 ...
    claimants: int  # ... from this many claimants
    by_claimant: tuple[tuple[str, str, tuple[Claim, ...]], ...]  # (claimant, first date stated, its figures)
    singles: tuple[Single, ...]
    sums: tuple[ItemisedSum, ...]
    earliest: Claim | None  # the earliest count about January 2022 ...
    later: tuple[Claim, ...]  # ... and the verdicts handed down after it


def _itemised_sum(it: Itemised) -> ItemisedSum:
    items = it.items
    jailed, free = items[items["prison"]], items[~items["prison"]]
    lo, hi = sum_bounds(jailed)
    flo, fhi = sum_bounds(free)
    tlo, thi = sum_bounds(items)
    s = it.summary
    adds = lo is not None and lo == s["value_low"] and (hi is None) == pd.isna(s["value_high"])
    return ItemisedSum(Claim.of(s), tuple(claims_of(jailed)), lo, hi, bool(adds), tuple(claims_of(free)), flo, fhi, tlo, thi)


def officer_counts(claims: pd.DataFrame) -> OfficerCounts:
    """Why the counts of convicted officers differ: repeats, relays and cases outside January 2022 set aside, the
    counts about January 2022 by claimant, and for each the reason it differs from the others."""
    table = officer_conviction_claims(claims)
    distinct = table[(table["repeats"] == "")]
    firsts = first_printings(distinct)
    n_relayed = len(distinct) - len(firsts)
    jan = firsts[firsts["january"]]
    by_claimant = tuple((str(name), str(g.iloc[0]["reported_on"]), tuple(claims_of(g)))
                        for name, g in jan.groupby("claimant", sort=False))
    groups = [g for g in itemised_counts(claims) if g.summary["claim_id"] in set(jan["claim_id"])]  # a relayed summary: said once
    grouped = {g.summary["claim_id"] for g in groups} | {i for g in groups for i in g.items["claim_id"]}
    singles = []
    for _, r in jan[~jan["claim_id"].isin(grouped)].iterrows():
        victims = claims[(claims["metric"] == "torture_victims") & (claims["quote"] == r["quote"])
                         & (claims["source_id"] == r["source_id"])]  # the same sentence of the same document
        found = []
        for _, v in victims.iterrows():
            same = jan[(jan["value"] == v["value"]) & (jan["claim_id"] != r["claim_id"])]
            found += [Coincidence(Claim.of(v), c) for c in claims_of(same)]
        singles.append(Single(Claim.of(r), tuple(found)))
    earliest, later = None, ()
    if not jan.empty:
        first = jan.sort_values(["reported_on", "claim_id"], kind="stable").iloc[0]
        after = jan[jan["period_start"].map(lambda d: isinstance(d, str) and len(d) == 10 and d > first["reported_on"])]
        earliest = Claim.of(first)
        later = tuple(claims_of(after.sort_values(["period_start", "claim_id"], kind="stable")))
    return OfficerCounts(
        figures=len(table), repeats=len(table) - len(distinct), relayed=n_relayed,
        outside=tuple(claims_of(firsts[~firsts["january"]])), january=len(jan), claimants=int(jan["claimant"].nunique()),
        by_claimant=by_claimant, singles=tuple(singles), sums=tuple(_itemised_sum(g) for g in groups),
        earliest=earliest, later=later,
    )


# ---------------------------------------------------------------------------- the counts as bars (Figure 4.1)
def _segment_name(r, segments: dict[str, str], lang: str = "en") -> str:
    """A part of an itemised count: its place, or who reported it when it has none (in German: ``segment_de``, else
    the claimant's German name)."""
    who = r["claimant"]
    if lang != "en" and _text(r.get(f"claimant_{lang}")):
        who = r[f"claimant_{lang}"]
    where = place(r["location"]) if lang == "en" else place_in(r["location"], r.get(f"location_{lang}"))
    return where or segments.get(r["claimant"], who)


SEGMENT_COLUMNS = ["claim_id", "source_id", "claimant", "claimant_type", "value_text", "value", "qualifier",
                   "value_low", "value_high", "reported_on"]


def _seg(r) -> dict:
    return {**{c: r[c] for c in SEGMENT_COLUMNS}, "january": bool(r["january"]), "prison": bool(r["prison"]),
            "open_above": bool(pd.isna(r["value_high"]))}


def officer_counts_rows(claims: pd.DataFrame, claimants: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The segments of Figure 4.1: one bar per distinct count, a document's itemised counts as one stacked bar right
    under its summary; counts about January 2022 first, by the date stated.

    Each row names its bar in ``bar`` (the claim id of the bar's first segment; ``<id>+items`` for the stacked bar
    of the items): two bars can show the same claimant and date, and are never stacked into one because they do.
    ``segment`` names a part of an itemised count (its place, or claimants.csv's ``segment`` for its claimant).
    A passage repeating another of the same document is left out; so is a count that another document has
    already printed (same claimant, date stated, bounds and reading), which is counted in ``n_documents`` of
    the bar that shows it. ``lang``: the language of ``segment`` ("de": claimants.csv's ``segment_de``).
    """
    oc = officer_conviction_claims(claims)
    oc = oc[(oc["repeats"] == "")]
    groups = {it.summary["claim_id"]: it.items for it in itemised_counts(claims)}
    item_ids = {i for items in groups.values() for i in items["claim_id"]}
    heads = oc[~oc["claim_id"].isin(item_ids)].assign(_out=lambda d: ~d["january"])
    heads = first_printings(heads.sort_values(["_out", "reported_on", "source_id", "claim_id"], kind="stable"))
    segments = segment_names(claimants, lang)
    rows = []
    for _, r in heads.iterrows():
        rows.append({"bar": r["claim_id"], "segment": "", "n_documents": int(r["n_documents"]), **_seg(r)})
        if r["claim_id"] in groups:
            for _, i in groups[r["claim_id"]].iterrows():
                rows.append({"bar": r["claim_id"] + "+items", "segment": _segment_name(i, segments, lang), "n_documents": 1,
                             **_seg(i)})
    columns = ["bar", "segment", "n_documents", *SEGMENT_COLUMNS, "january", "prison", "open_above"]
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class Segment:
    """A part of a bar: its claim, its name in a stacked bar ('' for a single count), and whether it carried prison."""

    claim: Claim
    name: str
    prison: bool
    january: bool


@dataclass(frozen=True)
class Bar:
    """One bar of Figure 4.1: a count, or the stacked items of a summary count."""

    bar: str
    items_of: str  # the summary's claim id for a stacked bar of items, else ''
    segments: pd.DataFrame  # the rows of officer_counts_rows that make it
    parts: tuple[Segment, ...]  # the same, as records
    head: Claim  # the first segment
    january: bool
    n_documents: int
    low: float | None  # the bar's sum
    high: float | None
    jailed_low: float | None  # the segments with prison sentences ...
    jailed_high: float | None
    some_free: bool  # ... when some, not all, segments are without prison time

    @property
    def stacked(self) -> bool:
        return len(self.segments) > 1


def officer_bars(rows: pd.DataFrame) -> list[Bar]:
    """The bars of Figure 4.1, top to bottom, from :func:`officer_counts_rows`."""
    out = []
    for bar, segs in rows.groupby("bar", sort=False):
        lo, hi = sum_bounds(segs)
        jailed = segs[segs["prison"]]
        jlo, jhi = sum_bounds(jailed)
        out.append(Bar(
            bar=str(bar), items_of=str(bar)[:-len("+items")] if str(bar).endswith("+items") else "",
            segments=segs, parts=tuple(Segment(Claim.of(r), str(r["segment"]), bool(r["prison"]), bool(r["january"]))
                                       for _, r in segs.iterrows()),
            head=Claim.of(segs.iloc[0]), january=bool(segs.iloc[0]["january"]),
            n_documents=int(segs.iloc[0]["n_documents"]), low=lo, high=hi, jailed_low=jlo, jailed_high=jhi,
            some_free=bool(len(jailed) < len(segs) and not jailed.empty)))
    return out


# ---------------------------------------------------------------------------- other figures
def other_figures(claims: pd.DataFrame, metrics: pd.DataFrame) -> pd.DataFrame:
    """The figures on posthumous prosecutions, children and deaths under torture (OTHER_METRICS order, then
    document order), with ``phrase``: what each counts, as metrics.csv names it in running prose."""
    df = ordered(claims[claims["metric"].isin(OTHER_METRICS)])
    df = df.assign(_o=df["metric"].map({m: i for i, m in enumerate(OTHER_METRICS)}))
    df = df.sort_values(["_o", "claim_id"], kind="stable").drop(columns="_o").reset_index(drop=True)
    names = phrases(metrics)
    return df.assign(phrase=df["metric"].map(lambda m: names.get(m, m.replace("_", " "))))
