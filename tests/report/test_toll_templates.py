"""report/templates/tolls (the low-high table, the deaths, the injured and the detained): each value of
analysis.findings reaches the text with its qualifier, claimant, date stated and link; city figures stay apart."""

from __future__ import annotations

import re

import pandas as pd

from analysis.test_findings import claims, events, found, sources
from conftest import make_claim
from kzreport.analysis import findings as fd
from kzreport.report import prose

DOCUMENTS = {"taz_2022": "taz", "accord_2024": "ACCORD", "crimethinc_2022": "CrimethInc.",
             "europarl_2022": "European Parliament", "amnesty_2022": "Amnesty International"}
LABELS = {"killed": "Killed", "detained": "Detained", "killed_security_forces": "Killed among the security forces"}


def with_teaser() -> pd.DataFrame:
    return pd.concat([claims(), pd.DataFrame([make_claim(
        "taz_2022-c011", value_text="225", value=225.0, claimant="taz", claimant_type="media", reported_on="2022",
        judgements="attribution;date_assumed;related_article")])])


def rows(nationwide=True):
    table = fd.low_high(with_teaser(), ["killed", "killed_security_forces", "detained"], sources(), nationwide=nationwide)
    return str(prose.render("tolls/low_high.html.j2", rows=fd.low_high_rows(table), labels=LABELS, documents=DOCUMENTS,
                            caption="c"))


def test_low_high_rows_show_bounds_claimant_dates_and_scope():
    html = rows()
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in re.findall(r"<tr>(.*?)</tr>", html) if "<td" in r]
    by_id = {re.search(r'#claim-([^"]+)"', c[0]).group(1): c for c in cells}
    assert by_id["crimethinc_2022-c005"][1:] == ["164", "open", "Kazakh Ministry of Internal Affairs (Kazakh state)",
                                                 "not given", "CrimethInc., January 2022", "nation-wide"]
    assert by_id["europarl_2022-c004"][1:3] == ["open", "9,999"]  # "fast 10 000"
    assert by_id["accord_2024-c065"][4:6] == ["2022", "ACCORD, 26 April 2024"]  # stated apart from printed
    assert by_id["taz_2022-c011"][4] == "not given: a teaser of a related, probably later article"
    # at phone width each cell shows its column's name (the header row is hidden there)
    assert re.findall(r'<td data-label="([^"]+)">', html)[:7] == ["Figure (as printed)", "Low", "High", "Claimant", "Stated",
                                                                   "Printed in", "Scope"]
    assert 'colspan="7">Killed among the security forces</th>' in html
    assert "taz_2022-c004" not in html and "taz_2022-c004" in rows(nationwide=False)


def test_deaths_prose_names_the_conflict_the_teaser_the_civilians_and_the_cities():
    t = fd.toll(with_teaser(), sources(), ["killed_security_forces", "torture_deaths_in_custody"], LABELS)
    f = fd.findings(with_teaser(), events(), sources(), closure_claimant="", conviction_claimants=[])
    text = prose.render("tolls/deaths.md.j2", f=f, t=t, documents=DOCUMENTS)
    assert "The earliest official death toll in these five documents is [164](#claim-taz\\_2022-c003)" in text
    assert "not necessarily the first the state announced" in text
    assert "as [at least 164](#claim-crimethinc\\_2022-c005), to the Kazakh Ministry of Internal Affairs" in text
    assert "Other official tolls: [238](#claim-accord\\_2024-c065)" in text  # the same 164 is not listed again
    assert "[at least 225](#claim-europarl\\_2022-c005) (European Parliament, on 20 January 2022)" in text
    assert "[at least 238](#claim-accord\\_2024-c062)" in text
    assert "[“possibly up to 260”](#claim-accord\\_2024-c067)" in text and "*civilian* deaths" in text
    assert "the estimate is not a ceiling on the whole toll" in text
    assert "The [225](#claim-taz\\_2022-c011) dead that taz prints is the headline of a related article" in text
    assert "probably a later one (the list gives no dates)" in text
    assert "Killed among the security forces: [19](#claim-europarl\\_2022-c006)" in text
    assert "Almaty: [103](#claim-taz\\_2022-c004)" in text


def test_injured_and_detained_prose():
    text = prose.render("tolls/detained.md.j2", f=found(), documents=DOCUMENTS)
    # taz prints the 2,200 in a hedged sentence of its own („sollen“) and names no source for it
    assert ("No document gives an official count of the injured. taz writes, naming no source, that "
            "[more than 2,200](#claim-taz\\_2022-c005) people are said to have been injured (on 9 January 2022).") in text
    assert "Officially [about 5,800](#claim-taz\\_2022-c006) people had been detained" in text
    assert "CrimethInc. attributes [almost 8,000](#claim-crimethinc\\_2022-c004) arrests to the Kazakh Ministry of " \
           "Internal Affairs (undated, printed in January 2022)" in text  # the brochure prints no day
    assert "[almost 10,000](#claim-europarl\\_2022-c004)" in text and "[more than 10,000](#claim-accord\\_2024-c001)" in text


def test_text_from_the_data_is_escaped_once():
    df = with_teaser().assign(claimant=lambda d: d["claimant"].where(d["claim_id"] != "accord_2024-c062", "<b>A & B</b>"))
    table = fd.low_high(df, ["killed"], sources())
    html = str(prose.render("tolls/low_high.html.j2", rows=fd.low_high_rows(table), labels=LABELS, documents=DOCUMENTS,
                            caption="c"))
    assert "&lt;b&gt;A &amp; B&lt;/b&gt;" in html and "<b>" not in html


def _story_claim(claim_id, value_text, value, metric, **kw):
    from kzreport.analysis import story
    base = dict(qualifier="exact", low=value, high=value, is_vague=False, unit="people", claimant="European Parliament",
                claimant_type="intergovernmental", reported_on="2022-01-20", date_assumed=False, location="",
                quote="…", quote_en="…")
    base.update(kw)
    return story.Claim(claim_id, claim_id.split("-")[0], metric, value, value_text=value_text, **base)


def test_children_among_the_dead_keep_their_claimants_and_hedges():
    from kzreport.analysis import story
    toll = _story_claim("europarl_2022-c005", "mindestens 225", 225.0, "killed", qualifier="at_least", high=None)
    age = _story_claim("europarl_2022-c008", "15-jährige", 15.0, "victim_age_years", unit="years", location="Taldykorgan")
    family = story.Event("europarl_2022-e023", "europarl_2022", "2022-01-08", "day", "Military shoots dead a family",
                         "Taldykorgan", "8. Januar 2022", "…", "…", True)
    s = {"children": story.Section("toll", "children", {
        "ep_children": story.Item("ep_children", "", (), (toll,)),
        "taldykorgan_family": story.Item("taldykorgan_family", "", (family,), (age,))})}
    labels = {**LABELS, "child_victims": "Children said to be among the victims"}
    kids = make_claim("taz_2022-c012", "child_victims", "ein vierjähriges Mädchen und ein zweijähriger Junge", 2.0,
                      qualifier="exact", low=2.0, high=2.0, source_id="taz_2022", claimant="taz", claimant_type="media",
                      location="")
    df = pd.concat([claims(), pd.DataFrame([kids])], ignore_index=True)
    t = fd.toll(df, sources(), ["child_victims"], labels)
    f = fd.findings(df, events(), sources(), closure_claimant="", conviction_claimants=[])
    text = prose.render("tolls/deaths.md.j2", f=f, t=t, s=s, documents=DOCUMENTS)
    # taz names two children („sollen“: said to be); no „mindestens“
    assert "Children said to be among the victims: [two](#claim-taz\\_2022-c012)" in text
    assert ("The European Parliament counts children among the [at least 225](#claim-europarl\\_2022-c005) dead it gives "
            "(stated on 20 January 2022) and mentions the [15](#claim-europarl\\_2022-c008)-year-old daughter of two peaceful "
            "civilians it names, shot dead by the military with her parents in Taldykorgan on "
            "[8 January 2022](#event-europarl\\_2022-e023).")  # the EP names the parents, not the girl in text
    # without the story's rows the sentence is left out, and nothing breaks
    assert "counts children among" not in prose.render("tolls/deaths.md.j2", f=f, t=t, documents=DOCUMENTS)


def test_the_caveats_on_the_tolls_are_stated_with_their_rows():
    from kzreport.analysis import story
    warn = story.Event("europarl_2022-e046", "europarl_2022", "2022-01", "month", "…", "", "Januar 2022", "…", "…", True)
    moi = _story_claim("crimethinc_2022-c005", "mindestens 164", 164.0, "killed", claimant="Kazakh Ministry of Internal Affairs")
    s = {"caveats": story.Section("toll", "caveats", {"real_higher": story.Item("real_higher", "", (warn,), ()),
                                                      "higher_circulating": story.Item("higher_circulating", "", (), (moi,))})}
    t = fd.toll(claims(), sources(), [], LABELS)
    for name, values in (("tolls/deaths.md.j2", {"t": t}), ("findings/findings.md.j2", {})):
        text = prose.render(name, f=found(), s=s, documents=DOCUMENTS, **values)
        assert ("European Parliament warns that [the real figures are probably higher](#event-europarl\\_2022-e046) "
                "but hard to verify") in text, name
        assert "CrimethInc. adds that [far higher figures have been circulating](#claim-crimethinc\\_2022-c005) since." in text


def test_the_earliest_figure_not_from_the_state_says_when_its_source_is_not_given():
    df = claims()
    df.loc[df["claim_id"] == "europarl_2022-c005", "judgements"] = "attribution"
    f = fd.findings(df, events(), sources(), closure_claimant="", conviction_claimants=[])
    for name, values in (("tolls/deaths.md.j2", {"t": fd.toll(df, sources(), [], LABELS)}), ("findings/findings.md.j2", {})):
        text = prose.render(name, f=f, documents=DOCUMENTS, **values)
        assert "The earliest dated figure not attributed to the state is [at least 225](#claim-europarl\\_2022-c005) (European " \
               "Parliament, on 20 January 2022), which does not say where it comes from." in text, name
    assert "does not say where it comes from" not in prose.render("findings/findings.md.j2", f=found(), documents=DOCUMENTS)
