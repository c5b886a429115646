"""Find a claim's verbatim quote in the text of its source document.

The source texts are plain-text extractions with artefacts: hyphenated line breaks
("Perso-\\nnen", also across a blank line), the taz article's table pipes, footnote
markers glued to words ("Kasachstan1", "Soldaten¹", "(ACLED)[1]"), no-break and thin
spaces, gender marks ("Expert·innen") and typographic quotes. :func:`normalize`
removes them in named steps, applied the same way to the quote and to the source, and
:func:`match_quote` reports which steps a quote needed to be found. When a quote is not
found, :func:`closest_passage` points at the passage it most resembles, so that the
error message shows what the source really prints.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Callable, Sequence

__all__ = ["STEPS", "normalize", "QuoteMatch", "match_quote", "closest_passage"]


# --------------------------------------------------------------------------- mapped text


@dataclass(frozen=True)
class _Mapped:
    """A text together with, for each of its characters, the offset it came from."""

    text: str
    origin: tuple[int, ...]
    length: int  # length of the original text (origin of the end position)

    @classmethod
    def of(cls, text: str) -> "_Mapped":
        return cls(text, tuple(range(len(text))), len(text))

    def source_offset(self, index: int) -> int:
        """Offset in the original text of position ``index`` (``len(text)`` maps to the end)."""
        return self.origin[index] if index < len(self.origin) else self.length


def _sub(pattern: re.Pattern[str], repl: str, mapped: _Mapped, keep_group: str | None = None) -> _Mapped:
    """``pattern.sub(repl, ...)`` that keeps the offset map.

    Replacement text maps to the start of its match; with ``keep_group`` each match is
    replaced by that group instead, whose characters keep their own offsets.
    """
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
    return _Mapped("".join(parts), tuple(origin), mapped.length)


# --------------------------------------------------------------------------- steps

_LOWER = "a-zäöüß"

# Strip the taz table framing "| text | |" / "| text |" line by line (only lines that start with "|").
_PIPE_LINE = re.compile(r"^\|[ \t]?(?P<body>.*?)[ \t]*\|(?:[ \t]*\|)?[ \t]*$", re.MULTILINE)
_WHITESPACE = re.compile(r"\s+")  # \s includes \u00a0, \u2009 and \u202f
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


def _pipes(mapped: _Mapped) -> _Mapped:
    return _sub(_PIPE_LINE, "", mapped, keep_group="body")


def _whitespace(mapped: _Mapped) -> _Mapped:
    return _sub(_EDGE_SPACE, "", _sub(_WHITESPACE, " ", mapped))


def _hyphenation(mapped: _Mapped) -> _Mapped:
    return _sub(_HYPHEN_BREAK, "", _sub(_SOFT_HYPHEN, "", mapped))


def _footnotes(mapped: _Mapped) -> _Mapped:
    for pattern in (_SUPERSCRIPT_DIGITS, _BRACKET_FOOTNOTE, _GLUED_FOOTNOTE):
        mapped = _sub(pattern, "", mapped)
    return mapped


def _gender(mapped: _Mapped) -> _Mapped:
    return _sub(_GENDER_MARK, "", mapped)


def _quotes(mapped: _Mapped) -> _Mapped:
    # one character for one character: the offset map is unchanged
    return _Mapped(mapped.text.translate(_QUOTE_CHARS), mapped.origin, mapped.length)


STEPS: dict[str, Callable[[_Mapped], _Mapped]] = {
    "pipes": _pipes,            # taz table framing "| ... | |" per line
    "whitespace": _whitespace,  # any run of whitespace -> one space; strip
    "hyphenation": _hyphenation,  # "Perso- nen" -> "Personen"
    "footnotes": _footnotes,    # "Kasachstan1," / "Soldaten¹" / "[1]" -> removed
    "gender": _gender,          # "Expert·innen" -> "Expertinnen"
    "quotes": _quotes,          # „“”«»‚‘’ -> " and '
}
"""The normalisation steps, in the order they are applied."""


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
    """Memoised :func:`_apply_steps`: each source is normalised once per step set."""
    return _apply_steps(text, steps)


def _apply_steps(text: str, steps: tuple[str, ...]) -> _Mapped:
    """Run the named steps over ``text`` in the order of :data:`STEPS`."""
    mapped = _Mapped.of(text)
    for name, step in STEPS.items():
        if name in steps:
            mapped = step(mapped)
    return mapped


def normalize(text: str, steps: Sequence[str] | None = None) -> str:
    """Remove extraction artefacts from ``text``; apply it to quote and source alike.

    The steps run in this order (all of them unless ``steps`` names a subset):

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
    return _normalize_mapped(text, tuple(STEPS) if steps is None else steps).text


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote was found in the normalised source, and what it took to find it.

    Attributes:
        found: whether the quote is in the source.
        start, end: offsets of the quote in ``normalize(source)``; ``None`` when not found.
        steps: the normalisation steps the match needed, in order; ``()`` when the quote is
            a verbatim substring of the source.
        closest: when not found, the passage of the source most like the quote; else "".
    """

    found: bool
    start: int | None
    end: int | None
    steps: tuple[str, ...]
    closest: str


def _find(quote: str, source: str, steps: Sequence[str]) -> tuple[_Mapped, int] | None:
    """Normalise both texts with ``steps``; return (mapped source, index) if the quote occurs."""
    needle = normalize(quote, steps)
    if not needle:
        return None
    mapped = _normalize_mapped(source, steps)
    index = mapped.text.find(needle)
    return (mapped, index) if index >= 0 else None


def _needed_steps(quote: str, source: str, steps: tuple[str, ...]) -> tuple[str, ...]:
    """Drop every step of ``steps`` the match does not need (checked one by one, in order)."""
    needed = list(steps)
    for step in steps:
        trial = [s for s in needed if s != step]
        if _find(quote, source, trial) is not None:
            needed = trial
    return tuple(needed)


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
    The offsets index ``normalize(source_text)``.
    """
    if not quote.strip():
        return QuoteMatch(False, None, None, (), closest="")
    names = tuple(STEPS)
    for count in range(len(names) + 1):
        if _find(quote, source_text, names[:count]) is None:
            continue
        steps = _needed_steps(quote, source_text, names[:count])
        hit = _find(quote, source_text, steps)
        if hit is None:  # cannot happen: _needed_steps only drops a step when the match survives
            raise RuntimeError(f"quote matched with steps {names[:count]} but not with {steps}")
        mapped, index = hit
        full = _normalize_mapped(source_text, names)
        start, end = _to_full_offsets(mapped, index, index + len(normalize(quote, steps)), full)
        return QuoteMatch(True, start, end, steps, closest="")
    return QuoteMatch(False, None, None, (), closest=closest_passage(quote, source_text))


# --------------------------------------------------------------------------- closest passage

_WORD = re.compile(r"\w+")
# Steps that change only the layout of the source, not what it prints: the passage shown in
# an error message keeps footnote markers, gender marks and quotes exactly as printed.
_LAYOUT_STEPS = ("pipes", "whitespace")


def _anchor_starts(needle: str, haystack: str, max_anchors: int = 4) -> set[int]:
    """Window starts that line the quote's rarest words up with their places in the source."""
    counts = Counter(m.group().lower() for m in _WORD.finditer(haystack))
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


def _best_window(needle: str, haystack: str, starts: set[int]) -> tuple[int, int]:
    """Score windows at ``starts`` (and small shifts of them) with ``ratio``; return the best."""
    size = len(needle)
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(needle)
    best = (-1.0, 0, size)
    shifts = (0, -size // 8, size // 8)
    for start in starts:
        for shift in shifts:
            s = min(max(start + shift, 0), max(len(haystack) - 1, 0))
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


def closest_passage(quote: str, source_text: str) -> str:
    """The passage of the source most like ``quote``, about as long, layout-normalised.

    Both texts are fully normalised for the comparison. Candidate windows are lined up
    on the quote's rarest words (so a changed digit does not throw the search off);
    when the quote shares no word with the source, a coarse sliding window ranked by
    ``SequenceMatcher.quick_ratio`` is used instead. The best window by ``ratio`` is
    widened to whole words and returned as source text with only its layout normalised
    (taz table pipes stripped, whitespace collapsed): footnote markers, gender marks and
    typographic quotes stay as printed.
    """
    needle = normalize(quote)
    full = _normalize_mapped(source_text, tuple(STEPS))
    if not needle or not full.text:
        return ""
    starts = _anchor_starts(needle, full.text) or _coarse_starts(needle, full.text)
    start, end = _best_window(needle, full.text, starts)
    start, end = _snap_to_words(full.text, start, min(end, len(full.text)))
    layout = _normalize_mapped(source_text, _LAYOUT_STEPS)
    layout_start, layout_end = _to_full_offsets(full, start, end, layout)
    return layout.text[layout_start:layout_end].strip()


def clear_cache() -> None:
    """Forget the normalised sources (they are large); call after a batch of matches."""
    _normalize_cached.cache_clear()
