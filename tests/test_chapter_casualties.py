"""Chapter 3 (official versus non-official tolls): selection rules, figures picked by rule, prose, the chart,
and the notebook run with default and non-default parameters."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from kzreport import chapter_casualties as ch  # noqa: E402
from kzreport import config  # noqa: E402

NAN = math.nan
ALL_TYPES = ["official", "foreign_government", "intergovernmental", "ngo", "research", "media", "activist"]

SOURCES = pd.DataFrame({
    "source_id": ["taz_2022", "acc_2024", "cri_2022", "ep_2022"],
    "producer": ["taz, die tageszeitung (Tigran Petrosyan)", "ACCORD – Austrian Centre (Austrian Red Cross)",
                 "CrimethInc. (German edition, aufbau A)", "European Parliament"],
    "date_published": ["2022-01-09", "2024-04-26", "2022-01", "2022-01-20"],
})

COLUMNS = ["claim_id", "source_id", "claimant", "claimant_type", "metric", "value", "qualifier", "value_low",
           "value_high", "is_vague", "unit", "reported_on", "period_start", "period_end", "location", "quote",
           "quote_en", "value_text"]


def _claims(rows) -> pd.DataFrame:
    """Rows: (id, source, claimant, type, metric, value_text, value, qualifier, low, high, vague, reported_on,
    period_start, period_end, location)."""
    out = []
    for r in rows:
        cid, sid, who, typ, metric, text, v, q, lo, hi, vague, rep, ps, pe, loc = r
        out.append({"claim_id": cid, "source_id": sid, "claimant": who, "claimant_type": typ, "metric": metric,
                    "value": v, "qualifier": q, "value_low": lo, "value_high": hi, "is_vague": vague,
                    "unit": "people", "reported_on": rep, "period_start": ps, "period_end": pe, "location": loc,
                    "quote": f"Quote of {cid} with {text}", "quote_en": f"English of {cid}", "value_text": text})
    return pd.DataFrame(out, columns=COLUMNS).astype({"value": float, "value_low": float, "value_high": float,
                                                      "is_vague": bool})


CLAIMS = _claims([
    ("taz_2022-c003", "taz_2022", "Kazakh Ministry of Health (via Sputnik)", "official", "killed", "164",
     164, "exact", 164, 164, False, "2022-01-09", "2022-01-02", "2022-01-09", "Kazakhstan"),
    ("taz_2022-c004", "taz_2022", "Kazakh Ministry of Health (via Sputnik)", "official", "killed", "103",
     103, "exact", 103, 103, False, "2022-01-08", "2022-01-02", "2022-01-09", "Almaty"),
    ("cri_2022-c005", "cri_2022", "Kazakh Ministry of Internal Affairs", "official", "killed", "mindestens 150",
     150, "at_least", 150, NAN, False, "2022-01-05", "2022-01-02", "2022-01-05", "Kazakhstan"),
    ("acc_2024-c065", "acc_2024", "Kazakh Government", "official", "killed", "238",
     238, "exact", 238, 238, False, "2022", "2022-01-02", "2022-01-11", "Kazakhstan"),
    ("acc_2024-c067", "acc_2024", "Human rights organizations (unnamed)", "ngo", "killed", "possibly up to 260",
     260, "up_to", NAN, 260, False, "2024-04-23", "2022-01-02", "2022-01-11", "Kazakhstan"),
    ("acc_2024-c062", "acc_2024", "US State Department", "foreign_government", "killed", "At least 238",
     238, "at_least", 238, NAN, False, "2023-11-30", "2022-01-02", "2022-01-11", "Kazakhstan"),
    ("cri_2022-c009", "cri_2022", "CrimethInc.", "activist", "killed", "Dutzende",
     NAN, "at_least", 24, NAN, True, "2022-01-12", "2011-12", "2011-12", "Zhanaozen"),
    ("cri_2022-c023", "cri_2022", "CrimethInc. (eyewitness)", "activist", "killed_and_injured",
     "höchstwahrscheinlich in die Tausende", NAN, "at_least", 2000, NAN, True, "2022-01-12", "2022-01-02",
     "2022-01-12", "Kazakhstan"),
    ("taz_2022-c006", "taz_2022", "Kazakh Government", "official", "detained", "rund 5.800",
     5800, "about", NAN, NAN, False, "2022-01-09", "2022-01-02", "2022-01-09", "Kazakhstan"),
    ("ep_2022-c004", "ep_2022", "European Parliament", "intergovernmental", "detained", "fast 10 000",
     10000, "almost", NAN, 9999, False, "2022-01-20", "2022-01-02", None, "Kazakhstan"),
    ("acc_2024-c001", "acc_2024", "Bertelsmann Stiftung (BTI)", "research", "detained", "mehr als 10.000",
     10000, "more_than", 10001, NAN, False, "2024-03-19", "2022-01", "2022-01", "Kazakhstan"),
    ("acc_2024-c035", "acc_2024", "Bertelsmann Stiftung (BTI)", "research", "detained", "over 10,000",
     10000, "more_than", 10001, NAN, False, "2024-03-19", "2022-01", "2022-01", "Kazakhstan"),
    ("acc_2024-c026", "acc_2024", "Freedom House", "ngo", "detained", "hunderter",
     NAN, "at_least", 200, NAN, True, "2024", "2022-01", "2022-01", "Kazakhstan"),
    ("taz_2022-c009", "taz_2022", "taz", "media", "csto_troops", "2.500",
     2500, "exact", 2500, 2500, False, "2022-01-09", None, None, "Kazakhstan"),
])


def _select(**kw):
    args = dict(metrics=["killed", "injured", "killed_and_injured", "detained"], reported_from="2022-01-01",
                reported_to="2024-12-31", period_from="2022-01-01", claimant_types=ALL_TYPES)
    args.update(kw)
    return ch.select_claims(CLAIMS, **args)


def _row(claim_id: str) -> pd.Series:
    return CLAIMS[CLAIMS["claim_id"] == claim_id].iloc[0]


# ------------------------------------------------------------------ small readers
@pytest.mark.parametrize(("iso", "last"), [("2022-01-09", "2022-01-09"), ("2024-02", "2024-02-29"),
                                           ("2023-02", "2023-02-28"), ("2022", "2022-12-31")])
def test_last_day_of_a_coarse_date(iso, last):
    assert ch.last_day(iso) == last


@pytest.mark.parametrize(("claim_id", "kind", "y", "rank", "reading"), [
    ("taz_2022-c003", "exact", 164, 164, "164"),
    ("cri_2022-c005", "lower", 150, 150, "at least 150"),
    ("acc_2024-c067", "upper", 260, 260, "up to 260"),
    ("taz_2022-c006", "about", 5800, 5800, "about 5,800"),
    ("ep_2022-c004", "upper", 9999, 9999, "almost 10,000"),
    ("acc_2024-c001", "lower", 10001, 10001, "more than 10,000"),
    ("cri_2022-c023", "vague", 2000, 2000, "“höchstwahrscheinlich in die Tausende” (a word, no number)"),
])
def test_how_each_qualifier_is_drawn_ranked_and_read(claim_id, kind, y, rank, reading):
    row = _row(claim_id)
    assert ch.mark_kind(row) == kind
    assert ch._y(row) == y
    assert ch.rank_value(row) == rank
    assert ch.reading(row) == reading


def test_a_range_is_drawn_as_a_range_at_its_middle():
    row = pd.Series({"is_vague": False, "qualifier": "exact", "value": NAN, "value_low": 2.0, "value_high": 7.5})
    assert ch.mark_kind(row) == "range"
    assert ch._y(row) == 4.75
    assert ch.reading(row) == "2–7.5"


@pytest.mark.parametrize(("name", "short"), [
    ("Kazakh Ministry of Health (via Sputnik)", "Health Ministry"),
    ("Kazakh Ministry of Internal Affairs", "Interior Ministry"),
    ("Bertelsmann Stiftung (BTI)", "BTI"),
    ("CrimethInc. (eyewitness)", "CrimethInc. eyewitness"),
    ("Human rights organizations (unnamed)", "Rights groups"),
    ("Human Rights Watch", "HRW"),
    ("US State Department", "US State Dept."),
    ("Kazakh Government", "Kazakh Government"),
])
def test_short_claimant_labels(name, short):
    assert ch.short_claimant(name) == short


def test_document_name_is_the_producer_up_to_the_first_comma_dash_or_bracket():
    assert ch.document_name("taz_2022", SOURCES) == "taz"
    assert ch.document_name("acc_2024", SOURCES) == "ACCORD"
    assert ch.document_name("cri_2022", SOURCES) == "CrimethInc."
    assert ch.document_name("unknown", SOURCES) == "unknown"


# ------------------------------------------------------------------ selection
def test_default_selection_keeps_the_metrics_and_drops_earlier_events():
    sel = _select()
    ids = list(sel.claims["claim_id"])
    assert "taz_2022-c009" not in ids  # csto_troops: not a selected metric
    assert "cri_2022-c009" not in ids  # Zhanaozen, December 2011
    assert list(sel.excluded_before_period["claim_id"]) == ["cri_2022-c009"]
    assert "ep_2022-c004" in ids  # no period_end: an open period is kept
    assert len(ids) == 12


def test_selection_is_sorted_by_metric_order_then_latest_possible_date():
    sel = _select()
    killed = list(sel.claims.loc[sel.claims["metric"] == "killed", "claim_id"])
    # "2022" can mean any day of 2022, so it follows the days of January 2022 and precedes 2023
    assert killed == ["cri_2022-c005", "taz_2022-c004", "taz_2022-c003", "acc_2024-c065", "acc_2024-c062",
                      "acc_2024-c067"]
    assert list(dict.fromkeys(sel.claims["metric"])) == ["killed", "killed_and_injured", "detained"]


def test_period_from_earlier_keeps_zhanaozen():
    sel = _select(period_from="2011-01-01")
    assert "cri_2022-c009" in set(sel.claims["claim_id"])
    assert sel.excluded_before_period.empty


def test_reported_window_counts_a_coarse_date_from_its_first_day():
    sel = _select(reported_from="2022-01-06", reported_to="2022-12-31")
    ids = set(sel.claims["claim_id"])
    assert "cri_2022-c005" not in ids  # 5 January
    assert "acc_2024-c065" not in ids  # "2022" starts on 1 January
    assert "taz_2022-c003" in ids and "ep_2022-c004" in ids
    assert "acc_2024-c067" not in ids  # 2024


def test_claimant_types_and_nationwide_only_filter():
    sel = _select(claimant_types=["official"], nationwide_only=True)
    assert set(sel.claims["claimant_type"]) == {"official"}
    assert "taz_2022-c004" not in set(sel.claims["claim_id"])  # Almaty
    assert set(sel.claims["claim_id"]) == {"cri_2022-c005", "taz_2022-c003", "acc_2024-c065", "taz_2022-c006"}


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError, match="unknown claimant type"):
        _select(claimant_types=["official", "government"])
    with pytest.raises(ValueError):
        _select(reported_from="2022-13-01")


# ------------------------------------------------------------------ figures picked by rule
def test_first_official_prefers_an_unqualified_nationwide_figure_dated_for_certain():
    sel = _select()
    # 150 is earlier but "mindestens"; 103 is Almaty only; "2022" could be December
    assert ch.first_official(sel.claims, "killed")["claim_id"] == "taz_2022-c003"


def test_highest_official_and_non_official():
    sel = _select()
    assert ch.highest(sel.claims, "killed", official=True)["claim_id"] == "acc_2024-c065"
    assert ch.highest(sel.claims, "killed", official=False)["claim_id"] == "acc_2024-c067"
    assert ch.highest_floor(sel.claims, "killed", official=False)["claim_id"] == "acc_2024-c062"
    # "mehr als 10.000" (at least 10,001) beats "fast 10 000" (at most 9,999); the earlier of the two copies wins
    assert ch.highest(sel.claims, "detained", official=False)["claim_id"] == "acc_2024-c001"
    assert ch.lowest(sel.claims, "detained")["claim_id"] == "taz_2022-c006"
    assert ch.highest(sel.claims, "injured", official=True) is None


def test_same_figure_in_two_passages_is_one_group():
    sel = _select()
    groups = ch.same_figure_groups(sel.claims[sel.claims["metric"] == "detained"])
    assert [list(g["claim_id"]) for g in groups] == [["taz_2022-c006"], ["ep_2022-c004"],
                                                     ["acc_2024-c001", "acc_2024-c035"], ["acc_2024-c026"]]


# ------------------------------------------------------------------ prose
def test_killed_text_names_claimants_documents_and_figures():
    html = ch.killed_html(_select(), SOURCES)
    assert "The first nation-wide official toll in the selection is <strong>164</strong>" in html
    assert "Kazakh Ministry of Health (via Sputnik) [Kazakh official] on 9 January 2022 and printed by taz" in html
    assert "The highest official figure is <strong>238</strong>" in html and "in 2022 (no day given)" in html
    assert "74 more deaths than the first toll (45% higher)" in html
    assert "<strong>up to 260</strong> (“possibly up to 260”), an upper bound" in html
    assert "<code>acc_2024-c067</code>" in html
    assert "<strong>at least 238</strong> (“At least 238”), from US State Department" in html
    assert "“höchstwahrscheinlich in die Tausende” (killed and injured together, Kazakhstan)" in html


def test_killed_text_follows_the_claimant_types():
    html = ch.killed_html(_select(claimant_types=["ngo", "activist"]), SOURCES)
    assert "No nation-wide official death toll is in the selection." in html
    assert "up to 260" in html
    assert "The parameters leave out killed figures" in ch.killed_html(_select(metrics=["detained"]), SOURCES)


def test_detention_sequence_in_order_with_duplicates_merged():
    html = ch.sequence_html(_select(), SOURCES, "detained")
    i1, i2, i3 = html.index("about 5,800"), html.index("almost 10,000"), html.index("more than 10,000")
    assert i1 < i2 < i3
    assert "(“mehr als 10.000” / “over 10,000”)" in html
    assert "<code>acc_2024-c001</code>, <code>acc_2024-c035</code>" in html
    assert "the same figure in two passages of that document" in html
    assert "The highest official figure is about 5,800 (Kazakh Government); the highest non-official one is " \
           "more than 10,000 (Bertelsmann Stiftung (BTI))." in html
    assert "hunderter" not in html  # a word is not part of the sequence of numbers


def test_counts_official_versus_non_official():
    html = ch.counts_html(_select(), SOURCES)
    assert "This chapter shows 12 claims from 4 documents" in html
    assert "5 were stated by Kazakh official claimants and 7 by non-official ones" in html
    assert "1 foreign government, 1 intergovernmental, 2 NGO, 2 research, 1 activist" in html
    assert "<code>cri_2022-c009</code>" in html and "December 2011" in html
    assert "single places (Almaty)" in html


def test_vague_text_lists_every_word():
    html = ch.vague_html(_select(), SOURCES)
    assert html.startswith("<p>2 claims print a word instead of a number")
    assert "“hunderter” (detained, Kazakhstan; read as at least 200) from Freedom House [NGO] in 2024 (no day given)" in html


def test_values_from_the_data_are_escaped():
    evil = CLAIMS.copy()
    evil.loc[evil["claim_id"] == "taz_2022-c003", "claimant"] = "<script>alert(1)</script>"
    evil.loc[evil["claim_id"] == "taz_2022-c003", "quote"] = "<b>quote</b>"
    sel = ch.select_claims(evil, metrics=["killed"], reported_from="2022-01-01", reported_to="2024-12-31",
                           period_from="2022-01-01", claimant_types=ALL_TYPES)
    for html in (ch.killed_html(sel, SOURCES), ch.claims_table_html(sel, SOURCES)):
        assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>quote</b>" not in ch.claims_table_html(sel, SOURCES)


def test_claims_table_traces_each_mark_to_its_quote():
    table = ch.claims_table(_select(), SOURCES)
    assert list(table.columns) == ch.TABLE_COLUMNS
    row = table.iloc[list(_select().claims["claim_id"]).index("acc_2024-c001")]
    assert row["claim"] == "acc_2024-c001 (ACCORD)"
    assert row["claimant"] == "Bertelsmann Stiftung (BTI) [research]"
    assert row["figure"] == "Detained: mehr als 10.000"
    assert row["reading"] == "more than; ≥ 10001"
    assert row["stated"] == "19 March 2024"
    assert row["quote"] == "Quote of acc_2024-c001 with mehr als 10.000"
    almaty = table.iloc[list(_select().claims["claim_id"]).index("taz_2022-c004")]
    assert almaty["stated"] == "8 January 2022; Almaty"
    vague = table.iloc[list(_select().claims["claim_id"]).index("acc_2024-c026")]
    assert vague["reading"] == "vague word, at least; ≥ 200" and vague["stated"] == "2024"


# ------------------------------------------------------------------ the chart
def test_labels_show_claimant_figure_place_and_coarse_date():
    assert ch.label_text(_row("taz_2022-c004")) == "Health Ministry: 103 (Almaty)"
    assert ch.label_text(_row("acc_2024-c065")) == "Kazakh Government: 238 (stated 2022)"
    assert ch.label_text(_row("cri_2022-c023")) == "CrimethInc. eyewitness: „höchstwahrscheinlich in die Tausende“"


def test_time_axis_is_split_only_inside_the_window():
    assert ch._time_parts("2022-01-01", "2024-12-31", "2022-01-31") == [("2022-01-01", "2022-01-31"),
                                                                        ("2022-02-01", "2024-12-31")]
    assert ch._time_parts("2022-01-01", "2022-01-31", "2022-01-31") == [("2022-01-01", "2022-01-31")]
    assert ch._time_parts("2022-03-01", "2024-12-31", "2022-01-31") == [("2022-03-01", "2024-12-31")]
    assert ch._part_label("2022-01-01", "2022-01-31") == "1–31 January 2022"
    assert ch._part_label("2022-02-01", "2024-12-31") == "February 2022 – December 2024"


def test_draw_mark_arrows_point_the_open_way_and_words_are_hollow():
    fig, ax = plt.subplots()
    assert ch._draw_mark(ax, "lower", 0, 10, "red", "s") > 0
    assert ch._draw_mark(ax, "upper", 0, 10, "red", "s") < 0
    assert ch._draw_mark(ax, "exact", 0, 10, "red", "s") == 0
    assert ch._draw_mark(ax, "vague", 0, 10, "red", "s") > 0
    hollow = ax.collections[-1]
    assert tuple(hollow.get_facecolors()[0]) == (1.0, 1.0, 1.0, 1.0)
    assert any(t.get_text() == "≈" for t in ax.texts) is False
    ch._draw_mark(ax, "about", 0, 10, "red", "s")
    assert any(t.get_text() == "≈" for t in ax.texts)
    plt.close(fig)


def test_figure_draws_one_panel_row_per_metric_and_bars_for_coarse_dates():
    sel = _select()
    fig, data = ch.tolls_figure(sel)
    assert list(data["claim_id"]) == list(sel.claims["claim_id"])
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert [ax.get_title(loc="left") for ax in panels] == ["Killed (6 claims)", "Injured (0 claims)",
                                                          "Killed and injured together (1 claim)",
                                                          "Detained (5 claims)"]
    # "2022" (238 killed): a bar from 1 January 2022 to 1 January 2023 in the killed row
    start, end = mdates.date2num(pd.Timestamp("2022-01-01")), mdates.date2num(pd.Timestamp("2023-01-01"))
    killed = [ax for ax in fig.axes if ax.get_title(loc="left").startswith("Killed (")][0]
    row = [ax for ax in fig.axes if ax.get_subplotspec() is not None
           and ax.get_subplotspec().rowspan == killed.get_subplotspec().rowspan]
    assert len(row) == 2, "the default window has two time scales: January 2022 and the rest"
    pieces = [(ax, ln) for ax in row for ln in ax.lines
              if len(ln.get_xdata()) == 2 and list(ln.get_ydata()) == [238.0, 238.0]]
    # One piece per panel: from 1 January to the edge of the January panel, then on from the edge of the
    # later panel to 1 January 2023, where its single end cap sits.
    assert [list(ln.get_xdata()) for _, ln in pieces] == [[start, row[0].get_xlim()[1]],
                                                          [row[1].get_xlim()[0], end]]
    caps = [ax for ax in row for ln in ax.lines if ln.get_marker() == "|" and list(ln.get_xdata()) == [end]
            and list(ln.get_ydata()) == [238.0]]
    assert caps == [row[1]]
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "no claim in the selection" in texts
    plt.close(fig)


def test_no_line_or_mark_is_drawn_outside_its_panel():
    """A bar for a date known only to the month or year spans both time scales; each panel must draw only
    its own part. A part left for the clip path to hide still lands in the SVG and the PDF, outside the page."""
    fig, _ = ch.tolls_figure(_select())
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
    base = CLAIMS[CLAIMS["claim_id"] == "acc_2024-c062"]
    copies = pd.concat([base.assign(claim_id=f"copy-{i:02d}", source_id=f"doc_{i:02d}") for i in range(40)],
                       ignore_index=True)
    fig, data = ch.tolls_figure(ch.select_claims(
        copies, metrics=["killed"], reported_from="2022-01-01", reported_to="2024-12-31",
        period_from="2022-01-01", claimant_types=ALL_TYPES))
    assert len(data) == 40
    marks = sum(len(c.get_offsets()) for ax in fig.axes for c in ax.collections if len(c.get_offsets()) == 1)
    labels = [t.get_text() for ax in fig.axes for t in ax.texts if "238" in t.get_text()]
    plt.close(fig)
    assert marks >= 40, f"every claim keeps its mark; found {marks}"
    assert len(labels) == 1 and "US State Dept." in labels[0].replace("\n", " "), labels


def test_save_figure_writes_exactly_the_rows_drawn(tmp_path):
    sel = _select(metrics=["detained"], claimant_types=["research", "ngo"])
    saved = ch.save_tolls_figure(sel, SOURCES, tmp_path)
    data = pd.read_csv(saved.csv)
    assert list(data["claim_id"]) == ["acc_2024-c001", "acc_2024-c035", "acc_2024-c026"]
    assert saved.svg.is_file() and saved.png.is_file()
    assert "Figure 3.1." in saved.html
    assert "Source: ACCORD (26 April 2024; acc_2024)." in saved.html
    assert "Detained figures stated 1 January 2022 – 31 December 2024" in saved.html
    assert "3 claims, 0 from Kazakh official claimants" in saved.html


def test_alt_text_gives_the_range_per_metric():
    alt = ch.figure_alt(_select())
    assert "Killed: 6 claims; nation-wide numbers from at least 150 (Kazakh Ministry of Internal Affairs, " \
           "5 January 2022) to up to 260 (Human rights organizations (unnamed), 23 April 2024)." in alt
    assert "Injured: no claim." in alt
    assert "Detained: 5 claims; nation-wide numbers from about 5,800" in alt and "to more than 10,000" in alt
    assert "words without a number: “hunderter”" in alt


# ------------------------------------------------------------------ the notebook
NOTEBOOK = config.NOTEBOOKS_DIR / "03-casualties.ipynb"


def _run(processed, tmp_path, **params):
    import papermill

    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK), str(out),
        parameters={"data_dir": str(config.DATA_DIR), "processed_dir": str(processed["folder"]),
                    "figures_dir": str(tmp_path), **params},
        kernel_name="python3", cwd=str(config.NOTEBOOKS_DIR), progress_bar=False)
    import nbformat

    nb = nbformat.read(out, as_version=4)
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))
    return html, pd.read_csv(tmp_path / "03-1-tolls-by-claimant.csv", dtype={"reported_on": str})


@pytest.mark.slow
def test_notebook_with_defaults(processed, tmp_path):
    html, data = _run(processed, tmp_path)
    assert set(data["metric"]) == {"killed", "injured", "killed_and_injured", "detained"}
    assert "crimethinc_2022-c009" not in set(data["claim_id"])  # Zhanaozen 2011
    for cid in ("taz_2022-c003", "accord_2024-c065", "accord_2024-c067", "crimethinc_2022-c023",
                "taz_2022-c006", "crimethinc_2022-c004", "europarl_2022-c004", "accord_2024-c001"):
        assert cid in set(data["claim_id"]), cid
        assert cid in html, cid
    assert "The first nation-wide official toll in the selection is <strong>164</strong>" in html
    assert "The highest official figure is <strong>238</strong>" in html
    assert "<strong>up to 260</strong>" in html
    assert "höchstwahrscheinlich in die Tausende" in html
    assert 'id="fig-3-1"' in html
    assert (tmp_path / "03-1-tolls-by-claimant.svg").is_file()


@pytest.mark.slow
def test_notebook_follows_non_default_parameters(processed, tmp_path):
    html, data = _run(processed, tmp_path, metrics=["detained", "killed"], reported_from="2022-01-10",
                      reported_to="2023-12-31", claimant_types=["intergovernmental", "ngo", "research", "activist"],
                      nationwide_only=True, zoom_to="2023-12-31")
    assert set(data["metric"]) <= {"detained", "killed"} and len(data) > 0
    assert (data["x_from"] >= "2022-01-10").all() and (data["x_from"] <= "2023-12-31").all()
    assert set(data["claimant_type"]) <= {"intergovernmental", "ngo", "research", "activist"}
    assert (data["location"] == "Kazakhstan").all()
    assert "europarl_2022-c004" in set(data["claim_id"])
    assert "taz_2022-c003" not in set(data["claim_id"]) and "accord_2024-c067" not in set(data["claim_id"])
    assert "No nation-wide official death toll is in the selection." in html
    assert "larger scale" not in html  # one even time scale


def test_a_single_official_toll_is_first_and_highest():
    sel = _select(claimant_types=["official", "ngo"], reported_from="2022-01-09", reported_to="2022-01-09")
    html = ch.killed_html(sel, SOURCES)
    assert "The first nation-wide official toll in the selection is <strong>164</strong>" in html
    assert "It is also the highest official figure in the selection." in html
    assert "No nation-wide figure from a non-official claimant is in the selection." in html


def test_claims_table_capped_by_max_rows_prints_the_first_rows_and_counts_the_rest():
    full, capped = ch.claims_table_html(_select(), SOURCES), ch.claims_table_html(_select(), SOURCES, max_rows=2)
    rows = lambda html: html.split("<tbody>", 1)[1].split("</tr>")[:-1]  # noqa: E731
    n = len(rows(full))
    assert n == len(ch.claims_table(_select(), SOURCES)) > 2
    assert rows(capped) == rows(full)[:2]
    assert f"first 2 of its {n} rows" in capped and "<code>data/processed/claims.csv</code>" in capped
    assert ch.claims_table_html(_select(), SOURCES, max_rows=0) == full
