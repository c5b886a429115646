"""report/templates/what_happened, torture, caseworkers and _story.j2: every statement reaches the text linked to
the rows it rests on, figures keep their qualifiers, dates their precision, and text from the data is escaped."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from markupsafe import escape

from conftest import make_claim, make_event, make_evidence, make_source
from kzreport.analysis import story
from kzreport.report import figures, prose

SECTIONS = {
    "what_happened": ["beginning", "spread", "almaty_fifth", "almaty_sixth", "seventh", "eighth_ninth", "end", "power"],
    "torture": ["detention", "methods", "children", "deaths", "terrorists"],
    "caseworkers": ["patterns", "cases", "charges"],
}


@pytest.fixture(scope="module")
def project(processed):
    ev = processed["evidence"]
    sec = {ch: story.sections(ev.curation.story, ev.events, ev.claims, ch) for ch in SECTIONS}
    return {"ev": ev, "sec": sec, "docs": figures.document_names(ev.sources)}


def render(project, chapter: str, key: str) -> str:
    s = project["sec"][chapter][key]
    return prose.render(f"{chapter}/{key}.md.j2", s=s, i=s.items, docs=project["docs"])


def targets(text: str) -> set[str]:
    """The ids the text links to (Markdown escapes '_' in a link target as '\\_')."""
    return {m.replace("\\_", "_") for m in re.findall(r"\]\(#(?:event|claim)-([^)\s]+)\)", text)}


@pytest.mark.parametrize("chapter,key", [(c, k) for c, ks in SECTIONS.items() for k in ks])
def test_every_statement_links_to_a_row_it_rests_on(project, chapter, key):
    text = render(project, chapter, key)
    linked = targets(text)
    for item in project["sec"][chapter][key].items.values():
        ids = {e.id for e in item.events} | {c.id for c in item.claims}
        assert ids & linked, f"{chapter}/{key}: {item.key} is not linked ({sorted(ids)})"


@pytest.mark.parametrize("chapter,key", [(c, k) for c, ks in SECTIONS.items() for k in ks])
def test_the_prose_has_no_ids_snake_case_or_field_names(project, chapter, key):
    text = re.sub(r"\]\(#[^)]*\)", "]", render(project, chapter, key))  # link targets are not prose
    assert not re.findall(r"\b[a-z]+_[a-z_0-9]+\b", text.replace("\\_", "_"))
    assert not re.search(r"\w+: \d+ \(\d+\)", text)


def test_what_happened_states_the_conflicts(project):
    text = "".join(render(project, "what_happened", k) for k in SECTIONS["what_happened"])
    # protests began on 1 or 2 January: CrimethInc. says both
    assert "[1 January](#event-crimethinc\\_2022-e020)" in text and "[2 January](#event-crimethinc\\_2022-e016)" in text
    # the loss of Almaty: 5 January in CrimethInc., no day in ACCORD
    assert "puts the loss of Almaty on [5 January](#event-crimethinc\\_2022-e046)" in text
    assert "gives no day for it" in text and "do not agree on a day" not in text
    assert "Only CrimethInc. gives a day" in text
    # life imprisonment is taz's own statement, not the government's (E1)
    assert "taz adds, in its own words, that the accused" in text
    # the night of the looting as the interviewee gives it (E3); CrimethInc.'s words about the women (E11)
    assert "in the night to 5 January or early on 6 January (the interviewee gives both)" in text
    assert "CrimethInc. notes that the two women were not at the clashes" in text
    # CSTO troops: both documents' numbers, each linked
    for figure, claim in [("2,700", "taz\\_2022-c007"), ("2,000", "taz\\_2022-c008"), ("300", "taz\\_2022-c009"),
                          ("3,000", "crimethinc\\_2022-c012"), ("500", "crimethinc\\_2022-c011")]:
        assert f"[{figure}](#claim-{claim})" in text
    # the first tolls with their qualifiers and ministries
    assert "[164](#claim-taz\\_2022-c003)" in text and "[at least 164](#claim-crimethinc\\_2022-c005)" in text
    assert "[more than 2,200](#claim-taz\\_2022-c005)" in text and "[about 5,800](#claim-taz\\_2022-c006)" in text
    # the end of the fighting: what the media reported, not the end itself
    assert "CrimethInc. gives no day on which the fighting itself stopped" in text
    # I6: BTI (via ACCORD) ends the unrest on 11 January ("from January 2 to January 11")
    assert "ends the unrest on [11 January](#event-accord\\_2024-e004), the day of the announcement" in text
    # I2: CrimethInc.'s garbled Armenia/Tajikistan figure as printed, the Kyrgyz soldiers, the dates of both counts
    assert "[„bis zu 200 Hundert“](#claim-crimethinc\\_2022-c025)" in text and "Kyrgyz soldiers" in text
    assert "counts, as current on 9 January 2022, [2,700]" in text and "text of 12 January 2022" in text
    assert "elsewhere in the same article it gives [300]" in text  # taz's "Aktuell" covers the 2,700 and 2,000 only
    # I3, I4: taz's "welche Aufgaben … derzeit unklar"; the EP's "entsandt" apart from taz's "eingetroffen"
    assert 'what tasks they had was "currently unclear"' in text and "CSTO forces were sent to Kazakhstan" in text
    # I5: taz hedges the injured ("sollen verletzt worden sein"); I12: the dismissed deputy secretary named
    assert '"are said to have been injured"' in text and "Asamat Abdymomunov" in text
    # I20: "auch andere Städte und Dörfer in Westkasachstan"; I21: Amnesty's undated order, the interviewees' turn
    assert "other towns and villages in western Kazakhstan" in text
    assert "open fire without warning ([Amnesty International](#event-amnesty\\_2022-e023))" in text
    assert "CrimethInc.'s interviewees in Almaty note the turn" in text
    # the power struggle and the official framing
    assert "Karim Massimov" in text and "high treason" in text and "attempted coup" in text


def test_torture_keeps_at_least_six_and_the_names_from_the_data(project):
    text = "".join(render(project, "torture", k) for k in SECTIONS["torture"])
    assert "[at least six](#claim-accord\\_2024-c066)" in text  # as the source prints it, a small count in words
    # I9: the named deaths are not said to be among the six; the posthumous prosecutions are not about torture
    assert "does not say whether they are among the deaths the government counted" in text
    assert "On a different matter, not torture, Human Rights Watch" in text
    # the toll is paraphrased, not quoted: the source prints "at least six" (E4)
    assert '"including' not in text
    # one video confession, told by CrimethInc.'s Almaty interviewees (E8)
    assert "At least one detainee was made to" in text and "interviewees in Almaty" in text
    # the span the European Parliament prints, 3 and 4 January (E5)
    assert "[3–4 January 2022](#event-europarl\\_2022-e020)" in text
    for key in ("anafiyaev", "mukashev", "zhotabayev"):
        assert project["sec"]["torture"]["deaths"].items[key].label in text
    assert "life imprisonment" in text and "[13](#claim-accord\\_2024-c047)" in text


def test_caseworkers_mamai_arrest_and_court_order_on_their_own_days(project):
    cases = render(project, "caseworkers", "cases")
    assert "[25 February 2022](#event-amnesty\\_2022-e014)" in cases
    assert "[14 March 2022](#event-amnesty\\_2022-e001)" in cases
    charges = render(project, "caseworkers", "charges")
    assert "arrested on [25 February 2022](#event-amnesty\\_2022-e014)" in charges
    assert "[15](#claim-amnesty\\_2022-c001) days" in charges
    # Mamai's part in the protests on 4 and 5 January, shown as the span (E6)
    assert "[4–5 January 2022](#event-amnesty\\_2022-e011)" in cases
    # the 1,200 convictions: the Prosecutor General's office's figure, paraphrased (E4)
    assert "according to the Prosecutor General's office" in charges and '"been one-sided' not in charges
    # I1: Mamai's articles as Amnesty prints them, and the two defenders the European Parliament names
    assert "Paragraf 378" in charges and "Paragraf 488, Teil 11" in charges and "politically motivated retaliation" in charges
    assert "Raygül Sadırbaeva" in charges and "Aliya Isenova" in charges
    # I10: USDOS "ongoing at year's end" names no month
    assert "at the end of [2022](#event-accord\\_2024-e050)" in charges


def test_places_table_links_each_day_and_counts_month_only_events(project):
    places = story.places_and_days(project["ev"].events, "2022-01-01", "2022-01-31", exclude=("Kazakhstan",))
    text = prose.render("caseworkers/places.md.j2", places=places, start="2022-01-01", end="2022-01-31", docs=project["docs"])
    assert "1–31 January 2022" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| Place")]
    assert len(rows) == len(places)
    assert rows[0].startswith("| Zhanaozen (printed: ") and "| [1 January](#event-" in rows[0]
    # a place is named as the documents print it, too: the capital was Nur-Sultan in January 2022 (B I16)
    assert any(r.startswith("| Astana (printed: Nur-Sultan) |") for r in rows)
    assert "only events the data give a place for" in text


def test_sources_name_every_document_with_how_it_knows(project):
    docs = story.documents(project["ev"].sources, project["sec"]["caseworkers"]["sources"])
    text = prose.render("caseworkers/sources.md.j2", documents=docs, docs=project["docs"])
    for d in docs:
        assert f"**{project['docs'][d.source_id]}**" in text
        for item in d.basis:
            assert str(escape(item.label)) in text
    # I18: a figure's item links its date, not a claimant label; I17: CrimethInc.'s translated sources, taz's CSTO count
    assert "( Kazakh" not in text and "([Kazakh" not in text
    assert "translates Russian anarchist sources (Anarchist Fighter on Telegram) ([January 2022](#event-crimethinc\\_2022-e063))" in text
    assert "gives the CSTO troop numbers without a source ([9 January 2022](#claim-taz\\_2022-c007))" in text


def test_caseworkers_name_the_european_parliaments_people_and_no_one_missing_after_arrest(project):
    cases = render(project, "caseworkers", "cases")
    # E7: the EP's named victims and detainees, each linked to its row; Abjan and Akhmediyarov also from the EP
    for name, event in [("Nuraliya Aytkulova", "europarl\\_2022-e040"), ("Wassili Polonski", "europarl\\_2022-e041"),
                        ("Saniya Toyken", "europarl\\_2022-e042"), ("Raygül Sadırbaeva", "europarl\\_2022-e043"),
                        ("Aliya Isenova", "europarl\\_2022-e044"), ("Asamat Abdymomunov", "taz\\_2022-e006")]:
        row = next(line for line in cases.splitlines() if line.startswith("| ") and name in line.split("|")[1])
        assert f"(#event-{event})" in row
    for name in ("Makhambet Abjan", "Lukpan Akhmediyarov"):
        row = next(line for line in cases.splitlines() if line.startswith(f"| {name}"))
        assert "European Parliament" in row and "CrimethInc." in row
    patterns = render(project, "caseworkers", "patterns")
    # E8: one case; E9: nobody is reported missing after an arrest
    assert "one case (Vicram Ruzakhunov)" in patterns and "after arrest" not in patterns
    missing = next(line for line in patterns.splitlines() if "reported missing" in line)
    assert "European Parliament" in missing
    # I14: shootings apart from the orders to shoot; taz's night to 9 January; the EP's snipers, activists, journalists
    shootings = next(line for line in patterns.splitlines() if line.startswith("| Shootings"))
    for event in ("taz\\_2022-e001", "europarl\\_2022-e040", "europarl\\_2022-e041", "europarl\\_2022-e045"):
        assert f"(#event-{event})" in shootings
    assert "(#event-taz\\_2022-e002)" not in shootings and "| Orders to shoot (not shootings) |" in patterns
    # I15: Freedom House's "denied legal representation"
    assert "denied a lawyer" in patterns


def test_accords_cited_reports_carry_their_own_publication_dates(project):
    docs = story.documents(project["ev"].sources, project["sec"]["caseworkers"]["sources"])
    text = prose.render("caseworkers/sources.md.j2", documents=docs, docs=project["docs"])
    # E10: the dates ACCORD's source list gives its reports, Freedom House among them
    for words, when in [("BTI 2024 country report", "March 2024"), ("concluding observations", "8 June 2023"),
                        ("World Report 2024", "11 January 2024"), ("human-rights report for 2022", "2023"),
                        ("report on terrorism for 2022", "November 2023"), ("human-rights report for 2023", "23 April 2024"),
                        ("Freedom in the World 2024", "2024")]:
        assert re.search(re.escape(words) + r" \(\[" + re.escape(when) + r"\]", text), words


# ---------------------------------------------------------------------------- the shared macros, on hand-made rows
def _one(*, claims=(), events=(), label=""):
    ev = make_evidence(claims=claims, events=events)
    cur = pd.DataFrame([{"chapter": "caseworkers", "section": "cases", "item": "x", "label": label,
                         "event_ids": " ".join(e["event_id"] for e in events),
                         "claim_ids": " ".join(c["claim_id"] for c in claims)}])
    return story.sections(cur, ev.events, ev.claims, "caseworkers")["cases"]


def test_figures_keep_their_qualifier_bounds_and_vague_words():
    m = prose.macros("_story.j2", "md")
    sec = _one(claims=[make_claim("a-c1", value_text="fast 8000", value=8000.0, qualifier="almost", low=None, high=7999.0),
                       make_claim("a-c2", value_text="Tausende", value=None, qualifier="at_least", low=2000.0, high=None),
                       make_claim("a-c3", value_text="zwei bis siebeneinhalb", value=None, low=2.0, high=7.5, vague=False)])
    a, b, c = sec.items["x"].claims
    assert str(m.fig(a)) == "[almost 8,000](#claim-a-c1)"
    assert str(m.fig(b)) == "[thousands („Tausende“)](#claim-a-c2)"  # English first, the German as printed after
    assert str(m.fig(c)) == "[2–7.5](#claim-a-c3)"


def test_dates_keep_their_precision_and_say_when_only_the_documents_date_is_known():
    m = prose.macros("_story.j2", "md")
    sec = _one(events=[make_event("a-e1", "2022-01-05"), make_event("a-e2", "2022-01")],
               claims=[make_claim("a-c1", reported_on="2022-01-12", judgements="date_assumed"),
                       make_claim("a-c2", reported_on="2023-01")])
    e1, e2 = sec.items["x"].events
    c1, c2 = sec.items["x"].claims
    assert (str(m.on(e1)), str(m.on(e2))) == ("[5 January](#event-a-e1)", "[January 2022](#event-a-e2)")
    assert str(m.stated(c1)) == "(the text does not say when the figure was given; it is of 12 January 2022)"
    assert str(m.stated(c2)) == "stated in January 2023"


def test_a_span_of_days_the_text_prints_is_shown_whole_never_as_its_first_day():
    m = prose.macros("_story.j2", "md")
    sec = _one(events=[make_event("a-e1", "2022-01-03", "3. und 4. Januar 2022"),
                       make_event("a-e2", "2022-01-04", "4. und 5. Januar"),
                       make_event("a-e3", "2022-01-05", "5. Januar 2022")])
    e1, e2, e3 = sec.items["x"].events
    assert (e1.end, e2.end, e3.end) == ("2022-01-04", "2022-01-05", None)
    assert str(m.on(e1)) == "[3–4 January 2022](#event-a-e1)"
    assert str(m.on_full(e2)) == "[4–5 January 2022](#event-a-e2)"
    assert str(m.first_day(e1)) == "[3 January](#event-a-e1)"
    assert str(m.on(e3)) == "[5 January](#event-a-e3)"


def test_text_from_the_data_is_escaped_in_the_tables():
    sec = _one(events=[make_event("a-e1", "2022-01-05", title="*bold* <b>x</b>")], label="Name_with [link](x)")
    text = prose.render("caseworkers/cases.md.j2", s=sec, i=sec.items, docs={"a": "Doc"})
    assert "\\*bold\\*" in text and "<b>" not in text and "&lt;b&gt;" in text
    assert "Name\\_with \\[link\\](x)" in text


def test_by_names_each_document_once_linked_to_its_first_row():
    m = prose.macros("_story.j2", "md")
    sec = _one(events=[make_event("a-e1", "2022-01-05"), make_event("b-e1", "2022-01-05"), make_event("a-e2", "2022-01-06")])
    assert str(m.by(sec.items["x"], {"a": "Doc A", "b": "Doc B"})) == "([Doc A](#event-a-e1), [Doc B](#event-b-e1))"


def test_sources_without_basis_print_the_document_only():
    sources = pd.DataFrame([make_source("a", "A")])
    docs = story.documents(sources, story.Section("caseworkers", "sources"))
    text = prose.render("caseworkers/sources.md.j2", documents=docs, docs={"a": "A"})
    assert text.strip().endswith("Title of a.")


def test_the_maps_words_name_the_places_and_give_the_count_unlinked():
    places = [{"place": "Almaty", "n_events": 40, "event_ids": "b-e1 b-e2"}, {"place": "Zhanaozen", "n_events": 5, "event_ids": "a-e1"},
              {"place": "Taldykorgan", "n_events": 0, "event_ids": ""}]
    text = prose.render("what_happened/map.md.j2", places=places, unmapped=["Kazakhstan", "Western Kazakhstan"], number="1.1")
    assert text.startswith("Figure 1.1 shows every place")
    # I22: the count is the map's; no event row stands for it
    assert "The place the most events name is Almaty (40 events); the others named are Zhanaozen, Taldykorgan." in text
    assert "(Kazakhstan and Western Kazakhstan)" in text
    assert prose.render("what_happened/map.md.j2", places=[], unmapped=[], number="1.1").strip() == ""


def test_the_long_view_names_each_curated_key_event_with_its_linked_date():
    from kzreport.analysis import timeline as tl

    s = tl.LongViewStory(events=3, split_year=2022, earlier=1, earlier_documents=1, earlier_years=((1986, 1, 1),),
                         named=(("the Jeltoqsan uprising", "1986", ("a-e1",)), ("the arrest of *someone*", "2022-02-25", ("b-e2", "b-e3"))),
                         judicial=0, judicial_by_year=(), judicial_first="", judicial_last="", reports_year=None, reports=())
    text = prose.render("what_happened/long_view.md.j2", s=s, figure="2.2")
    assert "Figure 2.2 places these days" in text
    assert "the Jeltoqsan uprising ([1986](#event-a-e1)); the arrest of \\*someone\\* ([25 February 2022](#event-b-e2))." in text


def test_the_tables_and_the_documents_list_have_no_snake_case_either(project):
    places = story.places_and_days(project["ev"].events, "2022-01-01", "2022-01-31", exclude=("Kazakhstan",))
    docs = story.documents(project["ev"].sources, project["sec"]["caseworkers"]["sources"])
    for text in (prose.render("caseworkers/places.md.j2", places=places, start="2022-01-01", end="2022-01-31",
                              docs=project["docs"]),
                 prose.render("caseworkers/sources.md.j2", documents=docs, docs=project["docs"]),
                 prose.render("what_happened/intro.md.j2", first=project["sec"]["what_happened"]["beginning"].items["gas_price"].event,
                              last=project["sec"]["what_happened"]["end"].items["withdrawal"].event, docs=project["docs"])):
        prose_only = re.sub(r"\]\(#[^)]*\)", "]", text).replace("\\_", "_")
        assert not re.findall(r"\b[a-z]+_[a-z_0-9]+\b", prose_only)
    assert "The five documents of this report tell what happened in Kazakhstan in the days 1–11 January 2022" in text
