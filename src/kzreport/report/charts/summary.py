"""The executive summary's view for analysts (the summary itself draws no chart): every nation-wide figure of the
metrics shown and every key figure, on one log scale, a row per metric, the key figures ringed, so that what the rules picked can be checked
against what they chose from. Not in the reader's report."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS
from kzreport.report.style import CLAIMANT_COLORS


def candidates_chart(candidates: pd.DataFrame, ax=None):
    """One row per metric: a dot per figure at the bound 'highest' compares, coloured by claimant type, the picked ones
    ringed and named by their rule. ``candidates`` is :func:`kzreport.analysis.summary.candidates`. Returns the Figure."""
    metrics = list(dict.fromkeys(candidates["metric"]))
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 0.45 * len(metrics) + 1.2))
    data = candidates.assign(type=candidates["claimant_type"].map(CLAIMANT_TYPE_LABELS))
    palette = {CLAIMANT_TYPE_LABELS[t]: c for t, c in CLAIMANT_COLORS.items()}
    sns.stripplot(data=data, x="bound", y="metric", hue="type", order=metrics, palette=palette, jitter=False, size=6,
                  alpha=0.8, ax=ax)
    picked = data[data["picked"] != ""]
    ys = picked["metric"].map({m: i for i, m in enumerate(metrics)})
    ax.scatter(picked["bound"], ys, s=140, facecolors="none", edgecolors="black", linewidths=1.2, zorder=5)
    for x, y, rule in zip(picked["bound"], ys, picked["picked"]):
        ax.annotate(rule, (x, y), xytext=(6, 6), textcoords="offset points", fontsize=7)
    ax.set_xscale("log")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.figure.tight_layout()
    return ax.figure
