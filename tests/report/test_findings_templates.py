"""report/templates/findings: each value of analysis.findings reaches the text, with its qualifier, its claimant and
a link to its claim; no ratio, no interval, no snake_case."""

from __future__ import annotations

import re

from analysis.test_findings import found
from kzreport.report import prose

DOCUMENTS = {"taz_2022": "taz", "accord_2024": "ACCORD", "crimethinc_2022": "CrimethInc.",
             "europarl_2022": "European Parliament", "amnesty_2022": "Amnesty International"}


def text(f=None) -> str:
    return prose.render("findings/findings.md.j2", f=f or found(), documents=DOCUMENTS)


def link(value: str, claim_id: str) -> str:
    return f"[{value}](#claim-{claim_id.replace('_', chr(92) + '_')})"


def test_every_figure_is_linked_with_its_qualifier():
    t = text()
    for value, cid in [("164", "taz_2022-c003"), ("at least 164", "crimethinc_2022-c005"), ("238", "accord_2024-c065"),
                       ("at least 225", "europarl_2022-c005"),
                       ("“possibly up to 260”", "accord_2024-c067"), ("19", "europarl_2022-c006"), ("19", "amnesty_2022-c009"),
                       ("more than 2,200", "taz_2022-c005"), ("about 5,800", "taz_2022-c006"),
                       ("almost 8,000", "crimethinc_2022-c004"), ("almost 10,000", "europarl_2022-c004"),
                       ("more than 10,000", "accord_2024-c001"), ("at least six", "accord_2024-c066"),
                       ("236", "accord_2024-c027"), ("329", "accord_2024-c028"), ("five", "accord_2024-c030"),
                       ("at least 23", "accord_2024-c048"), ("“a few dozen”", "accord_2024-c044"),
                       ("more than 1,200", "accord_2024-c043")]:
        assert link(value, cid) in t, value


def test_claimants_dates_and_scopes_are_said():
    t = text()
    assert "[164](#claim-taz\\_2022-c003) (Kazakh Ministry of Health, as reported by Sputnik, on 9 January 2022)" in t
    # the day (12 January) comes from CrimethInc.'s web address, not the brochure, which prints January 2022
    assert "to the Kazakh Ministry of Internal Affairs (undated, printed in January 2022)" in t
    assert ("The deaths of *civilians* alone are estimated at [“possibly up to 260”](#claim-accord\\_2024-c067), more "
            "than the government's count of all the dead (unnamed human rights organisations, as reported by the US State "
            "Department, undated, printed on 23 April 2024; quoted by ACCORD).") in t
    # the toll includes the deaths under torture the same document gives (USDOS: "including at least six deaths due
    # to torture in detention")
    assert "is [238](#claim-accord\\_2024-c065) (Kazakh Government, in 2022), including [at least six]" in t
    # CAT's "among others" can be read two ways; the findings do not settle it (fact-check D E2)
    assert ("On the information available to it, the UN Committee against Torture reported [five](#claim-accord\\_2024-c030) "
            "police officers convicted for torture in Taldykorgan, “among others” (on 8 June 2023); the phrase can be read two ways") in t
    assert "not a national count" not in t
    assert "torture *or abuse of authority*" in t and "not limited to January 2022" not in t
    assert "does not say which period these cases cover, or whether they all concern January 2022" in t
    assert "protesters *and others*" in t and "sets no ratio" in t
    # the 1,200 and the few dozen come from one claimant in one sentence: they differ in what they count, not in date
    assert "Both figures come from one sentence of one claimant; they differ in what they count" in t
    assert "only [“a few dozen”](#claim-accord\\_2024-c044) law enforcement officers were brought" in t
    assert "scope and date" not in t
    assert "city figures are kept apart" in t


def test_events_link_and_no_interval_ratio_or_snake_case():
    t = text()
    assert "[7 January 2022](#event-europarl\\_2022-e031)" in t
    assert "attempted coup ([US State Department](#event-accord\\_2024-e064)" in t
    assert "Karim Massimov arrested on a charge of high treason; Alexander Baunov of the Carnegie Center in Moscow" in t
    # the 2,200 injured: taz hedges it ("sollen verletzt worden sein")
    assert "According to taz, which names no source, [more than 2,200](#claim-taz\\_2022-c005) people are said to have been injured (on 9 January 2022)." in t
    assert "life imprisonment" not in t
    assert "%" not in t and "interval" not in t and "per convicted officer" not in t
    prose_only = re.sub(r"\]\([^)]*\)", "]", t)
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", prose_only.replace("\\_", "_"))


def test_the_official_tolls_are_not_said_to_rise_and_the_19_goes_with_its_toll():
    import pandas as pd

    from analysis.test_findings import claims, events, sources
    from conftest import make_claim
    from kzreport.analysis import findings as fd

    toll230 = make_claim("amnesty_2022-c008", "killed", "230", 230.0, claimant="Kazakh Government", claimant_type="official",
                         reported_on="2022-03", judgements="date_assumed")
    df = pd.concat([claims(), pd.DataFrame([toll230])], ignore_index=True)
    t = fd.toll(df, sources(), [], {})
    f = fd.findings(df, events(), sources(), closure_claimant="", conviction_claimants=[])
    out = prose.render("findings/findings.md.j2", f=f, t=t, documents=DOCUMENTS)
    assert "rose to" not in out and "**The dead.** The highest official death toll in these documents is [238]" in out
    assert ("Another official toll is [230](#claim-amnesty\\_2022-c008) (Kazakh Government, undated, printed in March 2022; "
            "[19](#claim-amnesty\\_2022-c009) of them identified as police or army).") in out
    assert "Not every toll is dated to the day, so their order is unknown." in out
    assert out.count("(#claim-amnesty\\_2022-c009)") == 1  # not repeated among the security forces


def test_the_csto_troops_conflict_and_the_forms_of_torture(processed):
    from kzreport.analysis import story

    ev = processed["evidence"]
    fs = story.sections(ev.curation.story, ev.events, ev.claims, "findings")
    out = prose.render("findings/findings.md.j2", f=found(), fs=fs, documents=DOCUMENTS)
    # two counts of different dates, neither sourced: not called a disagreement (fact-check D E4)
    assert ("On the CSTO troops, taz counts [2,700](#claim-taz\\_2022-c007) in all, [2,000](#claim-taz\\_2022-c008) of them "
            "from Russia, as current on 9 January 2022") in out
    assert "Neither names a source, and the two are of different dates." in out and "disagree" not in out
    assert "CrimethInc., in its text of 12 January 2022, gives [3,000](#claim-crimethinc\\_2022-c012) from Russia alone." in out
    assert "[beatings, electric shocks and sexual violence in custody](#event-accord\\_2024-e024)" in out
    assert "(#event-accord\\_2024-e038)" in out
