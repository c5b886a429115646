"""The executive summary: reading figures, picking key figures by rule, the opening and closing paragraphs, notebook."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest
from scipy.stats import beta

from kzreport import chapter_summary as ch
from kzreport import config
from kzreport.evidence import CLAIM_COLUMNS, EVENT_COLUMNS, Evidence

NOTEBOOK = config.NOTEBOOKS_DIR / "00-summary.ipynb"
CAT, HRW, DOS, PGO = "UN Committee against Torture", "Human Rights Watch", "US State Department", "Kazakh Prosecutor General's Office"
MOH = "Kazakh Ministry of Health (via Sputnik)"
NAN = float("nan")


# ---------------------------------------------------------------------------- hand-made tables
def claim(claim_id, metric, value_text, value, qualifier="exact", low="same", high="same", claimant="Doc producer",
          claimant_type="media", reported_on="2022-01-09", location="Kazakhstan", unit="people", vague=False,
          quote=None, note="", period_start=None, source_id=None):
    low = value if low == "same" else low
    high = value if high == "same" else high
    quote = quote if quote is not None else f"passage printing {value_text}"
    return {
        "claim_id": claim_id, "source_id": source_id or claim_id.split("-")[0], "claimant": claimant,
        "claimant_type": claimant_type, "metric": metric, "value": value, "qualifier": qualifier,
        "value_low": low, "value_high": high, "is_vague": vague, "unit": unit, "reported_on": reported_on,
        "period_start": period_start, "period_end": None, "location": location, "quote": quote, "quote_en": quote,
        "value_text": value_text, "location_as_printed": location, "is_core_metric": True, "quote_match": "verbatim",
        "note": note,
    }


CAT_DE = "CAT zeigt sich besorgt (236 von 329 Fällen)"


def _claims() -> pd.DataFrame:
    rows = [
        # deaths
        claim("taz_2022-c003", "killed", "164", 164.0, claimant=MOH, claimant_type="official"),
        claim("taz_2022-c004", "killed", "103", 103.0, claimant=MOH, claimant_type="official", location="Almaty"),
        claim("crimethinc_2022-c005", "killed", "mindestens 164", 164.0, "at_least", 164.0, NAN,
              claimant="Kazakh Ministry of Internal Affairs", claimant_type="official", reported_on="2022-01-12"),
        claim("amnesty_2022-c008", "killed", "230", 230.0, claimant="Kazakh Government", claimant_type="official",
              reported_on="2022-03"),
        claim("accord_2024-c065", "killed", "238", 238.0, claimant="Kazakh Government", claimant_type="official",
              reported_on="2022"),
        claim("europarl_2022-c005", "killed", "mindestens 225", 225.0, "at_least", 225.0, NAN,
              claimant="European Parliament", claimant_type="intergovernmental", reported_on="2022-01-20"),
        claim("accord_2024-c067", "killed", "possibly up to 260", 260.0, "up_to", NAN, 260.0,
              claimant="Human rights organizations (unnamed)", claimant_type="ngo", reported_on="2024-04-23"),
        claim("crimethinc_2022-c001", "killed", "Dutzende", NAN, "at_least", 24.0, NAN, claimant="CrimethInc.",
              claimant_type="activist", reported_on="2022-01-06", location="Almaty", vague=True),
        claim("crimethinc_2022-c023", "killed_and_injured", "in die Tausende", NAN, "at_least", 2000.0, NAN,
              claimant="CrimethInc. (eyewitness)", claimant_type="activist", reported_on="2022-01-12", vague=True),
        # injured, detained
        claim("taz_2022-c005", "injured", "Mehr als 2.200", 2200.0, "more_than", 2201.0, NAN, claimant=MOH,
              claimant_type="official"),
        claim("taz_2022-c006", "detained", "rund 5.800", 5800.0, "about", NAN, NAN, claimant="Kazakh Government",
              claimant_type="official"),
        claim("crimethinc_2022-c004", "detained", "fast 8000", 8000.0, "almost", NAN, 7999.0,
              claimant="Kazakh Ministry of Internal Affairs", claimant_type="official", reported_on="2022-01-12"),
        claim("europarl_2022-c004", "detained", "fast 10 000", 10000.0, "almost", NAN, 9999.0,
              claimant="European Parliament", claimant_type="intergovernmental", reported_on="2022-01-20"),
        claim("accord_2024-c001", "detained", "mehr als 10.000", 10000.0, "more_than", 10001.0, NAN,
              claimant="Bertelsmann Stiftung (BTI)", claimant_type="research", reported_on="2024-03-19"),
        claim("accord_2024-c035", "detained", "over 10,000", 10000.0, "more_than", 10001.0, NAN,
              claimant="Bertelsmann Stiftung (BTI)", claimant_type="research", reported_on="2024-03-19",
              note="same figure as accord_2024-c001"),
        # accountability
        claim("accord_2024-c043", "protesters_convicted", "over 1,200", 1200.0, "more_than", 1201.0, NAN, claimant=PGO,
              claimant_type="official", reported_on="2024-01-11"),
        claim("accord_2024-c027", "torture_cases_closed", "236", 236.0, claimant=CAT, claimant_type="intergovernmental",
              reported_on="2023-06-08", unit="cases", quote=CAT_DE),
        claim("accord_2024-c028", "torture_cases", "329", 329.0, claimant=CAT, claimant_type="intergovernmental",
              reported_on="2023-06-08", unit="cases", quote=CAT_DE),
        claim("accord_2024-c029", "officers_investigated", "35", 35.0, claimant=CAT, claimant_type="intergovernmental",
              reported_on="2023-06-08", unit="officers"),
        claim("accord_2024-c030", "officers_convicted", "Fünf", 5.0, claimant=CAT, claimant_type="intergovernmental",
              reported_on="2023-06-08", unit="officers", location="Taldykorgan"),
        claim("accord_2024-c040", "officers_convicted", "5", 5.0, claimant=CAT, claimant_type="intergovernmental",
              reported_on="2023-06-08", unit="officers", location="Taldykorgan", note="same figure as accord_2024-c030"),
        claim("accord_2024-c032", "officers_convicted", "mindestens zwölf", 12.0, "at_least", 12.0, NAN, claimant=DOS,
              claimant_type="foreign_government", reported_on="2024-04-23", unit="officers"),
        claim("accord_2024-c033", "officers_convicted", "vier", 4.0, claimant=DOS, claimant_type="foreign_government",
              reported_on="2024-04-23", unit="officers", note="NOT the January 2022 unrest: a custody death in 2021"),
        claim("accord_2024-c048", "officers_convicted", "At least 23", 23.0, "at_least", 23.0, NAN, claimant=HRW,
              claimant_type="ngo", reported_on="2024-01-11", unit="officers"),
        claim("accord_2024-c046", "posthumous_prosecutions", "at least 15", 15.0, "at_least", 15.0, NAN, claimant=HRW,
              claimant_type="ngo", reported_on="2024-01-11"),
        # troops, internet
        claim("taz_2022-c007", "csto_troops", "2.700", 2700.0, claimant="taz", unit="troops"),
        claim("taz_2022-c008", "csto_troops", "2.000", 2000.0, claimant="taz", unit="troops"),
        claim("crimethinc_2022-c010", "csto_troops", "bis zu 200 Hundert", 20000.0, "up_to", NAN, 20000.0,
              claimant="CrimethInc.", claimant_type="activist", reported_on="2022-01-12", unit="troops"),
        claim("europarl_2022-c009", "internet_shutdown_days", "fünftägige", 5.0, claimant="European Parliament",
              claimant_type="intergovernmental", reported_on="2022-01-20", unit="days"),
        claim("crimethinc_2022-c016", "internet_shutdown_days", "Vier Tage", 4.0, claimant="CrimethInc. (eyewitness)",
              claimant_type="activist", reported_on="2022-01-12", unit="days", location="Almaty"),
    ]
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS).astype({"value": float, "value_low": float, "value_high": float,
                                                             "is_vague": bool})


SOURCES = pd.DataFrame({
    "source_id": ["taz_2022", "crimethinc_2022", "amnesty_2022", "accord_2024", "europarl_2022"],
    "producer": ["taz, die tageszeitung (Tigran Petrosyan)", "CrimethInc. (German edition, aufbau A)",
                 "Amnesty International, Sektion der Bundesrepublik Deutschland",
                 "ACCORD – Austrian Centre for Country of Origin and Asylum Research and Documentation (Austrian Red Cross)",
                 "European Parliament"],
    "date_published": ["2022-01-09", "2022-01", "2022-03", "2024-04-26", "2022-01-20"],
})


def event(event_id, date, title, category, location=""):
    precision = {10: "day", 7: "month", 4: "year"}[len(date)]
    return {"event_id": event_id, "date": date, "date_precision": precision, "title": title, "category": category,
            "location": location, "source_id": event_id.split("-")[0], "quote": title, "quote_en": title,
            "date_text": date, "is_date_checked": True, "location_as_printed": location, "quote_match": "verbatim",
            "note": ""}


def _events() -> pd.DataFrame:
    rows = [
        event("accord_2024-e003", "2022-01-02", "'Bloody January' unrest begins", "protest"),
        event("accord_2024-e004", "2022-01-11", "'Bloody January' unrest ends", "protest"),
        event("accord_2024-e027", "2022-01-02", "'Bloody January' unrest begins", "protest"),
        event("crimethinc_2022-e010", "2011-12-16", "Police ordered to shoot at striking workers in Janaozen", "historical",
              "Zhanaozen"),
        event("crimethinc_2022-e015", "2022-01-01", "Liquefied gas price doubles unexpectedly in Janaozen",
              "state_measure", "Zhanaozen"),
        event("crimethinc_2022-e020", "2022-01-01", "Cost-of-living protest begins", "protest"),
        event("amnesty_2022-e009", "2022-01-01", "Protests across the country", "protest", "Kazakhstan"),  # no one place
        event("europarl_2022-e016", "2022-01-02", "Thousands begin peaceful protests in Zhanaozen", "protest", "Zhanaozen"),
        event("europarl_2022-e019", "2022-01-04", "Violence escalates, especially in Almaty", "protest", "Almaty"),
        event("europarl_2022-e025", "2022-01-05", "President declares nationwide state of emergency with curfew",
              "state_measure", "Kazakhstan"),
        event("crimethinc_2022-e035", "2022-01-06", "All public services incl. fire brigade leave Almaty", "state_measure",
              "Almaty"),
        event("taz_2022-e007", "2022-01-06", "First CSTO troop units arrive in Kazakhstan", "security_operation"),
        event("europarl_2022-e028", "2022-01-23", "Deadline for complete withdrawal of CSTO troops", "security_operation"),
        event("europarl_2022-e031", "2022-01-07", "Toqaev orders security forces to shoot at protesters with live ammunition",
              "state_measure"),
        event("taz_2022-e002", "2022-01-07", "President orders security forces may fire without warning", "state_measure"),
    ]
    return pd.DataFrame(rows, columns=EVENT_COLUMNS).astype({"is_date_checked": bool})


def _ev(claims=None, events=None) -> Evidence:
    return Evidence(SOURCES, _claims() if claims is None else claims, _events() if events is None else events)


def _one(**kw) -> pd.Series:
    return pd.Series(claim("x_2022-c001", kw.pop("metric", "killed"), **kw))


DEFAULT_METRICS = ["killed", "injured", "detained", "protesters_convicted", "torture_cases_closed",
                   "officers_investigated", "officers_convicted", "posthumous_prosecutions", "csto_troops",
                   "internet_shutdown_days"]


# ---------------------------------------------------------------------------- reading one figure
@pytest.mark.parametrize("kw, expected", [
    (dict(value_text="Mehr als 2.200", value=2200.0, qualifier="more_than", low=2201.0, high=NAN),
     "more than 2,200 (“Mehr als 2.200”)"),
    (dict(value_text="over 1,200", value=1200.0, qualifier="more_than", low=1201.0, high=NAN), "more than 1,200"),
    (dict(value_text="At least 23", value=23.0, qualifier="at_least", low=23.0, high=NAN), "at least 23"),
    (dict(value_text="possibly up to 260", value=260.0, qualifier="up_to", low=NAN, high=260.0),
     "up to 260 (“possibly up to 260”)"),
    (dict(value_text="rund 5.800", value=5800.0, qualifier="about", low=NAN, high=NAN), "about 5,800 (“rund 5.800”)"),
    (dict(value_text="2.700", value=2700.0), "2,700"),
    (dict(value_text="164", value=164.0), "164"),
    (dict(value_text="Fünf", value=5.0), "5 (“Fünf”)"),
    (dict(value_text="fünftägige", value=5.0, unit="days"), "5 days (“fünftägige”)"),
    (dict(value_text="5 days", value=5.0, unit="days"), "5 days"),
    (dict(value_text="in die Tausende", value=NAN, qualifier="at_least", low=2000.0, high=NAN, vague=True),
     "“in die Tausende” (no number)"),
])
def test_figure_text_keeps_the_qualifier_and_the_printed_words(kw, expected):
    assert ch.figure_text(_one(**kw)) == expected


# ---------------------------------------------------------------------------- picking key figures
def test_deaths_first_and_highest_official_highest_non_official_and_activists_words():
    rows = ch.rows_for(_claims(), "killed", [CAT])
    got = [(r["what"], r["claim_id"], r["figure"]) for r in rows]
    assert got == [
        ("Killed: first official figure", "taz_2022-c003", "164"),  # exact and earliest; 'mindestens 164' is later
        ("Killed: highest official figure", "accord_2024-c065", "238"),
        ("Killed: highest non-official figure", "accord_2024-c067", "up to 260 (“possibly up to 260”)"),
        ("Killed and injured: activists' estimate", "crimethinc_2022-c023", "“in die Tausende” (no number)"),
    ]  # the Almaty toll (103) and the activists' Almaty 'Dutzende' are not nation-wide: left out


def test_detained_highest_compares_bounds_and_a_repeat_is_not_shown():
    rows = ch.rows_for(_claims(), "detained", [CAT])
    assert [(r["what"], r["claim_id"]) for r in rows] == [
        ("Detained: first official figure", "taz_2022-c006"),
        ("Detained: highest figure", "accord_2024-c001"),  # 'mehr als 10.000' beats 'fast 10 000'; c035 repeats it
    ]


def test_a_metric_with_one_figure_gets_one_unlabelled_row():
    rows = ch.rows_for(_claims(), "injured", [CAT])
    assert [(r["what"], r["claim_id"], r["figure"]) for r in rows] == [
        ("Injured", "taz_2022-c005", "more than 2,200 (“Mehr als 2.200”)")]


def test_csto_troops_first_stated_takes_the_total_not_a_contingent_or_the_later_garbled_figure():
    rows = ch.rows_for(_claims(), "csto_troops", [CAT])
    assert [(r["what"], r["claim_id"], r["figure"]) for r in rows] == [("CSTO troops", "taz_2022-c007", "2,700")]


def test_internet_shutdown_is_the_nationwide_figure_with_its_unit():
    rows = ch.rows_for(_claims(), "internet_shutdown_days", [CAT])
    assert [(r["claim_id"], r["figure"]) for r in rows] == [("europarl_2022-c009", "5 days (“fünftägige”)")]


def test_closure_row_has_share_interval_and_both_claim_ids():
    rows = ch.rows_for(_claims(), "torture_cases_closed", [CAT])
    assert len(rows) == 1
    r = rows[0]
    assert r["what"] == "Torture or abuse-of-office cases closed (period not stated)"
    # 236/329 = 71.73%; Wilson 95%: 66.63% to 76.33% (worked by hand: z = 1.96, centre 0.7148, half-width 0.0485)
    assert r["figure"] == "236 of 329 (71.7%; 95% interval 66.6–76.3%)"
    assert r["claims"] == "accord_2024-c027, accord_2024-c028"


def test_closure_interval_follows_confidence_and_method():
    rows = ch.rows_for(_claims(), "torture_cases_closed", [CAT], confidence=0.99, ci_method="clopper-pearson")
    low, high = beta.ppf(0.005, 236, 94), beta.ppf(0.995, 237, 93)  # exact interval straight from the beta quantiles
    assert rows[0]["figure"] == f"236 of 329 (71.7%; 99% interval {100 * low:.1f}–{100 * high:.1f}%)"


def test_closure_with_a_period_says_nothing_about_it():
    claims = _claims()
    claims.loc[claims["claim_id"] == "accord_2024-c027", "period_start"] = "2022-01"
    assert ch.rows_for(claims, "torture_cases_closed", [CAT])[0]["what"] == "Torture or abuse-of-office cases closed"


def test_officers_convicted_one_row_per_claimant_with_place_repeats_and_other_cases_ignored():
    rows = ch.rows_for(_claims(), "officers_convicted", [CAT, HRW, DOS])
    assert [(r["what"], r["claim_id"], r["figure"]) for r in rows] == [
        ("Officers convicted (Taldykorgan)", "accord_2024-c030", "5 (“Fünf”)"),
        ("Officers convicted", "accord_2024-c048", "at least 23"),
        ("Officers convicted", "accord_2024-c032", "at least 12 (“mindestens zwölf”)"),
    ]
    with pytest.raises(ValueError, match="Amnesty"):
        ch.rows_for(_claims(), "officers_convicted", ["Amnesty"])


def test_words_are_shown_once_when_printed_again():
    claims = _claims()
    again = claims[claims["claim_id"] == "crimethinc_2022-c023"].assign(claim_id="crimethinc_2022-c099",
                                                                         reported_on="2022-01-20")
    claims = pd.concat([claims, again], ignore_index=True)
    rows = ch.rows_for(claims, "killed", [CAT])
    assert [r["claim_id"] for r in rows if r["rule"] == "words"] == ["crimethinc_2022-c023"]


def test_key_figures_table_order_cells_and_documents():
    table = ch.key_figures(_ev(), ["injured", "killed", "officers_convicted"], [HRW])
    assert list(table["claim_id"]) == ["taz_2022-c005", "taz_2022-c003", "accord_2024-c065", "accord_2024-c067",
                                       "crimethinc_2022-c023", "accord_2024-c048"]
    first = table.iloc[0]
    assert first["who"] == "Kazakh Ministry of Health (via Sputnik) (Kazakh official), 9 January 2022"
    assert first["claim_cell"] == "taz_2022-c005 (taz)"
    assert table.iloc[2]["who"] == "Kazakh Government (Kazakh official), 2022"
    assert table.iloc[-1]["claim_cell"] == "accord_2024-c048 (ACCORD)"
    assert table.iloc[-1]["who"] == "Human Rights Watch (NGO), 11 January 2024"


def test_key_figures_html_row_limit_missing_metrics_and_escaping():
    claims = _claims()
    claims.loc[claims["claim_id"] == "taz_2022-c005", "claimant"] = "<script>alert(1)</script>"
    metrics = ["injured", "detained", "child_torture_cases"]
    table = ch.key_figures(_ev(claims), metrics, [CAT])
    html = ch.key_figures_html(table, metrics, max_rows=2)
    assert html.count("<tr>") == 3  # header and two rows
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Left out by the limit of 2 rows: Detained: highest figure (more than 10,000 (“mehr als 10.000”))." in html
    assert "for: cases of torture and ill-treatment of children." in html
    assert '<col style="width: 20%">' in html and "<caption>" in html
    full = ch.key_figures_html(table, metrics, max_rows=16)
    assert full.count("<tr>") == 4 and "Left out" not in full
    assert ch.key_figures_html(table, metrics, max_rows=0) == full  # 0: every row


def test_check_params_refuses_what_cannot_be_meant():
    claims = _claims()
    ch.check_params(claims, ["killed", "child_torture_cases"], 16, 0.95, "wilson")  # a core metric without claims is fine
    with pytest.raises(ValueError, match="unknown metric"):
        ch.check_params(claims, ["kiled"], 16, 0.95, "wilson")
    ch.check_params(claims, ["killed"], 0, 0.95, "wilson")  # 0: no row limit, as in every chapter
    for bad in (-1, 2.5, True):
        with pytest.raises(ValueError, match="max_rows"):
            ch.check_params(claims, ["killed"], bad, 0.95, "wilson")
    with pytest.raises(ValueError, match="confidence"):
        ch.check_params(claims, ["killed"], 5, 95, "wilson")
    with pytest.raises(ValueError, match="ci_method"):
        ch.check_params(claims, ["killed"], 5, 0.95, "wald")


# ---------------------------------------------------------------------------- opening paragraph
def test_key_events_by_category_and_title():
    k = ch.key_events(_events())
    assert (k["unrest_start"].date, k["unrest_start"].ids) == ("2022-01-02", ["accord_2024-e003"])  # one per document
    assert (k["unrest_end"].date, k["unrest_end"].ids) == ("2022-01-11", ["accord_2024-e004"])
    assert (k["first_protest"].date, k["first_protest"].location) == ("2022-01-02", "Zhanaozen")
    assert k["price"].ids == ["crimethinc_2022-e015"]
    assert k["emergency"].date == "2022-01-05"
    assert (k["csto"].date, k["csto"].ids) == ("2022-01-06", ["taz_2022-e007"])  # not the withdrawal deadline
    # the fire brigade leaving on 6 January is no shooting order, nor is the 2011 order (another month)
    assert (k["shoot"].date, k["shoot"].ids) == ("2022-01-07", ["europarl_2022-e031", "taz_2022-e002"])


def test_opening_html_dates_and_links():
    html = ch.opening_html(_events())
    text = re.sub(r"<[^>]+>", "", html)
    assert text == ("From 2 to 11 January 2022, Kazakhstan went through “Bloody January”. Protests began in Zhanaozen on "
                    "2 January after the price of liquefied gas rose steeply on 1 January and spread across the country. "
                    "President Tokayev declared a state of emergency on 5 January; troops of the Collective Security "
                    "Treaty Organisation (CSTO) arrived at his request on 6 January, and on 7 January he ordered the "
                    "security forces to shoot without warning.")
    assert '<a href="#event-europarl_2022-e031" title="europarl_2022-e031, taz_2022-e002">7 January</a>' in html


def test_opening_html_leaves_out_what_is_missing():
    events = _events()
    html = ch.opening_html(events[~events["title"].str.contains("CSTO|price")])
    assert "CSTO" not in html and "price" not in html and "state of emergency on" in html
    assert "none of the dated events" in ch.opening_html(events.iloc[0:0])


@pytest.mark.parametrize("start, end, expected", [
    ("2022-01-02", "2022-01-11", "From 2 to 11 January 2022"),
    ("2021-12-30", "2022-01-11", "From 30 December 2021 to 11 January 2022"),
    ("2022-01-30", "2022-02-02", "From 30 January to 2 February 2022"),
    ("2022-01-02", "2022-01-02", "On 2 January 2022"),
])
def test_day_range(start, end, expected):
    assert ch.day_range(start, end) == expected


# ---------------------------------------------------------------------------- closing paragraph
def _series(value_text, value, qualifier, low, high, **kw):
    return pd.Series(claim("x_2024-c001", "officers_convicted", value_text, value, qualifier, low, high, **kw))


PROT = _series("over 1,200", 1200.0, "more_than", 1201.0, NAN)


@pytest.mark.parametrize("officers, expected", [
    (_series("5", 5.0, "exact", 5.0, 5.0), ("more than 240", "")),  # 1,201 / 5 = 240.2
    (_series("At least 23", 23.0, "at_least", 23.0, NAN), ("about 52", "both figures open-ended, so no bound")),
    (_series("more than 4", 4.0, "more_than", 5.0, NAN), ("about 300", "both figures open-ended, so no bound")),
])
def test_ratio_text_from_bounds(officers, expected):
    assert ch.ratio_text(PROT, officers) == expected


def test_ratio_text_closed_bounds():
    exact = _series("1200", 1200.0, "exact", 1200.0, 1200.0)
    assert ch.ratio_text(exact, _series("5", 5.0, "exact", 5.0, 5.0)) == ("exactly 240", "")
    assert ch.ratio_text(exact, _series("up to 10", 10.0, "up_to", NAN, 10.0)) == ("at least 120", "")
    assert ch.ratio_text(exact, _series("10 bis 12", NAN, "exact", 10.0, 12.0)) == ("between 100 and 120", "")
    assert ch.ratio_text(exact, _series("7 bis 9", NAN, "exact", 7.0, 9.0)) == ("between 133.3 and 171.4", "")
    almost = _series("almost 1,000", 1000.0, "almost", NAN, 999.0)
    assert ch.ratio_text(almost, _series("at least 9", 9.0, "at_least", 9.0, NAN)) == ("at most 111", "")


def test_accountability_html_sets_the_state_count_against_each_officer_count():
    html = ch.accountability_html(_ev(), [CAT, HRW])
    assert "the state's own count of more than 1,200 convictions of protesters and others" in html
    assert ("<strong>more than 240</strong> protester convictions per convicted officer (officers counted by "
            "UN Committee against Torture)") in html
    assert "<strong>about 52</strong> (officers counted by Human Rights Watch; both figures open-ended, so no bound)" in html
    assert 'href="#claim-accord_2024-c043"' in html


def test_accountability_html_non_official_count_and_no_count():
    claims = _claims()
    claims.loc[claims["metric"] == "protesters_convicted", ["claimant", "claimant_type"]] = ["<b>Watchdog</b>", "ngo"]
    html = ch.accountability_html(_ev(claims), [DOS])
    assert "the count of more than 1,200 convictions of protesters and others by &lt;b&gt;Watchdog&lt;/b&gt; (NGO, 11 January 2024)" in html
    assert "<strong>about 100</strong> protester convictions per convicted officer (officers counted by US State Department" in html
    none = ch.accountability_html(_ev(claims[claims["metric"] != "protesters_convicted"]), [CAT])
    assert "no count of convicted protesters" in none and "5 (“Fünf”), in Taldykorgan" in none


# ---------------------------------------------------------------------------- the notebook
def test_notebook_is_front_matter_titled_summary():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert nb.metadata["kzreport"]["placement"] == "front"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.splitlines()[0] == "# Summary"


def _run(tmp_path, processed, **params):
    import papermill

    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK), str(out),
        parameters={"data_dir": str(config.DATA_DIR), "processed_dir": str(processed["folder"]),
                    "figures_dir": str(tmp_path / "figures"), **params},
        kernel_name="python3", cwd=str(config.NOTEBOOKS_DIR), progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    return "".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


@pytest.mark.slow
def test_notebook_with_defaults(tmp_path, processed):
    html = _run(tmp_path, processed)
    assert "From 2 to 11 January 2022" in html and "7 January</a> he ordered the security forces to shoot without warning" in html
    for cell in ("<td>164</td>", "<td>238</td>", "<td>up to 260 (“possibly up to 260”)</td>",
                 "<td>more than 2,200 (“Mehr als 2.200”)</td>", "<td>about 5,800 (“rund 5.800”)</td>",
                 "<td>more than 10,000 (“mehr als 10.000”)</td>", "<td>more than 1,200</td>",
                 "<td>236 of 329 (71.7%; 95% interval 66.6–76.3%)</td>", "<td>35</td>", "<td>5 (“Fünf”)</td>",
                 "<td>at least 23</td>", "<td>at least 15</td>", "<td>13</td>", "<td>2,700</td>",
                 "<td>5 days (“fünftägige”)</td>", "<td>taz_2022-c003 (taz)</td>",
                 "<td>crimethinc_2022-c023 (CrimethInc.)</td>"):
        assert cell in html, cell
    assert html.count("<tr>") == 17 and "Left out" not in html
    assert "<strong>more than 240</strong>" in html and "<strong>about 52</strong>" in html
    assert not (tmp_path / "figures").exists()  # the summary draws no chart


@pytest.mark.slow
def test_notebook_follows_non_default_parameters(tmp_path, processed):
    html = _run(tmp_path, processed, metrics=["detained", "officers_convicted", "torture_cases_closed"], max_rows=2,
                conviction_claimants=["US State Department"], confidence=0.99, ci_method="clopper-pearson")
    assert html.count("<tr>") == 3 and "<td>about 5,800 (“rund 5.800”)</td>" in html
    assert "Killed" not in html and "<td>164</td>" not in html
    assert "Left out by the limit of 2 rows: Officers convicted (at least 12 (“mindestens zwölf”)); " in html
    assert "99% interval" in html and "95% interval" not in html
    assert "<strong>about 100</strong> protester convictions per convicted officer (officers counted by US State Department" in html
    assert "more than 240" not in html
