import nbformat
import pytest

from kzreport.render import ReportMeta, add_toc, export_html, slugify


def _page(body: str) -> str:
    return f'<html><head></head><body><nav><!-- kzreport:toc --></nav><main>{body}</main></body></html>'


def test_toc_links_every_heading_with_unique_ids():
    page, entries = add_toc(_page("<h1>Casualties</h1><h2>Sources</h2><h1>Accountability</h1><h2>Sources</h2>"))
    assert [e.anchor for e in entries] == ["sec-casualties", "sec-sources", "sec-accountability", "sec-sources-2"]
    assert '<h2 id="sec-sources-2">Sources</h2>' in page
    nav = page.split("<main>")[0]
    for e in entries:
        assert f'href="#{e.anchor}"' in nav
    # Nested: the h2 sits inside the h1's list item.
    assert nav.count("<ol>") == 3


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
    nb.cells = [nbformat.v4.new_markdown_cell("# Chapter"), params, code]
    page = export_html(nb, ReportMeta(title="A <b>title</b>"))
    assert "secret_code" not in page and "debug print" not in page and "param output" not in page
    assert "<p>shown html</p>" in page
    assert 'id="sec-computed-heading"' in page and 'href="#sec-computed-heading"' in page
    assert "<title>A &lt;b&gt;title&lt;/b&gt;</title>" in page
    assert "<script" not in page.lower()
