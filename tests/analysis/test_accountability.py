"""analysis.accountability: the curators' reading of the claims, and every selection and number the accountability
chapter states, on hand-made claims."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from conftest import make_claim, make_evidence
from kzreport.analysis import accountability as acc

CAT, HRW, DOS, PGO = "UN Committee against Torture", "Human Rights Watch", "US State Department", "Kazakh Prosecutor General's Office"
MEDIA = "unnamed media"
DE = "CAT zeigt sich besorgt (236 von 329 Fällen)"
EN = "It is also concerned (236 out of 329 cases)"
CAT_CONV = "Fünf Polizeibeamte seien verurteilt worden, weil sie unter anderem 23 Gefangene in Taldykorgan gefoltert hätten"
DOS_ANNEX = "On June 7, seven officials in Almaty received prison sentences"
DOS_DAY, HRW_DAY = "2024-04-23", "2024-01-11"


def cat(claim_id, metric, value_text, value, **kw):
    """A claim stated by the UN Committee against Torture on 8 June 2023 unless said otherwise."""
    kw = {"claimant": CAT, "claimant_type": "intergovernmental", "reported_on": "2023-06-08", "unit": "cases", **kw}
    return make_claim(claim_id, metric, value_text, value, **kw)


def dos(claim_id, value_text, value, **kw):
    kw = {"claimant": DOS, "claimant_type": "foreign_government", "reported_on": DOS_DAY, **kw}
    return cat(claim_id, "officers_convicted", value_text, value, **kw)


def rows() -> list[dict]:
    """The accountability figures of one document, as ACCORD prints them (ids in order of appearance)."""
    return [
        cat("doc2024-c001", "torture_cases_closed", "236", 236.0, quote=DE, quote_en="(236 of 329 cases)"),
        cat("doc2024-c002", "torture_cases", "329", 329.0, quote=DE, quote_en="(236 of 329 cases)"),
        cat("doc2024-c003", "officers_investigated", "35", 35.0, period_start="2022-01"),
        cat("doc2024-c004", "officers_convicted", "Fünf", 5.0, quote=CAT_CONV, location="Taldykorgan"),
        cat("doc2024-c005", "torture_victims", "23", 23.0, quote=CAT_CONV, location="Taldykorgan"),
        dos("doc2024-c006", "mindestens zwölf", 12.0, qualifier="at_least", high=None, note="ACCORD's summary"),
        dos("doc2024-c007", "vier", 4.0, note="NOT the January 2022 unrest: a custody death in 2021",
            judgements="outside_january"),
        cat("doc2024-c008", "torture_cases_closed", "236", 236.0, quote=EN, quote_en=EN),
        cat("doc2024-c009", "torture_cases", "329", 329.0, quote=EN, quote_en=EN),
        cat("doc2024-c010", "officers_convicted", "5", 5.0, location="Taldykorgan", same_as="doc2024-c004",
            note="same figure as doc2024-c004"),
        cat("doc2024-c011", "protesters_convicted", "over 1,200", 1200.0, qualifier="more_than", low=1201.0, high=None,
            claimant=PGO, claimant_type="official", reported_on=HRW_DAY, note="quoted by HRW"),
        cat("doc2024-c012", "officers_convicted", "At least 23", 23.0, qualifier="at_least", high=None, claimant=HRW,
            claimant_type="ngo", reported_on=HRW_DAY),
        cat("doc2024-c013", "posthumous_prosecutions", "at least 15", 15.0, qualifier="at_least", high=None,
            claimant=HRW, claimant_type="ngo", reported_on=HRW_DAY),
        dos("doc2024-c014", "seven", 7.0, quote=DOS_ANNEX, location="Almaty", period_start="2023-06-07"),
        dos("doc2024-c015", "two", 2.0, quote="A Semey court convicted but did not require prison time to be served by two officers",
            location="Semey", period_start="2023-08-23", judgements="no_prison"),
        dos("doc2024-c016", "at least three", 3.0, qualifier="at_least", high=None, claimant=MEDIA, claimant_type="media",
            quote="Media reported at least three officers received prison sentences", judgements="attribution"),
        cat("doc2024-c017", "killed", "238", 238.0, claimant="Kazakh Government", claimant_type="official"),
    ]


def claims(extra=()) -> pd.DataFrame:
    return make_evidence(rows() + list(extra)).claims


CLAIMANTS = pd.DataFrame({"claimant": [CAT, HRW, DOS, MEDIA], "short": ["UN CAT", "HRW", "US State Dept.", ""],
                          "segment": ["", "", "", "media reports"]})
METRICS = pd.DataFrame({
    "metric": ["torture_cases", "torture_cases_closed", "officers_investigated", "officers_convicted", "protesters_convicted",
               "posthumous_prosecutions"],
    "label": ["Cases", "Closed", "Investigated", "Convicted", "Protesters", "Posthumous"],
    "chart_label": [""] * 6,
    "stage": ["Torture cases", "… of which closed", "Officers investigated", "Officers convicted", "Protesters convicted", ""],
    "phrase": ["", "", "", "", "", "people prosecuted posthumously"],
})


# ---------------------------------------------------------------------------- parameters
def test_check_parameters_names_every_unusable_value():
    acc.check_parameters(claims(), rate_claimant=CAT, conviction_claimants=[CAT, HRW], max_rows=0)
    with pytest.raises(ValueError) as e:
        acc.check_parameters(claims(), rate_claimant="Human Rights Wach", conviction_claimants=[], max_rows=-1)
    for name in ("rate_claimant: 'Human Rights Wach' is not a claimant in the "
                 "processed claims; closest: Human Rights Watch", "conviction_claimants: []", "max_rows: -1"):
        assert name in str(e.value)


# ---------------------------------------------------------------------------- reading the curators' judgements
def test_officer_convictions_read_same_as_and_judgements_not_notes():
    oc = acc.officer_conviction_claims(claims()).set_index("claim_id")
    assert oc.loc["doc2024-c010", "repeats"] == "doc2024-c004" and oc.loc["doc2024-c004", "repeats"] == ""
    assert list(oc.index[~oc["january"]]) == ["doc2024-c007"]  # judged outside_january
    assert list(oc.index[~oc["prison"]]) == ["doc2024-c015"]  # judged no_prison
    # A note that says so is not read: without the code, the claim counts as January 2022.
    df = claims()
    df.loc[df["claim_id"] == "doc2024-c007", "judgements"] = ""
    assert acc.officer_conviction_claims(df)["january"].all()


def test_the_projects_judgements_give_the_counts_the_notes_gave(processed):
    # The regular expressions over notes (outside January 2022, same as) and quotes (no prison) read, on the
    # project's data: 2 repeats, 2 claims outside January 2022, 1 conviction without prison time.
    oc = acc.officer_conviction_claims(processed["evidence"].claims).set_index("claim_id")
    assert sorted(oc.index[oc["repeats"] != ""]) == ["accord_2024-c040", "accord_2024-c073"]
    assert sorted(oc.index[~oc["january"]]) == ["accord_2024-c033", "accord_2024-c073"]
    assert list(oc.index[~oc["prison"]]) == ["accord_2024-c070"]


# ---------------------------------------------------------------------------- the claims the chapter reads
def test_closure_pair_takes_the_first_passage_and_lists_the_repeat():
    pair = acc.closure_pair(claims(), CAT)
    assert (pair.closed["claim_id"], pair.total["claim_id"]) == ("doc2024-c001", "doc2024-c002")
    assert pair.repeats == [("doc2024-c008", "doc2024-c009")]
    with pytest.raises(ValueError, match="no closed-of-total"):
        acc.closure_pair(claims(), HRW)


def test_closure_has_the_two_counts_and_the_other_claimants_figures_and_no_interval():
    vague = cat("doc2024-c018", "torture_cases_closed", "dozens", None, qualifier="at_least", low=24.0, high=None,
                claimant=HRW, claimant_type="ngo", vague=True)
    cl = acc.closure(claims([vague]), CAT)
    assert (cl.x, cl.n, cl.share) == (236, 329, pytest.approx(236 / 329))
    assert not {"low", "high", "confidence", "method"} & {f.name for f in dataclasses.fields(cl)}  # a count: no interval
    assert cl.repeat_ids == ("doc2024-c008", "doc2024-c009")
    assert [o.claim_id for o in cl.others] == ["doc2024-c018"] and cl.others[0].is_vague


def test_conviction_for_skips_repeats_and_cases_outside_january():
    assert acc.conviction_for(claims(), CAT)["claim_id"] == "doc2024-c004"
    assert acc.conviction_for(claims(), DOS)["claim_id"] == "doc2024-c006"  # c007 is not January 2022
    with pytest.raises(ValueError, match="Amnesty"):
        acc.conviction_for(claims(), "Amnesty")


def test_itemised_counts_and_their_sum():
    groups = acc.itemised_counts(claims())
    assert len(groups) == 1
    g = groups[0]
    assert g.summary["claim_id"] == "doc2024-c006"
    assert list(g.items["claim_id"]) == ["doc2024-c014", "doc2024-c015", "doc2024-c016"]
    assert list(g.items["prison"]) == [True, False, True]
    # 7 + 2 + at least 3: low 12, no high
    assert acc.sum_bounds(g.items) == (12.0, None)
    assert acc.sum_bounds(g.items.iloc[:2]) == (9.0, 9.0)


def test_claims_used_follow_the_chain_and_leave_out_other_metrics():
    ev = make_evidence(rows())
    used = acc.claims_used(ev.claims, ev.sources)
    ids = list(used["claim_id"])
    assert ids[:4] == ["doc2024-c002", "doc2024-c009", "doc2024-c001", "doc2024-c008"]  # cases, then closed
    assert "doc2024-c017" not in ids  # 'killed' is another chapter's
    assert ids[-1] == "doc2024-c013"  # posthumous prosecutions come after protesters
    assert set(used["producer"]) == {"Producer"} and set(used["date_published"]) == {"2022-01-09"}
    assert acc.claims_used_counts(used) == acc.ClaimsUsed(claims=16, documents=1, claimants=5)


def test_curated_names_skip_empty_cells():
    assert acc.short_names(CLAIMANTS) == {CAT: "UN CAT", HRW: "HRW", DOS: "US State Dept."}
    assert acc.segment_names(CLAIMANTS) == {MEDIA: "media reports"}
    assert acc.phrases(METRICS) == {"posthumous_prosecutions": "people prosecuted posthumously"}


def test_a_claim_record_has_no_nan():
    c = acc.Claim.of(acc.conviction_for(claims(), HRW))
    assert (c.value, c.value_low, c.value_high, c.period_start) == (23.0, 23.0, None, "")
    assert c.open_above and c.prints_digits and c.claimant_type_label == "NGO" and not c.names_place
    five = acc.Claim.of(acc.conviction_for(claims(), CAT))
    assert not five.prints_digits and five.names_place  # 'Fünf', in Taldykorgan


# ---------------------------------------------------------------------------- the opening paragraph
def test_overview_picks_each_figure_the_summary_states():
    o = acc.overview(claims(), CAT, [CAT, HRW])
    assert (o.closure.closed.claim_id, o.closure.total.claim_id) == ("doc2024-c001", "doc2024-c002")
    assert o.investigated.claim_id == "doc2024-c003"
    assert [c.claim_id for c in o.convictions] == ["doc2024-c004", "doc2024-c012"]
    assert o.protesters.claim_id == "doc2024-c011"


# ---------------------------------------------------------------------------- why the officer counts differ
def test_officer_counts_set_aside_repeats_and_cases_outside_january():
    k = acc.officer_counts(claims())
    assert (k.figures, k.repeats, k.relayed, k.january, k.claimants) == (8, 1, 0, 6, 4)
    assert [c.claim_id for c in k.outside] == ["doc2024-c007"]
    assert [(name, first, [c.claim_id for c in cs]) for name, first, cs in k.by_claimant] == [
        (CAT, "2023-06-08", ["doc2024-c004"]),
        (DOS, DOS_DAY, ["doc2024-c006", "doc2024-c014", "doc2024-c015"]),
        (HRW, HRW_DAY, ["doc2024-c012"]),
        (MEDIA, DOS_DAY, ["doc2024-c016"])]
    assert [s.claim.claim_id for s in k.singles] == ["doc2024-c004", "doc2024-c012"]
    # CAT's sentence counts 23 detainees; HRW's at least 23 officers is the same number by coincidence
    (x,) = k.singles[0].coincidences
    assert (x.victims.claim_id, x.other.claim_id) == ("doc2024-c005", "doc2024-c012")
    assert k.earliest.claim_id == "doc2024-c004"
    assert [c.claim_id for c in k.later] == ["doc2024-c015"]  # ruled after 8 June 2023 (Almaty: the day before)


def test_an_itemised_sum_that_is_not_the_summary():
    (s,) = acc.officer_counts(claims()).sums
    # 7 (Almaty) + at least 3 (media) = at least 10 with prison, which is NOT the at least 12 printed as summary
    assert s.summary.claim_id == "doc2024-c006" and not s.adds_up
    assert [c.claim_id for c in s.jailed] == ["doc2024-c014", "doc2024-c016"] and (s.jailed_low, s.jailed_high) == (10.0, None)
    assert [c.claim_id for c in s.free] == ["doc2024-c015"] and (s.free_low, s.free_high) == (2.0, 2.0)
    assert (s.items_low, s.items_high) == (12.0, None)
    # With Taldykorgan's two it adds up.
    (s,) = acc.officer_counts(claims([dos("doc2024-c019", "two", 2.0, location="Taldykorgan")])).sums
    assert s.adds_up and (s.jailed_low, s.jailed_high) == (12.0, None)


def _copies() -> pd.DataFrame:
    """A second document printing the same passages (CAT's five officers and 23 detainees, HRW's at least 23, the
    State Department's itemised counts)."""
    df = claims()
    df = df[df["metric"].isin(["officers_convicted", "torture_victims"])]
    return df.assign(source_id="zcopy2024", claim_id=df["claim_id"].str.replace("doc2024", "zcopy2024"),
                     same_as=df["same_as"].str.replace("doc2024", "zcopy2024"))


def test_a_count_printed_by_several_documents_is_said_once():
    k = acc.officer_counts(pd.concat([claims(), _copies()], ignore_index=True))
    assert (k.figures, k.repeats, k.relayed) == (16, 2, 7)
    assert len(k.singles) == 2 and len(k.sums) == 1 and len(k.outside) == 1
    cited = [s.claim.claim_id for s in k.singles] + [s.summary.claim_id for s in k.sums] + [c.claim_id for c in k.outside]
    assert not any(i.startswith("zcopy") for i in cited)  # the first document (in id order) is the one cited


# ---------------------------------------------------------------------------- the bars of Figure 4.2
def test_officer_counts_rows_stack_the_items_under_their_summary():
    rows_ = acc.officer_counts_rows(claims(), CLAIMANTS)
    assert list(rows_["claim_id"]) == ["doc2024-c004", "doc2024-c012", "doc2024-c006", "doc2024-c014",
                                       "doc2024-c015", "doc2024-c016", "doc2024-c007"]
    assert list(rows_["bar"]) == ["doc2024-c004", "doc2024-c012", "doc2024-c006"] + ["doc2024-c006+items"] * 3 + ["doc2024-c007"]
    assert list(rows_["segment"]) == ["", "", "", "Almaty", "Semey", "media reports", ""]  # a place, else the curated name
    assert list(rows_["prison"]) == [True, True, True, True, False, True, True]
    assert list(rows_["january"]) == [True] * 6 + [False]
    bars = acc.officer_bars(rows_)
    assert [b.bar for b in bars] == ["doc2024-c004", "doc2024-c012", "doc2024-c006", "doc2024-c006+items", "doc2024-c007"]
    items = bars[3]
    assert items.stacked and items.items_of == "doc2024-c006" and (items.low, items.high) == (12.0, None)
    assert (items.jailed_low, items.some_free) == (10.0, True)
    assert [p.name for p in items.parts] == ["Almaty", "Semey", "media reports"]


def test_a_count_printed_by_two_documents_is_one_bar_that_counts_them():
    copy = cat("other2024-c001", "officers_convicted", "At least 23", 23.0, qualifier="at_least", high=None,
               claimant=HRW, claimant_type="ngo", reported_on=HRW_DAY)
    rows_ = acc.officer_counts_rows(claims([copy]), CLAIMANTS)
    hrw = rows_[rows_["claimant"] == HRW]
    assert list(hrw["claim_id"]) == ["doc2024-c012"] and list(hrw["n_documents"]) == [2]
    assert len(acc.officer_bars(rows_)) == 5


def test_two_different_counts_by_one_claimant_on_one_day_are_two_bars():
    other = cat("other2024-c001", "officers_convicted", "30", 30.0, claimant=HRW, claimant_type="ngo", reported_on=HRW_DAY)
    rows_ = acc.officer_counts_rows(claims([other]), CLAIMANTS)
    hrw = rows_[rows_["claimant"] == HRW]
    assert list(hrw["claim_id"]) == ["doc2024-c012", "other2024-c001"] and hrw["bar"].nunique() == 2


# ---------------------------------------------------------------------------- other figures
def test_other_figures_in_metric_order_with_their_phrase():
    children = cat("doc2024-c020", "child_torture_cases", "13", 13.0, claimant="Human rights groups", claimant_type="ngo")
    other = acc.other_figures(claims([children]), METRICS)
    assert list(other["claim_id"]) == ["doc2024-c013", "doc2024-c020"]
    # a metric metrics.csv gives no phrase is named by its metric
    assert list(other["phrase"]) == ["people prosecuted posthumously", "child torture cases"]
    assert acc.other_figures(claims().iloc[0:0], METRICS).empty
