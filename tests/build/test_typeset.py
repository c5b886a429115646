"""The PDF through Typst (kzreport.build.typeset): escaping, the Markdown and HTML converters, and a small report
compiled for real (byte-identical, bookmarks, claim links to their rows, vector charts, only the report's fonts,
metadata). A second or two each; the one slow test reads the report the shared build made."""

from __future__ import annotations

import base64
import re

import nbformat
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from conftest import outline_titles
from kzreport.build.render import BrokenLinks, ReportMeta
from kzreport.build.typeset import Links, compile_pdf, export_typst, html_to_typst, markdown_to_typst, text

META = ReportMeta(title="A small report: ‘tests’ & more", subtitle="Who said what", author="kzreport tests",
                  kicker="A test", keywords=("Kazakhstan", "test"), latest_source="26 April 2024", build_id="0123456789")

# Everything Typst markup could read as code, markup, a comment, a label, a reference or a smart quote.
HOSTILE = ('a // no comment /* nor this */ #let x = 1 $x^2$ *bold* _em_ `raw` <label> @ref = - + [x] ~ \\ "q" '
           "it's ... -- --- http://x.org/a 1. <script>alert(1)</script> & „Tote“")


def _flat(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _pdf_text(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def test_text_is_literal_whatever_it_holds(tmp_path):
    compile_pdf(f"#set document(date: none)\n{text(HOSTILE)}\n", tmp_path / "t.pdf")
    assert _flat(_pdf_text(tmp_path / "t.pdf")) == _flat(HOSTILE)


def test_markdown_is_parsed_into_typst():
    links = Links({"claim-a_2022-c001", "claims-not-listed"})
    out = markdown_to_typst(
        "## Tolls\n\nThe *first* toll is **[164](#claim-a\\_2022-c001)**, the government&#39;s `code`.\n\n"
        "- one [x](#claim-a_2022-c099)\n- two\n\n| Place | Days |\n|---|---|\n| Almaty | [5 January](#claim-a_2022-c001) |\n",
        links)
    assert "#heading(level: 2)[Tolls]" in out
    assert '#strong[#kz-link(label("claim-a_2022-c001"))[164]]' in out
    assert "#emph[first]" in out and "government\\'s" in out and '#raw("code")' in out
    assert '#kz-link(label("claims-not-listed"))[x]' in out  # a row the capped appendix leaves out: its note
    assert "#list(" in out and "#kz-table(columns: 2" in out and "table.header([Place], [Days])" in out
    assert links.dead == []


def test_html_rows_carry_their_labels_and_what_print_hides_is_left_out():
    links = Links({"claim-a_2022-c001"})
    out = html_to_typst(
        '<table class="data appendix register"><colgroup><col style="width: 24%"><col style="width: 76%"></colgroup>'
        '<thead><tr><th scope="col">Claim</th><th scope="col">Quote</th></tr></thead><tbody>'
        '<tr class="group"><th scope="rowgroup" colspan="2">Killed</th></tr>'
        '<tr id="claim-a_2022-c001"><td><strong>a_2022-c001</strong><br><span class="label">Printed:</span> 164</td>'
        '<td>„Zitat“ <span class="r-back"><a class="r-toc" href="#toc">back</a></span></td></tr></tbody></table>',
        links)
    # a register: its header, then one kz-row per row, with the column widths; a group row spans the columns
    assert out.startswith("#kz-register(columns: (24%, 76%,), head: ([#strong[Claim]], [#strong[Quote]],))")
    assert '#kz-row((24%, 76%,), [#strong[Killed]])' in out
    assert '#kz-row((24%, 76%,), [#metadata(none)#label("claim-a_2022-c001")#strong[a\\_2022\\-c001]#linebreak()' in out
    assert '#kz-muted[Printed\\:]' in out
    assert "back" not in out and "#toc" not in out and links.dead == []


def test_a_link_that_leads_nowhere_is_collected():
    links = Links(set())
    html_to_typst('<p>See <a href="#claim-x_2022-c001">this</a> and <a href="https://example.org/">that</a>.</p>', links)
    assert links.dead == ["claim-x_2022-c001"]


# ------------------------------------------------------------------------------------------------- a small report
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">'
       '<rect x="10" y="10" width="380" height="180" fill="#0072B2"/></svg>')


def _cell(kind: str, source: str = "", outputs: list | None = None, first_main: bool = False):
    meta = {"tags": ["report"], **({"kzreport_first_main": True} if first_main else {})}
    if kind == "markdown":
        return nbformat.v4.new_markdown_cell(source, metadata=meta)
    cell = nbformat.v4.new_code_cell("x = 1", metadata=meta)
    cell.outputs = outputs or []
    return cell


def _out(mime: str, data: str):
    return nbformat.v4.new_output("display_data", data={mime: data, "text/plain": "…"})


def _small_report(link_to: str = "claim-a_2022-c001") -> nbformat.NotebookNode:
    uri = "data:image/svg+xml;base64," + base64.b64encode(SVG.encode()).decode()
    filler = "\n\n".join(f"Paragraph {i} of the chapter, long enough to fill a page in a few dozen lines." for i in range(60))
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        _cell("markdown", "# Key findings"),
        _cell("code", outputs=[_out("text/markdown", f"The first toll is [164](#{link_to}), the government&#39;s.")]),
        _cell("markdown", "# Chapter one\n\n## A section", first_main=True),
        _cell("code", outputs=[_out("text/html", f'<figure class="chart" id="fig-1-1"><img src="{uri}" alt="A blue box">'
                                                 '<figcaption><strong>Figure 1.1.</strong> A box. <span class="figure-source">'
                                                 'Source: tests.</span></figcaption></figure>')]),
        _cell("code", outputs=[_out("text/markdown", filler)]),
        _cell("markdown", "# Appendix"),
        _cell("code", outputs=[_out("text/html",
                                    '<p id="claims-not-listed">Not every claim is listed.</p><table class="data register">'
                                    '<thead><tr><th>Claim</th><th>Quote</th></tr></thead><tbody>'
                                    '<tr id="claim-a_2022-c001"><td>a_2022-c001</td><td>„164 Tote“</td></tr></tbody></table>')]),
    ]
    return nb


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("typst")
    source = export_typst(_small_report(), META)
    compile_pdf(source, folder / "a.pdf")
    compile_pdf(export_typst(_small_report(), META), folder / "b.pdf")
    return {"source": source, "a": folder / "a.pdf", "b": folder / "b.pdf"}


def test_two_compiles_give_the_same_bytes_and_no_date_or_path(small_pdf):
    import tempfile
    import zlib

    data = small_pdf["a"].read_bytes()
    assert data == small_pdf["b"].read_bytes()
    meta = PdfReader(small_pdf["a"]).metadata
    assert "/CreationDate" not in meta and "/ModDate" not in meta
    streams = [data] + [zlib.decompress(m.group(1)) for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S)
                        if m.group(1)[:1] == b"x"]
    assert len(streams) > 5, "no compressed stream read"
    for needle in (b"kz-typst", tempfile.gettempdir().encode(), b"report.typ"):
        assert not any(needle in s for s in streams), f"{needle!r} is in the PDF"


def test_metadata_title_page_contents_and_page_numbers(small_pdf):
    reader = PdfReader(small_pdf["a"])
    meta = reader.metadata
    assert meta.title == META.title and meta.author == META.author and meta.subject == META.subtitle
    assert "Kazakhstan" in meta.get("/Keywords", "")
    texts = [p.extract_text() for p in reader.pages]
    n = len(texts)
    assert "Build 0.1.0 · inputs 0123456789" in _flat(texts[0]) and "26 April 2024" in texts[0]
    assert all(f"Page {i + 1} of {n}" in t for i, t in enumerate(texts))
    assert META.title in _flat(texts[2])  # the running header
    contents = next(t for t in texts if "Contents" in t)
    for title in ("Key findings", "Chapter one", "A section", "Appendix"):
        assert re.search(re.escape(title) + r"[ .]*\d+", _flat(contents)), f"{title} not in the contents with its page"


def test_bookmarks_for_every_heading(small_pdf):
    reader = PdfReader(small_pdf["a"])

    titles = outline_titles(reader)
    for title in (META.title, "Key findings", "Chapter one", "A section", "Appendix"):
        assert title in titles, titles


def _internal_links(path):
    """(page, text under the link, page of its destination, text at its destination) of every internal link."""
    reader, doc = PdfReader(path), pdfium.PdfDocument(str(path))
    page_of = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    for i, page in enumerate(reader.pages):
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link" or "/Dest" not in annot:
                continue
            dest = annot["/Dest"].get_object() if hasattr(annot["/Dest"], "get_object") else annot["/Dest"]
            target, y = page_of[dest[0].idnum], float(dest[3])
            width = doc[target].get_size()[0]
            yield (i + 1, doc[i].get_textpage().get_text_bounded(*[float(v) for v in annot["/Rect"]]),
                   target + 1, doc[target].get_textpage().get_text_bounded(0, y - 22, width, y + 1))


def test_a_number_links_to_its_claim_row(small_pdf):
    links = [(src, dest) for _, src, _, dest in _internal_links(small_pdf["a"]) if src.strip() == "164"]
    assert links, "the claim link is missing"
    assert all("a_2022-c001" in dest for _, dest in links), links


def test_a_link_to_a_row_left_out_goes_to_the_not_listed_note(tmp_path):
    compile_pdf(export_typst(_small_report("claim-a_2022-c777"), META), tmp_path / "r.pdf")
    dest = [d for _, src, _, d in _internal_links(tmp_path / "r.pdf") if src.strip() == "164"]
    assert dest and "Not every claim is listed" in dest[0]


def test_a_link_that_leads_nowhere_stops_the_export():
    with pytest.raises(BrokenLinks, match="event-nowhere"):
        export_typst(_small_report("event-nowhere"), META)


def test_charts_are_vectors_and_only_the_reports_fonts_are_embedded(small_pdf):
    import ctypes

    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument(str(small_pdf["a"]))
    fills = []
    for page in doc:
        for obj in page.get_objects():
            assert obj.type != pdfium_c.FPDF_PAGEOBJ_IMAGE, "a chart was embedded as a raster image"
            if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                rgba = [ctypes.c_uint() for _ in range(4)]
                pdfium_c.FPDFPageObj_GetFillColor(obj.raw, *rgba)
                fills.append(tuple(v.value for v in rgba[:3]))
    assert (0, 114, 178) in fills, "the chart's blue box is not a vector path"  # SVG's fill #0072B2

    fonts = set()
    for page in PdfReader(small_pdf["a"]).pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            desc = (font.get("/FontDescriptor") or (font.get("/DescendantFonts") or [{}])[0].get_object().get("/FontDescriptor"))
            desc = desc.get_object()
            assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{desc['/FontName']} not embedded"
            fonts.add(str(desc["/FontName"]).split("+")[-1])
    assert fonts and all(f.startswith("DejaVu") for f in fonts), fonts


# ------------------------------------------------------------------------------------------------- the whole report
@pytest.mark.slow
def test_the_reports_pdf_is_typeset_by_typst_and_every_number_links_to_its_row(built_report, tmp_path):
    """The project's report as the build makes it: typeset by Typst, every claim and event link in the chapters lands
    on its row, and the PDF repeats byte for byte when the same notebooks are typeset again."""
    out = built_report["out"]
    pdf = out / "report.pdf"
    assert PdfReader(pdf).metadata.get("/Creator", "").startswith("Typst")

    row = re.compile(r"\w+_\d{4}-[ce]\d{3}")
    contents = next(i for i, p in enumerate(PdfReader(pdf).pages) if "Contents" in p.extract_text()) + 1
    links = [(page, src, dest) for page, src, _, dest in _internal_links(pdf) if page != contents]
    assert len(links) > 100
    missed = [(page, src) for page, src, dest in links if not row.search(dest)]
    assert missed == [], f"links that do not land on a claim or event row (page, text): {missed[:10]}"

    import yaml

    from kzreport import config
    from kzreport.build.render import merge_notebooks

    meta = ReportMeta.from_params(yaml.safe_load(config.PARAMS_FILE.read_text(encoding="utf-8"))["report"])
    nbs = sorted((out / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    for name in ("again-1.pdf", "again-2.pdf"):
        compile_pdf(export_typst(merge_notebooks(nbs), meta), tmp_path / name)
    assert (tmp_path / "again-1.pdf").read_bytes() == (tmp_path / "again-2.pdf").read_bytes()


def test_typst_is_the_only_pdf_engine_the_package_knows():
    """WeasyPrint is the benchmark's yardstick only (bench/weasy.py, the bench extra): nothing under src/ imports it."""
    import ast

    from kzreport import config

    for path in sorted((config.PROJECT_ROOT / "src" / "kzreport").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] == "weasyprint" for n in names), f"{path} imports WeasyPrint"


def test_a_table_without_widths_gives_its_long_column_the_room():
    from kzreport.build.typeset import auto_columns

    assert auto_columns([["Place", "Days"], ["Almaty", "5 January"]]) == "2"  # fits on one line: auto
    long = "Police went to his flat and took him to the station; he was held for two days " * 4
    widths = [float(w.rstrip("fr")) for w in auto_columns(
        [["Person", "What the documents report", "Document"], ["Jambolat Mamai", long, "Amnesty International"],
         ["Group heading spanning the columns"]]).strip("(),").split(", ")]
    assert widths[1] > 2 * (widths[0] + widths[2]), widths
    assert widths[0] >= len("Jambolat") and widths[2] >= len("International"), widths  # no word is cut


def test_headings_carry_the_ids_the_html_gives_them_and_links_to_them_resolve(tmp_path):
    from kzreport.build.render import export_html

    nb = _small_report()
    nb.cells.append(_cell("markdown", "## A section\n\nBack to [the first section](#sec-a-section) and "
                                      "[the second](#sec-a-section-2)."))
    html_ids = re.findall(r'<h[1-3] id="(sec-[^"]*)"', export_html(nb, META))
    source = export_typst(nb, META)
    assert re.findall(r'#label\("(sec-[^"]*)"\)#heading', source) == html_ids
    assert html_ids[-1] == "sec-a-section-2"
    compile_pdf(source, tmp_path / "h.pdf")
    dest = [d for _, src, _, d in _internal_links(tmp_path / "h.pdf") if src.strip() == "the second"]
    assert dest and "A section" in dest[0]
    nb.cells.append(_cell("markdown", "See [nowhere](#sec-nowhere)."))
    with pytest.raises(BrokenLinks, match="sec-nowhere"):
        export_typst(nb, META)


def test_a_register_repeats_its_header_row_on_every_page_it_continues_on(tmp_path):
    """A register of the appendices runs over pages: each page it continues on starts with its header row (as a
    table's header repeats in print), and a row spanning the columns (a group heading) is set across them."""
    rows = "".join(f'<tr id="claim-a_2022-c{i:03d}"><td>a_2022-c{i:03d}</td><td>{"Ein langer Satz der Quelle. " * 12}</td></tr>'
                   for i in range(1, 121))
    nb = _small_report()
    nb.cells[-1] = _cell("code", outputs=[_out("text/html", (
        '<p id="claims-not-listed">Not every claim is listed.</p><table class="data appendix register"><colgroup>'
        '<col style="width: 24%"><col style="width: 76%"></colgroup><thead><tr><th scope="col">Claim and figure</th>'
        '<th scope="col">Quote and date</th></tr></thead><tbody><tr class="group"><th scope="rowgroup" colspan="2">'
        'All the killed, a group heading</th></tr>' + rows + "</tbody></table>"))])
    compile_pdf(export_typst(nb, META), tmp_path / "r.pdf")
    doc = pdfium.PdfDocument(str(tmp_path / "r.pdf"))
    texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    first = next(i for i, t in enumerate(texts) if "a_2022-c001" in t)
    last = next(i for i, t in enumerate(texts) if "a_2022-c120" in t)
    assert last - first >= 2, "the register should run over at least three pages"
    assert "All the killed, a group heading" in _flat(texts[first])
    top = 297 / 25.4 * 72 - 22 / 25.4 * 72  # the top of the text area (report.typ's margin)
    for i in range(first + 1, last + 1):
        w = doc[i].get_size()[0]
        band = doc[i].get_textpage().get_text_bounded(0, top - 1, w, top + 14)
        assert "Claim and figure" in band and "Quote and date" in band, f"page {i + 1}: no header row above the rows"
    after = doc[last + 1].get_textpage().get_text_bounded(0, top - 1, doc[last + 1].get_size()[0], top + 14) \
        if last + 1 < len(doc) else ""
    assert "Claim and figure" not in after, "the header row repeats after the register ended"


def test_punctuation_right_after_a_link_is_kept(tmp_path):
    """Text after a call such as #kz-link(...)[...] could continue it: ";" would end it and vanish, "." read a field,
    "(" or "[" call it. The punctuation must reach the page as written."""
    links = Links({"event-a_2022-e001", "event-a_2022-e002"})
    out = html_to_typst('<p><a href="#event-a_2022-e001">January 2022</a>; <a href="#event-a_2022-e002">May</a>.'
                        'text (after) [x]</p>', links)
    compile_pdf(f'#set document(date: none)\n#let kz-link(target, body) = body\n{out}\n', tmp_path / "p.pdf")
    assert _flat(_pdf_text(tmp_path / "p.pdf")) == "January 2022; May.text (after) [x]"
