"""Predicates on claims that several chapters share: where a figure is about, and the curators' judgements.

A claim's place is its ``location`` as the evidence layer names it (``data/raw/curation/places.csv``): a figure for
the country as a whole is recorded under :data:`NATIONWIDE`. The curators' judgement calls are the codes of its
``judgements`` column (vocabulary :data:`kzreport.evidence.vocab.JUDGEMENTS`), never the wording of ``note``.
"""

from __future__ import annotations

import pandas as pd

NATIONWIDE = "Kazakhstan"  # the place of a figure for the country as a whole


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def place(location) -> str:
    """The place a figure is about, '' for the whole country (or none given)."""
    text = _text(location)
    return "" if text == NATIONWIDE else text


def place_in(location, location_in) -> str:
    """The place a figure is about in another edition's words (``location_de``, the evidence layer's German name of
    ``location``), '' for the whole country (or none given); the English where the other edition's name is missing."""
    return "" if place(location) == "" else (_text(location_in) or _text(location))


def has_judgement(claims: pd.DataFrame, code: str) -> pd.Series:
    """True for each claim whose curators' ``judgements`` include ``code`` (whole codes, separated by ';')."""
    return claims["judgements"].map(lambda v: code in [c.strip() for c in _text(v).split(";")]).astype(bool)
