"""The tolls chapter's templates (report/templates/tolls): each value from analysis.tolls reaches the text, and
text from the data stays text (escaped in HTML, Markdown-escaped in Markdown)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import make_claim, make_evidence, make_source
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from kzreport.analysis import tolls
from kzreport.report import prose
from kzreport.report import tolls as tolls_text
from kzreport.report.tables import Col, table

HEALTH = "Kazakh Ministry of Health (via Sputnik)"
BTI = "Bertelsmann Stiftung (BTI)"
ALL_TYPES = ["official", "foreign_government", "intergovernmental", "ngo", "research", "media", "activist"]
SOURCES = [make_source("taz", "taz, die tageszeitung (Tigran Petrosyan)", "2022-01-09"),
           make_source("acc", "ACCORD – Austrian Centre (Austrian Red Cross)", "2024-04-26"),
           make_source("cri", "CrimethInc. (German edition)", "2022-01")]


def _evidence(**changes):
    """Hand-made claims; ``changes`` maps a claim id to the columns to change."""
    claims = [
        make_claim("taz-c001", "killed", "164", 164, claimant=HEALTH, claimant_type="official"),
        make_claim("taz-c002", "killed", "103", 103, claimant=HEALTH, claimant_type="official", location="Almaty"),
        make_claim("acc-c001", "killed", "238", 238, claimant="Kazakh Government", claimant_type="official",
                   reported_on="2022"),
        make_claim("acc-c002", "killed", "possibly up to 260", 260, qualifier="up_to", low=None,
                   claimant="Rights groups", reported_on="2024-04-23"),
        make_claim("acc-c003", "killed", "At least 238", 238, qualifier="at_least", high=None,
                   claimant="US State Department", claimant_type="foreign_government", reported_on="2023-11-30"),
        make_claim("cri-c001", "killed_and_injured", "in die Tausende", None, qualifier="at_least", low=2000,
                   high=None, claimant="CrimethInc.", claimant_type="activist", reported_on="2022-01-12"),
        make_claim("cri-c002", "killed", "Dutzende", None, qualifier="at_least", low=24, high=None,
                   claimant="CrimethInc.", claimant_type="activist", location="Zhanaozen", period_start="2011-12",
                   period_end="2011-12"),
        make_claim("taz-c003", "detained", "rund 5.800", 5800, qualifier="about", low=None, high=None,
                   claimant="Kazakh Government", claimant_type="official"),
        make_claim("acc-c004", "detained", "mehr als 10.000", 10000, qualifier="more_than", low=10001, high=None,
                   claimant=BTI, claimant_type="research", reported_on="2024-03-19"),
        make_claim("acc-c005", "detained", "over 10,000", 10000, qualifier="more_than", low=10001, high=None,
                   claimant=BTI, claimant_type="research", reported_on="2024-03-19"),
        make_claim("acc-c006", "detained", "hunderter", None, qualifier="at_least", low=200, high=None,
                   claimant="Freedom House", reported_on="2024"),
    ]
    for c in claims:
        c.update(changes.get(c["claim_id"], {}))
    return make_evidence(claims, sources=SOURCES)


EV = _evidence()
DOCUMENTS = tolls_text.document_names(EV.sources)


def _select(ev=EV, **kw) -> tolls.Selection:
    args = dict(metrics=["killed", "injured", "killed_and_injured", "detained"], reported_from="2022-01-01",
                reported_to="2024-12-31", period_from="2022-01-01", claimant_types=ALL_TYPES, curation=ev.curation)
    args.update(kw)
    return tolls.select_claims(ev.claims, **args)


def _claim(claim_id: str) -> pd.Series:
    return EV.claims[EV.claims["claim_id"] == claim_id].iloc[0]


# ------------------------------------------------------------------ one figure in words
@pytest.mark.parametrize(("claim_id", "text"), [
    ("taz-c001", "164"), ("acc-c002", "up to 260"), ("acc-c003", "at least 238"), ("taz-c003", "about 5,800"),
    ("acc-c004", "more than 10,000"),
])
def test_reading_keeps_the_qualifier(claim_id, text):
    assert tolls_text.reading(_claim(claim_id)) == text


def test_reading_of_a_range_and_of_almost():
    row = {"is_vague": False, "qualifier": "exact", "value": math.nan, "value_low": 2.0, "value_high": 7.5,
           "reported_on": "2023", "claimant_type": "ngo"}
    assert tolls_text.reading(row) == "2–7.5"
    assert tolls_text.reading(dict(row, qualifier="almost", value=10000.0, value_low=math.nan, value_high=9999.0)) \
        == "almost 10,000"


def test_document_name_is_the_producer_up_to_the_first_comma_dash_or_bracket():
    assert [tolls_text.document_name(s, EV.sources) for s in ("taz", "acc", "cri", "unknown")] == [
        "taz", "ACCORD", "CrimethInc.", "unknown"]


# ------------------------------------------------------------------ prose
def test_counts_text_official_versus_non_official():
    text = prose.render("tolls/counts.md.j2", c=tolls.counts(_select()))
    assert text.startswith("This chapter shows 10 claims from 3 documents (by metric: killed: 5 (3 official); "
                           "injured: 0 (0 official); killed and injured: 1 (0 official); detained: 4 (1 official)).")
    assert "4 were stated by Kazakh official claimants and 6 by non-official ones (1 foreign government, 2 NGO, " \
           "2 research, 1 activist)." in text
    assert "1 claim concerns single places (Almaty), not the country" in text
    assert "before 1 January 2022: 1 claim (<code>cri-c002</code>, “Dutzende” killed in Zhanaozen, about " in text
    assert prose.render("tolls/counts.md.j2", c=tolls.counts(_select(metrics=["injured"]))).strip() == \
        "No claim matches the parameters of this chapter."


def test_killed_text_names_claimants_documents_and_figures():
    text = prose.render("tolls/killed.md.j2", k=tolls.death_toll(_select()), documents=DOCUMENTS)
    official, others, words = text.strip().split("\n\n")
    assert official.startswith("The first nation-wide official toll in the selection is **164**, stated by "
                               f"{HEALTH} \\[Kazakh official\\] on 9 January 2022 and printed by taz "
                               "(<code>taz-c001</code>).")
    assert "The highest official figure is **238**, stated by Kazakh Government \\[Kazakh official\\] in 2022 " \
           "(no day given) and printed by ACCORD (<code>acc-c001</code>). That is 74 more deaths than the first toll " \
           "(45% higher)." in official
    assert "the official nation-wide figures are: **164** (9 January 2022, " in official
    assert "**238** (2022, Kazakh Government, <code>acc-c001</code>)." in official
    assert others.startswith("The highest figure from a non-official claimant is **up to 260** (“possibly up to 260”), "
                             "an upper bound: it says the toll may be as high as that, not that it was; stated by "
                             "Rights groups \\[NGO\\] on 23 April 2024 and printed by ACCORD (<code>acc-c002</code>).")
    assert "The highest non-official lower bound is **at least 238** (“At least 238”), from US State Department " \
           "\\[foreign government\\] on 30 November 2023" in others
    assert others.endswith("Across 4 nation-wide figures with a number, the printed numbers run from 164 to 260.")
    assert words.startswith("Activists and eyewitnesses give words, not numbers: “in die Tausende” "
                            "(killed and injured, Kazakhstan), stated by CrimethInc. \\[activist\\] on 12 January 2022")


def test_killed_text_follows_the_selection():
    def killed(**kw):
        return prose.render("tolls/killed.md.j2", k=tolls.death_toll(_select(**kw)), documents=DOCUMENTS)

    assert "No nation-wide official death toll is in the selection." in killed(claimant_types=["ngo", "activist"])
    assert killed(metrics=["detained"]).strip() == "The parameters leave out killed figures."
    single = killed(claimant_types=["official", "media"], reported_from="2022-01-09", reported_to="2022-01-09")
    assert "It is also the highest official figure in the selection." in single
    assert "No nation-wide figure from a non-official claimant is in the selection." in single
    assert "In the order they were stated" not in single  # one official figure is no sequence


def test_detention_sequence_in_order_with_duplicates_merged():
    text = prose.render("tolls/sequences.md.j2", sequences=[tolls.sequence(_select(), "detained")],
                        documents=DOCUMENTS)
    assert text.startswith("Detained, nation-wide, in the order the figures were stated: **about 5,800** "
                           "(“rund 5.800”) from Kazakh Government")
    assert "; then **more than 10,000** (“mehr als 10.000” / “over 10,000”) from Bertelsmann Stiftung (BTI) " \
           "\\[research\\] on 19 March 2024 and printed by ACCORD (<code>acc-c004</code>, <code>acc-c005</code>) " \
           "(the same figure in two passages of that document)." in text
    assert "The highest official figure is about 5,800 (Kazakh Government); the highest non-official one is " \
           "more than 10,000 (Bertelsmann Stiftung (BTI))." in text
    assert "hunderter" not in text


def test_sequences_of_words_only_and_of_nothing():
    text = prose.render("tolls/sequences.md.j2", sequences=[tolls.sequence(_select(), m) for m in
                                                            ("injured", "killed_and_injured")], documents=DOCUMENTS)
    injured, words = text.strip().split("\n\n")
    assert injured == "Injured: no nation-wide figure with a number is in the selection."
    assert words.endswith("1 claim gives a word instead (see the figures without a number below).")
    assert prose.render("tolls/sequences.md.j2", sequences=[], documents=DOCUMENTS).strip() == \
        "The parameters select no metric besides deaths."


def test_vague_text_lists_every_word_and_the_convention():
    text = prose.render("tolls/vague.md.j2", claims=tolls.vague_claims(_select()), floors=tolls.vague_floors(),
                        documents=DOCUMENTS)
    assert text.startswith("2 claims print a word instead of a number: “in die Tausende” (killed and injured, "
                           "Kazakhstan; read as at least 2,000) from CrimethInc. \\[activist\\]")
    assert "“hunderter” (detained, Kazakhstan; read as at least 200) from Freedom House \\[NGO\\] in 2024 " \
           "(no day given) and printed by ACCORD (<code>acc-c006</code>)" in text
    assert "(*Dutzende* at least 24, *Hunderte* at least 200, *Tausende* at least 2,000)" in text


def test_figure_caption_and_alt_text():
    sel = _select()
    caption = prose.render("tolls/figure_caption.html.j2", sel=sel, c=tolls.counts(sel),
                           parts=["1–31 January 2022", "February 2022 – December 2024"])
    assert caption.startswith("Killed, injured, killed and injured and detained figures stated 1 January 2022 – "
                              "31 December 2024 about events from 1 January 2022 on: 10 claims, 4 from Kazakh official")
    assert caption.endswith("Broken time axis: 1–31 January 2022 at a larger scale than February 2022 – December 2024.")
    assert "Broken" not in prose.render("tolls/figure_caption.html.j2", sel=sel, c=tolls.counts(sel), parts=["x"])
    alt = prose.render("tolls/figure_alt.html.j2", c=tolls.counts(sel), panels=tolls.panels(sel))
    assert "Killed: 5 claims; nation-wide numbers from 164 (Kazakh Ministry of Health (via Sputnik), 9 January 2022) " \
           "to up to 260 (Rights groups, 23 April 2024)." in alt
    assert "Injured: no claim." in alt
    assert "Detained: 4 claims; nation-wide numbers from about 5,800" in alt
    assert "words without a number: “hunderter”" in alt
    assert "<" not in alt and '"' not in alt  # it goes into an attribute


def test_claims_table_cells_trace_each_mark_to_its_quote():
    sel = _select()
    listed = tolls_text.claims_table(sel.claims, DOCUMENTS, sel.label).set_index(sel.claims["claim_id"])
    assert list(listed.columns) == ["claim", "claimant", "figure", "reading", "stated", "quote", "quote_en"]
    row = listed.loc["acc-c004"]
    assert [str(row[c]) for c in ("claim", "claimant", "figure", "reading", "stated")] == [
        "acc-c004 (ACCORD)", "Bertelsmann Stiftung (BTI) [research]", "Detained: mehr als 10.000",
        "more than; ≥ 10,001", "19 March 2024"]
    assert str(listed.loc["taz-c002", "stated"]) == "9 January 2022; Almaty"
    assert str(listed.loc["acc-c006", "reading"]) == "vague word, at least; ≥ 200"
    intro = prose.render("tolls/claims_table.md.j2", rows=len(listed), figure="3.1")
    assert intro.startswith("Every claim drawn in Figure 3.1 (10 rows), by metric and date stated.")
    assert prose.render("tolls/claims_table.md.j2", rows=0, figure="3.1").strip() == "No claim to list."


def test_values_from_the_data_are_escaped():
    ev = _evidence(**{"taz-c001": {"claimant": "<script>*x*</script>", "quote": "<b>quote</b>"}})
    sel = _select(ev, metrics=["killed"])
    text = prose.render("tolls/killed.md.j2", k=tolls.death_toll(sel), documents=DOCUMENTS)
    assert "<script>" not in text and "&lt;script&gt;\\*x\\*&lt;/script&gt;" in text
    listed = tolls_text.claims_table(sel.claims, DOCUMENTS, sel.label)
    html = table(listed, [Col(c, c) for c in listed.columns])
    assert "<script>" not in html and "&lt;script&gt;*x*&lt;/script&gt; [Kazakh official]" in html
    assert "<b>quote</b>" not in html and "&lt;b&gt;quote&lt;/b&gt;" in html


def test_claim_ids_read_as_code_in_the_report():
    """Markdown escapes the underscore of a claim id; inside <code> the report still shows the id as it is."""
    ev = _evidence(**{"taz-c001": {"claim_id": "taz_2022-c001"}})
    text = prose.render("tolls/killed.md.j2", k=tolls.death_toll(_select(ev)), documents=DOCUMENTS)
    assert "<code>taz_2022-c001</code>" in markdown2html_mistune(text)
