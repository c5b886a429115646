"""Charts of the methods chapter: the analyst's views of the readings."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS
from kzreport.report.style import CLAIMANT_COLORS


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
