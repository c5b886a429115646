"""analysis.timeline: which events a window holds, the marks of figures 2.1 and 2.2, the busiest days, the key
events' dates and the long view in numbers, on small hand-made events."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from conftest import make_event, make_evidence
from kzreport.analysis import timeline as tl

D = dt.date
CATS = ["protest", "state_measure"]


def events(*rows) -> pd.DataFrame:
    """Processed events from (event_id, date, category[, title[, checked]]); the document is the id's prefix."""
    return make_evidence(events=[make_event(eid, date, category=cat, title=rest[0] if rest else f"title of {eid}",
                                            checked=rest[1] if len(rest) > 1 else True)
                                 for eid, date, cat, *rest in rows]).events


def key_events(*rows, figure: str = "day") -> pd.DataFrame:
    """Curated key events from (key, words, event_ids); labels and placement are not what these tests are about."""
    curated = pd.DataFrame([{"figure": figure, "key": key, "label": key.title(), "words": words, "event_ids": ids,
                             "place": "above", "align": "center"} for key, words, ids in rows])
    return tl.key_events(curated, figure)


SAMPLE = events(
    ("a-e1", "2022-01-02", "protest"),
    ("b-e1", "2022-01-02", "protest"),
    ("b-e2", "2022-01-02", "protest"),
    ("c-e1", "2022-01-01", "protest", "first protest", False),
    ("a-e2", "2022-01-05", "state_measure"),
    ("a-e3", "2022-01", "protest"),
    ("a-e4", "2022", "state_measure"),
    ("a-e5", "2022-02", "protest"),  # month outside a window ending in January
    ("a-e6", "2022-01-24", "protest"),  # day outside
    ("a-e7", "2022-01-03", "international"),  # category not shown
    ("a-e8", "2021", "protest"),  # year outside
)


def window(start="2022-01-01", end="2022-01-23", cats=CATS, ev=SAMPLE):
    w = tl.check_window(start, end, cats)
    return tl.window_events(ev, w), w


# ---------------------------------------------------------------------------- dates and parameters
def test_date_interval_spans_the_day_month_or_year():
    assert tl.date_interval("2022-01-05") == (D(2022, 1, 5), D(2022, 1, 5))
    assert tl.date_interval("2024-02") == (D(2024, 2, 1), D(2024, 2, 29))
    assert tl.date_interval("2011") == (D(2011, 1, 1), D(2011, 12, 31))


@pytest.mark.parametrize("start, end, cats, message", [
    ("2022-01-10", "2022-01-01", CATS, "start, end: start '2022-01-10' is after end '2022-01-01'"),
    ("2022-13-01", "2022-01-23", CATS, "start: '2022-13-01' is not allowed; allowed: a date as YYYY-MM-DD"),
    ("2022-01-01", "23.01.2022", CATS, "end: '23.01.2022' is not allowed"),
    ("2022-01-01", "2022-01-23", ["protest", "riot"], "categories: 'riot' is not allowed; allowed: one or more of protest"),
    ("2022-01-01", "2022-01-23", [], "categories: [] is not allowed"),
    ("2022-01-01", "2022-01-23", "protest", "categories: 'protest' is not allowed"),
])
def test_unusable_parameters_are_refused_with_a_reason(start, end, cats, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        tl.check_window(start, end, cats)


def test_the_window_keeps_its_days_and_each_category_once():
    assert tl.check_window("2022-01-01", "2022-01-02", ["protest", "protest", "international"]) == tl.Window(
        D(2022, 1, 1), D(2022, 1, 2), ("protest", "international"))


# ---------------------------------------------------------------------------- the window
def test_window_keeps_events_whose_date_can_fall_in_it_ordered_by_precision_then_date():
    win, _ = window()
    # day-known by date (lane order on the same day), then month-only, then year-only
    assert list(win["event_id"]) == ["c-e1", "a-e1", "b-e1", "b-e2", "a-e2", "a-e3", "a-e4"]
    assert list(win["lane"]) == ["Protests"] * 4 + ["State measures", "Protests", "State measures"]


def test_window_follows_start_end_and_categories():
    assert list(window("2022-01-03", "2022-01-10")[0]["event_id"]) == ["a-e2", "a-e3", "a-e4"]
    assert list(window(cats=["state_measure"])[0]["event_id"]) == ["a-e2", "a-e4"]
    assert list(window("2022-01-20", "2022-02-02")[0]["event_id"]) == ["a-e6", "a-e3", "a-e5", "a-e4"]


def test_day_marks_count_events_and_documents_per_day_and_lane():
    marks = tl.day_marks(window()[0], CATS)
    assert list(zip(marks["day"], marks["category"], marks["n_events"], marks["n_documents"])) == [
        (D(2022, 1, 1), "protest", 1, 1),
        (D(2022, 1, 2), "protest", 3, 2),
        (D(2022, 1, 5), "state_measure", 1, 1),
    ]
    assert marks["event_ids"].iloc[1] == "a-e1;b-e1;b-e2" and marks["source_ids"].iloc[1] == "a;b"


def test_busiest_days_keep_ties_at_the_cut_off():
    ev = events(("a-ex1", "2022-01-01", "protest"), ("b-ex2", "2022-01-01", "protest"),
                ("a-ex3", "2022-01-02", "protest"), ("a-ex4", "2022-01-03", "protest"),
                ("a-ex5", "2022-01-04", "protest"), ("a-ex6", "2022-01-04", "protest"))
    win, _ = window("2022-01-01", "2022-01-09", ["protest"], ev)
    busy = tl.busiest_days(win, top=2)
    assert list(busy["day"]) == [D(2022, 1, 1), D(2022, 1, 4)]  # 2 events each; 1 Jan has more documents
    assert list(busy["n_documents"]) == [2, 1]
    assert list(tl.busiest_days(win, top=3)["day"]) == [D(2022, 1, 1), D(2022, 1, 4), D(2022, 1, 2), D(2022, 1, 3)]
    b = tl.busy_days(win, top=2)
    assert b.n_days == 4 and b.days == (tl.BusyDay(D(2022, 1, 1), 2, 2), tl.BusyDay(D(2022, 1, 4), 2, 1))


def test_a_window_without_day_known_events_has_no_busiest_day():
    win, _ = window("2022-01-06", "2022-01-23")
    assert tl.busiest_days(win).empty and tl.busy_days(win) == tl.BusyDays(0, ())


def test_imprecise_counts_per_lane():
    assert tl.imprecise_counts(window()[0]).to_dict("records") == [
        {"category": "protest", "lane": "Protests", "precision": "month", "n_events": 1, "periods": "2022-01"},
        {"category": "state_measure", "lane": "State measures", "precision": "year", "n_events": 1, "periods": "2022"},
    ]


# ---------------------------------------------------------------------------- the broken axis
def test_cut_axis_cuts_long_empty_runs_only():
    assert tl.cut_axis([1, 2, 5, 12, 23], 1, 23) == [(1, 5), (12, 12), (23, 23)]
    assert tl.cut_axis([1, 2, 5], 1, 23) == [(1, 5)]  # the empty end is dropped
    assert tl.cut_axis([3, 5], 1, 7) == [(1, 7)]  # short empty ends stay
    assert tl.cut_axis([], 1, 9) == [(1, 9)]
    assert tl.cut_axis([1, 10, 30, 60], 1, 60, max_breaks=1) == [(1, 30), (60, 60)]


def test_axis_segments_and_cuts_for_january_2022():
    days = [D(2022, 1, d) for d in (1, 2, 4, 8, 12, 23)]  # empty runs of three days stay, of ten are cut
    segments = tl.axis_segments(days, D(2022, 1, 1), D(2022, 1, 23))
    assert segments == [(D(2022, 1, 1), D(2022, 1, 12)), (D(2022, 1, 23), D(2022, 1, 23))]
    assert tl.axis_cuts(segments) == [(D(2022, 1, 13), D(2022, 1, 22))]


# ---------------------------------------------------------------------------- the window in numbers
def test_overview_counts_events_documents_marks_and_precision():
    win, w = window()
    o = tl.overview(win, w)
    assert (o.start, o.end, o.lanes) == (D(2022, 1, 1), D(2022, 1, 23), ("Protests", "State measures"))
    assert (o.events, o.documents, o.by_lane) == (7, 3, (("Protests", 5), ("State measures", 2)))
    assert (o.day_known, o.marks, o.shared_marks) == (5, 3, 1)
    assert o.imprecise == (tl.Imprecise("month", 1, ("2022-01",)), tl.Imprecise("year", 1, ("2022",)))
    assert o.by_hand == 1


def test_overview_of_an_empty_window():
    win, w = window("2022-03-01", "2022-03-05", ["judicial"])
    o = tl.overview(win, w)
    assert (o.events, o.documents, o.marks, o.shared_marks, o.imprecise, o.by_lane) == (0, 0, 0, 0, (), ())


def test_day_figure_facts():
    ev = pd.concat([SAMPLE, events(("europarl_2022-e028", "2022-01-23", "protest"))], ignore_index=True)
    win, w = window(ev=ev)
    keys = key_events(("csto_withdrawal", "the deadline falls", "europarl_2022-e028"),
                      ("protests_begin", "protests begin", "a-e1 c-e1"), ("also_jan_2", "a second label", "b-e1"))
    f = tl.day_figure_facts(win, w, keys)
    assert (f.documents, f.day_known, f.marks, f.imprecise) == (4, 6, 4, 2)
    assert f.segments == ((D(2022, 1, 1), D(2022, 1, 5)), (D(2022, 1, 23), D(2022, 1, 23)))
    assert f.cuts == ((D(2022, 1, 6), D(2022, 1, 22)),)
    # one label per mark: b-e1's mark already carries "Protests_Begin"
    assert f.labels == (("Protests_Begin", D(2022, 1, 2)), ("Csto_Withdrawal", D(2022, 1, 23)))
    assert f.stripes == (("Protests", "month", 1), ("State measures", "year", 1))
    assert f.busiest[0] == tl.BusyDay(D(2022, 1, 2), 3, 2)


def test_mark_labels_take_the_first_listed_event_in_the_window():
    win, _ = window()
    marks = tl.day_marks(win, CATS)
    keys = key_events(("later", "w", "x-e9 a-e2"), ("first", "w", "c-e1"))
    labels = tl.mark_labels(marks, keys)
    assert list(zip(labels["key"], labels["day"], labels["category"])) == [
        ("first", D(2022, 1, 1), "protest"), ("later", D(2022, 1, 5), "state_measure")]


def test_figure_day_data_lists_each_event_with_its_mark():
    data = tl.figure_day_data(window()[0], CATS)
    assert list(data["event_id"]) == ["c-e1", "a-e1", "b-e1", "b-e2", "a-e2", "a-e3", "a-e4"]
    assert list(data["drawn_as"]) == ["day mark"] * 5 + ["month stripe", "year stripe"]
    assert list(data["mark"]) == ["2022-01-01"] + ["2022-01-02"] * 3 + ["2022-01-05", "2022-01", "2022"]
    assert list(data["mark_documents"].astype(object).where(data["mark_documents"].notna(), None)) == [
        1, 2, 2, 2, 1, None, None]


def test_registry_order_of_the_documents_a_figure_uses():
    sources = pd.DataFrame({"source_id": ["z", "a", "b"]})
    assert tl.registry_order(["b", "a", "b"], sources) == ["a", "b"]


# ---------------------------------------------------------------------------- key events and the sequence
SEQUENCE = pd.concat([SAMPLE, events(("europarl_2022-e025", "2022-01-05", "state_measure"),
                                     ("europarl_2022-e026", "2022-01-06", "security_operation"),
                                     ("taz_2022-e007", "2022-01-07", "security_operation"))], ignore_index=True)
DAY_KEYS = key_events(("protests_begin", "protests begin", "a-e1 c-e1"),
                      ("csto_arrival", "CSTO troops arrive", "europarl_2022-e026 taz_2022-e007"),
                      ("state_of_emergency", "a state of emergency is declared", "europarl_2022-e025"),
                      ("csto_withdrawal", "the deadline falls", "europarl_2022-e028"))


def test_first_protest_and_the_first_day_several_documents_date_protests_to():
    win, _ = window(ev=SEQUENCE, cats=CATS + ["security_operation"])
    assert tl.first_protest(win) == tl.FirstProtest(D(2022, 1, 1), 1, ("c-e1",), D(2022, 1, 2), 2,
                                                     ("a-e1", "b-e1", "b-e2"))
    same_day, _ = window("2022-01-02", "2022-01-23")
    assert tl.first_protest(same_day).shared_day is None  # the first day is also the first shared one
    assert tl.first_protest(window(cats=["state_measure"])[0]) is None


def test_key_event_dates_in_order_of_their_first_day_with_disagreeing_documents():
    win, _ = window(ev=SEQUENCE, cats=CATS + ["security_operation"])
    dates = tl.key_event_dates(win, DAY_KEYS)
    assert [k.key for k in dates] == ["protests_begin", "state_of_emergency", "csto_arrival"]
    csto = dates[2]
    assert csto.words == "CSTO troops arrive" and csto.first == D(2022, 1, 6)
    assert csto.dates == ((D(2022, 1, 6), ("europarl_2022-e026",)), (D(2022, 1, 7), ("taz_2022-e007",)))
    assert dates[0].dates == ((D(2022, 1, 1), ("c-e1",)), (D(2022, 1, 2), ("a-e1",)))
    table = tl.key_event_days(win, DAY_KEYS)
    assert list(table["key"]) == ["protests_begin", "protests_begin", "state_of_emergency", "csto_arrival", "csto_arrival"]


def test_the_sequence_leaves_protests_to_its_first_sentence_and_events_outside_the_window_out():
    win, _ = window(ev=SEQUENCE, cats=CATS + ["security_operation"])
    assert [k.key for k in tl.sequence_steps(win, DAY_KEYS)] == ["state_of_emergency", "csto_arrival"]
    later, _ = window("2022-01-06", "2022-01-23", ev=SEQUENCE)
    assert tl.sequence_steps(later, DAY_KEYS) == [] and tl.key_event_dates(later, DAY_KEYS) == []


def test_key_events_of_one_figure_with_their_ids_as_tuples():
    curated = pd.DataFrame({"figure": ["day", "long"], "key": ["a", "b"], "label": ["A", "B"], "words": ["a", "b"],
                            "event_ids": ["x-e1 y-e2", "z-e3"], "place": ["above"] * 2, "align": ["left"] * 2})
    assert tl.key_events(curated, "day")["event_ids"].tolist() == [("x-e1", "y-e2")]
    assert tl.key_events(curated, "long")["key"].tolist() == ["b"]


# ---------------------------------------------------------------------------- the long view
LONG = events(
    ("a-eh1", "1986-12-17", "historical"), ("b-eh2", "1986", "historical"), ("a-eh3", "1986", "historical"),
    ("a-eh4", "2011-12", "historical"), ("b-eh5", "2011-03", "historical"),
    ("a-ep1", "2022-01-02", "protest"), ("b-ep2", "2022-01-09", "protest"), ("a-ep3", "2022-01", "protest"),
    ("a-ej1", "2023-06-07", "judicial"), ("a-ej2", "2023", "judicial"),
    ("a-eu1", "2023-06-08", "publication"), ("a-eu2", "2024-04-26", "publication"),
    ("a-ei1", "2022-01-06", "international"),  # not a lane when international is not chosen
)


def test_long_view_lanes_add_context_around_the_chosen_categories():
    assert tl.long_view_lanes(["protest"]) == ["historical", "protest", "judicial", "publication"]
    assert tl.long_view_lanes(["judicial", "protest"]) == ["historical", "judicial", "protest", "publication"]


def test_long_view_combines_by_year_before_2022_and_by_month_after():
    lv = tl.long_view_events(LONG, ["protest"])
    assert "a-ei1" not in set(lv["event_id"])
    mark = dict(zip(lv["event_id"], lv["mark"]))
    assert mark["a-eh1"] == "historical|day|1986"
    assert mark["b-eh2"] == mark["a-eh3"] == "historical|year|1986"
    assert mark["a-eh4"] == mark["b-eh5"] == "historical|month|2011"
    assert mark["a-ep1"] == mark["b-ep2"] == "protest|day|2022-01"
    assert mark["a-ep3"] == "protest|month|2022-01"
    assert mark["a-ej2"] == "judicial|year|2023"
    counts = dict(zip(lv["event_id"], lv["mark_events"]))
    assert (counts["b-eh2"], counts["a-eh4"], counts["a-ep1"], counts["a-eu2"]) == (2, 2, 2, 1)
    marks = tl.long_marks(lv).set_index("mark")
    assert marks.loc["protest|day|2022-01", "n_documents"] == 2
    # a year-only mark spans the whole year
    assert (marks.loc["judicial|year|2023", "x0"], marks.loc["judicial|year|2023", "x1"]) == (
        D(2023, 1, 1).toordinal(), D(2023, 12, 31).toordinal())


def test_long_panels_cut_empty_years_and_end_after_the_last_month():
    panels = tl.long_panels(tl.long_view_events(LONG, ["protest"]))
    # 1987-2010 and the empty years 2012-2021 before the month axis are cut
    assert panels == [("years", 1986, 1986), ("years", 2011, 2011),
                      ("months", D(2022, 1, 1).toordinal(), D(2024, 5, 1).toordinal())]


def test_long_mark_labels_take_the_first_event_on_a_mark_not_labelled_yet():
    marks = tl.long_marks(tl.long_view_events(LONG, ["protest"]))
    keys = key_events(("jeltoqsan", "w", "a-eh3 a-eh1"), ("again", "w", "b-eh2 a-eu2"), figure="long")
    labels = tl.long_mark_labels(marks, keys)
    assert list(zip(labels["key"], labels["mark"])) == [("jeltoqsan", "historical|year|1986"),
                                                        ("again", "publication|day|2024-04")]


def test_long_view_facts_for_the_caption_and_alt_text():
    lv = tl.long_view_events(LONG, ["protest"])
    f = tl.long_view_facts(lv, tl.check_window("2022-01-01", "2022-01-23", ["protest"]))
    assert (f.events, f.documents, f.marks) == (12, 2, 9)
    assert f.lanes == ("Earlier events", "Protests", "Trials and investigations", "Reports published")
    assert (f.first_date, f.last_date, f.first_year, f.last_year, f.axis_years) == ("1986", "2024-04-26", 1986, 2024,
                                                                                 (1986, 2024))
    assert (f.split_year, f.years_until) == (2022, 2021)
    assert (f.day_known, f.month_only, f.year_only) == (6, 3, 3)
    assert f.by_lane == (("Earlier events", 5), ("Protests", 3), ("Trials and investigations", 2),
                         ("Reports published", 2))
    assert f.largest[0] == ("Earlier events", "1986", "year", 2)  # ties: the earliest first


def test_long_view_story_names_earlier_years_key_events_trials_and_the_last_years_reports():
    ev = pd.concat([LONG, events(("accord_2024-e058", "2023-06-08", "publication", "UN CAT observations"))],
                   ignore_index=True)
    lv = tl.long_view_events(ev, ["protest"])
    keys = key_events(("un_cat", "the UN CAT publishes", "accord_2024-e058"), ("absent", "never", "x-e1"), figure="long")
    s = tl.long_view_story(lv, keys)
    assert (s.earlier, s.earlier_documents) == (5, 2)
    assert s.earlier_years == ((1986, 3, 2), (2011, 2, 2))
    assert s.named == (("the UN CAT publishes", "2023-06-08", ("accord_2024-e058",)),)
    assert (s.judicial, s.judicial_by_year, s.judicial_first, s.judicial_last) == (2, ((2023, 2),), "2023", "2023-06-07")
    assert s.reports_year == 2024 and s.reports == (("title of a-eu2", "2024-04-26", "a-eu2"),)


def test_the_named_date_is_the_earliest_a_document_gives_even_if_only_a_year():
    lv = tl.long_view_events(LONG, ["protest"])
    s = tl.long_view_story(lv, key_events(("jeltoqsan", "the uprising", "a-eh1 b-eh2"), figure="long"))
    assert s.named == (("the uprising", "1986", ("b-eh2", "a-eh1")),)  # the year-only date sorts first
