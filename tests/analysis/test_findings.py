"""analysis.findings: which claim and event each Key finding states, on hand-made claims shaped like the documents'.

Expected values come from the documents: taz (9 January 2022) prints the health ministry's 164 dead, 103 of them
in Almaty, more than 2,200 injured and about 5,800 detained; CrimethInc. (12 January 2022) attributes "at least
164" dead and "almost 8,000" arrests to the interior ministry without a date; the European Parliament (20 January
2022) at least 225 dead, 19 of them security forces, almost 10,000 detained; ACCORD relays the government's 238
(2022) with at least six deaths under torture, USDOS's at least 238, unnamed organisations' "possibly up to 260"
civilian deaths, BTI's more than 10,000 detained, the UN CAT's 236 of 329 cases (no period) and 5 officers
convicted in Taldykorgan, HRW's at least 23 officers convicted, and the prosecutor's over 1,200 convictions of
protesters and others and "a few dozen" officers brought to criminal responsibility.
"""

from __future__ import annotations

import pandas as pd

from conftest import make_claim, make_event, make_source
from kzreport.analysis import findings as fd

CAT, HRW = "UN Committee against Torture", "Human Rights Watch"
GOV, MOH, MOI = "Kazakh Government", "Kazakh Ministry of Health, as reported by Sputnik", "Kazakh Ministry of Internal Affairs"
PGO = "Kazakh Prosecutor General's Office"
DOS, EP, BTI = "US State Department", "European Parliament", "Bertelsmann Stiftung (BTI)"
Q = "CAT ist besorgt über die hohe Zahl von Fällen (236 von 329 Fällen)"


def claims() -> pd.DataFrame:
    rows = [
        make_claim("taz_2022-c003", claimant=MOH, claimant_type="official"),
        make_claim("taz_2022-c004", value_text="103", value=103.0, claimant=MOH, claimant_type="official",
                   location="Almaty", judgements="part;weekday_date"),
        make_claim("taz_2022-c005", "injured", "Mehr als 2.200", 2200.0, qualifier="more_than", low=2201.0, high=None,
                   claimant="taz", claimant_type="media", judgements="attribution;weekday_date;hedged"),
        make_claim("taz_2022-c006", "detained", "rund 5.800", 5800.0, qualifier="about", low=None, high=None,
                   claimant=GOV, claimant_type="official"),
        make_claim("crimethinc_2022-c004", "detained", "fast 8000", 8000.0, qualifier="almost", low=None, high=7999.0,
                   claimant=MOI, claimant_type="official", reported_on="2022-01-12", judgements="date_assumed"),
        make_claim("crimethinc_2022-c005", value_text="mindestens 164", qualifier="at_least", high=None, claimant=MOI,
                   claimant_type="official", reported_on="2022-01-12", judgements="date_assumed"),
        make_claim("crimethinc_2022-c009", value_text="Dutzende", value=None, qualifier="at_least", low=24.0, high=None,
                   claimant="CrimethInc.", claimant_type="activist", location="Zhanaozen", reported_on="2022-01-12",
                   judgements="outside_january"),
        make_claim("europarl_2022-c004", "detained", "fast 10 000", 10000.0, qualifier="almost", low=None, high=9999.0,
                   claimant=EP, claimant_type="intergovernmental", reported_on="2022-01-20"),
        make_claim("europarl_2022-c005", value_text="mindestens 225", value=225.0, qualifier="at_least", high=None,
                   claimant=EP, claimant_type="intergovernmental", reported_on="2022-01-20"),
        make_claim("europarl_2022-c006", "killed_security_forces", "19", 19.0, claimant=EP,
                   claimant_type="intergovernmental", reported_on="2022-01-20", judgements="attribution;part"),
        make_claim("amnesty_2022-c009", "killed_security_forces", "19", 19.0, claimant=GOV, claimant_type="official",
                   reported_on="2022-03", judgements="attribution;part"),
        make_claim("accord_2024-c001", "detained", "mehr als 10.000", 10000.0, qualifier="more_than", low=10001.0,
                   high=None, claimant=BTI, claimant_type="research", reported_on="2024-03-19"),
        make_claim("accord_2024-c035", "detained", "over 10,000", 10000.0, qualifier="more_than", low=10001.0,
                   high=None, claimant=BTI, claimant_type="research", reported_on="2024-03-19",
                   same_as="accord_2024-c001"),
        make_claim("accord_2024-c027", "torture_cases_closed", "236", 236.0, claimant=CAT,
                   claimant_type="intergovernmental", reported_on="2023-06-08", quote=Q),
        make_claim("accord_2024-c028", "torture_cases", "329", 329.0, claimant=CAT, claimant_type="intergovernmental",
                   reported_on="2023-06-08", quote=Q),
        make_claim("accord_2024-c030", "officers_convicted", "Fünf", 5.0, claimant=CAT, claimant_type="intergovernmental",
                   reported_on="2023-06-08", location="Taldykorgan"),
        make_claim("accord_2024-c043", "protesters_convicted", "over 1,200", 1200.0, qualifier="more_than", low=1201.0,
                   high=None, claimant=PGO, claimant_type="official", reported_on="2024-01-11", unit="convictions"),
        make_claim("accord_2024-c044", "officers_prosecuted", "a few dozen", None, qualifier="at_least", low=24.0,
                   high=None, claimant=PGO, claimant_type="official", reported_on="2024-01-11"),
        make_claim("accord_2024-c048", "officers_convicted", "At least 23", 23.0, qualifier="at_least", high=None,
                   claimant=HRW, reported_on="2024-01-11"),
        make_claim("accord_2024-c062", value_text="At least 238", value=238.0, qualifier="at_least", high=None,
                   claimant=DOS, claimant_type="foreign_government", reported_on="2023-11-30"),
        make_claim("accord_2024-c065", value_text="238", value=238.0, claimant=GOV, claimant_type="official",
                   reported_on="2022"),
        make_claim("accord_2024-c066", "torture_deaths_in_custody", "at least six", 6.0, qualifier="at_least", high=None,
                   claimant=GOV, claimant_type="official", reported_on="2022", judgements="part"),
        make_claim("accord_2024-c067", "civilians_killed", "possibly up to 260", 260.0, qualifier="up_to", low=None,
                   claimant="unnamed human rights organisations, as reported by the US State Department", reported_on="2024-04-23",
                   judgements="date_assumed;attribution"),
        make_claim("accord_2024-c074", value_text="11", value=11.0, claimant=BTI, claimant_type="research",
                   location="Southern Kazakhstan", reported_on="2024-03-19", judgements="outside_january"),
    ]
    return pd.DataFrame(rows)


def events() -> pd.DataFrame:
    return pd.DataFrame([
        make_event("crimethinc_2022-e010", "2011-12", title="Police ordered to shoot at striking workers in Zhanaozen",
                   category="historical"),
        make_event("taz_2022-e002", "2022-01-07", title="President orders security forces may fire without warning",
                   category="state_measure"),
        make_event("europarl_2022-e031", "2022-01-07", title="Tokayev orders targeted fire with live ammunition at "
                   "the protesters, whom he calls international terrorists", category="state_measure"),
        make_event("accord_2024-e064", "2022", title="Government describes the January unrest as a terrorist attack, "
                   "later as an attempted coup", category="state_measure"),
        make_event("taz_2022-e013", "2022-01", title="Tokayev has former intelligence chief Karim Massimov arrested "
                   "for high treason", category="judicial"),
    ])


def sources() -> pd.DataFrame:
    return pd.DataFrame([make_source("taz_2022", date="2022-01-09"), make_source("crimethinc_2022", date="2022-01"),  # the brochure prints no day
                         make_source("europarl_2022", date="2022-01-20"), make_source("amnesty_2022", date="2022-03"),
                         make_source("accord_2024", date="2024-04-26")])


def found() -> fd.Findings:
    return fd.findings(claims(), events(), sources(), closure_claimant=CAT, conviction_claimants=[CAT, HRW])


def test_usable_drops_other_periods_and_repeats():
    kept = set(fd.usable(claims())["claim_id"])
    assert {"crimethinc_2022-c009", "accord_2024-c074", "accord_2024-c035"}.isdisjoint(kept)
    assert "accord_2024-c001" in kept


def test_death_toll_spread_and_the_ministry_conflict():
    k = found().killed
    assert k.first_official["claim_id"] == "taz_2022-c003"  # 164, health ministry, 9 January
    assert k.top_official["claim_id"] == "accord_2024-c065"  # 238, government, 2022
    assert [c["claim_id"] for c in k.same_elsewhere] == ["crimethinc_2022-c005"]  # same 164, interior ministry
    assert k.same_elsewhere[0]["date_assumed"] and k.same_elsewhere[0]["published"] == "2022-01"
    assert k.first_other["claim_id"] == "europarl_2022-c005"  # at least 225, 20 January 2022
    assert k.top_other["claim_id"] == "accord_2024-c062"  # at least 238 (USDOS): 260 counts civilians only


def test_city_figures_and_breakdowns_are_kept_apart():
    f = found()
    assert [c["claim_id"] for c in fd.city_figures(claims())] == ["taz_2022-c004"]  # Almaty's 103; not Zhanaozen 2011
    assert [c["claim_id"] for c in f.civilians] == ["accord_2024-c067"]
    assert f.civilians[0]["qualifier"] == "up_to" and f.civilians[0]["figure"] == 260
    assert [c["claim_id"] for c in f.security_forces] == ["europarl_2022-c006", "amnesty_2022-c009"]
    assert [c["figure"] for c in f.security_forces] == [19, 19]
    assert [(c["claim_id"], c["qualifier"], c["figure"]) for c in f.torture_deaths] == [
        ("accord_2024-c066", "at_least", 6)]


def test_injured_and_detained():
    f = found()
    # taz names no source for the 2,200 (a sentence of its own, hedged): no official count of the injured
    assert f.injured.first_official is None and f.injured.top_other["claim_id"] == "taz_2022-c005"
    d = f.detained
    assert (d.first_official["claim_id"], d.top_official["claim_id"]) == ("taz_2022-c006", "crimethinc_2022-c004")
    assert (d.first_other["claim_id"], d.top_other["claim_id"]) == ("europarl_2022-c004", "accord_2024-c001")


def test_accountability_counts_without_ratio_or_interval():
    f = found()
    assert (f.closure.closed["figure"], f.closure.total["figure"]) == (236, 329)
    assert not f.closure.period_given  # CAT gives no period: not limited to January 2022
    assert [(c["claim_id"], c["place"]) for c in f.officers_convicted] == [
        ("accord_2024-c030", "Taldykorgan"), ("accord_2024-c048", "")]
    assert f.officers_prosecuted["claim_id"] == "accord_2024-c044" and f.officers_prosecuted["is_vague"]
    assert f.protesters_convicted["claim_id"] == "accord_2024-c043"
    assert not hasattr(f.closure, "low") and not hasattr(f, "ratios")


def test_events_from_the_unrest_on():
    e = found().events
    assert e["shoot_order"]["event_id"] == "europarl_2022-e031"  # not Zhanaozen 2011
    assert e["framing"]["event_id"] == "accord_2024-e064"
    assert e["massimov"]["event_id"] == "taz_2022-e013"
    assert e["life_sentence"] is None


def test_cited_lists_every_link_target():
    ids = set(fd.cited(found())["id"])
    assert {"taz_2022-c003", "crimethinc_2022-c005", "accord_2024-c065", "accord_2024-c067", "accord_2024-c027",
            "accord_2024-c028", "accord_2024-e064"} <= ids


def test_low_high_table_official_first_cities_apart():
    lh = fd.low_high(claims(), ["killed", "killed_security_forces", "detained"], sources())
    assert list(lh["claim_id"]) == [
        "taz_2022-c003", "crimethinc_2022-c005", "accord_2024-c065", "europarl_2022-c005", "accord_2024-c062",
        "amnesty_2022-c009", "europarl_2022-c006",
        "taz_2022-c006", "crimethinc_2022-c004", "europarl_2022-c004", "accord_2024-c001"]
    row = lh.set_index("claim_id").loc["crimethinc_2022-c005"]
    assert (row["value_low"], pd.isna(row["value_high"]), row["date_assumed"]) == (164, True, True)
    assert lh.set_index("claim_id").loc["europarl_2022-c004", "value_high"] == 9999  # "fast 10 000": at most 9,999
    assert lh.set_index("claim_id").loc["accord_2024-c065", "published"] == "2024-04-26"  # printed, not stated
    cities = fd.low_high(claims(), ["killed"], sources(), nationwide=False)
    assert list(cities["claim_id"]) == ["taz_2022-c004"]


def test_toll_sequence_breakdowns_and_teasers():
    df = pd.concat([claims(), pd.DataFrame([make_claim(
        "taz_2022-c011", value_text="225", value=225.0, claimant="taz", claimant_type="media", reported_on="2022",
        judgements="attribution;date_assumed;related_article")])])
    children = make_claim("taz_2022-c012", "child_victims", "ein vierjähriges Mädchen und ein zweijähriger Junge", None,
                          qualifier="at_least", low=2.0, high=None, vague=False, claimant="taz", claimant_type="media",
                          location="", judgements="attribution")
    df = pd.concat([df, pd.DataFrame([children])])
    t = fd.toll(df, sources(), ["killed_security_forces", "torture_deaths_in_custody", "child_victims"],
                {"killed_security_forces": "S"})
    assert [c["claim_id"] for c in t.official_sequence] == ["taz_2022-c003", "crimethinc_2022-c005", "accord_2024-c065"]
    assert [(label, len(cs)) for label, cs in t.breakdowns] == [("S", 2), ("torture_deaths_in_custody", 1),
                                                               ("child_victims", 1)]  # two children; no place given
    assert [c["claim_id"] for c in t.teasers] == ["taz_2022-c011"]
    assert [c["claim_id"] for c in t.cities] == ["taz_2022-c004"]
