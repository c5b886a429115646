"""The event timeline chapter (notebooks/02-timeline.ipynb): what happened when, by whose account.

Everything here is computed from the processed events table. The only hand-written content is
curation: plain-English lane names and a few short chart labels keyed by ``event_id`` (which
event a label belongs to, never a number or a date).

Date precision is never lost: an event is known to the day, only to the month or only to the
year (``date_precision``). Figure 2.1 draws day-known events as one mark per day and lane and
month- or year-known events as stripes across the lane; figure 2.2 draws them as filled markers,
hollow markers with a bracket across the month, and bars across the year.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import pandas as pd

from kzreport.report import style
from kzreport.report.present import capped_table, esc, fmt_date, processed_csv
from kzreport.evidence.vocab import EVENT_CATEGORIES

# ---------------------------------------------------------------------------- curation
DEFAULT_CATEGORIES = ["protest", "state_measure", "security_operation", "information_blackout", "casualty_report",
                      "international"]

LANE_LABELS = {
    "protest": "Protests",
    "state_measure": "State measures",
    "security_operation": "Security operations",
    "information_blackout": "Information blackout",
    "casualty_report": "Casualty reports",
    "international": "International",
    "judicial": "Trials and investigations",
    "historical": "Earlier events",
    "publication": "Reports published",
}

# Lanes the long view (figure 2.2) adds to the chosen categories, and where.
LONG_VIEW_BEFORE = ("historical",)
LONG_VIEW_AFTER = ("judicial", "publication")

PRECISION_LABELS = {"day": "day", "month": "month only", "year": "year only"}
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
PRECISION_WORDS = {"day": "known to the day", "month": "known only to the month", "year": "known only to the year"}


@dataclass(frozen=True)
class KeyEvent:
    """A key event: its label on the chart, the words used in the sequence, and where the label sits."""

    key: str
    label: str  # short text drawn next to the mark
    words: str  # how the sequence sentence names it
    event_ids: tuple[str, ...]  # the events (one or several documents) that date it
    place: str = "above"  # "above" or "below" the lane
    ha: str = "center"  # horizontal alignment of the label: "center", "left" (text starts at the mark), "right"


# Figure 2.1 labels and the sequence in words. Curation only: the dates come from the events.
KEY_EVENTS: tuple[KeyEvent, ...] = (
    KeyEvent("protests_begin", "Protests begin in Zhanaozen", "protests begin in Zhanaozen",
             ("europarl_2022-e016", "crimethinc_2022-e016"), "above", "center"),
    KeyEvent("internet_restricted", "Internet restricted", "mobile internet and social networks are restricted",
             ("europarl_2022-e024", "europarl_2022-e030"), "below", "right"),
    KeyEvent("state_of_emergency", "State of emergency", "a nationwide state of emergency is declared",
             ("europarl_2022-e025",), "above", "right"),
    KeyEvent("csto_arrival", "CSTO troops arrive", "CSTO troops arrive",
             ("europarl_2022-e026", "taz_2022-e007"), "above", "right"),
    KeyEvent("internet_cut", "Internet cut in Almaty", "all internet connections are cut in Almaty",
             ("crimethinc_2022-e034",), "below", "left"),
    KeyEvent("shoot_order", "Order to shoot without warning", "the president orders security forces to shoot without warning",
             ("taz_2022-e002", "europarl_2022-e031"), "above", "left"),
    KeyEvent("tolls", "First official tolls", "the first official tolls of dead and detained are announced",
             ("taz_2022-e004", "taz_2022-e005"), "below", "center"),
    KeyEvent("csto_withdrawal_announced", "CSTO withdrawal announced", "the withdrawal of the CSTO troops is announced",
             ("europarl_2022-e027",), "above", "right"),
    KeyEvent("csto_withdrawal", "CSTO withdrawal deadline", "the deadline for the CSTO withdrawal falls",
             ("europarl_2022-e028",), "below", "right"),
)

# Figure 2.2 labels, keyed by event_id (the first one present in a mark labels it).
LONG_LABELS: tuple[KeyEvent, ...] = (
    KeyEvent("jeltoqsan", "Jeltoqsan", "the Jeltoqsan uprising in Almaty",
             ("crimethinc_2022-e026", "crimethinc_2022-e024"), "above", "center"),
    KeyEvent("zhanaozen", "Zhanaozen", "the shootings of striking oil workers in Zhanaozen",
             ("crimethinc_2022-e028", "crimethinc_2022-e010", "europarl_2022-e018"), "above", "center"),
    KeyEvent("bloody_january", "Bloody January", "the unrest of January 2022",
             ("accord_2024-e003", "accord_2024-e027"), "above", "left"),
    KeyEvent("mamai", "Mamai case", "the detention of the opposition politician Janbolat Mamai",
             ("amnesty_2022-e001",), "above", "left"),
    KeyEvent("officers_sentenced", "Officers sentenced", "officers are sentenced over deaths in custody",
             ("accord_2024-e053",), "above", "center"),
    KeyEvent("un_cat", "UN CAT", "the UN Committee against Torture publishes its concluding observations",
             ("accord_2024-e058",), "above", "right"),
    KeyEvent("hrw_2024", "HRW report", "Human Rights Watch publishes its World Report chapter",
             ("accord_2024-e059",), "below", "right"),
    KeyEvent("accord_2024", "ACCORD report", "ACCORD publishes its query response",
             ("accord_2024-e001",), "above", "right"),
)


# ---------------------------------------------------------------------------- small helpers
def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def _and(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def parse_day(text: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise ValueError(f"{name} must be a date as YYYY-MM-DD, got {text!r}") from None


def check_params(start: str, end: str, categories: list[str]) -> tuple[dt.date, dt.date, list[str]]:
    """The window and lanes as the chapter uses them; a clear error for anything unusable."""
    a, b = parse_day(start, "start"), parse_day(end, "end")
    if a > b:
        raise ValueError(f"start {start} is after end {end}")
    if isinstance(categories, str) or not list(categories):
        raise ValueError(f"categories must be a non-empty list of event categories, got {categories!r}")
    unknown = [c for c in categories if c not in EVENT_CATEGORIES]
    if unknown:
        raise ValueError(f"unknown event categor{'y' if len(unknown) == 1 else 'ies'} {', '.join(map(repr, unknown))} "
                         f"(known: {', '.join(EVENT_CATEGORIES)})")
    return a, b, list(dict.fromkeys(categories))


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


def fmt_range(a: dt.date, b: dt.date) -> str:
    """'1–23 January 2022', '28 January – 3 February 2022', '5 January 2022'."""
    if a == b:
        return fmt_date(a.isoformat())
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {b:%B %Y}"
    if a.year == b.year:
        return f"{a.day} {a:%B} – {b.day} {b:%B %Y}"
    return f"{fmt_date(a.isoformat())} – {fmt_date(b.isoformat())}"


def _edge(category: str) -> str:
    """Marker edge: white, except a dark edge around light fills (yellow) so they stay visible."""
    return "#6b6100" if category == "publication" else "white"


def _area(category: str, s: float) -> float:
    """Marker area, enlarged for the star, which looks smaller than the other shapes at the same area."""
    return s * 1.8 if style.CATEGORY_MARKERS.get(category) == "*" else s


def lane_label(category: str) -> str:
    return LANE_LABELS.get(category, category.replace("_", " "))


# ---------------------------------------------------------------------------- tables
def with_intervals(events: pd.DataFrame) -> pd.DataFrame:
    """Events with the first and last day their date can mean (``first``, ``last`` as dates)."""
    spans = [date_interval(d) for d in events["date"]]
    return events.assign(first=[s[0] for s in spans], last=[s[1] for s in spans])


def window_events(events: pd.DataFrame, start: str, end: str, categories: list[str]) -> pd.DataFrame:
    """Every event of the chosen categories whose date can fall in [start, end].

    An event known to the day is in the window when its day is; one known only to the month or
    year when that month or year overlaps the window. Sorted: known to the day first, by date;
    then month-only, then year-only; within a date by lane order, then event_id.
    """
    a, b, cats = check_params(start, end, categories)
    df = with_intervals(events[events["category"].isin(cats)])
    df = df[(df["first"] <= b) & (df["last"] >= a)]
    order = {c: i for i, c in enumerate(cats)}
    df = df.assign(lane=df["category"].map(lane_label),
                   _p=df["date_precision"].map(PRECISION_RANK), _c=df["category"].map(order))
    df = df.sort_values(["_p", "first", "_c", "event_id"], kind="stable").drop(columns=["_p", "_c"])
    return df.reset_index(drop=True)


def day_marks(win: pd.DataFrame, categories: list[str]) -> pd.DataFrame:
    """One row per (day, lane) with events known to the day: how many events and documents."""
    cols = ["day", "category", "lane", "n_events", "n_documents", "event_ids", "source_ids"]
    days = win[win["date_precision"] == "day"]
    if days.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for (day, cat), g in days.groupby(["first", "category"], sort=False):
        rows.append({"day": day, "category": cat, "lane": lane_label(cat), "n_events": len(g),
                     "n_documents": g["source_id"].nunique(), "event_ids": ";".join(g["event_id"]),
                     "source_ids": ";".join(dict.fromkeys(g["source_id"]))})
    order = {c: i for i, c in enumerate(categories)}
    out = pd.DataFrame(rows, columns=cols)
    out = out.assign(_c=out["category"].map(order)).sort_values(["day", "_c"], kind="stable").drop(columns="_c")
    return out.reset_index(drop=True)


def busiest_days(win: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """Days with the most events known to the day (ties at the cut-off are kept), with documents."""
    days = win[win["date_precision"] == "day"]
    cols = ["day", "n_events", "n_documents"]
    if days.empty or top < 1:
        return pd.DataFrame(columns=cols)
    g = days.groupby("first").agg(n_events=("event_id", "size"), n_documents=("source_id", "nunique")).reset_index()
    g = g.rename(columns={"first": "day"})
    g = g.sort_values(["n_events", "n_documents", "day"], ascending=[False, False, True], kind="stable")
    cutoff = g["n_events"].iloc[min(top, len(g)) - 1]
    return g[g["n_events"] >= cutoff].reset_index(drop=True)[cols]


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


def axis_segments(days, start: dt.date, end: dt.date, max_gap: int = 3, max_breaks: int = 3) -> list[tuple[dt.date, dt.date]]:
    """Stretches of the day axis of figure 2.1: runs of more than ``max_gap`` days without an event are cut."""
    cuts = cut_axis([d.toordinal() for d in days], start.toordinal(), end.toordinal(), max_gap, max_breaks)
    return [(dt.date.fromordinal(a), dt.date.fromordinal(b)) for a, b in cuts]


def imprecise_counts(win: pd.DataFrame) -> pd.DataFrame:
    """Per lane: events known only to the month and only to the year, with the periods named."""
    rows = []
    for cat, g in win[win["date_precision"] != "day"].groupby("category", sort=False):
        for prec in ("month", "year"):
            h = g[g["date_precision"] == prec]
            if len(h):
                rows.append({"category": cat, "precision": prec, "n_events": len(h),
                             "periods": ";".join(sorted(set(h["date"])))})
    return pd.DataFrame(rows, columns=["category", "precision", "n_events", "periods"])


def key_event_dates(win: pd.DataFrame, keys: tuple[KeyEvent, ...] = KEY_EVENTS) -> list[dict]:
    """Each key event present in the window, with the dates its events give (day-known only)."""
    days = win[win["date_precision"] == "day"].set_index("event_id")
    out = []
    for k in keys:
        present = [e for e in k.event_ids if e in days.index]
        if not present:
            continue
        by_date: dict[dt.date, list[str]] = {}
        for e in present:
            by_date.setdefault(days.loc[e, "first"], []).append(e)
        out.append({"key": k, "dates": dict(sorted(by_date.items())), "first": min(by_date)})
    return sorted(out, key=lambda r: (r["first"], [k.key for k in keys].index(r["key"].key)))


# ---------------------------------------------------------------------------- prose
def overview_html(win: pd.DataFrame, start: str, end: str, categories: list[str]) -> str:
    a, b, cats = check_params(start, end, categories)
    lanes = _and([lane_label(c) for c in cats])
    if win.empty:
        return f"<p>No event of the categories shown ({esc(lanes)}) can be dated to {esc(fmt_range(a, b))}.</p>"
    prec = win["date_precision"].value_counts()
    n_day, n_month, n_year = (int(prec.get(p, 0)) for p in ("day", "month", "year"))
    marks = day_marks(win, cats)
    by_lane = win["category"].value_counts()
    lane_counts = _and([f"{esc(lane_label(c))} {esc(int(by_lane[c]))}" for c in cats if c in by_lane])
    several = marks[marks["n_documents"] > 1]
    text = (f"<p>Between {esc(fmt_range(a, b))}, the evidence holds {esc(_n(len(win), 'event'))} in the categories shown, "
            f"printed by {esc(_n(win['source_id'].nunique(), 'document'))} ({lane_counts}). "
            f"{esc(n_day)} are known to the day; they make {esc(_n(len(marks), 'mark'))} in figure 2.1, one per day and lane, "
            f"because documents often print the same event: {esc(_n(len(several), 'mark'))} "
            f"{'stands' if len(several) == 1 else 'stand'} for reports by more than one document. ")
    if n_month or n_year:
        months = sorted(set(win.loc[win["date_precision"] == "month", "date"]))
        years = sorted(set(win.loc[win["date_precision"] == "year", "date"]))
        parts = []
        if n_month:
            parts.append(f"{esc(_n(n_month, 'event'))} {'is' if n_month == 1 else 'are'} known only to the month "
                         f"({esc(_and([fmt_date(m) for m in months]))})")
        if n_year:
            parts.append(f"{esc(_n(n_year, 'event'))} only to the year ({esc(_and(years))})")
        text += (f"{_and(parts)}: the documents do not say on which day, so the chart shows them as a stripe across "
                 f"the lane, never as a day.")
    hand = int((~win["is_date_checked"].astype(bool)).sum())
    if hand:
        text += (f" {esc(_n(hand, 'date'))} {'was' if hand == 1 else 'were'} printed as a weekday or a relative date "
                 f"(<em>am Sonntag</em>, <em>am nächsten Morgen</em>) and resolved by hand; the table marks them.")
    return text + "</p>"


def busiest_days_html(win: pd.DataFrame, top: int = 3) -> str:
    busy = busiest_days(win, top)
    if busy.empty:
        return "<p>No event in this window is known to the day.</p>"
    parts = [f"{esc(fmt_date(r.day.isoformat()))} ({esc(_n(int(r.n_events), 'event'))} from "
             f"{esc(_n(int(r.n_documents), 'document'))})" for r in busy.itertuples()]
    n_days = win.loc[win["date_precision"] == "day", "first"].nunique()
    return (f"<p>Events known to the day fall on {esc(_n(n_days, 'day'))} of the window. "
            f"The days with the most reported events are {_and(parts)}.</p>")


def sequence_html(win: pd.DataFrame) -> str:
    """The sequence in words: first protest, then the key events, each dated and cited from the data."""
    days = win[win["date_precision"] == "day"]
    sentences = []
    protests = days[days["category"] == "protest"]
    if not protests.empty:
        per_day = protests.groupby("first").agg(ids=("event_id", list), docs=("source_id", "nunique")).sort_index()
        first_day = per_day.index[0]
        first = per_day.iloc[0]
        s = (f"In this window, the first protest dated to the day falls on {esc(fmt_date(first_day.isoformat()))}, in "
             f"{esc(_n(int(first['docs']), 'document'))} ({esc(', '.join(first['ids']))})")
        multi = per_day[per_day["docs"] > 1]
        if not multi.empty and multi.index[0] != first_day:
            m = multi.iloc[0]
            s += (f"; {esc(_n(int(m['docs']), 'document'))} date protests to {esc(fmt_date(multi.index[0].isoformat()))} "
                  f"({esc(', '.join(m['ids']))})")
        sentences.append(s + ".")
    steps = []
    for k in key_event_dates(win):
        if k["key"].key == "protests_begin":
            continue
        when = "; ".join(f"{esc(fmt_date(d.isoformat()))} ({esc(', '.join(ids))})" for d, ids in k["dates"].items())
        if len(k["dates"]) > 1:
            when = "documents disagree: " + when
        steps.append(f"{esc(k['key'].words)} on {when}")
    if steps:
        sentences.append("Then " + "; ".join(steps) + ".")
    if not sentences:
        return "<p>None of the key events of the unrest falls in this window.</p>"
    return "<p>" + " ".join(sentences) + "</p>"


def events_table_html(win: pd.DataFrame, max_rows: int = 0) -> str:
    """Every event of the window, in the figure's order; at most ``max_rows`` rows printed (0: all)."""
    if win.empty:
        return "<p>No events to list.</p>"
    view = win.assign(
        precision=win["date_precision"].map(PRECISION_LABELS),
        checked=[("read from the text" if c else "resolved by hand") for c in win["is_date_checked"].astype(bool)],
    )
    intro = (f"<p>Every event of the window ({esc(_n(len(win), 'row'))}): known to the day first, by date, "
             "then those known only to the month or year. The id leads to the quote in the evidence tables.</p>")
    return intro + capped_table(
        view, max_rows, processed_csv("events.csv"),
        ["date", "date_text", "precision", "checked", "lane", "title", "source_id", "event_id"],
        ["Date (ISO)", "Date as printed", "Known to", "How the date was read", "Category", "Event", "Document", "Event id"],
        css_class="data timeline")


# ---------------------------------------------------------------------------- figure 2.1
def _x(d: dt.date) -> int:
    return d.toordinal()


def figure_day_data(win: pd.DataFrame, categories: list[str]) -> pd.DataFrame:
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


def day_figure(win: pd.DataFrame, start: str, end: str, categories: list[str]):
    """Figure 2.1: lanes by category, one mark per day and lane, stripes for month/year-only events."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    a, b, cats = check_params(start, end, categories)
    marks = day_marks(win, cats)
    segments = axis_segments(list(marks["day"]), a, b)
    n = len(cats)
    widths = [(s1 - s0).days + 1.2 for s0, s1 in segments]
    imprecise = imprecise_counts(win)
    note_w = 1.25 if not imprecise.empty else 0.15
    fig_w = 7.5
    fig_h = 1.5 + 0.52 * n
    fig = plt.figure(figsize=(fig_w, fig_h))
    left_in = 1.35
    gs = fig.add_gridspec(1, len(segments), width_ratios=widths, wspace=0.05,
                          left=left_in / fig_w, right=1 - note_w / fig_w, top=1 - 0.62 / fig_h, bottom=0.66 / fig_h)
    axes = [fig.add_subplot(gs[0, i]) for i in range(len(segments))]
    y_of = {c: i for i, c in enumerate(cats)}
    max_docs = int(marks["n_documents"].max()) if not marks.empty else 1

    def size(docs: int) -> float:
        return 34.0 + 46.0 * (docs - 1)

    labels = _labels_for_marks(win, marks)
    for i, (ax, (s0, s1)) in enumerate(zip(axes, segments)):
        x0, x1 = _x(s0) - 0.6, _x(s1) + 0.6
        ax.set_xlim(x0, x1)
        ax.set_ylim(n - 0.45, -0.75)
        ax.grid(False)
        for c in cats:  # lane guide lines
            ax.axhline(y_of[c], color="#dddddd", lw=0.8, zorder=0)
        # month- and year-only events: a stripe across the part of the lane their period covers
        for r in imprecise.itertuples():
            colour = style.CATEGORY_COLORS.get(r.category, "#999999")
            for period in r.periods.split(";"):
                p0, p1 = date_interval(period)
                lo, hi = max(_x(p0) - 0.5, x0), min(_x(p1) + 0.5, x1)
                if lo >= hi:
                    continue
                if r.precision == "month":
                    ax.add_patch(Rectangle((lo, y_of[r.category] - 0.13), hi - lo, 0.26, facecolor=colour, alpha=0.16,
                                           edgecolor="none", zorder=1))
                else:
                    ax.add_patch(Rectangle((lo, y_of[r.category] - 0.13), hi - lo, 0.26, facecolor="none",
                                           edgecolor=colour, alpha=0.3, hatch="////", lw=0, zorder=1))
        seg = marks[(marks["day"] >= s0) & (marks["day"] <= s1)]
        for r in seg.itertuples():
            x, y = _x(r.day), y_of[r.category]
            ax.scatter([x], [y], s=_area(r.category, size(int(r.n_documents))),
                       marker=style.CATEGORY_MARKERS.get(r.category, "o"),
                       color=style.CATEGORY_COLORS.get(r.category, "#999999"), edgecolor=_edge(r.category),
                       linewidth=0.6, zorder=3)
            if r.n_documents > 1:
                ax.annotate(str(int(r.n_documents)), (x, y), xytext=(5, 4), textcoords="offset points", fontsize=6.5,
                            color="#333333", fontweight="bold", zorder=4)
            lab = labels.get((r.day, r.category))
            if lab is not None:
                dy = 9 if lab.place == "above" else -9
                hx = {"center": 0, "left": -4, "right": 4}[lab.ha]
                ax.annotate(lab.label, (x, y), xytext=(hx, dy), textcoords="offset points", fontsize=7,
                            ha=lab.ha, va="bottom" if lab.place == "above" else "top", color="#222222",
                            annotation_clip=False, zorder=5)
        days = pd.date_range(s0, s1, freq="D").date
        step = 1 if len(days) <= 16 else (2 if len(days) <= 32 else 7)
        ticks = [d for j, d in enumerate(days) if j % step == 0]
        ax.set_xticks([_x(d) for d in ticks])
        ax.set_xticklabels([(f"{d.day}\n{d:%b}" if (j == 0 or d.day == 1 or d == ticks[0]) else f"{d.day}")
                            for j, d in enumerate(ticks)], fontsize=7.5)
        ax.tick_params(axis="x", length=2)
        ax.spines["left"].set_visible(i == 0)
        ax.spines["right"].set_visible(False)
        if i == 0:
            ax.set_yticks(range(n))
            ax.set_yticklabels([lane_label(c) for c in cats])
            ax.tick_params(axis="y", length=0)
        else:
            ax.set_yticks([])
        _break_marks(ax, fig_w, left=i > 0, right=i < len(segments) - 1)
    if not imprecise.empty:
        last = axes[-1]
        last.annotate("Day not known", (1, -0.75), xycoords=("axes fraction", "data"), xytext=(10, 0),
                      textcoords="offset points", fontsize=7, fontweight="bold", va="center", annotation_clip=False)
        for cat, g in imprecise.groupby("category", sort=False):
            text = "\n".join(f"{int(r.n_events)} in {_period_words(r.periods)}" for r in g.itertuples())
            last.annotate(text, (1, y_of[cat]), xycoords=("axes fraction", "data"), xytext=(10, 0),
                          textcoords="offset points", fontsize=7, va="center", color="#333333",
                          annotation_clip=False)
    if marks.empty:
        axes[0].text(0.5, 0.5, "No event known to the day in this window", transform=axes[0].transAxes,
                     ha="center", va="center", fontsize=8, color="#555555")
    fig.text(left_in / fig_w, 1 - 0.12 / fig_h, f"What happened when: {fmt_range(a, b)}, day by day",
             fontsize=10, fontweight="bold", ha="left", va="top")
    fig.text(left_in / fig_w, 1 - 0.34 / fig_h,
             "One mark per day and category; size and number: how many documents report an event that day",
             fontsize=7.5, ha="left", va="top", color="#444444")
    handles = [Line2D([], [], ls="", marker="o", color="#777777", markeredgecolor="white",
                      markersize=size(d) ** 0.5, label=_n(d, "document")) for d in range(1, max_docs + 1)]
    if (imprecise["precision"] == "month").any():
        handles.append(Patch(facecolor="#777777", alpha=0.25, edgecolor="none", label="known only to the month"))
    if (imprecise["precision"] == "year").any():
        handles.append(Patch(facecolor="none", edgecolor="#777777", hatch="////", lw=0, label="known only to the year"))
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(left_in / fig_w, 0.0), ncol=len(handles),
               fontsize=7, handletextpad=0.4, columnspacing=1.2, borderaxespad=0.2)
    return fig


def _period_words(periods: str) -> str:
    ps = periods.split(";")
    if len(ps) == 1:
        return fmt_date(ps[0])
    return f"{len(ps)} periods"


def _labels_for_marks(win: pd.DataFrame, marks: pd.DataFrame, keys: tuple[KeyEvent, ...] = KEY_EVENTS) -> dict:
    """(day, category) -> the KeyEvent whose label sits on that mark (first in ``keys`` order wins)."""
    at = {}
    for r in marks.itertuples():
        for e in r.event_ids.split(";"):
            at[e] = (r.day, r.category)
    out = {}
    for k in keys:
        for e in k.event_ids:
            if e in at and at[e] not in out:
                out[at[e]] = k
                break
    return out


def day_figure_text(win: pd.DataFrame, start: str, end: str, categories: list[str]) -> tuple[str, str]:
    """Caption and alt text of figure 2.1, computed."""
    a, b, cats = check_params(start, end, categories)
    marks = day_marks(win, cats)
    segments = axis_segments(list(marks["day"]), a, b)
    imprecise = imprecise_counts(win)
    n_day = int((win["date_precision"] == "day").sum())
    cuts = [fmt_range(s1 + dt.timedelta(days=1), n0 - dt.timedelta(days=1))
            for (_, s1), (n0, _) in zip(segments, segments[1:])]
    caption = (f"Events of {fmt_range(a, b)} by category, as dated in {_n(win['source_id'].nunique(), 'document')}. "
               f"Each mark stands for all events of one category on one day; its size and number give how many documents "
               f"report them ({_n(n_day, 'event')} known to the day in {_n(len(marks), 'mark')}).")
    if cuts:
        caption += f" Days without any event are cut from the axis ({_and(cuts)})."
    if not imprecise.empty:
        caption += (f" Shaded or hatched stripes: {_n(int(imprecise['n_events'].sum()), 'event')} known only to the "
                    "month or year, counted at the right.")
    labels = _labels_for_marks(win, marks)
    busy = busiest_days(win)
    alt = (f"Timeline chart with {_n(len(cats), 'lane')} ({', '.join(lane_label(c) for c in cats)}) and one column per day: "
           + "; ".join(fmt_range(s0, s1) for s0, s1 in segments) + ". "
           f"{_n(len(marks), 'mark')} stand for {_n(n_day, 'event')} known to the day. ")
    if not busy.empty:
        alt += "Busiest days: " + ", ".join(f"{fmt_date(r.day.isoformat())} ({_n(int(r.n_events), 'event')})"
                                            for r in busy.itertuples()) + ". "
    if labels:
        alt += "Labelled: " + ", ".join(f"{k.label} ({fmt_date(day.isoformat())})"
                                        for (day, _), k in sorted(labels.items(), key=lambda kv: (kv[0][0], kv[1].key))) + ". "
    if not imprecise.empty:
        alt += "Stripes across lanes: " + ", ".join(
            f"{lane_label(r.category)} {int(r.n_events)} known only to the {r.precision}" for r in imprecise.itertuples()) + "."
    return caption, alt.strip()


# ---------------------------------------------------------------------------- figure 2.2
def long_view_lanes(categories: list[str]) -> list[str]:
    cats = list(dict.fromkeys(categories))
    before = [c for c in LONG_VIEW_BEFORE if c not in cats]
    after = [c for c in LONG_VIEW_AFTER if c not in cats]
    return before + cats + after


SPLIT_YEAR = 2022  # the long view switches from a year axis to a month axis here


def long_view_events(events: pd.DataFrame, categories: list[str]) -> pd.DataFrame:
    """Events of the long view's lanes, each with the mark it belongs to.

    Before 2022 (year axis) marks combine the events of one lane, year and precision; from 2022
    (month axis) day- and month-known events combine by month, year-known ones by year.
    """
    lanes = long_view_lanes(categories)
    df = with_intervals(events[events["category"].isin(lanes)])
    order = {c: i for i, c in enumerate(lanes)}
    panel = ["years" if f.year < SPLIT_YEAR else "months" for f in df["first"]]
    period = []
    for f, p, prec in zip(df["first"], panel, df["date_precision"]):
        if prec == "year" or p == "years":
            period.append(f"{f.year}")
        else:
            period.append(f"{f.year}-{f.month:02d}")
    df = df.assign(lane=df["category"].map(lane_label), panel=panel, period=period,
                   _c=df["category"].map(order), _p=df["date_precision"].map(PRECISION_RANK))
    df = df.assign(mark=df["category"] + "|" + df["date_precision"] + "|" + df["period"])
    counts = df.groupby("mark")["event_id"].transform("size")
    df = df.assign(mark_events=counts)
    df = df.sort_values(["first", "_c", "_p", "event_id"], kind="stable").drop(columns=["_c", "_p"])
    return df.reset_index(drop=True)


def long_marks(lv: pd.DataFrame) -> pd.DataFrame:
    """One row per mark of figure 2.2: lane, precision, period, x position (ordinal) and extent."""
    rows = []
    for mark, g in lv.groupby("mark", sort=False):
        prec = g["date_precision"].iloc[0]
        p0, p1 = date_interval(g["period"].iloc[0])
        if prec == "day":
            xs = sorted(_x(d) for d in g["first"])
            x = xs[len(xs) // 2]
        elif prec == "month" and len(g["date"].unique()) == 1:
            m0, m1 = date_interval(g["date"].iloc[0])
            x = (_x(m0) + _x(m1)) / 2
        else:
            x = (_x(p0) + _x(p1)) / 2
        rows.append({"mark": mark, "category": g["category"].iloc[0], "precision": prec, "panel": g["panel"].iloc[0],
                     "period": g["period"].iloc[0], "x": x, "x0": _x(date_interval(g["date"].min())[0]),
                     "x1": _x(date_interval(g["date"].max())[1]), "n_events": len(g),
                     "n_documents": g["source_id"].nunique(), "event_ids": ";".join(g["event_id"])})
    return pd.DataFrame(rows, columns=["mark", "category", "precision", "panel", "period", "x", "x0", "x1", "n_events",
                                       "n_documents", "event_ids"])


def _break_marks(ax, fig_w_in: float, left: bool, right: bool) -> None:
    """Short diagonal strokes where the x axis is cut."""
    width_in = ax.get_position().width * fig_w_in
    dx = 0.05 / width_in
    kw = dict(transform=ax.transAxes, color="#555555", clip_on=False, lw=0.8)
    if left:
        ax.plot([-dx, dx], [-0.025, 0.025], **kw)
    if right:
        ax.plot([1 - dx, 1 + dx], [-0.025, 0.025], **kw)


def _size_long(n: int) -> float:
    return 22.0 * n ** 0.6


def long_panels(lv: pd.DataFrame) -> list[tuple[str, int, int]]:
    """The stretches of figure 2.2's axis: ("years", first, last) before 2022, ("months", ordinal, ordinal) after."""
    years = sorted({d.year for d in lv["first"] if d.year < SPLIT_YEAR} | {d.year for d in lv["last"] if d.year < SPLIT_YEAR})
    panels = []
    if years:
        panels += [("years", a, b) for a, b in cut_axis(years, years[0], SPLIT_YEAR - 1, max_gap=3, max_breaks=2)]
    last = max([d for d in lv["last"]] + [dt.date(SPLIT_YEAR, 12, 31)])
    m_end = dt.date(last.year + (last.month == 12), last.month % 12 + 1, 1)  # the first day after the last month
    panels.append(("months", _x(dt.date(SPLIT_YEAR, 1, 1)), _x(m_end)))
    return panels


def long_figure(lv: pd.DataFrame, categories: list[str], start: str, end: str):
    """Figure 2.2: the long view, a year axis before 2022 (long empty stretches cut) and a month axis from 2022."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    a, b, _ = check_params(start, end, categories)
    lanes = long_view_lanes(categories)
    marks = long_marks(lv)
    n = len(lanes)
    y_of = {c: i for i, c in enumerate(lanes)}
    panels = long_panels(lv)
    # x limits in day ordinals; each year gets the same width, each month about 1.2 times a year's
    lims = []
    for kind, lo, hi in panels:
        if kind == "years":
            lims.append((_x(dt.date(lo, 1, 1)) - 120, _x(dt.date(hi, 12, 31)) + 120))
        else:
            lims.append((lo - 20, hi + 5))
    units = [((l1 - l0) / 365.25 if k == "years" else (l1 - l0) / 30.4 * 1.2) for (k, _, _), (l0, l1) in zip(panels, lims)]
    fig_w, fig_h = 7.5, 1.3 + 0.46 * n
    left_in = 1.55
    fig = plt.figure(figsize=(fig_w, fig_h))
    gs = fig.add_gridspec(1, len(panels), width_ratios=units, wspace=0.05, left=left_in / fig_w, right=0.98,
                          top=1 - 0.55 / fig_h, bottom=0.85 / fig_h)
    axes = [fig.add_subplot(gs[0, i]) for i in range(len(panels))]
    labels = {}
    ids_of = {r.mark: r.event_ids.split(";") for r in marks.itertuples()}
    for k in LONG_LABELS:
        for e in k.event_ids:
            hit = [m for m, ids in ids_of.items() if e in ids]
            if hit and hit[0] not in labels:
                labels[hit[0]] = k
                break
    for i, (ax, (kind, lo, hi), (x0, x1)) in enumerate(zip(axes, panels, lims)):
        ax.set_xlim(x0, x1)
        ax.set_ylim(n - 0.35, -0.8)
        ax.grid(False)
        for c in lanes:
            ax.axhline(y_of[c], color="#e2e2e2", lw=0.8, zorder=0)
        if kind == "months":  # the days shown in figure 2.1
            ax.axvspan(_x(a) - 0.5, _x(b) + 0.5, color="#f2d9a0", alpha=0.7, lw=0, zorder=0)
            for y in range(dt.date.fromordinal(lo).year + 1, dt.date.fromordinal(hi).year + 1):
                ax.axvline(_x(dt.date(y, 1, 1)), color="#cccccc", lw=0.6, ls=":", zorder=0)
        in0, in1 = (_x(dt.date(lo, 1, 1)), _x(dt.date(hi, 12, 31))) if kind == "years" else (lo, hi)
        inside = marks[(marks["panel"] == kind) & (marks["x"] >= in0) & (marks["x"] <= in1)]
        for r in inside.itertuples():
            y = y_of[r.category]
            colour = style.CATEGORY_COLORS.get(r.category, "#999999")
            mk = style.CATEGORY_MARKERS.get(r.category, "o")
            if r.precision == "year":
                yy = y + 0.36
                ax.plot([max(r.x0, x0), min(r.x1 + 1, x1)], [yy, yy], color=colour, lw=4, alpha=0.6,
                        solid_capstyle="butt", zorder=2)
                if r.n_events > 1:
                    ax.annotate(str(int(r.n_events)), (min(r.x1 + 1, x1), yy), xytext=(2, 0), textcoords="offset points",
                                fontsize=6, va="center", color="#333333", zorder=4)
                ly = yy
            elif r.precision == "month":
                yy = y + 0.2
                ax.plot([r.x0, r.x1 + 1], [yy + 0.07, yy + 0.07], color=colour, lw=0.8, zorder=2)
                for xe in (r.x0, r.x1 + 1):
                    ax.plot([xe, xe], [yy + 0.02, yy + 0.07], color=colour, lw=0.8, zorder=2)
                ax.scatter([r.x], [yy], s=_area(r.category, _size_long(int(r.n_events))), marker=mk, facecolor="white",
                           edgecolor=colour if r.category != "publication" else "#a89a00", linewidth=1.1, zorder=3)
                ly = y
            else:
                ax.scatter([r.x], [y], s=_area(r.category, _size_long(int(r.n_events))), marker=mk, color=colour,
                           edgecolor=_edge(r.category), linewidth=0.5, zorder=3)
                ly = y
            lab = labels.get(r.mark)
            if lab is not None:
                dy = 8 if lab.place == "above" else -14
                hx = {"center": 0, "left": -3, "right": 3}[lab.ha]
                ax.annotate(lab.label, (r.x, ly), xytext=(hx, dy), textcoords="offset points", fontsize=7,
                            ha=lab.ha, va="bottom" if lab.place == "above" else "top", color="#222222",
                            annotation_clip=False, zorder=5)
        if kind == "years":
            major = [y for y in range(lo, hi + 1) if y % 5 == 0] or [lo]
            if lo % 5 and (not major or major[0] - lo >= 3):
                major = [lo] + major
            ax.set_xticks([_x(dt.date(y, 7, 1)) for y in major])
            ax.set_xticklabels([str(y) for y in major], fontsize=7.5)
            ax.set_xticks([_x(dt.date(y, 7, 1)) for y in range(lo, hi + 1)], minor=True)
        else:
            first = dt.date.fromordinal(lo)
            last = dt.date.fromordinal(hi)
            months = [dt.date(y, m, 1) for y in range(first.year, last.year + 1) for m in range(1, 13)
                      if first <= dt.date(y, m, 1) < last]
            quarter = [d for d in months if d.month in (1, 4, 7, 10)]
            ax.set_xticks([_x(d) for d in quarter])
            ax.set_xticklabels([(f"{d:%b}\n{d.year}" if d.month == 1 else f"{d:%b}") for d in quarter], fontsize=7)
            ax.set_xticks([_x(d) for d in months], minor=True)
        ax.spines["right"].set_visible(False)
        ax.spines["left"].set_visible(i == 0)
        if i == 0:
            ax.set_yticks(range(n))
            ax.set_yticklabels([lane_label(c) for c in lanes])
            ax.tick_params(axis="y", length=0)
        else:
            ax.set_yticks([])
        _break_marks(ax, fig_w, left=i > 0, right=i < len(panels) - 1)
    first_year = min([d.year for d in lv["first"]] + [SPLIT_YEAR])
    last_year = max([d.year for d in lv["last"]] + [SPLIT_YEAR])
    fig.text(left_in / fig_w, 1 - 0.1 / fig_h, f"The long view: {first_year}–{last_year}",
             fontsize=10, fontweight="bold", ha="left", va="top")
    fig.text(left_in / fig_w, 1 - 0.3 / fig_h,
             f"Years until {SPLIT_YEAR - 1} (empty stretches cut), months from {SPLIT_YEAR}; "
             f"shaded: {fmt_range(a, b)}, the days of figure 2.1", fontsize=7.5, ha="left", va="top", color="#444444")
    top_n = max([int(marks["n_events"].max())] if not marks.empty else [1])
    keys = [k for k in (1, 5, 15) if k <= max(top_n, 1)]
    handles = [Line2D([], [], ls="", marker="o", color="#777777", markeredgecolor="white",
                      markersize=_size_long(k) ** 0.5, label=_n(k, "event") if k == 1 else f"{k}") for k in keys]
    handles += [
        Line2D([], [], ls="", marker="o", markerfacecolor="white", markeredgecolor="#777777", markeredgewidth=1.1,
               markersize=6, label="known only to the month (bracket)"),
        Line2D([], [], color="#777777", lw=4, alpha=0.6, solid_capstyle="butt", label="only to the year (bar; number: events)"),
    ]
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.0), ncol=len(handles), fontsize=7,
               handletextpad=0.3, columnspacing=1.0, borderaxespad=0.2,
               title="Filled: known to the day; size: events combined", title_fontsize=7, alignment="left")
    return fig


def long_figure_data(lv: pd.DataFrame) -> pd.DataFrame:
    return lv[["event_id", "date", "date_precision", "category", "lane", "panel", "mark", "mark_events", "source_id",
               "date_text", "title"]]


def long_figure_text(lv: pd.DataFrame, categories: list[str], start: str, end: str) -> tuple[str, str]:
    a, b, _ = check_params(start, end, categories)
    lanes = long_view_lanes(categories)
    marks = long_marks(lv)
    prec = lv["date_precision"].value_counts()
    caption = (f"{_n(len(lv), 'event')} from {_n(lv['source_id'].nunique(), 'document')} in {_n(len(lanes), 'lane')}, "
               f"{fmt_date(lv['date'].iloc[0]) if len(lv) else ''} to {fmt_date(lv['date'].iloc[-1]) if len(lv) else ''}, "
               f"combined into {_n(len(marks), 'mark')}. Filled markers: known to the day "
               f"({int(prec.get('day', 0))}); hollow markers with a bracket: known only to the month "
               f"({int(prec.get('month', 0))}); bars: known only to the year ({int(prec.get('year', 0))}). "
               f"The axis changes scale in {SPLIT_YEAR}.")
    per_lane = lv.groupby("category")["event_id"].size()
    alt = (f"Timeline from {lv['first'].min().year if len(lv) else ''} to {lv['last'].max().year if len(lv) else ''} "
           f"with lanes {', '.join(lane_label(c) for c in lanes)}; years on the left until {SPLIT_YEAR - 1}, months on the "
           f"right from {SPLIT_YEAR}. Events per lane: "
           + ", ".join(f"{lane_label(c)} {int(per_lane.get(c, 0))}" for c in lanes) + ". ")
    dense = marks.sort_values(["n_events", "x"], ascending=[False, True], kind="stable").head(3)
    if not dense.empty:
        alt += "Largest marks: " + ", ".join(
            f"{lane_label(r.category)} {_period_label(r.period)}, {PRECISION_WORDS[r.precision]} "
            f"({_n(int(r.n_events), 'event')})" for r in dense.itertuples()) + ". "
    alt += f"The days {fmt_range(a, b)} are shaded."
    return caption, alt


def _period_label(period: str) -> str:
    return fmt_date(period)


def long_view_html(lv: pd.DataFrame) -> str:
    """The long view in words: earlier events, the trials, UN CAT and the reports of the last year."""
    if lv.empty:
        return "<p>No events in the long view.</p>"
    parts = []
    hist = lv[lv["category"] == "historical"]
    if not hist.empty:
        by_year = hist.groupby(hist["first"].map(lambda d: d.year)).agg(n=("event_id", "size"),
                                                                        docs=("source_id", "nunique"))
        top = by_year.sort_values(["n", "docs"], ascending=False, kind="stable").head(3)
        parts.append(
            f"The documents recall {esc(_n(len(hist), 'earlier event'))} (before {SPLIT_YEAR}; "
            f"{esc(_n(hist['source_id'].nunique(), 'document'))}); the years named most often are "
            + _and([f"{esc(y)} ({esc(_n(int(r.n), 'event'))}, {esc(_n(int(r.docs), 'document'))})" for y, r in top.iterrows()])
            + ".")
    named = []
    for k in LONG_LABELS:
        hit = lv[lv["event_id"].isin(k.event_ids)]
        if hit.empty:
            continue
        first = hit.sort_values(["first", "event_id"], kind="stable").iloc[0]
        named.append(f"{esc(k.words)}: {esc(fmt_date(first['date']))} ({esc(', '.join(hit['event_id']))})")
    if named:
        parts.append("Named on the chart: " + "; ".join(named) + ".")
    jud = lv[lv["category"] == "judicial"]
    if not jud.empty:
        years = jud.groupby(jud["first"].map(lambda d: d.year))["event_id"].size()
        parts.append(f"Trials and investigations: {esc(_n(len(jud), 'event'))}, "
                     + _and([f"{esc(int(v))} in {esc(y)}" for y, v in years.items()])
                     + f", from {esc(fmt_date(jud['date'].iloc[0]))} to {esc(fmt_date(jud['date'].iloc[-1]))}.")
    pubs = lv[lv["category"] == "publication"]
    if not pubs.empty:
        last_year = max(d.year for d in pubs["first"])
        latest = pubs[pubs["first"].map(lambda d: d.year) == last_year]
        parts.append(f"Reports published in {esc(last_year)}: "
                     + "; ".join(f"{esc(r.title)} ({esc(fmt_date(r.date))}, {esc(r.event_id)})" for r in latest.itertuples())
                     + ".")
    return "<p>" + "</p><p>".join(parts) + "</p>"


# ---------------------------------------------------------------------------- saving (what the notebook calls)
DAY_FIGURE_NAME = "02-1-january-day-by-day"
LONG_FIGURE_NAME = "02-2-long-view"


def _sources_in_registry_order(source_ids, sources: pd.DataFrame) -> list[str]:
    used = set(source_ids)
    return [sid for sid in sources["source_id"] if sid in used]


def save_day_figure(ev, start: str, end: str, categories: list[str], folder):
    """Draw, caption and save figure 2.1; returns the SavedFigure (its ``html`` goes into the report)."""
    from kzreport.report.figures import save_figure, source_line

    win = window_events(ev.events, start, end, categories)
    fig = day_figure(win, start, end, categories)
    caption, alt = day_figure_text(win, start, end, categories)
    ids = _sources_in_registry_order(win["source_id"], ev.sources)
    source = source_line(ids, ev.sources) if ids else "Source: none of the documents dates an event in this window."
    return save_figure(fig, name=DAY_FIGURE_NAME, number="2.1", caption=caption, alt=alt, source=source,
                       data=figure_day_data(win, categories), folder=folder)


def save_long_figure(ev, start: str, end: str, categories: list[str], folder):
    """Draw, caption and save figure 2.2 (the long view)."""
    from kzreport.report.figures import save_figure, source_line

    check_params(start, end, categories)
    lv = long_view_events(ev.events, categories)
    fig = long_figure(lv, categories, start, end)
    caption, alt = long_figure_text(lv, categories, start, end)
    ids = _sources_in_registry_order(lv["source_id"], ev.sources)
    return save_figure(fig, name=LONG_FIGURE_NAME, number="2.2", caption=caption, alt=alt,
                       source=source_line(ids, ev.sources), data=long_figure_data(lv), folder=folder)
