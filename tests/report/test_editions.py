"""Editions: one set of templates rendered in each language, the edition chosen where a cell runs."""

from __future__ import annotations

import nbformat
import pytest

from kzreport.build import pipeline
from kzreport.build.render import ReportMeta, cell_edition, edition_cells, edition_file
from kzreport.report import figures, i18n, prose


def test_a_template_renders_in_the_edition_in_use_even_after_another():
    caption = "tolls/low_high_caption.html.j2"
    english = str(prose.render(caption, nationwide=True))
    with i18n.use("de"):
        german = str(prose.render(caption, nationwide=True))
    assert english.startswith("Nation-wide figures") and german != english
    assert str(prose.render(caption, nationwide=True)) == english  # back to English after the block


def test_an_unknown_language_is_refused_with_the_ones_there_are():
    with pytest.raises(ValueError, match="editions in en, de"), i18n.use("fr"):
        pass


def test_data_text_inside_a_trans_block_is_escaped_as_in_a_markdown_template():
    env = prose.environment("md", "en")
    out = env.from_string("{% trans who=x %}Said by {{ who }}{% endtrans %} {{ x }}").render(x="a*b<c>")
    assert out == r"Said by a\*b&lt;c&gt; a\*b&lt;c&gt;"


def test_numbers_and_dates_in_a_template_follow_the_edition():
    env = prose.environment("html", "de")
    out = env.from_string('{{ 12345|num }} {{ 0.717|pct }} {{ "2024-04-26"|date }} {{ 5|qualified("at_least") }}').render()
    assert out == "12.345 71,7\u00a0% 26. April 2024 mindestens 5"


def test_localized_reads_the_german_column_in_the_german_edition():
    row = {"title": "Court extends detention", "title_de": "Gericht verlängert Haft"}
    assert prose.localized(row, "title") == "Court extends detention"
    with i18n.use("de"):
        assert prose.localized(row, "title") == "Gericht verlängert Haft"
        assert prose.localized({"title": "Only English"}, "title") == "Only English"


def test_document_names_follow_the_edition():
    import pandas as pd

    names = figures.document_names(pd.DataFrame({"source_id": ["europarl_2022", "taz_2022"],
                                                 "producer": ["European Parliament", "taz, die tageszeitung"],
                                                 "producer_de": ["Europäisches Parlament", ""]}))
    assert names["europarl_2022"] == "European Parliament" and names["taz_2022"] == "taz"
    with i18n.use("de"):
        assert names["europarl_2022"] == "Europäisches Parlament" and names["taz_2022"] == "taz"


# ------------------------------------------------------------------ the build's twins and the editions' cells
def _notebook(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("## The dead"), nbformat.v4.new_code_cell("x = 1"),
                nbformat.v4.new_code_cell("prose.markdown('a.md.j2')"), nbformat.v4.new_markdown_cell("## Later")]
    nb.cells[0].metadata["tags"] = ["report"]
    nb.cells[2].metadata["tags"] = ["report"]
    nb.cells[3].metadata["tags"] = ["report"]
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    return path


def test_each_report_code_cell_gets_one_twin_per_further_language(tmp_path):
    nb = pipeline.with_twins(_notebook(tmp_path), ["en", "de"])
    sources = [c.source for c in nb.cells]
    assert len(nb.cells) == 5 and sources[3].startswith("import kzreport.report.i18n")
    twin = nb.cells[3]
    assert twin.metadata["kzreport"]["edition"] == "de" and twin.metadata["tags"] == ["report"]
    assert "run_cell('de', \"prose.markdown('a.md.j2')\")" in twin.source
    assert len(pipeline.with_twins(_notebook(tmp_path), ["en"]).cells) == 4  # English only: no twin


def test_an_edition_keeps_its_own_code_cells_and_every_markdown_cell(tmp_path):
    nb = pipeline.with_twins(_notebook(tmp_path), ["en", "de"])
    cells = nb.cells
    assert [cell_edition(c) for c in cells] == [None, "en", "en", "de", None]
    english, german = edition_cells(cells, "en"), edition_cells(cells, "de")
    assert [c.source for c in english] == [cells[0].source, cells[1].source, cells[2].source, cells[4].source]
    assert len(german) == 3 and german[1] is cells[3]  # the analyst's cell (x = 1) ran in English only
    assert german[0].source == "## Getötete" and cells[0].source == "## The dead"  # translated, not changed


def test_edition_files_and_the_german_title_page():
    assert edition_file("report.html", "en") == "report.html" and edition_file("report.pdf", "de") == "report.de.pdf"
    report = {"title": "Bloody January", "subtitle": "Who was killed", "de": {"title": "Blutiger Januar"}}
    de = ReportMeta.from_params(report, "de")
    assert (de.title, de.subtitle, de.language, de.report_file) == ("Blutiger Januar", "Who was killed", "de",
                                                                    "report.de.html")
    assert ReportMeta.from_params(report).title == "Bloody January"
    with pytest.raises(ValueError, match="de: expected a mapping"):
        ReportMeta.from_params({"title": "x", "de": {"colour": "red"}}, "de")


def test_a_failing_twin_is_named_by_the_cell_it_runs_again():
    twin = pipeline.TWIN_SOURCE.format(lang="de", source="# the figure\nfigures.save_figure(fig)")
    assert pipeline._first_line(twin) == "de edition of: figures.save_figure(fig)"
    assert pipeline._first_line("# a comment\nx = 1") == "x = 1"


def test_a_quote_inside_a_german_quote_gets_half_quotes():
    assert prose.nested("wegen „Beleidigung“ angeklagt") == "wegen ‚Beleidigung‘ angeklagt"
    assert prose.nested("ohne Zitat“") == "ohne Zitat“"  # no opening mark: nothing nested


def test_a_link_to_another_page_of_the_report_stays_in_its_edition():
    from kzreport.build.render import edition_links

    page = ('<a href="report.html">r</a> <a class="x" href="evidence-checks.html#sec-a">e</a> '
            '<a href="report.html" hreflang="en" lang="en">English</a> <a href="data/x.csv">d</a>')
    pages = ("report.html", "evidence-checks.html")
    assert edition_links(page, "de", pages) == (
        '<a href="report.de.html">r</a> <a class="x" href="evidence-checks.de.html#sec-a">e</a> '
        '<a href="report.html" hreflang="en" lang="en">English</a> <a href="data/x.csv">d</a>')
    assert edition_links(page, "en", pages) == page
