"""Every chart function of the project, drawn on the project's data, keeps the report's rules for charts
(issue 14, must-show 4): English labels, linear scales for counts, no text under 7 pt at print size (figures
are printed across the A4 text width), no text crossing an axis line or another text."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.text  # noqa: E402
import pytest  # noqa: E402

from kzreport.analysis import accountability as acc  # noqa: E402
from kzreport.analysis import evidence_checks as ec  # noqa: E402
from kzreport.analysis import methods as am  # noqa: E402
from kzreport.analysis import places as ap  # noqa: E402
from kzreport.analysis import timeline as tl  # noqa: E402
from kzreport.analysis import tolls  # noqa: E402
from kzreport.report import figures, style  # noqa: E402
from kzreport.report.charts import accountability, evidence, map, methods  # noqa: E402
from kzreport.report.charts import timeline as timeline_charts  # noqa: E402
from kzreport.report.charts import tolls as tolls_charts  # noqa: E402

CATEGORIES = ["protest", "state_measure", "security_operation", "information_blackout", "casualty_report", "international"]
TOLL_METRICS = ["killed", "injured", "killed_and_injured", "detained"]


def _day(ev):
    w = tl.check_window("2022-01-01", "2022-01-23", CATEGORIES)
    return timeline_charts.day_figure(tl.window_events(ev.events, w), w, tl.key_events(ev.curation.key_events, "day"))


def _long(ev):
    w = tl.check_window("2022-01-01", "2022-01-23", CATEGORIES)
    return timeline_charts.long_figure(tl.long_view_events(ev.events, w.categories), w,
                                       tl.key_events(ev.curation.key_events, "long"))


def _selection(ev):
    return tolls.select_claims(ev.claims, metrics=TOLL_METRICS, reported_from="2022-01-01", reported_to="2024-12-31",
                               period_from="2022-01-01", claimant_types=list(style.CLAIMANT_COLORS),
                               curation=ev.curation)


def _tolls(ev):
    sel = _selection(ev)
    parts = tolls_charts.time_parts(sel.reported_from, sel.reported_to, "2022-01-31")
    return tolls_charts.tolls_figure(sel.claims, metrics=sel.metrics, labels=sel.label, parts=parts)


def _officers(ev):
    shorts = acc.short_names(ev.curation.claimants)
    data = accountability.officer_counts_data(acc.officer_counts_rows(ev.claims, ev.curation.claimants), shorts)
    return accountability.officer_counts_chart(data, shorts)


def _qualifiers(ev):
    return methods.qualifiers_by_type(ev.claims)


def _precision(ev):
    return methods.date_precision(am.date_precision_table(ev.claims, ev.events))


def _heatmap(ev):
    return evidence.claims_heatmap(ec.claims_by_type_and_metric(ev.claims))


def _map(ev):
    return map.places_map(ap.places_table(ev.events, ev.claims, ev.curation))


CHARTS = {
    "2.1 day_figure": _day, "2.2 long_figure": _long, "3.1 tolls_figure": _tolls,
    "4.2 officer_counts_chart": _officers, "qualifiers_by_type": _qualifiers,
    "date_precision": _precision, "claims_heatmap": _heatmap, "places_map": _map,
}
# Words that give a label away as German (outside quotes „…“ or “…”)
GERMAN = re.compile(r"\b(mindestens|mehr als|fast|rund|über|etwa|bis zu|hunderte\w*|Dutzende|Tausende\w*|Menschen|"
                    r"und|Personen|Todesopfer|Verletzte|Festnahmen)\b", re.IGNORECASE)
QUOTED = re.compile(r"„[^“”]*[“”]|“[^”]*”|\"[^\"]*\"")


@pytest.fixture(scope="module")
def ev(processed):
    style.apply()
    return processed["evidence"]


@pytest.fixture(scope="module")
def drawn(ev):
    figs = {name: make(ev) for name, make in CHARTS.items()}
    yield figs
    for fig in figs.values():
        plt.close(fig)


@pytest.mark.parametrize("name", list(CHARTS))
def test_no_text_under_7_pt_in_print_and_none_crossing_an_axis_line_or_another_text(drawn, name):
    assert figures.text_problems(drawn[name]) == []


@pytest.mark.parametrize("name", list(CHARTS))  # every chart here plots counts
def test_counts_are_on_linear_scales(drawn, name):
    assert {ax.get_xscale() for ax in drawn[name].axes} | {ax.get_yscale() for ax in drawn[name].axes} <= {"linear"}


@pytest.mark.parametrize("name", list(CHARTS))
def test_labels_are_english_german_only_inside_quotes(drawn, name):
    german = [t.get_text() for t in drawn[name].findobj(matplotlib.text.Text)
              if GERMAN.search(QUOTED.sub("", t.get_text()))]
    assert german == []


def test_print_size_is_the_a4_text_width():
    assert pytest.approx(6.85, abs=0.01) == figures.PRINT_WIDTH_IN
    fig = plt.figure(figsize=(figures.PRINT_WIDTH_IN - 0.2, 2))
    fig.text(0, 0, "x")
    fig.text(0.99, 0.99, "x")
    assert figures.print_scale(fig) == pytest.approx(1.0, abs=0.05)
    plt.close(fig)


def test_the_checks_find_small_text_an_axis_line_through_a_label_and_overlapping_labels():
    fig, ax = plt.subplots(figsize=(6.6, 3))
    ax.text(0.0, 0.5, "a label across the left axis line", transform=ax.transAxes, ha="center", fontsize=8)
    ax.text(0.5, 0.5, "one label", transform=ax.transAxes, fontsize=8)
    ax.text(0.52, 0.5, "another label", transform=ax.transAxes, fontsize=8)
    ax.text(0.8, 0.2, "tiny", transform=ax.transAxes, fontsize=5)
    problems = figures.text_problems(fig)
    assert "'a label across the left axis line' crosses an axis line" in problems
    assert "'one label' overlaps 'another label'" in problems
    assert any(p.startswith("'tiny': ") for p in problems)
    plt.close(fig)
