"""The PDF through Typst: the executed notebooks as one Typst document, compiled with the report's own fonts.

The same report cells the HTML shows (tag ``report``) go through an nbconvert exporter whose template
(``templates/kzreport-typst/index.typ.j2``) lays out the PDF: title page, key findings, contents with page numbers,
chapters, running header, "Page N of M". The exporter's filters turn what a cell shows into Typst markup:

- Markdown (prose from the report's templates) through mistune's syntax tree (:func:`markdown_to_typst`);
- HTML (tables, figures, the registers) through an HTML tokenizer (:func:`html_to_typst`), into the template's
  functions ``kz-table``, ``kz-figure``, ``kz-muted``, ``kz-en``, ``kz-source``;
- every link inside the report to a Typst label of the same name (``#link(label("claim-…"))``), resolved as the
  HTML's links are (:func:`kzreport.build.render.resolve_target`): a row a capped appendix leaves out leads to its
  "not listed" paragraph, and a link that leads nowhere stops the build.

Text is escaped character by character (:func:`text`), so nothing in the data becomes markup. Charts are SVG, embedded
as vectors. Compiled by the ``typst`` package (the compiler ships in the wheel: nothing to download, no browser) with
only the report's fonts (:mod:`kzreport.report.fonts`) and no date: the same notebooks give the same PDF bytes.
"""

from __future__ import annotations

import base64
import contextvars
import functools
import html as htmllib
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from kzreport.build.render import (
    BrokenLinks,
    ReportMeta,
    _report_cells_preprocessor,
    broken_links_message,
    heading_id,
    report_cells,
    resolve_target,
)
from kzreport.config import TEMPLATES_DIR

TEMPLATE = "kzreport-typst"
# The places of the HTML page that the PDF has too, labelled by the template (report.typ): a link to them resolves.
# (The HTML's download list, #data, is not in the PDF; nor was it when WeasyPrint made the PDF.)
TEMPLATE_IDS = frozenset({"how-to-cite", "toc", "main"})

# Characters with a meaning in Typst markup; each is written with a backslash in front. Besides markup, smart quotes,
# shorthands and markers at the start of a line, this covers what continues an embedded expression such as
# #kz-link(...)[...] when it follows one: a semicolon ends it (and is swallowed), "." reads a field, "(" and "[" call it.
# Letters, digits, spaces and the rest of Unicode are literal.
_SPECIAL = re.compile(r"""([\\/#*_`$<>@=\-+\[\]~"'.:;,!?(){}%&|^])""")
_SPACE = re.compile(r"\s+")


def text(value: str) -> str:
    """``value`` as literal Typst markup: every character Typst could read as markup escaped, whitespace as one space."""
    return _SPECIAL.sub(r"\\\g<0>", _SPACE.sub(" ", value))


def string(value: str) -> str:
    """``value`` as a Typst string literal (for arguments: URLs, labels, alt text, SVG source)."""
    body = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return '"' + body + '"'


@dataclass
class Links:
    """The ids the report defines, and the link targets that lead nowhere (collected while converting).

    ``ids`` are the ids of the cells' HTML (register rows, figures, notes), known before converting; the headings'
    ids (``sec-…``, as the HTML gives them) are made while converting, so a link to a heading is checked at the end.
    """

    ids: set[str]
    dead: list[str] = field(default_factory=list)
    headings: set[str] = field(default_factory=set)
    to_headings: list[str] = field(default_factory=list)
    labelled: set[str] = field(default_factory=set)  # the labels the Typst source defines (anchor())
    linked: set[str] = field(default_factory=set)  # the labels its links lead to

    def target(self, href: str) -> str | None:
        """The label a link inside the report (``#id``) points to, or None for a link outside it."""
        if not href.startswith("#"):
            return None
        resolved = resolve_target(href[1:], self.ids)
        if resolved is None:
            if href.startswith("#sec-"):
                self.to_headings.append(href[1:])
            else:
                self.dead.append(href[1:])
            return href[1:]
        return resolved

    def heading(self, text: str) -> str:
        """The label of the next heading (h1–h3) with ``text``: the id the HTML gives it (render.heading_id)."""
        return heading_id(_SPACE.sub(" ", text).strip(), self.headings)

    def broken(self) -> list[str]:
        """Every link target that exists nowhere, once the whole report is converted."""
        return self.dead + [t for t in self.to_headings if t not in self.headings]

    def unlabelled(self) -> list[str]:
        """Link targets the HTML has but the Typst source labels nowhere (an id on an element the PDF leaves out)."""
        return sorted(self.linked - self.labelled - TEMPLATE_IDS)


def link(href: str, body: str, links: Links) -> str:
    """A link: outside the report, to its URL; inside, to the label of its target, through the template's ``kz-link``
    (report.typ), which sets the text the same whether or not the label is known yet, so that Typst's second layout
    pass finds the pages as the first left them."""
    target = links.target(href)
    if target is None:
        return f"#link({string(href)})[{body}]"
    links.linked.add(target)
    return f"#kz-link(label({string(target)}))[{body}]"


def anchor(name: str, links: Links) -> str:
    """An invisible element carrying label ``name``: the place a link to ``#name`` leads to."""
    links.labelled.add(name)
    return f"#metadata(none)#label({string(name)})"


def _call(fn: str, body: str) -> str:
    return f"#{fn}[{body}]"


# ------------------------------------------------------------------------------------------------- Markdown
def markdown_to_typst(source: str, links: Links) -> str:
    """Markdown (CommonMark with pipe tables, as nbconvert reads it) as Typst markup, through mistune's syntax tree."""
    return _md_blocks(_markdown_parser()(source), links)


@functools.cache
def _markdown_parser():
    """mistune's parser to a syntax tree, made once (making one takes longer than parsing a chapter)."""
    import mistune

    return mistune.create_markdown(renderer=None, plugins=["table", "strikethrough"])


def _md_blocks(tokens: list[dict], links: Links) -> str:
    return "".join(_md_block(t, links) for t in tokens)


def _md_block(t: dict, links: Links) -> str:
    kind = t["type"]
    if kind == "paragraph":
        return _md_inline(t["children"], links) + "\n\n"
    if kind == "block_text":
        return _md_inline(t["children"], links)
    if kind == "heading":
        level = t["attrs"]["level"]
        label = anchor(links.heading(_md_text(t["children"])), links) if level <= 3 else ""
        return f"{label}#heading(level: {level})[{_md_inline(t['children'], links)}]\n\n"
    if kind == "list":
        ordered = t["attrs"].get("ordered")
        items = ", ".join(f"[{_md_blocks(i['children'], links).strip()}]" for i in t["children"])
        start = t["attrs"].get("start")
        args = f"start: {int(start)}, " if ordered and start not in (None, 1) else ""
        return f"#{'enum' if ordered else 'list'}({args}tight: {'true' if t.get('tight') else 'false'}, {items})\n\n"
    if kind == "block_quote":
        return f"#quote(block: true)[{_md_blocks(t['children'], links).strip()}]\n\n"
    if kind == "block_code":
        return f"#raw(block: true, {string(t['raw'].rstrip())})\n\n"
    if kind == "thematic_break":
        return "#line(length: 100%, stroke: 0.5pt + luma(208))\n\n"
    if kind == "block_html":
        return html_to_typst(t["raw"], links) + "\n\n"
    if kind == "table":
        head = next((c for c in t["children"] if c["type"] == "table_head"), None)
        body = next((c for c in t["children"] if c["type"] == "table_body"), None)
        rows = ([head["children"]] if head else []) + [r["children"] for r in (body["children"] if body else [])]
        columns = auto_columns([[_md_text(c["children"]) for c in row] for row in rows])
        cells = []
        if head:
            cells.append("table.header(" + ", ".join(f"[{_md_inline(c['children'], links)}]" for c in head["children"]) + ")")
        for row in body["children"] if body else []:
            cells += [f"[{_md_inline(c['children'], links)}]" for c in row["children"]]
        return f"#kz-table(columns: {columns}, classes: (\"md\",), {', '.join(cells)})\n\n"
    if kind == "blank_line":
        return ""
    return _md_inline(t.get("children", []), links) if "children" in t else text(t.get("raw", ""))


def _md_text(tokens: list[dict]) -> str:
    """The plain text of inline Markdown tokens (to size a table's columns)."""
    return "".join(_md_text(t["children"]) if "children" in t else htmllib.unescape(t.get("raw", "")) for t in tokens)


def _md_inline(tokens: list[dict], links: Links) -> str:
    out = []
    for t in tokens:
        kind = t["type"]
        if kind == "text":
            out.append(text(htmllib.unescape(t["raw"])))
        elif kind == "emphasis":
            out.append(_call("emph", _md_inline(t["children"], links)))
        elif kind == "strong":
            out.append(_call("strong", _md_inline(t["children"], links)))
        elif kind == "strikethrough":
            out.append(_call("strike", _md_inline(t["children"], links)))
        elif kind == "codespan":
            out.append(f"#raw({string(htmllib.unescape(t['raw']))})")
        elif kind == "link":
            out.append(link(t["attrs"]["url"], _md_inline(t["children"], links), links))
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "linebreak":
            out.append("#linebreak()")
        elif kind == "inline_html":
            out.append(html_to_typst(t["raw"], links))
        elif "children" in t:
            out.append(_md_inline(t["children"], links))
        else:
            out.append(text(htmllib.unescape(t.get("raw", ""))))
    return "".join(out)


# ------------------------------------------------------------------------------------------------- HTML
# What print hides (report.css, @media print): links back from a register row, the screen's extras.
HIDDEN_CLASSES = {"r-back", "permalink", "anchor-link", "skip-link", "to-toc", "kz-pop"}
BLOCK_TAGS = {"p", "div", "section", "table", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote",
              "pre", "aside", "header", "footer", "nav", "main"}
_WIDTH = re.compile(r"width:\s*([\d.]+)%")


class Element:
    """An element of a parsed HTML fragment: its tag, attributes (entities decoded) and children (elements and text)."""

    __slots__ = ("name", "attrs", "children")

    def __init__(self, name: str, attrs: dict[str, str]):
        self.name, self.attrs, self.children = name, attrs, []

    def get(self, key: str, default=None):
        return self.attrs.get(key, default)

    def __getitem__(self, key: str) -> str:
        return self.attrs[key]

    def find_all(self, names, recursive: bool = True) -> list[Element]:
        names = {names} if isinstance(names, str) else set(names)
        found = []
        for child in self.children:
            if isinstance(child, Element):
                if child.name in names:
                    found.append(child)
                if recursive:
                    found += child.find_all(names)
        return found

    def find(self, names, recursive: bool = True) -> Element | None:
        found = self.find_all(names, recursive)
        return found[0] if found else None

    def get_text(self) -> str:
        return "".join(c if isinstance(c, str) else c.get_text() for c in self.children)


VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# An HTML fragment as tokens: a comment, a start or end tag (attributes as written, quoted values may hold ">"),
# text, or a "<" that starts no tag (text). The HTML is nbconvert's output of the report's templates (autoescaped).
_TOKEN = re.compile(r"""<!--.*?(?:-->|$)|<(/?)([A-Za-z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+|<)""", re.S)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
RAW_TEXT_TAGS = {"script", "style"}


def parse_html(fragment: str) -> Element:
    """``fragment`` as a tree of :class:`Element` (comments dropped; character references decoded, in text and
    attribute values, as an HTML parser does; an end tag closes the nearest open element of its name, a stray one is
    ignored; the text of a script or style element is kept as it is).

    A tokenizer of regular expressions rather than :class:`html.parser.HTMLParser`: the registers are thousands of
    elements, and it reads them several times faster.
    """
    unescape = htmllib.unescape
    root = Element("#root", {})
    stack = [root]
    pos, n = 0, len(fragment)
    while pos < n:
        m = _TOKEN.match(fragment, pos)
        pos = m.end()
        text_, name = m.group(4), m.group(2)
        if text_ is not None:
            stack[-1].children.append(unescape(text_) if "&" in text_ else text_)
        elif name is None:  # a comment
            continue
        elif m.group(1):  # an end tag
            name = name.lower()
            for i in range(len(stack) - 1, 0, -1):
                if stack[i].name == name:
                    del stack[i:]
                    break
        else:
            name, raw = name.lower(), m.group(3)
            attrs = {}
            for a in _ATTR.finditer(raw):
                value = next((v for v in a.group(2, 3, 4) if v is not None), "")
                attrs.setdefault(a.group(1).lower(), unescape(value) if "&" in value else value)
            el = Element(name, attrs)
            stack[-1].children.append(el)
            if name in RAW_TEXT_TAGS:
                close = re.compile(rf"</{name}\s*>", re.I).search(fragment, pos)
                el.children.append(fragment[pos:close.start() if close else n])
                pos = close.end() if close else n
            elif name not in VOID_TAGS and not raw.rstrip().endswith("/"):
                stack.append(el)
    return root


def html_to_typst(fragment: str, links: Links) -> str:
    """An HTML fragment (a cell's ``text/html`` output) as Typst markup, through an HTML parser."""
    return _children(parse_html(fragment), links).strip()


def _children(node: Element, links: Links) -> str:
    return "".join(text(c) if isinstance(c, str) else _element(c, links) for c in node.children)


def _classes(el: Element) -> list[str]:
    return el.get("class", "").split()


def _element(el, links: Links) -> str:
    name = el.name
    classes = _classes(el)
    if HIDDEN_CLASSES & set(classes) or name in ("script", "style", "colgroup", "col"):
        return ""
    label = anchor(el["id"], links) if el.get("id") and name not in ("tr", "figure", "table") else ""

    def inner() -> str:
        return _children(el, links)

    if name == "p":
        return f"{label}{inner().strip()}\n\n"
    if name in ("h1", "h2", "h3"):  # the id the HTML gives it replaces its own, as in the HTML
        return f"{anchor(links.heading(el.get_text()), links)}#heading(level: {int(name[1])})[{inner().strip()}]\n\n"
    if name in ("h4", "h5", "h6"):
        return f"{label}#heading(level: {int(name[1])})[{inner().strip()}]\n\n"
    if name == "br":
        return "#linebreak()"
    if name in ("strong", "b"):
        return label + _classed(classes, _call("strong", inner()))
    if name in ("em", "i"):
        return label + _classed(classes, _call("emph", inner()))
    if name == "code":
        return f"{label}#raw({string(el.get_text())})"
    if name == "a":
        href = el.get("href")
        return label + (link(href, inner(), links) if href else inner())
    if name == "q":
        return f"{label}#quote[{inner()}]"
    if name == "span":
        return label + _classed(classes, inner())
    if name in ("ul", "ol"):
        items = ", ".join(f"[{_children(li, links).strip()}]" for li in el.find_all("li", recursive=False))
        return f"{label}#{'enum' if name == 'ol' else 'list'}({items})\n\n"
    if name == "blockquote":
        return f"{label}#quote(block: true)[{inner().strip()}]\n\n"
    if name == "table":
        return _table(el, links)
    if name == "figure":
        return _figure(el, links)
    if name == "img":
        return _image(el)
    if name in BLOCK_TAGS:
        return f"{label}{inner().strip()}\n\n"
    return label + inner()


# The classes the print stylesheet styles (report.css, @media print), and the template's function (report.typ) that
# styles them so on paper: greyed (the registers' labels, metadata, notes), the English rendering (dark grey italic), a
# figure's source line (a block in smaller type). Other classes change nothing on paper and are left out.
STYLED_CLASSES = {"label": "kz-muted", "r-meta": "kz-muted", "r-note": "kz-muted", "r-same": "kz-muted",
                  "r-metric": "kz-muted", "r-en": "kz-en", "figure-source": "kz-source"}


def _classed(classes: list[str], body: str) -> str:
    """``body`` styled by the template's function for the first of its classes the print stylesheet styles."""
    for c in classes:
        fn = STYLED_CLASSES.get(c)
        if fn:
            return f"#{fn}[{body}]"
    return body


def _table(el, links: Links) -> str:
    caption = el.find("caption", recursive=False)
    widths = [_WIDTH.search(c.get("style", "")) for c in el.find_all("col")]
    if widths and all(widths):
        columns = "(" + ", ".join(f"{w.group(1)}%" for w in widths) + ",)"
    else:
        columns = auto_columns([[c.get_text() for c in tr.find_all(("td", "th"), recursive=False)] for tr in el.find_all("tr")])
    if "register" in _classes(el) and caption is None and widths and all(widths):
        return _register(el, columns, links)
    cells = []
    for section in el.find_all(("thead", "tbody", "tfoot"), recursive=False) or [el]:
        for tr in section.find_all("tr", recursive=False):
            row = _row(tr, links)
            if section.name == "thead":
                cells.append("table.header(" + ", ".join(row) + ")")
            elif _is_group(tr):
                # A row naming the group of rows below it: a sub-header, never left alone at a page's foot and
                # repeated on the pages its group continues on.
                cells.append("table.header(level: 2, " + ", ".join(row) + ")")
            else:
                cells += row
    args = [f"columns: {columns}", f"classes: ({', '.join(string(c) for c in _classes(el))},)"]
    if caption is not None:
        args.append(f"caption: [{_children(caption, links).strip()}]")
    label = anchor(el["id"], links) if el.get("id") else ""
    return f"{label}#kz-table({', '.join(args + cells)})\n\n"


def _register(el, columns: str, links: Links) -> str:
    """A register of the appendices (hundreds of rows, pages long) as the template's ``kz-register``: its header row
    (repeated at the top of every page the register continues on) and one ``kz-row`` per row, each cell a box of its
    column's width. Typst lays out each cell once, where a table lays out each of its cells twice (to measure a row,
    then to set it); the registers are most of the PDF's text, so this halves the time to typeset them."""
    head, rows = [], []
    for section in el.find_all(("thead", "tbody", "tfoot"), recursive=False) or [el]:
        for tr in section.find_all("tr", recursive=False):
            row = _row(tr, links, spans=False)
            if section.name == "thead":
                head = row
            else:
                rows.append(f"#kz-row({columns}, {', '.join(row)})\n")
    label = anchor(el["id"], links) if el.get("id") else ""
    return f"{label}#kz-register(columns: {columns}, head: ({', '.join(head)},))[\n{''.join(rows)}]\n\n"


# The A4 text width (174 mm) in average characters of the tables' 7.5 pt DejaVu Sans (about 0.55 em each), and what a
# cell's padding takes.
TEXT_WIDTH_CHARS = 119.0
CELL_PADDING_CHARS = 1.5
MIN_WORD_ROOM = 1.3  # a column's longest word gets this much room, plus a character: bold, digits and capitals are wider


def auto_columns(rows: list[list[str]]) -> str:
    """Column widths for a table that sets none, as a browser's automatic table layout gives them, from the cells' text.

    Each column needs at least its longest word (min) and would like its longest cell on one line (max). If every
    column gets its max, the columns are ``auto``; otherwise each gets its min and the width left over is shared in
    proportion to what each still wants (max - min), as fractions of the text width. (Typst's own ``auto`` columns share
    an overflowing width equally, which left the long text of a three-column table a third of the page.)
    A row with fewer cells (a group heading spanning the columns) sizes no column.
    """
    n = max((len(r) for r in rows), default=1)
    lo, hi = [1.0] * n, [1] * n
    for row in rows:
        if len(row) != n:
            continue
        for i, cell in enumerate(row):
            words = cell.split()
            lo[i] = max(lo[i], max((len(w) for w in words), default=0) * MIN_WORD_ROOM + 1)
            hi[i] = max(hi[i], len(" ".join(words)))
    room = TEXT_WIDTH_CHARS - CELL_PADDING_CHARS * n
    if sum(hi) <= room:
        return str(n)
    if sum(lo) >= room:
        widths = [float(w) for w in lo]
    else:
        share = (room - sum(lo)) / (sum(hi) - sum(lo))
        widths = [a + (b - a) * share for a, b in zip(lo, hi, strict=True)]
    return "(" + ", ".join(f"{w:.1f}fr" for w in widths) + ",)"


def _is_group(tr) -> bool:
    """A row that heads a group of rows (``<tr class="group"><th scope="rowgroup" colspan=…>``)."""
    cells = tr.find_all(("td", "th"), recursive=False)
    return len(cells) == 1 and cells[0].name == "th" and cells[0].get("scope") == "rowgroup"


def _row(tr, links: Links, spans: bool = True) -> list[str]:
    """The cells of a row as Typst content; a cell spanning columns as a ``table.cell`` (unless not ``spans``: a
    register's row gives its last cell the columns left)."""
    cells = []
    for i, cell in enumerate(tr.find_all(("td", "th"), recursive=False)):
        body = _children(cell, links).strip()
        if i == 0 and tr.get("id"):
            body = anchor(tr["id"], links) + body
        span = int(cell.get("colspan", 1))
        if cell.name == "th":
            body = _call("strong", body)
        body = _classed(_classes(tr), body)
        cells.append(f"table.cell(colspan: {span})[{body}]" if span > 1 and spans else f"[{body}]")
    return cells


def _figure(el, links: Links) -> str:
    img = el.find("img")
    caption = el.find("figcaption")
    body = _image(img) if img is not None else ""
    cap = _children(caption, links).strip() if caption is not None else ""
    if el.get("id"):  # labelled inside the chart's block, which may float to the next page
        links.labelled.add(el["id"])
        return f"#kz-figure({body.lstrip('#')}, [{cap}], name: {string(el['id'])})\n\n"
    return f"#kz-figure({body.lstrip('#')}, [{cap}])\n\n"


def _image(img) -> str:
    """An image the report embeds as a data: URI (the charts are SVG) as a Typst image, embedded as bytes."""
    src = img.get("src", "")
    m = re.match(r"data:image/(svg\+xml|png|jpeg);base64,(.*)$", src, re.S)
    if not m:
        raise ValueError(f"an image of the report is not embedded as a data: URI: {src[:80]!r}")
    fmt = {"svg+xml": "svg", "png": "png", "jpeg": "jpg"}[m.group(1)]
    data = base64.b64decode(m.group(2))
    alt = img.get("alt", "")
    if fmt == "svg":
        return f"#image(bytes({string(data.decode('utf-8'))}), format: \"svg\", alt: {string(alt)})"
    # Raster images: bytes as an array of numbers (Typst has no base64 decoder); the report has none today.
    return f"#image(bytes(({', '.join(str(b) for b in data)},)), format: \"{fmt}\", alt: {string(alt)})"


# ------------------------------------------------------------------------------------------------- exporter
def _ids_in(nb: nbformat.NotebookNode) -> set[str]:
    """Every id a report cell defines (HTML outputs): the targets a link inside the report may have."""
    from kzreport.build.render import _ID

    ids: set[str] = set()
    for cell in report_cells(nb):
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html")
            if html:
                ids |= set(_ID.findall(" " + html))
    return ids


# The Links of the export under way, read by the exporter's filters (the exporter is made once per process).
_CURRENT: contextvars.ContextVar[Links] = contextvars.ContextVar("kzreport_typst_links")


@functools.cache
def _exporter():
    """nbconvert's exporter with the Typst template and filters, made once (its Jinja environment and the compiled
    template are kept with it). Only the report-cells preprocessor runs: none of nbconvert's default ones (all
    disabled, but each would be followed by a validation of the whole notebook), and the notebook is validated
    once, after it."""
    from nbconvert.exporters import TemplateExporter

    class TypstExporter(TemplateExporter):
        output_mimetype = "text/x-typst"
        file_extension = ".typ"

    exporter = TypstExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        default_preprocessors=[],
        optimistic_validation=True,
    )
    exporter.register_preprocessor(_report_cells_preprocessor(), enabled=True)
    exporter.register_filter("markdown2typst", lambda s: markdown_to_typst(s, _CURRENT.get()))
    exporter.register_filter("html2typst", lambda s: html_to_typst(s, _CURRENT.get()))
    exporter.register_filter("typst_text", text)
    exporter.register_filter("typst_string", string)
    return exporter


def export_typst(nb: nbformat.NotebookNode, meta: ReportMeta) -> str:
    """The Typst source of the report's PDF from a (merged, executed) notebook.

    Raises BrokenLinks naming the link targets that exist nowhere, as :func:`render.export_html` does, and
    ValueError for a link whose target the PDF leaves out.
    """
    from kzreport.build.render import meta_resources, use_edition

    links = Links(_ids_in(nb) | TEMPLATE_IDS)
    resources = {"kzreport": meta_resources(meta)}
    token = _CURRENT.set(links)
    exporter = _exporter()
    use_edition(exporter.environment, meta.language)
    try:
        source, _ = exporter.from_notebook_node(nb, resources=resources)
    finally:
        _CURRENT.reset(token)
    if links.broken():
        raise BrokenLinks(broken_links_message(links.broken()))
    if links.unlabelled():
        raise ValueError(f"links lead to places the PDF does not label: {', '.join(links.unlabelled()[:10])}")
    return source


def compile_pdf(source: str, target: Path) -> None:
    """Compile Typst ``source`` to the PDF ``target`` with the report's fonts only (nothing of the machine's).

    The source goes to the compiler as bytes (no file, no path: nothing of this machine can reach the PDF)."""
    import typst

    from kzreport.report.fonts import FONT_DIR, font_files

    font_files()  # raises if matplotlib lacks one of the report's fonts
    pdf = typst.compile(source.encode("utf-8"), font_paths=[str(FONT_DIR)], ignore_system_fonts=True)
    Path(target).write_bytes(pdf)


def write_pdf(nb: nbformat.NotebookNode, meta: ReportMeta, target: Path) -> None:
    """The report's PDF through Typst: :func:`export_typst`, then :func:`compile_pdf`."""
    compile_pdf(export_typst(nb, meta), target)
