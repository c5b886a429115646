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
    assert "[5](#claim-accord\\_2024-c030) police officers convicted for torturing detainees in Taldykorgan" in text
    assert "one case it names, not a national count" in text and "The UN Committee against Torture reported [5]" in text
    assert "[at least 23](#claim-accord\\_2024-c048)" in text and "the latest national count" in text
    assert "[“a few dozen”](#claim-accord\\_2024-c044)" in text and "prosecuted, not necessarily convicted" in text
    assert "[more than 1,200](#claim-accord\\_2024-c043) convictions of protesters *and others*" in text
    assert "No ratio of the one to the other is drawn" in text and "per convicted officer" not in text


def test_closure_with_the_committees_scope_and_no_interval():
    text = md("closure_scope", cl=found().closure)
    assert "[236](#claim-accord\\_2024-c027) of [329](#claim-accord\\_2024-c028)" in text
    assert "torture *or abuse of authority*" in text and "not limited to January 2022" in text
    assert "no margin of error" in text and "%" not in text
    dated = claims().assign(period_start=lambda d: d["claim_id"].map({"accord_2024-c028": "2022-01"}))
    f = fd.findings(dated, events(), sources(), closure_claimant=CAT, conviction_claimants=[CAT, HRW])
    assert "not limited to January 2022" not in md("closure_scope", cl=f.closure)
    assert "no count of closed cases" in md("closure_scope", cl=None)


def test_other_figures_each_with_claimant_and_link():
    df = pd.concat([claims(), pd.DataFrame([make_claim(
        "accord_2024-c046", "posthumous_prosecutions", "at least 15", 15.0, qualifier="at_least", high=None,
        claimant="Human Rights Watch", reported_on="2024-01-11")])])
    others = fd.toll(df, sources(), ["posthumous_prosecutions", "torture_deaths_in_custody"],
                     {"posthumous_prosecutions": "people prosecuted posthumously"}).breakdowns
    text = md("others", others=others, documents=DOCUMENTS)
    assert "- [at least 15](#claim-accord\\_2024-c046) people prosecuted posthumously (Human Rights Watch, printed by ACCORD, on 11 January 2024)." in text
    assert "[at least 6](#claim-accord\\_2024-c066)" in text
    assert "no figures" in md("others", others=(), documents=DOCUMENTS)


def test_text_from_the_data_is_escaped_once():
    df = claims().assign(claimant=lambda d: d["claimant"].where(d["claim_id"] != "accord_2024-c048", "<b>HRW & co</b>"))
    f = fd.findings(df, events(), sources(), closure_claimant=CAT, conviction_claimants=[CAT, "<b>HRW & co</b>"])
    text = md("convictions", f=f, documents=DOCUMENTS)
    assert "&lt;b&gt;HRW &amp; co&lt;/b&gt;" in text and "<b>" not in text
