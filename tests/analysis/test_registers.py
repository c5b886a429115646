"""analysis.registers: reading order, groups, the max_rows cap and the events' order, on hand-made evidence."""

from __future__ import annotations

import pytest

from conftest import make_claim, make_event, make_evidence, make_source
from kzreport.analysis import registers as ar


def evidence():
    sources = [make_source("zeta_2024", "Zeta – Research Centre (Red Cross)", "2024-04-26", "research"),
               make_source("alpha_2022", "Alpha Zeitung, Berlin", "2022-01", "media")]
    claims = [
        make_claim("alpha_2022-c002", "detained", "mehr als 100", 100.0, qualifier="more_than", low=101.0, high=None,
                   reported_on="2022-01", location="Zhanaozen", location_as_printed="Schanaozen"),
        make_claim("alpha_2022-c001", "killed", "Dutzende", None, qualifier="at_least", low=24.0, high=None),
        make_claim("zeta_2024-c001", "sentence_length_years", "zwei bis sieben Jahre", None, low=2.0, high=7.0,
                   vague=False, unit="years", reported_on="2024-04-26"),
        make_claim("zeta_2024-c002", "killed", "238", 238.0, reported_on="2022", period_start="2022-01-02",
                   period_end="2022-01-11"),
    ]
    events = [
        make_event("alpha_2022-e001", "2022-01-05", "5. Januar"),
        make_event("alpha_2022-e002", "2022-01", "Januar"),
        make_event("zeta_2024-e001", "2021", category="historical"),
        make_event("zeta_2024-e002", "2022-01-09", "Sonntag", checked=False, note="weekday resolved"),
    ]
    return make_evidence(claims, events, sources)


def test_check_choice_names_the_choices():
    assert ar.check_choice("metric", ar.GROUP_BY, "group_by") == "metric"
    with pytest.raises(ValueError, match="group_by must be one of source_id, metric; got 'claimant'"):
        ar.check_choice("claimant", ar.GROUP_BY, "group_by")


def test_publication_span_in_months():
    ev = evidence()
    assert ar.publication_span(ev.sources) == ("2022-01", "2024-04")
    assert ar.publication_span(ev.sources.iloc[0:0]) is None


# ---------------------------------------------------------------------------- Appendix B
def test_claim_groups_by_document_follow_the_registry_and_appearance():
    ev = evidence()
    groups = ar.claim_groups(ev.claims, ev.sources, "source_id")
    assert [k for k, _ in groups] == ["zeta_2024", "alpha_2022"]
    assert list(groups[1][1]["claim_id"]) == ["alpha_2022-c001", "alpha_2022-c002"]


def test_claim_groups_by_metric_core_first_then_alphabetical_then_by_date():
    ev = evidence()
    groups = ar.claim_groups(ev.claims, ev.sources, "metric")
    assert [k for k, _ in groups] == ["killed", "detained", "sentence_length_years"]
    # killed: "2022" (first day 2022-01-01) before 2022-01-09
    assert list(groups[0][1]["claim_id"]) == ["zeta_2024-c002", "alpha_2022-c001"]
    with pytest.raises(ValueError, match="group_by"):
        ar.claim_groups(ev.claims, ev.sources, "claimant")


def test_metric_order():
    assert ar.metric_order(["zulu", "injured", "alpha", "killed", "injured"]) == ["killed", "injured", "alpha", "zulu"]


def test_claim_rows_mark_ranges_and_periods_and_leave_no_missing_text():
    rows = ar.claim_rows(evidence().claims).set_index("claim_id")
    assert list(rows.loc[rows["is_range"]].index) == ["zeta_2024-c001"]  # not the vague Dutzende
    assert list(rows.loc[rows["has_period"]].index) == ["zeta_2024-c002"]
    assert rows.loc["alpha_2022-c001", "period_start"] == "" and rows.loc["alpha_2022-c001", "note"] == ""


def test_listing_caps_in_reading_order_and_keeps_every_groups_count():
    ev = evidence()
    groups = ar.claim_groups(ev.claims, ev.sources, "source_id")
    listing = ar.listing(groups, 3)
    assert (listing.claims, listing.listed) == (4, 3)
    assert [(g.key, g.claims, g.left_out) for g in listing.groups] == [("zeta_2024", 2, 0), ("alpha_2022", 2, 1)]
    assert [r["claim_id"] for g in listing.groups for r in g.rows] == ["zeta_2024-c001", "zeta_2024-c002",
                                                                       "alpha_2022-c001"]
    cut = ar.listing(groups, 2)
    assert cut.groups[1].listed.empty and cut.groups[1].left_out == 2
    assert list(cut.table()["left_out"]) == [0, 2]


@pytest.mark.parametrize("max_rows", [0, 4, 50])
def test_listing_uncapped_lists_all(max_rows):
    ev = evidence()
    listing = ar.listing(ar.claim_groups(ev.claims, ev.sources, "metric"), max_rows)
    assert listing.listed == 4 and not any(g.left_out for g in listing.groups)


@pytest.mark.parametrize("bad", [-1, 2.5, "10", True])
def test_max_rows_must_be_a_row_count(bad):
    ev = evidence()
    with pytest.raises(ValueError, match="max_rows must be a whole number"):
        ar.listing(ar.claim_groups(ev.claims, ev.sources), bad)
    with pytest.raises(ValueError, match="max_rows must be a whole number"):
        ar.listed_events(ev.events, ev.sources, "date", bad)


# ---------------------------------------------------------------------------- Appendix C
def test_events_in_date_order_month_before_its_days():
    ev = evidence()
    ids = list(ar.ordered_events(ev.events, ev.sources, "date")["event_id"])
    assert ids == ["zeta_2024-e001", "alpha_2022-e002", "alpha_2022-e001", "zeta_2024-e002"]


def test_events_by_document():
    ev = evidence()
    ids = list(ar.ordered_events(ev.events, ev.sources, "source_id")["event_id"])
    assert ids == ["zeta_2024-e001", "zeta_2024-e002", "alpha_2022-e001", "alpha_2022-e002"]
    with pytest.raises(ValueError, match="events_order"):
        ar.ordered_events(ev.events, ev.sources, "title")


def test_listed_events_and_summary():
    ev = evidence()
    assert list(ar.listed_events(ev.events, ev.sources, "date", 1)["event_id"]) == ["zeta_2024-e001"]  # the earliest
    assert len(ar.listed_events(ev.events, ev.sources, "date", 0)) == 4
    s = ar.events_summary(ev.events)
    assert (s.events, s.by_category, s.by_hand) == (4, (("protest", 3), ("historical", 1)), 1)
