"""report/templates/registers: the appendices' rows, anchors, cells and caps; every value escaped once."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import make_claim, make_event, make_evidence, make_source
from kzreport.analysis import registers as ar
from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS
from kzreport.report import prose
from kzreport.report.figures import short_producer


@pytest.fixture
def ev():
    sources = [make_source("zeta_2024", "Zeta – Research Centre (Red Cross)", "2024-04-26", "research"),
               make_source("alpha_2022", "Alpha Zeitung, Berlin", "2022-01", "media", url="javascript:alert(1)")]
    claims = [
        make_claim("alpha_2022-c002", "detained", "mehr als 100", 100.0, qualifier="more_than", low=101.0, high=None,
                   reported_on="2022-01", location="Zhanaozen", location_as_printed="Schanaozen"),
        make_claim("alpha_2022-c001", "killed", "Dutzende", None, qualifier="at_least", low=24.0, high=None,
                   claimant="<script>alert('x')</script>", note="note with <b>tags</b>", location="Zhanaozen"),
        make_claim("zeta_2024-c001", "sentence_length_years", "zwei bis sieben Jahre", None, low=2.0, high=7.0,
                   vague=False, unit="years", reported_on="2024-04-26", quote="two to seven years",
                   quote_en="two to seven years", location=""),
        make_claim("zeta_2024-c002", "killed", "238", 238.0, claimant="Kazakh Government", claimant_type="official",
                   reported_on="2022", period_start="2022-01-02", period_end="2022-01-11", location="Zhanaozen",
                   quote="Es waren <script>x</script>.", quote_en="There were x & y.", note="n & m"),
    ]
    events = [make_event("alpha_2022-e001", "2022-01-05", "5. Januar"), make_event("alpha_2022-e002", "2022-01", "Januar"),
              make_event("zeta_2024-e001", "2021", category="historical"),
              make_event("zeta_2024-e002", "2022-01-09", "Sonntag", checked=False, note="weekday resolved")]
    return make_evidence(claims, events, sources)


def producers(ev):
    return ev.sources.set_index("source_id")["producer"].map(short_producer)


def sources_html(ev) -> str:
    return str(prose.render("registers/sources.html.j2", sources=ev.sources.to_dict("records"),
                            span=ar.publication_span(ev.sources)))


def claims_html(ev, group_by="source_id", show_notes=True, max_rows=0, metric_labels=None) -> str:
    return str(prose.render("registers/claims.html.j2", listing=ar.listing(ar.claim_groups(ev.claims, ev.sources, group_by),
                                                                           max_rows),
                            by_document=group_by == "source_id", first_id=ev.claims["claim_id"].iloc[0],
                            producers=producers(ev), type_labels=CLAIMANT_TYPE_LABELS, show_notes=show_notes,
                            max_rows=max_rows, **({"metric_labels": metric_labels} if metric_labels is not None else {})))


def events_html(ev, order="date", show_notes=True, max_rows=0) -> str:
    return str(prose.render("registers/events.html.j2", events=ar.listed_events(ev.events, ev.sources, order, max_rows)
                            .to_dict("records"), summary=ar.events_summary(ev.events), by_date=order == "date",
                            producers=producers(ev), show_notes=show_notes, max_rows=max_rows))


def row(html: str, row_id: str) -> str:
    return re.search(rf'<tr id="{row_id}"[^>]*>(.*?)</tr>', html, re.DOTALL).group(1)


def tr(html: str, row_id: str) -> str:
    """The row's opening tag (its data attributes)."""
    return re.search(rf'<tr id="{row_id}"[^>]*>', html).group(0)


# ---------------------------------------------------------------------------- Appendix A
def test_sources_appendix(ev):
    html = sources_html(ev)
    assert "two documents, published between January 2022 and April 2024" in html
    assert html.count('<tr id="source-') == 2
    assert "ab" * 32 in html and "Citation of zeta_2024." in html
    assert '<a href="https://example.org/">' in html
    assert 'href="javascript' not in html and "javascript:alert(1)" in html  # shown, never linked
    assert html.index("zeta_2024") < html.index("alpha_2022")  # registry order
    assert html.count('<col style="width: 30%">') == 1 and 'class="data appendix register"' in html


# ---------------------------------------------------------------------------- Appendix B
def test_claims_appendix_by_document(ev):
    html = claims_html(ev)
    assert re.findall(r'<tr id="(claim-[^"]+)"', html) == ["claim-zeta_2024-c001", "claim-zeta_2024-c002",
                                                           "claim-alpha_2022-c001", "claim-alpha_2022-c002"]
    assert "<h3>Zeta (zeta_2024): 2 claims</h3>" in html and "<h3>Alpha Zeitung (alpha_2022): 2 claims</h3>" in html
    assert "<script>" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "note with &lt;b&gt;tags&lt;/b&gt;" in html and "&amp;lt;" not in html  # escaped once
    assert html.count("<thead>") == 2  # one table per document, each with its repeating header
    assert "(<code>#claim-alpha_2022-c002</code>)" in html  # the first claim's anchor as the example
    assert '<col style="width: 24%"><col style="width: 76%">' in html


def test_claim_cells(ev):
    html = claims_html(ev)
    who = row(html, "claim-alpha_2022-c002")
    assert "<strong>alpha_2022-c002</strong>" in who and '<span class="r-claimant">NGO X</span> (NGO)' in who
    assert 'data-doc="Alpha Zeitung (alpha_2022)"' in tr(html, "claim-alpha_2022-c002")
    assert "≥ 101 people (more than)" in who and "Zhanaozen (printed Schanaozen)" in who
    assert '<span class="r-date">January 2022</span>' in who and "covers" not in who
    assert "≥ 24 people (at least; vague: no number printed)" in row(html, "claim-alpha_2022-c001")
    ranged = row(html, "claim-zeta_2024-c001")
    assert "2–7 years (a range)" in ranged and "(English in the source)" in ranged
    assert ranged.count("two to seven years") == 1
    exact = row(html, "claim-zeta_2024-c002")
    assert "238 people (exact)" in exact and "covers</span> 2 January 2022 – 11 January 2022" in exact
    assert " · Zhanaozen</span>" in exact  # one spelling when printed the same way
    assert ('<span class="r-quote" lang="de">„Es waren &lt;script&gt;x&lt;/script&gt;.“</span> '
            '<span class="r-en" lang="en">There were x &amp; y.</span>') in exact
    assert "Note:</span> n &amp; m" in exact
    assert '<span class="r-metric">sentence length years</span>' in ranged  # no snake_case, even without labels
    assert '<a class="r-toc" href="#toc">' in exact  # the static way back
    labelled = claims_html(ev, metric_labels=ar.metric_labels(pd.DataFrame({"metric": ["killed"], "label": ["Deaths"]})))
    assert '<span class="r-metric">Deaths</span>' in row(labelled, "claim-zeta_2024-c002")
    assert '<span class="r-metric">Sentence length years</span>' in row(labelled, "claim-zeta_2024-c001")


def test_a_passage_is_printed_once_and_later_rows_link_to_it():
    quote, quote_en = "Es waren 5 Tote und 7 Verletzte.", "Five dead, seven injured."
    claims = [make_claim("a_2022-c001", quote=quote, quote_en=quote_en),
              make_claim("a_2022-c002", "injured", "7", 7.0, quote=quote, quote_en=quote_en)]
    events = [make_event("a_2022-e001", "2022-01-05", quote=quote), make_event("a_2022-e002", "2022-01-06")]
    ev = make_evidence(claims, events)
    listing = ar.listing(ar.claim_groups(ev.claims, ev.sources), 0)
    html = str(prose.render("registers/claims.html.j2", listing=listing, by_document=True, first_id="a_2022-c001",
                            producers=producers(ev), type_labels=CLAIMANT_TYPE_LABELS, show_notes=True, max_rows=0))
    assert html.count("Es waren 5 Tote") == 1 and html.count(quote_en) == 1
    assert 'Same passage as <a href="#claim-a_2022-c001">a_2022-c001</a>' in row(html, "claim-a_2022-c002")
    assert 'data-quote-from="claim-a_2022-c001"' in tr(html, "claim-a_2022-c002")
    listed = ar.listed_events(ev.events, ev.sources, "date", 0, listing.quotes)
    assert list(listed["quote_shown_at"]) == ["claim-a_2022-c001", ""]
    events_page = str(prose.render("registers/events.html.j2", events=listed.to_dict("records"),
                                   summary=ar.events_summary(ev.events), by_date=True, producers=producers(ev),
                                   show_notes=True, max_rows=0))
    assert 'Same passage as <a href="#claim-a_2022-c001">' in row(events_page, "event-a_2022-e001")
    assert '<span class="r-date">5 January 2022</span>' in row(events_page, "event-a_2022-e001")


def test_claims_appendix_by_metric_and_without_notes(ev):
    html = claims_html(ev, "metric", show_notes=False)
    assert "<h3>" not in html and "<h4>killed: 2 claims</h4>" in html
    assert "<h4>sentence length years: 1 claim</h4>" in html and "in</span> Zeta (zeta_2024)" in html
    assert "note with" not in html and "Note:" not in html
    assert html.count('id="claim-') == 4


def test_claims_appendix_capped_lists_the_first_rows_in_reading_order_and_says_what_is_left_out(ev):
    html = claims_html(ev, max_rows=3)
    assert re.findall(r'<tr id="(claim-[^"]+)"', html) == ["claim-zeta_2024-c001", "claim-zeta_2024-c002",
                                                           "claim-alpha_2022-c001"]
    assert html.count('id="claims-not-listed"') == 1
    note = re.search(r'<p id="claims-not-listed"[^>]*>(.*?)</p>', html).group(1)
    assert "first 3 claims" in note and "the other 1 claim is not printed here" in note
    assert "<code>data/processed/claims.csv</code>" in note and "4 claims" in note
    assert "<code>max_rows</code> = 3" in note
    # Every group keeps its heading with its full count; the cut group says how many it leaves out.
    assert "<h3>Alpha Zeitung (alpha_2022): 2 claims</h3>" in html
    assert '1 of them is not listed here (<a href="#claims-not-listed">why</a>)' in html


def test_claims_appendix_capped_before_a_group_keeps_its_heading_and_no_empty_table(ev):
    html = claims_html(ev, max_rows=2)
    assert "<h3>Alpha Zeitung (alpha_2022): 2 claims</h3>" in html and "None of them is listed here" in html
    assert html.count("<table") == 1


@pytest.mark.parametrize("max_rows", [0, 4, 50])
def test_claims_appendix_uncapped_lists_all_and_has_no_note(ev, max_rows):
    html = claims_html(ev, "metric", max_rows=max_rows)
    assert html.count('<tr id="claim-') == 4 and "not-listed" not in html


# ---------------------------------------------------------------------------- Appendix C
def test_events_appendix(ev):
    html = events_html(ev)
    assert html.startswith("<h2>Appendix C: Events</h2>")
    assert re.findall(r'<tr id="(event-[^"]+)"', html) == ["event-zeta_2024-e001", "event-alpha_2022-e002",
                                                           "event-alpha_2022-e001", "event-zeta_2024-e002"]
    assert "1 date printed as a weekday or a relative date was resolved by hand" in html
    assert "resolved by hand (see note)" in html and "weekday resolved" in html
    assert "By category: 3 protest and 1 historical." in html and "in date order" in html
    assert "not-listed" not in html
    assert "(historical; Zeta (zeta_2024))" in row(html, "event-zeta_2024-e001")
    assert 'class="r-title"' in row(html, "event-zeta_2024-e001") and 'class="r-quote"' in row(html, "event-zeta_2024-e001")
    assert "weekday resolved" not in events_html(ev, show_notes=False)
    assert "by the document that prints them" in events_html(ev, order="source_id")


def test_events_appendix_capped(ev):
    capped = events_html(ev, max_rows=1)
    assert re.findall(r'<tr id="(event-[^"]+)"', capped) == ["event-zeta_2024-e001"]  # the earliest date
    note = re.search(r'<p id="events-not-listed"[^>]*>(.*?)</p>', capped).group(1)
    assert "first 1 event" in note and "other 3 events" in note and "<code>data/processed/events.csv</code>" in note


def test_register_rows_self_close_their_line_breaks(ev):
    """nbconvert re-parses the report with BeautifulSoup, which keeps every bare void tag (``<br>``) in a list it scans
    at each end tag: the appendices' thousands of rows at scale made that quadratic. ``<br/>`` is parsed as opened and
    closed at once (and serialised the same), so each line break in a row is written self-closed."""
    for html in (claims_html(ev), events_html(ev), claims_html(ev, group_by="metric")):
        assert "<br/>" in html and not re.search(r"<br\s*>", html)
