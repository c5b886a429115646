"""report/templates/summary: each value of the analysis records reaches the text (the key-figures table, the opening
and closing paragraphs), and text from the data is escaped once."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.test_summary import CAT, DOS, HRW, LABELS, claims, events
from conftest import make_claim
from kzreport.analysis import summary as s
from kzreport.report import prose

DOCUMENTS = {"taz_2022": "taz", "accord_2024": "ACCORD", "crimethinc_2022": "CrimethInc.", "europarl_2022": "European Parliament"}


def macros():
    return prose.macros("summary/_macros.j2")


def table(metrics, conviction_claimants=(CAT,), max_rows=16, df=None, **kw) -> str:
    figures = s.key_figures(claims() if df is None else df, metrics, list(conviction_claimants), LABELS, **kw)
    return str(prose.render("summary/key_figures.html.j2", k=s.key_table(figures, metrics, LABELS, max_rows),
                            documents=DOCUMENTS))


def cells(html: str) -> list[list[str]]:
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", html)[1:]]


def opening(df=None) -> str:
    return prose.render("summary/opening.md.j2", o=s.opening(events() if df is None else df))


def closing(conviction_claimants, df=None) -> str:
    return prose.render("summary/accountability.md.j2", a=s.accountability(claims() if df is None else df,
                                                                           list(conviction_claimants)))


# ---------------------------------------------------------------------------- a figure
@pytest.mark.parametrize(("kw", "expected"), [
    (dict(value_text="Mehr als 2.200", value=2200.0, qualifier="more_than", low=2201.0, high=None),
     "more than 2,200 (“Mehr als 2.200”)"),
    (dict(value_text="over 1,200", value=1200.0, qualifier="more_than", low=1201.0, high=None), "more than 1,200"),
    (dict(value_text="At least 23", value=23.0, qualifier="at_least", high=None), "at least 23"),
    (dict(value_text="possibly up to 260", value=260.0, qualifier="up_to", low=None), "up to 260 (“possibly up to 260”)"),
    (dict(value_text="rund 5.800", value=5800.0, qualifier="about", low=None, high=None), "about 5,800 (“rund 5.800”)"),
    (dict(value_text="2.700", value=2700.0), "2,700"),
    (dict(value_text="164", value=164.0), "164"),
    (dict(value_text="Fünf", value=5.0), "5 (“Fünf”)"),
    (dict(value_text="fünftägige", value=5.0, unit="days"), "5 days (“fünftägige”)"),
    (dict(value_text="5 days", value=5.0, unit="days"), "5 days"),
    (dict(value_text="10 bis 12", value=None, vague=False, low=10.0, high=12.0), "10–12 (“10 bis 12”)"),
    (dict(value_text="in die Tausende", value=None, qualifier="at_least", low=2000.0, high=None), "“in die Tausende” (no number)"),
])
def test_a_figure_keeps_its_qualifier_and_the_printed_words_when_they_say_more(kw, expected):
    claim = pd.Series(make_claim("x_2022-c001", **kw))
    assert prose.plain(macros().figure(s.described(claim))) == expected


# ---------------------------------------------------------------------------- the key-figures table
def test_every_value_of_a_row_reaches_its_cells():
    html = table(["killed", "torture_cases_closed", "officers_convicted", "internet_shutdown_days"])
    assert cells(html) == [
        ["Killed: first official figure", "164", "Kazakh Ministry of Health (via Sputnik) (Kazakh official), 9 January 2022",
         "taz_2022-c003 (taz)"],
        ["Killed: highest official figure", "238", "Kazakh Government (Kazakh official), 2022", "accord_2024-c065 (ACCORD)"],
        ["Killed: highest non-official figure", "up to 260 (“possibly up to 260”)", "Human rights organizations (unnamed) (NGO), 23 April 2024",
         "accord_2024-c067 (ACCORD)"],
        ["Killed and injured: activists' estimate", "“in die Tausende” (no number)",
         "CrimethInc. (eyewitness) (activist), 12 January 2022", "crimethinc_2022-c023 (CrimethInc.)"],
        ["Torture or abuse-of-office cases closed (period not stated)", "236 of 329 (71.7%; 95% interval 66.6–76.3%)",
         "UN Committee against Torture (intergovernmental), 8 June 2023", "accord_2024-c027, accord_2024-c028 (ACCORD)"],
        ["Officers convicted (Taldykorgan)", "5 (“Fünf”)", "UN Committee against Torture (intergovernmental), 8 June 2023",
         "accord_2024-c030 (ACCORD)"],
        ["Internet shutdown", "5 days (“fünftägige”)", "European Parliament (intergovernmental), 20 January 2022",
         "europarl_2022-c009 (European Parliament)"],
    ]
    assert html.count('<col style="width:') == 4 and "<caption>Key figures as printed" in html
    assert "table-note" not in html


def test_the_closure_rate_follows_confidence_and_method_and_says_a_period_is_given():
    df = claims()
    df.loc[df["claim_id"] == "accord_2024-c027", "period_start"] = "2022-01"
    row = cells(table(["torture_cases_closed"], df=df, confidence=0.99, ci_method="clopper-pearson"))[0]
    assert row[:2] == ["Torture or abuse-of-office cases closed", "236 of 329 (71.7%; 99% interval 64.9–77.9%)"]


def test_rows_beyond_max_rows_are_named_under_the_table_with_the_metrics_without_a_figure():
    metrics = ["injured", "detained", "officers_convicted", "child_torture_cases"]
    html = table(metrics, [CAT, DOS], max_rows=2)
    assert len(cells(html)) == 2
    assert ('<p class="table-note">Left out by the limit of 2 rows: Detained: highest figure (more than 10,000 '
            "(“mehr als 10.000”)); Officers convicted (Taldykorgan) (5 (“Fünf”)); Officers convicted (at least 12 "
            "(“mindestens zwölf”)). No figure in the data (nation-wide, or by the chosen claimants) for: cases of torture "
            "and ill-treatment of children.</p>") in html
    assert table(metrics, [CAT, DOS], max_rows=0) == table(metrics, [CAT, DOS], max_rows=16)  # 0: every row
    assert "Left out" not in table(metrics, [CAT, DOS], max_rows=0)


def test_no_table_without_a_figure():
    html = table(["child_torture_cases"])
    assert "<table" not in html and "for: cases of torture and ill-treatment of children." in html


def test_text_from_the_data_is_escaped_once():
    df = claims()
    df.loc[df["claim_id"] == "taz_2022-c005", "claimant"] = "<script>alert(1)</script>"
    html = table(["injured"], df=df)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; (Kazakh official)" in html
    assert "&amp;lt;" not in html


# ---------------------------------------------------------------------------- the opening paragraph
def test_opening_states_each_date_and_links_it_to_its_events():
    text = opening()
    assert len(text.strip().splitlines()) == 1, "one paragraph"
    assert re.sub(r"\]\([^)]*\)|\[", "", text).strip() == (
        "From 2 to 11 January 2022, Kazakhstan went through “Bloody January”. Protests began in Zhanaozen on 2 January "
        "after the price of liquefied gas rose steeply on 1 January and spread across the country. President Tokayev "
        "declared a state of emergency on 5 January; troops of the Collective Security Treaty Organisation (CSTO) arrived "
        "at his request on 6 January, and on 7 January he ordered the security forces to shoot without warning.")
    assert r'[From 2 to 11 January 2022](#event-accord\_2024-e003 "accord\_2024-e003, accord\_2024-e004")' in text
    assert r'[7 January](#event-europarl\_2022-e031 "europarl\_2022-e031, taz\_2022-e002")' in text


def test_opening_leaves_out_what_is_missing_and_capitalises_the_first_measure():
    ev = events()
    text = opening(ev[~ev["title"].str.contains("CSTO|price|emergency")])
    assert "CSTO" not in text and "price" not in text and "state of emergency" not in text
    assert "Zhanaozen on [2 January]" in text and "country. On [7 January]" in text
    assert "none of the dated events" in opening(ev.iloc[0:0])


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("2022-01-02", "2022-01-11", "From 2 to 11 January 2022"),
    ("2021-12-30", "2022-01-11", "From 30 December 2021 to 11 January 2022"),
    ("2022-01-30", "2022-02-02", "From 30 January to 2 February 2022"),
    ("2022-01-02", "2022-01-02", "On 2 January 2022"),
])
def test_the_unrests_days_say_what_they_share_once(start, end, expected):
    first, last = s.KeyEvent("unrest_start", start, ("a",), ""), s.KeyEvent("unrest_end", end, ("b",), "")
    o = s.Opening(first, last, s.shared_span(start, end), None, None, ())
    assert str(macros().span(o)) == expected


# ---------------------------------------------------------------------------- the closing paragraph
def test_closing_sets_the_states_count_against_each_count_of_officers():
    text = closing([CAT, HRW])
    assert text.startswith("**Accountability.** Against the state's own count of more than 1,200 convictions of "
                           "protesters and others <span class=\"claim-ref\">\\[[<code>accord\\_2024-c043</code>]"
                           "(#claim-accord\\_2024-c043)\\]</span>, that is ")
    assert ("**more than 240** protester convictions per convicted officer (officers counted by UN Committee against "
            "Torture) and **about 52** (officers counted by Human Rights Watch; both figures open-ended, so no bound): "
            "an order of magnitude, not a precise rate") in text
    assert len(text.strip().splitlines()) == 1, "one paragraph"


def test_closing_names_a_count_by_another_claimant_escaped():
    df = claims()
    df.loc[df["metric"] == "protesters_convicted", ["claimant", "claimant_type"]] = ["<b>Watchdog</b>", "ngo"]
    text = closing([DOS, HRW, CAT], df)
    assert ("the count of more than 1,200 convictions of protesters and others by &lt;b&gt;Watchdog&lt;/b&gt; "
            "(NGO, 11 January 2024)") in text
    assert ("**about 100** protester convictions per convicted officer (officers counted by US State Department; both "
            "figures open-ended, so no bound), **about 52** (officers counted by Human Rights Watch; both figures "
            "open-ended, so no bound) and **more than 240** (officers") in text


def test_closing_without_a_count_of_protesters_lists_the_officers():
    text = closing([CAT, HRW], claims(drop=["accord_2024-c043"]))
    assert ("**Accountability.** Officers convicted: 5 (“Fünf”), in Taldykorgan (UN Committee against Torture) "
            "<span class=\"claim-ref\">") in text
    assert "; at least 23 (Human Rights Watch)" in text
    assert text.strip().endswith("The data hold no count of convicted protesters to set the officers against.")


def test_closing_without_a_count_of_officers():
    text = closing([])
    assert text.startswith("**Accountability.** The state's own count of more than 1,200 convictions")
    assert text.strip().endswith("The parameters name no count of convicted officers.")


@pytest.mark.parametrize(("low", "high", "face", "expected"), [
    (240.0, 240.0, None, "exactly 240"), (100.0, 120.0, None, "between 100 and 120"),
    (133.333, 171.428, None, "between 133.3 and 171.4"), (240.2, None, None, "more than 240"),
    (120.0, None, None, "at least 120"), (None, 111.0, None, "at most 111"), (None, 52.2, None, "fewer than 53"),
    (None, None, 52.17, "about 52"),
])
def test_protester_convictions_per_officer_in_words(low, high, face, expected):
    from kzreport.analysis import accountability as acc

    x = s.PerOfficer({}, low, high, acc.whole_below(low) if low and high is None else None,
                     acc.whole_above(high) if high and low is None else None, face)
    assert str(macros().per_officer(x)) == expected
