import nbformat
import pytest

from kzreport.build.render import BrokenLinks, ReportMeta, add_toc, export_html, resolve_row_links, slugify


def _page(body: str) -> str:
    return f'<html><head></head><body><nav><!-- kzreport:toc --></nav><main>{body}</main></body></html>'


def test_toc_links_every_heading_with_unique_ids():
    page, entries = add_toc(_page("<h1>Casualties</h1><h2>Sources</h2><h1>Accountability</h1><h2>Sources</h2>"))
    assert [e.anchor for e in entries] == ["sec-casualties", "sec-sources", "sec-accountability", "sec-sources-2"]
    assert '<h2 id="sec-sources-2">Sources<a class="permalink" href="#sec-sources-2"' in page
    nav = page.split("<main>")[0]
    for e in entries:
        assert f'href="#{e.anchor}"' in nav
    # Nested: the h2 sits inside the h1's list item.
    assert nav.count("<ol>") == 3


def test_every_heading_has_a_permalink():
    page, entries = add_toc(_page('<h2 id="Mine">Mine</h2><h3>Sub <em>part</em></h3><h4>Not in the contents</h4>'))
    assert [(e.level, e.anchor, e.text) for e in entries] == [(2, "sec-mine", "Mine"), (3, "sec-sub-part", "Sub part")]
    assert '<h3 id="sec-sub-part">Sub <em>part</em><a class="permalink" href="#sec-sub-part"' in page
    assert page.count('class="permalink"') == 2 and "<h4>Not in the contents</h4>" in page


def test_front_matter_headings_get_ids_but_the_contents_heading_does_not():
    page, entries = add_toc('<html><body><section class="front"><h1>Key findings</h1></section>'
                            '<nav aria-label="Contents" class="toc" id="toc"><h2 class="toc-title">Contents</h2><!-- kzreport:toc --></nav>'
                            '<main id="main"><h1>Story</h1></main><h2 id="data-title">Data</h2></body></html>')
    assert [e.anchor for e in entries] == ["sec-key-findings", "sec-story"]
    assert page.index('href="#sec-key-findings"') < page.index("</nav>")
    assert '<h2 class="toc-title">Contents</h2>' in page and '<h2 id="data-title">Data</h2>' in page


def test_slugify_handles_german():
    assert slugify("Überblick: Tote & Verletzte") == "uberblick-tote-verletzte"
    assert slugify("…") == "section"


def test_heading_text_is_escaped_in_the_toc():
    page, _ = add_toc(_page("<h2>A &lt;script&gt; heading</h2>"))
    nav = page.split("<main>")[0]
    assert "<script>" not in nav and "&lt;script&gt;" in nav


def test_report_meta_requires_a_title_and_refuses_unknown_keys():
    with pytest.raises(ValueError, match="title"):
        ReportMeta.from_params({})
    with pytest.raises(ValueError, match="unknown key"):
        ReportMeta.from_params({"title": "T", "subtitel": "typo"})


def test_export_hides_code_and_streams_but_keeps_rich_outputs():
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("secret_code = 1")
    code.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="debug print\n"),
        nbformat.v4.new_output("display_data", data={"text/html": "<p>shown html</p>", "text/plain": "x"}),
        nbformat.v4.new_output("execute_result", data={"text/markdown": "## Computed heading"}, execution_count=1),
    ]
    params = nbformat.v4.new_code_cell("start = 1", metadata={"tags": ["parameters"]})
    params.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<p>param output</p>"})]
    code.metadata["tags"] = ["report"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Chapter", metadata={"tags": ["report"]}), params, code]
    page = export_html(nb, ReportMeta(title="A <b>title</b>"))
    assert "secret_code" not in page and "debug print" not in page and "param output" not in page
    assert "<p>shown html</p>" in page
    assert 'id="sec-computed-heading"' in page and 'href="#sec-computed-heading"' in page
    assert "<title>A &lt;b&gt;title&lt;/b&gt;</title>" in page
    assert page.lower().count("<script") == 1 and "<script>" in page and " src=" not in page  # only the inline one


def test_only_cells_tagged_report_reach_the_report():
    """An analyst's DataFrame, a chart drawn for exploring, a cell added in JupyterLab: none of them is published."""
    nb = nbformat.v4.new_notebook()
    shown = nbformat.v4.new_code_cell("x", metadata={"tags": ["report"]})
    shown.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<p>for readers</p>"})]
    added = nbformat.v4.new_code_cell("ev.claims")
    added.outputs = [nbformat.v4.new_output("execute_result", data={"text/html": "<table>analyst frame</table>"},
                                            execution_count=1)]
    other_tag = nbformat.v4.new_code_cell("y", metadata={"tags": ["analyst", "remove_input"]})
    other_tag.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": "explored"})]
    nb.cells = [nbformat.v4.new_markdown_cell("# Chapter", metadata={"tags": ["report"]}),
                nbformat.v4.new_markdown_cell("An analyst's own note"), added, shown, other_tag]
    page = export_html(nb, ReportMeta(title="T"))
    assert "for readers" in page and 'id="sec-chapter"' in page
    assert "analyst frame" not in page and "An analyst's own note" not in page and "explored" not in page
    merged = merge_notebooks_from(nb)
    assert [c.source for c in merged.cells] == ["# Chapter", "x"]


def merge_notebooks_from(nb):
    import tempfile
    from pathlib import Path

    from kzreport.build.render import merge_notebooks

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "01-x.ipynb"
        nbformat.write(nb, path)
        return merge_notebooks([path])


def test_links_inside_the_report_are_kept_when_their_target_exists():
    page = '<a href="#claim-a-c001">a</a><tr id="claim-a-c001"></tr><a href="#sec-x">x</a><h2 id="sec-x">X</h2>'
    assert resolve_row_links(page) == page


def test_a_link_to_a_row_a_capped_appendix_leaves_out_goes_to_its_not_listed_paragraph():
    page = ('<a href="#claim-a-c002">a</a><a href="#event-a-e009">e</a><a href="#claim-a-c001">ok</a>'
            '<p id="claims-not-listed">…</p><p id="events-not-listed">…</p><tr id="claim-a-c001"></tr>')
    out = resolve_row_links(page)
    assert '<a href="#claims-not-listed">a</a>' in out and '<a href="#events-not-listed">e</a>' in out
    assert '<a href="#claim-a-c001">ok</a>' in out


def test_a_link_that_leads_nowhere_stops_the_report_naming_its_target():
    # No "not listed" paragraph: the appendix was not capped, so the row is missing, not left out.
    with pytest.raises(BrokenLinks, match=r"2 link target\(s\) exist nowhere in the report: #claim-a-c002, #sec-gone"):
        resolve_row_links('<a href="#claim-a-c002">a</a><a href="#sec-gone">b</a><a href="#claim-a-c002">again</a>'
                          '<p id="events-not-listed"></p>')
    many = "".join(f'<a href="#x{i}">x</a>' for i in range(8))
    with pytest.raises(BrokenLinks, match="#x4 and 3 more"):
        resolve_row_links(many)


def test_export_html_refuses_a_dead_link():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x", metadata={"tags": ["report"]})
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": '<a href="#event-nowhere">7 January</a>'})]
    nb.cells = [nbformat.v4.new_markdown_cell("# Chapter", metadata={"tags": ["report"]}), cell]
    with pytest.raises(BrokenLinks, match="#event-nowhere"):
        export_html(nb, ReportMeta(title="T"))


def test_the_colophon_names_the_tools_that_made_each_format():
    """The HTML's last line says what rendered it: nbconvert the HTML and Typst the PDF (WeasyPrint is only the
    benchmark's yardstick, and makes nothing a reader gets)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Chapter", metadata={"tags": ["report"]})]
    page = export_html(nb, ReportMeta(title="T"))
    assert "rendered with nbconvert (HTML) and Typst (PDF)" in page
    assert "WeasyPrint" not in page
