"""The tolls chapter's templates (report/templates/tolls): each value from analysis.tolls reaches the text, and
text from the data stays text (escaped in HTML, Markdown-escaped in Markdown). Claim ids hold an underscore,
which Markdown text escapes (``taz\\_2022-c003``); the report shows them as they are."""

from __future__ import annotations

import math

import pytest

from kzreport.analysis import tolls
from kzreport.report import figures, prose
from kzreport.report import tolls as tolls_text
from tolls_sample import EV, claim, select

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
def test_figure_caption_and_alt_text():
    sel = select()
    caption = prose.render("tolls/figure_caption.html.j2", sel=sel, c=tolls.counts(sel),
                           parts=["1–31 January 2022", "February 2022 – December 2024"])
    assert caption.startswith("Killed, injured, killed and injured together and detained figures stated 1 January "
                              "2022 – 31 December 2024 about events from 1 January 2022 on: 12 claims, 5 from Kazakh "
                              "official claimants.")
    assert caption.endswith("Broken time axis: 1–31 January 2022 at a larger scale than February 2022 – December 2024.")
    assert "Broken" not in prose.render("tolls/figure_caption.html.j2", sel=sel, c=tolls.counts(sel), parts=["x"])
    assert "paraphrase" not in caption
    # an official figure known only from a third party's paraphrase is said to be one
    said = sel.claims.assign(judgements=sel.claims["claim_id"].map({"cri_2022-c005": "date_assumed;paraphrase"}).fillna(""))
    c = tolls.counts(tolls.Selection(**{**sel.__dict__, "claims": said}))
    assert [r["claim_id"] for r in c.official_paraphrased] == ["cri_2022-c005"]
    caption = prose.render("tolls/figure_caption.html.j2", sel=sel, c=c, parts=["x"])
    assert ("5 from Kazakh official claimants (among them “mindestens 150” from Kazakh Ministry of Internal Affairs: "
            "a paraphrase that names no authority, date or number).") in caption
    alt = prose.render("tolls/figure_alt.html.j2", c=tolls.counts(sel), panels=tolls.panels(sel))
    assert "Killed: 6 claims; nation-wide numbers from at least 150 (Kazakh Ministry of Internal Affairs, " \
           "5 January 2022) to up to 260 (unnamed human rights organisations, as reported by the US State Department, 23 April 2024)." in alt
    assert "Injured: no claim." in alt
    assert "Detained: 5 claims; nation-wide numbers from about 5,800" in alt and "to more than 10,000" in alt
    assert "words without a number: “hunderter”" in alt
    assert "<" not in alt and '"' not in alt  # it goes into an attribute


