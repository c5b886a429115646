"""The executive summary's view for analysts (the summary itself draws no chart): every nation-wide figure of the
metrics shown and every key figure, a panel per metric on its own linear scale, the key figures ringed, so that what the rules picked can be checked
against what they chose from. Not in the reader's report."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS
from kzreport.report.style import CLAIMANT_COLORS


def candidates_chart(candidates: pd.DataFrame, ax=None):
    """One panel per metric, each on its own linear scale: a dot per figure at the bound 'highest' compares, coloured
    by claimant type, the picked ones ringed and named by their rule. ``candidates`` is
    :func:`kzreport.analysis.summary.candidates`. ``ax``: draw every metric in one Axes (one linear scale) instead.
    Returns the Figure."""
    metrics = list(dict.fromkeys(candidates["metric"]))
    if ax is None:
        fig, axes = plt.subplots(len(metrics), 1, figsize=(6.65, 0.62 * len(metrics) + 0.9), squeeze=False)
        axes = list(axes[:, 0])
    else:
        fig, axes = ax.figure, [ax] * len(metrics)
    types = [t for t in CLAIMANT_COLORS if t in set(candidates["claimant_type"])]
    for metric, a in zip(metrics, axes):
        d = candidates[candidates["metric"] == metric]
        for t in types:
            dt = d[d["claimant_type"] == t]
            a.scatter(dt["bound"], [metric.replace("_", " ")] * len(dt), color=CLAIMANT_COLORS[t], s=28, alpha=0.85,
                      label=CLAIMANT_TYPE_LABELS[t], zorder=3)
        picked = d[d["picked"] != ""]
        a.scatter(picked["bound"], [metric.replace("_", " ")] * len(picked), s=120, facecolors="none",
                  edgecolors="black", linewidths=1.1, zorder=5)
        for i, (x, rule) in enumerate(zip(picked["bound"], picked["picked"])):
            a.annotate(rule.replace("_", " "), (x, 0), xytext=(6, 5 + 8 * (i % 2)), textcoords="offset points",
                       fontsize=7.5)
        a.set_xlim(0, max(float(d["bound"].max()) * 1.35, 1))
        a.tick_params(labelsize=7.5)
    handles = [plt.Line2D([], [], ls="", marker="o", color=CLAIMANT_COLORS[t], label=CLAIMANT_TYPE_LABELS[t]) for t in types]
    fig.legend(handles=handles, fontsize=7.5, loc="lower left", ncol=4, bbox_to_anchor=(0.01, 0.0))
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig
