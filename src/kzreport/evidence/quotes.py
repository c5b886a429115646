"""Find a claim's verbatim quote in the text of its source document.

The source texts are plain-text extractions with artefacts: hyphenated line breaks
("Perso-\\nnen", also across a blank line), the taz article's table pipes, footnote
markers glued to words ("Kasachstan1", "Soldaten¹", "(ACLED)[1]"), no-break and thin
spaces, gender marks ("Expert·innen") and typographic quotes. :func:`normalize`
removes them in named steps, applied the same way to the quote and to the source, and
:func:`match_quote` reports which steps a quote needed to be found. Both texts are first put
in Unicode NFC, so a letter typed as base letter plus combining mark equals the composed one.
When a quote is not found, :func:`closest_passage` points at the passage it most resembles, so
that the error message shows what the source really prints, and :func:`match_quote` says
where the quote starts to differ from it and names any invisible character it holds. A long
quote (over :data:`LONG_QUOTE` characters) is aligned by its beginning instead of being
compared whole, so that the answer takes milliseconds, not minutes.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np

from kzreport.evidence.cleantext import char_name

__all__ = ["STEPS", "normalize", "QuoteMatch", "match_quote", "closest_passage", "LONG_QUOTE", "SHOW_MAX"]


# --------------------------------------------------------------------------- mapped text


@dataclass(frozen=True, eq=False)
class _Mapped:
    """A text together with, for each of its characters, the offset it came from (a non-decreasing int64 array)."""

    text: str
    origin: np.ndarray
    length: int  # length of the original text (origin of the end position)

    @classmethod
    def of(cls, text: str) -> _Mapped:
        return cls(text, np.arange(len(text), dtype=np.int64), len(text))

    def source_offset(self, index: int) -> int:
        """Offset in the original text of position ``index`` (``len(text)`` maps to the end)."""
        return int(self.origin[index]) if index < len(self.origin) else self.length


def _sub(pattern: re.Pattern[str], repl: str, mapped: _Mapped, keep_group: str | None = None) -> _Mapped:
    """``pattern.sub(repl, ...)`` that keeps the offset map.

    Replacement text maps to the start of its match; with ``keep_group`` each match is
    replaced by that group instead, whose characters keep their own offsets.

    The replacements the steps use (a match removed, replaced by one literal character, or by one of its groups)
    only delete characters from the text and from the map: one pass over the matches collects the text's pieces
    and the spans cut, and the map loses the same positions in one array operation. Anything else goes through
    :func:`_sub_by_match`.
    """
    if keep_group is None and ("\\" in repl or len(repl) > 1):
        return _sub_by_match(pattern, repl, mapped, keep_group)
    text = mapped.text
    pieces: list[str] = []
    cut_from: list[int] = []
    cut_to: list[int] = []
    pos = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        if start == end:  # an empty match would insert text: not a deletion
            return _sub_by_match(pattern, repl, mapped, keep_group)
        pieces.append(text[pos:start])
        if keep_group is not None:
            kept_from, kept_to = match.span(keep_group)
            pieces.append(text[kept_from:kept_to])
            cut_from += (start, kept_to)
            cut_to += (kept_from, end)
        else:
            pieces.append(repl)
            cut_from.append(start + len(repl))  # a one-character replacement stands where the match began
            cut_to.append(end)
        pos = end
    if not pieces:  # nothing to replace (most steps, in most texts): the same text and map
        return mapped
    pieces.append(text[pos:])
    cuts = np.array([cut_from, cut_to], dtype=np.int64)
    cuts = cuts[:, cuts[0] < cuts[1]]  # non-empty cuts, in order and disjoint: each end point occurs once
    delta = np.zeros(len(text) + 1, dtype=np.int8)
    delta[cuts[0]] += 1
    delta[cuts[1]] -= 1
    return _Mapped("".join(pieces), mapped.origin[np.cumsum(delta[:-1], dtype=np.int8) == 0], mapped.length)


def _sub_by_match(pattern: re.Pattern[str], repl: str, mapped: _Mapped, keep_group: str | None = None) -> _Mapped:
    """:func:`_sub` match by match, for any replacement."""
    parts: list[str] = []
    origin: list[int] = []
    pos = 0
    for match in pattern.finditer(mapped.text):
        parts.append(mapped.text[pos:match.start()])
        origin.extend(mapped.origin[pos:match.start()])
        if keep_group is not None:
            parts.append(match.group(keep_group))
            origin.extend(mapped.origin[match.start(keep_group):match.end(keep_group)])
        else:
            replacement = match.expand(repl) if "\\" in repl else repl  # literal: skip template parsing
            parts.append(replacement)
            origin.extend([mapped.source_offset(match.start())] * len(replacement))
        pos = match.end()
    parts.append(mapped.text[pos:])
    origin.extend(mapped.origin[pos:])
    return _Mapped("".join(parts), np.array(origin, dtype=np.int64), mapped.length)


def _nfc(mapped: _Mapped) -> _Mapped:
    """Unicode NFC of the text, keeping the offset map (the first thing done to quote and source alike).

    Text already in NFC (the usual case) is returned as it is. Otherwise each whitespace-delimited
    chunk is normalised on its own (nothing composes across whitespace); in a chunk that changes
    length, each composed character maps to the offset of the character it starts with.
    """
    if unicodedata.is_normalized("NFC", mapped.text):
        return mapped
    parts: list[str] = []
    origin: list[int] = []
    for chunk in _CHUNK.finditer(mapped.text):
        text, offsets = chunk.group(), mapped.origin[chunk.start():chunk.end()]
        if unicodedata.is_normalized("NFC", text):
            parts.append(text)
            origin.extend(offsets)
            continue
        out, out_origin = _nfc_chunk(text, offsets)
        parts.append(out)
        origin.extend(out_origin)
    return _Mapped("".join(parts), np.array(origin, dtype=np.int64), mapped.length)


_CHUNK = re.compile(r"\s*\S+|\s+")


def _nfc_chunk(text: str, offsets: Sequence[int]) -> tuple[str, list[int]]:
    """NFC of one chunk and, for each output character, an offset from ``offsets`` (non-decreasing)."""
    out = unicodedata.normalize("NFC", text)
    if len(out) == len(text):
        return out, list(offsets)
    starts = [i for i, ch in enumerate(text) if i == 0 or not unicodedata.combining(ch)]
    pieces = [(a, text[a:b]) for a, b in zip(starts, starts[1:] + [len(text)])]
    normed = [(a, piece, unicodedata.normalize("NFC", piece)) for a, piece in pieces]
    if "".join(n for _, _, n in normed) == out:  # each combining sequence composes on its own (Latin, Cyrillic …)
        return out, [offsets[a + min(j, len(piece) - 1)] for a, piece, n in normed for j in range(len(n))]
    return out, [offsets[min(j, len(text) - 1)] for j in range(len(out))]  # e.g. Hangul jamo: whole chunk


# --------------------------------------------------------------------------- steps

_LOWER = "a-zäöüß"

# Strip the taz table framing "| text | |" / "| text |" line by line (only lines that start with "|").
_PIPE_LINE = re.compile(r"^\|[ \t]?(?P<body>.*?)[ \t]*\|(?:[ \t]*\|)?[ \t]*$", re.MULTILINE)
# Every run of whitespace that is not already one plain space (\s includes \u00a0, \u2009 and \u202f);
# single spaces, most of a text, are left as they are, which is what replacing them would give.
_WHITESPACE = re.compile(r" \s+|[^\S ]\s*")
_EDGE_SPACE = re.compile(r"^ | $")
_SOFT_HYPHEN = re.compile("\u00ad")
_HYPHEN_BREAK = re.compile(rf"(?<=[{_LOWER}])- (?=[{_LOWER}])")
_SUPERSCRIPT_DIGITS = re.compile("[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+")
_BRACKET_FOOTNOTE = re.compile(r"\[[0-9]{1,3}\]")
_GLUED_FOOTNOTE = re.compile(r"(?<=[^\W\d_]{2})[0-9]{1,2}(?=[\s.,;:!?)\]\"'„“”»«‚‘’]|$)")
_GENDER_MARK = re.compile(r"(?<=[^\W\d_])[·⋅*_:](?=innen\b|in\b)")
_QUOTE_CHARS = str.maketrans({
    "„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "‟": '"', "″": '"',
    "‚": "'", "‘": "'", "’": "'", "‹": "'", "›": "'", "‛": "'", "′": "'",
})


# Each step but "quotes": substitutions applied in order, as (pattern, replacement, group kept instead of the match).
# The same list serves the text with its offset map (:func:`_sub`, for locating a quote) and the plain text
# (``re.sub``, for searching), so the two can never disagree.
_SUBSTITUTIONS: dict[str, tuple[tuple[re.Pattern[str], str, str | None], ...]] = {
    "pipes": ((_PIPE_LINE, "", "body"),),  # taz table framing "| ... | |" per line
    "whitespace": ((_WHITESPACE, " ", None), (_EDGE_SPACE, "", None)),  # any run of whitespace -> one space; strip
    "hyphenation": ((_SOFT_HYPHEN, "", None), (_HYPHEN_BREAK, "", None)),  # "Perso- nen" -> "Personen"
    # "Kasachstan1," / "Soldaten¹" / "[1]" -> removed
    "footnotes": ((_SUPERSCRIPT_DIGITS, "", None), (_BRACKET_FOOTNOTE, "", None), (_GLUED_FOOTNOTE, "", None)),
    "gender": ((_GENDER_MARK, "", None),),  # "Expert·innen" -> "Expertinnen"
}


def _mapped_step(subs: tuple[tuple[re.Pattern[str], str, str | None], ...]) -> Callable[[_Mapped], _Mapped]:
    def step(mapped: _Mapped) -> _Mapped:
        for pattern, repl, keep in subs:
            mapped = _sub(pattern, repl, mapped, keep_group=keep)
        return mapped

    return step


def _text_step(subs: tuple[tuple[re.Pattern[str], str, str | None], ...]) -> Callable[[str], str]:
    def step(text: str) -> str:
        for pattern, repl, keep in subs:
            text = pattern.sub((lambda m, k=keep: m.group(k)) if keep else repl, text)
        return text

    return step


_QUOTE_CHAR = re.compile("[" + "".join(chr(c) for c in _QUOTE_CHARS) + "]")


def _ascii_quotes(text: str) -> str:
    """``text.translate(_QUOTE_CHARS)``; a text without typographic quotes (most quotes) is returned at once."""
    return text.translate(_QUOTE_CHARS) if _QUOTE_CHAR.search(text) else text


def _quotes(mapped: _Mapped) -> _Mapped:
    # one character for one character: the offset map is unchanged
    return _Mapped(_ascii_quotes(mapped.text), mapped.origin, mapped.length)


STEPS: dict[str, Callable[[_Mapped], _Mapped]] = {
    **{name: _mapped_step(subs) for name, subs in _SUBSTITUTIONS.items()},
    "quotes": _quotes,  # „“”«»‚‘’ -> " and '
}
"""The normalisation steps, in the order they are applied."""

# The same steps on plain text, without the offset map: each gives exactly the ``.text`` of its step in STEPS.
# Searching needs only the text; the map is built only for the steps a match needed (see _locate).
_TEXT_STEPS: dict[str, Callable[[str], str]] = {
    **{name: _text_step(subs) for name, subs in _SUBSTITUTIONS.items()},
    "quotes": _ascii_quotes,
}


def _check_steps(steps: Sequence[str]) -> None:
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise ValueError(f"unknown normalisation step(s) {unknown}: known steps are {list(STEPS)}")


def _normalize_mapped(text: str, steps: Sequence[str]) -> _Mapped:
    """Apply ``steps`` (in the canonical order of :data:`STEPS`) and keep the offset map."""
    _check_steps(steps)
    ordered = tuple(name for name in STEPS if name in steps)
    if len(text) >= _CACHE_MIN_CHARS:
        return _normalize_cached(text, ordered)
    return _apply_steps(text, ordered)


_CACHE_MIN_CHARS = 2000  # source documents are cached, short quotes are not


@lru_cache(maxsize=64)
def _normalize_cached(text: str, steps: tuple[str, ...]) -> _Mapped:
    """Memoised :func:`_apply_steps`: each source is normalised once per step set.

    A step set is built on the same set without its last step (also memoised), so trying the
    steps one more at a time costs one pass per step, not one pass per step per try.
    """
    if not steps:
        return _nfc(_Mapped.of(text))
    return STEPS[steps[-1]](_normalize_cached(text, steps[:-1]))


def _apply_steps(text: str, steps: tuple[str, ...]) -> _Mapped:
    """NFC, then the named steps over ``text`` in the order of :data:`STEPS`."""
    mapped = _nfc(_Mapped.of(text))
    for name, step in STEPS.items():
        if name in steps:
            mapped = step(mapped)
    return mapped


def _ordered(steps: Sequence[str]) -> tuple[str, ...]:
    _check_steps(steps)
    return tuple(name for name in STEPS if name in steps)


def _normalize_text(text: str, ordered: tuple[str, ...]) -> str:
    """``_apply_steps(text, ordered).text``, computed on the text alone (``ordered`` in the order of STEPS)."""
    if len(text) >= _CACHE_MIN_CHARS:
        return _normalize_text_cached(text, ordered)
    out = text if unicodedata.is_normalized("NFC", text) else _nfc(_Mapped.of(text)).text
    for name in ordered:
        out = _TEXT_STEPS[name](out)
    return out


@lru_cache(maxsize=64)
def _normalize_text_cached(text: str, steps: tuple[str, ...]) -> str:
    """Memoised :func:`_normalize_text` of a source, each step set built on the same set without its last step."""
    if not steps:
        return text if unicodedata.is_normalized("NFC", text) else _nfc(_Mapped.of(text)).text
    return _TEXT_STEPS[steps[-1]](_normalize_text_cached(text, steps[:-1]))


def normalize(text: str, steps: Sequence[str] | None = None) -> str:
    """Remove extraction artefacts from ``text``; apply it to quote and source alike.

    The text is first put in Unicode NFC (always, whatever ``steps`` says); then the steps run in
    this order (all of them unless ``steps`` names a subset):

    1. ``pipes``: strip the taz table framing per line ("| text | |" -> "text").
    2. ``whitespace``: every run of whitespace, incl. no-break and thin spaces, becomes
       one space; leading and trailing space is removed.
    3. ``hyphenation``: "-" + space between two lower-case letters is removed, so a word
       broken across lines ("Perso-\\nnen", "wor-\\n\\nden") is joined again.
    4. ``footnotes``: superscript digits, "[n]" markers and one or two digits glued to
       the end of a word ("Kasachstan1,") are removed.
    5. ``gender``: "·", "*", "_" or ":" before "innen"/"in" is removed.
    6. ``quotes``: typographic quotes („“”«» and ‚‘’‹›) become ASCII " and '.

    Raises:
        ValueError: if ``steps`` names a step that does not exist.
    """
    return _normalize_text(text, tuple(STEPS) if steps is None else _ordered(steps))


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote was found in the normalised source, and what it took to find it.

    Attributes:
        found: whether the quote is in the source.
        start, end: offsets of the quote in ``normalize(source)``; ``None`` when not found.
        steps: the normalisation steps the match needed, in order; ``()`` when the quote is
            a verbatim substring of the source (after NFC).
        closest: when not found, the passage of the source most like the quote, layout-normalised;
            at most :data:`SHOW_MAX` characters (a longer one is cut around the first difference,
            with "…"); else "".
        advice: when not found, what to fix in one or two sentences: the invisible characters the
            quote holds and whether it is found without them, or where it starts to differ from
            the closest passage; else "".
    """

    found: bool
    start: int | None
    end: int | None
    steps: tuple[str, ...]
    closest: str
    advice: str = ""


def _find(quote: str, source: str, steps: tuple[str, ...]) -> int | None:
    """Normalise both texts with ``steps`` (in the order of STEPS); the index of the quote in the source, if it occurs."""
    needle = _normalize_text(quote, steps)
    if not needle:
        return None
    index = _normalize_text(source, steps).find(needle)
    return index if index >= 0 else None


def _needed_steps(quote: str, source: str, steps: tuple[str, ...]) -> tuple[str, ...]:
    """Drop every step of ``steps`` the match does not need (checked one by one, in order)."""
    needed = steps
    for step in steps:
        trial = tuple(s for s in needed if s != step)
        if _find(quote, source, trial) is not None:
            needed = trial
    return needed


def _to_full_offsets(mapped: _Mapped, start: int, end: int, full: _Mapped) -> tuple[int, int]:
    """Translate a span of one normalisation of a source into offsets of another (``full``)."""
    orig_start = mapped.source_offset(start)
    orig_end = mapped.source_offset(end - 1) + 1 if end > start else orig_start
    full_start = bisect_left(full.origin, orig_start)
    full_end = bisect_left(full.origin, orig_end)
    return full_start, max(full_start, full_end)


def match_quote(quote: str, source_text: str) -> QuoteMatch:
    """Find ``quote`` in ``source_text``, normalising only as much as needed.

    Tries the verbatim quote first; then adds the steps of :data:`STEPS` one at a time,
    in order, until the normalised quote is a substring of the normalised source. The
    steps reported are those the match needs (a step that did not matter is left out).
    The offsets index ``normalize(source_text)``. When the quote is not found, ``closest`` and
    ``advice`` say what the source prints instead (see :class:`QuoteMatch`).
    """
    if not quote.strip():
        return QuoteMatch(False, None, None, (), closest="")
    found = _locate(quote, source_text)
    if found is not None:
        return QuoteMatch(True, *found, closest="")
    return _not_found(quote, source_text)


def _locate(quote: str, source_text: str) -> tuple[int, int, tuple[str, ...]] | None:
    """(start, end, steps) of the quote in ``normalize(source_text)``, or None when it is not there."""
    names = tuple(STEPS)
    for count in range(len(names) + 1):
        if _find(quote, source_text, names[:count]) is None:
            continue
        steps = _needed_steps(quote, source_text, names[:count])
        index = _find(quote, source_text, steps)
        if index is None:  # cannot happen: _needed_steps only drops a step when the match survives
            raise RuntimeError(f"quote matched with steps {names[:count]} but not with {steps}")
        mapped = _normalize_mapped(source_text, steps)  # the offset map, for the steps the match needed only
        full = _normalize_mapped(source_text, names)
        start, end = _to_full_offsets(mapped, index, index + len(_normalize_text(quote, steps)), full)
        return start, end, steps
    return None


# --------------------------------------------------------------------------- why a quote is not found

SHOW_MAX = 300
"""The most characters of source text a message shows (the closest passage is cut around the difference)."""
_CONTEXT = 40  # characters of quote and source shown around the first difference
_ZERO_WIDTH = "\u034f"  # COMBINING GRAPHEME JOINER: a mark that shows nothing; format characters (Cf) are invisible too


def _invisible(quote: str, source_text: str) -> list[tuple[int, str, str]]:
    """(index in ``quote``, character, why) for each invisible or decomposed character behind a mismatch.

    Invisible (why: "invisible"): format characters (Unicode category Cf: soft hyphen, zero width
    space, zero width (non-)joiner, word joiner, byte order mark, direction marks …) and U+034F
    that the source does not print at all. Decomposed (why: the letter it makes): a combining mark
    typed as a character of its own whose letter, once composed (NFC), the source does not print;
    why is "" when the mark composes with nothing.
    """
    out = []
    suspects = {ch for ch in set(quote) if not ch.isascii() and (unicodedata.category(ch) == "Cf" or ch in _ZERO_WIDTH)}
    for ch in suspects - set(source_text):
        out += [(m.start(), ch, "invisible") for m in re.finditer(re.escape(ch), quote)]
    marks = {ch for ch in set(quote) if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me")} - suspects
    source = _normalize_mapped(source_text, ()).text if marks else ""
    printed: dict[str, bool] = {}
    for ch in marks:
        for m in re.finditer(re.escape(ch), quote):
            base = m.start()
            while base > 0 and unicodedata.combining(quote[base]) and not quote[base - 1].isspace():
                base -= 1
            letter = unicodedata.normalize("NFC", quote[base:m.end()])
            if letter not in printed:
                printed[letter] = letter in source
            if not printed[letter]:
                composes = not any(unicodedata.combining(c) for c in letter)
                out.append((m.start(), ch, letter if composes else ""))
    return sorted(out)


def _describe_invisible(quote: str, found: list[tuple[int, str, str]], most: int = 3) -> str:
    """'The quote contains U+200B ZERO WIDTH SPACE at character 41, which the source does not print: delete it'."""
    parts = []
    for index, ch, why in found[:most]:
        where = f"{char_name(ch)} at character {index + 1}"
        if why != "invisible":
            base = index
            while base > 0 and unicodedata.combining(quote[base]):
                base -= 1
            where += f" after {quote[base]!r}" if base < index and not quote[base].isspace() else ""
            where += f" (it makes {why!r})" if why else " (it does not compose into a letter)"
        elif ch == "\ufeff":
            where += " (a byte order mark)"
        parts.append(where)
    more = f" (and {len(found) - most} more)" if len(found) > most else ""
    return f"The quote contains {'; '.join(parts)}{more}, which the source does not print: delete {'it' if len(found) == 1 else 'them'}"


def _not_found(quote: str, source_text: str) -> QuoteMatch:
    """The answer for a quote that is not in the source: invisible characters, first difference, closest passage."""
    full = _normalize_mapped(source_text, tuple(STEPS))
    advice, kept, compared = "", list(range(len(quote))), quote
    found = _invisible(quote, source_text)
    if found:  # name them; compare the quote without them (positions still count in the quote as typed)
        advice = _describe_invisible(quote, found)
        drop = {index for index, _, _ in found}
        kept = [i for i in range(len(quote)) if i not in drop]
        compared = "".join(quote[i] for i in kept)
        located = _locate(compared, source_text)
        if located is not None:
            layout, start, end = _layout_span(source_text, full, *located[:2])
            without = "without it" if len(found) == 1 else "without them"
            return QuoteMatch(False, None, None, (), closest=_cut(layout.text[start:end], 0),
                              advice=f"{advice}; {without} the quote is found in the source.")
        advice += "."
    needle = _normalize_mapped(compared, tuple(STEPS))
    if not needle.text or not full.text:
        return QuoteMatch(False, None, None, (), closest="", advice=advice)
    window_start, window_end, differs = _compare(needle.text, full.text)
    layout, start, end = _layout_span(source_text, full, window_start, window_end)
    cut_at = 0
    if differs is not None:
        at_layout = _to_full_offsets(full, differs[1], differs[1], layout)[0]
        cut_at = max(at_layout - start, 0)
        at = needle.source_offset(differs[0])
        number = kept[at] + 1 if at < len(kept) else len(quote) + 1
        difference = _describe_difference(number, _excerpt(compared, at), layout.text, at_layout)
        advice = f"{advice} {difference}".strip()
    return QuoteMatch(False, None, None, (), closest=_cut(layout.text[start:end], cut_at), advice=advice)


def _excerpt(text: str, at: int) -> str:
    """A few words of ``text`` around index ``at``, on one line, with "…" where cut."""
    a, b = max(at - _CONTEXT // 2, 0), min(at + _CONTEXT, len(text))
    return ("…" if a > 0 else "") + " ".join(text[a:b].split()) + ("…" if b < len(text) else "")


def _describe_difference(number: int, quote_excerpt: str, layout: str, at_layout: int) -> str:
    """'From character 63 on, the quote reads “…” where the source prints “…”.' (both excerpts short)."""
    reads = f"From character {number} on, the quote reads “{quote_excerpt}”"
    if at_layout >= len(layout):
        return f"{reads}, but the source ends there."
    return f"{reads} where the source prints “{_excerpt(layout, at_layout)}”."


def _cut(passage: str, at: int) -> str:
    """``passage`` itself when short; else at most SHOW_MAX characters around ``at``, cut at spaces, with "…"."""
    if len(passage) <= SHOW_MAX:
        return passage
    start = min(max(at - SHOW_MAX // 3, 0), len(passage) - SHOW_MAX)
    end = start + SHOW_MAX
    if start > 0:
        space = passage.find(" ", start, start + 30)
        start = space + 1 if space >= 0 else start
    if end < len(passage):
        space = passage.rfind(" ", end - 30, end)
        end = space if space > start else end
    return ("…" if start > 0 else "") + passage[start:end].strip() + ("…" if end < len(passage) else "")


# --------------------------------------------------------------------------- closest passage

_WORD = re.compile(r"\w+")
# Steps that change only the layout of the source, not what it prints: the passage shown in
# an error message keeps footnote markers, gender marks and quotes exactly as printed.
_LAYOUT_STEPS = ("pipes", "whitespace")


@lru_cache(maxsize=8)
def _word_counts(haystack: str) -> Counter:
    """How often each word (lower case) occurs in a source: counted once per source, not once per quote."""
    return Counter(m.group().lower() for m in _WORD.finditer(haystack))


def _anchor_starts(needle: str, haystack: str, max_anchors: int = 4) -> set[int]:
    """Window starts that line the quote's rarest words up with their places in the source."""
    counts = _word_counts(haystack)
    words = [(m.group().lower(), m.start()) for m in _WORD.finditer(needle)]
    present = sorted(
        {(counts[w], w, off) for w, off in words if counts[w] > 0 and len(w) > 2},
    )
    starts: set[int] = set()
    seen: set[str] = set()
    for _, word, offset_in_needle in present:
        if word in seen:
            continue
        seen.add(word)
        for hit in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", haystack, re.IGNORECASE):
            starts.add(max(0, hit.start() - offset_in_needle))
        if len(seen) >= max_anchors:
            break
    return starts


def _coarse_starts(needle: str, haystack: str, keep: int = 8) -> set[int]:
    """Window starts of a coarse sliding window, the best by ``quick_ratio``."""
    size = max(len(needle), 1)
    step = max(size // 4, 1)
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(needle)
    scored = []
    for start in range(0, max(len(haystack) - size, 0) + 1, step):
        matcher.set_seq1(haystack[start:start + size])
        scored.append((matcher.quick_ratio(), start))
    scored.sort(reverse=True)
    return {start for _, start in scored[:keep]}


_MAX_WINDOWS = 48  # windows scored with ratio at most; more candidates are ranked by quick_ratio first


def _best_window(needle: str, haystack: str, starts: set[int]) -> tuple[int, int]:
    """Score windows at ``starts`` (and small shifts of them) with ``ratio``; return the best.

    In a large or repetitive source the quote's rarest words can occur hundreds of times: then
    only the :data:`_MAX_WINDOWS` windows with the best ``quick_ratio`` are scored.
    """
    size = len(needle)
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(needle)
    shifts = (0, -size // 8, size // 8)
    windows = sorted({min(max(start + shift, 0), max(len(haystack) - 1, 0)) for start in starts for shift in shifts})
    if len(windows) > _MAX_WINDOWS:
        ranked = []
        for s in windows:
            matcher.set_seq1(haystack[s:s + size])
            ranked.append((-matcher.quick_ratio(), s))
        windows = sorted(s for _, s in sorted(ranked)[:_MAX_WINDOWS])
    best = (-1.0, 0, size)
    for s in windows:
        matcher.set_seq1(haystack[s:s + size])
        if matcher.real_quick_ratio() <= best[0] or matcher.quick_ratio() <= best[0]:
            continue
        score = matcher.ratio()
        if score > best[0]:
            best = (score, s, s + size)
    return best[1], best[2]


def _snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` so that it neither starts nor ends inside a word."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


LONG_QUOTE = 1000
"""Quotes longer than this (normalised characters) are aligned by their beginning, not compared whole."""
_MIN_ALIGN = 40  # a long quote's first characters found verbatim this far fix where it is aligned
_HEAD = 300  # otherwise its first characters are placed like a normal quote


def _compare(needle: str, haystack: str) -> tuple[int, int, tuple[int, int] | None]:
    """(start, end) of the window of ``haystack`` most like ``needle``, and where they first differ.

    The difference is (index in needle, index in haystack), ``None`` when the whole needle is in the
    window. Normal quotes: candidate windows as long as the quote, scored with difflib, and the
    first difference from its opcodes. A long quote (over :data:`LONG_QUOTE`): the longest prefix
    of it that occurs in the source fixes the alignment (binary search with ``str.find``), or
    failing that its first :data:`_HEAD` characters are placed like a normal quote; the
    difference is the end of the common prefix from there. Either way nothing is quadratic in
    the length of the quote.
    """
    if len(needle) <= LONG_QUOTE:
        starts = _anchor_starts(needle, haystack) or _coarse_starts(needle, haystack)
        start, end = _best_window(needle, haystack, starts)
        return start, end, _first_difference(needle, haystack, start, end)
    length, at = _longest_prefix(needle, haystack)
    if length < _MIN_ALIGN:
        head = needle[:_HEAD]
        start, end = _best_window(head, haystack, _anchor_starts(head, haystack) or _coarse_starts(head, haystack))
        differs = _first_difference(head, haystack, start, end)
        if differs is not None:
            return start, min(start + len(needle), len(haystack)), differs
        at = start  # cannot happen (the head would have been found as a prefix); go on from the window
    common = _common_prefix(needle, haystack, at)
    differs = (common, at + common) if common < len(needle) else None
    return at, min(at + len(needle), len(haystack)), differs


def _longest_prefix(needle: str, haystack: str) -> tuple[int, int]:
    """(length, position) of the longest prefix of ``needle`` that occurs in ``haystack`` (first occurrence)."""
    low, high, at = 0, len(needle), 0
    while low < high:  # invariant: needle[:low] occurs (at ``at``); needle[:high + 1] does not, or high is the end
        mid = (low + high + 1) // 2
        pos = haystack.find(needle[:mid])
        if pos >= 0:
            low, at = mid, pos
        else:
            high = mid - 1
    return low, at


def _common_prefix(needle: str, haystack: str, at: int) -> int:
    """How many characters of ``needle`` equal ``haystack`` from ``at`` on (binary search on startswith)."""
    low, high = 0, min(len(needle), len(haystack) - at)
    while low < high:
        mid = (low + high + 1) // 2
        if haystack.startswith(needle[:mid], at):
            low = mid
        else:
            high = mid - 1
    return low


def _first_difference(needle: str, haystack: str, start: int, end: int) -> tuple[int, int] | None:
    """Where ``needle`` first departs from ``haystack[start:end]``: (index in needle, index in haystack).

    Window text before the quote begins and after it ends does not count as a difference.
    """
    matcher = SequenceMatcher(None, needle, haystack[start:end], autojunk=False)
    for tag, i1, _i2, j1, _j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "insert" and i1 in (0, len(needle))):
            continue
        return i1, start + j1
    return None


def _layout_span(source_text: str, full: _Mapped, start: int, end: int) -> tuple[_Mapped, int, int]:
    """``full.text[start:end]`` widened to whole words, as a span of the source with only its layout normalised.

    Returns (layout-normalised source, start, end), the span without space at its edges.
    """
    start, end = _snap_to_words(full.text, start, min(end, len(full.text)))
    layout = _normalize_mapped(source_text, _LAYOUT_STEPS)
    layout_start, layout_end = _to_full_offsets(full, start, end, layout)
    while layout_start < layout_end and layout.text[layout_start].isspace():
        layout_start += 1
    while layout_end > layout_start and layout.text[layout_end - 1].isspace():
        layout_end -= 1
    return layout, layout_start, layout_end


def closest_passage(quote: str, source_text: str) -> str:
    """The passage of the source most like ``quote``, about as long, layout-normalised.

    Both texts are fully normalised for the comparison. Candidate windows are lined up
    on the quote's rarest words (so a changed digit does not throw the search off);
    when the quote shares no word with the source, a coarse sliding window ranked by
    ``SequenceMatcher.quick_ratio`` is used instead. The best window by ``ratio`` is
    widened to whole words and returned as source text with only its layout normalised
    (taz table pipes stripped, whitespace collapsed): footnote markers, gender marks and
    typographic quotes stay as printed. A quote over :data:`LONG_QUOTE` characters is
    aligned by its beginning (see :func:`_compare`). The passage is not cut: messages use
    :attr:`QuoteMatch.closest`, which is.
    """
    needle = normalize(quote)
    full = _normalize_mapped(source_text, tuple(STEPS))
    if not needle or not full.text:
        return ""
    layout, start, end = _layout_span(source_text, full, *_compare(needle, full.text)[:2])
    return layout.text[start:end]


def clear_cache() -> None:
    """Forget the normalised sources (they are large); call after a batch of matches."""
    _normalize_cached.cache_clear()
    _normalize_text_cached.cache_clear()
    _word_counts.cache_clear()
