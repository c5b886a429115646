"""report.charts.tolls: Figure 3.1's marks, bars, labels and time axis, and the rows it saves as its CSV."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402

from conftest import make_claim, make_evidence  # noqa: E402
from kzreport.analysis import tolls  # noqa: E402
from kzreport.evidence.csvio import read_exported_csv  # noqa: E402
from kzreport.report import figures  # noqa: E402
from kzreport.report.charts import tolls as charts  # noqa: E402
from tolls_sample import evidence, select  # noqa: E402


def _figure(sel: tolls.Selection, zoom_to: str = "2022-01-31"):
    parts = charts.time_parts(sel.reported_from, sel.reported_to, zoom_to)
    return charts.tolls_figure(sel.claims, metrics=sel.metrics, labels=sel.label, parts=parts)


def _labels(sel: tolls.Selection) -> dict[str, str]:
    return dict(zip(sel.claims["claim_id"], charts.plot_rows(sel.claims)["label"]))


def test_labels_show_the_short_name_figure_place_and_coarse_date():
    labels = _labels(select())
    assert labels["taz_2022-c004"] == "Health Ministry: 103 (Almaty)"  # the short name from claimants.csv
    english = _labels(select(evidence(**{"acc_2024-c001": {"quote_en": "More than 10,000 were detained."}})))
    assert english["acc_2024-c001"] == "BTI: more than 10,000"  # a German figure is read in English
    assert labels["acc_2024-c001"] == "BTI: mehr als 10.000"  # printed in the English rendering: as printed
    assert labels["acc_2024-c065"] == "Kazakh Government: 238 (stated 2022)"  # no short name: the claimant
    assert labels["cri_2022-c023"] == "Almaty interviewees: most likely thousands"  # English on the chart
    assert labels["acc_2024-c026"] == "Freedom House: hundreds (stated 2024)"


def test_an_undated_figure_is_labelled_with_the_printing_date_not_as_stated():
    # Amnesty prints the government's 230 without saying when it was given: March 2022 is Amnesty's date
    sel = select(evidence(**{"acc_2024-c065": {"judgements": "date_assumed"}, "taz_2022-c003": {"judgements": "date_assumed"}}))
    labels = _labels(sel)
    assert labels["acc_2024-c065"] == "Kazakh Government: 238 (printed 2022)"
    assert labels["taz_2022-c003"].endswith("(printed 9 Jan 2022)")  # a day is shown when it is not the claimant's
    assert "stated" not in labels["acc_2024-c065"]


def test_a_figure_printed_only_in_a_related_articles_teaser_is_not_drawn():
    sel = select(evidence(**{"taz_2022-c003": {"judgements": "related_article"}}))
    assert "taz_2022-c003" not in set(sel.claims["claim_id"]) and "taz_2022-c004" in set(sel.claims["claim_id"])


def test_labels_are_drawn_as_text_not_as_escaped_html():
    labels = _labels(select(evidence(**{"taz_2022-c004": {"claimant": "A & <B>", "value_text": "\"103\""}})))
    assert labels["taz_2022-c004"] == 'A & <B>: 103 (Almaty)'


def test_a_long_claimant_name_is_cut():
    assert charts.short_name("Former presidential adviser (unnamed)") == "Former presidential advis…"
    assert len(charts.short_name("x" * 40)) == charts.SHORT_NAME_MAX
    assert charts.short_name("US State Dept.") == "US State Dept."


def test_time_axis_is_split_only_inside_the_window():
    assert charts.time_parts("2022-01-01", "2024-12-31", "2022-01-31") == [("2022-01-01", "2022-01-31"),
                                                                          ("2022-02-01", "2024-12-31")]
    assert charts.time_parts("2022-01-01", "2022-01-31", "2022-01-31") == [("2022-01-01", "2022-01-31")]
    assert charts.time_parts("2022-03-01", "2024-12-31", "2022-01-31") == [("2022-03-01", "2024-12-31")]


@pytest.mark.parametrize(("a", "b", "text"), [
    ("2022-01-01", "2022-01-31", "1–31 January 2022"),
    ("2022-02-01", "2024-12-31", "February 2022 – December 2024"),
    ("2022-01-10", "2023-12-31", "10 January 2022 – 31 December 2023"),
])
def test_part_labels(a, b, text):
    assert charts.part_label(a, b) == text


def test_draw_mark_arrows_point_the_open_way_and_words_are_hollow():
    fig, ax = plt.subplots()
    assert charts.draw_mark(ax, "lower", 0, 10, "red", "s") > 0
    assert charts.draw_mark(ax, "upper", 0, 10, "red", "s") < 0
    assert charts.draw_mark(ax, "exact", 0, 10, "red", "s") == 0
    assert charts.draw_mark(ax, "vague", 0, 10, "red", "s") > 0
    hollow = ax.collections[-1]
    assert tuple(hollow.get_facecolors()[0]) == (1.0, 1.0, 1.0, 1.0)
    assert not any(t.get_text() == "≈" for t in ax.texts)
    charts.draw_mark(ax, "about", 0, 10, "red", "s")
    assert any(t.get_text() == "≈" for t in ax.texts)
    plt.close(fig)


def test_figure_draws_one_panel_row_per_metric_and_bars_for_coarse_dates():
    fig = _figure(select())
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    # the city's figure (Almaty) in a panel of its own, below the nation-wide ones
    assert [ax.get_title(loc="left") for ax in panels] == ["Killed (5 claims)", "Killed, one city or region (1 claim)",
                                                          "Injured (0 claims)",
                                                          "Killed and injured together (1 claim)",
                                                          "Detained (5 claims)"]
    # "2022" (238 killed): a bar from 1 January 2022 to 1 January 2023 in the killed row
    start, end = mdates.date2num(pd.Timestamp("2022-01-01")), mdates.date2num(pd.Timestamp("2023-01-01"))
    killed = panels[0]
    row = [ax for ax in fig.axes if ax.get_subplotspec() is not None
           and ax.get_subplotspec().rowspan == killed.get_subplotspec().rowspan]
    assert len(row) == 2, "the default window has two time scales: January 2022 and the rest"
    pieces = [ln for ax in row for ln in ax.lines
              if len(ln.get_xdata()) == 2 and list(ln.get_ydata()) == [238.0, 238.0]]
    # One piece per panel: from 1 January to the edge of the January panel, then on from the edge of the
    # later panel to 1 January 2023, where its single end cap sits.
    assert [list(ln.get_xdata()) for ln in pieces] == [[start, row[0].get_xlim()[1]], [row[1].get_xlim()[0], end]]
    caps = [ax for ax in row for ln in ax.lines if ln.get_marker() == "|" and list(ln.get_xdata()) == [end]
            and list(ln.get_ydata()) == [238.0]]
    assert caps == [row[1]]
    assert "no claim in the selection" in [t.get_text() for ax in fig.axes for t in ax.texts]
    plt.close(fig)


def test_one_even_time_scale_when_zoom_to_is_the_end():
    fig = _figure(select(), zoom_to="2024-12-31")
    assert len([ax for ax in fig.axes if ax.get_title(loc="left")]) == 5
    assert not any("larger scale" in ax.get_xlabel() for ax in fig.axes)
    plt.close(fig)


def test_no_line_or_mark_is_drawn_outside_its_panel():
    """A bar for a date known only to the month or year spans both time scales; each panel must draw only
    its own part. A part left for the clip path to hide still lands in the SVG and the PDF, outside the page."""
    fig = _figure(select())
    outside = []
    for ax in fig.axes:
        if not ax.get_title(loc="left"):
            continue
        lo, hi = ax.get_xlim()
        for ln in ax.lines:
            if ln.get_transform() != ax.transData:
                continue  # the break marks are placed in axes coordinates on purpose
            xs = [float(x) for x in ln.get_xdata()]
            if any(x < lo - 1e-9 or x > hi + 1e-9 for x in xs):
                outside.append((ax.get_title(loc="left"), xs))
    plt.close(fig)
    assert outside == [], f"drawn outside the panel's date range: {outside}"


def test_a_figure_printed_by_many_documents_gets_one_label_and_a_mark_per_claim():
    """The US State Department's "At least 238" printed by 40 documents: 40 marks, one label. (Before, each
    document got its own label: 40 identical labels stacked, placed at a cost that grows with their square,
    which stalled the chapter on 100x synthetic data.)"""
    copies = [make_claim(f"doc{i:02d}-c001", "killed", "At least 238", 238, qualifier="at_least", high=None,
                         claimant="US State Department", claimant_type="foreign_government", reported_on="2023-11-30")
              for i in range(40)]
    sel = select(make_evidence(copies), metrics=["killed"])
    fig = _figure(sel)
    panels = [ax for ax in fig.axes if ax.axison]  # the panels, not the key under them
    scatters = [c for ax in panels for c in ax.collections if isinstance(c, PathCollection)]
    marks = sum(len(c.get_offsets()) for c in scatters)
    labels = [t.get_text() for ax in fig.axes for t in ax.texts if "238" in t.get_text()]
    plt.close(fig)
    assert len(sel.claims) == 40
    assert marks == 40, f"every claim keeps its mark; found {marks}"
    # the 40 marks look alike: one scatter call draws them all (one call per mark cost ~16 s at 100x)
    assert len(scatters) == 1, [len(c.get_offsets()) for c in scatters]
    assert len(labels) == 1 and "US State Department" in labels[0].replace("\n", " "), labels


def test_saved_figure_writes_exactly_the_rows_drawn(tmp_path):
    sel = select(metrics=["detained"], claimant_types=["intergovernmental", "ngo"])
    data = charts.plot_rows(sel.claims)
    saved = figures.save_figure(_figure(sel), name="03-1-tolls-by-claimant", number="3.1", caption="c", alt="a",
                                source="s", data=data, folder=tmp_path)
    written = read_exported_csv(saved.csv)
    assert list(written["claim_id"]) == ["ep_2022-c004", "acc_2024-c026"]
    assert list(written["mark"]) == ["upper", "vague"] and list(written["y"]) == [9999, 200]
    assert list(written.columns) == ["claim_id", "source_id", "claimant", "claimant_type", "metric", "value_text",
                                     "qualifier", "is_vague", "unit", "value", "value_low", "value_high", "reported_on",
                                     "x_from", "x_to", "y", "mark", "location", "label"]
    assert saved.svg.is_file() and saved.png.is_file()
