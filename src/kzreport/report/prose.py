"""The report's sentences: Jinja2 templates under ``report/templates/``, values from the analysis layer.

- Every sentence, caption and alt text lives in a template; changing a sentence means editing a
  template only. Templates never compute: they receive values (records and DataFrames' rows from
  :mod:`kzreport.analysis`) and format them with the filters below (babel, :mod:`.format`).
- Autoescaping is on for every template. Text from the data can never become markup: in HTML
  templates (``*.html.j2``) it is HTML-escaped; in Markdown templates (``*.md.j2``) it is also
  Markdown-escaped (``*``, ``_``, ``[`` … print as themselves), see :func:`_finalize`.
- :func:`markdown` returns a Markdown display object for a notebook cell (the report renders it with
  nbconvert); :func:`render` of an HTML template returns an :class:`HtmlBlock`, which a cell displays as
  HTML (figures, tables, notes that need an anchor or a class).
- :func:`macros` gives a chapter's macros template (``<chapter>/_macros.j2``) as a module whose macros Python
  calls: each returns markup escaped once (a reader's table cell); :func:`plain` makes it the text a chart draws.
- Filters: ``num``, ``pct``, ``date``, ``day`` (a day without the year: '2 January'), ``period``,
  ``interval`` (``a|interval(b)``: a stretch of days),
  ``bounds``, ``items`` (a list in words), ``count`` (``n|count("claim")`` -> "3 claims"), ``qualified``
  (``23|qualified("at_least")`` -> "at least 23"); the global ``QUALIFIER_WORDS`` names each qualifier.
  Macros for citations and links are in ``_macros.j2``.
- The i18n extension is loaded (``{% trans %}``, ``_()``, ``ngettext``), with null translations for
  English.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from kzreport.report import format as fmt

TEMPLATES = Path(__file__).resolve().parent / "templates"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def _finalize(value):
    """Text from the data, safe in Markdown: its Markdown punctuation escaped (markup from a macro passes)."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return _MD_SPECIAL.sub(r"\\\1", value)


def _plain(value):
    return value


@cache
def environment(kind: str = "md") -> Environment:
    """The Jinja2 environment for Markdown (``md``) or HTML (``html``) templates."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        finalize=_finalize if kind == "md" else _plain,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_null_translations(newstyle=True)
    env.filters.update({
        "num": fmt.number, "pct": fmt.percent, "date": fmt.date, "day": fmt.day, "period": fmt.period, "interval": fmt.interval,
        "bounds": fmt.bounds,
        "items": fmt.items, "count": fmt.count, "qualified": fmt.qualified, "words": fmt.words, "vague": fmt.vague,
    })
    env.globals["QUALIFIER_WORDS"] = fmt.QUALIFIER_WORDS
    return env


def macros(template: str, kind: str = "html"):
    """The macros of ``template`` (e.g. ``tolls/_macros.j2``) as a module: ``macros(t).reading(claim)``. Each returns
    markup escaped once (for an HTML ``kind``; ``md``: also Markdown-escaped), safe in a reader's table cell."""
    return environment(kind).get_template(template).module


def plain(markup) -> str:
    """A macro's text as plain text, as matplotlib draws it: entities back to characters, outer whitespace dropped."""
    return Markup(markup).unescape().strip()


class HtmlBlock(Markup):
    """HTML rendered from a template: safe to pass into another template (escaped once) and shown as HTML
    when a notebook cell displays it."""

    def _repr_html_(self) -> str:
        return str(self)


def render(template: str, **values) -> str | HtmlBlock:
    """The text of ``template`` (a path under ``report/templates/``) with ``values``.

    An HTML template gives an :class:`HtmlBlock`; a Markdown template gives plain text.
    """
    kind = "html" if template.endswith(".html.j2") else "md"
    text = environment(kind).get_template(template).render(**values).strip()
    return HtmlBlock(text) if kind == "html" else text + "\n"


class _Shown:
    """Text a notebook displays as Markdown or HTML (what nbconvert puts into the report)."""

    def __init__(self, text: str, mime: str):
        self.text, self.mime = text, mime

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {self.mime: self.text, "text/plain": self.text}

    def __str__(self) -> str:
        return self.text


def markdown(template: str, **values) -> _Shown:
    """Display ``template`` as Markdown in a notebook cell (``*.md.j2``)."""
    if not template.endswith(".md.j2"):
        raise ValueError(f"{template}: a Markdown template's name ends in .md.j2")
    return _Shown(render(template, **values), "text/markdown")
