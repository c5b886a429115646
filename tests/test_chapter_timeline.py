"""The timeline chapter: unit tests on small hand-made tables, and the notebook run end to end."""

from __future__ import annotations

import datetime as dt
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from kzreport import chapter_timeline as ch  # noqa: E402
from kzreport import config  # noqa: E402

D = dt.date


def events(*rows) -> pd.DataFrame:
    """Events as the processed table has them: (event_id, date, category, source_id[, title[, checked]])."""
    out = []
    for r in rows:
        eid, date, cat, sid = r[:4]
        title = r[4] if len(r) > 4 else f"title of {eid}"
        checked = r[5] if len(r) > 5 else True
        prec = {10: "day", 7: "month", 4: "year"}[len(date)]
        out.append({"event_id": eid, "date": date, "date_precision": prec, "title": title, "category": cat,
                    "location": "", "source_id": sid, "quote": "q", "quote_en": "q", "date_text": f"as printed {eid}",
                    "is_date_checked": checked, "location_as_printed": "", "quote_match": "verbatim", "note": ""})
    return pd.DataFrame(out)


CATS = ["protest", "state_measure"]

SAMPLE = events(
    ("a-e1", "2022-01-02", "protest", "a"),
    ("b-e1", "2022-01-02", "protest", "b"),
    ("b-e2", "2022-01-02", "protest", "b"),
    ("c-e1", "2022-01-01", "protest", "c", "first protest", False),
    ("a-e2", "2022-01-05", "state_measure", "a"),
    ("a-e3", "2022-01", "protest", "a"),
    ("a-e4", "2022", "state_measure", "a"),
    ("a-e5", "2022-02", "protest", "a"),  # month outside a window ending in January
    ("a-e6", "2022-01-24", "protest", "a"),  # day outside
    ("a-e7", "2022-01-03", "international", "a"),  # category not shown
    ("a-e8", "2021", "protest", "a"),  # year outside
)


def window(start="2022-01-01", end="2022-01-23", cats=CATS):
    return ch.window_events(SAMPLE, start, end, cats)


# ---------------------------------------------------------------------------- dates and parameters
def test_date_interval_spans_the_day_month_or_year():
    assert ch.date_interval("2022-01-05") == (D(2022, 1, 5), D(2022, 1, 5))
    assert ch.date_interval("2024-02") == (D(2024, 2, 1), D(2024, 2, 29))
    assert ch.date_interval("2011") == (D(2011, 1, 1), D(2011, 12, 31))


def test_fmt_range():
    assert ch.fmt_range(D(2022, 1, 1), D(2022, 1, 23)) == "1–23 January 2022"
    assert ch.fmt_range(D(2022, 1, 28), D(2022, 2, 3)) == "28 January – 3 February 2022"
    assert ch.fmt_range(D(2021, 12, 30), D(2022, 1, 2)) == "30 December 2021 – 2 January 2022"
    assert ch.fmt_range(D(2022, 1, 5), D(2022, 1, 5)) == "5 January 2022"


@pytest.mark.parametrize("start, end, cats, message", [
    ("2022-01-10", "2022-01-01", CATS, "after end"),
    ("2022-13-01", "2022-01-23", CATS, "start must be a date"),
    ("2022-01-01", "23.01.2022", CATS, "end must be a date"),
    ("2022-01-01", "2022-01-23", ["protest", "riot"], "unknown event category 'riot'"),
    ("2022-01-01", "2022-01-23", [], "non-empty"),
])
def test_unusable_parameters_are_refused_with_a_reason(start, end, cats, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        ch.check_params(start, end, cats)


def test_repeated_categories_count_once():
    assert ch.check_params("2022-01-01", "2022-01-02", ["protest", "protest", "international"])[2] == ["protest", "international"]


# ---------------------------------------------------------------------------- the window
def test_window_keeps_events_whose_date_can_fall_in_it_ordered_by_precision_then_date():
    win = window()
    # day-known by date (lane order on the same day), then month-only, then year-only
    assert list(win["event_id"]) == ["c-e1", "a-e1", "b-e1", "b-e2", "a-e2", "a-e3", "a-e4"]
    assert list(win["lane"]) == ["Protests"] * 4 + ["State measures", "Protests", "State measures"]


def test_window_follows_start_end_and_categories():
    assert list(window("2022-01-03", "2022-01-10")["event_id"]) == ["a-e2", "a-e3", "a-e4"]
    assert list(window(cats=["state_measure"])["event_id"]) == ["a-e2", "a-e4"]
    assert list(window("2022-01-20", "2022-02-02")["event_id"]) == ["a-e6", "a-e3", "a-e5", "a-e4"]


def test_day_marks_count_events_and_documents_per_day_and_lane():
    marks = ch.day_marks(window(), CATS)
    assert list(zip(marks["day"], marks["category"], marks["n_events"], marks["n_documents"])) == [
        (D(2022, 1, 1), "protest", 1, 1),
        (D(2022, 1, 2), "protest", 3, 2),
        (D(2022, 1, 5), "state_measure", 1, 1),
    ]
    assert marks["event_ids"].iloc[1] == "a-e1;b-e1;b-e2"


def test_busiest_days_keep_ties_at_the_cut_off():
    ev = events(("x1", "2022-01-01", "protest", "a"), ("x2", "2022-01-01", "protest", "b"),
                ("x3", "2022-01-02", "protest", "a"), ("x4", "2022-01-03", "protest", "a"),
                ("x5", "2022-01-04", "protest", "a"), ("x6", "2022-01-04", "protest", "a"))
    busy = ch.busiest_days(ch.window_events(ev, "2022-01-01", "2022-01-09", ["protest"]), top=2)
    assert list(busy["day"]) == [D(2022, 1, 1), D(2022, 1, 4)]  # 2 events each; 1 Jan has more documents
    assert list(busy["n_documents"]) == [2, 1]
    busy3 = ch.busiest_days(ch.window_events(ev, "2022-01-01", "2022-01-09", ["protest"]), top=3)
    assert list(busy3["day"]) == [D(2022, 1, 1), D(2022, 1, 4), D(2022, 1, 2), D(2022, 1, 3)]


def test_imprecise_counts_per_lane():
    imp = ch.imprecise_counts(window())
    assert imp.to_dict("records") == [
        {"category": "protest", "precision": "month", "n_events": 1, "periods": "2022-01"},
        {"category": "state_measure", "precision": "year", "n_events": 1, "periods": "2022"},
    ]


# ---------------------------------------------------------------------------- the broken axis
def test_cut_axis_cuts_long_empty_runs_only():
    assert ch.cut_axis([1, 2, 5, 12, 23], 1, 23) == [(1, 5), (12, 12), (23, 23)]
    assert ch.cut_axis([1, 2, 5], 1, 23) == [(1, 5)]  # the empty end is dropped
    assert ch.cut_axis([3, 5], 1, 7) == [(1, 7)]  # short empty ends stay
    assert ch.cut_axis([], 1, 9) == [(1, 9)]
    assert ch.cut_axis([1, 10, 30, 60], 1, 60, max_breaks=1) == [(1, 30), (60, 60)]


def test_axis_segments_for_january_2022():
    days = [D(2022, 1, d) for d in (1, 2, 4, 8, 12, 23)]  # empty runs of three days stay, of ten are cut
    assert ch.axis_segments(days, D(2022, 1, 1), D(2022, 1, 23)) == [
        (D(2022, 1, 1), D(2022, 1, 12)), (D(2022, 1, 23), D(2022, 1, 23))]


# ---------------------------------------------------------------------------- prose
def test_overview_counts_events_documents_and_precision():
    html = ch.overview_html(window(), "2022-01-01", "2022-01-23", CATS)
    assert "holds 7 events" in html and "printed by 3 documents" in html
    assert "Protests 5 and State measures 2" in html
    assert "5 are known to the day; they make 3 marks" in html
    assert "1 mark stands for reports by more than one document" in html
    assert "1 event is known only to the month (January 2022) and 1 event only to the year (2022)" in html
    assert "1 date was printed as a weekday" in html


def test_overview_of_an_empty_window():
    html = ch.overview_html(window("2022-03-01", "2022-03-05", ["judicial"]), "2022-03-01", "2022-03-05", ["judicial"])
    assert "No event" in html and "1–5 March 2022" in html


def test_busiest_days_html():
    html = ch.busiest_days_html(window())
    assert "fall on 3 days" in html
    assert "2 January 2022 (3 events from 2 documents)" in html


def test_sequence_names_the_first_protest_and_key_events_with_their_ids():
    ev = pd.concat([SAMPLE, events(("europarl_2022-e025", "2022-01-05", "state_measure", "europarl_2022"),
                                   ("europarl_2022-e026", "2022-01-06", "security_operation", "europarl_2022"),
                                   ("taz_2022-e007", "2022-01-07", "security_operation", "taz_2022"))],
                   ignore_index=True)
    html = ch.sequence_html(ch.window_events(ev, "2022-01-01", "2022-01-23", CATS + ["security_operation"]))
    assert "first protest dated to the day falls on 1 January 2022, in 1 document (c-e1)" in html
    assert "2 documents date protests to 2 January 2022 (a-e1, b-e1, b-e2)" in html
    assert "state of emergency is declared on 5 January 2022 (europarl_2022-e025)" in html
    # two documents giving different days: both are shown
    assert "CSTO troops arrive on documents disagree: 6 January 2022 (europarl_2022-e026); 7 January 2022 (taz_2022-e007)" in html
    assert html.index("state of emergency") < html.index("CSTO troops arrive")


def test_sequence_leaves_out_key_events_outside_the_window():
    ev = events(("europarl_2022-e025", "2022-01-05", "state_measure", "europarl_2022"))
    assert "None of the key events" in ch.sequence_html(ch.window_events(ev, "2022-01-06", "2022-01-23", CATS))


def test_table_escapes_text_from_the_data():
    ev = events(("x-e1", "2022-01-03", "protest", "x", "<script>alert(1)</script>"))
    html = ch.events_table_html(ch.window_events(ev, "2022-01-01", "2022-01-23", CATS))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<td>2022-01-03</td><td>as printed x-e1</td><td>day</td><td>read from the text</td><td>Protests</td>" in html


# ---------------------------------------------------------------------------- figure 2.1
def test_figure_day_data_lists_each_event_with_its_mark():
    data = ch.figure_day_data(window(), CATS)
    assert list(data["event_id"]) == ["c-e1", "a-e1", "b-e1", "b-e2", "a-e2", "a-e3", "a-e4"]
    assert list(data["drawn_as"]) == ["day mark"] * 5 + ["month stripe", "year stripe"]
    assert list(data["mark_documents"].astype(object).where(data["mark_documents"].notna(), None)) == [1, 2, 2, 2, 1, None, None]


def test_day_figure_has_one_panel_per_stretch_of_the_axis():
    ev = pd.concat([SAMPLE, events(("z-e1", "2022-01-23", "protest", "z"))], ignore_index=True)
    win = ch.window_events(ev, "2022-01-01", "2022-01-23", CATS)
    fig = ch.day_figure(win, "2022-01-01", "2022-01-23", CATS)
    try:
        assert len(fig.axes) == 2
        assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Protests", "State measures"]
        texts = [t.get_text() for ax in fig.axes for t in ax.texts]
        assert "1 in January 2022" in texts and "1 in 2022" in texts
    finally:
        plt.close(fig)


def test_day_figure_of_an_empty_window_still_draws():
    win = window("2022-03-01", "2022-03-05", ["judicial"])
    fig = ch.day_figure(win, "2022-03-01", "2022-03-05", ["judicial"])
    try:
        assert any("No event known to the day" in t.get_text() for t in fig.axes[0].texts)
    finally:
        plt.close(fig)


def test_day_figure_caption_and_alt_are_computed():
    ev = pd.concat([SAMPLE, events(("europarl_2022-e028", "2022-01-23", "protest", "europarl_2022"))], ignore_index=True)
    win = ch.window_events(ev, "2022-01-01", "2022-01-23", CATS)
    caption, alt = ch.day_figure_text(win, "2022-01-01", "2022-01-23", CATS)
    assert "Events of 1–23 January 2022 by category, as dated in 4 documents" in caption
    assert "(6 events known to the day in 4 marks)" in caption
    assert "cut from the axis (6–22 January 2022)" in caption
    assert "2 events known only to the month or year" in caption
    assert "one column per day: 1–5 January 2022; 23 January 2022" in alt
    assert "CSTO withdrawal deadline (23 January 2022)" in alt


# ---------------------------------------------------------------------------- figure 2.2
LONG = events(
    ("h1", "1986-12-17", "historical", "a"), ("h2", "1986", "historical", "b"), ("h3", "1986", "historical", "a"),
    ("h4", "2011-12", "historical", "a"), ("h5", "2011-03", "historical", "b"),
    ("p1", "2022-01-02", "protest", "a"), ("p2", "2022-01-09", "protest", "b"), ("p3", "2022-01", "protest", "a"),
    ("j1", "2023-06-07", "judicial", "a"), ("j2", "2023", "judicial", "a"),
    ("u1", "2023-06-08", "publication", "a"), ("u2", "2024-04-26", "publication", "a"),
    ("i1", "2022-01-06", "international", "a"),  # not a lane when international is not chosen
)


def test_long_view_lanes_add_context_around_the_chosen_categories():
    assert ch.long_view_lanes(["protest"]) == ["historical", "protest", "judicial", "publication"]
    assert ch.long_view_lanes(["judicial", "protest"]) == ["historical", "judicial", "protest", "publication"]


def test_long_view_combines_by_year_before_2022_and_by_month_after():
    lv = ch.long_view_events(LONG, ["protest"])
    assert "i1" not in set(lv["event_id"])
    mark = dict(zip(lv["event_id"], lv["mark"]))
    assert mark["h1"] == "historical|day|1986"
    assert mark["h2"] == mark["h3"] == "historical|year|1986"
    assert mark["h4"] == mark["h5"] == "historical|month|2011"
    assert mark["p1"] == mark["p2"] == "protest|day|2022-01"
    assert mark["p3"] == "protest|month|2022-01"
    assert mark["j2"] == "judicial|year|2023"
    counts = dict(zip(lv["event_id"], lv["mark_events"]))
    assert (counts["h2"], counts["h4"], counts["p1"], counts["u2"]) == (2, 2, 2, 1)
    marks = ch.long_marks(lv).set_index("mark")
    assert marks.loc["protest|day|2022-01", "n_documents"] == 2
    # a year-only mark spans the whole year
    assert (marks.loc["judicial|year|2023", "x0"], marks.loc["judicial|year|2023", "x1"]) == (
        D(2023, 1, 1).toordinal(), D(2023, 12, 31).toordinal())


def test_long_panels_cut_empty_years_and_end_after_the_last_month():
    panels = ch.long_panels(ch.long_view_events(LONG, ["protest"]))
    # 1987-2010 and the empty years 2012-2021 before the month axis are cut
    assert panels == [("years", 1986, 1986), ("years", 2011, 2011), ("months", D(2022, 1, 1).toordinal(),
                                                                       D(2024, 5, 1).toordinal())]


def test_long_view_html_names_trials_cat_and_the_last_years_reports():
    lv = ch.long_view_events(pd.concat([LONG, events(("accord_2024-e058", "2023-06-08", "publication", "accord_2024",
                                                       "UN CAT <b>observations</b>"))], ignore_index=True), ["protest"])
    html = ch.long_view_html(lv)
    assert "5 earlier events" in html and "1986 (3 events, 2 documents)" in html
    assert "Trials and investigations: 2 events, 2 in 2023" in html
    assert "concluding observations: 8 June 2023 (accord_2024-e058)" in html
    assert "Reports published in 2024: title of u2 (26 April 2024, u2)." in html
    assert "<b>" not in html


def test_long_figure_draws_and_shades_the_window():
    lv = ch.long_view_events(LONG, ["protest"])
    fig = ch.long_figure(lv, ["protest"], "2022-01-01", "2022-01-23")
    try:
        assert len(fig.axes) == 3
        assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == [
            "Earlier events", "Protests", "Trials and investigations", "Reports published"]
    finally:
        plt.close(fig)
    caption, alt = ch.long_figure_text(lv, ["protest"], "2022-01-01", "2022-01-23")
    assert caption.startswith("12 events from 2 documents in 4 lanes")
    assert "known to the day (6)" in caption and "known only to the month (3)" in caption and "(3)." in caption
    assert "The days 1–23 January 2022 are shaded." in alt


# ---------------------------------------------------------------------------- the notebook, end to end
NOTEBOOK = config.NOTEBOOKS_DIR / "02-timeline.ipynb"


def _run(tmp_path, processed, **params):
    import nbformat
    import papermill

    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK), str(out),
        parameters={"data_dir": str(config.DATA_DIR), "processed_dir": str(processed["folder"]),
                    "figures_dir": str(tmp_path), **params},
        kernel_name="python3", cwd=str(config.NOTEBOOKS_DIR), progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    html = "\n".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    return html


def _inside(row, start: dt.date, end: dt.date) -> bool:
    a, b = ch.date_interval(row["date"])
    return a <= end and b >= start


@pytest.mark.slow
def test_notebook_with_defaults(tmp_path, processed):
    html = _run(tmp_path, processed)
    day = pd.read_csv(tmp_path / f"{ch.DAY_FIGURE_NAME}.csv", dtype=str, keep_default_na=False)
    long = pd.read_csv(tmp_path / f"{ch.LONG_FIGURE_NAME}.csv", dtype=str, keep_default_na=False)
    for stem in (ch.DAY_FIGURE_NAME, ch.LONG_FIGURE_NAME):
        assert (tmp_path / f"{stem}.png").is_file() and (tmp_path / f"{stem}.svg").is_file()
    assert all(_inside(r, D(2022, 1, 1), D(2022, 1, 23)) for _, r in day.iterrows())
    assert set(day["category"]) == set(ch.DEFAULT_CATEGORIES)
    # the CSTO withdrawal deadline is drawn as a day; January-only events are stripes, never days
    assert day.set_index("event_id").loc["europarl_2022-e028", "drawn_as"] == "day mark"
    assert set(day.loc[day["date"] == "2022-01", "drawn_as"]) == {"month stripe"}
    assert {"historical", "judicial", "publication"} <= set(long["category"])
    assert "accord_2024-e058" in set(long["event_id"])
    assert 'id="fig-2-1"' in html and 'id="fig-2-2"' in html
    assert "Between 1–23 January 2022" in html
    assert "state of emergency is declared on 5 January 2022 (europarl_2022-e025)" in html
    assert "deadline for the CSTO withdrawal falls on 23 January 2022 (europarl_2022-e028)" in html
    assert "europarl_2022-e028" in html and "<table" in html


@pytest.mark.slow
def test_notebook_follows_a_narrower_window_and_fewer_lanes(tmp_path, processed):
    html = _run(tmp_path, processed, start="2022-01-04", end="2022-01-08", categories=["protest", "state_measure"])
    day = pd.read_csv(tmp_path / f"{ch.DAY_FIGURE_NAME}.csv", dtype=str, keep_default_na=False)
    long = pd.read_csv(tmp_path / f"{ch.LONG_FIGURE_NAME}.csv", dtype=str, keep_default_na=False)
    assert len(day) > 0
    assert all(_inside(r, D(2022, 1, 4), D(2022, 1, 8)) for _, r in day.iterrows())
    assert set(day.loc[day["date_precision"] == "day", "date"]) <= {f"2022-01-0{d}" for d in range(4, 9)}
    assert set(day["category"]) == {"protest", "state_measure"}
    assert "europarl_2022-e028" not in set(day["event_id"])
    assert set(long["category"]) == {"historical", "protest", "state_measure", "judicial", "publication"}
    assert "Between 4–8 January 2022" in html
    assert "deadline for the CSTO withdrawal" not in html
    assert "state of emergency is declared on 5 January 2022" in html


def test_table_capped_by_max_rows_prints_the_first_rows_and_counts_the_rest():
    full = ch.events_table_html(window())
    capped = ch.events_table_html(window(), max_rows=3)
    rows = lambda html: html.split("<tbody>", 1)[1].split("</tr>")[:-1]  # noqa: E731
    assert len(rows(full)) == len(window()) == 7
    assert rows(capped) == rows(full)[:3]
    assert "first 3 of its 7 rows" in capped and "the other 4 are in <code>data/processed/events.csv</code>" in capped
    assert ch.events_table_html(window(), max_rows=7) == ch.events_table_html(window(), max_rows=0) == full
