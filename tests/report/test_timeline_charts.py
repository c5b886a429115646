"""report.charts.timeline: figures 2.1 and 2.2 draw their panels, lanes, labels and the chapter's texts."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from conftest import make_event, make_evidence  # noqa: E402
from kzreport.analysis import timeline as tl  # noqa: E402
from kzreport.report.charts import timeline as charts  # noqa: E402

CATS = ["protest", "state_measure"]
EVENTS = make_evidence(events=[
    make_event("a-e1", "2022-01-02"), make_event("b-e1", "2022-01-02"), make_event("c-e1", "2022-01-01"),
    make_event("a-e2", "2022-01-05", category="state_measure"), make_event("a-e3", "2022-01"),
    make_event("a-e4", "2022", category="state_measure"), make_event("z-e1", "2022-01-23"),
    make_event("c-e2", "1986", category="historical"), make_event("c-e3", "2023-06-07", category="judicial"),
]).events
KEYS = pd.DataFrame([
    {"figure": "day", "key": "begin", "label": "Protests & more", "words": "w", "event_ids": "a-e1", "place": "above",
     "align": "center"},
    {"figure": "long", "key": "old", "label": "Jeltoqsan", "words": "w", "event_ids": "c-e2", "place": "below",
     "align": "right"},
])


@pytest.fixture
def figure():
    made = []

    def keep(fig):
        made.append(fig)
        return fig

    yield keep
    for fig in made:
        plt.close(fig)


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)]


def test_day_figure_has_one_panel_per_stretch_of_the_axis_and_the_chapters_texts(figure):
    w = tl.check_window("2022-01-01", "2022-01-23", CATS)
    fig = figure(charts.day_figure(tl.window_events(EVENTS, w), w, tl.key_events(KEYS, "day")))
    assert len(fig.axes) == 2  # 1-5 January, then 23 January: the empty days between are cut
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Protests", "State measures"]
    drawn = texts(fig)
    assert "1–23 January 2022: most events on 2 January 2022" in drawn  # the title states the finding
    assert "1 in January 2022" in drawn and "1 in 2022" in drawn and "Day not known" in drawn
    assert "Protests & more" in drawn and "2" in drawn  # the label, unescaped; two documents on 2 January
    assert {"1 document", "2 documents", "known only to the month", "known only to the year"} <= set(drawn)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()][:2] == ["1\nJan", "2"]
    assert not [t for t in drawn if "&amp;" in t or "&#" in t]


def test_day_figure_of_an_empty_window_still_draws(figure):
    w = tl.check_window("2022-03-01", "2022-03-05", ["judicial"])
    fig = figure(charts.day_figure(tl.window_events(EVENTS, w), w, tl.key_events(KEYS, "day")))
    assert "No event known to the day in this window" in texts(fig)


def test_long_figure_draws_its_panels_lanes_and_labels(figure):
    w = tl.check_window("2022-01-01", "2022-01-23", ["protest"])
    lv = tl.long_view_events(EVENTS, w.categories)
    fig = figure(charts.long_figure(lv, w, tl.key_events(KEYS, "long")))
    assert len(fig.axes) == 2  # 1986, then the months from 2022
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == [
        "Earlier events", "Protests", "Trials and investigations", "Reports published"]
    drawn = texts(fig)
    assert "The long view, 1986–2023: the most events dated to one mark are 4 (protests) in January 2022" in [
        t.replace("\n", " ") for t in drawn] and "Jeltoqsan" in drawn
    assert ("Years until 2021 (empty stretches cut), months from 2022;\nshaded: 1–23 January 2022, "
            "the days of figure 1.1") in drawn
    assert {"1 event", "known only to the month (bracket)", "Filled: known to the day; size: events combined"} <= set(drawn)
    assert "Jan\n2022" in [t.get_text() for t in fig.axes[1].get_xticklabels()]


@pytest.mark.parametrize("counts, keys", [
    ([], [1]),  # no mark: the legend still shows the size of one document
    ([1, 2, 2, 3, 1], [1, 2, 3]),  # at most three counts: each of them (the project's data: 1, 2 and 3)
    ([1, 3, 3], [1, 3]),  # only counts that occur
    ([1, 3, 7, 40], [1, 7, 40]),  # smallest, nearest the middle (20.5), largest
    ([100, 200, 300] * 10, [100, 200, 300]),  # the 100x synthetic data
    (range(1, 571), [1, 285, 570]),  # of two equally near the middle, the lower
])
def test_day_size_keys_are_a_few_counts_from_the_marks(counts, keys):
    assert charts.day_size_keys(pd.Series(list(counts), dtype="int64")) == keys


def test_day_figure_legend_shows_a_few_document_counts_however_many_documents(figure):
    """40 documents on one day: the legend shows 1, 7 and 40 documents, not every count from 1 to 40 (at 100x one
    entry per count up to 300 took most of the chapter's time)."""
    rows = ([make_event(f"d{i:02d}-e1", "2022-01-02") for i in range(40)]
            + [make_event(f"s{i:02d}-e1", "2022-01-03") for i in range(7)]
            + [make_event(f"t{i:02d}-e1", "2022-01-04") for i in range(3)] + [make_event("u-e1", "2022-01-05")])
    w = tl.check_window("2022-01-01", "2022-01-23", CATS)
    fig = figure(charts.day_figure(tl.window_events(make_evidence(events=rows).events, w), w,
                                   tl.key_events(KEYS, "day")))
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["1 document", "7 documents", "40 documents"]
