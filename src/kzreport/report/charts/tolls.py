"""Figure 3.1, tolls by claimant: one panel per metric, one mark per claim at the date it was stated.

A mark shows how a figure is bounded (a point, a range, an arrow for an open end, ≈ for an estimate, a hollow
mark for a word); a date known only to the month or year gets a bar across it. Labels name the claimant (its
short name from ``data/raw/curation/claimants.csv``) and the figure as printed; they are placed where they
overlap nothing. The time axis can be split: the first weeks at a larger scale than the rest.

:func:`tolls_figure` draws the shown claims (:attr:`kzreport.analysis.tolls.Selection.claims`);
:func:`plot_rows` is the figure's data, saved as its CSV.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from functools import lru_cache

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from babel.dates import format_skeleton
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from kzreport.analysis.claims import NATIONWIDE, has_judgement, place
from kzreport.analysis.tolls import described, first_official, highest, last_day
from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS, CLAIMANT_TYPES
from kzreport.report import format as fmt
from kzreport.report import i18n, prose, style
from kzreport.report.i18n import _
from kzreport.report.tolls import MACROS

FIG_WIDTH = 6.9  # inches: printed across the A4 text width (report.figures.PRINT_WIDTH_IN) at almost 1:1
SHORT_NAME_MAX = 26  # characters of a claimant's name on a label; a longer one is cut with "…"


@lru_cache(maxsize=4096)
def _d(iso: str) -> float:
    """A YYYY-MM-DD date as matplotlib's day number (the same few dates are converted for every mark)."""
    return mdates.date2num(dt.date.fromisoformat(iso))


def short_name(name: str) -> str:
    """A claimant's name as a label shows it: at most SHORT_NAME_MAX characters, a longer one cut with '…'."""
    name = str(name)
    return name if len(name) <= SHORT_NAME_MAX else name[:SHORT_NAME_MAX - 1] + "…"


def _assumed(row) -> bool:
    """The text does not say when the figure was stated (judgement ``date_assumed``): drawn at the document's date."""
    return "date_assumed" in [j.strip() for j in str(row.get("judgements") or "").split(";")]


def label_parts(row) -> tuple[str, str, str, str, bool]:
    """(claimant's short name, figure in English, place, date, undated) of a mark's label: the figure read in English
    ('at least 164'; a word stays the quoted word as printed, „Dutzende“), the place only when the figure is not for
    the whole country, the date only when it is not known to the day or is the printing document's (undated)."""
    printed = prose.plain(prose.macros(MACROS).on_chart(described(row)))
    where = str(prose.localized(row, "location")) if row["location"] != NATIONWIDE else ""
    undated = _assumed(row)
    stated = str(row["reported_on"]) if undated or row["date_precision"] != "day" else ""
    return short_name(row["claimant_short"]), printed, where, stated, undated


def mark_label(name: str, printed: list, where: str, stated: str, undated: bool = False) -> str:
    """A mark's label (macro ``mark_label``): 'Health Ministry: 103 (Almaty)', 'Kazakh Government: 230 (undated;
    printed March 2022)'."""
    return prose.plain(prose.macros(MACROS).mark_label(name, printed, where, stated, undated))


def label_text(row) -> str:
    name, printed, where, stated, undated = label_parts(row)
    return mark_label(name, [printed], where, stated, undated)


def plot_rows(claims: pd.DataFrame) -> pd.DataFrame:
    """Exactly the rows the figure draws, with where and how (the figure's CSV): ``claims`` are the shown
    claims (:attr:`kzreport.analysis.tolls.Selection.claims`)."""
    df = claims
    return pd.DataFrame({
        "claim_id": df["claim_id"], "source_id": df["source_id"], "claimant": df["claimant"],
        "claimant_type": df["claimant_type"], "metric": df["metric"], "value_text": df["value_text"],
        "qualifier": df["qualifier"], "is_vague": df["is_vague"], "unit": df["unit"], "value": df["value"],
        "value_low": df["value_low"], "value_high": df["value_high"], "reported_on": df["reported_on"],
        "x_from": df["reported_first"], "x_to": df["reported_last"], "y": df["y"], "mark": df["mark"],
        "location": df["location"], "label": [label_text(r) for r in df.to_dict("records")],
    }, columns=["claim_id", "source_id", "claimant", "claimant_type", "metric", "value_text", "qualifier", "is_vague",
                "unit", "value", "value_low", "value_high", "reported_on", "x_from", "x_to", "y", "mark", "location",
                "label"])


def time_parts(reported_from: str, reported_to: str, zoom_to: str) -> list[tuple[str, str]]:
    """The time axis: one part, or [from, zoom_to] stretched and (zoom_to, to] compressed."""
    if reported_from <= zoom_to < reported_to:
        nxt = (dt.date.fromisoformat(zoom_to) + dt.timedelta(days=1)).isoformat()
        return [(reported_from, zoom_to), (nxt, reported_to)]
    return [(reported_from, reported_to)]


def part_label(a: str, b: str) -> str:
    """A part of the time axis in words: '1–31 January 2022', 'February 2022 – December 2024' (whole months),
    '10 January 2022 – 15 March 2023'."""
    da, db = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
    if (da.year, da.month) == (db.year, db.month):
        return fmt.interval(a, b)
    if da.day == 1 and b == last_day(b[:7]):
        return f"{fmt.date(a[:7])} – {fmt.date(b[:7])}"
    return fmt.period(a, b)


def _overlap(a, b) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


# Label offsets tried in order (points from the mark): right, left, then further up or down.
_OFFSETS = [(7, 0), (-7, 0)] + [(dx, dy) for step in (9, 18, 27, 36, 45) for dy in (step, -step) for dx in (7, -7)]


def _points_in(box, points) -> int:
    return sum(1 for x, y in points if box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1)


def _crosses(a, b) -> bool:
    """Whether segments a and b ((x0, y0), (x1, y1)) cross."""
    def orient(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    (p1, p2), (p3, p4) = a, b
    return (orient(p1, p2, p3) * orient(p1, p2, p4) < 0) and (orient(p3, p4, p1) * orient(p3, p4, p2) < 0)


def _place_labels(fig, ax, marks: list[dict], placed: list, obstacles: list, leaders: list | None = None,
                  avoid: tuple = ()) -> None:
    """Put each label inside its panel where it overlaps no other label, mark, arrow or leader line, and never a box
    of ``avoid`` (the panel's title) unless there is no other room at all.

    Greedy and deterministic: marks left to right, each trying offsets nearest first; a label moved
    away from its mark gets a thin leader line.
    """
    leaders = [] if leaders is None else leaders
    renderer = fig.canvas.get_renderer()
    ax_box = ax.get_window_extent(renderer)
    scale = fig.dpi / 72
    style_kw = dict(textcoords="offset points", va="center", fontsize=7.4, color="#222222",
                    annotation_clip=False, zorder=5)
    for m in sorted(marks, key=lambda m: (m["x"], -m["y"], m["label"])):
        best = None
        texts = [m["label"]]
        if ": " in m["label"]:  # too long for the room: wrap after the claimant, then before the place or date
            texts.append(m["label"].replace(": ", ":\n", 1))
            if " (" in m["label"].split(": ", 1)[1]:
                texts.append(texts[-1][::-1].replace("( ", "(\n", 1)[::-1])
        candidates = [(3 * n + 15 * w, text, dx, dy) for w, text in enumerate(texts) for n, (dx, dy) in enumerate(_OFFSETS)]
        for n, text, dx, dy in candidates:
            t = ax.annotate(text, (m["x"], m["y"]), xytext=(dx, dy), ha="left" if dx > 0 else "right", **style_kw)
            box = t.get_window_extent(renderer).padded(1.5 * scale)
            t.remove()
            mx, my = ax.transData.transform((m["x"], m["y"]))
            seg = ((mx, my), (mx + dx * scale, my + dy * scale)) if abs(dy) > 9 else None
            pts = [(seg[0][0] + (seg[1][0] - seg[0][0]) * k / 12, seg[0][1] + (seg[1][1] - seg[0][1]) * k / 12)
                   for k in range(2, 11)] if seg else []
            lines = (sum(_points_in(p, pts) for p in placed) + sum(_points_in(box, leader[1]) for leader in leaders)) * 300
            if seg:
                lines += 2000 * sum(_crosses(seg, leader[0]) for leader in leaders)
            outside = ((max(0, ax_box.x0 - box.x0) + max(0, box.x1 - ax_box.x1)) * box.height
                       + (max(0, ax_box.y0 - 4 * scale - box.y0) + max(0, box.y1 - ax_box.y1 - 14 * scale)) * box.width)
            cost = ((outside + sum(_overlap(box, a) for a in avoid)) * 100 + sum(_overlap(box, p) for p in placed) * 5
                    + sum(_overlap(box, o) for o in obstacles) * 6 + lines + n)
            if best is None or cost < best[0]:
                best = (cost, box, text, dx, dy, seg, pts)
        _cost, box, text, dx, dy, seg, pts = best
        if seg:
            leaders.append((seg, pts))
        arrow = dict(arrowprops=dict(arrowstyle="-", color="#aaaaaa", lw=0.5, shrinkA=1, shrinkB=5)) if abs(dy) > 9 else {}
        ax.annotate(text, (m["x"], m["y"]), xytext=(dx, dy), ha="left" if dx > 0 else "right", **style_kw, **arrow)
        placed.append(box)


def _mark_obstacles(fig, ax, m: dict) -> list:
    scale = fig.dpi / 72
    x, y = ax.transData.transform((m["x"], m["y"]))
    r = 5 * scale
    out = [Bbox([[x - r, y - r], [x + r, y + r]])]
    if m["arrow"]:
        dy = m["arrow"] * scale
        out.append(Bbox([[x - 4 * scale, min(y, y + dy)], [x + 4 * scale, max(y, y + dy)]]))
    return out


def _bar_obstacles(fig, row_axes, x0: float, x1: float, y: float) -> list:
    out = []
    for ax in row_axes:
        a, b = ax.get_xlim()
        lo, hi = max(a, x0), min(b, x1)
        if lo < hi:
            (px0, py), (px1, _y) = ax.transData.transform([(lo, y), (hi, y)])
            out.append(Bbox([[px0, py - 1], [px1, py + 1]]))
    return out


def _scatter(ax, x: float, y: float, batch: dict | None, **style_kw) -> None:
    """One marker at (x, y): drawn now, or, with ``batch``, kept with the other markers of its panel and style and
    drawn by :func:`_draw_batch` in one scatter call per panel and style."""
    if batch is None:
        ax.scatter([x], [y], **style_kw)
    else:
        batch.setdefault((ax, tuple(style_kw.items())), []).append((x, y))


def _draw_batch(batch: dict) -> None:
    """One scatter call per panel and marker style (shape, size, colours, line): the markers of a few thousand
    claims as a few collections, not one each."""
    for (ax, style_kw), points in batch.items():
        ax.scatter([p[0] for p in points], [p[1] for p in points], **dict(style_kw))


def draw_mark(ax, kind: str, x: float, y: float, color, marker: str, arrow_pt: float = 16, size: float = 40,
              low=None, high=None, batch: dict | None = None) -> float:
    """Draw one claim's mark; returns the arrow's length in points (signed; 0 for none). With ``batch``, the
    marker itself is collected there (:func:`_scatter`) and drawn later with the others of its style."""
    hollow = kind == "vague"
    arrow = 0.0
    if kind == "range" and low is not None:
        ax.vlines(x, low, high, color=color, lw=2, zorder=3)
    _scatter(ax, x, y, batch, marker=marker, s=size, zorder=4, linewidths=1.4 if hollow else 0.6,
             facecolors="white" if hollow else color, edgecolors=color if hollow else "white")
    if kind in ("lower", "vague", "upper"):
        arrow = -arrow_pt if kind == "upper" else arrow_pt
        ax.annotate("", (x, y), xytext=(0, arrow), textcoords="offset points", annotation_clip=False, zorder=3,
                    arrowprops=dict(arrowstyle="<|-,head_width=0.25,head_length=0.45", color=color, lw=1.2,
                                    linestyle=(0, (2, 1.5)) if hollow else "-", shrinkA=0, shrinkB=4))
    if kind == "about":
        ax.annotate("≈", (x, y), xytext=(0, 9), textcoords="offset points", ha="center", va="center",
                    fontsize=10, fontweight="bold", color=color, zorder=5, annotation_clip=False)
        arrow = 14.0
    return arrow


def tolls_figure(claims: pd.DataFrame, *, metrics, labels, parts: list[tuple[str, str]]):
    """Figure 3.1: one panel per metric (own y scale, top to bottom in the order of ``metrics``, titled with
    ``labels(metric)``) against the date each figure was stated; ``parts`` is the time axis (:func:`time_parts`).
    ``claims`` are the shown claims (:attr:`kzreport.analysis.tolls.Selection.claims`). Returns the Figure."""
    style.apply()
    df = claims.rename(columns={"reported_first": "x_from", "reported_last": "x_to"})
    assumed = set(df.loc[has_judgement(df, "date_assumed"), "claim_id"]) if "judgements" in df else set()
    metrics = list(metrics)
    panels = _panels(df, metrics)
    counts = [len(_panel_rows(df, p)) for p in panels]
    ratios = [max(0.8, min(3.0, 0.9 + 0.16 * n)) for n in counts]
    unit, gap = 0.74, 0.46  # inches of panel per ratio unit; inches between panels (ticks and title)
    title = textwrap.fill(chart_title(claims, metrics, labels), 82)
    extra = 0.19 * title.count("\n")  # inches a longer title takes
    head, foot = 0.98 + extra, 1.02 + (0.27 if assumed else 0)  # inches above the panels (title, claimant types) and below (axis label, key)
    height = head + foot + unit * sum(ratios) + gap * (len(panels) - 1)
    fig = plt.figure(figsize=(FIG_WIDTH, height))
    gs = fig.add_gridspec(len(panels), len(parts), height_ratios=ratios,
                          width_ratios=[1.3, 1.0] if len(parts) == 2 else [1.0],
                          left=0.085, right=0.985, top=1 - head / height, bottom=foot / height,
                          hspace=gap * len(panels) / (unit * sum(ratios)), wspace=0.06)
    pads = [max(0.8, (_d(b) - _d(a)) * 0.006) for a, b in parts]  # room for a mark on the first or last day
    spans = [(_d(a) - pad, _d(b) + pad) for (a, b), pad in zip(parts, pads)]
    axes = []
    for r in range(len(panels)):
        row_axes = []
        for c in range(len(parts)):
            ax = fig.add_subplot(gs[r, c], sharey=row_axes[0] if c else None)
            ax.set_xlim(*spans[c])
            row_axes.append(ax)
        axes.append(row_axes)
    fig.draw_without_rendering()
    for r, panel in enumerate(panels):
        metric, local = panel
        row_axes = axes[r]
        sub = _panel_rows(df, panel)
        tops = [v for v in list(sub["value_low"]) + list(sub["value_high"]) + list(sub["value"]) if pd.notna(v)]
        ymax = max(tops) if tops else 1.0
        h_pt = row_axes[0].get_window_extent().height * 72 / fig.dpi
        room = 34 if h_pt > 60 else 20  # points kept free above the highest mark for its arrow and label
        top = ymax * h_pt / max(h_pt - room, 10)
        row_axes[0].set_ylim(-top * 0.05, top)
        row_axes[0].yaxis.set_major_locator(plt.MaxNLocator(4, integer=True, min_n_ticks=2))
        row_axes[0].yaxis.set_major_formatter(_count_formatter())
        units = list(dict.fromkeys(prose.localized(r, "unit") for r in sub.to_dict("records")))  # unit_de in German
        row_axes[0].set_ylabel(prose.plain(prose.macros(MACROS).panel_units(units)), fontsize=8)
        row_axes[0].set_title(prose.plain(prose.macros(MACROS).panel_title(labels(metric), len(sub), local)), loc="left", fontsize=9.5,
                              fontweight="bold")
        if sub.empty:
            row_axes[-1].text(0.5, 0.5, prose.plain(prose.macros(MACROS).empty_panel()), transform=row_axes[-1].transAxes,
                              ha="center", va="center", color="#777777", fontsize=8)
    fig.draw_without_rendering()
    batch: dict = {}  # the claims' markers, drawn per panel and style once every row is read (_draw_batch)
    for r, panel in enumerate(panels):
        sub = _panel_rows(df, panel)
        marks = {c: {} for c in range(len(parts))}
        dodge = _dodge(fig, axes[r], sub, spans)
        obstacles = []
        for row in sub.to_dict("records"):  # each row as a dict: what iterrows gives, without a Series per row
            x0, x1 = _d(row["x_from"]), _d(row["x_to"]) + 1
            color = style.CLAIMANT_COLORS.get(row["claimant_type"], "#555555")
            if x1 - x0 > 1.5:  # month or year only: a bar across the days the date can mean
                for ax, (lo, hi) in zip(axes[r], spans):
                    # Each panel draws only the part of the bar that falls in its span, and the end cap only
                    # where the bar really ends: nothing is left for the clip path to hide (or for a PDF to carry
                    # outside the page).
                    a, b = max(x0, lo), min(x1, hi)
                    if a >= b:
                        continue
                    ax.plot([a, b], [row["y"], row["y"]], color=color, lw=1.2, alpha=0.4, zorder=2,
                            solid_capstyle="butt")
                    if x1 <= hi:
                        ax.plot([x1], [row["y"]], marker="|", color=color, ms=7, alpha=0.7, zorder=2)
            c = next((i for i, (a, b) in enumerate(spans) if a <= x0 <= b), len(parts) - 1)
            ax = axes[r][c]
            x0 += dodge.get(row["claim_id"], 0.0)
            arrow = draw_mark(ax, row["mark"], x0, float(row["y"]), color,
                               style.CLAIMANT_MARKERS.get(row["claimant_type"], "o"),
                               low=row["value_low"], high=row["value_high"], batch=batch)
            if row["claim_id"] in assumed:  # the date stated is not known: drawn at the document's date
                _scatter(ax, x0, float(row["y"]), batch, marker="o", s=150, facecolors="none", edgecolors=color,
                         linewidths=0.9, linestyles=(0, (1.5, 1.2)), zorder=4)
            name, printed, where, stated, undated = label_parts(row)
            # One label per figure: the same claimant's same figure for the same date and place, whether one
            # document prints it twice (German text and English annex) or several documents print it. Every
            # claim keeps its mark; the table under the chart names each document. Without this, a figure
            # printed in many documents would stack identical labels, and placing them costs the square of
            # their number.
            key = (row["x_from"], row["x_to"], row["y"], row["claimant"], row["qualifier"], row["location"])
            if key in marks[c]:
                if printed not in marks[c][key]["printed"]:
                    marks[c][key]["printed"].append(printed)
                continue
            marks[c][key] = {"x": x0, "y": float(row["y"]), "arrow": arrow, "name": name, "printed": [printed],
                             "where": where, "stated": stated, "undated": undated}
            obstacles += _mark_obstacles(fig, ax, marks[c][key])
            if x1 - x0 > 1.5:
                obstacles += _bar_obstacles(fig, axes[r], x0, x1, float(row["y"]))
        # a label placed above the panel must not run into the panel's title
        title_box = (axes[r][0].title.get_window_extent(fig.canvas.get_renderer()).padded(1.5 * fig.dpi / 72),)
        placed: list = []
        leaders: list = []
        for c, ms in marks.items():
            for m in ms.values():
                m["label"] = mark_label(m["name"], m["printed"], m["where"], m["stated"], m["undated"])
            _place_labels(fig, axes[r][c], list(ms.values()), placed, obstacles, leaders, avoid=title_box)
    _draw_batch(batch)
    # Axes, ticks and the break between the two time scales.
    for r, row_axes in enumerate(axes):
        for c, ax in enumerate(row_axes):
            a, b = parts[c]
            span_days = _d(b) - _d(a)
            if span_days <= 62:
                ax.xaxis.set_major_locator(mdates.DayLocator(bymonthday=[1, 5, 10, 15, 20, 25]))
                ax.xaxis.set_major_formatter(_date_formatter("%-d %b", "dMMM"))
                ax.xaxis.set_minor_locator(mdates.DayLocator())
            elif span_days <= 800:
                ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[1, 4, 7, 10]))
                ax.xaxis.set_major_formatter(_date_formatter("%b %Y", "yMMM"))
                ax.xaxis.set_minor_locator(mdates.MonthLocator())
            else:
                ax.xaxis.set_major_locator(mdates.YearLocator())
                ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
                ax.xaxis.set_minor_locator(mdates.MonthLocator())
            ax.tick_params(axis="x", labelsize=7.4, labelbottom=True)
            ax.tick_params(axis="y", labelsize=7.4)
            if c:
                ax.spines["left"].set_visible(False)
                ax.tick_params(axis="y", left=False, labelleft=False)
            if len(parts) == 2:
                k = dict(transform=ax.transAxes, color="#444444", lw=0.9, clip_on=False)
                xb = 1.0 if c == 0 else 0.0
                ax.plot([xb - 0.008, xb + 0.008], [-0.05, 0.05], **k)
            if r == len(axes) - 1:
                larger = len(parts) == 2 and c == 0
                ax.set_xlabel(prose.plain(prose.macros(MACROS).axis_label(part_label(a, b), larger)), fontsize=8)
    fig.text(0.015, 1 - 0.12 / height, title, ha="left", va="top", fontsize=10, fontweight="bold")
    _legends(fig, df, foot / height, bool(assumed), top=extra)
    return fig


def _count_formatter():
    """The y axis's counts in the edition's digits ('1,000' / '1.000'); nothing under zero."""
    loc = i18n.locale()
    return plt.FuncFormatter(lambda v, _p: fmt.number(int(round(v)), loc) if v >= 0 else "")


def _date_formatter(strftime: str, skeleton: str):
    """The time axis's dates: in English as strftime writes them ('5 Jan', 'Jan 2022'); in another edition in its
    own words (babel's ``skeleton`` in its locale: '5. Jan.', 'Jan. 2022')."""
    if i18n.language() == i18n.SOURCE:
        return mdates.DateFormatter(strftime)
    loc = i18n.locale()
    return plt.FuncFormatter(lambda v, _p: format_skeleton(skeleton, mdates.num2date(v).date(), locale=loc))


def chart_title(claims: pd.DataFrame, metrics: list, labels) -> str:
    """Figure 3.1's title: the finding for the first metric (its first and highest nation-wide official figure and
    the highest other one: analysis.tolls.first_official and highest), or what the chart shows."""
    say = prose.macros(MACROS)
    if not metrics or claims.empty:
        return prose.plain(say.chart_title())
    m = metrics[0]
    first, high, other = (first_official(claims, m), highest(claims, m, True), highest(claims, m, False))
    d = [described(r) if r is not None else None for r in (first, high, other)]
    if d[0] is None or d[1] is None:
        return prose.plain(say.chart_title())
    return prose.plain(say.chart_title(labels(m), *d))


def _panels(df: pd.DataFrame, metrics: list) -> list[tuple[str, bool]]:
    """The panels top to bottom: each metric's figures for the whole country, then, in a panel of its own, its
    figures for one city or region (Almaty's tolls are never set among the national ones)."""
    out = []
    for m in metrics:
        local = _is_local(df[df["metric"] == m])
        out.append((m, False))
        if local.any():
            out.append((m, True))
    return out


def _is_local(df: pd.DataFrame) -> pd.Series:
    return df["location"].map(lambda v: place(v) != "")


def _panel_rows(df: pd.DataFrame, panel: tuple[str, bool]) -> pd.DataFrame:
    metric, local = panel
    sub = df[df["metric"] == metric]
    return sub[_is_local(sub) == local]


DODGE_PT = 7.0  # points between marks stated on the same day in one panel, side by side so that arrows never cross


def _dodge(fig, row_axes, sub: pd.DataFrame, spans) -> dict[str, float]:
    """claim_id -> a shift in days for marks stated on the same day in one panel: set side by side, DODGE_PT apart
    (a fraction of a day on the larger time scale), so that their arrows and bounds never cross."""
    out = {}
    for _day, g in sub.groupby("x_from", sort=True):
        g = g[g["x_to"] == g["x_from"]]
        if len(g) < 2:
            continue
        x = _d(g["x_from"].iloc[0])
        c = next((i for i, (a, b) in enumerate(spans) if a <= x <= b), len(spans) - 1)
        ax = row_axes[c]
        width_pt = ax.get_window_extent().width * 72 / fig.dpi
        days_per_pt = (spans[c][1] - spans[c][0]) / width_pt
        order = g.sort_values(["y", "claim_id"])["claim_id"].tolist()
        for i, cid in enumerate(order):
            out[cid] = (i - (len(order) - 1) / 2) * DODGE_PT * days_per_pt
    return out


def _legends(fig, df: pd.DataFrame, bottom: float, assumed: bool = False, top: float = 0.0) -> None:
    """Claimant types (colour and shape) in one row under the title; below the panels, a key drawn
    with the same marks as the panels (with the dotted ring of a figure whose date stated is not known, if any)."""
    h = fig.get_figheight()
    present = [t for t in CLAIMANT_TYPES if t in set(df["claimant_type"])]
    types = [Line2D([], [], ls="", marker=style.CLAIMANT_MARKERS[t], color=style.CLAIMANT_COLORS[t], ms=7,
                    mec="white", mew=0.5, label=_(CLAIMANT_TYPE_LABELS[t])) for t in present]
    fig.text(0.015, 1 - (0.45 + top) / h, prose.plain(prose.macros(MACROS).types_key()), ha="left", va="center",
             fontsize=8)
    if types:
        fig.legend(handles=types, loc="upper left", bbox_to_anchor=(0.15, 1 - (0.36 + top) / h), ncol=(len(types) + 1) // 2,
                   fontsize=7.6, handletextpad=0.05, columnspacing=0.8, borderaxespad=0, borderpad=0)
    key = fig.add_axes([0.015, 0.0, 0.97, bottom - 0.42 / h])
    key.set_axis_off()
    key.set_xlim(0, 1)
    kinds = ("exact", "lower", "upper", "about", "vague", "bar") + (("assumed",) if assumed else ())
    rows = (len(kinds) + 2) // 3
    key.set_ylim(0, rows)
    grey = "#555555"
    for i, kind in enumerate(kinds):
        row, col = divmod(i, 3)
        x, y = (0.015, 0.335, 0.7)[col], rows - 0.5 - row * 1.0
        if kind == "assumed":
            key.scatter([x], [y], marker="o", s=28, color=grey, edgecolors="white", linewidths=0.6, zorder=4)
            key.scatter([x], [y], marker="o", s=110, facecolors="none", edgecolors=grey, linewidths=0.9,
                        linestyles=(0, (1.5, 1.2)), zorder=4)
        elif kind == "bar":
            key.plot([x - 0.012, x + 0.02], [y, y], color=grey, lw=1.2, alpha=0.6)
            key.plot([x + 0.02], [y], marker="|", color=grey, ms=7, alpha=0.8)
            key.scatter([x - 0.012], [y], marker="o", s=28, color=grey, edgecolors="white", linewidths=0.6, zorder=4)
        else:
            shift = {"lower": -0.2, "vague": -0.2, "upper": 0.2, "about": -0.1}.get(kind, 0)
            draw_mark(key, kind, x, y + shift, grey, "o", arrow_pt=10, size=28)
        key.text(x + 0.035, y, prose.plain(prose.macros(MACROS).mark_key(kind)), fontsize=7.6, va="center")

