"""report/templates/accountability (the counts told with claimant, date and scope): convictions, closed cases and the
other figures reach the text, each linked to its claim; no ratio, no interval."""

from __future__ import annotations

import pandas as pd

from analysis.test_findings import CAT, HRW, claims, events, found, sources
from conftest import make_claim
from kzreport.analysis import findings as fd
from kzreport.report import prose

DOCUMENTS = {"accord_2024": "ACCORD"}


def md(name: str, **values) -> str:
    return prose.render(f"accountability/{name}.md.j2", **values)


def test_convictions_keep_claimant_date_and_scope_and_draw_no_ratio():
    text = md("convictions", f=found(), documents=DOCUMENTS)
    assert "[five](#claim-accord\\_2024-c030) police officers convicted for torturing detainees in Taldykorgan" in text
    assert "whether these were all the convictions the committee knew of, or one case among others" in text and "The UN Committee against Torture reported [five]" in text
    assert "[at least 23](#claim-accord\\_2024-c048)" in text and "the latest national count of officers convicted for torture" in text
    assert "the phrase can also mean that these officers tortured others as well" in text
    assert "[“a few dozen”](#claim-accord\\_2024-c044)" in text and "prosecuted, not necessarily convicted" in text
    assert "[more than 1,200](#claim-accord\\_2024-c043) convictions of protesters *and others*" in text
    assert "per convicted officer" not in text and "scope and date" in text  # the officers convicted, elsewhere and later
    # the 1,200 and the few dozen: one claimant, one sentence; they differ in what they count, not in date
    assert "It comes from the same sentence as the [“a few dozen”](#claim-accord\\_2024-c044) officers" in text
    assert "differ in what they count (convictions, against officers prosecuted), so no ratio is drawn" in text


def test_closure_with_the_committees_scope_and_no_interval():
    text = md("closure_scope", cl=found().closure)
    assert "[236](#claim-accord\\_2024-c027) of [329](#claim-accord\\_2024-c028)" in text
    assert "torture *or abuse of authority*" in text and "not limited to January 2022" not in text
    assert "does not say which period these cases cover, or whether they all concern January 2022" in text
    assert "margin of error" not in text and "%" not in text
    dated = claims().assign(period_start=lambda d: d["claim_id"].map({"accord_2024-c028": "2022-01"}))
    f = fd.findings(dated, events(), sources(), closure_claimant=CAT, conviction_claimants=[CAT, HRW])
    assert "does not say which period" not in md("closure_scope", cl=f.closure)
    assert "no count of closed cases" in md("closure_scope", cl=None)


def test_other_figures_each_with_claimant_and_link():
    df = pd.concat([claims(), pd.DataFrame([make_claim(
        "accord_2024-c046", "posthumous_prosecutions", "at least 15", 15.0, qualifier="at_least", high=None,
        claimant="Human Rights Watch", reported_on="2024-01-11")])])
    others = fd.toll(df, sources(), ["posthumous_prosecutions", "torture_deaths_in_custody"],
                     {"posthumous_prosecutions": "people prosecuted posthumously"}).breakdowns
    text = md("others", others=others, documents=DOCUMENTS)
    assert "- [at least 15](#claim-accord\\_2024-c046) people prosecuted posthumously (Human Rights Watch, on 11 January 2024; quoted by ACCORD)." in text
    assert "[at least six](#claim-accord\\_2024-c066)" in text
    assert "no figures" in md("others", others=(), documents=DOCUMENTS)


def test_text_from_the_data_is_escaped_once():
    df = claims().assign(claimant=lambda d: d["claimant"].where(d["claim_id"] != "accord_2024-c048", "<b>HRW & co</b>"))
    f = fd.findings(df, events(), sources(), closure_claimant=CAT, conviction_claimants=[CAT, "<b>HRW & co</b>"])
    text = md("convictions", f=f, documents=DOCUMENTS)
    assert "&lt;b&gt;HRW &amp; co&lt;/b&gt;" in text and "<b>" not in text


def test_obstacles_link_each_statement_to_its_row():
    from kzreport.analysis import story

    def ev(event_id, date):
        return story.Event(event_id, event_id.split("-")[0], date, story.precision_of(date), "…", "", date, "…", "…", True)

    dozens = story.Claim("accord_2024-c045", "accord_2024", "killed", None, "exact", 24.0, None, True, "dozens", "people",
                         HRW, "ngo", "2024-01-11", False, "Taraz; Kyzylorda; Shymkent", "…", "…")
    items = {"cities_closed": story.Item("cities_closed", "", (), (dozens,)),
             "cover_up": story.Item("cover_up", "", (ev("accord_2024-e067", "2023-06-08"),), ()),
             "zhanaozen": story.Item("zhanaozen", "", (ev("europarl_2022-e018", "2011"),), ())}
    s = {"obstacles": story.Section("accountability", "obstacles", items)}
    text = md("obstacles", s=s, docs={"accord_2024": "ACCORD", "europarl_2022": "European Parliament"})
    assert text.startswith("Authorities in Taraz, Kyzylorda, Shymkent closed the investigations into the deaths of "
                           "[“dozens”](#claim-accord\\_2024-c045) of people")
    assert "(Human Rights Watch, stated on 11 January 2024)" in text
    assert "[cooperation between the officials concerned and medical staff to cover up torture](#event-accord\\_2024-e067)" in text
    assert "The European Parliament recalls that the authorities never investigated the massacre in Zhanaozen in " \
           "[2011](#event-europarl\\_2022-e018)" in text
    assert "Freedom House" not in text and "Bertelsmann" not in text  # a statement without its row is left out
    assert "say nothing about investigations closed" in md("obstacles", s={}, docs={})
