"""Tests for kzreport.cleantext: which characters hand-typed text may not contain, and how they are named."""

from __future__ import annotations

import ast
import unicodedata
from pathlib import Path

import pytest

from kzreport.evidence import cleantext
from kzreport.evidence.cleantext import BIDI_CONTROLS, bad_characters, char_name, message, visible


def test_escape_is_named_with_code_point_and_position():
    found = bad_characters("Almaty\x1b[31m")
    assert [str(b) for b in found] == ["U+001B ESCAPE at character 7"]


@pytest.mark.parametrize("code", [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)])
def test_every_control_character_is_refused_and_named(code):
    ch = chr(code)
    assert unicodedata.category(ch) == "Cc"
    found = bad_characters(f"ab{ch}c")
    assert [(b.position, b.char) for b in found] == [(3, ch)]
    name = char_name(ch)
    assert name.startswith(f"U+{code:04X} ") and "UNNAMED" not in name


@pytest.mark.parametrize("ch", list(BIDI_CONTROLS))
def test_bidirectional_controls_are_refused_even_where_lines_are_allowed(ch):
    assert [b.position for b in bad_characters(f"x{ch}y", allow_newlines=True)] == [2]


def test_bidi_range_is_exactly_the_embeddings_overrides_and_isolates():
    assert [f"{ord(c):04X}" for c in BIDI_CONTROLS] == ["202A", "202B", "202C", "202D", "202E", "2066", "2067", "2068", "2069"]
    assert bad_characters("\u200e\u200f\u061c") == []  # the marks LRM, RLM, ALM are not overrides


def test_tab_and_newline_only_where_allowed():
    text = "line one\n\tline two"
    assert bad_characters(text, allow_newlines=True) == []
    assert [str(b) for b in bad_characters(text)] == ["U+000A LINE FEED at character 9", "U+0009 CHARACTER TABULATION at character 10"]
    # a carriage return is never a line break here (callers turn CRLF into LF first)
    assert [str(b) for b in bad_characters("a\rb", allow_newlines=True)] == ["U+000D CARRIAGE RETURN at character 2"]


def test_clean_text_has_nothing_to_report():
    assert bad_characters("Schanaozen, „mehr als 1,200“ – 5.\u00a0Jänner ε ·") == []
    assert message([]) == ""


def test_message_names_the_characters_and_says_what_to_do():
    assert message(bad_characters("a\x1bb")) == "contains U+001B ESCAPE at character 2: control characters are not allowed here; delete it"
    msg = message(bad_characters("\u202eabc\x00"))
    assert msg.startswith("contains U+202E RIGHT-TO-LEFT OVERRIDE at character 1 and U+0000 NULL at character 5:")
    assert "control characters and bidirectional text controls" in msg and msg.endswith("delete them")
    assert "one line" in message(bad_characters("a\nb"))
    assert message(bad_characters("\x01\x02\x03\x04\x05")).count("at character") == 3
    assert "(and 2 more)" in message(bad_characters("\x01\x02\x03\x04\x05"))


def test_visible_keeps_a_message_on_one_harmless_line():
    shown = visible("a\x1b[2Jb\nc\r\u202ed\x85")
    assert shown == "a<U+001B>[2Jb c <U+202E>d<U+0085>"
    assert bad_characters(shown) == []


def test_module_needs_only_the_standard_library():
    tree = ast.parse(Path(cleantext.__file__).read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert imported <= {"__future__", "re", "unicodedata", "dataclasses"}


def test_the_examples_in_the_module_docstring_hold():
    import doctest

    assert doctest.testmod(cleantext).failed == 0


def test_a_problem_prints_on_one_line_whatever_the_data_holds():
    from kzreport.evidence.problems import Problem

    p = Problem("data/raw/claims.csv", "source \x1b[2J", "note", "got 'a\nb\u202ec\x9b'")
    assert str(p) == "data/raw/claims.csv:source <U+001B>[2J: note: got 'a b<U+202E>c<U+009B>'"
