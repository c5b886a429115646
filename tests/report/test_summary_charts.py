"""report.charts.summary: the analysts' view draws every figure the rules chose from and rings the picked ones."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from analysis.test_summary import CAT, HRW, LABELS, claims  # noqa: E402
from kzreport.analysis import summary as s  # noqa: E402
from kzreport.report.charts import summary as charts  # noqa: E402


def test_candidates_chart_rows_scale_and_rings():
    table = s.key_figures(claims(), ["killed", "detained", "officers_convicted"], [CAT, HRW], LABELS)
    cand = s.candidates(claims(), table)
    fig = charts.candidates_chart(cand)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(dict.fromkeys(cand["metric"]))
    assert ax.get_xscale() == "log"
    assert sorted(t.get_text() for t in ax.texts) == sorted(table["rule"])  # each picked figure named by its rule
    assert "Kazakh official" in [t.get_text() for t in ax.get_legend().get_texts()]
    plt.close(fig)
