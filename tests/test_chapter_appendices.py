"""The appendices: table building, escaping, grouping and ordering, row anchors, the notebook end to end."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from kzreport import chapter_appendices as ch
from kzreport import config
from kzreport.evidence import CLAIM_COLUMNS, EVENT_COLUMNS, SOURCE_COLUMNS, Evidence

NOTEBOOK = config.NOTEBOOKS_DIR / "06-appendices.ipynb"
NaN = float("nan")


# ---------------------------------------------------------------------------- hand-made evidence
def source(sid, producer, date, kind="ngo", url="https://example.org/", sha="ab" * 32):
    return {"source_id": sid, "producer": producer, "title": f"Title of {sid}", "date_published": date, "url": url,
            "language": "de", "kind": kind, "file": f"sources/{sid}.txt", "sha256": sha,
            "citation_full": f"Citation of {sid}."}


def claim(cid, sid, metric, value_text, value, qualifier="exact", low="same", high="same", claimant="NGO X",
          claimant_type="ngo", reported_on="2022-01-09", quote=None, quote_en=None, note="", vague=False,
          location="Zhanaozen", location_as_printed="Zhanaozen", unit="people", period_start=None, period_end=None):
    low = value if low == "same" else low
    high = value if high == "same" else high
    quote = quote if quote is not None else f"Es waren {value_text}."
    return {"claim_id": cid, "source_id": sid, "claimant": claimant, "claimant_type": claimant_type, "metric": metric,
            "value": value, "qualifier": qualifier, "value_low": low, "value_high": high, "is_vague": vague,
            "unit": unit, "reported_on": reported_on, "period_start": period_start, "period_end": period_end,
            "location": location, "quote": quote, "quote_en": quote_en if quote_en is not None else f"There were {value_text}.",
            "value_text": value_text, "location_as_printed": location_as_printed, "is_core_metric": metric == "killed",
            "quote_match": "verbatim", "note": note}


def event(eid, sid, date, date_text, precision, checked=True, title="Something happened", category="protest",
          quote=None, quote_en="English.", note=""):
    return {"event_id": eid, "date": date, "date_precision": precision, "title": title, "category": category,
            "location": "", "source_id": sid, "quote": quote if quote is not None else f"Am {date_text} geschah es.",
            "quote_en": quote_en, "date_text": date_text, "is_date_checked": checked, "location_as_printed": "",
            "quote_match": "verbatim", "note": note}


def evidence() -> Evidence:
    sources = pd.DataFrame([
        source("zeta_2024", "Zeta – Research Centre (Red Cross)", "2024-04-26", "research"),
        source("alpha_2022", "Alpha Zeitung, Berlin", "2022-01", "media", url="javascript:alert(1)"),
    ], columns=SOURCE_COLUMNS)
    claims = pd.DataFrame([
        claim("alpha_2022-c002", "alpha_2022", "detained", "mehr als 100", 100.0, "more_than", 101.0, None,
              reported_on="2022-01", location="Zhanaozen", location_as_printed="Schanaozen"),
        claim("alpha_2022-c001", "alpha_2022", "killed", "Dutzende", NaN, "at_least", 24.0, None, vague=True,
              claimant="<script>alert('x')</script>", note="note with <b>tags</b>", reported_on="2022-01-09"),
        claim("zeta_2024-c001", "zeta_2024", "sentence_length_years", "zwei bis sieben Jahre", NaN, "exact", 2.0, 7.0,
              unit="years", reported_on="2024-04-26", quote="two to seven years", quote_en="two to seven years"),
        claim("zeta_2024-c002", "zeta_2024", "killed", "238", 238.0, claimant="Kazakh Government",
              claimant_type="official", reported_on="2022", period_start="2022-01-02", period_end="2022-01-11"),
    ], columns=CLAIM_COLUMNS)
    events = pd.DataFrame([
        event("alpha_2022-e001", "alpha_2022", "2022-01-05", "5. Januar", "day"),
        event("alpha_2022-e002", "alpha_2022", "2022-01", "Januar", "month"),
        event("zeta_2024-e001", "zeta_2024", "2021", "2021", "year", category="historical"),
        event("zeta_2024-e002", "zeta_2024", "2022-01-09", "Sonntag", "day", checked=False, note="weekday resolved"),
    ], columns=EVENT_COLUMNS)
    return Evidence(sources, claims, events)


# ---------------------------------------------------------------------------- helpers
def test_short_producer():
    assert ch.short_producer("ACCORD – Austrian Centre for Country of Origin (Austrian Red Cross)") == "ACCORD"
    assert ch.short_producer("Amnesty International, Sektion der Bundesrepublik Deutschland") == "Amnesty International"
    assert ch.short_producer("CrimethInc. (German edition, aufbau A)") == "CrimethInc."
    assert ch.short_producer("European Parliament") == "European Parliament"


def test_check_choice_names_the_choices():
    assert ch.check_choice("metric", ch.GROUP_BY, "group_by") == "metric"
    with pytest.raises(ValueError, match="group_by must be one of source_id, metric; got 'claimant'"):
        ch.check_choice("claimant", ch.GROUP_BY, "group_by")


def test_breakable_escapes_and_allows_breaks():
    assert ch.breakable("a_b<c") == "a_<wbr>b&lt;c"


def test_labelled_is_empty_for_empty_values():
    assert ch.labelled("Place", "") == ""
    assert ch.labelled("Place", None) == ""
    assert "Place:</span> A&amp;B" in ch.labelled("Place", "A&B")


def test_long_table_layout_and_escaping():
    html = ch.long_table(["A<b>", "B"], [30, 70], [("row-<1>", ["x", "y"]), ("", ["p", "q"])])
    assert html.count('<col style="width: 30%">') == 1 and html.count('<col style="width: 70%">') == 1
    assert "table-layout: fixed" in html
    assert "<thead><tr><th scope=\"col\">A&lt;b&gt;</th>" in html  # header row: repeats on each printed page
    assert '<tr id="row-&lt;1&gt;">' in html
    assert html.count("<tr>") == 2  # the header row and the row without an id


def test_long_table_refuses_mismatched_rows():
    with pytest.raises(ValueError, match="2 headers but 1 column widths"):
        ch.long_table(["A", "B"], [100], [])
    with pytest.raises(ValueError, match="row 'r1' has 1 cells for 2 columns"):
        ch.long_table(["A", "B"], [50, 50], [("r1", ["x"])])


def test_quote_cell_german_and_english():
    de = ch.quote_cell("Es waren <script>x</script>.", "There were x.", note="n & m")
    assert '<span lang="de">„Es waren &lt;script&gt;x&lt;/script&gt;.“</span>' in de
    assert '<em lang="en">There were x.</em>' in de
    assert "n &amp; m" in de
    en = ch.quote_cell("two to seven years", "two to seven years", note="n", show_note=False)
    assert en.count("two to seven years") == 1 and "(English in the source)" in en and "Note" not in en


# ---------------------------------------------------------------------------- Appendix A
def test_sources_appendix():
    ev = evidence()
    html = ch.sources_appendix_html(ev.sources)
    assert "2 documents, published between January 2022 and April 2024" in html
    assert html.count("<tr id=\"source-") == 2
    assert "ab" * 32 in html and "Citation of zeta_2024." in html
    assert '<a href="https://example.org/">' in html
    assert 'href="javascript' not in html and "javascript:alert(1)" in html  # shown, never linked
    assert html.index("zeta_2024") < html.index("alpha_2022")  # registry order


# ---------------------------------------------------------------------------- Appendix B
def test_claim_groups_by_document_follow_the_registry_and_appearance():
    ev = evidence()
    groups = ch.claim_groups(ev.claims, ev.sources, "source_id")
    assert [k for k, _ in groups] == ["zeta_2024", "alpha_2022"]
    assert list(groups[1][1]["claim_id"]) == ["alpha_2022-c001", "alpha_2022-c002"]


def test_claim_groups_by_metric_core_first_then_alphabetical_then_by_date():
    ev = evidence()
    groups = ch.claim_groups(ev.claims, ev.sources, "metric")
    assert [k for k, _ in groups] == ["killed", "detained", "sentence_length_years"]
    # killed: "2022" (first day 2022-01-01) before 2022-01-09
    assert list(groups[0][1]["claim_id"]) == ["zeta_2024-c002", "alpha_2022-c001"]


def test_metric_order():
    assert ch.metric_order(["zulu", "injured", "alpha", "killed", "injured"]) == ["killed", "injured", "alpha", "zulu"]


def test_claim_cells_figure_reading():
    ev = evidence()
    prods = {"alpha_2022": "Alpha Zeitung", "zeta_2024": "Zeta"}
    by_id = ev.claims.set_index("claim_id", drop=False)
    who, fig, quote = ch.claim_cells(by_id.loc["alpha_2022-c002"], prods)
    assert "<strong>alpha_2022-c002</strong>" in who and "Alpha Zeitung (alpha_2022)" in who and "NGO X (NGO)" in who
    assert "≥ 101 people (more than)" in fig
    assert "Zhanaozen (printed Schanaozen)" in fig and "Stated:</span> January 2022" in fig
    assert "Period covered" not in fig
    _, fig, _ = ch.claim_cells(by_id.loc["alpha_2022-c001"], prods)
    assert "≥ 24 people (at least; vague: no number printed)" in fig
    _, fig, quote = ch.claim_cells(by_id.loc["zeta_2024-c001"], prods)
    assert "2–7 years (a range)" in fig and "(English in the source)" in quote
    _, fig, _ = ch.claim_cells(by_id.loc["zeta_2024-c002"], prods)
    assert "238 people (exact)" in fig and "Period covered:</span> 2 January 2022 – 11 January 2022" in fig
    assert "Place:</span> Zhanaozen<" in fig  # one spelling when printed the same way


def test_claims_appendix_by_document():
    ev = evidence()
    html = ch.claims_appendix_html(ev, "source_id")
    assert re.findall(r'<tr id="(claim-[^"]+)">', html) == ["claim-zeta_2024-c001", "claim-zeta_2024-c002",
                                                           "claim-alpha_2022-c001", "claim-alpha_2022-c002"]
    assert "<h3>Zeta (zeta_2024): 2 claims</h3>" in html and "<h3>Alpha Zeitung (alpha_2022): 2 claims</h3>" in html
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "note with &lt;b&gt;tags&lt;/b&gt;" in html
    assert html.count('<thead>') == 2  # one table per document, each with its repeating header


def test_claims_appendix_by_metric_and_without_notes():
    ev = evidence()
    html = ch.claims_appendix_html(ev, "metric", show_notes=False)
    assert "<h3>" not in html and "<h4>killed: 2 claims</h4>" in html and "<h4>sentence_<wbr>length_<wbr>years: 1 claim</h4>" in html
    assert "note with" not in html
    assert html.count('id="claim-') == 4


def test_claims_appendix_refuses_unknown_grouping():
    with pytest.raises(ValueError, match="group_by"):
        ch.claims_appendix_html(evidence(), "claimant")


def test_claims_appendix_capped_lists_the_first_rows_in_reading_order_and_says_what_is_left_out():
    ev = evidence()
    html = ch.claims_appendix_html(ev, "source_id", max_rows=3)
    assert re.findall(r'<tr id="(claim-[^"]+)">', html) == ["claim-zeta_2024-c001", "claim-zeta_2024-c002",
                                                           "claim-alpha_2022-c001"]
    assert html.count('id="claims-not-listed"') == 1
    note = re.search(r'<p id="claims-not-listed"[^>]*>(.*?)</p>', html).group(1)
    assert "first 3 claims" in note and "the other 1 claim is not printed here" in note
    assert "<code>data/processed/claims.csv</code>" in note and "4 claims" in note
    # Every group keeps its heading with its full count; the cut group says how many it leaves out.
    assert "<h3>Alpha Zeitung (alpha_2022): 2 claims</h3>" in html
    assert '1 of them is not listed here (<a href="#claims-not-listed">why</a>)' in html


def test_claims_appendix_capped_before_a_group_keeps_its_heading_and_no_empty_table():
    html = ch.claims_appendix_html(evidence(), "source_id", max_rows=2)
    assert "<h3>Alpha Zeitung (alpha_2022): 2 claims</h3>" in html and "None of them is listed here" in html
    assert html.count("<table") == 1


@pytest.mark.parametrize("max_rows", [0, 4, 50])
def test_claims_appendix_uncapped_lists_all_and_has_no_note(max_rows):
    html = ch.claims_appendix_html(evidence(), "metric", max_rows=max_rows)
    assert html.count('<tr id="claim-') == 4 and "not-listed" not in html


@pytest.mark.parametrize("bad", [-1, 2.5, "10", True])
def test_max_rows_must_be_a_row_count(bad):
    with pytest.raises(ValueError, match="max_rows must be a whole number"):
        ch.claims_appendix_html(evidence(), max_rows=bad)
    with pytest.raises(ValueError, match="max_rows must be a whole number"):
        ch.events_appendix_html(evidence(), max_rows=bad)


# ---------------------------------------------------------------------------- Appendix C
def test_events_in_date_order_month_before_its_days():
    ev = evidence()
    ids = list(ch.ordered_events(ev.events, ev.sources, "date")["event_id"])
    assert ids == ["zeta_2024-e001", "alpha_2022-e002", "alpha_2022-e001", "zeta_2024-e002"]


def test_events_by_document():
    ev = evidence()
    ids = list(ch.ordered_events(ev.events, ev.sources, "source_id")["event_id"])
    assert ids == ["zeta_2024-e001", "zeta_2024-e002", "alpha_2022-e001", "alpha_2022-e002"]


def test_events_appendix():
    ev = evidence()
    html = ch.events_appendix_html(ev)
    assert html.startswith("<h2>Appendix C: Events</h2>")
    assert html.count('<tr id="event-') == 4
    assert "1 date printed as a weekday or a relative date was resolved by hand" in html
    assert "resolved by hand (see note)" in html and "weekday resolved" in html
    assert "3 protest and 1 historical" in html
    assert ch.events_appendix_html(ev, include=False) == ""
    assert "not-listed" not in html
    capped = ch.events_appendix_html(ev, max_rows=1)
    assert re.findall(r'<tr id="(event-[^"]+)">', capped) == ["event-zeta_2024-e001"]  # the earliest date
    note = re.search(r'<p id="events-not-listed"[^>]*>(.*?)</p>', capped).group(1)
    assert "first 1 event" in note and "other 3 events" in note and "<code>data/processed/events.csv</code>" in note
    with pytest.raises(ValueError, match="events_order"):
        ch.events_appendix_html(ev, order="title")


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
    return "".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


@pytest.mark.slow
def test_notebook_with_defaults(tmp_path, processed):
    ev = processed["evidence"]
    html = _run(tmp_path, processed)
    rows = re.findall(r'<tr id="claim-([^"]+)">', html)
    assert sorted(rows) == sorted(ev.claims["claim_id"])  # every claim once
    assert len(re.findall(r'<tr id="event-', html)) == len(ev.events)
    assert len(re.findall(r'<tr id="source-', html)) == len(ev.sources)
    assert html.count("<h3>") == ev.claims["source_id"].nunique()
    assert "<h2>Appendix C: Events</h2>" in html
    assert "Note:" in html
    for sha in ev.sources["sha256"]:
        assert sha in html


@pytest.mark.slow
def test_notebook_follows_non_default_parameters(tmp_path, processed):
    ev = processed["evidence"]
    html = _run(tmp_path, processed, group_by="metric", include_events=False, show_notes=False)
    assert "<h3>" not in html and html.count("<h4>") == ev.claims["metric"].nunique()
    assert html.index('<h4>killed:') < html.index('<h4>injured:')  # core metrics first, in their fixed order
    assert sorted(re.findall(r'<tr id="claim-([^"]+)">', html)) == sorted(ev.claims["claim_id"])
    assert "Appendix C" not in html and 'id="event-' not in html
    assert "Note:" not in html


@pytest.mark.slow
def test_notebook_caps_both_listings_with_max_rows(tmp_path, processed):
    ev = processed["evidence"]
    html = _run(tmp_path, processed, max_rows=10)
    claims = ch.claim_groups(ev.claims, ev.sources, "source_id")
    first_ten = [c for _, g in claims for c in g["claim_id"]][:10]
    assert re.findall(r'<tr id="claim-([^"]+)">', html) == first_ten
    assert len(re.findall(r'<tr id="event-', html)) == 10
    assert len(re.findall(r'<tr id="source-', html)) == len(ev.sources)  # every document is always listed
    assert 'id="claims-not-listed"' in html and 'id="events-not-listed"' in html
    assert f"the other {len(ev.claims) - 10:,} claims are not printed here" in html
