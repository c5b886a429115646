"""What the timeline chapter (notebooks/02-timeline.ipynb) states: which events a window of days holds, how
they combine into the marks of figure 2.1 (one per day and lane) and figure 2.2 (the long view), the busiest
days, the dates of the key events, and the long view in numbers.

Everything is computed from the processed events table and the curated key events
(``curation.key_events``: which events a chart label or a phrase names, never a date or a number).

Date precision is never lost: an event is known to the day, only to the month or only to the year
(``date_precision``). An event belongs to a window when the day, month or year it can mean overlaps it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from kzreport.analysis import parameters
from kzreport.evidence.vocab import DATE_PRECISIONS, EVENT_CATEGORY_LABELS

# Lanes the long view (figure 2.2) adds to the chosen categories, and where.
LONG_VIEW_BEFORE = ("historical",)
LONG_VIEW_AFTER = ("judicial", "publication")
SPLIT_YEAR = 2022  # the long view switches from a year axis to a month axis here

PRECISION_RANK = {p: i for i, p in enumerate(DATE_PRECISIONS)}  # day, then month, then year


# ---------------------------------------------------------------------------- the window
@dataclass(frozen=True)
class Window:
    """The days and lanes of figure 2.1, from the chapter's parameters (checked by :func:`check_window`)."""

    start: dt.date
    end: dt.date
    categories: tuple[str, ...]  # the lanes, top to bottom, each once


def check_window(start: str, end: str, categories: list[str]) -> Window:
    """The window and lanes as the chapter uses them; a ValueError naming every unusable value (the rules of
    :mod:`kzreport.analysis.parameters`, which the build applies before the notebook runs)."""
    refused = parameters.check_all({"start": start, "end": end, "categories": categories}, None)
    if refused:
        raise ValueError("; ".join(r.message for r in refused))
    return Window(parameters.day(start), parameters.day(end), tuple(dict.fromkeys(categories)))


def date_interval(iso: str) -> tuple[dt.date, dt.date]:
    """First and last day a YYYY-MM-DD / YYYY-MM / YYYY date can mean."""
    iso = str(iso)
    if len(iso) == 4:
        y = int(iso)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if len(iso) == 7:
        y, m = int(iso[:4]), int(iso[5:7])
        return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])
    d = dt.date.fromisoformat(iso)
    return d, d


def with_intervals(events: pd.DataFrame) -> pd.DataFrame:
    """Events with the first and last day their date can mean (``first``, ``last`` as dates)."""
    spans = [date_interval(d) for d in events["date"]]
    return events.assign(first=[s[0] for s in spans], last=[s[1] for s in spans])


def _order(categories) -> dict[str, int]:
    return {c: i for i, c in enumerate(categories)}


def window_events(events: pd.DataFrame, w: Window) -> pd.DataFrame:
    """Every event of the window's categories whose date can fall in [start, end], with its ``lane``.

    An event known to the day is in the window when its day is; one known only to the month or
    year when that month or year overlaps the window. Sorted: known to the day first, by date;
    then month-only, then year-only; within a date by lane order, then event_id.
    """
    df = with_intervals(events[events["category"].isin(w.categories)])
    df = df[(df["first"] <= w.end) & (df["last"] >= w.start)]
    df = df.assign(lane=df["category"].map(EVENT_CATEGORY_LABELS),
                   _p=df["date_precision"].map(PRECISION_RANK), _c=df["category"].map(_order(w.categories)))
    df = df.sort_values(["_p", "first", "_c", "event_id"], kind="stable").drop(columns=["_p", "_c"])
    return df.reset_index(drop=True)


def _known_to_the_day(win: pd.DataFrame) -> pd.DataFrame:
    return win[win["date_precision"] == "day"]


def day_marks(win: pd.DataFrame, categories) -> pd.DataFrame:
    """One row per (day, lane) with events known to the day: how many events and documents."""
    cols = ["day", "category", "lane", "n_events", "n_documents", "event_ids", "source_ids"]
    days = _known_to_the_day(win)
    if days.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for (day, cat), g in days.groupby(["first", "category"], sort=False):
        rows.append({"day": day, "category": cat, "lane": EVENT_CATEGORY_LABELS[cat], "n_events": len(g),
                     "n_documents": g["source_id"].nunique(), "event_ids": ";".join(g["event_id"]),
                     "source_ids": ";".join(dict.fromkeys(g["source_id"]))})
    out = pd.DataFrame(rows, columns=cols)
    out = out.assign(_c=out["category"].map(_order(categories))).sort_values(["day", "_c"], kind="stable")
    return out.drop(columns="_c").reset_index(drop=True)


def busiest_days(win: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """Days with the most events known to the day (ties at the cut-off are kept), with documents."""
    days = _known_to_the_day(win)
    cols = ["day", "n_events", "n_documents"]
    if days.empty or top < 1:
        return pd.DataFrame(columns=cols)
    g = days.groupby("first").agg(n_events=("event_id", "size"), n_documents=("source_id", "nunique")).reset_index()
    g = g.rename(columns={"first": "day"})
    g = g.sort_values(["n_events", "n_documents", "day"], ascending=[False, False, True], kind="stable")
    cutoff = g["n_events"].iloc[min(top, len(g)) - 1]
    return g[g["n_events"] >= cutoff].reset_index(drop=True)[cols]


class BusyDay(NamedTuple):
    day: dt.date
    n_events: int
    n_documents: int


@dataclass(frozen=True)
class BusyDays:
    """On how many days events known to the day fall, and the busiest of them."""

    n_days: int
    days: tuple[BusyDay, ...]  # busiest_days


def busy_days(win: pd.DataFrame, top: int = 3) -> BusyDays:
    return BusyDays(int(_known_to_the_day(win)["first"].nunique()),
                    tuple(BusyDay(r.day, int(r.n_events), int(r.n_documents)) for r in busiest_days(win, top).itertuples()))


# ---------------------------------------------------------------------------- the broken day axis
def cut_axis(points, lo: int, hi: int, max_gap: int = 3, max_breaks: int = 3) -> list[tuple[int, int]]:
    """Stretches of an integer axis [lo, hi] to draw: runs of more than ``max_gap`` empty steps are cut.

    Empty runs at either end longer than ``max_gap`` are dropped; of the empty runs inside, the
    longest ``max_breaks`` (earlier first on ties) become breaks. Without any point: [(lo, hi)].
    """
    occupied = sorted({p for p in points if lo <= p <= hi})
    if not occupied:
        return [(lo, hi)]
    first, last = occupied[0], occupied[-1]
    if first - lo <= max_gap:  # short empty runs at the ends stay: the window's own edges show
        first = lo
    if hi - last <= max_gap:
        last = hi
    gaps = [(b - a - 1, a + 1, b - 1) for a, b in zip(occupied, occupied[1:]) if b - a - 1 > max_gap]
    gaps = sorted(gaps, key=lambda g: (-g[0], g[1]))[:max_breaks]
    segments, cur = [], first
    for _, g0, g1 in sorted(gaps, key=lambda g: g[1]):
        segments.append((cur, g0 - 1))
        cur = g1 + 1
    segments.append((cur, last))
    return segments


def axis_segments(days, start: dt.date, end: dt.date, max_gap: int = 3,
                  max_breaks: int = 3) -> list[tuple[dt.date, dt.date]]:
    """Stretches of the day axis of figure 2.1: runs of more than ``max_gap`` days without an event are cut."""
    cuts = cut_axis([d.toordinal() for d in days], start.toordinal(), end.toordinal(), max_gap, max_breaks)
    return [(dt.date.fromordinal(a), dt.date.fromordinal(b)) for a, b in cuts]


def axis_cuts(segments: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """The days left out between the stretches of an axis (first and last day of each cut)."""
    return [(s1 + dt.timedelta(days=1), n0 - dt.timedelta(days=1)) for (_, s1), (n0, _) in zip(segments, segments[1:])]


def imprecise_counts(win: pd.DataFrame) -> pd.DataFrame:
    """Per lane: events known only to the month and only to the year, with the periods named."""
    rows = []
    for cat, g in win[win["date_precision"] != "day"].groupby("category", sort=False):
        for prec in ("month", "year"):
            h = g[g["date_precision"] == prec]
            if len(h):
                rows.append({"category": cat, "lane": EVENT_CATEGORY_LABELS[cat], "precision": prec,
                             "n_events": len(h), "periods": ";".join(sorted(set(h["date"])))})
    return pd.DataFrame(rows, columns=["category", "lane", "precision", "n_events", "periods"])


# ---------------------------------------------------------------------------- key events
def key_events(curated: pd.DataFrame, figure: str) -> pd.DataFrame:
    """The curated key events of one figure (``day``: figure 2.1, ``long``: figure 2.2), in the file's order,
    ``event_ids`` as tuples."""
    rows = curated[curated["figure"] == figure]
    return rows.assign(event_ids=[tuple(str(s).split()) for s in rows["event_ids"]]).reset_index(drop=True)


def _de(key_event, column: str) -> str:
    """A key event's German ``label``/``words`` (key_events.csv ``label_de``/``words_de``), '' where it has none."""
    text = getattr(key_event, f"{column}_de", "")
    return text if isinstance(text, str) else ""


def _in(lang: str, key_event, column: str) -> str:
    """A key event's ``label``/``words`` in the language ``lang`` (the English where the German is empty)."""
    return (_de(key_event, column) if lang == "de" else "") or getattr(key_event, column)


def mark_labels(marks: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """Which key event labels which mark of figure 2.1: the first of ``keys`` whose events (in their order)
    fall on a mark not labelled yet. One row per labelled mark, by day then key, with the label in each language
    (``label``, ``label_de``)."""
    at = {}
    for r in marks.itertuples():
        for e in r.event_ids.split(";"):
            at[e] = (r.day, r.category)
    rows, taken = [], set()
    for k in keys.itertuples():
        for e in k.event_ids:
            if e in at and at[e] not in taken:
                taken.add(at[e])
                rows.append({"day": at[e][0], "category": at[e][1], "key": k.key, "label": k.label,
                             "label_de": _de(k, "label"), "place": k.place, "align": k.align})
                break
    out = pd.DataFrame(rows, columns=["day", "category", "key", "label", "label_de", "place", "align"])
    return out.sort_values(["day", "key"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class KeyEventDates:
    """A key event present in the window, with the days its events give (day-known events only)."""

    key: str
    words: str  # how the prose names it (curation)
    dates: tuple[tuple[dt.date, tuple[str, ...]], ...]  # (day, the events dating it there), by day

    @property
    def first(self) -> dt.date:
        return self.dates[0][0]


def key_event_dates(win: pd.DataFrame, keys: pd.DataFrame) -> list[KeyEventDates]:
    """Each key event with an event known to the day in the window, in order of its first day (then file order)."""
    days = _known_to_the_day(win).set_index("event_id")
    out = []
    for i, k in enumerate(keys.itertuples()):
        by_date: dict[dt.date, list[str]] = {}
        for e in k.event_ids:
            if e in days.index:
                by_date.setdefault(days.loc[e, "first"], []).append(e)
        if by_date:
            out.append((i, KeyEventDates(k.key, k.words, tuple((d, tuple(ids)) for d, ids in sorted(by_date.items())))))
    return [k for _, k in sorted(out, key=lambda r: (r[1].first, r[0]))]


def key_event_days(win: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """:func:`key_event_dates` as a table: one row per key event and day, with the events dating it there."""
    rows = [{"key": k.key, "words": k.words, "day": day, "event_ids": ";".join(ids), "days_given": len(k.dates)}
            for k in key_event_dates(win, keys) for day, ids in k.dates]
    return pd.DataFrame(rows, columns=["key", "words", "day", "event_ids", "days_given"])


def sequence_steps(win: pd.DataFrame, keys: pd.DataFrame) -> list[KeyEventDates]:
    """The key events the sequence names after the first protest: those not dated by protests (the first
    sentence dates the protests itself)."""
    protests = set(win.loc[win["category"] == "protest", "event_id"])
    return [k for k in key_event_dates(win, keys) if not all(e in protests for _, ids in k.dates for e in ids)]


@dataclass(frozen=True)
class FirstProtest:
    """The first day the window dates a protest, and the first day more than one document does."""

    day: dt.date
    documents: int
    event_ids: tuple[str, ...]
    shared_day: dt.date | None  # the first day more than one document dates protests to (None: the same day)
    shared_documents: int
    shared_event_ids: tuple[str, ...]


def first_protest(win: pd.DataFrame) -> FirstProtest | None:
    protests = _known_to_the_day(win)
    protests = protests[protests["category"] == "protest"]
    if protests.empty:
        return None
    per_day = protests.groupby("first").agg(ids=("event_id", list), docs=("source_id", "nunique")).sort_index()
    first = per_day.iloc[0]
    multi = per_day[per_day["docs"] > 1]
    shared = not multi.empty and multi.index[0] != per_day.index[0]
    return FirstProtest(
        day=per_day.index[0], documents=int(first["docs"]), event_ids=tuple(first["ids"]),
        shared_day=multi.index[0] if shared else None, shared_documents=int(multi.iloc[0]["docs"]) if shared else 0,
        shared_event_ids=tuple(multi.iloc[0]["ids"]) if shared else ())


# ---------------------------------------------------------------------------- the window in numbers
class Imprecise(NamedTuple):
    """Events whose date is known only to the month or only to the year, and the periods they give."""

    precision: str  # "month" or "year"
    events: int
    periods: tuple[str, ...]  # ISO (YYYY-MM or YYYY), sorted


@dataclass(frozen=True)
class Overview:
    """The window in numbers (the chapter's first paragraph)."""

    start: dt.date
    end: dt.date
    lanes: tuple[str, ...]  # the lanes shown, in order
    events: int
    documents: int
    by_lane: tuple[tuple[str, int], ...]  # (lane, events) for each lane with events, in lane order
    day_known: int
    marks: int  # marks of figure 2.1: one per day and lane
    shared_marks: int  # marks standing for reports by more than one document
    imprecise: tuple[Imprecise, ...]  # events known only to the month, then only to the year (if any)
    by_hand: int  # dates printed as a weekday or a relative date, resolved by hand


def overview(win: pd.DataFrame, w: Window) -> Overview:
    prec = win["date_precision"].value_counts()
    marks = day_marks(win, w.categories)
    by_lane = win["category"].value_counts()
    return Overview(
        start=w.start, end=w.end, lanes=tuple(EVENT_CATEGORY_LABELS[c] for c in w.categories), events=len(win),
        documents=win["source_id"].nunique(),
        by_lane=tuple((EVENT_CATEGORY_LABELS[c], int(by_lane[c])) for c in w.categories if c in by_lane),
        day_known=int(prec.get("day", 0)), marks=len(marks), shared_marks=int((marks["n_documents"] > 1).sum()),
        imprecise=tuple(Imprecise(p, int(prec[p]), tuple(sorted(set(win.loc[win["date_precision"] == p, "date"]))))
                        for p in ("month", "year") if prec.get(p, 0)),
        by_hand=int((~win["is_date_checked"].astype(bool)).sum()),
    )


@dataclass(frozen=True)
class DayFigureFacts:
    """What the caption and alt text of figure 2.1 state."""

    start: dt.date
    end: dt.date
    lanes: tuple[str, ...]
    documents: int
    day_known: int
    marks: int
    segments: tuple[tuple[dt.date, dt.date], ...]  # the stretches of days drawn
    cuts: tuple[tuple[dt.date, dt.date], ...]  # the days cut from the axis
    imprecise: int  # events known only to the month or year (stripes)
    busiest: tuple[BusyDay, ...]  # busiest_days
    labels: tuple[tuple[str, dt.date], ...]  # (label, day) of each labelled mark (mark_labels), by day
    stripes: tuple[tuple[str, str, int], ...]  # (lane, precision, events) per lane (imprecise_counts)


def day_figure_facts(win: pd.DataFrame, w: Window, keys: pd.DataFrame, lang: str = "en") -> DayFigureFacts:
    """The day figure's caption and alt text in numbers, its labels in the language ``lang`` (``label_de``: "de")."""
    marks = day_marks(win, w.categories)
    segments = axis_segments(list(marks["day"]), w.start, w.end)
    stripes = imprecise_counts(win)
    labels = mark_labels(marks, keys)
    if lang == "de":
        labels = labels.assign(label=[d or e for e, d in zip(labels["label"], labels["label_de"])])
    return DayFigureFacts(
        start=w.start, end=w.end, lanes=tuple(EVENT_CATEGORY_LABELS[c] for c in w.categories),
        documents=win["source_id"].nunique(), day_known=int((win["date_precision"] == "day").sum()), marks=len(marks),
        segments=tuple(segments), cuts=tuple(axis_cuts(segments)), imprecise=int(stripes["n_events"].sum()),
        busiest=busy_days(win).days, labels=tuple(zip(labels["label"], labels["day"])),
        stripes=tuple((r.lane, r.precision, int(r.n_events)) for r in stripes.itertuples()),
    )


def figure_day_data(win: pd.DataFrame, categories) -> pd.DataFrame:
    """The rows figure 2.1 plots: every event of the window, with the mark it belongs to."""
    marks = day_marks(win, categories)
    size = {(r.day, r.category): int(r.n_documents) for r in marks.itertuples()}
    drawn = []
    for r in win.itertuples():
        if r.date_precision == "day":
            drawn.append(("day mark", r.first.isoformat(), size[(r.first, r.category)]))
        else:
            drawn.append((f"{r.date_precision} stripe", r.date, None))
    out = win.assign(drawn_as=[d[0] for d in drawn], mark=[d[1] for d in drawn],
                     mark_documents=pd.array([d[2] for d in drawn], dtype="Int64"))
    return out[["event_id", "date", "date_precision", "category", "lane", "drawn_as", "mark", "mark_documents",
                "source_id", "date_text", "title"]]


def registry_order(source_ids, sources: pd.DataFrame) -> list[str]:
    """The documents among ``source_ids``, in the registry's order (a figure's source line)."""
    used = set(source_ids)
    return [sid for sid in sources["source_id"] if sid in used]


# ---------------------------------------------------------------------------- the long view (figure 2.2)
def long_view_lanes(categories) -> list[str]:
    cats = list(dict.fromkeys(categories))
    before = [c for c in LONG_VIEW_BEFORE if c not in cats]
    after = [c for c in LONG_VIEW_AFTER if c not in cats]
    return before + cats + after


def long_view_events(events: pd.DataFrame, categories) -> pd.DataFrame:
    """Events of the long view's lanes, each with the mark it belongs to.

    Before 2022 (year axis) marks combine the events of one lane, year and precision; from 2022
    (month axis) day- and month-known events combine by month, year-known ones by year.
    """
    lanes = long_view_lanes(categories)
    df = with_intervals(events[events["category"].isin(lanes)])
    panel = ["years" if f.year < SPLIT_YEAR else "months" for f in df["first"]]
    period = []
    for f, p, prec in zip(df["first"], panel, df["date_precision"]):
        if prec == "year" or p == "years":
            period.append(f"{f.year}")
        else:
            period.append(f"{f.year}-{f.month:02d}")
    df = df.assign(lane=df["category"].map(EVENT_CATEGORY_LABELS), panel=panel, period=period,
                   _c=df["category"].map(_order(lanes)), _p=df["date_precision"].map(PRECISION_RANK))
    df = df.assign(mark=df["category"] + "|" + df["date_precision"] + "|" + df["period"])
    df = df.assign(mark_events=df.groupby("mark")["event_id"].transform("size"))
    df = df.sort_values(["first", "_c", "_p", "event_id"], kind="stable").drop(columns=["_c", "_p"])
    return df.reset_index(drop=True)


def long_marks(lv: pd.DataFrame) -> pd.DataFrame:
    """One row per mark of figure 2.2: lane, precision, period, x position (day ordinal) and extent."""
    rows = []
    for mark, g in lv.groupby("mark", sort=False):
        prec = g["date_precision"].iloc[0]
        p0, p1 = date_interval(g["period"].iloc[0])
        if prec == "day":
            xs = sorted(d.toordinal() for d in g["first"])
            x = xs[len(xs) // 2]
        elif prec == "month" and len(g["date"].unique()) == 1:
            m0, m1 = date_interval(g["date"].iloc[0])
            x = (m0.toordinal() + m1.toordinal()) / 2
        else:
            x = (p0.toordinal() + p1.toordinal()) / 2
        rows.append({"mark": mark, "category": g["category"].iloc[0], "precision": prec, "panel": g["panel"].iloc[0],
                     "period": g["period"].iloc[0], "x": x, "x0": date_interval(g["date"].min())[0].toordinal(),
                     "x1": date_interval(g["date"].max())[1].toordinal(), "n_events": len(g),
                     "n_documents": g["source_id"].nunique(), "event_ids": ";".join(g["event_id"])})
    return pd.DataFrame(rows, columns=["mark", "category", "precision", "panel", "period", "x", "x0", "x1", "n_events",
                                       "n_documents", "event_ids"])


def long_panels(lv: pd.DataFrame) -> list[tuple[str, int, int]]:
    """The stretches of figure 2.2's axis: ("years", first, last) before 2022, ("months", ordinal, ordinal) after."""
    years = sorted({d.year for d in lv["first"] if d.year < SPLIT_YEAR} | {d.year for d in lv["last"] if d.year < SPLIT_YEAR})
    panels = []
    if years:
        panels += [("years", a, b) for a, b in cut_axis(years, years[0], SPLIT_YEAR - 1, max_gap=3, max_breaks=2)]
    last = max(list(lv["last"]) + [dt.date(SPLIT_YEAR, 12, 31)])
    m_end = dt.date(last.year + (last.month == 12), last.month % 12 + 1, 1)  # the first day after the last month
    panels.append(("months", dt.date(SPLIT_YEAR, 1, 1).toordinal(), m_end.toordinal()))
    return panels


def long_mark_labels(marks: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """Which key event labels which mark of figure 2.2: for each of ``keys`` in order, the first of its events
    (in their order) on a mark not labelled yet labels that mark."""
    ids_of = {r.mark: r.event_ids.split(";") for r in marks.itertuples()}
    rows, taken = [], set()
    for k in keys.itertuples():
        for e in k.event_ids:
            hit = [m for m, ids in ids_of.items() if e in ids]
            if hit and hit[0] not in taken:
                taken.add(hit[0])
                rows.append({"mark": hit[0], "key": k.key, "label": k.label, "label_de": _de(k, "label"),
                             "place": k.place, "align": k.align})
                break
    return pd.DataFrame(rows, columns=["mark", "key", "label", "label_de", "place", "align"])


def long_figure_data(lv: pd.DataFrame) -> pd.DataFrame:
    return lv[["event_id", "date", "date_precision", "category", "lane", "panel", "mark", "mark_events", "source_id",
               "date_text", "title"]]


@dataclass(frozen=True)
class LongViewFacts:
    """What the caption and alt text of figure 2.2 state."""

    start: dt.date  # the window of figure 2.1, shaded
    end: dt.date
    events: int
    documents: int
    lanes: tuple[str, ...]
    first_date: str  # ISO, as curated ('' without events)
    last_date: str
    first_year: int | None
    last_year: int | None
    axis_years: tuple[int, int]  # the years the axis spans (at least the split year)
    split_year: int  # the axis changes scale here
    years_until: int  # the last year of the year axis
    marks: int
    day_known: int
    month_only: int
    year_only: int
    by_lane: tuple[tuple[str, int], ...]  # (lane, events) for every lane, in lane order
    largest: tuple[tuple[str, str, str, int], ...]  # (lane, period, precision, events) of the marks with the most events


def long_view_facts(lv: pd.DataFrame, w: Window, largest: int = 3) -> LongViewFacts:
    lanes = long_view_lanes(w.categories)
    marks = long_marks(lv)
    prec = lv["date_precision"].value_counts()
    per_lane = lv.groupby("category")["event_id"].size()
    dense = marks.sort_values(["n_events", "x"], ascending=[False, True], kind="stable").head(largest)
    return LongViewFacts(
        start=w.start, end=w.end, events=len(lv), documents=lv["source_id"].nunique(),
        lanes=tuple(EVENT_CATEGORY_LABELS[c] for c in lanes),
        first_date=lv["date"].iloc[0] if len(lv) else "", last_date=lv["date"].iloc[-1] if len(lv) else "",
        first_year=lv["first"].min().year if len(lv) else None, last_year=lv["last"].max().year if len(lv) else None,
        axis_years=(min([d.year for d in lv["first"]] + [SPLIT_YEAR]), max([d.year for d in lv["last"]] + [SPLIT_YEAR])),
        split_year=SPLIT_YEAR, years_until=SPLIT_YEAR - 1, marks=len(marks),
        day_known=int(prec.get("day", 0)), month_only=int(prec.get("month", 0)), year_only=int(prec.get("year", 0)),
        by_lane=tuple((EVENT_CATEGORY_LABELS[c], int(per_lane.get(c, 0))) for c in lanes),
        largest=tuple((EVENT_CATEGORY_LABELS[r.category], r.period, r.precision, int(r.n_events)) for r in dense.itertuples()),
    )


def _titles(events: pd.DataFrame, lang: str) -> list[str]:
    """The events' titles in the language ``lang`` (``title_de`` for "de" where filled)."""
    if lang != "de" or "title_de" not in events:
        return list(events["title"])
    return [d if isinstance(d, str) and d.strip() else e for e, d in zip(events["title"], events["title_de"])]


@dataclass(frozen=True)
class LongViewStory:
    """The long view in words: earlier events, the events named on the chart, the trials, the latest reports."""

    events: int
    split_year: int
    earlier: int  # events before the split year
    earlier_documents: int
    earlier_years: tuple[tuple[int, int, int], ...]  # (year, events, documents), the years named most often
    named: tuple[tuple[str, str, tuple[str, ...]], ...]  # (words, ISO date of the first event, event ids)
    judicial: int
    judicial_by_year: tuple[tuple[int, int], ...]  # (year, events)
    judicial_first: str  # ISO
    judicial_last: str
    reports_year: int | None  # the latest year reports were published in
    reports: tuple[tuple[str, str, str], ...]  # (title, ISO date, event_id) of that year's reports


def long_view_story(lv: pd.DataFrame, keys: pd.DataFrame, top_years: int = 3, lang: str = "en") -> LongViewStory:
    """The long view in words; the key events' ``words`` and the reports' titles in the language ``lang``
    (key_events.csv ``words_de``, events ``title_de`` for "de")."""
    year = lv["first"].map(lambda d: d.year)
    hist = lv[lv["category"] == "historical"]
    by_year = hist.groupby(year[hist.index]).agg(n=("event_id", "size"), docs=("source_id", "nunique"))
    top = by_year.sort_values(["n", "docs"], ascending=False, kind="stable").head(top_years)
    named = []
    for k in keys.itertuples():
        hit = lv[lv["event_id"].isin(k.event_ids)]
        if not hit.empty:
            first = hit.sort_values(["first", "event_id"], kind="stable").iloc[0]
            named.append((_in(lang, k, "words"), first["date"], tuple(hit["event_id"])))
    jud = lv[lv["category"] == "judicial"]
    pubs = lv[lv["category"] == "publication"]
    reports_year = int(max(year[pubs.index])) if len(pubs) else None
    latest = pubs[year[pubs.index] == reports_year]
    return LongViewStory(
        events=len(lv), split_year=SPLIT_YEAR, earlier=len(hist), earlier_documents=hist["source_id"].nunique(),
        earlier_years=tuple((int(y), int(r.n), int(r.docs)) for y, r in top.iterrows()), named=tuple(named),
        judicial=len(jud), judicial_by_year=tuple((int(y), int(n)) for y, n in jud.groupby(year[jud.index])["event_id"].size().items()),
        judicial_first=jud["date"].iloc[0] if len(jud) else "", judicial_last=jud["date"].iloc[-1] if len(jud) else "",
        reports_year=reports_year, reports=tuple(zip(_titles(latest, lang), latest["date"], latest["event_id"])),
    )
