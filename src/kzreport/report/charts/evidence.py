"""Charts of the evidence base, for analysts (not in the reader's report)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS


def claims_heatmap(table: pd.DataFrame, ax=None):
    """Claims per claimant type (rows) and metric (columns) as an annotated heatmap; returns the Figure.

    ``table`` is :func:`kzreport.analysis.evidence_checks.claims_by_type_and_metric`.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(max(6, 0.42 * table.shape[1]), 0.5 * table.shape[0] + 2))
    shown = table.rename(index=CLAIMANT_TYPE_LABELS)
    sns.heatmap(shown, annot=True, fmt="d", cmap="Blues", cbar=False, linewidths=0.5, ax=ax,
                annot_kws={"fontsize": 7})
    ax.set_xlabel("metric")
    ax.set_ylabel("claimant type")
    ax.set_title("Claims by claimant type and metric", loc="left")
    ax.tick_params(axis="x", labelrotation=90, labelsize=7)
    ax.figure.tight_layout()
    return ax.figure
