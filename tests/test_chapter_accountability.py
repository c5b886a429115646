"""The accountability chapter: intervals, bound arithmetic, reading the claims, prose, figures, notebook."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from scipy.stats import binom  # noqa: E402

from kzreport import chapter_accountability as ch  # noqa: E402
from kzreport import config  # noqa: E402
from kzreport.evidence import CLAIM_COLUMNS, Evidence  # noqa: E402

NOTEBOOK = config.NOTEBOOKS_DIR / "04-accountability.ipynb"
CAT, HRW, DOS, PGO = "UN Committee against Torture", "Human Rights Watch", "US State Department", "Kazakh Prosecutor General's Office"


# ---------------------------------------------------------------------------- hand-made claims
def claim(claim_id, metric, value_text, value, qualifier="exact", low="same", high="same", claimant=CAT,
          claimant_type="intergovernmental", quote=None, quote_en=None, note="", location="Kazakhstan",
          reported_on="2023-06-08", period_start=None, source_id="doc_2024"):
    low = value if low == "same" else low
    high = value if high == "same" else high
    quote = quote if quote is not None else f"passage with {value_text}"
    return {
        "claim_id": claim_id, "source_id": source_id, "claimant": claimant, "claimant_type": claimant_type,
        "metric": metric, "value": value, "qualifier": qualifier, "value_low": low, "value_high": high,
        "is_vague": value is None, "unit": "cases", "reported_on": reported_on, "period_start": period_start,
        "period_end": None, "location": location, "quote": quote, "quote_en": quote_en if quote_en is not None else quote,
        "value_text": value_text, "location_as_printed": location, "is_core_metric": True, "quote_match": "verbatim",
        "note": note,
    }


DE = "CAT zeigt sich besorgt (236 von 329 Fällen)"
EN = "It is also concerned (236 out of 329 cases)"
CAT_CONV = "Fünf Polizeibeamte seien verurteilt worden, weil sie unter anderem 23 Gefangene in Taldykorgan gefoltert hätten"
DOS_ANNEX = "On June 7, seven officials in Almaty received prison sentences"


def _claims() -> pd.DataFrame:
    rows = [
        claim("doc_2024-c001", "torture_cases_closed", "236", 236.0, quote=DE, quote_en="(236 of 329 cases)"),
        claim("doc_2024-c002", "torture_cases", "329", 329.0, quote=DE, quote_en="(236 of 329 cases)"),
        claim("doc_2024-c003", "officers_investigated", "35", 35.0, period_start="2022-01"),
        claim("doc_2024-c004", "officers_convicted", "Fünf", 5.0, quote=CAT_CONV, location="Taldykorgan"),
        claim("doc_2024-c005", "torture_victims", "23", 23.0, quote=CAT_CONV, location="Taldykorgan"),
        claim("doc_2024-c006", "officers_convicted", "mindestens zwölf", 12.0, "at_least", 12.0, None, claimant=DOS,
              claimant_type="foreign_government", reported_on="2024-04-23", note="ACCORD's summary"),
        claim("doc_2024-c007", "officers_convicted", "vier", 4.0, claimant=DOS, claimant_type="foreign_government",
              reported_on="2024-04-23", note="NOT the January 2022 unrest: a custody death in 2021"),
        claim("doc_2024-c008", "torture_cases_closed", "236", 236.0, quote=EN),
        claim("doc_2024-c009", "torture_cases", "329", 329.0, quote=EN),
        claim("doc_2024-c010", "officers_convicted", "5", 5.0, note="same figure as doc_2024-c004", location="Taldykorgan"),
        claim("doc_2024-c011", "protesters_convicted", "over 1,200", 1200.0, "more_than", 1201.0, None, claimant=PGO,
              claimant_type="official", reported_on="2024-01-11", note="quoted by HRW"),
        claim("doc_2024-c012", "officers_convicted", "At least 23", 23.0, "at_least", 23.0, None, claimant=HRW,
              claimant_type="ngo", reported_on="2024-01-11"),
        claim("doc_2024-c013", "posthumous_prosecutions", "at least 15", 15.0, "at_least", 15.0, None, claimant=HRW,
              claimant_type="ngo", reported_on="2024-01-11"),
        claim("doc_2024-c014", "officers_convicted", "seven", 7.0, claimant=DOS, claimant_type="foreign_government",
              reported_on="2024-04-23", quote=DOS_ANNEX, location="Almaty", period_start="2023-06-07"),
        claim("doc_2024-c015", "officers_convicted", "two", 2.0, claimant=DOS, claimant_type="foreign_government",
              reported_on="2024-04-23", quote="A Semey court convicted but did not require prison time to be served by two officers",
              location="Semey", period_start="2023-08-23"),
        claim("doc_2024-c016", "officers_convicted", "at least three", 3.0, "at_least", 3.0, None, claimant="Media (unnamed)",
              claimant_type="media", reported_on="2024-04-23", quote="Media reported at least three officers received prison sentences"),
        claim("doc_2024-c017", "killed", "238", 238.0, claimant="Kazakh Government", claimant_type="official"),
    ]
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS).astype({"value": float, "value_low": float, "value_high": float})


SOURCES = pd.DataFrame({"source_id": ["doc_2024"], "producer": ["Doc producer"], "date_published": ["2024-04-26"]})


def _ev(claims: pd.DataFrame | None = None) -> Evidence:
    return Evidence(SOURCES, _claims() if claims is None else claims, pd.DataFrame())


# ---------------------------------------------------------------------------- intervals
def test_wilson_interval_for_236_of_329_at_95_percent():
    # By hand: p = 236/329 = 0.717325; z = 1.959964, z² = 3.841459
    # z²/n = 0.0116762, z²/2n = 0.0058381, z²/4n² = 0.00000887, p(1-p)/n = 0.000616321
    # centre = (0.717325 + 0.0058381) / 1.0116762 = 0.714817
    # half   = 1.959964 / 1.0116762 * sqrt(0.000616321 + 0.00000887) = 1.937343 * 0.0250038 = 0.048441
    # interval = 0.714817 ∓ 0.048441 = 0.666376 … 0.763258
    low, high = ch.wilson_interval(236, 329, 0.95)
    assert low == pytest.approx(0.666376, abs=2e-6)
    assert high == pytest.approx(0.763258, abs=2e-6)


def test_wilson_interval_at_99_percent_is_wider():
    # By hand: z = 2.575829, z² = 6.634897; z²/n = 0.0201669, z²/2n = 0.0100834, z²/4n² = 0.0000153
    # centre = (0.717325 + 0.0100834) / 1.0201669 = 0.713029
    # half   = 2.575829 / 1.0201669 * sqrt(0.000616321 + 0.0000153) = 2.524909 * 0.0251322 = 0.063457
    # interval = 0.649572 … 0.776486
    low, high = ch.wilson_interval(236, 329, 0.99)
    assert low == pytest.approx(0.649572, abs=2e-6)
    assert high == pytest.approx(0.776486, abs=2e-6)


def test_wilson_interval_for_zero_successes_starts_at_zero():
    # By hand, 0 of 10 at 95%: centre = (3.841459/20) / 1.3841459 = 0.138766, half = 1.415999 * 0.0979982 = 0.138766
    # so the lower end is 0 and the upper 0.277533.
    low, high = ch.wilson_interval(0, 10, 0.95)
    assert low == pytest.approx(0.0, abs=1e-9)
    assert high == pytest.approx(0.277533, abs=2e-6)


def test_clopper_pearson_closed_forms_at_the_edges():
    # For x = 0 the upper end is 1 − (α/2)^(1/n); for x = n the lower end is (α/2)^(1/n).
    # By hand, n = 10, α = 0.05: 0.025^(0.1) = exp(ln 0.025 / 10) = exp(−0.3688879) = 0.6915029.
    assert ch.clopper_pearson_interval(0, 10, 0.95) == pytest.approx((0.0, 1 - 0.6915029), abs=1e-6)
    assert ch.clopper_pearson_interval(10, 10, 0.95) == pytest.approx((0.6915029, 1.0), abs=1e-6)


def test_clopper_pearson_for_236_of_329_inverts_the_binomial_test():
    # The exact interval's ends are the p at which each one-sided binomial tail is α/2 = 0.025.
    low, high = ch.clopper_pearson_interval(236, 329, 0.95)
    assert binom.sf(235, 329, low) == pytest.approx(0.025, abs=1e-6)   # P(X ≥ 236 | p = low)
    assert binom.cdf(236, 329, high) == pytest.approx(0.025, abs=1e-6)  # P(X ≤ 236 | p = high)
    w_low, w_high = ch.wilson_interval(236, 329, 0.95)
    assert low < w_low and high > w_high  # exact is the more conservative here


def test_proportion_interval_dispatches_and_refuses_bad_input():
    assert ch.proportion_interval(236, 329, 0.95, "wilson") == ch.wilson_interval(236, 329, 0.95)
    assert ch.proportion_interval(236, 329, 0.95, "clopper-pearson") == ch.clopper_pearson_interval(236, 329, 0.95)
    with pytest.raises(ValueError, match="ci_method"):
        ch.proportion_interval(236, 329, 0.95, "wald")
    with pytest.raises(ValueError, match="confidence"):
        ch.proportion_interval(236, 329, 95, "wilson")
    with pytest.raises(ValueError, match="x <= n"):
        ch.proportion_interval(330, 329, 0.95, "wilson")


# ---------------------------------------------------------------------------- bounds of a ratio
def test_ratio_bounds_over_1200_against_exactly_5():
    # more than 1,200 = at least 1,201; 1,201 / 5 = 240.2; no upper bound.
    assert ch.ratio_bounds(1201, None, 5, 5) == (pytest.approx(240.2), None)


def test_ratio_bounds_both_open_have_no_bound():
    # at least 1,201 over at least 23: the lowest is 1,201/∞ (nothing), the highest ∞/23 (nothing).
    assert ch.ratio_bounds(1201, float("nan"), 23, float("nan")) == (None, None)


def test_ratio_bounds_exact_numerator_open_denominator_caps_the_ratio():
    # 1,200 / (at least 23): at most 1,200 / 23 = 52.1739
    low, high = ch.ratio_bounds(1200, 1200, 23, None)
    assert low is None and high == pytest.approx(52.1739, abs=1e-4)


def test_ratio_bounds_of_two_ranges_and_a_zero_denominator():
    assert ch.ratio_bounds(10, 20, 2, 5) == (2.0, 10.0)  # 10/5 and 20/2
    with pytest.raises(ValueError):
        ch.ratio_bounds(10, 20, 0, 5)


def test_ratio_texts_never_round_a_bound_the_wrong_way():
    assert ch.ratio_low_text(240.2) == "more than 240"
    assert ch.ratio_low_text(240.0) == "at least 240"
    assert ch.ratio_high_text(52.17) == "fewer than 53"
    assert ch.ratio_high_text(52.0) == "at most 52"


# ---------------------------------------------------------------------------- reading notes and quotes
def test_outside_january_reads_the_curators_note():
    assert ch.outside_january("NOT the January 2022 unrest: custody death")
    assert ch.outside_january("Zhumabayev custody death (Dec 2021), not January 2022; same as x")
    assert not ch.outside_january("prison sentences in 2023 for abuses during the January 2022 unrest")
    assert not ch.outside_january("")


def test_same_as_and_without_prison():
    assert ch.same_as("same figure as accord_2024-c030") == "accord_2024-c030"
    assert ch.same_as("Zhumabayev (Dec 2021); same as accord_2024-c033") == "accord_2024-c033"
    assert ch.same_as("convicted for torturing 23 detainees") is None
    assert ch.without_prison("convicted but did not require prison time to be served")
    assert not ch.without_prison("received prison sentences on July 20")


def test_closure_pair_takes_the_first_passage_and_lists_the_repeat():
    pair = ch.closure_pair(_claims(), CAT)
    assert (pair.closed["claim_id"], pair.total["claim_id"]) == ("doc_2024-c001", "doc_2024-c002")
    assert pair.repeats == [("doc_2024-c008", "doc_2024-c009")]
    with pytest.raises(ValueError, match="no closed-of-total"):
        ch.closure_pair(_claims(), HRW)


def test_conviction_for_skips_repeats_and_cases_outside_january():
    assert ch.conviction_for(_claims(), CAT)["claim_id"] == "doc_2024-c004"
    assert ch.conviction_for(_claims(), DOS)["claim_id"] == "doc_2024-c006"  # c007 is not January 2022
    with pytest.raises(ValueError, match="Amnesty"):
        ch.conviction_for(_claims(), "Amnesty")


def test_itemised_counts_and_their_sum():
    groups = ch.itemised_counts(_claims())
    assert len(groups) == 1
    g = groups[0]
    assert g.summary["claim_id"] == "doc_2024-c006"
    assert list(g.items["claim_id"]) == ["doc_2024-c014", "doc_2024-c015", "doc_2024-c016"]
    jailed = ch.officer_conviction_claims(_claims()).set_index("claim_id").loc[list(g.items["claim_id"]), "prison"]
    assert list(jailed) == [True, False, True]
    # 7 + 2 + at least 3: low 12, no high
    assert ch.sum_bounds(g.items) == (12.0, None)
    assert ch.sum_bounds(g.items.iloc[:2]) == (9.0, 9.0)


def test_claims_used_follow_the_chain_and_leave_out_other_metrics():
    ids = list(ch.claims_used(_claims())["claim_id"])
    assert ids[:4] == ["doc_2024-c002", "doc_2024-c009", "doc_2024-c001", "doc_2024-c008"]  # cases, then closed
    assert "doc_2024-c017" not in ids  # 'killed' is another chapter's
    assert ids[-1] == "doc_2024-c013"  # posthumous prosecutions come after protesters


# ---------------------------------------------------------------------------- the chain and its prose
def test_chain_table_follows_the_conviction_claimants_parameter():
    chain = ch.chain_table(_claims(), CAT, [CAT, HRW])
    assert list(chain["claim_id"]) == ["doc_2024-c002", "doc_2024-c001", "doc_2024-c003", "doc_2024-c004",
                                       "doc_2024-c012", "doc_2024-c011"]
    assert list(chain["open_above"]) == [False, False, False, False, True, True]
    other = ch.chain_table(_claims(), CAT, [DOS])
    assert list(other.loc[other["metric"] == "officers_convicted", "claim_id"]) == ["doc_2024-c006"]


def test_ratio_prose_keeps_the_qualifiers():
    html = ch.ratio_html(ch.chain_table(_claims(), CAT, [CAT, HRW]))
    assert "more than 240" in html and "1,201 ÷ 5 = 240.2" in html
    assert "neither direction" in html and "about 52" in html


def test_closure_prose_names_method_interval_and_caveat():
    wilson = ch.closure_html(_ev(), CAT, 0.95, "wilson")
    assert "71.7%" in wilson and "95% Wilson score interval of <strong>66.6% to 76.3%" in wilson
    assert "not a random sample" in wilson and "doc_2024-c008" in wilson  # the repeat passage is named
    exact = ch.closure_html(_ev(), CAT, 0.99, "clopper-pearson")
    assert "99% Clopper–Pearson exact interval" in exact and "66.6% to 76.3%" not in exact


def test_summary_and_officer_prose():
    summary = ch.summary_html(_ev(), CAT, [CAT, HRW])
    assert "236 of 329" in summary and "<q>Fünf</q> (5)" in summary and "<q>over 1,200</q>" in summary
    text = ch.officer_counts_html(_ev())
    # 7 (Almaty) + at least 3 (media) = ≥ 10 with prison, which is NOT the ≥ 12 printed as summary in this hand-made data
    assert "not simply the sum" in text and "= ≥ 10" in text
    assert "counts detainees" in text  # CAT's 23 detainees vs HRW's at least 23 officers
    assert "NOT the January 2022 unrest" in text


def test_officer_prose_says_a_count_printed_by_several_documents_once():
    # A second document prints the same passages (CAT's five officers and 23 detainees, HRW's at least 23, the
    # State Department's itemised counts): every count is said once, and the relays are counted.
    copies = _claims()
    copies = copies[copies["metric"].isin(["officers_convicted", "torture_victims"])].assign(
        source_id="zcopy_2024", claim_id=lambda d: d["claim_id"].str.replace("doc_2024", "zcopy_2024"),
        note=lambda d: d["note"].str.replace("doc_2024", "zcopy_2024"))
    once = ch.officer_counts_html(_ev())
    text = ch.officer_counts_html(_ev(pd.concat([_claims(), copies], ignore_index=True)))
    assert "The data hold 16 figures for convicted officers. 2 of them repeat another passage of the same document, " \
           "7 print again a count another document has already printed" in text
    for sentence in ("counts detainees tortured", "not simply the sum", "concerns a different case"):
        assert text.count(sentence) == once.count(sentence) == 1, sentence
    assert "zcopy_2024-c0" not in text.split("</p>", 1)[1]  # the reasons cite the first document (in id order) only


def test_text_from_the_data_is_escaped():
    claims = _claims()
    claims.loc[claims["claim_id"] == "doc_2024-c004", "quote"] = "<script>alert(1)</script>"
    claims.loc[claims["claim_id"] == "doc_2024-c012", "claimant"] = "<b>HRW</b>"
    ev = _ev(claims)
    html = ch.officer_counts_table_html(ev) + ch.summary_html(ev, CAT, [CAT, "<b>HRW</b>"]) + ch.claims_used_html(ev)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>HRW</b>" not in html and "&lt;b&gt;HRW&lt;/b&gt;" in html


# ---------------------------------------------------------------------------- figures
def test_chain_figure_scale_and_bars():
    chain = ch.chain_table(_claims(), CAT, [CAT, HRW])
    fig = ch.chain_figure(chain, log_scale=True)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and len(ax.patches) == 6
    assert "over 1,200 convictions" in fig._suptitle.get_text()
    plt.close(fig)
    fig = ch.chain_figure(chain, log_scale=False)
    assert fig.axes[0].get_xscale() == "linear"
    plt.close(fig)


def test_officer_counts_rows_stack_the_items_under_their_summary():
    rows = ch.officer_counts_rows(_claims())
    assert list(rows["claim_id"]) == ["doc_2024-c004", "doc_2024-c012", "doc_2024-c006", "doc_2024-c014",
                                      "doc_2024-c015", "doc_2024-c016", "doc_2024-c007"]
    assert rows["row"].nunique() == 5 and "HRW, 11 January 2024" in set(rows["row"])  # CAT, HRW, DOS summary, DOS items, DOS outside January
    assert list(rows.loc[rows["claim_id"] == "doc_2024-c015", "prison"]) == [False]
    fig = ch.officer_counts_figure(rows)
    assert len(fig.axes[0].patches) == 7
    plt.close(fig)
    assert "Almaty 7 + Semey 2 (no prison time) + media reports at least 3 = ≥ 12" in ch.officer_counts_alt(rows)


def test_a_count_printed_by_two_documents_is_one_bar_that_says_so():
    copy = claim("other_2024-c001", "officers_convicted", "At least 23", 23.0, "at_least", 23.0, None, claimant=HRW,
                 claimant_type="ngo", reported_on="2024-01-11", source_id="other_2024")
    rows = ch.officer_counts_rows(pd.concat([_claims(), pd.DataFrame([copy], columns=CLAIM_COLUMNS)], ignore_index=True))
    hrw = rows[rows["row"] == "HRW, 11 January 2024"]
    assert list(hrw["claim_id"]) == ["doc_2024-c012"] and list(hrw["n_documents"]) == [2]
    assert "HRW, 11 January 2024: At least 23 (printed by 2 documents)" in ch.officer_counts_alt(rows)
    assert "a count another document has already printed" in ch.officer_counts_caption(rows)
    assert "another document" not in ch.officer_counts_caption(ch.officer_counts_rows(_claims()))
    fig = ch.officer_counts_figure(rows)
    assert len(fig.axes[0].get_yticks()) == 5 and len(fig.axes[0].patches) == 7
    plt.close(fig)


def test_two_different_counts_with_the_same_label_are_two_bars_not_one_stacked_bar():
    # Another document relays a different HRW count stated the same day: same label, a different figure.
    other = claim("other_2024-c001", "officers_convicted", "30", 30.0, claimant=HRW, claimant_type="ngo",
                  reported_on="2024-01-11", source_id="other_2024")
    rows = ch.officer_counts_rows(pd.concat([_claims(), pd.DataFrame([other], columns=CLAIM_COLUMNS)], ignore_index=True))
    alt = ch.officer_counts_alt(rows)
    assert "HRW, 11 January 2024: At least 23;" in alt and "HRW, 11 January 2024: 30;" in alt and "= ≥ 53" not in alt
    fig = ch.officer_counts_figure(rows)
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks.count("HRW\n11 January 2024") == 2 and len(fig.axes[0].patches) == 8
    plt.close(fig)
    hrw = rows[rows["row"] == "HRW, 11 January 2024"]
    assert list(hrw["claim_id"]) == ["doc_2024-c012", "other_2024-c001"] and hrw["bar"].nunique() == 2


# ---------------------------------------------------------------------------- the notebook end to end
def _run(tmp_path, processed, **params):
    import nbformat
    import papermill

    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK), str(out),
        parameters={"data_dir": str(config.DATA_DIR), "processed_dir": str(processed["folder"]),
                    "figures_dir": str(tmp_path / "figures"), **params},
        kernel_name="python3", cwd=str(config.NOTEBOOKS_DIR), progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    return html, tmp_path / "figures"


@pytest.mark.slow
def test_notebook_with_defaults(tmp_path, processed):
    html, figs = _run(tmp_path, processed)
    chain = pd.read_csv(figs / "04-1-accountability-chain.csv")
    assert list(chain["claim_id"]) == ["accord_2024-c028", "accord_2024-c027", "accord_2024-c029", "accord_2024-c030",
                                       "accord_2024-c048", "accord_2024-c043"]
    assert "95% Wilson score interval of <strong>66.6% to 76.3%" in html
    assert "more than 240" in html and "about 52" in html
    assert "accord_2024-c037" in html  # the English annex repeats CAT's figures
    rows = pd.read_csv(figs / "04-2-officer-conviction-counts.csv")
    assert {"accord_2024-c068", "accord_2024-c069", "accord_2024-c070", "accord_2024-c071"} <= set(rows["claim_id"])
    assert "accord_2024-c040" not in set(rows["claim_id"])  # repeats CAT's count
    for name in ("04-1-accountability-chain", "04-2-officer-conviction-counts"):
        assert (figs / f"{name}.png").is_file() and (figs / f"{name}.svg").is_file()


@pytest.mark.slow
def test_notebook_follows_non_default_parameters(tmp_path, processed):
    html, figs = _run(tmp_path, processed, confidence=0.99, ci_method="clopper-pearson",
                      conviction_claimants=["US State Department"], log_scale=False)
    chain = pd.read_csv(figs / "04-1-accountability-chain.csv")
    convicted = chain.loc[chain["metric"] == "officers_convicted", "claim_id"]
    assert list(convicted) == ["accord_2024-c032"]
    assert "99% Clopper–Pearson exact interval" in html and "Wilson score interval of <strong>" not in html
    assert "more than 240" not in html  # the ratio is now set against 'mindestens zwölf'
    assert "linear scale" in html
    low, high = ch.clopper_pearson_interval(236, 329, 0.99)
    assert f"{100 * low:.1f}% to {100 * high:.1f}%" in html
    assert math.isfinite(low)


def test_table_cells_combine_printed_text_bounds_claimant_and_translation():
    df = _claims().set_index("claim_id").loc[["doc_2024-c006", "doc_2024-c012"]].reset_index()
    assert ch.printed_cells(df) == ["mindestens zwölf (≥ 12)", "At least 23 (≥ 23)"]
    assert ch.claimant_cells(df) == ["US State Department (foreign government), 23 April 2024",
                                     "Human Rights Watch (NGO), 11 January 2024"]
    both = _claims().set_index("claim_id").loc[["doc_2024-c001", "doc_2024-c008"]].reset_index()
    assert ch.quote_cells(both) == [f"{DE} — English: (236 of 329 cases)", EN]  # an English quote is not repeated
    sources = pd.DataFrame({"source_id": ["doc_2024"], "producer": ["ACCORD – Austrian Centre (Red Cross)"],
                            "date_published": ["2024-04-26"]})
    assert ch.document_cells(df, sources) == ["ACCORD, 26 April 2024", "ACCORD, 26 April 2024"]


def test_long_tables_capped_by_max_rows_print_the_first_rows_and_count_the_rest():
    rows = lambda html: html.split("<tbody>", 1)[1].split("</tr>")[:-1]  # noqa: E731
    for table in (ch.claims_used_html, ch.officer_counts_table_html):
        full, capped = table(_ev()), table(_ev(), max_rows=1)
        n = len(rows(full))
        assert n > 1, table.__name__
        assert rows(capped) == rows(full)[:1], table.__name__
        assert f"first 1 of its {n} rows" in capped and "data/processed/claims.csv" in capped, table.__name__
        assert table(_ev(), max_rows=n) == full
