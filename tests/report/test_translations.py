"""The German catalogue: every message the project extracts has a German translation that keeps its placeholders
and its markup, and the compiled catalogue the build reads says what the .po file says.

The checks are functions of a catalogue (so that they are tested on catalogues made to break them) run on the
real one. To fix a failure: `make translations`, translate in src/kzreport/report/locale/de/LC_MESSAGES/messages.po,
`make translations` again.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from kzreport import config
from kzreport.report import i18n

PO = i18n.LOCALE_DIR / "de" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
TAG = re.compile(r"</?([a-z][a-z0-9]*)\b[^>]*>")
LINK_TARGET = re.compile(r"\]\((#[^)]*)\)|href=\"([^\"]*)\"")


def _ids(message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, (list, tuple)) else (message.id,)


def _strings(message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, (list, tuple)) else (message.string,)


def extracted() -> dict[str, list[tuple[str, int]]]:
    """Every message the project extracts (babel.cfg, as `make translations` does): singular id -> locations."""
    with open(config.PROJECT_ROOT / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    out: dict[str, list] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(config.PROJECT_ROOT), method_map, options_map, keywords={"_": None, "gettext": None, "N_": None,
                                                                         "ngettext": (1, 2)}):
        key = message[0] if isinstance(message, tuple) else message
        out.setdefault(key, []).append((filename, lineno))
    return out


def untranslated(catalog: Catalog, messages: dict[str, list]) -> list[str]:
    """The messages extracted but not translated in ``catalog`` (missing, empty or fuzzy), with where they are."""
    out = []
    for key, where in sorted(messages.items()):
        m = catalog.get(key)
        if m is None or not all(s.strip() for s in _strings(m)) or m.fuzzy:
            out.append(f"{where[0][0]}:{where[0][1]}: {key[:90]!r}")
    return out


def placeholder_problems(catalog: Catalog) -> list[str]:
    """Translations that drop, add or rename a %(name)s placeholder, or change the markup's tags or link targets."""
    out = []
    for m in catalog:
        if not m.id:
            continue
        ids, strs = _ids(m), _strings(m)
        for i, s in enumerate(strs):
            # msgstr[0] is German's singular: it may leave out the count (%(num)s) the plural needs
            source = ids[min(i, len(ids) - 1)]
            want, got = set(PLACEHOLDER.findall(source)), set(PLACEHOLDER.findall(s))
            if len(ids) > 1:
                want |= set(PLACEHOLDER.findall(ids[0]))
                missing = want - got - ({"num"} if i == 0 else set())
            else:
                missing = want - got
            extra = got - want
            if missing or extra:
                out.append(f"{ids[0][:70]!r}: placeholders {sorted(missing)} dropped, {sorted(extra)} added")
            if sorted(TAG.findall(source)) != sorted(TAG.findall(s)):
                out.append(f"{ids[0][:70]!r}: tags {sorted(TAG.findall(source))} became {sorted(TAG.findall(s))}")
            if sorted(LINK_TARGET.findall(source)) != sorted(LINK_TARGET.findall(s)):
                out.append(f"{ids[0][:70]!r}: link targets differ")
    return out


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    with PO.open("rb") as f:
        return read_po(f, locale="de")


def test_every_extracted_message_has_a_german_translation(catalog):
    missing = untranslated(catalog, extracted())
    assert not missing, (f"{len(missing)} message(s) have no German translation; run `make translations`, translate "
                         f"them in {PO.relative_to(config.PROJECT_ROOT)}, run it again:\n" + "\n".join(missing[:30]))


def test_every_german_translation_keeps_placeholders_tags_and_link_targets(catalog):
    problems = placeholder_problems(catalog)
    assert not problems, "\n".join(problems[:30])


def test_the_compiled_catalogue_says_what_the_po_file_says(catalog):
    mo = i18n.translations.__wrapped__("de")  # read afresh, not the cached one
    stale = [m.id for m in catalog if m.id and isinstance(m.id, str) and mo.gettext(m.id) != m.string]
    stale += [m.id[0] for m in catalog if m.id and not isinstance(m.id, str)
              and [mo.ngettext(m.id[0], m.id[1], n) for n in (1, 2)] != list(m.string)]
    assert not stale, f"messages.mo is older than messages.po: run `make translations` ({stale[:5]})"


def test_the_extraction_finds_the_templates_charts_and_notebook_messages():
    messages = extracted()
    files = {Path(f).parts[0] if Path(f).parts[0] != "src" else "/".join(Path(f).parts[:4]) for w in messages.values()
             for f, _ in w}
    assert {"notebooks", "src/kzreport/report/templates", "src/kzreport/report/charts",
            "src/kzreport/build/templates"} <= files
    assert "# Key findings" in messages  # a notebook's Markdown cell
    assert "at least" in messages  # a qualifier's words (format.py, marked with N_)


# ------------------------------------------------------------------ the checks catch what they are for
def _catalog(*pairs) -> Catalog:
    cat = Catalog(locale="de")
    for msgid, msgstr in pairs:
        cat.add(msgid, msgstr)
    return cat


def test_a_message_without_translation_is_named_with_its_place():
    cat = _catalog(("Contents", "Inhalt"), ("Download the data", ""))
    found = untranslated(cat, {"Contents": [("a.j2", 1)], "Download the data": [("b.j2", 7)], "New": [("c.py", 3)]})
    assert found == ["b.j2:7: 'Download the data'", "c.py:3: 'New'"]


def test_a_dropped_or_renamed_placeholder_is_found():
    cat = _catalog(("Evidence up to %(day)s", "Belege bis %(tag)s"), ("%(who)s writes", "schreibt"),
                   ("Seen by %(who)s", "Gesehen von %(who)s"))
    problems = placeholder_problems(cat)
    assert len(problems) == 2 and "['day'] dropped, ['tag'] added" in problems[0] and "['who'] dropped" in problems[1]


def test_changed_markup_or_link_target_is_found():
    cat = _catalog(('See <a href="%(r)s">it</a>', 'Siehe <b>es</b> %(r)s'), ("[burnt](#event-%(id)s)", "[brannte](#x)"))
    problems = placeholder_problems(cat)
    assert any("tags" in p for p in problems) and any("link targets" in p for p in problems)


def test_plural_forms_may_leave_the_count_out_of_the_singular_only():
    cat = Catalog(locale="de")
    cat.add(("%(num)s claim", "%(num)s claims"), ("eine Angabe", "%(num)s Angaben"))
    assert placeholder_problems(cat) == []
    cat = Catalog(locale="de")
    cat.add(("%(num)s claim", "%(num)s claims"), ("eine Angabe", "viele Angaben"))
    assert placeholder_problems(cat)
