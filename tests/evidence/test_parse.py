"""Tests for kzreport.parse: numbers, quantities and dates as the sources print them.

Every expected value below is written by hand from what the text means.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzreport.evidence.parse import (
    QUALIFIERS,
    ParseError,
    Quantity,
    names_weekday,
    parse_date,
    parse_number,
    parse_quantity,
    parse_span_end,
)

# --------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("236", 236),
        ("3000", 3000),
        ("10 000", 10000),
        ("10\u00a0000", 10000),  # no-break space
        ("10\u2009000", 10000),  # thin space
        ("10\u202f000", 10000),  # narrow no-break space
        ("5.800", 5800),
        ("2.200", 2200),
        ("2.000", 2000),
        ("20.000", 20000),
        ("1.234.567", 1234567),
        ("1,200", 1200),
        ("31,500", 31500),
        ("10,000", 10000),
        ("ε20,000", 20000),
        ("ε9,000", 9000),
        ("  881  ", 881),
    ],
)
def test_parse_number_digits(text: str, expected: int) -> None:
    value = parse_number(text)
    assert value == expected
    assert type(value) is int


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3,5", 3.5),  # German decimal comma
        ("0,25", 0.25),
        ("3.5", 3.5),  # English decimal point
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("siebeneinhalb", 7.5),
        ("seven and a half", 7.5),
    ],
)
def test_parse_number_decimals(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)
    assert isinstance(parse_number(text), float)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("eins", 1), ("ein", 1), ("einen", 1), ("eine", 1), ("einer", 1),
        ("zwei", 2), ("zweier", 2), ("drei", 3), ("vier", 4), ("fünf", 5), ("Fünf", 5),
        ("sechs", 6), ("sieben", 7), ("acht", 8), ("neun", 9), ("zehn", 10), ("elf", 11),
        ("zwölf", 12), ("Zwölf", 12), ("ZWÖLF", 12), ("fünfzehn", 15), ("zwanzig", 20),
        ("einundzwanzig", 21), ("hundert", 100), ("zweihundert", 200), ("tausend", 1000),
        ("dreitausendzweihundert", 3200),
        ("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6),
        ("seven", 7), ("eight", 8), ("nine", 9), ("ten", 10), ("eleven", 11), ("twelve", 12),
        ("Twelve", 12), ("twenty", 20), ("twenty-one", 21), ("hundred", 100),
        ("a hundred", 100), ("two hundred and five", 205), ("two thousand", 2000),
    ],
)
def test_parse_number_words(text: str, expected: int) -> None:
    assert parse_number(text) == expected


def test_parse_number_decomposed_umlaut() -> None:
    # "fünf" typed as u + combining diaeresis must read the same as the composed form
    assert parse_number("fu\u0308nf") == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fünftägige", 5),
        ("zweiwöchigen", 2),
        ("vierjähriges", 4),
        ("zweijähriger", 2),
        ("15-jährige", 15),
        ("einjährige", 1),
    ],
)
def test_parse_number_compounds_give_leading_number(text: str, expected: int) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("200 Hundert", 20000),
        ("2 Tausend", 2000),
        ("zwei Tausend", 2000),
        ("1,5 Tausend", 1500),
        ("3 Millionen", 3000000),
    ],
)
def test_parse_number_multiplier_after_numeral(text: str, expected: int) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "", "   ", "banana", "12abc", "1.2.3", "1,2,3", "12.34.56", "10 00", "10  000 0",
        "einfach", "einhalb", "one one", "twenty twenty", "seven twenty", "-", "ε", "Tage",
        "١٢",  # Arabic-Indic digits: not what the sources print
        "1" * 60,
    ],
)
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(ParseError):
        parse_number(text)


def test_parse_number_error_names_the_text() -> None:
    with pytest.raises(ParseError, match="banana"):
        parse_number("banana")


def test_parse_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_number("banana")


@pytest.mark.parametrize("separator", [" ", "\u00a0", "\u2009", ".", ","])
@given(n=st.integers(min_value=1000, max_value=10**15))
def test_parse_number_round_trips_grouped_integers(separator: str, n: int) -> None:
    printed = f"{n:,}".replace(",", separator)
    assert parse_number(printed) == n


@given(n=st.integers(min_value=0, max_value=10**15))
def test_parse_number_round_trips_plain_integers(n: int) -> None:
    value = parse_number(str(n))
    assert value == n
    assert type(value) is int


# --------------------------------------------------------------------------- parse_quantity


def q(value, qualifier, low, high, is_vague=False) -> Quantity:  # noqa: ANN001 - test shorthand
    return Quantity(value=value, qualifier=qualifier, low=low, high=high, is_vague=is_vague)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # exact, with unit words and hedges that are not bounds
        ("238", q(238, "exact", 238, 238)),
        ("15 Tage", q(15, "exact", 15, 15)),
        ("15 Tagen", q(15, "exact", 15, 15)),
        ("Vier Tage", q(4, "exact", 4, 4)),
        ("zwei Monate", q(2, "exact", 2, 2)),
        ("3000 Soldaten", q(3000, "exact", 3000, 3000)),
        ("three years", q(3, "exact", 3, 3)),
        ("Fünf", q(5, "exact", 5, 5)),
        ("fünftägige", q(5, "exact", 5, 5)),
        ("vierjähriges", q(4, "exact", 4, 4)),
        ("15-jährige", q(15, "exact", 15, 15)),
        ("jeweils zehn", q(10, "exact", 10, 10)),
        ("insgesamt 881", q(881, "exact", 881, 881)),
        ("allein 12", q(12, "exact", 12, 12)),
        ("only 4", q(4, "exact", 4, 4)),
        ("12,000", q(12000, "exact", 12000, 12000)),
        # at least
        ("mindestens 164", q(164, "at_least", 164, None)),
        ("mindestens einen", q(1, "at_least", 1, None)),
        ("mindestens zwölf", q(12, "at_least", 12, None)),
        ("mindestens 1.000", q(1000, "at_least", 1000, None)),
        ("wenigstens 3", q(3, "at_least", 3, None)),
        ("At least 238", q(238, "at_least", 238, None)),
        ("at least six", q(6, "at_least", 6, None)),
        # more than: strict, so an integer steps up by one
        ("Mehr als 2.200", q(2200, "more_than", 2201, None)),
        ("mehr als hundert", q(100, "more_than", 101, None)),
        ("über 60", q(60, "more_than", 61, None)),
        ("Über 60", q(60, "more_than", 61, None)),
        ("more than 20,000", q(20000, "more_than", 20001, None)),
        ("over 1,200", q(1200, "more_than", 1201, None)),
        ("mehr als 3,5", q(3.5, "more_than", 3.5, None)),
        # about: no hard bound
        ("rund 5.800", q(5800, "about", None, None)),
        ("etwa 20", q(20, "about", None, None)),
        ("ca. 300", q(300, "about", None, None)),
        ("circa 300", q(300, "about", None, None)),
        ("ungefähr 40", q(40, "about", None, None)),
        ("schätzungsweise 8.000", q(8000, "about", None, None)),
        ("about 500", q(500, "about", None, None)),
        ("around 500", q(500, "about", None, None)),
        ("approximately 500", q(500, "about", None, None)),
        ("some 3,000", q(3000, "about", None, None)),
        ("ε20,000", q(20000, "about", None, None)),
        ("ε9,000", q(9000, "about", None, None)),
        ("angeblich etwa 20 000", q(20000, "about", None, None)),
        # almost: strict upper bound
        ("fast 10 000", q(10000, "almost", None, 9999)),
        ("fast 8000", q(8000, "almost", None, 7999)),
        ("nahezu 100", q(100, "almost", None, 99)),
        ("beinahe 100", q(100, "almost", None, 99)),
        ("knapp 100", q(100, "almost", None, 99)),
        ("nearly 100", q(100, "almost", None, 99)),
        ("almost 100", q(100, "almost", None, 99)),
        ("fast 2,5", q(2.5, "almost", None, 2.5)),
        # up to
        ("bis zu 200 Hundert", q(20000, "up_to", None, 20000)),
        ("bis zu 200 Hundert Soldaten", q(20000, "up_to", None, 20000)),
        ("up to 260", q(260, "up_to", None, 260)),
        ("possibly up to 260", q(260, "up_to", None, 260)),
        ("höchstens 5", q(5, "up_to", None, 5)),
        ("at most 5", q(5, "up_to", None, 5)),
    ],
)
def test_parse_quantity(text: str, expected: Quantity) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "zwei bis siebeneinhalb Jahre",
        "zwei bis siebeneinhalb Jahren",
        "between two and seven and a half years",
        "zwischen zwei und siebeneinhalb Jahren",
        "2-7,5",
        "2 bis 7,5 Jahre",
    ],
)
def test_parse_quantity_range_two_to_seven_and_a_half(text: str) -> None:
    assert parse_quantity(text) == q(None, "exact", 2, 7.5)


def test_parse_quantity_range_with_digits() -> None:
    assert parse_quantity("2-7") == q(None, "exact", 2, 7)
    assert parse_quantity("2–7 Jahre") == q(None, "exact", 2, 7)


def test_parse_quantity_rejects_reversed_range() -> None:
    with pytest.raises(ParseError):
        parse_quantity("sieben bis zwei Jahre")


@pytest.mark.parametrize(
    ("text", "low"),
    [
        ("Dutzende", 24),
        ("dozens", 24),
        ("a few dozen", 24),
        ("mehreren Dutzend", 24),
        ("mehrere Dutzend", 24),
        ("Dutzende Menschen", 24),
        ("Hunderte", 200),
        ("Hunderten", 200),
        ("hunderter", 200),
        ("hundreds", 200),
        ("Tausende", 2000),
        ("Tausenden", 2000),
        ("thousands", 2000),
        ("thousands of people", 2000),
        ("in die Tausende", 2000),
        ("höchstwahrscheinlich in die Tausende", 2000),
        ("Zehntausende", 20000),
        ("Zehntausenden", 20000),
        ("tens of thousands", 20000),
        ("hundreds of thousands", 200000),
        ("tagelang", 2),
    ],
)
def test_parse_quantity_vague_amounts(text: str, low: int) -> None:
    assert parse_quantity(text) == q(None, "at_least", low, None, is_vague=True)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "verdoppelte", "a significant number", "banana", "12abc", "mindestens", "über", "Tage"],
)
def test_parse_quantity_rejects(text: str) -> None:
    with pytest.raises(ParseError, match="cannot read a quantity"):
        parse_quantity(text)


def test_parse_quantity_error_names_the_text() -> None:
    with pytest.raises(ParseError, match="verdoppelte"):
        parse_quantity("verdoppelte")


def test_qualifiers_constant() -> None:
    assert QUALIFIERS == ("exact", "at_least", "more_than", "about", "almost", "up_to")


@settings(max_examples=500)
@given(st.text())
def test_parse_quantity_raises_only_parse_error(text: str) -> None:
    try:
        result = parse_quantity(text)
    except ParseError:
        return
    assert result.qualifier in QUALIFIERS


@given(n=st.integers(min_value=0, max_value=10**9), word=st.sampled_from(["mindestens", "at least"]))
def test_parse_quantity_at_least_bound_is_the_printed_number(n: int, word: str) -> None:
    assert parse_quantity(f"{word} {n}") == q(n, "at_least", n, None)


# --------------------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5. Jänner 2022", ("2022-01-05", "day")),
        ("5.\u00a0Jänner 2022", ("2022-01-05", "day")),
        ("11.\u00a0Jänner 2022", ("2022-01-11", "day")),
        ("5. Januar 2022", ("2022-01-05", "day")),
        ("28. Feber 2021", ("2021-02-28", "day")),
        ("1. März 2020", ("2020-03-01", "day")),
        ("10. Mai 2021", ("2021-05-10", "day")),
        ("17. Juni 2019", ("2019-06-17", "day")),
        ("17. September 2009", ("2009-09-17", "day")),
        ("11. Oktober 2021", ("2021-10-11", "day")),
        ("21. Dezember 2015", ("2015-12-21", "day")),
        ("Jänner 2022", ("2022-01", "month")),
        ("Dezember 1986", ("1986-12", "month")),
        ("February 2023", ("2023-02", "month")),
        ("2011", ("2011", "year")),
        ("June 7, 2023", ("2023-06-07", "day")),
        ("April 23, 2014", ("2014-04-23", "day")),
        ("January 6, 2011", ("2011-01-06", "day")),
        ("9 Jan 2022", ("2022-01-09", "day")),
        ("9 Jan. 2022", ("2022-01-09", "day")),
        ("21.1.2021", ("2021-01-21", "day")),
        ("2022-01-05", ("2022-01-05", "day")),
        ("am 14. März 2022", ("2022-03-14", "day")),
        ("vom 14. März 2022", ("2022-03-14", "day")),
        ("seit dem 2. Januar 2022", ("2022-01-02", "day")),
        ("on June 7, 2023", ("2023-06-07", "day")),
        ("in January 2022", ("2022-01", "month")),
        ("im Jahr 2011", ("2011", "year")),
        ("Anfang Januar 2022", ("2022-01", "month")),
        ("early January 2022", ("2022-01", "month")),
        ("5. Januar 2022.", ("2022-01-05", "day")),
        # spans: the first day, with the month/year the span shares
        ("vom 2. bis 11. Jänner 2022", ("2022-01-02", "day")),
        ("2. bis 11.\u00a0Jänner 2022", ("2022-01-02", "day")),
        ("3. und 4. Januar 2022", ("2022-01-03", "day")),
        ("17. bis 19. Dezember 1986", ("1986-12-17", "day")),
        ("30. Dezember 2021 bis 2. Januar 2022", ("2021-12-30", "day")),
        ("Februar und Juli 2020", ("2020-02", "month")),
        ("February and July 2020", ("2020-02", "month")),
        ("Von 2014 bis 2016", ("2014", "year")),
        ("2020/21", ("2020", "year")),
    ],
)
def test_parse_date_with_year(text: str, expected: tuple[str, str]) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14. März", ("2022-03-14", "day")),
        ("25. Februar", ("2022-02-25", "day")),
        ("June 7", ("2022-06-07", "day")),
        ("August 23", ("2022-08-23", "day")),
        ("Januar", ("2022-01", "month")),
        ("September", ("2022-09", "month")),
        ("Anfang Januar", ("2022-01", "month")),
        ("from January 2 to January 11", ("2022-01-02", "day")),
        ("zwischen dem 5. und 6. Januar", ("2022-01-05", "day")),
        ("4. und 5. Januar", ("2022-01-04", "day")),
    ],
)
def test_parse_date_takes_missing_year_from_default(text: str, expected: tuple[str, str]) -> None:
    assert parse_date(text, default_year=2022) == expected


def test_parse_date_printed_year_wins_over_default() -> None:
    assert parse_date("14. März 2019", default_year=2022) == ("2019-03-14", "day")


@pytest.mark.parametrize("text", ["14. März", "June 7", "Januar", "from January 2 to January 11"])
def test_parse_date_without_year_needs_default(text: str) -> None:
    with pytest.raises(ParseError, match="no year"):
        parse_date(text)


@pytest.mark.parametrize("text", ["31. Februar 2022", "2022-02-30", "29. Februar 2021", "32. Januar 2022", "2022-13-01", "0000"])
def test_parse_date_rejects_impossible_dates(text: str) -> None:
    with pytest.raises(ParseError, match="no such date"):
        parse_date(text)


def test_parse_date_accepts_leap_day() -> None:
    assert parse_date("29. Februar 2020") == ("2020-02-29", "day")


@pytest.mark.parametrize(
    "text",
    [
        "Sonntag", "Am Sonntag", "am Sonntag", "Nacht zum Sonntag", "vergangenen Freitag",
        "Am Donnerstag", "on Monday",
    ],
)
def test_parse_date_rejects_weekdays(text: str) -> None:
    assert names_weekday(text)
    with pytest.raises(ParseError, match="weekday"):
        parse_date(text, default_year=2022)


@pytest.mark.parametrize("text", ["am nächsten Morgen", "vor einem Jahr", "5. Jänner 2022", "Sonntagsruhe"])
def test_names_weekday_only_for_weekdays(text: str) -> None:
    assert not names_weekday(text)


@pytest.mark.parametrize(
    "text",
    [
        "", "am nächsten Morgen", "Am nächsten Morgen", "In dieser Nacht", "vor einem Jahr",
        "year’s end", "banana", "5", "Jännerx 2022",
        "einen Tag nach der Ankündigung von Präsident Toqaev vom 11. Januar 2022",
    ],
)
def test_parse_date_rejects_non_dates(text: str) -> None:
    with pytest.raises(ParseError, match="cannot read a date"):
        parse_date(text, default_year=2022)


def test_parse_date_error_names_the_text() -> None:
    with pytest.raises(ParseError, match="am nächsten Morgen"):
        parse_date("am nächsten Morgen", default_year=2022)


@settings(max_examples=500)
@given(st.text(), st.one_of(st.none(), st.integers(min_value=-5, max_value=10000)))
def test_parse_date_raises_only_parse_error(text: str, default_year: int | None) -> None:
    try:
        iso, precision = parse_date(text, default_year=default_year)
    except ParseError:
        return
    assert precision in ("day", "month", "year")


@given(st.dates())
def test_parse_date_round_trips_iso_days(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == (day.isoformat(), "day")


@given(st.dates())
def test_parse_date_reads_german_numeric_dates(day: dt.date) -> None:
    printed = f"{day.day}.{day.month}.{day.year:04d}"
    assert parse_date(printed) == (day.isoformat(), "day")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("3. und 4. Januar 2022", "2022-01-04"),
        ("vom 2. bis 11. Jänner 2022", "2022-01-11"),
        ("4. und 5. Januar", "2022-01-05"),
        ("5. Januar 2022", None),
        ("Januar 2022", None),
        ("Februar und Juli 2020", None),
        ("Am Sonntag", None),
        ("in der Nacht zum 5. Januar oder am frühen Morgen des 6. Januar", None),
    ],
)
def test_parse_span_end_gives_the_last_day_of_a_printed_span_of_days(text: str, expected: str | None) -> None:
    assert parse_span_end(text, default_year=2022) == expected


def test_a_german_vague_amount_carries_its_english_words():
    from kzreport.evidence.parse import parse_quantity

    assert parse_quantity("Dutzende").words == "dozens"
    assert parse_quantity("Zehntausende").words == "tens of thousands"
    assert parse_quantity("a few dozen").words == ""  # English as printed
    assert parse_quantity("164").words == ""
    assert parse_quantity("Dutzende") == parse_quantity("dozens")  # the words are not part of the reading
