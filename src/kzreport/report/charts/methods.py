"""Charts of the methods chapter: the analyst's views of the readings."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS
from kzreport.report.i18n import N_, _
from kzreport.report.style import CLAIMANT_COLORS

# How a figure was read, as the chart's rows name it (a qualifier's code in words, or vague); translated when drawn.
READINGS = {"exact": N_("exact"), "at_least": N_("at least"), "more_than": N_("more than"), "about": N_("about"),
            "almost": N_("almost"), "up_to": N_("up to"), "vague": N_("vague")}
# The date precisions and the tables of the date-precision chart, in words (translated when drawn).
PRECISIONS = {"day": N_("day"), "month": N_("month"), "year": N_("year")}
TABLES = {"claims": N_("claims"), "events": N_("events")}


def qualifiers_by_type(claims: pd.DataFrame, ax=None):
    """For analysts: claims per qualifier, split by claimant type (vague amounts as a row of their own)."""
    if ax is None:
        _fig, ax = plt.subplots(figsize=(7, 3.2))
    types = {t: _(label) for t, label in CLAIMANT_TYPE_LABELS.items()}
    reading = claims["qualifier"].where(~claims["is_vague"].astype(bool), "vague")
    data = claims.assign(reading=reading.map(lambda q: _(READINGS[q]) if q in READINGS else str(q).replace("_", " ")),
                         type=claims["claimant_type"].map(types))
    palette = {types[t]: c for t, c in CLAIMANT_COLORS.items()}
    sns.countplot(data=data, y="reading", hue="type", palette=palette, ax=ax)
    ax.set_xlabel(_("claims"))
    ax.set_ylabel(_("reading"))
    ax.set_title(_("How figures were read, by claimant type"), loc="left")
    ax.legend(fontsize=7.5, title=None)
    ax.figure.tight_layout()
    return ax.figure


def date_precision(table: pd.DataFrame, ax=None):
    """For analysts: how precise the claims' and events' dates are (``analysis.methods.date_precision_table``)."""
    if ax is None:
        _fig, ax = plt.subplots(figsize=(5, 2.6))
    precision, table_, rows = _("precision"), _("table"), _("rows")  # the axes' and the legend's titles
    tidy = table.melt(id_vars="precision", var_name=table_, value_name=rows)
    tidy["precision"] = tidy["precision"].map(lambda p: _(PRECISIONS[p]) if p in PRECISIONS else p)
    tidy[table_] = tidy[table_].map(lambda t: _(TABLES[t]) if t in TABLES else t)
    tidy = tidy.rename(columns={"precision": precision})
    sns.barplot(data=tidy, x=precision, y=rows, hue=table_, ax=ax)
    ax.set_title(_("Date precision: claims (date stated) and events"), loc="left")
    ax.figure.tight_layout()
    return ax.figure
