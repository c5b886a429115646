"""analysis.accountability: intervals, bound arithmetic, the curators' reading of the claims, and every selection and
number the accountability chapter states, on hand-made claims."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy.stats import binom

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


# ---------------------------------------------------------------------------- intervals
def test_wilson_interval_for_236_of_329_at_95_percent():
    # By hand: p = 236/329 = 0.717325; z = 1.959964, z² = 3.841459
    # z²/n = 0.0116762, z²/2n = 0.0058381, z²/4n² = 0.00000887, p(1-p)/n = 0.000616321
    # centre = (0.717325 + 0.0058381) / 1.0116762 = 0.714817
    # half   = 1.959964 / 1.0116762 * sqrt(0.000616321 + 0.00000887) = 1.937343 * 0.0250038 = 0.048441
    # interval = 0.714817 ∓ 0.048441 = 0.666376 … 0.763258
    low, high = acc.wilson_interval(236, 329, 0.95)
    assert low == pytest.approx(0.666376, abs=2e-6)
    assert high == pytest.approx(0.763258, abs=2e-6)


def test_wilson_interval_at_99_percent_is_wider():
    # By hand: z = 2.575829, z² = 6.634897; z²/n = 0.0201669, z²/2n = 0.0100834, z²/4n² = 0.0000153
    # centre = (0.717325 + 0.0100834) / 1.0201669 = 0.713029
    # half   = 2.575829 / 1.0201669 * sqrt(0.000616321 + 0.0000153) = 2.524909 * 0.0251322 = 0.063457
    # interval = 0.649572 … 0.776486
    low, high = acc.wilson_interval(236, 329, 0.99)
    assert low == pytest.approx(0.649572, abs=2e-6)
    assert high == pytest.approx(0.776486, abs=2e-6)


def test_wilson_interval_for_zero_successes_starts_at_zero():
    # By hand, 0 of 10 at 95%: centre = (3.841459/20) / 1.3841459 = 0.138766, half = 1.415999 * 0.0979982 = 0.138766
    # so the lower end is 0 and the upper 0.277533.
    low, high = acc.wilson_interval(0, 10, 0.95)
    assert low == pytest.approx(0.0, abs=1e-9)
    assert high == pytest.approx(0.277533, abs=2e-6)


def test_clopper_pearson_closed_forms_at_the_edges():
    # For x = 0 the upper end is 1 − (α/2)^(1/n); for x = n the lower end is (α/2)^(1/n).
    # By hand, n = 10, α = 0.05: 0.025^(0.1) = exp(ln 0.025 / 10) = exp(−0.3688879) = 0.6915029.
    assert acc.clopper_pearson_interval(0, 10, 0.95) == pytest.approx((0.0, 1 - 0.6915029), abs=1e-6)
    assert acc.clopper_pearson_interval(10, 10, 0.95) == pytest.approx((0.6915029, 1.0), abs=1e-6)


def test_clopper_pearson_for_236_of_329_inverts_the_binomial_test():
    # The exact interval's ends are the p at which each one-sided binomial tail is α/2 = 0.025.
    low, high = acc.clopper_pearson_interval(236, 329, 0.95)
    assert binom.sf(235, 329, low) == pytest.approx(0.025, abs=1e-6)   # P(X ≥ 236 | p = low)
    assert binom.cdf(236, 329, high) == pytest.approx(0.025, abs=1e-6)  # P(X ≤ 236 | p = high)
    w_low, w_high = acc.wilson_interval(236, 329, 0.95)
    assert low < w_low and high > w_high  # exact is the more conservative here


def test_proportion_interval_dispatches_and_refuses_bad_input():
    assert acc.proportion_interval(236, 329, 0.95, "wilson") == acc.wilson_interval(236, 329, 0.95)
    assert acc.proportion_interval(236, 329, 0.95, "clopper-pearson") == acc.clopper_pearson_interval(236, 329, 0.95)
    with pytest.raises(ValueError, match="ci_method"):
        acc.proportion_interval(236, 329, 0.95, "wald")
    with pytest.raises(ValueError, match="confidence"):
        acc.proportion_interval(236, 329, 95, "wilson")
    with pytest.raises(ValueError, match="x <= n"):
        acc.proportion_interval(330, 329, 0.95, "wilson")


def test_interval_table_has_each_method_at_each_level():
    t = acc.interval_table(236, 329, (0.9, 0.95))
    assert list(zip(t["method"], t["confidence"])) == [("wilson", 0.9), ("wilson", 0.95), ("clopper-pearson", 0.9),
                                                       ("clopper-pearson", 0.95)]
    assert t.loc[1, "low"] == pytest.approx(0.666376, abs=2e-6) and (t["share"] == 236 / 329).all()
    assert (t["high"] - t["low"]).iloc[0] < (t["high"] - t["low"]).iloc[1]  # a higher level, a wider interval


# ---------------------------------------------------------------------------- bounds of a ratio
def test_ratio_bounds_over_1200_against_exactly_5():
    # more than 1,200 = at least 1,201; 1,201 / 5 = 240.2; no upper bound.
    assert acc.ratio_bounds(1201, None, 5, 5) == (pytest.approx(240.2), None)


def test_ratio_bounds_both_open_have_no_bound():
    # at least 1,201 over at least 23: the lowest is 1,201/∞ (nothing), the highest ∞/23 (nothing).
    assert acc.ratio_bounds(1201, float("nan"), 23, float("nan")) == (None, None)


def test_ratio_bounds_exact_numerator_open_denominator_caps_the_ratio():
    # 1,200 / (at least 23): at most 1,200 / 23 = 52.1739
    low, high = acc.ratio_bounds(1200, 1200, 23, None)
    assert low is None and high == pytest.approx(52.1739, abs=1e-4)


def test_ratio_bounds_of_two_ranges_and_a_zero_denominator():
    assert acc.ratio_bounds(10, 20, 2, 5) == (2.0, 10.0)  # 10/5 and 20/2
    with pytest.raises(ValueError):
        acc.ratio_bounds(10, 20, 0, 5)


def test_whole_bounds_never_round_the_wrong_way():
    assert acc.whole_below(240.2) == acc.WholeBound("more_than", 240)
    assert acc.whole_below(240.0) == acc.WholeBound("at_least", 240)
    assert acc.whole_above(52.17) == acc.WholeBound("fewer_than", 53)
    assert acc.whole_above(52.0) == acc.WholeBound("at_most", 52)


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


def test_closure_has_the_rate_both_intervals_and_the_other_claimants_figures():
    vague = cat("doc2024-c018", "torture_cases_closed", "dozens", None, qualifier="at_least", low=24.0, high=None,
                claimant=HRW, claimant_type="ngo", vague=True)
    cl = acc.closure(claims([vague]), CAT, 0.99, "clopper-pearson")
    assert (cl.x, cl.n, cl.share) == (236, 329, pytest.approx(236 / 329))
    assert (cl.low, cl.high) == acc.clopper_pearson_interval(236, 329, 0.99)
    assert cl.other_method == "wilson" and (cl.other_low, cl.other_high) == acc.wilson_interval(236, 329, 0.99)
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
    assert acc.stage_names(METRICS)["torture_cases_closed"] == "… of which closed"
    assert acc.phrases(METRICS) == {"posthumous_prosecutions": "people prosecuted posthumously"}


def test_a_claim_record_has_no_nan():
    c = acc.Claim.of(acc.conviction_for(claims(), HRW))
    assert (c.value, c.value_low, c.value_high, c.period_start) == (23.0, 23.0, None, "")
    assert c.open_above and c.prints_digits and c.claimant_type_label == "NGO" and not c.names_place
    five = acc.Claim.of(acc.conviction_for(claims(), CAT))
    assert not five.prints_digits and five.names_place  # 'Fünf', in Taldykorgan


# ---------------------------------------------------------------------------- the opening paragraph and the chain
def test_overview_picks_each_figure_the_summary_states():
    o = acc.overview(claims(), CAT, [CAT, HRW])
    assert (o.closure.closed.claim_id, o.closure.total.claim_id) == ("doc2024-c001", "doc2024-c002")
    assert o.investigated.claim_id == "doc2024-c003"
    assert [c.claim_id for c in o.convictions] == ["doc2024-c004", "doc2024-c012"]
    assert o.protesters.claim_id == "doc2024-c011"


def test_chain_table_follows_the_conviction_claimants_parameter():
    chain = acc.chain_table(claims(), METRICS, CAT, [CAT, HRW])
    assert list(chain["claim_id"]) == ["doc2024-c002", "doc2024-c001", "doc2024-c003", "doc2024-c004",
                                       "doc2024-c012", "doc2024-c011"]
    assert list(chain["open_above"]) == [False, False, False, False, True, True]
    assert list(chain["stage"])[:2] == ["Torture cases", "… of which closed"]  # from metrics.csv's stage
    assert list(chain.columns) == acc.CHAIN_COLUMNS
    other = acc.chain_table(claims(), METRICS, CAT, [DOS])
    assert list(other.loc[other["metric"] == "officers_convicted", "claim_id"]) == ["doc2024-c006"]
    assert acc.chain_claimants(chain) == [CAT, HRW]


def test_chain_notes():
    chain = acc.chain_table(claims(), METRICS, CAT, [CAT, HRW])
    notes = acc.chain_notes(claims(), chain, CAT)
    assert (notes.investigated.value, notes.convicted.value) == (35.0, 5.0)
    assert notes.convicted_share == pytest.approx(5 / 35)
    assert notes.prosecuted is None and notes.cases_unbounded  # the cases give no period
    without_cat = acc.chain_notes(claims(), acc.chain_table(claims(), METRICS, CAT, [HRW]), CAT)
    assert without_cat.convicted is None and without_cat.convicted_share is None


def test_ratios_keep_the_qualifiers():
    r = acc.ratios(acc.chain_table(claims(), METRICS, CAT, [CAT, HRW]))
    assert r.protesters.claim_id == "doc2024-c011" and r.dates == ("2023-06-08", HRW_DAY)
    five, hrw = r.ratios
    # more than 1,200 (at least 1,201) against exactly 5: at least 240.2, no upper bound
    assert five.low == pytest.approx(240.2) and five.high is None and five.low_whole == acc.WholeBound("more_than", 240)
    # against at least 23: no bound either way; at the printed figures 1,200 / 23 = 52.17, which would cap the
    # ratio were 1,200 exact
    assert (hrw.low, hrw.high) == (None, None) and hrw.face == pytest.approx(52.1739, abs=1e-4)
    assert hrw.cap == pytest.approx(52.1739, abs=1e-4) and hrw.cap_whole == acc.WholeBound("fewer_than", 53)
    table = acc.ratio_table(r)
    assert list(table["officers"]) == ["doc2024-c004", "doc2024-c012"]


def test_no_protesters_no_ratios():
    no_prot = claims().query("metric != 'protesters_convicted'")
    assert acc.ratios(acc.chain_table(no_prot, METRICS, CAT, [CAT])) == acc.Ratios(None, (), ())


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
