"""report.charts.accountability: Figure 4.1 (the counts of convicted officers) draws what the analysis selects,
labelled from the templates."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from analysis.test_accountability import CLAIMANTS, HRW, cat, claims  # noqa: E402
from kzreport.analysis import accountability as acc  # noqa: E402
from kzreport.analysis.accountability import officer_counts_rows  # noqa: E402
from kzreport.report.charts import accountability as charts  # noqa: E402

SHORTS = acc.short_names(CLAIMANTS)


def test_officer_counts_data_labels_each_bar_for_the_chart_and_its_csv():
    rows = officer_counts_rows(claims(), CLAIMANTS)
    data = charts.officer_counts_data(rows, SHORTS)
    assert list(data.columns) == ["bar", "row", *rows.columns[1:]]
    assert list(dict.fromkeys(data["row"])) == ["UN CAT, 8 June 2023", "HRW, 11 January 2024", "US State Dept., 23 April 2024",
                                                "… the court cases it itemises",
                                                "US State Dept., 23 April 2024 (not January 2022)"]
    fig = charts.officer_counts_chart(data, SHORTS)
    ax = fig.axes[0]
    assert len(ax.patches) == 7  # one per segment
    assert fig._suptitle.get_text() == "Officers convicted over January 2022, by whose count:\n5 (UN CAT), at least 23 (HRW), at least 12 (US State Dept.)"
    texts = [t.get_text() for t in ax.texts]
    assert "sum ≥ 12 (≥ 10 with prison): Almaty 7 · Semey 2 (no prison) · media reports ≥ 3" in [" ".join(t.split()) for t in texts]
    assert [t.get_text() for t in ax.get_legend().get_texts()][-3:] == [
        "not about January 2022", "convicted, no prison time", "open-ended: “at least”"]
    plt.close(fig)


def test_two_different_counts_with_the_same_label_are_two_bars_not_one_stacked_bar():
    other = cat("other2024-c001", "officers_convicted", "30", 30.0, claimant=HRW, claimant_type="ngo", reported_on="2024-01-11")
    data = charts.officer_counts_data(officer_counts_rows(claims([other]), CLAIMANTS), SHORTS)
    fig = charts.officer_counts_chart(data, SHORTS)
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks.count("HRW\n11 January 2024") == 2 and len(fig.axes[0].patches) == 8
    plt.close(fig)
