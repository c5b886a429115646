"""What the story chapters tell (01-what-happened, 03-torture, 05-caseworkers), and on which rows each statement rests.

The selection is curation, not code: ``curation/story.csv`` lists, per chapter, its sections in order and in each
section the items a sentence of the chapter's templates tells, with the events and claims the sentence rests on.
This module resolves them into small records the templates read (an event's date, document and title; a claim's
figure, qualifier, claimant and the date it was stated), and computes the chapters' tables: the places and days
the documents name, the named people and the documents themselves.

Nothing here words a sentence: the templates do (``report/templates/what_happened``, ``torture``, ``caseworkers``).
Dates keep their precision: an event known only to the month never gets a day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from kzreport.analysis import parameters
from kzreport.analysis.timeline import date_interval
from kzreport.evidence import parse

# The judgement that a claim's date is the document's, not the claimant's (evidence vocabulary).
DATE_ASSUMED = "date_assumed"
# Names an item may not take: a template reads items as attributes of a mapping (``i.gas_price``).
RESERVED = frozenset({"items", "keys", "values", "get", "pop", "update", "copy", "clear", "setdefault", "popitem",
                      "fromkeys"})


# ---------------------------------------------------------------------------- records
@dataclass(frozen=True)
class Event:
    """One event as a sentence tells it."""

    id: str
    source_id: str
    date: str  # ISO, as precise as the text (YYYY-MM-DD, YYYY-MM, YYYY)
    precision: str  # day, month, year
    title: str
    location: str  # one English spelling, '' when none
    date_text: str
    quote: str
    quote_en: str
    checked: bool  # the date was read from the text (not a weekday or relative date resolved by hand)
    title_de: str = ""  # the title in German (events.csv title_de), for the German edition
    location_de: str = ""  # the location in German (events.csv location_de), for the German edition

    @property
    def day(self) -> str | None:
        """The ISO day, when the text gives one."""
        return self.date if self.precision == "day" else None

    @property
    def end(self) -> str | None:
        """The ISO last day when the text prints a span of days ('3. und 4. Januar 2022' ends on 4 January), else
        None: a two-day event is shown as its span, never as its first day alone."""
        if self.precision != "day" or not isinstance(self.date_text, str):
            return None
        try:
            last = parse.parse_span_end(self.date_text, default_year=int(self.date[:4]))
        except parse.ParseError:
            return None
        return last if last and last > self.date else None


def precision_of(iso: str) -> str:
    """'day', 'month' or 'year' for a YYYY-MM-DD, YYYY-MM or YYYY date."""
    return {10: "day", 7: "month"}.get(len(str(iso)), "year")


@dataclass(frozen=True)
class Claim:
    """One figure as a sentence states it: the figure with its qualifier, who stated it and when."""

    id: str
    source_id: str
    metric: str
    value: float | None  # None for a vague amount or a range
    qualifier: str
    low: float | None
    high: float | None
    is_vague: bool
    value_text: str
    unit: str
    claimant: str
    claimant_type: str
    reported_on: str  # ISO, as precise as known
    date_assumed: bool  # reported_on is the document's date: when the claimant stated it is not printed
    location: str
    quote: str
    quote_en: str
    claimant_de: str = ""  # the claimant's name in German (claimants.csv claimant_de), for the German edition
    location_de: str = ""  # the location in German (claims.csv location_de), for the German edition
    unit_de: str = ""  # the unit in German (claims.csv unit_de), for the German edition

    @property
    def reported_precision(self) -> str:
        """How precisely the date the figure was stated is known: day, month or year."""
        return precision_of(self.reported_on)


@dataclass(frozen=True)
class Item:
    """What one statement of a chapter tells: its key, an optional label (a name) and the rows it rests on."""

    key: str
    label: str
    events: tuple[Event, ...]
    claims: tuple[Claim, ...]
    label_de: str = ""  # the label in German (story.csv label_de), for the German edition

    @property
    def event(self) -> Event | None:
        return self.events[0] if self.events else None

    @property
    def claim(self) -> Claim | None:
        return self.claims[0] if self.claims else None

    @property
    def day(self) -> str | None:
        """The first day its events give (ISO), or None when none is known to the day."""
        days = sorted(e.day for e in self.events if e.day)
        return days[0] if days else None

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([e.source_id for e in self.events] + [c.source_id for c in self.claims]))


@dataclass(frozen=True)
class Section:
    """A section of a chapter: its key and its items (a mapping ``key -> Item`` in the file's order)."""

    chapter: str
    key: str
    items: dict[str, Item] = field(default_factory=dict)

    @property
    def days(self) -> tuple[str, ...]:
        """The days (ISO) its events give, sorted, each once."""
        return tuple(sorted({e.day for i in self.items.values() for e in i.events if e.day}))

    @property
    def first(self) -> str | None:
        return self.days[0] if self.days else None

    @property
    def last(self) -> str | None:
        return self.days[-1] if self.days else None


def _event(r) -> Event:
    return Event(r["event_id"], r["source_id"], r["date"], r["date_precision"], r["title"], r.get("location", "") or "",
                 r["date_text"], r["quote"], r["quote_en"], bool(r["is_date_checked"]), r.get("title_de", "") or "",
                 _str(r.get("location_de")))


def _num(v) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


def _claim(r) -> Claim:
    return Claim(r["claim_id"], r["source_id"], r["metric"], _num(r["value"]), r["qualifier"], _num(r["value_low"]),
                 _num(r["value_high"]), bool(r["is_vague"]), r["value_text"], r["unit"], r["claimant"], r["claimant_type"],
                 r["reported_on"], DATE_ASSUMED in str(r.get("judgements", "")).split(";"), r.get("location", "") or "",
                 r["quote"], r["quote_en"], r.get("claimant_de", "") or "", _str(r.get("location_de")),
                 _str(r.get("unit_de")))


def _str(v) -> str:
    """A text cell, '' when missing (empty or NaN)."""
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)


def sections(story: pd.DataFrame, events: pd.DataFrame, claims: pd.DataFrame, chapter: str) -> dict[str, Section]:
    """The sections of ``chapter`` in the file's order, each with its items resolved to events and claims.

    A row naming an id the data does not hold is refused by ``kzreport validate``; here such an id is left out,
    and an item left with nothing to rest on is dropped (the template's ``{% if %}`` then skips its sentence).
    """
    ev = events.set_index("event_id", drop=False)
    cl = claims.set_index("claim_id", drop=False)
    out: dict[str, Section] = {}
    for r in story[story["chapter"] == chapter].itertuples(index=False):
        if r.item in RESERVED:
            raise ValueError(f"story.csv: item {r.item!r} is a reserved name; choose another")
        es = tuple(_event(ev.loc[e]) for e in str(r.event_ids).split() if e in ev.index)
        cs = tuple(_claim(cl.loc[c]) for c in str(r.claim_ids).split() if c in cl.index)
        sec = out.setdefault(r.section, Section(chapter, r.section))
        if es or cs:
            sec.items[r.item] = Item(r.item, r.label, es, cs, getattr(r, "label_de", "") or "")
    return out


def section_table(section: Section) -> pd.DataFrame:
    """One row per item and row it rests on: what an analyst checks a section's sentences against."""
    rows = []
    for i in section.items.values():
        for e in i.events:
            rows.append({"item": i.key, "label": i.label, "kind": "event", "id": e.id, "date": e.date,
                         "precision": e.precision, "source_id": e.source_id, "location": e.location, "what": e.title})
        for c in i.claims:
            rows.append({"item": i.key, "label": i.label, "kind": "claim", "id": c.id, "date": c.reported_on,
                         "precision": "", "source_id": c.source_id, "location": c.location,
                         "what": f"{c.metric}: {c.value_text} ({c.claimant})"})
    return pd.DataFrame(rows, columns=["item", "label", "kind", "id", "date", "precision", "source_id", "location", "what"])


# ---------------------------------------------------------------------------- places and days
@dataclass(frozen=True)
class PlaceDays:
    """A place the documents name for the window, with the days (and month-only events) they give for it."""

    place: str
    days: tuple[tuple[str, Event], ...]  # (ISO day, the first event of that day), by day
    month_only: tuple[Event, ...]  # events there known only to the month or year
    documents: tuple[str, ...]  # source ids, in order of first mention
    printed: tuple[str, ...] = ()  # the place's other spellings as these events print it ('Nur-Sultan' for Astana)
    place_de: str = ""  # the place's German name (events.csv location_de), for the German edition
    printed_de: tuple[str, ...] = ()  # the spellings these events print that differ from the German name

    @property
    def events(self) -> int:
        return len(self.days) + len(self.month_only)


def places_and_days(events: pd.DataFrame, start: str, end: str, exclude: tuple[str, ...] = ()) -> list[PlaceDays]:
    """Every place (one English spelling) events of [start, end] name, with the days they give for it.

    An event belongs when its date can fall in the window (a month-only date overlapping it counts, kept apart
    from the days). Places in ``exclude`` (the country as a whole) are left out. Sorted by the first day named
    (places with only month-only events last), then by name; a place's documents in order of first mention, the
    days first; its other spellings as the events print them (column ``location_as_printed``), in the same order.
    """
    s, e = parameters.day(start), parameters.day(end)
    df = events[(events["location"].fillna("") != "") & ~events["location"].isin(exclude)]
    spans = [date_interval(d) for d in df["date"]]
    keep = [a <= e and b >= s for a, b in spans]
    df = df[keep]
    out = []
    for place, g in df.groupby("location", sort=False):
        g = g.assign(_month_only=g["date_precision"] != "day").sort_values(["_month_only", "date", "event_id"], kind="stable")
        day_rows = g[g["date_precision"] == "day"]
        days, seen = [], set()
        for r in day_rows.to_dict("records"):
            if r["date"] not in seen:
                seen.add(r["date"])
                days.append((r["date"], _event(r)))
        month = tuple(_event(r) for r in g[g["date_precision"] != "day"].to_dict("records"))
        printed = g["location_as_printed"].fillna("") if "location_as_printed" in g else pd.Series([], dtype=str)
        other = tuple(dict.fromkeys(x for x in printed if x and x != place))
        german = next((x for x in g["location_de"].map(_str) if x), "") if "location_de" in g else ""
        other_de = tuple(dict.fromkeys(x for x in printed if x and x != (german or place)))
        out.append(PlaceDays(place, tuple(days), month, tuple(dict.fromkeys(g["source_id"])), other, german, other_de))
    far = dt.date.max.isoformat()
    return sorted(out, key=lambda p: (p.days[0][0] if p.days else far, p.place))


def places_table(places: list[PlaceDays]) -> pd.DataFrame:
    """The places and days as a DataFrame (an analyst's view)."""
    return pd.DataFrame([{"place": p.place, "days": ", ".join(d for d, _ in p.days),
                          "month_only": len(p.month_only), "documents": ", ".join(p.documents)} for p in places],
                        columns=["place", "days", "month_only", "documents"])


# ---------------------------------------------------------------------------- the documents
@dataclass(frozen=True)
class Document:
    """A document as the caseworkers' section presents it: who wrote it, when, and the items that show how it knows."""

    source_id: str
    producer: str
    title: str
    date_published: str  # ISO
    kind: str
    basis: tuple[Item, ...]  # the items of the section whose rows are this document's


def documents(sources: pd.DataFrame, section: Section) -> list[Document]:
    """The documents in the registry's order, each with the items (of ``section``) whose rows it prints."""
    out = []
    for r in sources.itertuples(index=False):
        basis = tuple(i for i in section.items.values() if r.source_id in i.sources)
        out.append(Document(r.source_id, r.producer, r.title, r.date_published, r.kind, basis))
    return out
