"""One English spelling for every place and person named in the sources.

The documents spell the same names in German, Kazakh, Russian and English
transliterations ("Schanaozen", "Jaŋaözen", "Zhanaozen"; "Tokajew", "Toqaev",
"Tojakow"). The tables below list every variant explicitly under its canonical
English spelling; lookup ignores case, diacritics, hyphens versus spaces and extra
whitespace, but nothing else: a name that is not listed raises
:class:`UnknownNameError` rather than being matched approximately.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "UnknownNameError",
    "PLACES",
    "PERSONS",
    "Person",
    "canonical_place",
    "canonical_person",
]


class UnknownNameError(ValueError):
    """A place or person name is not in the tables of this module."""


# canonical English name -> the variants printed in the sources (the canonical
# spelling itself always matches and need not be repeated)
PLACES: dict[str, tuple[str, ...]] = {
    # Kazakhstan as a whole and its parts
    "Kazakhstan": ("Kasachstan", "Republic of Kazakhstan", "Republik Kasachstan"),
    "Southern Kazakhstan": ("Südkasachstan", "Süd-Kasachstan", "southern Kazakhstan"),
    "Western Kazakhstan": ("Westkasachstan", "West-Kasachstan", "western Kazakhstan"),
    "Almaty Region": ("Oblast Almaty", "Almaty Oblast", "Almaty Province", "Gebiet Almaty"),
    # cities
    "Almaty": ("Almaty City", "Alma-Ata", "Alma Ata"),
    "Astana": ("Nur-Sultan", "Nursultan", "Astana City"),
    "Zhanaozen": ("Janaozen", "Jaŋaözen", "Schanaozen", "Schangaösen", "Zhanaozen city", "Zhanaozen City"),
    "Taldykorgan": ("Taldıqorğan", "Taldyqorghan"),
    "Karaganda": ("Qaraghandy", "Karagandy"),
    "Shymkent": ("Schymkent", "Chimkent"),
    "Semey": ("Semei", "Semipalatinsk"),
    "Uralsk": ("Oral",),
    "Taraz": (),
    "Kyzylorda": ("Qyzylorda", "Kysylorda"),
    "Aktobe": ("Aqtöbe", "Aktöbe"),
    "Aktau": ("Aqtau",),
    # other countries and their capitals
    "Russia": ("Russland",),
    "Belarus": ("Weißrussland",),
    "Minsk": (),
    "Kyiv": ("Kiew", "Kiev"),
    "Kyrgyzstan": ("Kirgisistan", "Kirgisien", "Kirgistan", "Kirgisische Republik"),
    "Armenia": ("Armenien",),
    "Tajikistan": ("Tadschikistan",),
}


@dataclass(frozen=True)
class Person:
    """A person's canonical names and the variants the sources print.

    Attributes:
        full: canonical full name ("Kassym-Jomart Tokayev").
        surname: canonical surname used when only the surname is printed ("Tokayev").
        given_names: variants of the given name(s).
        surnames: variants of the surname.
    """

    full: str
    surname: str
    given_names: tuple[str, ...]
    surnames: tuple[str, ...]


PERSONS: tuple[Person, ...] = (
    Person(
        full="Kassym-Jomart Tokayev",
        surname="Tokayev",
        given_names=("Kassym-Jomart", "Qasım-Jomart", "Kassim-Schomart", "Qassym-Schomart", "Kassym-Zhomart"),
        surnames=("Tokayev", "Tokajew", "Toqaev", "Tojakow", "Tokayew"),
    ),
    Person(
        full="Nursultan Nazarbayev",
        surname="Nazarbayev",
        given_names=("Nursultan",),
        surnames=("Nazarbayev", "Nasarbajew", "Nazarbajew", "Nazabajew", "Nazarbaev"),
    ),
    Person(
        full="Zhanbolat Mamay",
        surname="Mamay",
        given_names=("Zhanbolat", "Janbolat", "Schanbolat"),
        surnames=("Mamay", "Mamai"),
    ),
)

# Titles printed before a name that are not part of it.
_TITLES: tuple[str, ...] = (
    "präsident", "president", "ex-präsident", "expräsident", "former president",
    "ehemaliger präsident", "staatschef",
)


def _require_str(text: object, what: str) -> None:
    if not isinstance(text, str):
        raise TypeError(f"a {what} name must be a string, got {text!r} ({type(text).__name__}); use '' for none")


def _key(text: str) -> str:
    """Lookup key: no diacritics, case-folded, hyphens as spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("ı", "i")  # dotless i does not decompose
    return re.sub(r"[\s\-‐‑–]+", " ", stripped.casefold()).strip()


def _place_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, aliases in PLACES.items():
        for variant in (canonical, *aliases):
            key = _key(variant)
            if index.setdefault(key, canonical) != canonical:
                raise AssertionError(f"place variant {variant!r} is listed under two names")
    return index


def _person_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for person in PERSONS:
        for surname in person.surnames:
            index[_key(surname)] = person.surname
            for given in person.given_names:
                index[_key(f"{given} {surname}")] = person.full
        index[_key(person.full)] = person.full
    return index


_PLACE_INDEX = _place_index()
_PERSON_INDEX = _person_index()

_LIST_SEPARATOR = re.compile(r"\s*(?:;|,\s*(?:and|und)\s+|,|\s+and\s+|\s+und\s+)\s*")


def _one_place(name: str, original: str) -> str:
    try:
        return _PLACE_INDEX[_key(name)]
    except KeyError:
        detail = "" if name == original else f" (in {original!r})"
        raise UnknownNameError(
            f"unknown place {name!r}{detail}: add it to kzreport.evidence.names.PLACES under its English name"
        ) from None


def canonical_place(text: str) -> str:
    """The canonical English name of a place, or of each place in a list.

    ``"Schanaozen"`` -> ``"Zhanaozen"``; a list such as ``"Taraz, Kyzylorda, and
    Shymkent"`` (separated by commas, semicolons, "and"/"und") becomes
    ``"Taraz; Kyzylorda; Shymkent"``. An empty or blank text gives ``""``.

    Raises:
        UnknownNameError: if a name is not in :data:`PLACES`, naming it.
    """
    _require_str(text, "place")
    if not text.strip():
        return ""
    if _key(text) in _PLACE_INDEX:
        return _PLACE_INDEX[_key(text)]
    parts = [p for p in _LIST_SEPARATOR.split(text.strip()) if p]
    return "; ".join(_one_place(part, text) for part in parts)


def canonical_person(text: str) -> str:
    """The canonical English name of a person.

    A full name gives the full canonical name ("Kassim-Schomart Tojakow" ->
    "Kassym-Jomart Tokayev"); a surname alone gives the canonical surname ("Tokajew"
    -> "Tokayev"). A leading title ("Präsident") is dropped. An empty text gives "".

    Raises:
        UnknownNameError: if the name is not in :data:`PERSONS`, naming it.
    """
    _require_str(text, "person")
    if not text.strip():
        return ""
    key = _key(text)
    for title in sorted(_TITLES, key=len, reverse=True):
        title_key = _key(title)
        if key.startswith(title_key + " "):
            key = key[len(title_key) + 1:]
            break
    try:
        return _PERSON_INDEX[key]
    except KeyError:
        raise UnknownNameError(
            f"unknown person {text!r}: add the spelling to kzreport.evidence.names.PERSONS"
        ) from None
