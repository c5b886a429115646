"""report/templates/timeline: each value of the analysis records reaches the text, and text from the data is
escaped (HTML in captions and alt texts, HTML and Markdown in the prose)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kzreport.analysis import timeline as tl
from kzreport.report import prose
from kzreport.report.charts.timeline import MACROS

D = dt.date


def md(template: str, **values) -> str:
    return prose.render(f"timeline/{template}.md.j2", **values)


def html(template: str, **values) -> str:
    return str(prose.render(f"timeline/{template}.html.j2", **values))


OVERVIEW = tl.Overview(
    start=D(2022, 1, 1), end=D(2022, 1, 23), lanes=("Protests", "State measures"), events=71, documents=4,
    by_lane=(("Protests", 52), ("State measures", 19)), day_known=43, marks=27, shared_marks=1,
    imprecise=(tl.Imprecise("month", 12, ("2022-01", "2022-02")), tl.Imprecise("year", 9, ("2022",))), by_hand=1)


def overview(**changes) -> tl.Overview:
    return dataclasses.replace(OVERVIEW, **changes)


# ---------------------------------------------------------------------------- the window in numbers
def test_overview_states_every_value():
    text = md("overview", o=overview(), figure="2.1")
    assert text.startswith("Between 1–23 January 2022, the evidence holds 71 events in the categories shown, "
                           "printed by 4 documents (Protests 52 and State measures 19).")
    assert "43 are known to the day; they make 27 marks in figure 2.1" in text
    assert "1 mark stands for reports by more than one document" in text
    assert ("12 events are known only to the month (January 2022 and February 2022) and 9 events only to the year "
            "(2022): the documents do not say on which day") in text
    assert "1 date was printed as a weekday or a relative date (*am Sonntag*, *am nächsten Morgen*)" in text


def test_overview_agrees_in_number_and_leaves_out_what_is_not_there():
    text = md("overview", o=overview(shared_marks=2, imprecise=(tl.Imprecise("month", 1, ("2022-01",)),), by_hand=0),
              figure="2.1")
    assert "2 marks stand for" in text and "1 event is known only to the month (January 2022): the" in text
    assert "only to the year" not in text and "weekday" not in text
    assert "stripe" not in md("overview", o=overview(imprecise=()), figure="2.1")


def test_overview_of_an_empty_window():
    text = md("overview", o=overview(events=0, start=D(2022, 3, 1), end=D(2022, 3, 5)), figure="2.1")
    assert text.strip() == "No event of the categories shown (Protests and State measures) can be dated to 1–5 March 2022."


def test_lane_names_are_escaped_once():
    text = md("overview", o=overview(by_lane=(("Q&A *lane*", 3),)), figure="2.1")
    assert "(Q&amp;A \\*lane\\* 3)" in text and "&amp;amp;" not in text


def test_busiest_days():
    b = tl.BusyDays(13, (tl.BusyDay(D(2022, 1, 4), 7, 3), tl.BusyDay(D(2022, 1, 6), 1, 1)))
    assert md("busiest_days", b=b).strip() == (
        "Events known to the day fall on 13 days of the window. The days with the most reported events are "
        "4 January 2022 (7 events from 3 documents) and 6 January 2022 (1 event from 1 document).")
    assert md("busiest_days", b=tl.BusyDays(0, ())).strip() == "No event in this window is known to the day."


# ---------------------------------------------------------------------------- the sequence
FIRST = tl.FirstProtest(D(2022, 1, 1), 1, ("c-e1",), D(2022, 1, 2), 3, ("a-e1", "b_x-e1"))
STEPS = [tl.KeyEventDates("state_of_emergency", "a state of emergency is declared", ((D(2022, 1, 5), ("ep-e25",)),)),
         tl.KeyEventDates("csto", "CSTO troops arrive", ((D(2022, 1, 6), ("ep-e26",)), (D(2022, 1, 7), ("taz-e7", "taz-e8"))))]


def test_sequence_names_the_first_protest_and_each_key_event_with_its_ids():
    text = md("sequence", first=FIRST, steps=STEPS)
    assert ("In this window, the first protest dated to the day falls on 1 January 2022, in 1 document (c-e1); "
            "3 documents date protests to 2 January 2022 (a-e1, b\\_x-e1).") in text
    assert "Then a state of emergency is declared on 5 January 2022 (ep-e25); CSTO troops arrive on " in text
    # two documents giving different days: both are shown
    assert "CSTO troops arrive on documents disagree: 6 January 2022 (ep-e26); 7 January 2022 (taz-e7, taz-e8)." in text


def test_sequence_without_a_shared_day_without_steps_or_without_anything():
    alone = tl.FirstProtest(D(2022, 1, 1), 2, ("c-e1", "d-e1"), None, 0, ())
    assert md("sequence", first=alone, steps=[]).strip() == (
        "In this window, the first protest dated to the day falls on 1 January 2022, in 2 documents (c-e1, d-e1).")
    assert md("sequence", first=None, steps=STEPS[:1]).strip() == (
        "Then a state of emergency is declared on 5 January 2022 (ep-e25).")
    assert md("sequence", first=None, steps=[]).strip() == "None of the key events of the unrest falls in this window."


def test_key_event_words_from_curation_are_escaped():
    step = tl.KeyEventDates("k", "<b>troops</b> [arrive]", ((D(2022, 1, 6), ("x-e1",)),))
    text = md("sequence", first=None, steps=[step])
    assert "<b>" not in text and "&lt;b&gt;troops&lt;/b&gt; \\[arrive\\]" in text


# ---------------------------------------------------------------------------- the long view
STORY = tl.LongViewStory(
    events=174, split_year=2022, earlier=57, earlier_documents=5, earlier_years=((2021, 11, 3), (2011, 10, 1)),
    named=(("the Jeltoqsan uprising", "1986", ("c-e24", "c-e26")), ("UN CAT publishes", "2023-06-08", ("a-e58",))),
    judicial=13, judicial_by_year=((2022, 7), (2023, 6)), judicial_first="2022-02-25", judicial_last="2023-08-23",
    reports_year=2024, reports=(("HRW <i>World Report</i>", "2024-01-11", "a-e59"), ("BTI", "2024-03", "a-e2")))


def test_long_view_states_every_value():
    text = md("long_view", s=STORY)
    assert ("The documents recall 57 earlier events (before 2022; 5 documents); the years named most often are "
            "2021 (11 events, 3 documents) and 2011 (10 events, 1 document).") in text
    assert ("Named on the chart: the Jeltoqsan uprising: 1986 (c-e24, c-e26); UN CAT publishes: 8 June 2023 "
            "(a-e58).") in text
    assert "Trials and investigations: 13 events, 7 in 2022 and 6 in 2023, from 25 February 2022 to 23 August 2023." in text
    assert ("Reports published in 2024: HRW &lt;i&gt;World Report&lt;/i&gt; (11 January 2024, a-e59); "
            "BTI (March 2024, a-e2).") in text
    assert len([p for p in text.split("\n\n") if p.strip()]) == 4  # one paragraph each


def test_long_view_leaves_out_what_is_not_there():
    text = md("long_view", s=tl.LongViewStory(3, 2022, 0, 0, (), (), 0, (), "", "", None, ()))
    assert text.strip() == ""
    assert md("long_view", s=tl.LongViewStory(0, 2022, 0, 0, (), (), 0, (), "", "", None, ())).strip() == (
        "No events in the long view.")


def test_events_table_intro():
    assert "Every event of the window (66 rows): known to the day first" in md("events_table", n=66)
    assert "(1 row)" in md("events_table", n=1)
    assert md("events_table", n=0).strip() == "No events to list."


# ---------------------------------------------------------------------------- figure captions and alt texts
DAY = tl.DayFigureFacts(
    start=D(2022, 1, 1), end=D(2022, 1, 23), lanes=("Protests", "State measures"), documents=5, day_known=46, marks=30,
    segments=((D(2022, 1, 1), D(2022, 1, 12)), (D(2022, 1, 23), D(2022, 1, 23))),
    cuts=((D(2022, 1, 13), D(2022, 1, 22)),), imprecise=20,
    busiest=(tl.BusyDay(D(2022, 1, 4), 7, 3), tl.BusyDay(D(2022, 1, 6), 6, 3)),
    labels=(("Protests <begin>", D(2022, 1, 2)), ("CSTO withdrawal deadline", D(2022, 1, 23))),
    stripes=(("Protests", "month", 6), ("State measures", "year", 3)))


def test_day_figure_caption():
    text = html("day_figure_caption", f=DAY)
    assert text.startswith("Events of 1–23 January 2022 by category, as dated in 5 documents.")
    assert "(46 events known to the day in 30 marks)" in text
    assert "Days without any event are cut from the axis (13–22 January 2022)." in text
    assert "Shaded or hatched stripes: 20 events known only to the month or year, counted at the right." in text
    plain = html("day_figure_caption", f=dataclasses.replace(DAY, cuts=(), imprecise=0))
    assert "cut from the axis" not in plain and "stripes" not in plain


def test_day_figure_alt_text():
    text = html("day_figure_alt", f=DAY)
    assert text.startswith("Timeline chart with 2 lanes (Protests, State measures) and one column per day: "
                           "1–12 January 2022; 23 January 2022. 30 marks stand for 46 events known to the day.")
    assert "Busiest days: 4 January 2022 (7 events), 6 January 2022 (6 events)." in text
    assert "Labelled: Protests &lt;begin&gt; (2 January 2022), CSTO withdrawal deadline (23 January 2022)." in text
    assert text.endswith("Stripes across lanes: Protests 6 known only to the month, State measures 3 known only to the year.")


LONG = tl.LongViewFacts(
    start=D(2022, 1, 1), end=D(2022, 1, 23), events=174, documents=5, lanes=("Earlier events", "Protests"),
    first_date="1986", last_date="2024-04-26", first_year=1986, last_year=2024, axis_years=(1986, 2024),
    split_year=2022, years_until=2021, marks=67, day_known=84, month_only=44, year_only=46,
    by_lane=(("Earlier events", 57), ("Protests", 24)),
    largest=(("Protests", "2022-01", "day", 17), ("Security operations", "2022-01", "month", 8)))


def test_long_figure_caption():
    assert html("long_figure_caption", f=LONG) == (
        "174 events from 5 documents in 2 lanes, 1986 to 26 April 2024, combined into 67 marks. Filled markers: known "
        "to the day (84); hollow markers with a bracket: known only to the month (44); bars: known only to the year "
        "(46). The axis changes scale in 2022.")


def test_long_figure_alt_text():
    text = html("long_figure_alt", f=LONG)
    assert text.startswith("Timeline from 1986 to 2024 with lanes Earlier events, Protests; years on the left until "
                           "2021, months on the right from 2022. Events per lane: Earlier events 57, Protests 24.")
    assert ("Largest marks: Protests January 2022, known to the day (17 events), Security operations January 2022, "
            "known only to the month (8 events).") in text
    assert text.endswith("The days 1–23 January 2022 are shaded.")


def test_a_figure_without_documents_says_so():
    assert html("no_source") == "Source: none of the documents dates an event in this window."


# ---------------------------------------------------------------------------- the chapter's words
@pytest.mark.parametrize("precision, known_to, known", [("day", "day", "known to the day"),
                                                        ("month", "month only", "known only to the month"),
                                                        ("year", "year only", "known only to the year")])
def test_words_for_how_well_a_date_is_known(precision, known_to, known):
    say = prose.macros(MACROS)
    assert str(say.known_to(precision)) == known_to and str(say.known(precision)) == known


def test_words_for_how_a_date_was_read_and_on_the_charts():
    say = prose.macros(MACROS)
    assert str(say.how_read(True)) == "read from the text" and str(say.how_read(False)) == "resolved by hand"
    assert str(say.day_title(D(2022, 1, 1), D(2022, 1, 23))) == "What happened when: 1–23 January 2022, day by day"
    assert str(say.stripe_count(6, ["2022-01"])) == "6 in January 2022"
    assert str(say.stripe_count(6, ["2022-01", "2022-02"])) == "6 in 2 periods"
    assert str(say.long_subtitle(2021, 2022, D(2022, 1, 4), D(2022, 1, 8), "2.1")) == (
        "Years until 2021 (empty stretches cut), months from 2022; shaded: 4–8 January 2022, the days of figure 2.1")
    assert [str(say.size_key(n)) for n in (1, 5)] == ["1 event", "5"]
