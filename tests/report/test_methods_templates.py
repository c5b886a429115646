"""report/templates/methods: each value reaches the text, text from the data is escaped, ids link to the registers."""

from __future__ import annotations

import dataclasses

import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from kzreport.analysis import methods as am
from kzreport.analysis.evidence_checks import Overview
from kzreport.evidence import parse, quotes
from kzreport.evidence.vocab import JUDGEMENTS
from kzreport.report import prose


def md(template: str, **values) -> str:
    return prose.render(f"methods/{template}.md.j2", **values)


def html(template: str, **values) -> str:
    return str(prose.render(f"methods/{template}.html.j2", **values))


def macros():
    return prose.macros("methods/_macros.j2")


# ---------------------------------------------------------------------------- the words for the vocabularies
@pytest.mark.parametrize("step", ["verbatim", *quotes.STEPS])
def test_every_normalisation_step_is_described(step):
    assert str(macros().step(step)).strip()


@pytest.mark.parametrize("qualifier", parse.QUALIFIERS)
def test_every_qualifier_is_described(qualifier):
    m = macros()
    assert str(m.qualifier_words(qualifier)).strip() and str(m.qualifier_bounds(qualifier, 1)).strip()


def test_judgement_descriptions_come_from_the_vocabulary():
    m = macros()
    assert str(m.judgement("part", JUDGEMENTS)) == JUDGEMENTS["part"]
    assert "the curators read it by hand" in str(m.judgement(am.BY_HAND, JUDGEMENTS))


def test_claim_ids_link_to_register_rows_whatever_their_shape():
    ids = macros().ids
    # bench/make_synthetic.py ids end in -s001: the link kind comes from the caller, not from the id's shape.
    out = markdown2html_mistune("x" + str(ids(["acc_2024-c001", "acc_2024-c001-s003"], True)))
    assert 'href="#claim-acc_2024-c001"' in out and 'href="#claim-acc_2024-c001-s003"' in out
    assert ">acc_2024-c001<" in out and "\\" not in out  # Markdown escapes of the ids do not show
    assert 'href="#event-acc_2024-e001"' in markdown2html_mistune("x" + str(ids(["acc_2024-e001"], True, kind="event")))
    assert str(ids(["a-c001"], False)) == "" and str(ids([], True)) == ""
    capped = str(ids(["a-c001", "a-c002", "a-c003"], True, limit=2))
    assert capped.endswith(", and 1 more)") and "a-c003" not in capped


# ---------------------------------------------------------------------------- sections
def test_intro_documents_and_claims():
    o = Overview(claims=1203, documents=5, claimants=9, by_type=(), metrics=7, core_claims=3, events=171,
                 first_event="2011", last_event="2024", official_claims=2, documents_printing_official=1)
    assert "The evidence is 1,203 claims and 171 dated events from five documents." in md("intro", o=o)
    d = am.Documents(documents=4, languages=(("de", 3), ("xx", 1)), kinds=(("NGO", 3), ("media", 1)))
    # the producers' kinds are said once, under "One-sided sources"; the languages under "Translations"
    assert md("documents", d=d).startswith("The evidence comes from four documents. Each is a plain-text extraction")
    c = am.ClaimsSummary(claims=12, own=1, relayed=11, relayed_claimants=7, metrics=9, core=8)
    text = md("claims", c=c)
    assert "12 claims in all" in text
    assert "1 claim is stated by the document's own producer; the other 11 are relayed from 7 other claimants" in text


def test_bounds():
    b = am.Bounds(by_qualifier=(("exact", 8), ("at_least", 2), ("more_than", 1), ("about", 1)),
                  more_than=am.Example("taz_2022-c003", "Mehr als 2.200", 2200.0, 2201.0, None), vague=2,
                  vague_examples=(("dozens", 24.0), ("Tausende", 2000.0)), ranges=("acc_2024-c007",),
                  by_hand=(("ngo_2022-c001", "verdoppelte"),), step=1)
    text = md("bounds", b=b, list_ids=True)
    assert "8 claims give an exact number, 2 “at least”, 1 “more than” and 1 “about”." in text and "By qualifier" not in text
    assert "insgesamt*, in total" in text
    assert r"[*Mehr als 2.200*](#claim-taz\_2022-c003) (more than 2,200) is read as ≥ 2,201, not as 2,200" in text
    assert "(“dozens” ≥ 24 and thousands („Tausende“) ≥ 2,000)" in text  # German in English first; English as printed
    assert "2 claims print no number at all" in text and "1 claim prints a range and gets its two ends" in text
    assert "1 figure cannot be read by the parser („verdoppelte“)" in text
    assert r"(#claim-ngo\_2022-c001)" in text and r"(#claim-acc\_2024-c007)" in text
    short = md("bounds", b=b, list_ids=False)
    assert "#claim-ngo" not in short and "cannot be read by the parser („verdoppelte“)" in short
    none = am.Bounds((("exact", 3),), None, 0, (), (), (), 1)
    text = md("bounds", b=none, list_ids=True)
    assert "Qualifiers are never rounded away. " in text and "0 figures cannot be read by the parser. " in text


def test_qualifier_and_vague_tables():
    rows = [{"qualifier": "more_than", "claims": 1, "vague": 0, "example_id": "taz_2022-c003",
             "example_text": "Mehr als <2.200>", "example_low": 2201.0, "example_high": float("nan")},
            {"qualifier": "almost", "claims": 0, "vague": 0, "example_id": "", "example_text": "",
             "example_low": float("nan"), "example_high": float("nan")}]
    table = html("qualifiers", rows=rows, step=1)
    assert "„Mehr als &lt;2.200&gt;“ → ≥ 2,201 (taz_2022-c003)" in table
    assert "lower bound = the value + 1 for whole numbers" in table and "upper bound = the value − 1" in table
    assert "<td></td></tr>" in table  # no example: an empty cell
    vague = [{"value_low": 24.0, "forms": ["dozens", "Dutzende"], "claims": 2, "claim_ids": ["a-c001", "b-c002"]}]
    t = html("vague", rows=vague, list_ids=True)
    assert "<td>≥ 24</td><td>„dozens“, „Dutzende“</td><td>2</td><td>a-c001, b-c002</td>" in t and "Claim ids" in t
    assert "Claim ids" not in html("vague", rows=vague, list_ids=False)


def test_quotes():
    q = am.QuoteChecks(quotes=16, verbatim=12, share_verbatim=0.75,
                       combinations=((("pipes", "whitespace"), 2), (("whitespace",), 2)),
                       steps=("pipes", "whitespace", "gender"), unused=("hyphenation", "footnotes", "gender"))
    text = md("quotes", q=q)
    assert "12 of 16 quotes are found exactly as typed" in text and "never in a word or a number" in text
    assert "[Evidence checks](evidence-checks.html)" in text  # the steps and the quotes that needed them
    steps = html("quote_steps", rows=[{"step": "pipes", "claims": 1, "events": 1234}])
    assert "<td>pipes</td><td>the taz article's table framing" in steps and "<td>1,234</td>" in steps
    footnotes = html("quote_steps", rows=[{"step": "footnotes", "claims": 0, "events": 0, "examples": ("x1", "<y>")}])
    assert "footnote markers glued to a word („x1“, „&lt;y&gt;“) are removed" in footnotes


def test_dates():
    d = am.Dates(claim_precision=(("day", 7), ("month", 4)), event_precision=(("day", 2), ("year", 1)), with_period=1,
                 weekday_claims=("taz_2022-c001",), events=4, checked=2, hand=2, hand_weekday=1, hand_relative=1)
    text = md("dates", d=d, list_ids=True)
    assert "stated: 7 to the day and 4 to the month." in text and "Dated 2 to the day and 1 to the year." in text
    assert "2 of 4 events were checked this way. The other 2, printed as a weekday (1) or as a relative date" in text
    assert "„am nächsten Morgen“, the next morning (1), were resolved by hand" in text
    assert "a document's publication date is not shown as the date a figure was stated" in text
    assert r"1 claim takes its date from a printed weekday („am Sonntag“, on Sunday), resolved against the document's date ([taz\_2022-c001](#claim-taz\_2022-c001))." in text
    assert "1 claim also records the period" in text
    assert "`2022-01-09` when the day is printed, `2022-01` when only the month is, `2022` when only" in text
    assert "English dates such as „June 7“" in text
    other = md("dates", d=dataclasses.replace(d, iso_examples=("2024-04-23", "2024-04", "2024"), english_example="May 1"),
               list_ids=False)
    assert "`2024-04-23` when the day is printed" in other and "„May 1“" in other


def test_one_sided_escapes_claimants_and_names_the_relays():
    v = am.Voices(claims=12, by_type=(("intergovernmental", 3), ("Kazakh official", 2)), official_documents=0,
                  official_claims=2, official_claimants=("<script>alert(1)</script>", "Ministry"),
                  official_printed_in=(("Watch <NGO>", 1), ("taz", 1)), relayed=10)
    d = am.Documents(3, (("de", 3),), (("media", 1), ("NGO", 1), ("research", 1)))
    text = md("one_sided", v=v, d=d)
    assert "<script>" not in text and "<NGO>" not in text and "The state claimants" not in text
    assert "The largest group of claims (3) comes from intergovernmental claimants and 2 from Kazakh official claimants." in text
    assert "they are 1 media, 1 NGO and 1 research, and none of them is published by a Kazakh state body" in text
    assert ("the 2 official claims from 2 state claimants reach us second-hand, printed in 2 documents by others: "
            "1 claim in Watch &lt;NGO&gt; and 1 in taz.") in text
    assert "10 of 12 claims in all" in text
    one = md("one_sided", v=am.Voices(3, (), 1, 0, (), (), 0), d=d)
    assert "and 1 is published by a Kazakh state body" in one and "The state claimants" not in one


def test_translations():
    t = am.Translations(documents=3, languages=("de",), english_claims=3, english_events=1, english_in=("ACC",),
                        german_relayed=7, differing=(("acc_2024-c003", "20.000", "acc_2024-c004", "ε20,000"),))
    text = md("translations", t=t)
    assert text.startswith("All three documents are in German.")
    assert "3 claims and 1 event quote passages that are printed in English (all in ACC);" in text
    assert "7 German quotes relay another body's figure" in text
    assert r"differ in 1 pair: [„20.000“](#claim-acc\_2024-c003) and [„ε20,000“](#claim-acc\_2024-c004)." in text
    assert "The mark „ε“ in the English original is its source's convention for an estimate, which the document does not explain; the German summary drops it" in text
    two = md("translations", t=am.Translations(2, ("de", "en"), 0, 0, (), 1, ()))
    assert two.startswith("2 documents are in German and English.") and "Translation can change" not in two
    assert "printed in English;" in two and "1 German quote relays" in two




def test_undated():
    u = am.Undated(claims=12, coarse=5, month=4, year=1, coarse_by_document=(("acc_2024", 3), ("ngo_2022", 2)),
                   date_assumed=("acc_2024-c007",), open_period=11, events=4, events_coarse=2)
    teaser = {"claim_id": "taz_2022-c011", "figure": 225.0, "source_id": "taz_2022", "published": "2022-01-09"}
    text = md("undated", u=u, list_ids=True, documents={"acc_2024": "ACCORD", "taz_2022": "taz"}, teasers=[teaser])
    assert "5 claims of 12 are dated only to a month or a year (4 to the month, 1 to the year)." in text
    assert r"For 1 claim the note says" in text and r"(#claim-acc\_2024-c007)" in text
    assert "may have been stated before that date" in text and "11 claims do not say what period" in text
    assert (r"The [225](#claim-taz\_2022-c011) dead that taz prints is the opposite case: it is the headline of a related "
            "article listed below the one of 9 January 2022, so it was probably stated later, not on that date: it corrects "
            "the toll upward, but the list also holds earlier articles, and the document gives the teaser no date.") in text
    assert "opposite case" not in md("undated", u=u, list_ids=False, documents={}, teasers=[])
