"""Tests for kzreport.names: one English spelling per place and person."""

from __future__ import annotations

import pandas as pd
import pytest

from kzreport import config
from kzreport.evidence.curation import read_curation
from kzreport.evidence.names import UnknownNameError

CURATION, _PROBLEMS = read_curation(config.paths_for())
PLACES = CURATION.place_index()
canonical_place = PLACES.canonical

RAW = config.DATA_DIR / "raw"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Janaozen", "Zhanaozen"),
        ("Jaŋaözen", "Zhanaozen"),
        ("Zhanaozen", "Zhanaozen"),
        ("Schanaozen", "Zhanaozen"),
        ("Schangaösen", "Zhanaozen"),
        ("Zhanaozen city", "Zhanaozen"),
        ("Taldykorgan", "Taldykorgan"),
        ("Taldıqorğan", "Taldykorgan"),
        ("Nur-Sultan", "Astana"),
        ("Nursultan", "Astana"),
        ("Astana", "Astana"),
        ("Astana City", "Astana"),
        ("Almaty", "Almaty"),
        ("Almaty City", "Almaty"),
        ("Almaty city", "Almaty"),
        ("Alma-Ata", "Almaty"),
        ("Oblast Almaty", "Almaty Region"),
        ("Almaty Oblast", "Almaty Region"),
        ("Qaraghandy", "Karaganda"),
        ("Karaganda", "Karaganda"),
        ("Kasachstan", "Kazakhstan"),
        ("Kazakhstan", "Kazakhstan"),
        ("Südkasachstan", "Southern Kazakhstan"),
        ("southern Kazakhstan", "Southern Kazakhstan"),
        ("Westkasachstan", "Western Kazakhstan"),
        ("Shymkent", "Shymkent"),
        ("Semey", "Semey"),
        ("Uralsk", "Uralsk"),
        ("Oral", "Uralsk"),
        ("Taraz", "Taraz"),
        ("Kyzylorda", "Kyzylorda"),
        ("Aktobe", "Aktobe"),
        ("Aktau", "Aktau"),
        ("Russland", "Russia"),
        ("Belarus", "Belarus"),
        ("Weißrussland", "Belarus"),
        ("Kiew", "Kyiv"),
        ("Kirgisistan", "Kyrgyzstan"),
        ("Kirgisien", "Kyrgyzstan"),
        ("Kirgistan", "Kyrgyzstan"),
        ("Minsk", "Minsk"),
        ("Armenien", "Armenia"),
        ("Tadschikistan", "Tajikistan"),
    ],
)
def test_canonical_place(text: str, expected: str) -> None:
    assert canonical_place(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SCHANAOZEN", "Zhanaozen"),  # case
        ("Janaozen", "Zhanaozen"),
        ("Jaŋaozen", "Zhanaozen"),  # diacritic dropped
        ("Sudkasachstan", "Southern Kazakhstan"),
        ("  Kasachstan ", "Kazakhstan"),  # surrounding whitespace
        ("Nur Sultan", "Astana"),  # hyphen vs space
        ("Weissrussland", "Belarus"),  # ß vs ss
        ("taldiqorgan", "Taldykorgan"),  # dotless ı and ğ
    ],
)
def test_canonical_place_ignores_case_and_diacritics(text: str, expected: str) -> None:
    assert canonical_place(text) == expected


def test_canonical_place_empty() -> None:
    assert canonical_place("") == ""
    assert canonical_place("   ") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Taraz, Kyzylorda, and Shymkent", "Taraz; Kyzylorda; Shymkent"),
        ("Almaty und Schanaozen", "Almaty; Zhanaozen"),
        ("Russland, Belarus und Armenien", "Russia; Belarus; Armenia"),
        ("Kiew; Minsk", "Kyiv; Minsk"),
    ],
)
def test_canonical_place_lists(text: str, expected: str) -> None:
    assert canonical_place(text) == expected


@pytest.mark.parametrize("text", ["Atlantis", "Moskau", "Almaty-Stadt-Zentrum", "Zhanaoz"])
def test_canonical_place_unknown(text: str) -> None:
    with pytest.raises(UnknownNameError, match=text):
        canonical_place(text)


def test_canonical_place_unknown_in_list_names_the_part() -> None:
    with pytest.raises(UnknownNameError, match="'Atlantis'"):
        canonical_place("Almaty und Atlantis")


def test_unknown_name_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        canonical_place("Atlantis")


def test_canonical_place_rejects_non_strings() -> None:
    with pytest.raises(TypeError, match="string"):
        canonical_place(float("nan"))  # type: ignore[arg-type]


def test_the_curated_places_file_has_no_problems_and_each_english_name_is_its_own_canonical_name() -> None:
    assert _PROBLEMS == []
    for canonical in CURATION.places["place"]:
        assert canonical_place(canonical) == canonical


@pytest.mark.parametrize("table", ["claims.csv", "events.csv"])
def test_every_location_in_the_curated_tables_maps(table: str) -> None:
    locations = pd.read_csv(RAW / table, dtype=str)["location"].fillna("")
    unknown = []
    for location in sorted(set(locations)):
        try:
            canonical_place(location)
        except UnknownNameError:
            unknown.append(location)
    assert unknown == []
