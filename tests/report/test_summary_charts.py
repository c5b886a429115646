"""report.charts.summary: the analysts' view draws every figure the rules chose from and rings the picked ones."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from analysis.test_summary import CAT, HRW, LABELS, claims  # noqa: E402
from kzreport.analysis import summary as s  # noqa: E402
from kzreport.report.charts import summary as charts  # noqa: E402


def test_candidates_chart_panels_linear_scales_and_rings():
    table = s.key_figures(claims(), ["killed", "detained", "officers_convicted"], [CAT, HRW], LABELS)
    cand = s.candidates(claims(), table)
    fig = charts.candidates_chart(cand)
    # one panel per metric, each on its own linear scale (counts are never on a log scale)
    assert [ax.get_yticklabels()[0].get_text() for ax in fig.axes] == [
        m.replace("_", " ") for m in dict.fromkeys(cand["metric"])]
    assert {ax.get_xscale() for ax in fig.axes} == {"linear"}
    named = sorted(t.get_text() for ax in fig.axes for t in ax.texts)
    assert named == sorted(r.replace("_", " ") for r in table["rule"])  # each picked figure named by its rule
    assert "Kazakh official" in [t.get_text() for t in fig.legends[0].get_texts()]
    plt.close(fig)
