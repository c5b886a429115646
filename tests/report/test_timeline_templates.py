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
# ---------------------------------------------------------------------------- the sequence
FIRST = tl.FirstProtest(D(2022, 1, 1), 1, ("c-e1",), D(2022, 1, 2), 3, ("a-e1", "b_x-e1"))
STEPS = [tl.KeyEventDates("state_of_emergency", "a state of emergency is declared", ((D(2022, 1, 5), ("ep-e25",)),)),
         tl.KeyEventDates("csto", "CSTO troops arrive", ((D(2022, 1, 6), ("ep-e26",)), (D(2022, 1, 7), ("taz-e7", "taz-e8"))))]


# ---------------------------------------------------------------------------- the long view
STORY = tl.LongViewStory(
    events=174, split_year=2022, earlier=57, earlier_documents=5, earlier_years=((2021, 11, 3), (2011, 10, 1)),
    named=(("the Jeltoqsan uprising", "1986", ("c-e24", "c-e26")), ("UN CAT publishes", "2023-06-08", ("a-e58",))),
    judicial=13, judicial_by_year=((2022, 7), (2023, 6)), judicial_first="2022-02-25", judicial_last="2023-08-23",
    reports_year=2024, reports=(("HRW <i>World Report</i>", "2024-01-11", "a-e59"), ("BTI", "2024-03", "a-e2")))


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
    assert text.startswith("Events of 1–23 January 2022 by category, as dated in five documents.")
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
        "174 events from five documents in 2 lanes, 1986 to 26 April 2024, combined into 67 marks. Filled markers: known "
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
