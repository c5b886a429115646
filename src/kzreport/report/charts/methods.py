"""Charts of the methods chapter: Figure 5.1 (whose voice each claim is) and the analyst's views of the readings."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.patches import Patch

from kzreport.analysis.methods import official_all_relayed
from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS
from kzreport.report import prose
from kzreport.report.style import CLAIMANT_COLORS, CLAIMANT_MARKERS

MACROS = "methods/relay_chart.j2"  # the words on Figure 5.1


def relay_chart(table: pd.DataFrame, ax=None):
    """Figure 5.1: one horizontal bar per claimant type, solid = stated in the claimant's own document, hatched =
    relayed by another document, each labelled with its counts; returns the Figure.

    ``table`` is :func:`kzreport.analysis.methods.relay_table` (its rows top to bottom).
    """
    words = prose.macros(MACROS)
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 0.34 * len(table) + 1.1))
    fig = ax.figure
    y = list(range(len(table)))[::-1]
    xmax = max(int(table["total"].max()) if len(table) else 1, 1)
    for yi, r in zip(y, table.itertuples()):
        color = CLAIMANT_COLORS[r.claimant_type]
        ax.barh(yi, r.own_document, color=color, edgecolor=color, height=0.62)
        ax.barh(yi, r.relayed, left=r.own_document, color="white", edgecolor=color, hatch="////", height=0.62, linewidth=1)
        ax.plot([r.total + xmax * 0.025], [yi], marker=CLAIMANT_MARKERS[r.claimant_type], color=color, markersize=7,
                linestyle="none", markeredgecolor=color)
        ax.text(r.total + xmax * 0.055, yi, prose.plain(words.bar(r.total, r.own_document, r.relayed)), va="center", fontsize=8.5)
    ax.set_yticks(y, list(table["label"]))
    ax.set_xlim(0, xmax * 1.55)
    ax.set_xlabel(prose.plain(words.axis()))
    ax.grid(axis="y", visible=False)
    ax.set_axisbelow(True)
    ax.set_title(prose.plain(words.title(official_all_relayed(table))), loc="left", fontweight="bold")
    ax.legend(handles=[Patch(facecolor="#777777", edgecolor="#777777", label=prose.plain(words.own_legend())),
                       Patch(facecolor="white", edgecolor="#777777", hatch="////", label=prose.plain(words.relayed_legend()))],
              loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


def qualifiers_by_type(claims: pd.DataFrame, ax=None):
    """For analysts: claims per qualifier, split by claimant type (vague amounts as a row of their own)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.2))
    data = claims.assign(reading=claims["qualifier"].where(~claims["is_vague"].astype(bool), "vague").str.replace("_", " "),
                         type=claims["claimant_type"].map(CLAIMANT_TYPE_LABELS))
    palette = {CLAIMANT_TYPE_LABELS[t]: c for t, c in CLAIMANT_COLORS.items()}
    sns.countplot(data=data, y="reading", hue="type", palette=palette, ax=ax)
    ax.set_xlabel("claims")
    ax.set_ylabel("reading")
    ax.set_title("How figures were read, by claimant type", loc="left")
    ax.legend(fontsize=7.5, title=None)
    ax.figure.tight_layout()
    return ax.figure


def date_precision(table: pd.DataFrame, ax=None):
    """For analysts: how precise the claims' and events' dates are (``analysis.methods.date_precision_table``)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 2.6))
    tidy = table.melt(id_vars="precision", var_name="table", value_name="rows")
    sns.barplot(data=tidy, x="precision", y="rows", hue="table", ax=ax)
    ax.set_title("Date precision: claims (date stated) and events", loc="left")
    ax.figure.tight_layout()
    return ax.figure
