"""Numbers, dates, periods, bounds and lists in words, with babel: the only place values become text.

Every function takes a ``locale`` (default: the edition being rendered, :func:`kzreport.report.i18n.locale`), so
that each edition formats the same values its own way (``10,000`` / ``10.000``, ``71.7%`` / ``71,7 %``,
``9 January 2022`` / ``9. Januar 2022``); its few words ('from', 'no bound', 'at least') come from the edition's
catalogue.
The Jinja2 environment of :mod:`kzreport.report.prose` exposes them as filters.
"""

from __future__ import annotations

import datetime as dt
import math

from babel import Locale
from babel.dates import format_date, format_skeleton, parse_pattern
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from kzreport.evidence.parse import parse_quantity
from kzreport.report import i18n
from kzreport.report.i18n import N_

LOCALE = i18n.LOCALES[i18n.SOURCE]  # British English: "9 January 2022", "a, b and c"

# The words a qualifier is read aloud with, before the number ("at least 23"); exact figures have none.
# The one definition for every chapter (the German words as printed are in the quotes themselves); each edition
# reads them in its own words (:func:`qualifier_words`).
QUALIFIER_WORDS = {
    "exact": "", "at_least": N_("at least"), "more_than": N_("more than"), "about": N_("about"),
    "almost": N_("almost"), "up_to": N_("up to"),
}


def _locale(locale: str | None) -> str:
    return locale or i18n.locale()


def _t(message: str, locale: str | None) -> str:
    """``message`` in the language of ``locale`` (the current edition's if None)."""
    return i18n.gettext(message, i18n.language_of(_locale(locale)))


def qualifier_words(locale: str | None = None) -> dict[str, str]:
    """:data:`QUALIFIER_WORDS` in the language of ``locale``: 'at_least' -> 'at least' / 'mindestens'."""
    return {k: (_t(v, locale) if v else "") for k, v in QUALIFIER_WORDS.items()}


# Whole numbers from one to nine are written as words in running text ("seven officers"); larger ones as digits.
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# German writes two to twelve as words (Duden); "one" is left in digits, as its form follows the noun's gender.
NUMBER_WORDS_DE = {2: "zwei", 3: "drei", 4: "vier", 5: "fünf", 6: "sechs", 7: "sieben", 8: "acht", 9: "neun",
                   10: "zehn", 11: "elf", 12: "zwölf"}


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, float) and math.isnan(value))


def number(value, locale: str | None = None) -> str:
    """``12345`` -> '12,345', ``7.5`` -> '7.5', ``3.0`` -> '3' (whole numbers never show a decimal point)."""
    if _blank(value):
        return ""
    locale = _locale(locale)
    value = float(value)
    if value.is_integer():
        return format_decimal(int(value), locale=locale)
    return format_decimal(value, format="#,##0.###", locale=locale)


def words(value, locale: str | None = None) -> str:
    """A count in running text: ``7`` -> 'seven', ``1`` -> 'one', ``12`` -> '12' (one to nine as words in English;
    two to twelve in German, 'sieben'; other numbers as digits)."""
    if _blank(value):
        return ""
    v = float(value)
    if _locale(locale).startswith("en") and v.is_integer() and 0 < v < len(NUMBER_WORDS):
        return NUMBER_WORDS[int(v)]
    if _locale(locale).startswith("de") and v.is_integer() and int(v) in NUMBER_WORDS_DE:
        return NUMBER_WORDS_DE[int(v)]
    return number(value, locale)


def vague(text, german: bool = True) -> str:
    """A vague amount as printed, English first: 'Dutzende' -> 'dozens („Dutzende“)', 'hunderter' -> 'hundreds
    („hunderter“)'; a wording printed in English stays as printed, in quotes: '“dozens”'. ``german=False``: the
    English alone ('dozens'), for a chart's label, where the register is one click away. The German edition gives the
words as printed: '„Dutzende“' ('Dutzende' on a chart)."""
    printed = str(text).strip()
    if i18n.language() != i18n.SOURCE:  # another edition reads the words as printed, never translated back
        return f"„{printed}“" if german else printed
    english = parse_quantity(printed).words
    if english:
        return f"{english} („{printed}“)" if german else english
    return f"“{printed}”"


def percent(share, digits: int = 1, locale: str | None = None) -> str:
    """``0.717`` -> '71.7%' (``digits`` decimals)."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    locale = _locale(locale)
    if i18n.language_of(locale) != i18n.SOURCE:
        pattern = pattern[:-1] + "\u00a0%"  # '71,7 %': German sets the sign apart (DIN 5008), a space that never breaks
    return format_percent(share, format=pattern, locale=locale)


def date(iso, locale: str | None = None, *, short: bool = False) -> str:
    """'2022-01-09' -> '9 January 2022', '2022-01' -> 'January 2022', '2022' -> '2022' ('' for none); ``short``, for a
    chart's label: '9 Jan 2022', 'Jan 2022'."""
    if _blank(iso):
        return ""
    locale = _locale(locale)
    iso = str(iso)
    if len(iso) == 10:
        return format_skeleton("yMMMd", dt.date.fromisoformat(iso), locale=locale) if short else \
            format_date(dt.date.fromisoformat(iso), "long", locale=locale)
    if len(iso) == 7:
        return format_skeleton("yMMM" if short else "yMMMM", dt.date.fromisoformat(iso + "-01"), locale=locale)
    return iso


def day(iso, skeleton: str = "MMMMd", locale: str | None = None) -> str:
    """A day with only the fields its context leaves unsaid (a CLDR skeleton): '2022-01-02' -> '2 January'
    (``MMMMd``: 'on 2 January', the year said before), '2' (``d``: 'from 2 to 11 January 2022'); '' for none."""
    if _blank(iso):
        return ""
    locale = _locale(locale)
    return format_skeleton(skeleton, dt.date.fromisoformat(str(iso)[:10]), locale=locale)


def period(start, end, locale: str | None = None) -> str:
    """A period in words; an open end is said to be open ('from 2 January 2022', 'not stated')."""
    a, b = date(start, locale), date(end, locale)
    if a and b:
        return a if a == b else f"{a} – {b}"
    if a:
        return _t(N_("from %(date)s"), locale) % {"date": a}
    if b:
        return _t(N_("until %(date)s"), locale) % {"date": b}
    return _t(N_("not stated"), locale)


def interval(start, end, locale: str | None = None) -> str:
    """Two days as one stretch, what they share said once: '1–23 January 2022', '28 January – 3 February 2022',
    '30 December 2021 – 2 January 2022'; the same day twice is that day ('5 January 2022').

    CLDR's interval patterns for day, short month and year (``yMMMd``) with the month written out, as CLDR's
    pattern generator widens a field (babel's ``format_interval`` would abbreviate it).
    """
    a, b = (dt.date.fromisoformat(str(d)[:10]) for d in (start, end))
    if a == b:
        return date(a.isoformat(), locale)
    locale = _locale(locale)
    field = "y" if a.year != b.year else ("M" if a.month != b.month else "d")
    parts = Locale.parse(locale).interval_formats["yMMMd"][field]
    return "".join(parse_pattern(p.replace("MMM", "MMMM")).apply(d, locale) for p, d in zip(parts, (a, b)))


def bounds(low, high, locale: str | None = None) -> str:
    """'164', '≥ 225', '≤ 260', '2–7.5', 'no bound' for a pair of inclusive bounds (empty: open)."""
    lo, hi = (None if _blank(low) else float(low)), (None if _blank(high) else float(high))
    if lo is not None and hi is not None:
        return number(lo, locale) if lo == hi else f"{number(lo, locale)}–{number(hi, locale)}"
    if lo is not None:
        return f"≥ {number(lo, locale)}"
    if hi is not None:
        return f"≤ {number(hi, locale)}"
    return _t(N_("no bound"), locale)


def items(values, locale: str | None = None, *, style: str = "standard") -> str:
    """['a', 'b', 'c'] -> 'a, b and c' (the locale's list pattern; ``style="or"``: 'a, b or c'); empty items are
    left out."""
    values = [str(v) for v in values if not _blank(v)]
    return format_list(values, style=style, locale=_locale(locale)) if values else ""


def qualified(value, qualifier: str, locale: str | None = None, *, spelled: bool = False) -> str:
    """A figure with its qualifier in words: ``qualified(23, "at_least")`` -> 'at least 23'; ``spelled``: a small
    whole number in words, for a count of people in running text (``qualified(6, "at_least", spelled=True)`` ->
    'at least six')."""
    said = qualifier_words(locale)[qualifier]
    shown = words(value, locale) if spelled else number(value, locale)
    return f"{said} {shown}" if said else shown
