"""Read the numbers and dates that the source documents print, without guessing.

The claims and events tables keep every figure and date as printed (``value_text``,
``date_text``): "mehr als 2.200", "ε20,000", "Dutzende", "5. Jänner 2022", "June 7".
This module turns those strings into values a report can compare:

* :func:`parse_number` reads one number (digits with German or English separators, or
  a German/English number word) and raises :class:`ParseError` for anything else.
* :func:`parse_quantity` reads a figure together with the words that qualify it
  ("mindestens", "more than", "fast", "bis zu", ...) and returns a :class:`Quantity`
  with the inclusive bounds the wording allows.
* :func:`parse_date` reads German (incl. Austrian "Jänner") and English dates and
  returns an ISO string with its precision (day, month or year).

Everything that cannot be read with certainty is rejected with a :class:`ParseError`
that names the text and says why; nothing is guessed.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field, replace

__all__ = [
    "ParseError",
    "QUALIFIERS",
    "Quantity",
    "parse_number",
    "parse_quantity",
    "parse_date",
    "parse_span_end",
    "names_weekday",
]


class ParseError(ValueError):
    """A number, quantity or date could not be read from the given text."""


QUALIFIERS: tuple[str, ...] = ("exact", "at_least", "more_than", "about", "almost", "up_to")

Number = int | float


@dataclass(frozen=True)
class Quantity:
    """A printed figure with its qualifier and the inclusive bounds the wording allows.

    Attributes:
        value: the number as printed; ``None`` for vague amounts ("Dutzende") and ranges.
        qualifier: one of :data:`QUALIFIERS`.
        low: inclusive lower bound, ``None`` when the wording sets none.
        high: inclusive upper bound, ``None`` when the wording sets none.
        is_vague: ``True`` when no number is printed ("Tausende", "dozens", "tagelang").
        words: for a vague amount printed in German, the English words a reader is given for it ("Dutzende" ->
            "dozens", "höchstwahrscheinlich in die Tausende" -> "most likely thousands": a hedge in front is kept in
            words); empty otherwise (an English wording is read as printed). Not compared: two readings with the same
            bounds are equal.
    """

    value: Number | None
    qualifier: str
    low: Number | None
    high: Number | None
    is_vague: bool = False
    words: str = field(default="", compare=False)


# --------------------------------------------------------------------------- helpers

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")


def _clean(text: str) -> str:
    """NFC-normalise, turn every run of whitespace (incl. no-break/thin) into one space, strip."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _as_number(value: float) -> Number:
    """Return ``value`` as an int when it is whole, else unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _require_str(text: object, what: str) -> str:
    if not isinstance(text, str):
        raise ParseError(f"cannot read {what} from {text!r}: expected a string, got {type(text).__name__}")
    return text


# --------------------------------------------------------------------------- numbers: digits

# [0-9] rather than \d: \d also matches Arabic-Indic and other digits that int() accepts.
_DIGITS_PLAIN = re.compile(r"[0-9]+")
_DIGITS_SPACE_GROUPS = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+")
_DIGITS_DOT_GROUPS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_DIGITS_COMMA_GROUPS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
_GERMAN_DECIMAL = re.compile(r"([0-9]{1,3}(?:\.[0-9]{3})*|[0-9]+),([0-9]+)")
_ENGLISH_DECIMAL = re.compile(r"([0-9]{1,3}(?:,[0-9]{3})*|[0-9]+)\.([0-9]+)")


_MAX_DIGIT_CHARS = 40  # far beyond any printed figure; keeps int() within its digit limit


def _parse_digits(text: str) -> Number | None:
    """Read a figure written with digits, or return ``None`` if ``text`` is not one.

    Thousands separators: space ("10 000"), dot ("5.800") or comma ("31,500"), each
    followed by groups of exactly three digits. A comma followed by anything other than
    exactly three digits is a German decimal comma ("3,5"); a single dot followed by
    anything other than exactly three digits is an English decimal point ("3.5").
    """
    if len(text) > _MAX_DIGIT_CHARS:
        return None
    if _DIGITS_PLAIN.fullmatch(text):
        return int(text)
    for pattern, sep in ((_DIGITS_SPACE_GROUPS, " "), (_DIGITS_DOT_GROUPS, "."), (_DIGITS_COMMA_GROUPS, ",")):
        if pattern.fullmatch(text):
            return int(text.replace(sep, ""))
    match = _GERMAN_DECIMAL.fullmatch(text)
    if match:
        return float(match.group(1).replace(".", "") + "." + match.group(2))
    match = _ENGLISH_DECIMAL.fullmatch(text)
    if match:
        return float(match.group(1).replace(",", "") + "." + match.group(2))
    return None


# --------------------------------------------------------------------------- numbers: words

_GERMAN_UNITS: dict[str, int] = {
    "ein": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
}
_GERMAN_SMALL: dict[str, int] = {
    **{k: v for k, v in _GERMAN_UNITS.items() if k != "ein"},
    "zehn": 10, "elf": 11, "zwölf": 12,
    "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16,
    "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
}
_GERMAN_TENS: dict[str, int] = {
    "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50,
    "sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90,
}
# Inflected forms of "ein"/"zwei"/"drei" that stand alone ("mindestens einen", "zweier").
_GERMAN_INFLECTED: dict[str, int] = {
    "ein": 1, "eine": 1, "einen": 1, "einer": 1, "eines": 1, "einem": 1,
    "zweier": 2, "zweien": 2, "dreier": 3, "dreien": 3,
}

_ENGLISH_SMALL: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_ENGLISH_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

# Words that multiply the number printed before them ("200 Hundert", "2 Tausend").
_MULTIPLIERS: dict[str, int] = {
    "hundert": 100, "hundred": 100,
    "tausend": 1000, "thousand": 1000,
    "million": 1_000_000, "millionen": 1_000_000, "millions": 1_000_000,
    "milliarde": 1_000_000_000, "milliarden": 1_000_000_000, "billion": 1_000_000_000,
}


def _german_below_hundred(word: str) -> int | None:
    """1..99 written as one German word ("sieben", "zwölf", "einundzwanzig"), else None."""
    if word in _GERMAN_SMALL:
        return _GERMAN_SMALL[word]
    if word in _GERMAN_TENS:
        return _GERMAN_TENS[word]
    for tens_word, tens in _GERMAN_TENS.items():
        if word.endswith("und" + tens_word):
            unit = word[: -len("und" + tens_word)]
            if unit in _GERMAN_UNITS and unit != "eins":
                return tens + _GERMAN_UNITS[unit]
    return None


def _german_below_thousand(word: str) -> int | None:
    """0..999 as one German word ("hundert", "zweihundert", "dreihundertzwölf"), else None.

    The empty string means 0 so that "tausend" alone and "zweitausend" compose.
    """
    if word == "":
        return 0
    if "hundert" in word:
        head, _, tail = word.partition("hundert")
        hundreds = 1 if head in ("", "ein") else _GERMAN_UNITS.get(head)
        rest = 0 if tail == "" else _german_below_hundred(tail)
        if hundreds is None or rest is None or head == "eins":
            return None
        return hundreds * 100 + rest
    return _german_below_hundred(word)


def _german_word(word: str) -> Number | None:
    """A German number word (lower case), incl. "siebeneinhalb" and "zweitausend", else None."""
    if word in _GERMAN_INFLECTED:
        return _GERMAN_INFLECTED[word]
    half = word.endswith("einhalb") and word != "einhalb"
    if half:
        word = word[: -len("einhalb")]
    if "tausend" in word:
        head, _, tail = word.partition("tausend")
        thousands = 1 if head in ("", "ein") else _german_below_thousand(head)
        rest = _german_below_thousand(tail)
        if not thousands or rest is None:
            return None
        value: Number | None = thousands * 1000 + rest
    else:
        value = None if word == "" else _german_below_thousand(word)
    if value is None:
        return None
    return value + 0.5 if half else value


def _english_below_hundred(tokens: list[str], i: int) -> tuple[int, int] | None:
    """Read 1..99 at ``tokens[i]`` ("seven", "twenty", "twenty one"); return (value, next index)."""
    if i >= len(tokens):
        return None
    if tokens[i] in _ENGLISH_SMALL:
        return _ENGLISH_SMALL[tokens[i]], i + 1
    if tokens[i] in _ENGLISH_TENS:
        tens = _ENGLISH_TENS[tokens[i]]
        if i + 1 < len(tokens) and _ENGLISH_SMALL.get(tokens[i + 1], 10) < 10:
            return tens + _ENGLISH_SMALL[tokens[i + 1]], i + 2
        return tens, i + 1
    return None


def _english_below_thousand(tokens: list[str], i: int) -> tuple[int, int] | None:
    """Read 1..999 ("two hundred and five", "a hundred", "twelve"); return (value, next index)."""
    value, j = 0, i
    if j < len(tokens) and tokens[j] in ("a", "an", "hundred"):
        if tokens[j] != "hundred":
            j += 1
        if j >= len(tokens) or tokens[j] != "hundred":
            return None
        value, j = 100, j + 1
    else:
        head = _english_below_hundred(tokens, j)
        if head is None:
            return None
        value, j = head
        if j < len(tokens) and tokens[j] == "hundred" and value < 10:
            value, j = value * 100, j + 1
        else:
            return value, j
    if j < len(tokens) and tokens[j] == "and":
        j += 1
    tail = _english_below_hundred(tokens, j)
    if tail is None:
        return (value, j - 1) if j > 0 and tokens[j - 1] == "and" else (value, j)
    return value + tail[0], tail[1]


def _english_words(text: str) -> Number | None:
    """An English number phrase ("seven", "twenty-one", "two hundred", "seven and a half")."""
    half = text.endswith(" and a half")
    if half:
        text = text[: -len(" and a half")]
    tokens = [t for t in re.split(r"[ -]+", text) if t]
    if tokens in (["thousand"], ["a", "thousand"]) and not half:
        return 1000
    first = _english_below_thousand(tokens, 0) if tokens else None
    if first is None:
        return None
    value, j = first
    if j < len(tokens) and tokens[j] == "thousand":
        value, j = value * 1000, j + 1
        if j < len(tokens) and tokens[j] == "and":
            j += 1
        rest = _english_below_thousand(tokens, j)
        if rest is not None:
            value, j = value + rest[0], rest[1]
    if j != len(tokens):
        return None
    return value + 0.5 if half else value


# Compound adjectives whose first part is a number: "fünftägige", "zweiwöchigen",
# "vierjähriges", "15-jährige". Only these stems are accepted, so "12abc" stays an error.
_COMPOUND = re.compile(
    r"(?P<head>.+?)-?(?:tägig|wöchig|monatig|jährig|stündig|minütig|köpfig|teilig)(?:e|er|es|en|em)?"
)


def _split_compound(word: str) -> str | None:
    """Return the number part of a number compound ("fünftägige" -> "fünf"), else None."""
    match = _COMPOUND.fullmatch(word)
    return match.group("head") if match else None


def _single_word(word: str) -> Number | None:
    """One token (lower case): digits, a number word, or a number compound; else None."""
    value = _parse_digits(word)
    if value is not None:
        return value
    value = _german_word(word)
    if value is not None:
        return value
    if word in _ENGLISH_SMALL or word in _ENGLISH_TENS or word == "hundred":
        return _english_words(word)
    head = _split_compound(word)
    if head is not None:
        return _parse_digits(head) if head[:1].isdigit() else _german_word(head)
    return None


def _parse_plain_number(low: str) -> Number | None:
    """Digits, one number word or compound, or an English number phrase (lower case)."""
    value = _parse_digits(low)
    if value is None and " " not in low:
        value = _single_word(low)
    if value is None:
        value = _english_words(low)
    return value


def _parse_number_or_none(text: str) -> Number | None:
    """The core of :func:`parse_number`: the value, or ``None`` when ``text`` is not a number."""
    text = _clean(text)
    if text.startswith("ε"):  # IISS estimate sign; the qualifier is parse_quantity's business
        text = text[1:].lstrip()
    low = text.lower()
    factor = 1
    while low:
        value = _parse_plain_number(low)
        if value is not None:
            return _as_number(value * factor) if factor != 1 else value
        head, _, last = low.rpartition(" ")
        if not head or last not in _MULTIPLIERS:
            return None
        factor *= _MULTIPLIERS[last]
        low = head
    return None


def parse_number(text: str) -> Number:
    """Read one number as printed and return it (int when whole and printed without decimals).

    Accepted:
        * digits, optionally with thousands separators: "10 000" (also no-break or thin
          space), "5.800" (dot + exactly three digits), "31,500" (comma + exactly three
          digits); a decimal comma "3,5" or decimal point "3.5" gives a float;
        * a leading IISS estimate sign, which is dropped: "ε20,000" -> 20000;
        * German and English number words, case-insensitive, with inflections:
          "eins"/"einen"/"zweier", "Zwölf", "zwanzig", "hundert", "tausend",
          "siebeneinhalb" (7.5), "einundzwanzig", "one".."twelve", "twenty",
          "seven and a half";
        * compounds that start with a number: "fünftägige" (5), "zweiwöchigen" (2),
          "15-jährige" (15);
        * a multiplier word after a number: "200 Hundert" (20000), "2 Tausend" (2000).

    Raises:
        ParseError: for anything else ("banana", "", "12abc", "1.2.3"), naming the text.
    """
    _require_str(text, "a number")
    value = _parse_number_or_none(text)
    if value is None:
        raise ParseError(
            f"cannot read a number from {text!r}: expected digits (e.g. '10 000', '5.800', "
            "'3,5') or a German/English number word (e.g. 'zwölf', 'seven')"
        )
    return value


# --------------------------------------------------------------------------- quantities

# Leading words that hedge or frame a figure but do not bound it; they are dropped.
_HEDGES: tuple[str, ...] = (
    "höchstwahrscheinlich", "wahrscheinlich", "vermutlich", "möglicherweise", "angeblich",
    "insgesamt", "allein", "jeweils", "nur",
    "most likely", "probably", "likely", "possibly", "allegedly", "reportedly", "only",
    "in total", "a total of", "each",
)

# The German hedges that voice doubt, in the English a reader is given for them (kept in a vague amount's words).
_DOUBT: dict[str, str] = {
    "höchstwahrscheinlich": "most likely", "wahrscheinlich": "probably", "vermutlich": "presumably",
    "möglicherweise": "possibly", "angeblich": "allegedly",
}


def _doubt(text: str) -> str:
    """The English of the doubting hedges that lead ``text`` ("höchstwahrscheinlich in die Tausende" -> "most
    likely"), "" when there is none."""
    said = []
    while True:
        hedge, text = _strip_prefix(text, _HEDGES)
        if hedge is None:
            return " ".join(said)
        if hedge in _DOUBT:
            said.append(_DOUBT[hedge])


# Qualifier phrases and the qualifier each gives (matched longest first, as whole words).
_QUALIFIER_WORDS: dict[str, str] = {
    "mindestens": "at_least", "wenigstens": "at_least", "at least": "at_least",
    "mehr als": "more_than", "über": "more_than", "more than": "more_than", "over": "more_than",
    "rund": "about", "etwa": "about", "ca.": "about", "circa": "about", "zirka": "about",
    "ungefähr": "about", "schätzungsweise": "about", "about": "about", "around": "about",
    "approximately": "about", "roughly": "about", "some": "about", "an estimated": "about",
    "fast": "almost", "nahezu": "almost", "beinahe": "almost", "knapp": "almost",
    "nearly": "almost", "almost": "almost",
    "bis zu": "up_to", "up to": "up_to", "höchstens": "up_to", "at most": "up_to",
}

# Vague amounts: a plural of N means at least 2N ("Hunderte" >= 200). Each German wording comes with the English
# words a reader is given for it ("Dutzende" -> "dozens"); an English wording is read as printed.
_VAGUE: tuple[tuple[re.Pattern[str], re.Pattern[str], int, str], ...] = tuple(
    (re.compile(german), re.compile(english), low, words)
    for german, english, low, words in (
        (r"millionen", r"millions(?: of)?", 2_000_000, "millions"),
        (r"(?:in die )?hunderttausende(?:n)?", r"hundreds of thousands(?: of)?", 200_000, "hundreds of thousands"),
        (r"(?:in die )?zehntausende(?:n)?", r"tens of thousands(?: of)?", 20_000, "tens of thousands"),
        (r"(?:in die )?(?:ein paar |einige |mehrere |mehreren )?tausende(?:n)?", r"thousands(?: of)?", 2000,
         "thousands"),
        (r"(?:in die )?(?:ein paar |einige |mehrere |mehreren )?hunderte(?:n|r)?", r"hundreds(?: of)?", 200, "hundreds"),
        (r"(?:(?:ein paar|einige|einigen|mehrere|mehreren) )?dutzend(?:e|en)?",
         r"(?:(?:a few|several) )?dozens?(?: of)?", 24, "dozens"),
        (r"tagelang", r"for days", 2, "for days"),
        (r"wochenlang", r"for weeks", 2, "for weeks"),
        (r"monatelang", r"for months", 2, "for months"),
        (r"jahrelang", r"for years", 2, "for years"),
    )
)

_RANGE_SEP = re.compile(r" bis | to | and | und |\s*[-–]\s*")
_RANGE_LEAD = re.compile(r"^(?:zwischen|between|von|from) ")

# A trailing word that names the unit ("Tage", "Soldaten", "people", "%") and is ignored.
_UNIT_WORD = re.compile(r"[^\W\d_]+\.?|%")
# Words that join figures; after a figure they mean more than a unit, so they are not ignored.
_CONNECTORS = frozenset({
    "bis", "und", "oder", "als", "von", "zwischen", "to", "and", "or", "than", "from", "between",
})


def _is_unit_word(token: str) -> bool:
    """A plain word that can be ignored after a figure: not a number word nor a connector."""
    return (
        _UNIT_WORD.fullmatch(token) is not None
        and token.lower() not in _CONNECTORS
        and _parse_number_or_none(token) is None
    )


def _strip_prefix(text: str, phrases: tuple[str, ...] | list[str]) -> tuple[str | None, str]:
    """Remove the longest phrase of ``phrases`` that starts ``text`` (as whole words)."""
    for phrase in sorted(phrases, key=len, reverse=True):
        if text.lower().startswith(phrase):
            rest = text[len(phrase):]
            if phrase.endswith(".") or rest == "" or rest[0] == " ":
                return phrase, rest.lstrip()
    return None, text


def _strip_hedges(text: str) -> str:
    """Drop any number of leading hedge words ("höchstwahrscheinlich", "possibly", "jeweils")."""
    while True:
        hedge, text = _strip_prefix(text, _HEDGES)
        if hedge is None:
            return text


def _figure_with_unit(text: str) -> Number | None:
    """Read "<number> [unit words]": the longest leading run of tokens that is a number."""
    tokens = text.split(" ")
    for cut in range(len(tokens), 0, -1):
        trailing = tokens[cut:]
        if not all(_is_unit_word(t) for t in trailing):
            continue
        value = _parse_number_or_none(" ".join(tokens[:cut]))
        if value is not None:
            return value
    return None


def _vague(text: str) -> Quantity | None:
    """A vague amount ("Dutzende", "in die Tausende Menschen"), or None."""
    low = text.lower()
    for german, english, bound, words in _VAGUE:
        for pattern in (german, english):
            match = pattern.match(low)
            if match and (match.end() == len(low) or low[match.end()] == " "):
                trailing = low[match.end():].split()
                if all(_is_unit_word(t) for t in trailing):
                    return Quantity(value=None, qualifier="at_least", low=bound, high=None, is_vague=True,
                                    words=words if pattern is german else "")
    return None


def _range(text: str) -> Quantity | None:
    """A range "zwei bis siebeneinhalb Jahre" / "between two and seven and a half" / "2-7"."""
    lowered = text.lower()
    for sep in _RANGE_SEP.finditer(lowered):
        low = _parse_number_or_none(_RANGE_LEAD.sub("", lowered[: sep.start()]))
        high = _figure_with_unit(lowered[sep.end():].strip())
        if low is not None and high is not None and low <= high:
            return Quantity(value=None, qualifier="exact", low=low, high=high)
    return None


def bounds_for(value: Number, qualifier: str) -> tuple[Number | None, Number | None]:
    """Inclusive (low, high) for ``value`` under ``qualifier``; strict bounds step by 1 on ints."""
    step = 1 if isinstance(value, int) else 0
    if qualifier == "exact":
        return value, value
    if qualifier == "at_least":
        return value, None
    if qualifier == "more_than":
        return value + step, None
    if qualifier == "almost":
        return None, value - step
    if qualifier == "up_to":
        return None, value
    return None, None  # about: no hard bound


def parse_quantity(text: str) -> Quantity:
    """Read a printed figure with its qualifier and return its value and inclusive bounds.

    The text is ``[hedge] [qualifier] <figure> [unit words]``: "mindestens 164",
    "Mehr als 2.200", "possibly up to 260", "15 Tage", "jeweils zehn". Trailing unit
    words ("Tage", "Soldaten", "people") are ignored when they are plain words.

    Qualifiers and their bounds (inclusive; a strict bound on an integer steps by one):

    ============  ===================================================  =================
    qualifier     words                                                 bounds
    ============  ===================================================  =================
    exact         (none)                                                low = high = value
    at_least      mindestens, wenigstens, at least                      low = value
    more_than     mehr als, über, more than, over                       low = value + 1
    about         rund, etwa, ca., circa, ungefähr, schätzungsweise,    none
                  about, around, approximately, some, "ε" (IISS)
    almost        fast, nahezu, beinahe, knapp, nearly, almost          high = value - 1
    up_to         bis zu, up to, höchstens, at most                     high = value
    ============  ===================================================  =================

    Hedges that are not bounds are dropped: insgesamt, allein, jeweils, only, angeblich,
    allegedly, höchstwahrscheinlich, possibly ("possibly up to 260" is up_to 260).

    Ranges ("zwei bis siebeneinhalb Jahren", "between two and seven and a half years",
    "2-7") give value None, qualifier exact, low and high as printed.

    Vague amounts print no number. Convention: a plural of N means at least 2N, so
    "Dutzende"/"a few dozen"/"mehrere Dutzend" >= 24, "Hunderte" >= 200, "Tausende"/
    "in die Tausende" >= 2000, "Zehntausende" >= 20000, and "tagelang" >= 2 (days).
    They come back with value None, qualifier at_least, high None and is_vague True.

    Raises:
        ParseError: when no figure can be read ("verdoppelte", "a significant number", "").
    """
    _require_str(text, "a quantity")
    cleaned = _clean(text)
    body = _strip_hedges(cleaned)
    qualifier = "exact"
    if body.startswith("ε"):
        qualifier, body = "about", body[1:].lstrip()
    else:
        word, body = _strip_prefix(body, list(_QUALIFIER_WORDS))
        if word is not None:
            qualifier = _QUALIFIER_WORDS[word]
            body = _strip_hedges(body)
    if body:
        if qualifier == "exact":
            found = _vague(body) or _range(body)
            if found is not None and found.words and _doubt(cleaned):
                return replace(found, words=f"{_doubt(cleaned)} {found.words}")
            if found is not None:
                return found
        value = _figure_with_unit(body)
        if value is not None:
            low, high = bounds_for(value, qualifier)
            return Quantity(value=value, qualifier=qualifier, low=low, high=high)
    raise ParseError(
        f"cannot read a quantity from {text!r}: expected an optional qualifier "
        "('mindestens', 'mehr als', 'rund', 'fast', 'bis zu', ...), then a number "
        "('2.200', 'zwölf') and optionally unit words, a range ('2 bis 7') or a vague "
        "amount ('Dutzende', 'Tausende')"
    )


# --------------------------------------------------------------------------- dates

_MONTHS: dict[str, int] = {
    # German, incl. Austrian "Jänner"/"Feber" and ASCII spellings
    "januar": 1, "jänner": 1, "jaenner": 1, "februar": 2, "feber": 2, "märz": 3, "maerz": 3,
    "april": 4, "mai": 5, "juni": 6, "juli": 7, "august": 8, "september": 9,
    "oktober": 10, "november": 11, "dezember": 12,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "october": 10, "december": 12,
    # abbreviations (a trailing dot is allowed)
    "jan": 1, "jän": 1, "feb": 2, "mar": 3, "mär": 3, "mrz": 3, "apr": 4, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "okt": 10, "nov": 11,
    "dec": 12, "dez": 12,
}
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))

_WEEKDAYS = (
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)


def names_weekday(text: str) -> bool:
    """Whether a printed date names a weekday ("am Sonntag", "Nacht zum Sonntag", "last Friday")."""
    lowered = _clean(_require_str(text, "a date")).lower()
    return any(re.search(rf"\b{day}\b", lowered) for day in _WEEKDAYS)


# Words before a date that do not change it; "Anfang"/"early" keep the printed precision.
_DATE_LEAD_WORDS = (
    "am", "an", "vom", "von", "ab", "ab dem", "seit", "seit dem", "zwischen", "zwischen dem",
    "dem", "den", "im", "im jahr", "im jahre", "in", "in the year", "on", "since", "from",
    "between", "anfang", "mitte", "ende", "early", "mid", "late", "beginning of", "end of",
)
_DATE_LEAD = re.compile(
    "^(?:(?:" + "|".join(re.escape(w) for w in sorted(_DATE_LEAD_WORDS, key=len, reverse=True)) + ") )+"
)

_ISO = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?")
_NUMERIC = re.compile(r"(?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.(?P<y>[0-9]{4})?")
_YEAR = re.compile(r"(?P<y>[0-9]{4})")
_YEAR_SLASH = re.compile(r"(?P<y>[0-9]{4})/(?:[0-9]{2}|[0-9]{4})")
_DAY_MONTH = re.compile(rf"(?P<d>[0-9]{{1,2}})(?:\.|st|nd|rd|th)? ?(?P<mn>{_MONTH_RE})\.?(?:,? (?P<y>[0-9]{{4}}))?")
_MONTH_DAY = re.compile(rf"(?P<mn>{_MONTH_RE})\.? (?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<y>[0-9]{{4}}))?")
_MONTH_YEAR = re.compile(rf"(?P<mn>{_MONTH_RE})\.?(?: (?P<y>[0-9]{{4}}))?")
_DAY_ONLY = re.compile(r"(?P<d>[0-9]{1,2})(?:\.|st|nd|rd|th)?")

_DATE_FORMS = (_ISO, _NUMERIC, _YEAR_SLASH, _YEAR, _DAY_MONTH, _MONTH_DAY, _MONTH_YEAR, _DAY_ONLY)

_SPAN_SEP = re.compile(r" (?:bis(?: zum)?|und|to|and|through|until)(?: dem| the)? |\s*[–—]\s*| - ")


@dataclass(frozen=True)
class _Partial:
    """The fields of one date as printed; any of them may be missing."""

    year: int | None
    month: int | None
    day: int | None


def _partial(chunk: str) -> _Partial | None:
    """Read one date without span words ("5. jänner 2022", "june 7", "2011"), else None."""
    for form in _DATE_FORMS:
        match = form.fullmatch(chunk)
        if match is None:
            continue
        fields = match.groupdict()
        month = _MONTHS[fields["mn"]] if fields.get("mn") else fields.get("m")
        return _Partial(
            year=int(fields["y"]) if fields.get("y") else None,
            month=int(month) if month is not None else None,
            day=int(fields["d"]) if fields.get("d") else None,
        )
    return None


def _strip_date_lead(text: str) -> str:
    return _DATE_LEAD.sub("", text)


def _partial_or_span(text: str) -> _Partial | None:
    """A single date, or the first day of a span with the month/year it shares with the end."""
    single = _partial(text)
    if single is not None:
        return single
    for sep in _SPAN_SEP.finditer(text):
        first = _partial(text[: sep.start()])
        last = _partial(_strip_date_lead(text[sep.end():]))
        if first is None or last is None:
            continue
        if first.day is not None and first.month is None:
            if last.month is None:
                continue
            first = _Partial(first.year, last.month, first.day)
        if first.year is None:
            first = _Partial(last.year, first.month, first.day)
        return first
    return None


def _date_error(text: str, why: str) -> ParseError:
    return ParseError(f"cannot read a date from {text!r}: {why}")


def parse_date(text: str, default_year: int | None = None) -> tuple[str, str]:
    """Read a printed date and return ``(iso, precision)``.

    ``iso`` is "YYYY-MM-DD", "YYYY-MM" or "YYYY" and ``precision`` is "day", "month" or
    "year" accordingly.

    Accepted: German and English month names and abbreviations (incl. Austrian "Jänner"
    and "Feber"): "5. Jänner 2022" (also with a no-break space), "14. März" (year from
    ``default_year``), "Jänner 2022", "Dezember 1986", "2011", "June 7", "June 7, 2023",
    "9 Jan 2022", "21.1.2021", "2022-01-05". Leading words such as "am", "vom",
    "seit dem", "on", "in", "im Jahr", "Anfang"/"early" are dropped (the precision stays
    as printed). Spans give their first day with the month/year they share:
    "vom 2. bis 11. Jänner 2022" -> 2022-01-02, "3. und 4. Januar 2022" -> 2022-01-03,
    "Februar und Juli 2020" -> 2020-02, "Von 2014 bis 2016" -> 2014.

    Raises:
        ParseError: for impossible dates ("31. Februar 2022"), weekdays and relative
            dates ("Sonntag", "am nächsten Morgen"), a missing year without
            ``default_year``, and anything else that is not a date.
    """
    _require_str(text, "a date")
    cleaned = _clean(text)
    lowered = re.sub(r"(?<=[0-9]{4})\.$", "", cleaned.lower().rstrip(",;"))
    body = _strip_date_lead(lowered)
    if names_weekday(text):
        raise _date_error(text, "a weekday names no calendar date")
    found = _partial_or_span(body)
    if found is None or (found.year is None and found.month is None):
        raise _date_error(
            text,
            "expected a day, month and/or year such as '5. Jänner 2022', 'June 7, 2023', "
            "'21.1.2021', '2022-01-05' or '2011'",
        )
    year = found.year if found.year is not None else default_year
    if year is None:
        raise _date_error(text, "no year is printed and no default_year was given")
    return _to_iso(text, year, found.month, found.day)


def parse_span_end(text: str, default_year: int | None = None) -> str | None:
    """The last day of a printed span of days, or None when the text names one day or no days.

    "3. und 4. Januar 2022" -> "2022-01-04", "vom 2. bis 11. Jänner 2022" -> "2022-01-11", "4. und 5. Januar"
    (year from ``default_year``) -> "2022-01-05"; "5. Januar 2022", "Februar und Juli 2020", "Sonntag" -> None.
    ``parse_date`` gives the span's first day; together they are the span as printed.
    """
    _require_str(text, "a date")
    body = _strip_date_lead(re.sub(r"(?<=[0-9]{4})\.$", "", _clean(text).lower().rstrip(",;")))
    if names_weekday(text) or _partial(body) is not None:
        return None
    for sep in _SPAN_SEP.finditer(body):
        first = _partial(body[: sep.start()])
        last = _partial(_strip_date_lead(body[sep.end():]))
        if first is None or last is None or first.day is None or last.day is None or last.month is None:
            continue
        year = last.year if last.year is not None else default_year
        if year is None:
            return None
        try:
            return _to_iso(text, year, last.month, last.day)[0]
        except ParseError:
            return None
    return None


def _to_iso(text: str, year: int, month: int | None, day: int | None) -> tuple[str, str]:
    """Check that the date exists and format it with its precision."""
    try:
        if month is None:
            _dt.date(year, 1, 1)
            return f"{year:04d}", "year"
        if day is None:
            _dt.date(year, month, 1)
            return f"{year:04d}-{month:02d}", "month"
        return _dt.date(year, month, day).isoformat(), "day"
    except (ValueError, OverflowError) as exc:
        raise _date_error(text, f"no such date ({exc})") from None
