"""One English spelling for every place named in the sources.

The documents spell the same places in German, Kazakh, Russian and English transliterations
("Schanaozen", "Jaŋaözen", "Zhanaozen"). The curated list ``data/raw/curation/places.csv`` names
every variant under its English spelling (curation is data, checked by :mod:`.curation`); lookup
ignores case, diacritics, hyphens versus spaces and extra whitespace, but nothing else: a name that
is not listed raises :class:`UnknownNameError` rather than being matched approximately.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["UnknownNameError", "Places"]


class UnknownNameError(ValueError):
    """A place name is not in the curated list of places (data/raw/curation/places.csv)."""


def _require_str(text: object, what: str) -> None:
    if not isinstance(text, str):
        raise TypeError(f"a {what} name must be a string, got {text!r} ({type(text).__name__}); use '' for none")


def _key(text: str) -> str:
    """Lookup key: no diacritics, case-folded, hyphens as spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("ı", "i")  # dotless i does not decompose
    return re.sub(r"[\s\-‐‑–]+", " ", stripped.casefold()).strip()


_LIST_SEPARATOR = re.compile(r"\s*(?:;|,\s*(?:and|und)\s+|,|\s+and\s+|\s+und\s+)\s*")


class Places:
    """The curated places: every spelling printed in the sources under its one English name.

    Built from ``data/raw/curation/places.csv`` (columns ``place``, ``spelling``; the English name is
    also listed as a spelling of itself). Lookup ignores case, diacritics, hyphens versus spaces and
    extra whitespace, but nothing else: a name that is not listed raises :class:`UnknownNameError`.
    """

    def __init__(self, pairs):
        self._index: dict[str, str] = {}
        for place, spelling in pairs:
            self._index.setdefault(_key(spelling), place)
            self._index.setdefault(_key(place), place)

    @staticmethod
    def key(text: str) -> str:
        """The lookup key of a spelling (two spellings with the same key are the same)."""
        return _key(text)

    def _one(self, name: str, original: str) -> str:
        try:
            return self._index[_key(name)]
        except KeyError:
            detail = "" if name == original else f" (in {original!r})"
            raise UnknownNameError(
                f"unknown place {name!r}{detail}: add the spelling to data/raw/curation/places.csv under its English name"
            ) from None

    def canonical(self, text: str) -> str:
        """The canonical English name of a place, or of each place in a list.

        ``"Schanaozen"`` -> ``"Zhanaozen"``; a list such as ``"Taraz, Kyzylorda, and Shymkent"``
        (separated by commas, semicolons, "and"/"und") becomes ``"Taraz; Kyzylorda; Shymkent"``.
        An empty or blank text gives ``""``.
        """
        _require_str(text, "place")
        if not text.strip():
            return ""
        if _key(text) in self._index:
            return self._index[_key(text)]
        parts = [p for p in _LIST_SEPARATOR.split(text.strip()) if p]
        return "; ".join(self._one(part, text) for part in parts)
