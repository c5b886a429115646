"""The tolls chapter's templates (report/templates/tolls): each value from analysis.tolls reaches the text, and
text from the data stays text (escaped in HTML, Markdown-escaped in Markdown). Claim ids hold an underscore,
which Markdown text escapes (``taz\\_2022-c003``); the report shows them as they are."""

from __future__ import annotations

import math

import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from kzreport.analysis import tolls
from kzreport.report import figures, prose
from kzreport.report import tolls as tolls_text
from kzreport.report.tables import Col, table
from tolls_sample import EV, HEALTH, claim, evidence, select

DOCUMENTS = figures.document_names(EV.sources)


def reading(claim) -> str:
    """The ``reading`` macro's text: a figure with a number in words, as the chapter's prose reads it."""
    return prose.plain(prose.macros(tolls_text.MACROS).reading(tolls.described(claim)))


def _code(claim_id: str) -> str:
    """A claim id as Markdown prose holds it: as code, its underscore escaped."""
    return "<code>" + claim_id.replace("_", "\\_") + "</code>"


# ------------------------------------------------------------------ one figure in words
@pytest.mark.parametrize(("claim_id", "text"), [
    ("taz_2022-c003", "164"), ("acc_2024-c067", "up to 260"), ("acc_2024-c062", "at least 238"),
    ("taz_2022-c006", "about 5,800"), ("ep_2022-c004", "almost 10,000"), ("acc_2024-c001", "more than 10,000"),
])
def test_reading_keeps_the_qualifier(claim_id, text):
    assert reading(claim(claim_id)) == text


def test_reading_of_a_range():
    row = {"is_vague": False, "qualifier": "exact", "value": math.nan, "value_low": 2.0, "value_high": 7.5,
           "reported_on": "2023", "claimant_type": "ngo"}
    assert reading(row) == "2–7.5"


def test_documents_are_named_as_the_source_lines_name_them():
    assert DOCUMENTS == {"taz_2022": "taz", "acc_2024": "ACCORD", "cri_2022": "CrimethInc.", "ep_2022": "European Parliament"}


# ------------------------------------------------------------------ prose
def test_counts_text_official_versus_non_official():
    text = prose.render("tolls/counts.md.j2", c=tolls.counts(select()))
    assert text.startswith("This chapter shows 12 claims from 4 documents (by metric: killed: 6 (4 official); "
                           "injured: 0 (0 official); killed and injured together: 1 (0 official); "
                           "detained: 5 (1 official)).")
    assert "5 were stated by Kazakh official claimants and 7 by non-official ones (1 foreign government, " \
           "1 intergovernmental, 2 NGO, 2 research, 1 activist)." in text
    assert "1 claim concerns single places (Almaty), not the country" in text
    assert f"before 1 January 2022: 1 claim ({_code('cri_2022-c009')}, “Dutzende” killed in Zhanaozen, " \
           "about December 2011)." in text
    assert prose.render("tolls/counts.md.j2", c=tolls.counts(select(metrics=["injured"]))).strip() == \
        "No claim matches the parameters of this chapter."


def test_killed_text_names_claimants_documents_and_figures():
    text = prose.render("tolls/killed.md.j2", k=tolls.death_toll(select()), documents=DOCUMENTS)
    official, others, words = text.strip().split("\n\n")
    assert official.startswith("The first nation-wide official toll in the selection is **164**, stated by "
                               f"{HEALTH} \\[Kazakh official\\] on 9 January 2022 and printed by taz "
                               f"({_code('taz_2022-c003')}).")
    assert "The highest official figure is **238**, stated by Kazakh Government \\[Kazakh official\\] in 2022 " \
           f"(no day given) and printed by ACCORD ({_code('acc_2024-c065')}). That is 74 more deaths than the first " \
           "toll (45% higher)." in official
    assert "the official nation-wide figures are: **at least 150** (“mindestens 150”, 5 January 2022, " \
           f"Kazakh Ministry of Internal Affairs, {_code('cri_2022-c005')}); **164** (9 January 2022, " in official
    assert official.endswith(f"**238** (2022, Kazakh Government, {_code('acc_2024-c065')}).")
    assert others.startswith("The highest figure from a non-official claimant is **up to 260** (“possibly up to 260”), "
                             "an upper bound: it says the toll may be as high as that, not that it was; stated by "
                             "Human rights organizations (unnamed) \\[NGO\\] on 23 April 2024 and printed by ACCORD")
    assert "The highest non-official lower bound is **at least 238** (“At least 238”), from US State Department " \
           "\\[foreign government\\] on 30 November 2023" in others
    assert others.endswith("Across 5 nation-wide figures with a number, the printed numbers run from 150 to 260.")
    assert words.startswith("Activists and eyewitnesses give words, not numbers: “höchstwahrscheinlich in die "
                            "Tausende” (killed and injured together, Kazakhstan), stated by CrimethInc. (eyewitness) "
                            "\\[activist\\] on 12 January 2022 and printed by CrimethInc.")


def test_killed_text_follows_the_selection():
    def killed(**kw):
        return prose.render("tolls/killed.md.j2", k=tolls.death_toll(select(**kw)), documents=DOCUMENTS)

    assert "No nation-wide official death toll is in the selection." in killed(claimant_types=["ngo", "activist"])
    assert killed(metrics=["detained"]).strip() == "The parameters leave out killed figures."
    single = killed(claimant_types=["official", "media"], reported_from="2022-01-09", reported_to="2022-01-09")
    assert "It is also the highest official figure in the selection." in single
    assert "No nation-wide figure from a non-official claimant is in the selection." in single
    assert "In the order they were stated" not in single  # one official figure is no sequence


def test_detention_sequence_in_order_with_duplicates_merged():
    text = prose.render("tolls/sequences.md.j2", sequences=[tolls.sequence(select(), "detained")],
                        documents=DOCUMENTS)
    assert text.startswith("Detained, nation-wide, in the order the figures were stated: **about 5,800** "
                           "(“rund 5.800”) from Kazakh Government")
    assert "; then **almost 10,000** (“fast 10 000”) from European Parliament \\[intergovernmental\\] on " \
           "20 January 2022 and printed by European Parliament" in text
    assert "; then **more than 10,000** (“mehr als 10.000” / “over 10,000”) from Bertelsmann Stiftung (BTI) " \
           f"\\[research\\] on 19 March 2024 and printed by ACCORD ({_code('acc_2024-c001')}, " \
           f"{_code('acc_2024-c035')}) (the same figure in two passages of that document)." in text
    assert "The highest official figure is about 5,800 (Kazakh Government); the highest non-official one is " \
           "more than 10,000 (Bertelsmann Stiftung (BTI))." in text
    assert "hunderter" not in text


def test_sequences_of_words_only_and_of_nothing():
    text = prose.render("tolls/sequences.md.j2", sequences=[tolls.sequence(select(), m) for m in
                                                            ("injured", "killed_and_injured")], documents=DOCUMENTS)
    injured, words = text.strip().split("\n\n")
    assert injured == "Injured: no nation-wide figure with a number is in the selection."
    assert words.endswith("1 claim gives a word instead (see the figures without a number below).")
    assert prose.render("tolls/sequences.md.j2", sequences=[], documents=DOCUMENTS).strip() == \
        "The parameters select no metric besides deaths."


def test_vague_text_lists_every_word_and_the_convention():
    text = prose.render("tolls/vague.md.j2", claims=tolls.vague_claims(select()), floors=tolls.vague_floors(),
                        documents=DOCUMENTS)
    assert text.startswith("2 claims print a word instead of a number: “höchstwahrscheinlich in die Tausende” "
                           "(killed and injured together, Kazakhstan; read as at least 2,000) from CrimethInc. "
                           "(eyewitness) \\[activist\\]")
    assert "“hunderter” (detained, Kazakhstan; read as at least 200) from Freedom House \\[NGO\\] in 2024 " \
           f"(no day given) and printed by ACCORD ({_code('acc_2024-c026')})" in text
    assert "(*Dutzende* at least 24, *Hunderte* at least 200, *Tausende* at least 2,000)" in text


def test_figure_caption_and_alt_text():
    sel = select()
    caption = prose.render("tolls/figure_caption.html.j2", sel=sel, c=tolls.counts(sel),
                           parts=["1–31 January 2022", "February 2022 – December 2024"])
    assert caption.startswith("Killed, injured, killed and injured together and detained figures stated 1 January "
                              "2022 – 31 December 2024 about events from 1 January 2022 on: 12 claims, 5 from Kazakh "
                              "official claimants.")
    assert caption.endswith("Broken time axis: 1–31 January 2022 at a larger scale than February 2022 – December 2024.")
    assert "Broken" not in prose.render("tolls/figure_caption.html.j2", sel=sel, c=tolls.counts(sel), parts=["x"])
    alt = prose.render("tolls/figure_alt.html.j2", c=tolls.counts(sel), panels=tolls.panels(sel))
    assert "Killed: 6 claims; nation-wide numbers from at least 150 (Kazakh Ministry of Internal Affairs, " \
           "5 January 2022) to up to 260 (Human rights organizations (unnamed), 23 April 2024)." in alt
    assert "Injured: no claim." in alt
    assert "Detained: 5 claims; nation-wide numbers from about 5,800" in alt and "to more than 10,000" in alt
    assert "words without a number: “hunderter”" in alt
    assert "<" not in alt and '"' not in alt  # it goes into an attribute


def test_claims_table_cells_trace_each_mark_to_its_quote():
    sel = select()
    listed = tolls_text.claims_table(sel.claims, DOCUMENTS, sel.label).set_index(sel.claims["claim_id"])
    assert list(listed.columns) == ["claim", "claimant", "figure", "reading", "stated", "quote", "quote_en"]
    row = listed.loc["acc_2024-c001"]
    assert [str(row[c]) for c in ("claim", "claimant", "figure", "reading", "stated")] == [
        "acc_2024-c001 (ACCORD)", "Bertelsmann Stiftung (BTI) [research]", "Detained: mehr als 10.000",
        "more than; ≥ 10,001", "19 March 2024"]
    assert row["quote"] == "Es waren mehr als 10.000."
    assert str(listed.loc["taz_2022-c004", "stated"]) == "8 January 2022; Almaty"
    assert [str(listed.loc["acc_2024-c026", c]) for c in ("reading", "stated")] == ["vague word, at least; ≥ 200",
                                                                                    "2024"]
    intro = prose.render("tolls/claims_table.md.j2", rows=len(listed), figure="3.1")
    assert intro.startswith("Every claim drawn in Figure 3.1 (12 rows), by metric and date stated.")
    assert prose.render("tolls/claims_table.md.j2", rows=0, figure="3.1").strip() == "No claim to list."


def test_values_from_the_data_are_escaped():
    sel = select(evidence(**{"taz_2022-c003": {"claimant": "<script>*x*</script>", "quote": "<b>quote</b>"}}),
                 metrics=["killed"])
    text = prose.render("tolls/killed.md.j2", k=tolls.death_toll(sel), documents=DOCUMENTS)
    assert "<script>" not in text and "&lt;script&gt;\\*x\\*&lt;/script&gt;" in text
    listed = tolls_text.claims_table(sel.claims, DOCUMENTS, sel.label)
    html = table(listed, [Col(c, c) for c in listed.columns])
    assert "<script>" not in html and "&lt;script&gt;*x*&lt;/script&gt; [Kazakh official]" in html
    assert "<b>quote</b>" not in html and "&lt;b&gt;quote&lt;/b&gt;" in html


def test_claim_ids_read_as_code_in_the_report():
    """Markdown escapes the underscore of a claim id; inside <code> the report still shows the id as it is."""
    text = prose.render("tolls/killed.md.j2", k=tolls.death_toll(select()), documents=DOCUMENTS)
    assert "<code>taz_2022-c003</code>" in markdown2html_mistune(text)
