"""Charts of the evidence base, for analysts (not in the reader's report)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS
from kzreport.report.i18n import _


def claims_heatmap(table: pd.DataFrame, ax=None):
    """Claims per claimant type (rows) and metric (columns) as an annotated heatmap; returns the Figure.

    ``table`` is :func:`kzreport.analysis.evidence_checks.claims_by_type_and_metric`.
    """
    # metrics down the side (there are many), claimant types across: the chart fits the page's width
    shown = table.rename(index={t: _(label) for t, label in CLAIMANT_TYPE_LABELS.items()}).T
    shown.index = [str(m).replace("_", " ") for m in shown.index]
    if ax is None:
        _fig, ax = plt.subplots(figsize=(6.65, 0.2 * shown.shape[0] + 1.6))
    sns.heatmap(shown, annot=True, fmt="d", cmap="Blues", cbar=False, linewidths=0.5, ax=ax,
                annot_kws={"fontsize": 7.5}, mask=shown == 0)
    ax.set_xlabel(_("claimant type"))
    ax.set_ylabel(_("metric"))
    ax.set_title(_("Claims by claimant type and metric"), loc="left")
    ax.tick_params(axis="y", labelsize=7.5)
    ax.tick_params(axis="x", labelsize=7.5)
    ax.figure.tight_layout()
    return ax.figure
