"""Charts of the timeline chapter: figure 2.1 (the window, day by day) and figure 2.2 (the long view).

Figure 1.1 draws day-known events as one mark per day and lane, and month- or year-known events as stripes
across the lane; figure 2.2 draws them as filled markers, hollow markers with a bracket across the month, and
bars across the year. Lane names are the vocabulary's (``EVENT_CATEGORY_LABELS``), the labels on marks are the
curated key events', every other text is a macro of ``templates/timeline/_macros.j2``.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from babel.dates import format_skeleton
from matplotlib.text import Text

from kzreport.analysis import timeline as tl
from kzreport.evidence.vocab import EVENT_CATEGORY_LABELS
from kzreport.report import format as fmt
from kzreport.report import i18n, prose, style
from kzreport.report.i18n import _

# The figures' stable file names and the numbers readers cite.
DAY_FIGURE_NAME, DAY_FIGURE_NUMBER = "01-1-january-day-by-day", "1.1"
LONG_FIGURE_NAME, LONG_FIGURE_NUMBER = "01-3-long-view", "1.3"
# The texts drawn on the charts, and the words for how well a date is known (known_to, known, how_read).
MACROS = "timeline/_macros.j2"
FIG_WIDTH = 7.0  # inches: printed across the A4 text width at 1:1 (report.figures.PRINT_WIDTH_IN less the margins)


def _edge(category: str) -> str:
    """Marker edge: white, except a dark edge around light fills (yellow) so they stay visible."""
    return "#6b6100" if category == "publication" else "white"


def _area(category: str, s: float) -> float:
    """Marker area, enlarged for the star, which looks smaller than the other shapes at the same area."""
    return s * 1.8 if style.CATEGORY_MARKERS.get(category) == "*" else s


def _break_marks(ax, fig_w_in: float, left: bool, right: bool) -> None:
    """Short diagonal strokes where the x axis is cut."""
    width_in = ax.get_position().width * fig_w_in
    dx = 0.05 / width_in
    kw = dict(transform=ax.transAxes, color="#555555", clip_on=False, lw=0.8)
    if left:
        ax.plot([-dx, dx], [-0.025, 0.025], **kw)
    if right:
        ax.plot([1 - dx, 1 + dx], [-0.025, 0.025], **kw)


def _lane_axis(ax, lanes, first: bool) -> None:
    """Lane names on the first panel's y axis only."""
    ax.spines["right"].set_visible(False)
    ax.spines["left"].set_visible(first)
    if first:
        ax.set_yticks(range(len(lanes)))
        ax.set_yticklabels([_(EVENT_CATEGORY_LABELS[c]) for c in lanes])
        ax.tick_params(axis="y", length=0)
    else:
        ax.set_yticks([])


def _month(d: dt.date) -> str:
    return format_skeleton("MMM", d, locale=i18n.locale())


def _label(ax, text: str, xy, place: str, align: str, dy_above: int, dy_below: int, nudge: int,
           placed: list | None = None) -> None:
    """A key event's label beside its mark: above or below (``place``), centred or starting/ending at the mark
    (``align``), as the curators chose, unless that runs across the panel's edge (and so across the axis line there)
    or over a text in ``placed`` (window extents): then the nearest other position that does not.

    A label that starts or ends at its mark gets a short leader line from its end to the mark, so that it is read
    as the label of that mark and not of the marks it runs under. ``placed`` receives the label's extent.
    """
    placed = [] if placed is None else placed
    renderer = ax.figure.canvas.get_renderer()
    box = ax.get_window_extent(renderer)
    fig_box = ax.figure.bbox
    other = "below" if place == "above" else "above"
    sides = [align, "center", "left", "right"]
    tries = [(p, a, k) for k in (1, 2, 3) for p in (place, other) for a in dict.fromkeys(sides)]
    best = None
    for p, a, k in tries:
        hx = {"center": 0, "left": -nudge, "right": nudge}[a]
        dy = (dy_above if p == "above" else dy_below) * {1: 1, 2: 2.2, 3: 3.4}[k]
        kw = {}
        if a != "center" or k > 1:
            rel = {"center": 0.5, "left": 0.0, "right": 1.0}[a]
            kw["arrowprops"] = dict(arrowstyle="-", color="#777777", lw=0.6, shrinkA=0, shrinkB=4,
                                    relpos=(rel, 0.0 if p == "above" else 1.0))
        t = ax.annotate(text, xy, xytext=(hx, dy), textcoords="offset points", fontsize=7.8, ha=a,
                        va="bottom" if p == "above" else "top", color="#222222", annotation_clip=False, zorder=5, **kw)
        t.update_positions(renderer)
        ext = Text.get_window_extent(t, renderer)  # the text, without its leader line
        # across the axis line on the left, or off the figure
        left_edge = box.x0 + 2 if ax.spines["left"].get_visible() else 2
        outside = ext.x0 < left_edge or ext.x1 > fig_box.x1 - 2
        hits = sum(1 for b in placed if b.overlaps(ext))
        cost = (outside * 100 + hits * 5, tries.index((p, a, k)))
        if best is None or cost < best[0]:
            if best is not None:
                best[1].remove()
            best = (cost, t, ext)
        else:
            t.remove()
        if cost[0] == 0:
            break
    placed.append(best[2])


# ---------------------------------------------------------------------------- figure 2.1
def _busiest(win: pd.DataFrame) -> list:
    """The days with the most events known to the day (analysis.timeline.busiest_days, the top count only), by date,
    for the title."""
    days = tl.busiest_days(win)
    days = days[days["n_events"] == days["n_events"].max()] if len(days) else days
    return sorted((tl.BusyDay(r.day, int(r.n_events), int(r.n_documents)) for r in days.itertuples()), key=lambda b: b.day)


def _day_size(docs: int) -> float:
    return 34.0 + 46.0 * (docs - 1)


def day_size_keys(counts) -> list[int]:
    """The document counts figure 1.1's legend shows a mark for: every count the marks have when there are at
    most three; otherwise the smallest, the largest, and the one nearest the middle between them (the lower of two
    equally near). Only counts that occur, so the legend stays a few entries however many documents there are."""
    have = sorted({int(c) for c in counts if int(c) > 0})
    if len(have) <= 3:
        return have or [1]
    lo, hi = have[0], have[-1]
    mid = min(have[1:-1], key=lambda c: (abs(2 * c - lo - hi), c))
    return [lo, mid, hi]


def day_figure(win: pd.DataFrame, w: tl.Window, keys: pd.DataFrame):
    """Figure 1.1: lanes by category, one mark per day and lane, stripes for month/year-only events.

    ``win`` is :func:`kzreport.analysis.timeline.window_events`, ``keys`` the day figure's key events
    (:func:`kzreport.analysis.timeline.key_events`). Returns the Figure.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    say = prose.macros(MACROS)
    cats = w.categories
    marks = tl.day_marks(win, cats)
    segments = tl.axis_segments(list(marks["day"]), w.start, w.end)
    n = len(cats)
    widths = [(s1 - s0).days + 1.2 for s0, s1 in segments]
    imprecise = tl.imprecise_counts(win)
    note_w = 1.25 if not imprecise.empty else 0.15
    fig_w = FIG_WIDTH
    fig_h = 1.75 + 0.52 * n
    fig = plt.figure(figsize=(fig_w, fig_h))
    left_in = 1.35
    gs = fig.add_gridspec(1, len(segments), width_ratios=widths, wspace=0.05,
                          left=left_in / fig_w, right=1 - note_w / fig_w, top=1 - 0.62 / fig_h, bottom=0.92 / fig_h)
    axes = [fig.add_subplot(gs[0, i]) for i in range(len(segments))]
    for ax in axes:  # a label may run into the next panel: no panel's background hides it
        ax.patch.set_visible(False)
    y_of = {c: i for i, c in enumerate(cats)}
    labels = {(r.day, r.category): r for r in tl.mark_labels(marks, keys).itertuples()}
    pending = []  # key events' labels, placed once every other text is drawn
    for i, (ax, (s0, s1)) in enumerate(zip(axes, segments)):
        x0, x1 = s0.toordinal() - 0.6, s1.toordinal() + 0.6
        ax.set_xlim(x0, x1)
        ax.set_ylim(n - 0.45, -0.75)
        ax.grid(False)
        for c in cats:  # lane guide lines
            ax.axhline(y_of[c], color="#dddddd", lw=0.8, zorder=0)
        # month- and year-only events: a stripe across the part of the lane their period covers
        for r in imprecise.itertuples():
            colour = style.CATEGORY_COLORS.get(r.category, "#999999")
            for period in r.periods.split(";"):
                p0, p1 = tl.date_interval(period)
                lo, hi = max(p0.toordinal() - 0.5, x0), min(p1.toordinal() + 0.5, x1)
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
            x, y = r.day.toordinal(), y_of[r.category]
            ax.scatter([x], [y], s=_area(r.category, _day_size(int(r.n_documents))),
                       marker=style.CATEGORY_MARKERS.get(r.category, "o"),
                       color=style.CATEGORY_COLORS.get(r.category, "#999999"), edgecolor=_edge(r.category),
                       linewidth=0.6, zorder=3)
            if r.n_documents > 1:
                ax.annotate(fmt.number(r.n_documents), (x, y), xytext=(_day_size(int(r.n_documents)) ** 0.5 / 2 + 1.5, 0),
                            textcoords="offset points", fontsize=7.8, color="#333333", fontweight="bold", zorder=4,
                            va="center", ha="left")
            lab = labels.get((r.day, r.category))
            if lab is not None:
                pending.append((ax, prose.localized(lab, "label"), (x, y), lab.place, lab.align))
        days = pd.date_range(s0, s1, freq="D").date
        step = 1 if len(days) <= 16 else (2 if len(days) <= 32 else 7)
        ticks = [d for j, d in enumerate(days) if j % step == 0]
        ax.set_xticks([d.toordinal() for d in ticks])
        ax.set_xticklabels([(f"{fmt.number(d.day)}\n{_month(d)}" if (j == 0 or d.day == 1) else fmt.number(d.day))
                            for j, d in enumerate(ticks)], fontsize=8)
        ax.tick_params(axis="x", length=2)
        _lane_axis(ax, cats, i == 0)
        _break_marks(ax, fig_w, left=i > 0, right=i < len(segments) - 1)
    if not imprecise.empty:
        last = axes[-1]
        last.annotate(prose.plain(say.day_not_known()), (1, -0.75), xycoords=("axes fraction", "data"), xytext=(10, 0),
                      textcoords="offset points", fontsize=7.8, fontweight="bold", va="center", annotation_clip=False)
        for cat, g in imprecise.groupby("category", sort=False):
            text = "\n".join(prose.plain(say.stripe_count(int(r.n_events), r.periods.split(";"))) for r in g.itertuples())
            last.annotate(text, (1, y_of[cat]), xycoords=("axes fraction", "data"), xytext=(10, 0),
                          textcoords="offset points", fontsize=7.8, va="center", color="#333333",
                          annotation_clip=False)
    renderer = fig.canvas.get_renderer()
    fig.draw_without_rendering()
    placed = [t.get_window_extent(renderer) for ax in axes for t in ax.texts + ax.get_xticklabels() if t.get_text()]
    for ax, text, xy, place, align in pending:
        _label(ax, text, xy, place, align, 9, -9, 4, placed)
    if marks.empty:
        axes[0].text(0.5, 0.5, prose.plain(say.no_day_events()), transform=axes[0].transAxes,
                     ha="center", va="center", fontsize=8, color="#555555")
    fig.text(left_in / fig_w, 1 - 0.12 / fig_h, prose.plain(say.day_title(w.start, w.end, _busiest(win))),
             fontsize=10, fontweight="bold", ha="left", va="top")
    fig.text(left_in / fig_w, 1 - 0.34 / fig_h, prose.plain(say.day_subtitle()),
             fontsize=8, ha="left", va="top", color="#444444")
    handles = [Line2D([], [], ls="", marker="o", color="#777777", markeredgecolor="white",
                      markersize=_day_size(d) ** 0.5, label=prose.plain(say.documents(d))) for d in day_size_keys(marks["n_documents"])]
    if (imprecise["precision"] == "month").any():
        handles.append(Patch(facecolor="#777777", alpha=0.25, edgecolor="none", label=prose.plain(say.known("month"))))
    if (imprecise["precision"] == "year").any():
        handles.append(Patch(facecolor="none", edgecolor="#777777", hatch="////", lw=0, label=prose.plain(say.known("year"))))
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(left_in / fig_w, 0.0), ncol=min(len(handles), 3),
               fontsize=7.8, handletextpad=0.4, columnspacing=1.2, borderaxespad=0.2)
    return fig


# ---------------------------------------------------------------------------- figure 2.2
def _size_long(n: int) -> float:
    return 22.0 * n ** 0.6


def long_figure(lv: pd.DataFrame, w: tl.Window, keys: pd.DataFrame):
    """Figure 1.3: the long view, a year axis before 2022 (long empty stretches cut) and a month axis from 2022.

    ``lv`` is :func:`kzreport.analysis.timeline.long_view_events`, ``keys`` the long figure's key events. The
    days of figure 2.1 (``w``) are shaded. Returns the Figure.
    """
    from matplotlib.lines import Line2D

    say = prose.macros(MACROS)
    facts = tl.long_view_facts(lv, w)
    lanes = tl.long_view_lanes(w.categories)
    marks = tl.long_marks(lv)
    n = len(lanes)
    y_of = {c: i for i, c in enumerate(lanes)}
    panels = tl.long_panels(lv)
    # x limits in day ordinals; each year gets the same width, each month about 1.2 times a year's
    lims = []
    for kind, lo, hi in panels:
        if kind == "years":
            lims.append((dt.date(lo, 1, 1).toordinal() - 120, dt.date(hi, 12, 31).toordinal() + 120))
        else:
            lims.append((lo - 20, hi + 5))
    units = [((l1 - l0) / 365.25 if k == "years" else (l1 - l0) / 30.4 * 1.2) for (k, _, _), (l0, l1) in zip(panels, lims)]
    title = textwrap.fill(prose.plain(say.long_title(*facts.axis_years, facts.largest[0] if facts.largest else None)), 64)
    extra = 0.2 * title.count("\n")  # inches a longer title takes
    fig_w, fig_h = FIG_WIDTH, 1.55 + extra + 0.46 * n
    left_in = 1.55
    fig = plt.figure(figsize=(fig_w, fig_h))
    gs = fig.add_gridspec(1, len(panels), width_ratios=units, wspace=0.05, left=left_in / fig_w, right=0.98,
                          top=1 - (0.8 + extra) / fig_h, bottom=0.85 / fig_h)
    axes = [fig.add_subplot(gs[0, i]) for i in range(len(panels))]
    for ax in axes:  # a label may run into the next panel: no panel's background hides it
        ax.patch.set_visible(False)
    labels = {r.mark: r for r in tl.long_mark_labels(marks, keys).itertuples()}
    pending = []  # key events' labels, placed once every other text is drawn
    for i, (ax, (kind, lo, hi), (x0, x1)) in enumerate(zip(axes, panels, lims)):
        ax.set_xlim(x0, x1)
        ax.set_ylim(n - 0.35, -0.8)
        ax.grid(False)
        for c in lanes:
            ax.axhline(y_of[c], color="#e2e2e2", lw=0.8, zorder=0)
        if kind == "months":  # the days shown in figure 2.1
            ax.axvspan(w.start.toordinal() - 0.5, w.end.toordinal() + 0.5, color="#d9d9d9", alpha=0.7, lw=0, zorder=0)
            for y in range(dt.date.fromordinal(lo).year + 1, dt.date.fromordinal(hi).year + 1):
                ax.axvline(dt.date(y, 1, 1).toordinal(), color="#cccccc", lw=0.6, ls=":", zorder=0)
        in0, in1 = (dt.date(lo, 1, 1).toordinal(), dt.date(hi, 12, 31).toordinal()) if kind == "years" else (lo, hi)
        inside = marks[(marks["panel"] == kind) & (marks["x"] >= in0) & (marks["x"] <= in1)]
        for r in inside.itertuples():
            y = y_of[r.category]
            colour = style.CATEGORY_COLORS.get(r.category, "#999999")
            mk = style.CATEGORY_MARKERS.get(r.category, "o")
            if r.precision == "year":
                yy = y + 0.36
                bar = "#a89a00" if r.category == "publication" else colour  # no yellow bar under the yellow stars
                ax.plot([max(r.x0, x0), min(r.x1 + 1, x1)], [yy, yy], color=bar, lw=4, alpha=0.6,
                        solid_capstyle="butt", zorder=2)
                if r.n_events > 1:
                    ax.annotate(fmt.number(r.n_events), (min(r.x1 + 1, x1), yy), xytext=(2, 0),
                                textcoords="offset points", fontsize=7.8, va="center", color="#333333", zorder=4)
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
                pending.append((ax, prose.localized(lab, "label"), (r.x, ly), lab.place, lab.align))
        if kind == "years":
            major = [y for y in range(lo, hi + 1) if y % 5 == 0] or [lo]
            if lo % 5 and (not major or major[0] - lo >= 3):
                major = [lo] + major
            ax.set_xticks([dt.date(y, 7, 1).toordinal() for y in major])
            ax.set_xticklabels([str(y) for y in major], fontsize=8)
            ax.set_xticks([dt.date(y, 7, 1).toordinal() for y in range(lo, hi + 1)], minor=True)
        else:
            first = dt.date.fromordinal(lo)
            last = dt.date.fromordinal(hi)
            months = [dt.date(y, m, 1) for y in range(first.year, last.year + 1) for m in range(1, 13)
                      if first <= dt.date(y, m, 1) < last]
            quarter = [d for d in months if d.month in (1, 4, 7, 10)]
            ax.set_xticks([d.toordinal() for d in quarter])
            ax.set_xticklabels([(f"{_month(d)}\n{d.year}" if d.month == 1 else _month(d)) for d in quarter], fontsize=7.8)
            ax.set_xticks([d.toordinal() for d in months], minor=True)
        _lane_axis(ax, lanes, i == 0)
        _break_marks(ax, fig_w, left=i > 0, right=i < len(panels) - 1)
    renderer = fig.canvas.get_renderer()
    fig.draw_without_rendering()
    placed = [t.get_window_extent(renderer) for ax in axes for t in ax.texts + ax.get_xticklabels() if t.get_text()]
    for ax, text, xy, place, align in pending:
        _label(ax, text, xy, place, align, 8, -14, 3, placed)
    fig.text(left_in / fig_w, 1 - 0.1 / fig_h, title,
             fontsize=10, fontweight="bold", ha="left", va="top")
    fig.text(left_in / fig_w, 1 - (0.3 + extra) / fig_h,
             prose.plain(say.long_subtitle(facts.years_until, facts.split_year, w.start, w.end, DAY_FIGURE_NUMBER)).replace(
                 "; ", ";\n", 1),
             fontsize=8, ha="left", va="top", color="#444444")
    top_n = max([int(marks["n_events"].max())] if not marks.empty else [1])
    keys_shown = [k for k in (1, 5, 15) if k <= max(top_n, 1)]
    handles = [Line2D([], [], ls="", marker="o", color="#777777", markeredgecolor="white",
                      markersize=_size_long(k) ** 0.5, label=prose.plain(say.size_key(k))) for k in keys_shown]
    handles += [
        Line2D([], [], ls="", marker="o", markerfacecolor="white", markeredgecolor="#777777", markeredgewidth=1.1,
               markersize=6, label=prose.plain(say.month_key())),
        Line2D([], [], color="#777777", lw=4, alpha=0.6, solid_capstyle="butt", label=prose.plain(say.year_key())),
    ]
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.0), ncol=len(handles), fontsize=7.8,
               handletextpad=0.3, columnspacing=1.0, borderaxespad=0.2,
               title=prose.plain(say.long_legend_title()), title_fontsize=7.8, alignment="left")
    return fig

