import math

import pandas as pd

from kzreport.analysis.evidence_checks import bounds_differ, claims_by_source_and_type, normalised_quotes

NAN = math.nan


def _claims(rows):
    cols = ["claim_id", "source_id", "claimant", "claimant_type", "metric", "value_low", "value_high", "reported_on", "quote_match", "quote"]
    return pd.DataFrame(rows, columns=cols)


CLAIMS = _claims([
    ("a-1", "a", "Ministry", "official", "killed", 164, 164, "2022-01-09", "verbatim", "q1"),
    ("b-1", "b", "HRW", "ngo", "killed", NAN, 260, "2024-01-11", "whitespace", "q2"),
    ("b-2", "b", "CAT", "intergovernmental", "officers_convicted", 5, 5, "2023-06-08", "verbatim", "q3"),
    ("b-3", "b", "HRW", "ngo", "officers_convicted", 23, NAN, "2024-01-11", "pipes;whitespace", "q4"),
    ("a-2", "a", "Ministry", "official", "injured", 2201, NAN, "2022-01-09", "verbatim", "q5"),
    ("b-4", "b", "HRW", "ngo", "detained", 10001, NAN, "2024-01-11", "verbatim", "q6"),
    ("a-3", "a", "EP", "intergovernmental", "detained", 10001, NAN, "2022-01-20", "verbatim", "q7"),
])
SOURCES = pd.DataFrame({"source_id": ["a", "b", "c"]})


def test_claims_by_source_and_type_counts_and_totals():
    t = claims_by_source_and_type(CLAIMS, SOURCES)
    assert list(t.index) == ["a", "b", "c", "total"]
    assert list(t.columns) == ["official", "intergovernmental", "ngo", "total"]  # empty types dropped, vocab order
    assert t.loc["a", "official"] == 2 and t.loc["a", "intergovernmental"] == 1
    assert t.loc["b", "ngo"] == 3 and t.loc["c", "total"] == 0
    assert t.loc["total", "total"] == 7


def test_bounds_differ_compares_documents_and_claimants():
    diff = bounds_differ(CLAIMS)
    # killed: two documents disagree; officers_convicted: one document, two claimants, disagree;
    # injured: one claim only; detained: two claimants agree on the bounds.
    assert sorted(set(diff["metric"])) == ["killed", "officers_convicted"]
    assert list(diff.loc[diff["metric"] == "killed", "claim_id"]) == ["a-1", "b-1"]  # ordered by date stated


def test_bounds_differ_can_be_narrowed_to_metrics():
    assert set(bounds_differ(CLAIMS, ["killed"])["metric"]) == {"killed"}
    assert bounds_differ(CLAIMS, ["injured"]).empty


def test_normalised_quotes_lists_only_non_verbatim_matches():
    events = pd.DataFrame({"event_id": ["e-1"], "source_id": ["a"], "quote_match": ["verbatim"], "quote": ["x"]})
    table = normalised_quotes(CLAIMS, events)
    assert list(table["id"]) == ["b-1", "b-3"]
    assert list(table["steps"]) == ["whitespace", "pipes, whitespace"]
