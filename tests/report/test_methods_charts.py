"""report.charts.methods: Figure 5.1 draws the relay table, with its words from methods/relay_chart.j2."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

from conftest import make_claim, make_event, make_evidence
from kzreport.analysis.methods import date_precision_table
from kzreport.report.charts import methods as charts

RELAY = pd.DataFrame([
    {"claimant_type": "intergovernmental", "label": "intergovernmental", "own_document": 0, "relayed": 3, "total": 3},
    {"claimant_type": "official", "label": "Kazakh official", "own_document": 0, "relayed": 2, "total": 2},
    {"claimant_type": "ngo", "label": "NGO", "own_document": 1, "relayed": 1, "total": 2},
    {"claimant_type": "media", "label": "media", "own_document": 2, "relayed": 0, "total": 2},
])


def test_relay_chart_draws_one_split_bar_per_type_labelled_with_its_counts():
    fig = charts.relay_chart(RELAY)
    ax = fig.axes[0]
    assert len(ax.patches) == 2 * len(RELAY)  # own and relayed segment per type (the legend's patches are apart)
    assert [lbl.get_text() for lbl in ax.get_yticklabels()] == list(RELAY["label"])
    assert list(ax.get_yticks()) == [3, 2, 1, 0]  # the table's first row on top
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["3, all relayed", "2, all relayed", "2: 1 own, 1 relayed", "2, all in own document"]
    assert ax.get_title(loc="left") == "Every Kazakh official figure reaches us through someone else's document"
    assert ax.get_xlabel() == "claims"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["stated in the claimant's own document",
                                                                    "relayed by another document"]
    plt.close(fig)


def test_relay_chart_title_when_an_official_figure_is_stated_first_hand():
    own = RELAY.copy()
    own.loc[own["claimant_type"] == "official", ["own_document", "relayed"]] = [1, 1]
    fig = charts.relay_chart(own)
    assert fig.axes[0].get_title(loc="left").startswith("Claims by claimant type: stated in the claimant's own")
    plt.close(fig)


def test_analyst_views_draw():
    ev = make_evidence([make_claim("a_2022-c001"), make_claim("a_2022-c002", "killed", "Dutzende", None,
                                                               qualifier="at_least", low=24.0, high=None)],
                       [make_event("a_2022-e001", "2022-01")])
    for fig in (charts.qualifiers_by_type(ev.claims), charts.date_precision(date_precision_table(ev.claims, ev.events))):
        assert fig.axes[0].patches
        plt.close(fig)
