"""report/templates/accountability: each value of the analysis records reaches the text, and text from the data is
escaped once (Markdown prose, HTML captions, alt texts and table cells)."""

from __future__ import annotations

import pandas as pd

from analysis.test_accountability import CAT, CLAIMANTS, DOS, HRW, METRICS, PGO, cat, claims, rows
from conftest import make_evidence
from kzreport.analysis import accountability as acc
from kzreport.report import prose
from kzreport.report.charts import accountability as charts
from kzreport.report.tables import Col, table


def md(template: str, **values) -> str:
    return prose.render(f"accountability/{template}.md.j2", **values)


def html(template: str, **values) -> str:
    return str(prose.render(f"accountability/{template}.html.j2", **values))


def chain(conviction_claimants=(CAT, HRW), df=None):
    return acc.chain_table(claims() if df is None else df, METRICS, CAT, list(conviction_claimants))


# ---------------------------------------------------------------------------- the opening paragraph
def test_summary_states_the_rate_the_investigations_and_each_count():
    text = md("summary", o=acc.overview(claims(), CAT, [CAT, HRW]))
    assert "By the count of the UN Committee against Torture, 236 of 329 cases" in text and "(71.7%)" in text
    assert "[<code>doc2024-c001</code>, <code>doc2024-c002</code>]" in text
    assert "It counted 35 police and security officers investigated" in text
    assert "UN Committee against Torture (8 June 2023) <q>Fünf</q> (5)" in text  # a number in words gets its bounds
    assert "Human Rights Watch (11 January 2024) <q>At least 23</q> <span" in text  # digits: printed as they are
    assert "Against this stand <q>over 1,200</q> convictions of protesters and others: the state's own figure" in text
    assert len(text.strip().splitlines()) == 1, "one paragraph"


def test_summary_names_a_count_by_another_claimant_and_leaves_out_what_is_missing():
    df = claims()
    df.loc[df["claim_id"] == "doc2024-c011", ["claimant", "claimant_type"]] = ["Amnesty", "ngo"]
    text = md("summary", o=acc.overview(df[df["metric"] != "officers_investigated"], CAT, [DOS]))
    assert "by the count of Amnesty (NGO; 11 January 2024)" in text
    assert "investigated" not in text and "<q>mindestens zwölf</q> (≥ 12)" in text


# ---------------------------------------------------------------------------- the closure rate
def test_closure_states_rate_interval_method_and_the_repeated_passage():
    cl = acc.closure(claims(), CAT, 0.95, "wilson")
    text = md("closure", cl=cl)
    assert "**236 of 329**" in text and "closure rate of **71.7%**" in text
    assert "with a 95% Wilson score interval of **66.6% to 76.3%**" in text
    assert "[<code>doc2024-c008</code>, <code>doc2024-c009</code>]</span>, so both passages state the same count" in text
    method = md("closure_method", cl=cl)
    assert "The Wilson score interval is used" in method and "Clopper–Pearson exact interval at the same level is 66.5% to 76.5%" in method
    assert "The 329 cases are not a random sample" in method and "236 closures in 329 cases" in method
    assert "The passage gives no period for these cases" in method


def test_closure_by_the_exact_method_at_another_level_with_a_period_and_another_claimants_words():
    vague = cat("doc2024-c018", "torture_cases_closed", "dozens", None, qualifier="at_least", low=24.0, high=None,
                claimant=HRW, claimant_type="ngo", reported_on="2024-01-11", vague=True)
    df = claims([vague])
    df.loc[df["claim_id"].isin(["doc2024-c001", "doc2024-c002"]), ["period_start", "period_end"]] = ["2022-01-02", "2022-12-31"]
    cl = acc.closure(df, CAT, 0.99, "clopper-pearson")
    low, high = acc.clopper_pearson_interval(236, 329, 0.99)
    text = md("closure", cl=cl) + md("closure_method", cl=cl)
    assert f"99% Clopper–Pearson exact interval of **{100 * low:.1f}% to {100 * high:.1f}%**" in text
    assert "The Clopper–Pearson exact interval is used" in text and "the Wilson score interval at the same level" in text
    assert "The cases cover 2 January 2022 – 31 December 2022" in text
    assert ("Human Rights Watch (NGO; 11 January 2024) adds that <q>dozens</q> of other torture investigations were closed "
            "as unsubstantiated (no number printed; by the report's convention for plurals, at least 24)") in text


def test_closure_quotes_show_the_english_only_when_it_differs():
    cl = acc.closure(claims(), CAT)
    two = html("closure_quotes", c=cl.closed)
    assert two.count("<blockquote") == 2 and 'lang="de">CAT zeigt' in two and 'lang="en">(236 of 329 cases)' in two
    english = acc.Claim.of(claims().set_index("claim_id").loc["doc2024-c008"].to_dict() | {"claim_id": "doc2024-c008"})
    assert html("closure_quotes", c=english).count("<blockquote") == 1


# ---------------------------------------------------------------------------- the chain and the ratios
def test_chain_lists_each_step_and_the_notes():
    ch = chain()
    steps = list(zip(ch["stage"], acc.claims_of(ch)))
    text = md("chain", steps=steps, notes=acc.chain_notes(claims(), ch, CAT), rate_claimant=CAT)
    assert "- Officers convicted: <q>At least 23</q>, bounds ≥ 23, Human Rights Watch (NGO; 11 January 2024)" in text
    assert "- Protesters convicted: <q>over 1,200</q>, bounds ≥ 1,201, Kazakh Prosecutor General&#39;s Office" in text
    assert "Of the 35 officers the UN Committee against Torture counted as investigated, 5 had been convicted (14.3%)" in text
    assert "The first two steps are not limited to January 2022" in text and "brought to criminal responsibility" not in text
    pros = cat("doc2024-c021", "officers_prosecuted", "a few dozen", None, qualifier="at_least", low=24.0, high=None,
               claimant=PGO, claimant_type="official", vague=True)
    text = md("chain", steps=steps, notes=acc.chain_notes(claims([pros]), ch, CAT), rate_claimant=CAT)
    assert "is <q>a few dozen</q> (no number printed), according to the Kazakh Prosecutor General&#39;s Office" in text


def test_ratio_prose_keeps_the_qualifiers():
    text = md("ratio", r=acc.ratios(chain()))
    assert "the protester figure <q>over 1,200</q> means at least 1,201" in text
    assert "**more than 240** protester convictions per convicted officer (at the lowest, 1,201 ÷ 5 = 240.2)" in text
    assert "1,200 ÷ 23 ≈ **52**" in text and "neither direction" in text
    assert "cap the ratio at about 52 (fewer than 53)" in text
    assert "stated on different dates (8 June 2023, 11 January 2024)" in text


def test_ratio_prose_for_exact_figures_and_without_protesters():
    df = claims()
    df.loc[df["claim_id"] == "doc2024-c011", ["value_text", "qualifier", "value_low", "value_high"]] = ["1,200", "exact", 1200.0, 1200.0]
    assert "exactly 240 protester convictions per convicted officer" in md("ratio", r=acc.ratios(chain([CAT], df)))
    assert "**fewer than 53** protester convictions" in md("ratio", r=acc.ratios(chain([HRW], df)))  # 1,200 / ≥ 23
    none = md("ratio", r=acc.ratios(chain([CAT], claims().query("metric != 'protesters_convicted'"))))
    assert none.strip() == "The data hold no count of convicted protesters to set the officers against."


# ---------------------------------------------------------------------------- why the officer counts differ
def test_officer_prose_gives_each_reason():
    text = md("officer_counts", k=acc.officer_counts(claims()))
    assert text.startswith("The data hold 8 figures for convicted officers. 1 of them repeat another passage of the "
                           "same document, and 1 of the rest concerns a case outside the January 2022 unrest")
    assert "That leaves 6 figures about January 2022 from 4 claimants" in text
    # 7 (Almaty) + at least 3 (media) = ≥ 10 with prison, which is NOT the ≥ 12 printed as summary in this hand-made data
    assert "is not simply the sum of the prison sentences the same document itemises: 7 (Almaty) + at least 3 " \
           "(reported by Media (unnamed)) = ≥ 10" in text
    assert "A further 2 officers were convicted without prison time (Semey)" in text and "add up to ≥ 12." in text
    assert "The 23 in the same sentence counts detainees tortured" in text  # CAT's 23 detainees vs HRW's at least 23 officers
    assert "concerns a different case (curator's note: <em>NOT the January 2022 unrest" in text
    assert "Some verdicts were handed down after the earliest count (UN Committee against Torture, 8 June 2023): " \
           "Semey on 23 August 2023" in text


def test_officer_prose_says_a_count_printed_by_several_documents_once():
    from analysis.test_accountability import _copies

    once = md("officer_counts", k=acc.officer_counts(claims()))
    text = md("officer_counts", k=acc.officer_counts(pd.concat([claims(), _copies()], ignore_index=True)))
    assert "The data hold 16 figures for convicted officers. 2 of them repeat another passage of the same document, " \
           "7 print again a count another document has already printed" in text
    for sentence in ("counts detainees tortured", "not simply the sum", "concerns a different case"):
        assert text.count(sentence) == once.count(sentence) == 1, sentence
    assert "zcopy" not in text


# ---------------------------------------------------------------------------- other figures, the claims used
def test_other_figures_and_claims_used():
    other = acc.other_figures(claims(), METRICS)
    text = md("other", figures=list(zip(other["phrase"], acc.claims_of(other))))
    assert text.strip() == ("Human Rights Watch (NGO; 11 January 2024): <q>at least 15</q> people prosecuted posthumously "
                            "(bounds ≥ 15) <span class=\"claim-ref\">[<code>doc2024-c013</code>]</span>.")
    assert "no figures on posthumous prosecutions" in md("other", figures=[])
    used = acc.claims_used(claims())
    assert md("claims_used", u=acc.claims_used_counts(used)).startswith("16 claims from 1 document, by 5 claimants,")


# ---------------------------------------------------------------------------- captions and alt texts
def test_chain_caption_and_alt():
    ch = chain()
    assert "the counts of convicted officers by UN Committee against Torture and Human Rights Watch, set against" in \
           html("chain_caption", names=acc.chain_claimants(ch))
    steps = list(zip(ch["stage"], acc.claims_of(ch)))
    alt = html("chain_alt", steps=steps, log_scale=True)
    assert alt.startswith("Horizontal bar chart on a linear scale, 6 bars, each count with its own scope and date. "
                          "Torture cases: 329, UN Committee")
    assert "Protesters convicted: more than 1,200 (open-ended), Kazakh Prosecutor General&#39;s Office, 11 January 2024." in alt
    assert "on a linear scale" in html("chain_alt", steps=steps, log_scale=False)


def test_officer_counts_caption_and_alt():
    data = charts.officer_counts_data(acc.officer_counts_rows(claims(), CLAIMANTS), acc.short_names(CLAIMANTS))
    alt = html("officer_counts_alt", bars=charts.labelled_bars(data))
    assert alt.startswith("Horizontal bar chart of 5 bars. UN CAT, 8 June 2023: 5 („Fünf“); HRW, 11 January 2024: at least 23;")
    assert "… the court cases it itemises: Almaty 7 + Semey 2 (no prison time) + media reports at least 3 = ≥ 12" in alt
    assert "US State Dept., 23 April 2024 (not January 2022): 4 („vier“)." in alt
    assert "another document" not in html("officer_counts_caption", relayed=False)
    assert "and a count another document has already printed," in html("officer_counts_caption", relayed=True)
    copy = cat("other2024-c001", "officers_convicted", "At least 23", 23.0, qualifier="at_least", high=None,
               claimant=HRW, claimant_type="ngo", reported_on="2024-01-11")
    data = charts.officer_counts_data(acc.officer_counts_rows(claims([copy]), CLAIMANTS), acc.short_names(CLAIMANTS))
    assert "HRW, 11 January 2024: at least 23 (printed by 2 documents)" in html("officer_counts_alt", bars=charts.labelled_bars(data))


# ---------------------------------------------------------------------------- table cells and escaping
def test_table_cells_combine_printed_text_bounds_claimant_and_translation():
    df = claims().set_index("claim_id").loc[["doc2024-c006", "doc2024-c012", "doc2024-c001", "doc2024-c008"]].reset_index()
    view = charts.claim_cells(df)
    assert list(view["printed"])[:2] == ["mindestens zwölf (≥ 12)", "At least 23 (≥ 23)"]
    assert list(view["who"])[:2] == ["US State Department (foreign government), 23 April 2024",
                                     "Human Rights Watch (NGO), 11 January 2024"]
    assert list(view["quote_cell"])[2:] == [f"{df.loc[2, 'quote']} — English: (236 of 329 cases)", df.loc[3, "quote"]]
    ev = make_evidence(rows(), sources=[{"source_id": "doc2024", "producer": "ACCORD – Austrian Centre (Red Cross)",
                                         "date_published": "2024-04-26"}])
    used = charts.used_cells(acc.claims_used(ev.claims, ev.sources))
    assert set(used["document"]) == {"ACCORD, 26 April 2024"} and "torture cases closed" in set(used["what"])
    officers = charts.officer_cells(acc.officer_counts_table(claims())).set_index("claim_id")
    assert officers.loc["doc2024-c014", "where"] == "Almaty, 7 June 2023"
    assert officers.loc["doc2024-c010", "scope"] == "repeats doc2024-c004; January 2022"
    assert officers.loc["doc2024-c015", "scope"] == "January 2022; no prison time"
    assert officers.loc["doc2024-c007", "scope"] == "not January 2022"


def test_text_from_the_data_is_escaped_once():
    df = claims()
    df.loc[df["claim_id"] == "doc2024-c004", "quote"] = "<script>alert(1)</script>"
    df.loc[df["claim_id"] == "doc2024-c012", "claimant"] = "<b>HRW</b>"
    shown = str(table(charts.claim_cells(acc.claims_used(df)), [Col("who", "Who"), Col("quote_cell", "Quote")]))
    shown += md("summary", o=acc.overview(df, CAT, [CAT, "<b>HRW</b>"]))
    assert "<script>" not in shown and "&lt;script&gt;" in shown and "&amp;lt;" not in shown
    assert "<b>HRW</b>" not in shown and "&lt;b&gt;HRW&lt;/b&gt;" in shown


def test_chart_labels_are_plain_text():
    c = acc.Claim.of(cat("x-c001", "protesters_convicted", "über zwölfhundert", 1200.0, qualifier="more_than", low=1201.0,
                         high=None, claimant=PGO))
    assert charts.label("stage_label", "Protesters & others", "PGO's", "2024-01-11") == "Protesters & others\nPGO's · 11 January 2024"
    assert charts.label("printed_label", c) == "more than 1,200 („über zwölfhundert“)"  # English, the German quoted
    assert charts.label("qual", c) == "more than 1,200"


def test_ratio_bounds_and_who_cells_in_words():
    assert [charts.label("whole", acc.whole_below(v)) for v in (240.2, 240.0)] == ["more than 240", "at least 240"]
    assert [charts.label("whole", acc.whole_above(v)) for v in (52.17, 52.0)] == ["fewer than 53", "at most 52"]
    df = claims()
    prot = acc.Claim.of(df[df["claim_id"] == "doc2024-c011"].iloc[0])
    assert charts.label("who_cell", prot) == "Kazakh Prosecutor General's Office (Kazakh official), 11 January 2024"
