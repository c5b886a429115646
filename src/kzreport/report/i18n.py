"""The report's languages: which edition is being rendered, and its gettext catalogue.

The report is written in English (the templates' and charts' own text are the message ids); every other edition
is a gettext catalogue, ``locale/<lang>/LC_MESSAGES/messages.po``, compiled to ``messages.mo`` beside it
(``make translations`` extracts, updates and compiles with babel; see ``babel.cfg``). No template and no chart
function exists twice.

- :func:`use` renders what follows in another edition (``with i18n.use("de"): ...``); :func:`language` is the
  edition being rendered (English unless told). A notebook runs one cell at a time, so this is a module state.
- :func:`gettext` (``_``) and :func:`ngettext` translate into the current edition; :func:`N_` only marks a
  message for extraction (a constant translated where it is used).
- :data:`LOCALES`: the babel locale each edition formats numbers and dates with (``10,000`` / ``10.000``).
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

SOURCE = "en"  # the language the templates and charts are written in: the catalogues' message ids
LOCALES = {"en": "en_GB", "de": "de_DE"}  # edition -> babel locale (British English; German as printed in Germany)
LANGUAGES = tuple(LOCALES)  # every edition the report can be rendered in, the source first
NAMES = {"en": "English", "de": "Deutsch"}  # each edition's name in its own language (the links between editions)
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"

_current = SOURCE


def language() -> str:
    """The edition being rendered ('en', 'de')."""
    return _current


def locale() -> str:
    """The babel locale of the edition being rendered ('en_GB', 'de_DE')."""
    return LOCALES[_current]


def check(lang: str) -> str:
    """``lang`` if the report has an edition in it; otherwise a ValueError naming the ones it has."""
    if lang not in LOCALES:
        raise ValueError(f"language {lang!r}: the report has editions in {', '.join(LANGUAGES)}")
    return lang


@contextlib.contextmanager
def use(lang: str) -> Iterator[str]:
    """Render in the edition ``lang`` inside the block, then in the one before."""
    global _current
    before, _current = _current, check(lang)
    try:
        yield lang
    finally:
        _current = before


class ByEdition(Mapping):
    """A mapping read in the edition being rendered: ``{key: {"en": …, "de": …}}``, each value in the current
    language (the English where a language has none). Made once by a notebook's setup cell, it gives each
    edition's twin cell that edition's words (document names, labels from the data)."""

    def __init__(self, values: dict):
        self._values = values

    def __getitem__(self, key):
        texts = self._values[key]
        return texts.get(_current) or texts[SOURCE]

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"ByEdition({dict(self)!r})"


def catalogue(lang: str) -> Path:
    """The compiled catalogue of ``lang`` (``locale/<lang>/LC_MESSAGES/messages.mo``)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The gettext translations of ``lang``: none for English (the message ids are the English text)."""
    if check(lang) == SOURCE:
        return _gettext.NullTranslations()
    path = catalogue(lang)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the {lang} edition has no compiled catalogue; run `make translations`")
    with path.open("rb") as f:
        return _gettext.GNUTranslations(f)


def language_of(locale_name: str) -> str:
    """'de_DE' -> 'de': the edition a babel locale belongs to."""
    return locale_name.split("_")[0]


def gettext(message: str, lang: str | None = None) -> str:
    """``message`` in the current edition (or in ``lang``)."""
    return translations(lang or _current).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """The singular or plural of a message for ``n``, in the current edition (or in ``lang``)."""
    return translations(lang or _current).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:  # noqa: N802 (gettext's name for it)
    """Mark ``message`` for extraction into the catalogue without translating it here."""
    return message


def extract_notebook(fileobj, keywords, comment_tags, options):
    """Babel's extractor for a notebook: the source of each Markdown cell tagged ``report`` is one message (its
    translation replaces the cell in another edition; see ``babel.cfg``), and the ``_("…")`` calls of each code
    cell tagged ``report`` are messages as in a Python file (a table's column headers, run again in each edition)."""
    import io
    import json

    from babel.messages.extract import extract_python

    nb = json.load(fileobj)
    for i, cell in enumerate(nb.get("cells", [])):
        if "report" not in cell.get("metadata", {}).get("tags", []):
            continue
        text = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown" and text.strip():
            yield i + 1, "gettext", text.strip(), [f"notebook cell {i + 1}"]
        elif cell.get("cell_type") == "code" and text.strip():
            for _line, funcname, message, comments in extract_python(
                    io.BytesIO(text.encode("utf-8")), keywords, comment_tags, {"encoding": "utf-8"}):
                yield i + 1, funcname, message, comments + [f"notebook cell {i + 1}"]


def markdown_cell(source: str, lang: str) -> str:
    """A notebook's Markdown cell (tagged ``report``) in the edition ``lang``: its translation from the catalogue."""
    text = source.strip()
    return gettext(text, lang) if text else source


def run_cell(lang: str, source: str) -> None:
    """Run a notebook cell's code once more, in the edition ``lang``: its outputs are that edition's.

    The build adds, after each code cell tagged ``report``, a twin cell that calls this with the cell's own code,
    one per further language of the report (``languages``), so that every edition comes from the same run of the
    analysis. The code runs as a cell of its own would (its last expression is displayed); an error in it is
    the twin cell's error."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        raise RuntimeError("run_cell runs a notebook cell: it needs IPython")
    with use(lang):
        result = shell.run_cell(source, store_history=False)
    result.raise_error()
