"""Characters that have no place in hand-typed text: control characters and bidirectional controls.

Standard library only, so any part of the project (the evidence checks, the report's params.yaml)
can use it. Refused are

- every control character (Unicode category Cc: C0 ``U+0000``–``U+001F``, DEL ``U+007F``, C1
  ``U+0080``–``U+009F``), except tab and line feed where a field allows several lines;
- the bidirectional embedding, override and isolate controls ``U+202A``–``U+202E`` and
  ``U+2066``–``U+2069``, everywhere: they reorder what a reader sees without showing themselves.

Positions are counted in characters from 1, as a person counts them in the text::

    >>> found = bad_characters("Almaty\\x1b[31m")
    >>> [str(b) for b in found]
    ['U+001B ESCAPE at character 7']
    >>> message(found)
    'contains U+001B ESCAPE at character 7: control characters are not allowed here; delete it'
    >>> bad_characters("line one\\nline two", allow_newlines=True)
    []

Turn CRLF inside a value into LF before checking (``text.replace("\\r\\n", "\\n")``): a lone carriage
return is refused like any other control character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["BIDI_CONTROLS", "BadCharacter", "bad_characters", "char_name", "message", "visible"]

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI."""

_CONTROLS = "\x00-\x1f\x7f-\x9f"
_BAD = re.compile(f"[{_CONTROLS}{BIDI_CONTROLS}]")
_BAD_EXCEPT_NEWLINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")  # tab (09) and LF (0a) allowed

# Control characters have no Unicode name, only aliases: these are the formal ones (NameAliases.txt).
_C0 = ("NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY", "ACKNOWLEDGE",
       "ALERT", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION", "FORM FEED", "CARRIAGE RETURN",
       "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE", "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE",
       "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL",
       "END OF MEDIUM", "SUBSTITUTE", "ESCAPE", "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE",
       "INFORMATION SEPARATOR TWO", "INFORMATION SEPARATOR ONE")
_C1 = ("PADDING CHARACTER", "HIGH OCTET PRESET", "BREAK PERMITTED HERE", "NO BREAK HERE", "INDEX", "NEXT LINE",
       "START OF SELECTED AREA", "END OF SELECTED AREA", "CHARACTER TABULATION SET",
       "CHARACTER TABULATION WITH JUSTIFICATION", "LINE TABULATION SET", "PARTIAL LINE FORWARD",
       "PARTIAL LINE BACKWARD", "REVERSE LINE FEED", "SINGLE SHIFT TWO", "SINGLE SHIFT THREE", "DEVICE CONTROL STRING",
       "PRIVATE USE ONE", "PRIVATE USE TWO", "SET TRANSMIT STATE", "CANCEL CHARACTER", "MESSAGE WAITING",
       "START OF GUARDED AREA", "END OF GUARDED AREA", "START OF STRING", "SINGLE GRAPHIC CHARACTER INTRODUCER",
       "SINGLE CHARACTER INTRODUCER", "CONTROL SEQUENCE INTRODUCER", "STRING TERMINATOR", "OPERATING SYSTEM COMMAND",
       "PRIVACY MESSAGE", "APPLICATION PROGRAM COMMAND")
_ALIASES = {**{chr(i): n for i, n in enumerate(_C0)}, "\x7f": "DELETE", **{chr(0x80 + i): n for i, n in enumerate(_C1)}}


def char_name(ch: str) -> str:
    """``'U+001B ESCAPE'``: code point and name of one character (control characters by their alias)."""
    name = _ALIASES.get(ch) or unicodedata.name(ch, "") or "UNNAMED CHARACTER"
    return f"U+{ord(ch):04X} {name}"


@dataclass(frozen=True)
class BadCharacter:
    """One refused character of a text: ``position`` counts characters from 1."""

    position: int
    char: str

    @property
    def is_bidi(self) -> bool:
        return self.char in BIDI_CONTROLS

    def __str__(self) -> str:
        return f"{char_name(self.char)} at character {self.position}"


def bad_characters(text: str, allow_newlines: bool = False) -> list[BadCharacter]:
    """Every refused character of ``text`` with its position, in order; ``[]`` when the text is clean.

    ``allow_newlines`` lets tab and line feed through (for free-text fields that may span lines).
    """
    pattern = _BAD_EXCEPT_NEWLINES if allow_newlines else _BAD
    return [BadCharacter(m.start() + 1, m.group()) for m in pattern.finditer(text)]


def message(found: list[BadCharacter], allow_newlines: bool = False, most: int = 3) -> str:
    """One sentence for the characters :func:`bad_characters` found (the first ``most`` named).

    Says what to do, and where tab and line breaks are the problem, that this field takes one line.
    """
    if not found:
        return ""
    named = " and ".join(str(b) for b in found[:most])
    more = f" (and {len(found) - most} more)" if len(found) > most else ""
    kinds = []
    if any(not b.is_bidi for b in found):
        kinds.append("control characters")
    if any(b.is_bidi for b in found):
        kinds.append("bidirectional text controls")
    advice = "delete it" if len(found) == 1 else "delete them"
    if not allow_newlines and all(b.char in "\t\n" for b in found):
        return f"contains {named}{more}: this field is one line of text without tabs; {advice}"
    return f"contains {named}{more}: {' and '.join(kinds)} are not allowed here; {advice}"


def visible(text: str) -> str:
    """``text`` made safe to print on one line: tab, line feed, carriage return, vertical tab and form
    feed become a space, every other refused character is shown as its code (``<U+001B>``).

    For printing text that came from a file (e.g. in a problem message) without letting it break
    the line, move the cursor, colour the terminal or reorder what is shown.
    """
    return _BAD.sub(lambda m: " " if m.group() in "\t\n\r\x0b\x0c" else f"<U+{ord(m.group()):04X}>", text)
