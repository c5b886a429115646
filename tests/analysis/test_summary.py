"""analysis.summary: the key figures picked by rule, the table's row limit, the opening paragraph's dates and protester
convictions per convicted officer (values and selections, on hand-made evidence)."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy.stats import beta

from conftest import make_claim, make_event, make_evidence, make_source
from kzreport.analysis import summary as s

CAT, HRW, DOS = "UN Committee against Torture", "Human Rights Watch", "US State Department"
PGO, MOH = "Kazakh Prosecutor General's Office", "Kazakh Ministry of Health (via Sputnik)"
CAT_DE = "CAT zeigt sich besorgt (236 von 329 Fällen)"
LABELS = {"killed": "Killed", "killed_and_injured": "Killed and injured", "injured": "Injured", "detained": "Detained",
          "torture_cases_closed": "Torture or abuse-of-office cases closed", "officers_convicted": "Officers convicted",
          "csto_troops": "CSTO troops", "internet_shutdown_days": "Internet shutdown",
          "child_torture_cases": "Cases of torture and ill-treatment of children"}
METRICS = pd.DataFrame({"metric": list(LABELS), "label": list(LABELS.values())})


def official(claim_id, metric, value_text, value, **kw):
    return make_claim(claim_id, metric, value_text, value, **{"claimant_type": "official", **kw})


def cat(claim_id, metric, value_text, value, **kw):
    kw = {"claimant": CAT, "claimant_type": "intergovernmental", "reported_on": "2023-06-08", "unit": "cases", **kw}
    return make_claim(claim_id, metric, value_text, value, **kw)


def officers(claim_id, value_text, value, claimant, **kw):
    return cat(claim_id, "officers_convicted", value_text, value, claimant=claimant, unit="officers", **kw)


def rows() -> list[dict]:
    """Tolls, detentions, accountability figures, troops and the internet shutdown, as the five documents print them."""
    more = dict(qualifier="more_than", high=None)
    return [
        # deaths: an exact official toll, a city's toll, a later bound, two later official figures, a non-official
        # bound, an upper bound, and activists' words (one for a city, one for deaths and injuries together)
        official("taz_2022-c003", "killed", "164", 164.0, claimant=MOH),
        official("taz_2022-c004", "killed", "103", 103.0, claimant=MOH, location="Almaty"),
        official("crimethinc_2022-c005", "killed", "mindestens 164", 164.0, qualifier="at_least", high=None,
                 claimant="Kazakh Ministry of Internal Affairs", reported_on="2022-01-12"),
        official("amnesty_2022-c008", "killed", "230", 230.0, claimant="Kazakh Government", reported_on="2022-03"),
        official("accord_2024-c065", "killed", "238", 238.0, claimant="Kazakh Government", reported_on="2022"),
        make_claim("europarl_2022-c005", "killed", "mindestens 225", 225.0, qualifier="at_least", high=None,
                   claimant="European Parliament", claimant_type="intergovernmental", reported_on="2022-01-20"),
        make_claim("accord_2024-c067", "killed", "possibly up to 260", 260.0, qualifier="up_to", low=None,
                   claimant="Human rights organizations (unnamed)", reported_on="2024-04-23"),
        make_claim("crimethinc_2022-c001", "killed", "Dutzende", None, qualifier="at_least", low=24.0, high=None,
                   claimant="CrimethInc.", claimant_type="activist", reported_on="2022-01-06", location="Almaty"),
        make_claim("crimethinc_2022-c023", "killed_and_injured", "in die Tausende", None, qualifier="at_least", low=2000.0,
                   high=None, claimant="CrimethInc. (eyewitness)", claimant_type="activist", reported_on="2022-01-12"),
        # injured, detained: 'more than 10,000' beats 'almost 10,000'; the English annex repeats it
        official("taz_2022-c005", "injured", "Mehr als 2.200", 2200.0, low=2201.0, claimant=MOH, **more),
        official("taz_2022-c006", "detained", "rund 5.800", 5800.0, qualifier="about", low=None, high=None,
                 claimant="Kazakh Government"),
        official("crimethinc_2022-c004", "detained", "fast 8000", 8000.0, qualifier="almost", low=None, high=7999.0,
                 claimant="Kazakh Ministry of Internal Affairs", reported_on="2022-01-12"),
        make_claim("europarl_2022-c004", "detained", "fast 10 000", 10000.0, qualifier="almost", low=None, high=9999.0,
                   claimant="European Parliament", claimant_type="intergovernmental", reported_on="2022-01-20"),
        make_claim("accord_2024-c001", "detained", "mehr als 10.000", 10000.0, low=10001.0, claimant="Bertelsmann Stiftung (BTI)",
                   claimant_type="research", reported_on="2024-03-19", **more),
        make_claim("accord_2024-c035", "detained", "over 10,000", 10000.0, low=10001.0, claimant="Bertelsmann Stiftung (BTI)",
                   claimant_type="research", reported_on="2024-03-19", same_as="accord_2024-c001", **more),
        # accountability
        official("accord_2024-c043", "protesters_convicted", "over 1,200", 1200.0, low=1201.0, claimant=PGO,
                 reported_on="2024-01-11", **more),
        cat("accord_2024-c027", "torture_cases_closed", "236", 236.0, quote=CAT_DE),
        cat("accord_2024-c028", "torture_cases", "329", 329.0, quote=CAT_DE),
        officers("accord_2024-c030", "Fünf", 5.0, CAT, location="Taldykorgan"),
        officers("accord_2024-c040", "5", 5.0, CAT, location="Taldykorgan", same_as="accord_2024-c030"),
        officers("accord_2024-c032", "mindestens zwölf", 12.0, DOS, claimant_type="foreign_government",
                 reported_on="2024-04-23", qualifier="at_least", high=None),
        officers("accord_2024-c033", "vier", 4.0, DOS, claimant_type="foreign_government", reported_on="2024-04-23",
                 judgements="outside_january"),
        officers("accord_2024-c048", "At least 23", 23.0, HRW, claimant_type="ngo", reported_on="2024-01-11",
                 qualifier="at_least", high=None),
        # troops (a total, then a contingent the same day, then a garbled figure), the internet shutdown
        make_claim("taz_2022-c007", "csto_troops", "2.700", 2700.0, claimant="taz", claimant_type="media", unit="troops"),
        make_claim("taz_2022-c008", "csto_troops", "2.000", 2000.0, claimant="taz", claimant_type="media", unit="troops"),
        make_claim("crimethinc_2022-c010", "csto_troops", "bis zu 200 Hundert", 20000.0, qualifier="up_to", low=None,
                   claimant="CrimethInc.", claimant_type="activist", reported_on="2022-01-12", unit="troops"),
        make_claim("europarl_2022-c009", "internet_shutdown_days", "fünftägige", 5.0, claimant="European Parliament",
                   claimant_type="intergovernmental", reported_on="2022-01-20", unit="days"),
        make_claim("crimethinc_2022-c016", "internet_shutdown_days", "Vier Tage", 4.0, claimant="CrimethInc. (eyewitness)",
                   claimant_type="activist", reported_on="2022-01-12", unit="days", location="Almaty"),
    ]


def claims(extra=(), drop=()) -> pd.DataFrame:
    return make_evidence([r for r in rows() if r["claim_id"] not in drop] + list(extra)).claims


SOURCES = [make_source("taz_2022", "taz, die tageszeitung (Tigran Petrosyan)"),
           make_source("crimethinc_2022", "CrimethInc. (German edition, aufbau A)", "2022-01"),
           make_source("amnesty_2022", "Amnesty International, Sektion der Bundesrepublik Deutschland", "2022-03"),
           make_source("accord_2024", "ACCORD – Austrian Centre for Country of Origin and Asylum Research and Documentation",
                       "2024-04-26"),
           make_source("europarl_2022", "European Parliament", "2022-01-20")]


def events() -> pd.DataFrame:
    rows = [
        make_event("accord_2024-e003", "2022-01-02", title="'Bloody January' unrest begins"),
        make_event("accord_2024-e004", "2022-01-11", title="'Bloody January' unrest ends"),
        make_event("accord_2024-e027", "2022-01-02", title="'Bloody January' unrest begins"),
        make_event("crimethinc_2022-e010", "2011-12-16", title="Police ordered to shoot at striking workers in Janaozen",
                   category="historical", location="Zhanaozen"),
        make_event("crimethinc_2022-e015", "2022-01-01", title="Liquefied gas price doubles unexpectedly in Janaozen",
                   category="state_measure", location="Zhanaozen"),
        make_event("crimethinc_2022-e020", "2022-01-01", title="Cost-of-living protest begins"),
        make_event("amnesty_2022-e009", "2022-01-01", title="Protests across the country", location="Kazakhstan"),
        make_event("europarl_2022-e016", "2022-01-02", title="Thousands begin peaceful protests in Zhanaozen",
                   location="Zhanaozen"),
        make_event("europarl_2022-e019", "2022-01-04", title="Violence escalates, especially in Almaty", location="Almaty"),
        make_event("europarl_2022-e025", "2022-01-05", title="President declares nationwide state of emergency with curfew",
                   category="state_measure", location="Kazakhstan"),
        make_event("crimethinc_2022-e035", "2022-01-06", title="All public services incl. fire brigade leave Almaty",
                   category="state_measure", location="Almaty"),
        make_event("taz_2022-e007", "2022-01-06", title="First CSTO troop units arrive in Kazakhstan",
                   category="security_operation"),
        make_event("europarl_2022-e028", "2022-01-23", title="Deadline for complete withdrawal of CSTO troops",
                   category="security_operation"),
        make_event("europarl_2022-e031", "2022-01-07", category="state_measure",
                   title="Toqaev orders security forces to shoot at protesters with live ammunition"),
        make_event("taz_2022-e002", "2022-01-07", title="President orders security forces may fire without warning",
                   category="state_measure"),
    ]
    return make_evidence(events=rows).events


def evidence(claims_df=None, events_df=None):
    ev = make_evidence(sources=SOURCES)
    ev.claims = claims() if claims_df is None else claims_df
    ev.events = events() if events_df is None else events_df
    return ev


def picked(metric, conviction_claimants=(CAT,), df=None, **kw) -> list[tuple]:
    return [(r["claim_id"], r["rule"], r["label"], r["named"])
            for r in s.rows_for(claims() if df is None else df, metric, list(conviction_claimants), LABELS, **kw)]


# ---------------------------------------------------------------------------- reading one figure
@pytest.mark.parametrize(("printed", "key"), [("Mehr als 2.200", "mehr als 2,200"), ("fast 10 000", "fast 10,000"),
                                              ("At least 23", "at least 23"), ("2.700", "2,700"), ("7.5", "7.5"),
                                              ("over 1,200", "over 1,200")])
def test_the_printed_figure_is_compared_lower_case_with_commas_between_digit_groups(printed, key):
    assert s.printed_key(printed) == key


def test_described_says_time_units_and_places_only():
    df = claims()
    internet = s.described(df[df["claim_id"] == "europarl_2022-c009"].iloc[0])
    troops = s.described(df[df["claim_id"] == "taz_2022-c007"].iloc[0])
    convicted = s.described(df[df["claim_id"] == "accord_2024-c030"].iloc[0])
    assert (internet["unit"], internet["printed_key"], internet["place"]) == ("days", "fünftägige", "")
    assert (troops["unit"], troops["mark"], troops["figure"]) == ("", "exact", 2700.0)
    assert convicted["place"] == "Taldykorgan" and convicted["type_label"] == "intergovernmental"


def test_a_metric_without_a_curated_label_is_named_by_its_words():
    assert s.metric_labels(METRICS)["csto_troops"] == "CSTO troops"
    assert s.metric_label("killed_security_forces", LABELS) == "Killed security forces"


# ---------------------------------------------------------------------------- picking key figures
def test_deaths_first_and_highest_official_highest_non_official_and_activists_words():
    assert picked("killed") == [
        ("taz_2022-c003", "first_official", "Killed", True),  # exact and earliest; 'mindestens 164' is later
        ("accord_2024-c065", "highest_official", "Killed", True),  # '2022' sorts after 'March 2022'
        ("accord_2024-c067", "highest_non_official", "Killed", True),
        ("crimethinc_2022-c023", "words", "Killed and injured", True),  # labelled by the metric of its words
    ]  # the Almaty toll (103) and the activists' Almaty 'Dutzende' are not nation-wide: left out


def test_detained_highest_compares_bounds_and_a_repeat_is_not_shown():
    assert picked("detained") == [("taz_2022-c006", "first_official", "Detained", True),
                                  ("accord_2024-c001", "highest", "Detained", True)]  # beats 'fast 10 000'; c035 repeats it


def test_a_metric_with_one_figure_gets_one_row_that_names_no_rule():
    assert picked("injured") == [("taz_2022-c005", "first_official", "Injured", False)]  # highest: the same claim, once


def test_csto_troops_first_stated_takes_the_total_not_a_contingent_or_the_later_garbled_figure():
    assert picked("csto_troops") == [("taz_2022-c007", "first_stated", "CSTO troops", False)]


def test_internet_shutdown_is_the_nationwide_figure():
    assert picked("internet_shutdown_days") == [("europarl_2022-c009", "highest", "Internet shutdown", False)]


def test_closure_row_has_both_claims_the_share_and_its_wilson_interval():
    (row,) = s.rows_for(claims(), "torture_cases_closed", [CAT], LABELS)
    assert (row["rule"], row["ids"], row["claimant"], row["period_stated"]) == (
        "closure", ("accord_2024-c027", "accord_2024-c028"), CAT, False)
    # 236/329 = 71.73%; Wilson 95%: 66.64% to 76.33% (by hand: z = 1.96, centre 0.7148, half-width 0.0484)
    assert (row["closed"], row["cases"]) == (236, 329) and row["share"] == pytest.approx(0.717325, abs=1e-6)
    assert (row["low"], row["high"]) == (pytest.approx(0.666376, abs=2e-6), pytest.approx(0.763258, abs=2e-6))


def test_closure_interval_follows_confidence_and_method():
    (row,) = s.rows_for(claims(), "torture_cases_closed", [CAT], LABELS, confidence=0.99, ci_method="clopper-pearson")
    low, high = beta.ppf(0.005, 236, 94), beta.ppf(0.995, 237, 93)  # the exact interval straight from beta quantiles
    assert (row["low"], row["high"], row["confidence"], row["method"]) == (pytest.approx(low), pytest.approx(high), 0.99,
                                                                           "clopper-pearson")


def test_closure_with_a_period_is_said_to_have_one():
    df = claims()
    df.loc[df["claim_id"] == "accord_2024-c027", "period_start"] = "2022-01"
    assert s.rows_for(df, "torture_cases_closed", [CAT], LABELS)[0]["period_stated"] is True


def test_without_a_pair_in_one_passage_the_closed_cases_are_picked_as_any_metric():
    df = claims()
    df.loc[df["claim_id"] == "accord_2024-c028", "quote"] = "another passage"
    assert picked("torture_cases_closed", df=df) == [("accord_2024-c027", "highest", "Torture or abuse-of-office cases closed",
                                                      False)]  # no official figure; the highest is the only one


def test_closure_skips_a_claimant_whose_counts_give_no_share():
    df = claims([cat("accord_2024-c011", "torture_cases_closed", "12", 12.0, claimant="Amnesty", quote="12 von 10"),
                 cat("accord_2024-c012", "torture_cases", "10", 10.0, claimant="Amnesty", quote="12 von 10")])
    cl = s.closure(df)
    assert cl.closed.claimant == CAT and (cl.x, cl.n) == (236, 329)  # Amnesty prints first, but 12 of 10 is no share
    assert s.closure(claims(drop=["accord_2024-c028"])) is None


def test_officers_convicted_one_row_per_claimant_repeats_and_other_cases_ignored():
    assert [(r["claim_id"], r["location"]) for r in s.rows_for(claims(), "officers_convicted", [CAT, HRW, DOS, CAT], LABELS)] == [
        ("accord_2024-c030", "Taldykorgan"), ("accord_2024-c048", "Kazakhstan"), ("accord_2024-c032", "Kazakhstan")]
    with pytest.raises(ValueError, match="Amnesty"):
        s.rows_for(claims(), "officers_convicted", ["Amnesty"], LABELS)


def test_words_are_shown_once_when_printed_again():
    df = claims()
    again = df[df["claim_id"] == "crimethinc_2022-c023"].assign(claim_id="crimethinc_2022-c099", reported_on="2022-01-20")
    df = pd.concat([df, again], ignore_index=True)
    assert [r["claim_id"] for r in s.rows_for(df, "killed", [CAT], LABELS) if r["rule"] == "words"] == ["crimethinc_2022-c023"]


def test_an_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="unknown rule 'lowest'"):
        s.pick(claims(), "killed", "lowest")


# ---------------------------------------------------------------------------- the table
def test_key_figures_in_the_order_of_the_metrics_then_of_their_rules():
    table = s.key_figures(claims(), ["injured", "killed", "officers_convicted", "injured"], [HRW], LABELS)
    assert list(table["claim_id"]) == ["taz_2022-c005", "taz_2022-c003", "accord_2024-c065", "accord_2024-c067",
                                       "crimethinc_2022-c023", "accord_2024-c048"]
    assert list(table.columns) == s.KEY_COLUMNS and table["closed"].isna().all()


def test_key_table_stops_at_max_rows_and_names_the_rest_and_the_metrics_without_a_figure():
    metrics = ["injured", "detained", "child_torture_cases", "torture_deaths"]
    table = s.key_figures(claims(), metrics, [CAT], LABELS)
    k = s.key_table(table, metrics, LABELS, max_rows=2)
    assert [r["claim_id"] for r in k.shown] == ["taz_2022-c005", "taz_2022-c006"]
    assert [r["claim_id"] for r in k.left_out] == ["accord_2024-c001"]
    assert k.missing == ("Cases of torture and ill-treatment of children", "Torture deaths") and k.max_rows == 2
    assert k.shown[0]["printed_key"] == "mehr als 2,200" and k.shown[0]["ids"] == ("taz_2022-c005",)
    assert len(s.key_table(table, metrics, LABELS, max_rows=0).shown) == 3  # 0: every row


def test_candidates_are_the_nationwide_figures_and_every_pick():
    table = s.key_figures(claims(), ["killed", "officers_convicted"], [CAT], LABELS)
    c = s.candidates(claims(), table).set_index("claim_id")
    assert c.loc["taz_2022-c003", "picked"] == "first_official" and c.loc["europarl_2022-c005", "picked"] == ""
    assert c.loc["accord_2024-c030", "picked"] == "by_claimant"  # Taldykorgan's count: picked, though not nation-wide
    assert c.loc["crimethinc_2022-c023", "bound"] == 2000.0  # activists' words, at their floor
    assert "taz_2022-c004" not in c.index  # Almaty's toll: neither nation-wide nor picked
    assert c.loc["accord_2024-c033", "picked"] == ""  # a nation-wide count no rule picks (not about January 2022)
    assert c.loc["accord_2024-c067", "bound"] == 260.0


def test_check_parameters_names_every_unusable_value():
    s.check_parameters(claims(), metrics=["killed", "csto_troops"], max_rows=0, conviction_claimants=[CAT, HRW],
                       confidence=0.95, ci_method="wilson")
    with pytest.raises(ValueError) as e:
        s.check_parameters(claims(), metrics=["kiled"], max_rows=-1, conviction_claimants=["Human Rights Wach"],
                           confidence=95, ci_method="wald")
    for said in ("metrics: 'kiled' is not a metric in the processed claims; closest: killed", "max_rows: -1",
                 "conviction_claimants: 'Human Rights Wach'", "confidence: 95", "ci_method: 'wald'"):
        assert said in str(e.value)


# ---------------------------------------------------------------------------- the opening paragraph
def test_key_events_by_category_and_title():
    k = s.key_events(events())
    assert (k["unrest_start"].date, k["unrest_start"].ids) == ("2022-01-02", ("accord_2024-e003",))  # one per document
    assert (k["unrest_end"].date, k["unrest_end"].ids) == ("2022-01-11", ("accord_2024-e004",))
    assert (k["first_protest"].date, k["first_protest"].location) == ("2022-01-02", "Zhanaozen")  # not the nation-wide one
    assert k["price"].ids == ("crimethinc_2022-e015",)
    assert k["emergency"].date == "2022-01-05"
    assert (k["csto"].date, k["csto"].ids) == ("2022-01-06", ("taz_2022-e007",))  # not the withdrawal deadline
    # the fire brigade leaving on 6 January is no shooting order, nor is the 2011 order (another month)
    assert (k["shoot"].date, k["shoot"].ids) == ("2022-01-07", ("europarl_2022-e031", "taz_2022-e002"))
    table = s.key_event_table(k)
    assert list(table["role"]) == [r.role for r in s.EVENT_RULES] and table["date"].iloc[0] == "2022-01-02"


def test_opening_says_the_unrests_year_once_and_the_measures_in_order():
    o = s.opening(events())
    assert (o.start.date, o.end.date, o.span, o.empty) == ("2022-01-02", "2022-01-11", "month", False)
    assert [e.role for e in o.measures] == ["emergency", "csto", "shoot"]
    assert not any(e.with_year for e in (o.first_protest, o.price, *o.measures))


def test_opening_leaves_out_what_the_events_do_not_hold():
    ev = events()
    o = s.opening(ev[~ev["title"].str.contains("CSTO|price|Bloody")])
    assert (o.start, o.end, o.price, o.span) == (None, None, None, "")
    assert [e.role for e in o.measures] == ["emergency", "shoot"] and o.first_protest.with_year  # no unrest year known
    assert s.opening(ev.iloc[0:0]).empty


@pytest.mark.parametrize(("start", "end", "span"), [("2022-01-02", "2022-01-02", "day"), ("2022-01-02", "2022-01-11", "month"),
                                                    ("2022-01-30", "2022-02-02", "year"), ("2021-12-30", "2022-01-11", "")])
def test_what_the_unrests_first_and_last_day_share(start, end, span):
    assert s.shared_span(start, end) == span


def test_the_unrests_end_is_looked_for_in_the_month_it_began():
    ev = make_evidence(events=[make_event("a_2022-e001", "2022-01-30", title="Bloody January begins"),
                               make_event("a_2022-e002", "2022-02-02", title="Bloody January ends")]).events
    o = s.opening(ev)
    assert (o.end.date, o.span) == ("2022-01-30", "day")


# ---------------------------------------------------------------------------- the closing paragraph
def _count(value_text, value, qualifier="exact", low="same", high="same"):
    return pd.Series(make_claim("x_2024-c001", "officers_convicted", value_text, value, qualifier=qualifier, low=low,
                                high=high))


PROT = _count("over 1,200", 1200.0, "more_than", 1201.0, None)
EXACT = _count("1200", 1200.0)


@pytest.mark.parametrize(("protesters", "officers", "low", "high", "low_whole", "high_whole", "face"), [
    (PROT, _count("5", 5.0), 240.2, None, ("more_than", 240), None, None),  # 1,201 / 5
    (PROT, _count("At least 23", 23.0, "at_least", 23.0, None), None, None, None, None, 1200 / 23),
    (EXACT, _count("5", 5.0), 240.0, 240.0, None, None, None),
    (EXACT, _count("up to 10", 10.0, "up_to", None, 10.0), 120.0, None, ("at_least", 120), None, None),
    (EXACT, _count("10 bis 12", None, "exact", 10.0, 12.0), 100.0, 120.0, None, None, None),
    (_count("almost 1,000", 1000.0, "almost", None, 999.0), _count("at least 9", 9.0, "at_least", 9.0, None),
     None, 111.0, None, ("at_most", 111), None),
])
def test_protester_convictions_per_officer_from_the_bounds(protesters, officers, low, high, low_whole, high_whole, face):
    x = s.per_officer(protesters, officers)
    assert (x.low, x.high) == (pytest.approx(low) if low else None, pytest.approx(high) if high else None)
    assert (x.low_whole and (x.low_whole.relation, x.low_whole.value)) == low_whole
    assert (x.high_whole and (x.high_whole.relation, x.high_whole.value)) == high_whole
    assert x.face == (pytest.approx(face) if face else None)


def test_accountability_sets_the_highest_count_of_protesters_against_each_count_of_officers():
    a = s.accountability(claims(), [CAT, HRW, CAT])
    assert a.protesters["claim_id"] == "accord_2024-c043" and a.protesters["type_label"] == "Kazakh official"
    assert [o["claim_id"] for o in a.officers] == ["accord_2024-c030", "accord_2024-c048"]
    assert [x.low_whole for x in a.ratios][0].value == 240 and a.ratios[1].face == pytest.approx(1200 / 23)
    assert list(s.ratio_table(a)["officers"]) == ["accord_2024-c030", "accord_2024-c048"]
    none = s.accountability(claims(drop=["accord_2024-c043"]), [CAT])
    assert none.protesters is None and none.ratios == () and none.officers[0]["place"] == "Taldykorgan"
