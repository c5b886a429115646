"""report.charts.methods: the analyst's views of the readings draw."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from conftest import make_claim, make_event, make_evidence
from kzreport.analysis.methods import date_precision_table
from kzreport.report.charts import methods as charts


def test_analyst_views_draw():
    ev = make_evidence([make_claim("a_2022-c001"), make_claim("a_2022-c002", "killed", "Dutzende", None,
                                                               qualifier="at_least", low=24.0, high=None)],
                       [make_event("a_2022-e001", "2022-01")])
    for fig in (charts.qualifiers_by_type(ev.claims), charts.date_precision(date_precision_table(ev.claims, ev.events))):
        assert fig.axes[0].patches
        plt.close(fig)
