"""report.prose: templates are autoescaped (HTML) and Markdown-safe; each value reaches the text."""

from __future__ import annotations

from kzreport.report import prose
from kzreport.report.figures import source_line


def test_text_from_the_data_cannot_become_markup_in_markdown():
    env = prose.environment("md")
    out = env.from_string("Claimant: {{ c }}.").render(c="<script>x</script> *bold* [link](http://x) a_b")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert r"\*bold\*" in out and r"\[link\]" in out and r"a\_b" in out


def test_html_templates_escape_once_and_nest():
    inner = prose.environment("html").from_string("<b>{{ v }}</b>").render(v="a & b")
    assert inner == "<b>a &amp; b</b>"
    block = prose.render("figure_source.html.j2", docs=[{"producer": "A & B", "date": "2022-01-09", "id": "x_1"}])
    assert str(block) == "Source: A &amp; B (9 January 2022)."
    outer = prose.environment("html").from_string("<p>{{ s }}</p>").render(s=block)
    assert outer == "<p>Source: A &amp; B (9 January 2022).</p>", "a rendered block must not be escaped twice"


def test_markdown_display_object(tmp_path):
    shown = prose.markdown("evidence/sources.md.j2", n=5)
    bundle = shown._repr_mimebundle_()
    assert bundle["text/markdown"].strip() == "5 documents, each checked against its SHA-256 checksum on every build."


def test_source_line_names_each_document_once():
    import pandas as pd

    sources = pd.DataFrame({"source_id": ["taz_2022", "accord_2024"],
                            "producer": ["taz (die tageszeitung)", "ACCORD – Austrian Centre, Red Cross"],
                            "date_published": ["2022-01-09", "2024-04-26"]})
    assert str(source_line(["taz_2022", "taz_2022"], sources)) == "Source: taz (9 January 2022)."
    two = str(source_line(["taz_2022", "accord_2024"], sources))
    assert two == "Sources: taz (9 January 2022); ACCORD (26 April 2024)."


def test_listed_joins_caller_rendered_items_with_babel_escaping_each_once():
    source = '{% import "_macros.j2" as m %}{% call(x) m.listed(v, style) %}{{ x[1]|num }} {{ x[0] }}{% endcall %}'
    rows = [("<b>", 5000), ("it's_", 1)]
    md = prose.environment("md").from_string(source).render(v=rows, style="standard")
    assert md == r"5,000 &lt;b&gt; and 1 it&#39;s\_"
    html = prose.environment("html").from_string(source).render(v=rows + [("c", 2)], style="or")
    assert html == "5,000 &lt;b&gt;, 1 it&#39;s_ or 2 c"
    assert prose.environment("html").from_string(source).render(v=[], style="standard") == ""


def test_a_chapters_macros_escape_once_and_read_as_plain_text_on_a_chart():
    m = prose.macros("tolls/_macros.j2")
    cell = m.mark_label("A & B <i>", ["164"], "", "")  # a chart label (the table cells it was tested on are gone)
    assert str(cell) == "A &amp; B &lt;i&gt;: 164"
    assert prose.plain(cell) == "A & B <i>: 164" and prose.plain(" x \n") == "x"
