"""analysis.methods: the counts and selections behind each section of the methods chapter, on hand-made evidence."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import make_claim, make_event, make_evidence, make_source
from kzreport.analysis import methods as am
from kzreport.evidence import parse, quotes

MOH = "Kazakh Ministry of Health, as reported by Sputnik"
CAT = "UN Committee against Torture"


def evidence():
    sources = [
        make_source("taz_2022", "taz, die tageszeitung (Tigran Petrosyan)", kind="media"),
        make_source("acc_2024", "ACC – Research Centre (Red Cross)", "2024-04", "research"),
        make_source("ngo_2022", "Watch <NGO>", "2022-03", "ngo"),
    ]
    claims = [
        make_claim("taz_2022-c001", claimant=MOH, claimant_type="official", quote_match="pipes;whitespace",
                   note='"Am Sonntag" = 2022-01-09', judgements="weekday_date"),
        make_claim("taz_2022-c002", "csto_troops", "2.700", 2700.0, claimant="taz", claimant_type="media",
                   quote_match="whitespace"),
        make_claim("taz_2022-c003", "injured", "Mehr als 2.200", 2200.0, qualifier="more_than", low=2201.0, high=None,
                   claimant="taz", claimant_type="media", note="attribution carried over from the previous sentence",
                   judgements="attribution"),
        make_claim("acc_2024-c001", "torture_cases", "329", 329.0, claimant=CAT, claimant_type="intergovernmental",
                   reported_on="2023-06-08", note="cases concerning torture"),
        make_claim("acc_2024-c002", "torture_cases_closed", "236", 236.0, claimant=CAT,
                   claimant_type="intergovernmental", reported_on="2023-06-08", note="not limited to January 2022"),
        make_claim("acc_2024-c003", "guard", "20.000", 20000.0, claimant="IISS", claimant_type="research",
                   reported_on="2023-02", note="English original marks it as estimate"),
        make_claim("acc_2024-c004", "guard", "ε20,000", None, qualifier="about", low=None, high=None, vague=False,
                   claimant="IISS", claimant_type="research", reported_on="2023-02", quote="ε20,000",
                   quote_en="ε20,000", note="same figure as acc_2024-c003", same_as="acc_2024-c003"),
        make_claim("acc_2024-c005", "torture_cases", "329", 329.0, claimant=CAT, claimant_type="intergovernmental",
                   reported_on="2023-06-08", quote="329 cases", quote_en="329 cases",
                   note="same figure as acc_2024-c001", same_as="acc_2024-c001"),
        make_claim("acc_2024-c006", "killed", "dozens", None, qualifier="at_least", low=24.0, high=None,
                   claimant="HRW", reported_on="2024", quote="dozens", quote_en="dozens",
                   note="NOT the January 2022 unrest", judgements="outside_january"),
        make_claim("acc_2024-c007", "sentence_length_years", "zwei bis siebeneinhalb Jahren", None, low=2.0, high=7.5,
                   vague=False, claimant="US State Department", claimant_type="foreign_government",
                   reported_on="2024-04-23", note="statement date not given; document date used",
                   judgements="date_assumed;no_prison"),
        make_claim("ngo_2022-c001", "gas_price_increase_factor", "verdoppelte", 2.0, claimant="Watch",
                   reported_on="2022-03", period_start="2022-01-01", note="subset of the 230 (x); price doubling",
                   judgements="part"),
        make_claim("ngo_2022-c002", "detained", "Tausende", None, qualifier="at_least", low=2000.0, high=None,
                   claimant="<script>alert(1)</script>", claimant_type="official", reported_on="2022-03"),
    ]
    events = [
        make_event("taz_2022-e001", "2022-01-09", "Am Sonntag", checked=False, quote_match="pipes;whitespace"),
        make_event("taz_2022-e002", "2022-01-03", "Am nächsten Morgen", checked=False),
        make_event("acc_2024-e001", "2023-06", "June 2023", quote="June 2023", quote_en="June 2023"),
        make_event("acc_2024-e002", "2011", quote_match="whitespace"),
    ]
    return make_evidence(claims, events, sources)


def producers(ev) -> pd.Series:
    from kzreport.report.figures import short_producer

    return ev.sources.set_index("source_id")["producer"].map(short_producer)


@pytest.fixture
def ev():
    return evidence()


# ---------------------------------------------------------------------------- readings of one value
def test_steps_and_precision():
    assert am.steps_of("pipes;whitespace") == ["pipes", "whitespace"]
    assert am.steps_of("verbatim") == [] and am.steps_of("") == []
    assert [am.precision_of(d) for d in ("2022-01-09", "2022-01", "2022")] == ["day", "month", "year"]


def test_readable_follows_the_parser():
    assert am.readable("mehr als 2.200") and am.readable("Dutzende")
    assert not am.readable("verdoppelte")


def test_own_voice_compares_claimant_with_the_producers_short_name(ev):
    own = am.own_voice(ev.claims, producers(ev))
    assert list(ev.claims.loc[own, "claim_id"]) == ["taz_2022-c002", "taz_2022-c003"]


# ---------------------------------------------------------------------------- the documents and the claims
def test_documents(ev):
    d = am.documents(ev.sources)
    assert d.documents == 3 and d.languages == (("de", 3),)
    assert d.kinds == (("media", 1), ("NGO", 1), ("research", 1))
    t = am.documents_table(ev, producers(ev))
    assert list(t["source_id"]) == ["taz_2022", "acc_2024", "ngo_2022"]
    assert list(t["producer"]) == ["taz", "ACC", "Watch <NGO>"]
    assert list(t["claims"]) == [3, 7, 2] and list(t["events"]) == [2, 2, 0]
    assert list(t["published"]) == ["2022-01-09", "2024-04", "2022-03"]


def test_claims_summary_and_claimant_types(ev):
    c = am.claims_summary(ev.claims, producers(ev))
    assert (c.claims, c.own, c.relayed, c.relayed_claimants) == (12, 2, 10, 7)
    assert c.metrics == 9 and c.core == 8
    t = am.claimant_types_table(ev.claims)
    assert list(t["claimant_type"]) == ["official", "foreign_government", "intergovernmental", "ngo", "research", "media"]
    assert list(t["claims"]) == [2, 1, 3, 2, 2, 2]
    assert list(t["documents"]) == [2, 1, 1, 2, 1, 1]
    assert list(t["claimants"]) == [2, 1, 1, 2, 1, 1]


# ---------------------------------------------------------------------------- values and bounds
def test_qualifier_table(ev):
    t = am.qualifier_table(ev.claims).set_index("qualifier")
    assert list(t.index) == ["exact", "at_least", "more_than", "about", "almost", "up_to"]
    assert t["claims"].to_dict() == {"exact": 8, "at_least": 2, "more_than": 1, "about": 1, "almost": 0, "up_to": 0}
    assert t.loc["at_least", "vague"] == 2 and t.loc["at_least", "example_id"] == ""  # vague ones are no example
    ex = t.loc["more_than"]
    assert (ex["example_id"], ex["example_text"], ex["example_low"]) == ("taz_2022-c003", "Mehr als 2.200", 2201.0)
    assert pd.isna(ex["example_high"])


def test_vague_table(ev):
    t = am.vague_table(ev.claims)
    assert list(t["value_low"]) == [24.0, 2000.0]
    assert list(t["forms"]) == [["dozens"], ["Tausende"]]
    assert list(t["claim_ids"]) == [["acc_2024-c006"], ["ngo_2022-c002"]]


def test_by_hand_and_ranges(ev):
    assert list(am.by_hand(ev.claims)["claim_id"]) == ["ngo_2022-c001"]
    assert list(am.ranges(ev.claims)["claim_id"]) == ["acc_2024-c007"]


def test_bounds(ev):
    b = am.bounds(ev.claims)
    assert b.by_qualifier == (("exact", 8), ("at_least", 2), ("more_than", 1), ("about", 1))
    assert b.more_than == am.Example("taz_2022-c003", "Mehr als 2.200", 2200.0, 2201.0, None)
    assert b.vague == 2 and b.vague_examples == (("dozens", 24.0), ("Tausende", 2000.0))
    assert b.ranges == ("acc_2024-c007",) and b.by_hand == (("ngo_2022-c001", "verdoppelte"),)
    assert b.step == 1  # the parser's: 'more than 2,200' is at least 2,201


# ---------------------------------------------------------------------------- quotes and dates
def test_quote_steps_table(ev):
    t = am.quote_steps_table(ev.claims, ev.events).set_index("step")
    assert list(t.index) == ["verbatim", *quotes.STEPS]
    assert t.loc["verbatim", "claims"] == 10 and t.loc["verbatim", "events"] == 2
    assert t.loc["pipes", "claims"] == 1 and t.loc["pipes", "events"] == 1
    assert t.loc["whitespace", "claims"] == 2 and t.loc["whitespace", "events"] == 2
    assert t.loc["footnotes", "claims"] == 0
    assert t.loc["footnotes", "examples"] == am.FOOTNOTE_MARKERS and t.loc["pipes", "examples"] == ()


@pytest.mark.parametrize("marker", am.FOOTNOTE_MARKERS)
def test_the_footnote_markers_shown_are_those_the_footnotes_step_removes(marker):
    assert not set("1¹[]") & set(quotes.normalize(f"Wort {marker} und", ["footnotes"]))


def test_quote_checks(ev):
    q = am.quote_checks(ev.claims, ev.events)
    assert (q.quotes, q.verbatim, q.share_verbatim) == (16, 12, 0.75)
    assert q.combinations == ((("pipes", "whitespace"), 2), (("whitespace",), 2))
    assert q.steps == tuple(quotes.STEPS)
    assert q.unused == ("hyphenation", "footnotes", "gender", "quotes")


def test_date_precision_and_hand_resolved(ev):
    t = am.date_precision_table(ev.claims, ev.events).set_index("precision")
    assert t["claims"].to_dict() == {"day": 7, "month": 4, "year": 1}
    assert t["events"].to_dict() == {"day": 2, "month": 1, "year": 1}
    h = am.hand_resolved(ev.events)
    assert list(h["event_id"]) == ["taz_2022-e001", "taz_2022-e002"] and list(h["is_weekday"]) == [True, False]


def test_dates(ev):
    d = am.dates(ev.claims, ev.events)
    assert d.claim_precision == (("day", 7), ("month", 4), ("year", 1))
    assert d.event_precision == (("day", 2), ("month", 1), ("year", 1))
    assert d.with_period == 1
    assert d.weekday_claims == ("taz_2022-c001",)  # from the code weekday_date, not from the note's wording
    assert (d.events, d.checked, d.hand, d.hand_weekday, d.hand_relative) == (4, 2, 2, 1, 1)


def test_the_date_examples_shown_are_read_as_the_rules_read_them():
    assert [am.precision_of(iso) for iso in am.ISO_DATE_EXAMPLES] == ["day", "month", "year"]
    assert parse.parse_date(am.ENGLISH_DATE_EXAMPLE, 2023) == ("2023-06-07", "day")


# ---------------------------------------------------------------------------- limitations
def test_relay_table(ev):
    t = am.relay_table(ev.claims, producers(ev))
    assert list(t["claimant_type"]) == ["intergovernmental", "official", "ngo", "research", "media", "foreign_government"]
    assert list(t["own_document"]) == [0, 0, 0, 0, 2, 0] and list(t["relayed"]) == [3, 2, 2, 2, 0, 1]
    assert list(t.columns) == ["claimant_type", "label", "own_document", "relayed", "total"]  # the figure's CSV


def test_voices(ev):
    v = am.voices(ev, producers(ev))
    assert v.by_type == (("intergovernmental", 3), ("Kazakh official", 2), ("NGO", 2), ("research", 2), ("media", 2),
                         ("foreign government", 1))
    assert (v.claims, v.official_documents, v.official_claims, v.relayed) == (12, 0, 2, 10)
    assert v.official_claimants == ("<script>alert(1)</script>", MOH)
    assert v.official_printed_in == (("Watch <NGO>", 1), ("taz", 1))


def test_same_as_pairs_come_from_the_same_as_column(ev):
    p = am.same_as_pairs(ev.claims)
    assert list(p["claim_id"]) == ["acc_2024-c004", "acc_2024-c005"]
    assert list(p["same_as"]) == ["acc_2024-c003", "acc_2024-c001"]
    assert list(p["readings_differ"]) == [True, False]
    assert p["same_document"].all()


def test_same_as_pairs_across_documents_and_to_a_missing_claim():
    ev = make_evidence([make_claim("a_2022-c001"), make_claim("b_2022-c001", same_as="a_2022-c001"),
                        make_claim("b_2022-c002", same_as="x_2022-c009")])
    p = am.same_as_pairs(ev.claims).set_index("claim_id")
    assert not p.loc["b_2022-c001", "same_document"] and not p.loc["b_2022-c001", "readings_differ"]
    assert p.loc["b_2022-c002", "readings_differ"] and not p.loc["b_2022-c002", "same_document"]


def test_translations(ev):
    t = am.translations(ev, producers(ev))
    assert (t.documents, t.languages) == (3, ("de",))
    assert (t.english_claims, t.english_events, t.english_in) == (3, 1, ("ACC",))
    assert t.german_relayed == 7  # 9 German quotes, 2 of them in the claimant's own document
    assert t.differing == (("acc_2024-c003", "20.000", "acc_2024-c004", "ε20,000"),)


def test_undated_and_repeats(ev):
    u = am.undated(ev.claims, ev.events)
    assert (u.claims, u.coarse, u.month, u.year) == (12, 5, 4, 1)
    assert u.coarse_by_document == (("acc_2024", 3), ("ngo_2022", 2))
    assert u.date_assumed == ("acc_2024-c007",)
    assert u.open_period == 11 and (u.events, u.events_coarse) == (4, 2)
    r = am.repeats(ev.claims)
    assert r.repeats == ("acc_2024-c004", "acc_2024-c005") and r.same_document == 2 and r.distinct == 10


def test_registered_cases(ev):
    r = am.registered_cases(ev.claims)
    assert (r.claim_id, r.cases, r.closed, r.closed_id, r.reported_on) == ("acc_2024-c001", 329, 236, "acc_2024-c002",
                                                                           "2023-06-08")
    assert r.share_closed == pytest.approx(236 / 329)
    assert r.notes == (("acc_2024-c001", "cases concerning torture"), ("acc_2024-c002", "not limited to January 2022"))
    assert am.registered_cases(ev.claims[ev.claims["metric"] != "torture_cases"]) is None
    alone = am.registered_cases(ev.claims[ev.claims["metric"] != "torture_cases_closed"])
    assert alone.closed is None and alone.closed_id is None and alone.share_closed is None
    assert alone.notes == (("acc_2024-c001", "cases concerning torture"),)


def test_notes(ev):
    n = am.notes(ev.claims, ev.events)
    assert (n.claims_noted, n.claims, n.events_noted, n.events) == (10, 12, 0, 4)


def test_judgement_calls_from_the_codes_and_the_parser(ev):
    t = am.judgement_calls(ev.claims)
    assert list(t["call"]) == ["outside_january", "date_assumed", "attribution", "part", am.BY_HAND]  # vocabulary order
    assert t.set_index("call")["claim_ids"].to_dict() == {
        "outside_january": ["acc_2024-c006"],
        "date_assumed": ["acc_2024-c007"],
        "attribution": ["taz_2022-c003"],
        "part": ["ngo_2022-c001"],
        am.BY_HAND: ["ngo_2022-c001"],
    }
    # Weekday dates (the dates section) and convictions without prison (accountability) are counted elsewhere.
    assert not set(t["call"]) & set(am.CALLS_SHOWN_ELSEWHERE)


def test_judgement_calls_list_every_claim_of_a_call_by_id():
    ev = make_evidence([make_claim("b_2022-c001", judgements="unclear;part"), make_claim("a_2022-c002", judgements="unclear")])
    t = am.judgement_calls(ev.claims).set_index("call")
    assert t.loc["unclear", "claim_ids"] == ["a_2022-c002", "b_2022-c001"] and t.loc["unclear", "claims"] == 2
    assert t.loc["part", "claim_ids"] == ["b_2022-c001"]
    assert am.BY_HAND not in t.index  # every figure readable: no row
