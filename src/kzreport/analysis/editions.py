"""Curated text in each language the data has: a column and its German twin (``label`` and ``label_de``).

The analysis layer does not know which edition of the report is being rendered (it never imports
kzreport.report): where it hands on curated words, it hands on every language's, as ``{key: {"en": …, "de": …}}``,
and the report layer reads them in its edition (``kzreport.report.i18n.ByEdition``). A German cell left empty
falls back to the English there.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from kzreport.evidence.schemas import TRANSLATED_INTO as TRANSLATED  # the languages of the data's twin columns


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


def texts(table: pd.DataFrame | None, key: str, column: str, *,
          default: Callable[[str], str] | None = None) -> dict[str, dict[str, str]]:
    """``{key: {"en": row[column], "de": row[column + "_de"]}}`` for each row of ``table`` whose ``column`` is
    filled (every row when ``default`` names a key's English text where ``column`` is empty)."""
    out: dict[str, dict[str, str]] = {}
    if table is None or not len(table) or key not in table:
        return out
    for row in table.to_dict("records"):
        en = _text(row.get(column))
        if not en:
            if default is None:
                continue
            en = default(str(row[key]))
        out[row[key]] = {"en": en, **{lang: _text(row.get(f"{column}_{lang}")) for lang in TRANSLATED}}
    return out


def pick(both: dict[str, str] | str, lang: str) -> str:
    """One language's text of :func:`texts`' ``{"en": …, "de": …}`` (the English where it has none)."""
    if isinstance(both, str):
        return both
    return both.get(lang) or both["en"]
