"""Turn executed notebooks into the reader's report: one HTML file, one PDF.

The HTML comes from nbconvert with kzreport's own template (templates/kzreport); the PDF comes from the same
report cells through nbconvert's Typst template (templates/kzreport-typst, :mod:`kzreport.build.typeset`), with
the report's own fonts (kzreport.report.fonts). Both are deterministic: the same executed notebooks give
byte-identical files, whatever fonts the machine has.
"""

from __future__ import annotations

import copy
import html
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import markupsafe

from kzreport import __version__
from kzreport.config import TEMPLATES_DIR
from kzreport.evidence.cleantext import bad_characters, message

if TYPE_CHECKING:
    import nbformat  # imported where used: a build with nothing to render does without it


@dataclass(frozen=True)
class ReportMeta:
    """What the title page, the HTML head and the PDF metadata say about the report."""

    title: str
    subtitle: str = ""
    author: str = ""
    kicker: str = ""
    keywords: tuple[str, ...] = ()
    version: str = __version__
    latest_source: str = ""  # date of the newest source document (ISO; the templates say it in the edition's words)
    build_id: str = ""  # short digest of every input: the same inputs give the same id
    downloads: tuple[tuple[str, str], ...] = ()  # (path under OUT, title) of each downloadable data file
    companions: tuple[tuple[str, str], ...] = ()  # (file name, title) of each companion page beside the report
    page: str = "report"  # "report", or the name of the companion page being rendered
    page_title: str = ""  # a companion page's own title (its first heading)
    language: str = "en"  # the edition: its words, its numbers and dates, the names of its files
    editions: tuple[tuple[str, str, str], ...] = ()  # (language, its name, file) of this page in every edition

    @property
    def report_file(self) -> str:
        """'report.html' (English), 'report.de.html': the report page of this edition."""
        return edition_file("report.html", self.language)

    @classmethod
    def from_params(cls, report: dict, language: str = "en") -> ReportMeta:
        """The report's metadata from ``report:`` of report/params.yaml, in the edition ``language``: the keys
        under ``report.<language>`` (``de: {title: …, subtitle: …}``) replace the English ones."""
        from kzreport.report.i18n import LANGUAGES, SOURCE

        known = {"title", "subtitle", "author", "kicker", "keywords", "version"}
        others = set(LANGUAGES) - {SOURCE}
        unknown = sorted(set(report) - known - others)
        if unknown:
            raise ValueError(f"report: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(known | others))})")
        for lang in sorted(others & set(report)):
            given = report[lang] or {}
            if not isinstance(given, dict) or set(given) - known:
                raise ValueError(f"report: {lang}: expected a mapping of {', '.join(sorted(known))} in that language")
        report = {**{k: v for k, v in report.items() if k not in others},
                  **((report.get(language) or {}) if language != SOURCE else {})}
        if not report.get("title"):
            raise ValueError("report: 'title' is required")
        for key, value in report.items():
            for text in (value if isinstance(value, list) else [value]):
                found = bad_characters(str(text))
                if found:
                    raise ValueError(f"report: {key}: {message(found)}")
        kw = report.get("keywords") or ()
        return cls(
            title=str(report["title"]),
            subtitle=str(report.get("subtitle", "")),
            author=str(report.get("author", "")),
            kicker=str(report.get("kicker", "")),
            keywords=tuple(str(k) for k in kw),
            version=str(report.get("version", __version__)),
            language=language,
        )


def edition_file(name: str, language: str) -> str:
    """A page's file in an edition: 'report.html' in English, 'report.de.html' in German."""
    from kzreport.report.i18n import SOURCE

    if language == SOURCE:
        return name
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{language}.{ext}" if dot else f"{name}.{language}"


def cell_edition(cell) -> str | None:
    """The edition a code cell's outputs are in ('en' unless the build's twin says otherwise, see
    :func:`kzreport.build.pipeline.with_twins`); None for a Markdown cell, which every edition has (translated)."""
    from kzreport.report.i18n import SOURCE

    if cell.get("cell_type") != "code":
        return None
    return cell.get("metadata", {}).get("kzreport", {}).get("edition", SOURCE)


REPORT_TAG = "report"
"""The cell tag that puts a cell (a Markdown cell, or a code cell's outputs) into the reader's report."""


def is_report_cell(cell) -> bool:
    """A cell reaches the reader's report only if it is tagged ``report``: a chapter's other cells (the
    analyst's DataFrames, charts drawn for exploring, cells added in JupyterLab) stay in the executed
    notebook. Code is never shown (the exporter excludes every input)."""
    return REPORT_TAG in cell.get("metadata", {}).get("tags", [])


def report_cells(nb: nbformat.NotebookNode) -> list:
    """The cells of ``nb`` that reach the report."""
    return [c for c in nb.cells if is_report_cell(c)]


def _report_cells_preprocessor():
    """nbconvert's preprocessor form of :func:`report_cells`, registered with the report's exporter."""
    from nbconvert.preprocessors import Preprocessor

    class ReportCellsPreprocessor(Preprocessor):
        def preprocess(self, nb, resources):
            nb.cells = report_cells(nb)
            return nb, resources

    return ReportCellsPreprocessor


def edition_cells(cells: list, language: str) -> list:
    """The report cells of one edition: the code cells run in it, and every Markdown cell in its language (the
    catalogue's translation of the cell's text)."""
    from kzreport.report.i18n import SOURCE, markdown_cell

    out = []
    for cell in cells:
        edition = cell_edition(cell)
        if edition is None:
            if language != SOURCE:
                cell = copy.deepcopy(cell)
                cell.source = markdown_cell(cell.source, language)
            out.append(cell)
        elif edition == language:
            out.append(cell)
    return out


def merge_notebooks(paths: list[Path], language: str = "en") -> nbformat.NotebookNode:
    """One notebook holding the report cells (tag ``report``) of each executed notebook, in order, in the
    edition ``language`` (:func:`edition_cells`).

    Notebooks whose metadata says ``kzreport.placement: front`` (the summary) come before the
    table of contents; the first cell of the other notebooks is marked where the main part begins.
    """
    import nbformat

    merged = nbformat.v4.new_notebook()
    merged.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    front, main = [], []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        placement = nb.metadata.get("kzreport", {}).get("placement", "main")
        (front if placement == "front" else main).extend(edition_cells(report_cells(nb), language))
    if main:
        main[0].metadata["kzreport_first_main"] = True
    merged.cells = front + main
    for i, cell in enumerate(merged.cells):
        cell["id"] = f"cell-{i:04d}"  # stable ids: the merged notebook never varies between builds
    return merged


_HEADING = re.compile(r"<h([1-3])(\s[^>]*)?>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_ANCHOR = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)


def slugify(text: str) -> str:
    """ASCII slug for an HTML id: 'Überblick: Tote & Verletzte' -> 'uberblick-tote-verletzte'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def heading_id(text: str, used: set[str]) -> str:
    """The id of a heading (h1–h3) with ``text``: ``sec-`` and its slug, numbered from 2 when ``used`` has it already;
    added to ``used``. The PDF through Typst labels its headings the same way (kzreport.build.typeset)."""
    base = "sec-" + slugify(text)
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


@dataclass
class TocEntry:
    level: int
    anchor: str
    text: str
    children: list[TocEntry] = field(default_factory=list)


def add_toc(page: str, language: str = "en", anchors: list[str] | None = None) -> tuple[str, list[TocEntry]]:
    """Give every h1–h3 of the text (the front matter and <main>) a unique id and a permalink (template
    ``heading.html.j2``), and fill the TOC placeholder with links to them.

    ``anchors``: the ids another edition of the page gave its headings, in order; when the page has as many
    headings, each keeps the id of its counterpart (``#sec-the-dead`` in every edition), not its own text's."""
    page = re.sub(r'<section class="front">\s*</section>\s*', "", page)  # no front matter: no blank page
    main_at = page.find("<main")
    if main_at < 0:
        raise ValueError("template output has no <main>: is the kzreport template in use?")
    main_end = page.find("</main>", main_at)
    main_end = len(page) if main_end < 0 else main_end
    front_at = page.find('<section class="front">')
    nav = re.search(r'<nav\b[^>]*\bid="toc"', page)
    nav_at = nav.start() if nav else -1
    front = (front_at, nav_at if 0 <= front_at < nav_at < main_at else main_at) if 0 <= front_at < main_at else (main_at, main_at)
    used: set[str] = set(_ID.findall(page[:front[0]] + page[front[1]:main_at] + page[main_end:]))
    entries: list[TocEntry] = []
    env = _env(language)
    heading = env.get_template("heading.html.j2")
    count = sum(len(_HEADING.findall(page[a:b])) for a, b in (front, (main_at, main_end)))
    given = iter(anchors) if anchors is not None and len(anchors) == count else None

    def replace(m: re.Match) -> str:
        level, inner = int(m.group(1)), _ANCHOR.sub("", m.group(3))
        text = html.unescape(_TAG.sub("", inner)).strip()
        if given is not None:
            anchor = next(given)
            used.add(anchor)
        else:
            anchor = heading_id(text, used)  # nbconvert's own ids (the heading's text) are replaced
        entries.append(TocEntry(level, anchor, text))
        return heading.render(level=level, anchor=anchor, inner=markupsafe.Markup(inner.strip()))

    parts = [page[:front[0]], _HEADING.sub(replace, page[front[0]:front[1]]), page[front[1]:main_at],
             _HEADING.sub(replace, page[main_at:main_end]), page[main_end:]]
    toc_html = _toc_html(entries, language)
    parts[2] = parts[2].replace("<!-- kzreport:toc -->", toc_html)
    parts[0] = parts[0].replace("<!-- kzreport:toc -->", toc_html)
    return "".join(parts), entries


def _env(language: str = "en"):
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    use_edition(env, language)
    return env


def _toc_html(entries: list[TocEntry], language: str = "en") -> str:
    """The contents as nested lists (template ``toc.html.j2``): each entry with the entries below it."""
    top = min((e.level for e in entries), default=1)
    roots: list[TocEntry] = []
    stack: list[TocEntry] = []
    for e in entries:
        node = TocEntry(e.level - top + 1, e.anchor, e.text)
        while stack and stack[-1].level >= node.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return _env(language).get_template("toc.html.j2").render(entries=roots).strip()


def use_edition(env, language: str) -> None:
    """Give an nbconvert exporter's Jinja2 environment the edition ``language``: gettext from its catalogue
    (``{% trans %}``, ``_()``, trimmed as in the report's own templates) and the filter ``date_words`` (an ISO date
    in the edition's words)."""
    from kzreport.report import format as fmt
    from kzreport.report.i18n import LOCALES, translations

    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(translations(language), newstyle=True)
    env.filters["date_words"] = lambda iso, _loc=LOCALES[language]: fmt.date(iso, _loc)
    env.globals["LANGUAGE"] = language
    env.globals["LOCALE"] = LOCALES[language]


def meta_resources(meta: ReportMeta) -> dict:
    """What the page templates read of ``meta`` (``resources.kzreport``)."""
    return {
        "title": meta.title, "subtitle": meta.subtitle, "author": meta.author,
        "kicker": meta.kicker, "keywords": list(meta.keywords), "version": meta.version,
        "latest_source": meta.latest_source, "build_id": meta.build_id,
        "downloads": [{"path": p, "title": t} for p, t in meta.downloads],
        "companions": [{"file": f, "title": t} for f, t in meta.companions], "page": meta.page,
        "page_title": meta.page_title, "language": meta.language, "report_file": meta.report_file,
        "editions": [{"language": lang, "name": name, "file": f} for lang, name, f in meta.editions],
    }


def export_html(nb: nbformat.NotebookNode, meta: ReportMeta) -> str:
    """Render a (merged, executed) notebook to the self-contained report HTML, in the edition ``meta.language``."""
    return export_page(nb, meta)[0]


def export_page(nb: nbformat.NotebookNode, meta: ReportMeta, anchors: list[str] | None = None,
                pages: tuple[str, ...] = ("report.html",)) -> tuple[str, list[TocEntry]]:
    """:func:`export_html`, with its headings (their ids and text); ``anchors`` and ``pages``: see
    :func:`finish_page`."""
    return finish_page(export_body(nb, meta), meta.language, anchors, pages)


def finish_page(body: str, language: str, anchors: list[str] | None = None,
                pages: tuple[str, ...] = ("report.html",)) -> tuple[str, list[TocEntry]]:
    """A page as nbconvert exported it (:func:`export_body`) with its headings' ids, contents and row links: the
    quick part of an export, done once the ids another edition gave its headings are known. A link to one of the
    report's ``pages`` (English names) leads to that page in the same edition (:func:`edition_links`)."""
    page, entries = add_toc(body, language, anchors)
    return edition_links(resolve_row_links(page), language, pages), entries


def edition_links(page: str, language: str, pages: tuple[str, ...]) -> str:
    """``page`` with each link to one of ``pages`` ('report.html', 'evidence-checks.html#…', as the templates and
    notebooks write them) leading to that page in ``language`` ('report.de.html'); a link that names its language
    (``hreflang``, the links between editions) is left as it is."""
    from kzreport.report.i18n import SOURCE

    if language == SOURCE or not pages:
        return page
    link = re.compile(r'<a\b(?![^>]*\bhreflang=)([^>]*?)\bhref="(' + "|".join(map(re.escape, pages)) + r')(#[^"]*)?"')
    return link.sub(lambda m: f'<a{m.group(1)}href="{edition_file(m.group(2), language)}{m.group(3) or ""}"', page)


def export_body(nb: nbformat.NotebookNode, meta: ReportMeta) -> str:
    """A page as nbconvert exports it, before :func:`finish_page`: the slow part of an export."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="kzreport",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(_report_cells_preprocessor(), enabled=True)
    use_edition(exporter.environment, meta.language)
    resources = {"kzreport": meta_resources(meta)}
    if report_cells(nb) and not any(c.metadata.get("kzreport_first_main") for c in nb.cells):
        nb = copy.deepcopy(nb)  # not from merge_notebooks: all of it is the main part
        report_cells(nb)[0].metadata["kzreport_first_main"] = True
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


# A link to a claim or event row (#claim-<id>, #event-<id>) that a capped appendix does not list goes to the
# paragraph of that appendix saying what is not listed and where it is (report/templates/registers/).
UNLISTED_TARGETS = {"claim-": "claims-not-listed", "event-": "events-not-listed"}
_ID = re.compile(r'\sid="([^"]*)"')
_HREF = re.compile(r'href="#([^"]*)"')


class BrokenLinks(ValueError):
    """Links inside the report that lead nowhere."""


def resolve_target(target: str, ids: set[str]) -> str | None:
    """Where a link inside the report to ``#target`` leads, given the ``ids`` the report defines: the target itself,
    the 'not listed' paragraph of the appendix that leaves its row out, or None when it leads nowhere."""
    if target in ids:
        return target
    for prefix, note in UNLISTED_TARGETS.items():
        if target.startswith(prefix) and note in ids:
            return note
    return None


def broken_links_message(dead: list[str]) -> str:
    """The build's message for link targets that exist nowhere in the report."""
    unique = list(dict.fromkeys(dead))
    shown = ", ".join(f"#{t}" for t in unique[:5]) + (f" and {len(unique) - 5:,} more" if len(unique) > 5 else "")
    return (f"{len(unique):,} link target(s) exist nowhere in the report: {shown}. A chapter links to a "
            "claim or event row (or a heading) the report does not contain: check the id it links to.")


def resolve_row_links(page: str) -> str:
    """Check that every link inside the page (``href="#…"``) has its target; point row links to unlisted rows
    at their appendix's 'not listed' paragraph.

    Raises BrokenLinks naming the targets that exist nowhere, so that a report never ships a dead link.
    """
    ids = set(_ID.findall(page))
    dead: list[str] = []

    def fix(m: re.Match) -> str:
        target = m.group(1)
        resolved = resolve_target(target, ids)
        if resolved is None:
            dead.append(target)
            return m.group(0)
        return m.group(0) if resolved == target else f'href="#{resolved}"'

    page = _HREF.sub(fix, page)
    if dead:
        raise BrokenLinks(broken_links_message(dead))
    return page
