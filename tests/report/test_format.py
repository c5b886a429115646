"""report.format: values in words with babel (numbers, dates, periods, bounds, lists)."""

import math

import pytest

from kzreport.report import format as fmt

NAN = math.nan


def test_bounds():
    assert fmt.bounds(164, 164) == "164"
    assert fmt.bounds(225, NAN) == "≥ 225"
    assert fmt.bounds(NAN, 260) == "≤ 260"
    assert fmt.bounds(2, 7.5) == "2–7.5"
    assert fmt.bounds(10001, None) == "≥ 10,001"
    assert fmt.bounds(NAN, NAN) == "no bound"


@pytest.mark.parametrize("value, en, de", [(12345, "12,345", "12.345"), (7.5, "7.5", "7,5"), (3.0, "3", "3"),
                                           (0.125, "0.125", "0,125")])
def test_number_by_locale(value, en, de):
    assert fmt.number(value) == en and fmt.number(value, "de") == de


def test_a_day_without_the_fields_its_context_gives():
    assert fmt.day("2022-01-02") == "2 January" and fmt.day("2022-01-02", "d") == "2" and fmt.day("") == ""
    assert fmt.day("2022-01-09", locale="de_AT") == "9. Jänner"


def test_dates_and_periods():
    assert fmt.date("2022-01-09") == "9 January 2022"
    assert fmt.date("2022-01") == "January 2022" and fmt.date("2022") == "2022" and fmt.date("") == ""
    assert fmt.date("2022-01-09", "de_AT") == "9. Jänner 2022" and fmt.date("2022-01", "de") == "Januar 2022"
    assert fmt.period("2022-01-02", "2022-01-11") == "2 January 2022 – 11 January 2022"
    assert fmt.period("2022-01-02", None) == "from 2 January 2022"
    assert fmt.period(None, "2022-01") == "until January 2022" and fmt.period(None, None) == "not stated"


def test_interval_says_what_two_days_share_once():
    assert fmt.interval("2022-01-01", "2022-01-23") == "1–23 January 2022"
    assert fmt.interval("2022-01-28", "2022-02-03") == "28 January\u2009–\u20093 February 2022"
    assert fmt.interval("2021-12-30", "2022-01-02") == "30 December 2021\u2009–\u20092 January 2022"
    assert fmt.interval("2022-01-05", "2022-01-05") == "5 January 2022"
    assert fmt.interval("2022-01-02", "2022-01-11", "de_AT") == "2.–11. Jänner 2022"


def test_items_count_percent():
    assert fmt.items(["a", "b", "c"]) == "a, b and c" and fmt.items(["a", "", "b"]) == "a and b"
    assert fmt.items(["a", "b", "c"], "de") == "a, b und c"
    assert fmt.items(["a", "b", "c"], style="or") == "a, b or c"
    assert fmt.percent(236 / 329) == "71.7%"


def test_qualified_and_the_one_list_of_qualifier_words():
    from kzreport.evidence.vocab import QUALIFIERS

    assert set(fmt.QUALIFIER_WORDS) == set(QUALIFIERS)
    assert fmt.qualified(23, "at_least") == "at least 23" and fmt.qualified(1200, "more_than") == "more than 1,200"
    assert fmt.qualified(164, "exact") == "164"


def test_small_counts_in_running_text_are_words():
    assert fmt.words(7) == "seven" and fmt.words(1) == "one" and fmt.words(9.0) == "nine"
    assert fmt.words(12) == "12" and fmt.words(1200) == "1,200" and fmt.words(2.5) == "2.5"
    assert fmt.words(7, locale="fr_FR") == "7"  # a language without its own words keeps the digits
    assert fmt.qualified(6, "at_least", spelled=True) == "at least six"
    assert fmt.qualified(6, "at_least") == "at least 6"


def test_a_vague_amount_is_english_first_then_as_printed():
    assert fmt.vague("Dutzende") == "dozens („Dutzende“)"
    assert fmt.vague("hunderter") == "hundreds („hunderter“)"
    # the hedge in front is kept in English (a guess, not a count)
    assert fmt.vague("höchstwahrscheinlich in die Tausende") == "most likely thousands („höchstwahrscheinlich in die Tausende“)"
    assert fmt.vague("Dutzende", german=False) == "dozens" and fmt.vague("dozens", german=False) == "“dozens”"
    assert fmt.vague("dozens") == "“dozens”"  # printed in English: as printed


# ------------------------------------------------------------------ the German edition's conventions
def test_german_numbers_percentages_and_dates():
    assert fmt.number(10_000, "de_DE") == "10.000" and fmt.number(7.5, "de_DE") == "7,5"
    assert fmt.percent(236 / 329, locale="de_DE") == "71,7\u00a0%"  # a space that never breaks before the sign
    assert fmt.date("2024-04-26", "de_DE") == "26. April 2024" and fmt.date("2022-01", "de_DE") == "Januar 2022"
    assert fmt.interval("2022-01-02", "2022-01-11", "de_DE") == "2.–11. Januar 2022"
    assert fmt.bounds(2, 7.5, "de_DE") == "2–7,5" and fmt.bounds(225, None, "de_DE") == "≥ 225"


def test_german_words_come_from_the_catalogue():
    assert fmt.qualified(23, "at_least", "de_DE") == "mindestens 23"
    assert [fmt.qualifier_words("de_DE")[q] for q in ("more_than", "about", "almost", "up_to")] == \
        ["mehr als", "etwa", "fast", "bis zu"]
    assert fmt.period("2022-01-02", None, "de_DE") == "ab 2. Januar 2022"
    assert fmt.period(None, None, "de_DE") == "nicht angegeben"
    assert fmt.items(["a", "b", "c"], "de_DE") == "a, b und c"


def test_german_spells_two_to_twelve_and_keeps_one_in_digits():
    assert [fmt.words(n, "de_DE") for n in (1, 2, 7, 12, 13)] == ["1", "zwei", "sieben", "zwölf", "13"]
    assert fmt.qualified(6, "at_least", "de_DE", spelled=True) == "mindestens sechs"


def test_a_vague_amount_in_german_is_the_word_as_printed():
    from kzreport.report import i18n

    with i18n.use("de"):
        assert fmt.vague("Dutzende") == "„Dutzende“" and fmt.vague("Dutzende", german=False) == "Dutzende"
    assert fmt.vague("Dutzende") == "dozens („Dutzende“)"
