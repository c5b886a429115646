"""The tolls chapter's words where Python needs them as values: the cells of its table of claims.

The words themselves are the macros of ``templates/tolls/_macros.j2``; this module only calls them (and so
does :mod:`kzreport.report.charts.tolls` for the texts drawn on Figure 3.1), so a sentence still changes in
the template alone.
"""

from __future__ import annotations

import pandas as pd

from kzreport.analysis import tolls
from kzreport.report import prose

MACROS = "tolls/_macros.j2"
TABLE_CELLS = ("claim", "claimant", "figure", "reading", "stated")


def claims_table(claims: pd.DataFrame, documents: dict[str, str], labels) -> pd.DataFrame:
    """One row per claim shown, in seven columns so that the table fits an A4 page: claim (document),
    claimant [type], metric: as printed, qualifier; bounds, stated; place, and the quote in both languages.

    ``labels`` gives a metric's chart label (:meth:`kzreport.analysis.tolls.Selection.label`).
    """
    m = prose.macros(MACROS)
    rows = [tolls.described(r) for _, r in claims.iterrows()]
    cells = {
        "claim": [m.claim_cell(c, documents) for c in rows],
        "claimant": [m.claimant_cell(c) for c in rows],
        "figure": [m.figure_cell(c, labels(c["metric"])) for c in rows],
        "reading": [m.reading_cell(c) for c in rows],
        "stated": [m.stated_cell(c) for c in rows],
    }
    return pd.DataFrame({**cells, "quote": list(claims["quote"]), "quote_en": list(claims["quote_en"])},
                        columns=[*TABLE_CELLS, "quote", "quote_en"])
