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
- Filters: ``localized`` (``e|localized("title")``: a row's curated text, ``title_de`` in German), ``num``, ``pct``, ``date``, ``day`` (a day without the year: '2 January'), ``period``,
  ``interval`` (``a|interval(b)``: a stretch of days),
  ``bounds``, ``items`` (a list in words), ``qualified``
  (``23|qualified("at_least")`` -> "at least 23"); the global ``QUALIFIER_WORDS`` names each qualifier.
  Macros for citations and links are in ``_macros.j2``.
- Editions: every sentence is a gettext message (``{% trans %}…{% endtrans %}``, trimmed: one paragraph's text per
  message; ``_()``, ``ngettext`` for short strings), extracted with babel into ``locale/`` (see
  :mod:`kzreport.report.i18n`). :func:`environment` is one per edition; :func:`render`, :func:`markdown` and
  :func:`macros` render in the current one (``with i18n.use("de"): ...``). ``LANGUAGE`` names it in a template,
  for what only one edition prints (the English rendering beside a German quote).
"""

from __future__ import annotations

import re
from functools import cache, partial
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from markupsafe import Markup

from kzreport.report import format as fmt
from kzreport.report import i18n

TEMPLATES = Path(__file__).resolve().parent / "templates"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def _finalize(value):
    """Text from the data, safe in Markdown: its Markdown punctuation escaped (markup from a macro passes)."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return _MD_SPECIAL.sub(r"\\\1", value)


def _plain(value):
    return value


def nested(quote: str) -> str:
    """A German quote to be set inside „…“: its own „…“ become ‚…‘ (German typography for a quote within a quote)."""
    text = str(quote)
    return text.replace("„", "‚").replace("“", "‘") if "„" in text else text


def localized(row, column: str, lang: str | None = None):
    """A row's curated text in the edition ``lang`` (the current one if None): ``row[column + "_de"]`` in German
    (``title_de`` beside ``title``, a column of the data), ``row[column]`` in English or where the data has no
    such column."""
    if isinstance(row, str):  # a name given as plain text (no twin): the same in every edition
        return row
    lang = lang or i18n.language()
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    if lang != i18n.SOURCE:
        text = get(f"{column}_{lang}", None)
        if isinstance(text, str) and text.strip():
            return text
    return get(column, None)


def localized_columns(df, *columns: str, lang: str | None = None):
    """A DataFrame with each of ``columns`` in the edition ``lang`` (the current one if None): in German, the
    cells of ``<column>_de`` where filled (the analysis hands on both, the report layer picks); ``df`` itself in
    English or where the data has no such column."""
    lang = lang or i18n.language()
    twins = {c: f"{c}_{lang}" for c in columns if lang != i18n.SOURCE and f"{c}_{lang}" in df}
    if not twins:
        return df
    return df.assign(**{c: [localized(r, c, lang) for r in df[[c, t]].to_dict("records")] for c, t in twins.items()})


def _gettexts(translations, escape):
    """Jinja2's newstyle gettext and ngettext for one edition, with each variable passed through ``escape`` first
    (a Markdown template's data text is Markdown-escaped inside ``{% trans %}`` as it is in ``{{ }}``)."""

    def fill(ctx, text: str, variables: dict):
        if ctx.eval_ctx.autoescape:
            text = Markup(text)
        return text % {k: escape(v) for k, v in variables.items()}

    @pass_context
    def gettext(ctx, message: str, **variables):
        return fill(ctx, translations.gettext(message), variables)

    @pass_context
    def ngettext(ctx, singular: str, plural: str, n, **variables):
        variables.setdefault("num", n)
        return fill(ctx, translations.ngettext(singular, plural, n), variables)

    return gettext, ngettext


def environment(kind: str = "md", lang: str | None = None) -> Environment:
    """The Jinja2 environment for Markdown (``md``) or HTML (``html``) templates, in the edition ``lang`` (the
    current one, :func:`kzreport.report.i18n.language`, if None): its catalogue, its locale's numbers and dates."""
    return _environment(kind, i18n.check(lang or i18n.language()))


@cache
def _environment(kind: str, lang: str) -> Environment:
    loc = i18n.LOCALES[lang]
    escape = _finalize if kind == "md" else _plain
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        finalize=escape,
        extensions=["jinja2.ext.i18n"],
    )
    # {% trans %} blocks are trimmed: a message is one paragraph's text on one line, however the template wraps it
    env.policies["ext.i18n.trimmed"] = True
    gettext, ngettext = _gettexts(i18n.translations(lang), escape)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals.update(gettext=gettext, _=gettext, ngettext=ngettext)  # ours, not Jinja2's wrappers of them
    env.filters.update({name: partial(fn, locale=loc) for name, fn in {
        "num": fmt.number, "pct": fmt.percent, "date": fmt.date, "day": fmt.day, "period": fmt.period,
        "interval": fmt.interval, "bounds": fmt.bounds, "items": fmt.items,
        "qualified": fmt.qualified, "words": fmt.words}.items()})
    env.filters["vague"] = fmt.vague
    env.filters["nested"] = nested
    env.filters["localized"] = partial(localized, lang=lang)
    env.globals["QUALIFIER_WORDS"] = fmt.qualifier_words(loc)
    env.globals["LANGUAGE"] = lang
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
