"""Charts of the accountability chapter: the counts of convicted officers by claimant (Figure 4.1).

Every word on a chart comes from the macros of ``templates/accountability/_macros.j2`` (rendered as plain text by
:func:`label`) or from curation data (short claimant names) and vocabularies; the functions here
place them. The same macros give the chapter's table cells (:func:`cells`).
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kzreport.analysis import accountability as acc
from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS
from kzreport.report import figures, prose
from kzreport.report import format as fmt
from kzreport.report.i18n import _
from kzreport.report.style import CLAIMANT_COLORS, CLAIMANT_MARKERS, OKABE_ITO

MACROS = "accountability/_macros.j2"
_DASHES = (0, (2.5, 1.5))


def label(name: str, *args) -> str:
    """The text of macro ``name`` as plain text, for a chart (escaping undone: matplotlib draws text, not HTML)."""
    return prose.plain(getattr(prose.macros(MACROS), name)(*args))


def cells(name: str, records) -> pd.Series:
    """Macro ``name`` applied to each of ``records`` (tuples of its arguments, or single arguments): a column of
    table cells for :func:`kzreport.report.tables.table`, each already escaped (so never escaped twice)."""
    fn = getattr(prose.macros(MACROS), name)
    return pd.Series([fn(*r) if isinstance(r, tuple) else fn(r) for r in records], dtype=object)


def claim_cells(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` (claims, numbered from 0) with the cells every table of the chapter shows: ``who`` (claimant, type,
    date stated), ``printed`` (the figure as printed, its bounds) and ``quote_cell`` (the quote, its English)."""
    df = df.reset_index(drop=True)
    claims = acc.claims_of(df)
    return df.assign(who=cells("who_cell", claims), printed=cells("printed_cell", claims),
                     quote_cell=cells("quote_cell", claims))


def officer_cells(officers: pd.DataFrame) -> pd.DataFrame:
    """:func:`claim_cells` of every count of convicted officers (:func:`kzreport.analysis.accountability.
    officer_counts_table`), with ``where`` (place, court date) and ``scope`` (repeats, January 2022, prison)."""
    view = claim_cells(officers)
    return view.assign(where=cells("where_cell", list(zip(view["location"], view["court_date"]))),
                       scope=cells("scope_cell", list(zip(view["repeats"], view["january"], view["prison"]))))


def used_cells(used: pd.DataFrame) -> pd.DataFrame:
    """:func:`claim_cells` of the claims the chapter reads (:func:`kzreport.analysis.accountability.claims_used` with
    its sources), with ``document`` (producer, date published) and ``what`` (the metric in words)."""
    view = claim_cells(used)
    producers = view["producer"].map(figures.short_producer)
    return view.assign(document=cells("document_cell", list(zip(producers, view["date_published"], view["source_id"]))),
                       what=view["metric"].str.replace("_", " "))


def _short(shorts: dict[str, str], claimant: str) -> str:
    return shorts.get(claimant, claimant)


def _marker(ax, x, y, ctype, color=None):
    ax.plot([x], [y], marker=CLAIMANT_MARKERS[ctype], markerfacecolor=color or CLAIMANT_COLORS[ctype],
            markeredgecolor="white", markersize=8, markeredgewidth=1.3, linestyle="none", zorder=5)


def _open_arrow(ax, start, tip, y, color):
    ax.annotate("", xy=(tip, y), xytext=(start, y), zorder=3,
                arrowprops=dict(arrowstyle="-|>", linestyle=_DASHES, color=color, lw=1.6,
                                shrinkA=0, shrinkB=0, mutation_scale=13))


def _open_handle(text: str) -> Line2D:
    return Line2D([], [], color="#555555", linestyle=_DASHES, lw=1.6, label=text)


def _legend_handles(types, extra=()):
    handles = [Line2D([], [], marker=CLAIMANT_MARKERS[t], color=CLAIMANT_COLORS[t], markerfacecolor=CLAIMANT_COLORS[t],
                      markeredgecolor=CLAIMANT_COLORS[t], markersize=9, lw=0, label=_(CLAIMANT_TYPE_LABELS[t])) for t in types]
    return handles + list(extra)


def _axes(ax, n_bars: int):
    if ax is None:
        _fig, ax = plt.subplots(figsize=(6.65, 0.55 * n_bars + 1.9))
    return ax


# ---------------------------------------------------------------------------- Figure 4.1
def labelled_bars(data: pd.DataFrame) -> list[tuple[str, acc.Bar]]:
    """Figure 4.1's bars, top to bottom, each with its label (``data`` from :func:`officer_counts_data`)."""
    return [(data.loc[data["bar"] == b.bar, "row"].iloc[0], b) for b in acc.officer_bars(data)]


def officer_counts_data(rows: pd.DataFrame, shorts: dict[str, str]) -> pd.DataFrame:
    """The rows of Figure 4.1 (:func:`kzreport.analysis.accountability.officer_counts_rows`) with ``row``, the label
    of the bar each belongs to (who stated the count and when; the items of a summary count), as the chart and its
    CSV show it."""
    names = {}
    for b in acc.officer_bars(rows):
        names[b.bar] = (label("items_label") if b.items_of else
                        label("bar_label", _short(shorts, b.head.claimant), b.head.reported_on, b.january))
    data = rows.copy()
    data.insert(1, "row", data["bar"].map(names))
    return data


def officer_counts_title(data: pd.DataFrame, shorts: dict[str, str]) -> str:
    heads = acc.claims_of(data[data["january"] & (data["segment"] == "")])
    return label("officers_title", [(c, _short(shorts, c.claimant)) for c in heads])


def _two_lines(text: str) -> str:
    """'HRW, 11 January 2024' -> 'HRW' over '11 January 2024'; other labels wrapped to a narrow column."""
    return text.replace(", ", "\n", 1) if ", " in text else textwrap.fill(text, 18)


def officer_counts_chart(data: pd.DataFrame, shorts: dict[str, str], ax=None):
    """One bar per count of convicted officers (``data`` from :func:`officer_counts_data`), a summary's items stacked
    under it; hatched: no prison time; grey: not about January 2022; an open bound continues as a dashed arrow."""
    labelled = labelled_bars(data)
    bars = [b for _, b in labelled]
    ax = _axes(ax, len(bars))
    fig = ax.figure
    vmax = max(float(b.segments["value"].sum()) for b in bars)
    for yi, b in enumerate(bars):
        y = -yi
        left = 0.0
        for p in b.parts:
            v = p.claim.value
            color = CLAIMANT_COLORS[p.claim.claimant_type] if p.january else OKABE_ITO["grey"]
            if p.prison:
                ax.barh(y, v, left=left, height=0.6, color=color, edgecolor="white", lw=1.2, zorder=2)
            else:
                ax.barh(y, v, left=left, height=0.6, color="white", edgecolor=color, hatch="////", lw=1.2, zorder=2)
            if b.stacked:
                ax.text(left + v / 2, y, fmt.number(v), ha="center", va="center", fontsize=8, fontweight="bold",
                        color="white" if p.prison else "black", zorder=4,
                        bbox=None if p.prison else dict(facecolor="white", edgecolor="none", pad=0.5))
            left += v
        last = b.parts[-1]
        color = CLAIMANT_COLORS[last.claim.claimant_type] if last.january else OKABE_ITO["grey"]
        end = left
        if last.claim.open_above:
            end = left + vmax * 0.12
            _open_arrow(ax, left, end, y, color)
        if b.stacked:
            # each line at most 44 characters, so the figure keeps its width and its text its size in print
            text = "\n".join(w for line in label("itemised_label", b).split("\n") for w in textwrap.wrap(line, 44))
            weight = "normal"
        else:
            _marker(ax, left, y, last.claim.claimant_type, color)
            text, weight = label("single_label", b), "bold"
        ax.annotate(text, (end, y), xytext=(7, 0), textcoords="offset points", va="center", ha="left",
                    fontsize=7.8 if b.stacked else 8.5, fontweight=weight, linespacing=1.3)
    labels = [text for text, _ in labelled]
    ax.set_yticks([-i for i in range(len(labels))], [_two_lines(t) for t in labels], fontsize=8.5)
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, vmax * 2.0)
    ax.set_ylim(-len(labels) + 0.45, 0.55)
    ax.set_xlabel(label("officers_axis"))
    ax.grid(axis="y", visible=False)
    ax.spines["left"].set_visible(False)
    fig.suptitle(officer_counts_title(data, shorts), x=0.01, ha="left", fontweight="bold", fontsize=9.5)
    extra = []
    if (~data["january"]).any():
        extra.append(Patch(facecolor=OKABE_ITO["grey"], label=label("legend_outside")))
    if (~data["prison"]).any():
        extra.append(Patch(facecolor="white", edgecolor="#555555", hatch="////", label=label("legend_no_prison")))
    if data["open_above"].any():
        extra.append(_open_handle(label("legend_open_ended")))
    handles = _legend_handles(list(dict.fromkeys(data.loc[data["january"], "claimant_type"])), extra)
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.4, -0.2), ncol=3, fontsize=8, handlelength=2.4)
    fig.tight_layout()
    return fig

