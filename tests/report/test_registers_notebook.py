"""notebooks/07-appendices.ipynb end to end on the project's data: every source, claim and event, and the parameters."""

from __future__ import annotations

import re

import pytest

from conftest import report_text, run_notebook
from kzreport.analysis.registers import claim_groups

NOTEBOOK = "07-appendices.ipynb"


@pytest.mark.slow
def test_notebook_with_defaults(built_notebook, processed):
    ev = processed["evidence"]
    text = report_text(built_notebook(NOTEBOOK)[0])
    rows = re.findall(r'<tr id="claim-([^"]+)"', text)
    assert sorted(rows) == sorted(ev.claims["claim_id"])  # every claim once
    assert len(re.findall(r'<tr id="event-', text)) == len(ev.events)
    assert len(re.findall(r'<tr id="source-', text)) == len(ev.sources)
    assert text.count("<h3>") == ev.claims["source_id"].nunique()
    assert "<h2>Appendix C: Events</h2>" in text
    assert "Note:" in text
    for sha in ev.sources["sha256"]:
        assert sha in text


@pytest.mark.slow
def test_notebook_follows_non_default_parameters(tmp_path, processed):
    ev = processed["evidence"]
    params = {"group_by": "metric", "include_events": False, "show_notes": False}
    text = report_text(run_notebook(NOTEBOOK, tmp_path, processed["folder"], **params)[0])
    assert "<h3>" not in text and text.count("<h4>") == ev.claims["metric"].nunique()
    assert text.index("<h4>Killed:") < text.index("<h4>Injured:")  # core metrics first, in their fixed order
    assert sorted(re.findall(r'<tr id="claim-([^"]+)"', text)) == sorted(ev.claims["claim_id"])
    assert "Appendix C" not in text and 'id="event-' not in text
    assert "Note:" not in text


@pytest.mark.slow
def test_notebook_caps_both_listings_with_max_rows(tmp_path, processed):
    ev = processed["evidence"]
    text = report_text(run_notebook(NOTEBOOK, tmp_path, processed["folder"], max_rows=10)[0])
    first_ten = [c for _, g in claim_groups(ev.claims, ev.sources, "source_id") for c in g["claim_id"]][:10]
    assert re.findall(r'<tr id="claim-([^"]+)"', text) == first_ten
    assert len(re.findall(r'<tr id="event-', text)) == 10
    assert len(re.findall(r'<tr id="source-', text)) == len(ev.sources)  # every document is always listed
    assert 'id="claims-not-listed"' in text and 'id="events-not-listed"' in text
    assert f"the other {len(ev.claims) - 10:,} claims are not printed here" in text


@pytest.mark.slow
@pytest.mark.parametrize("params, message", [({"group_by": "claimant"}, "group_by must be one of"),
                                              ({"events_order": "title"}, "events_order must be one of"),
                                              ({"max_rows": -1}, "max_rows must be a whole number")])
def test_a_bad_parameter_stops_the_notebook_with_a_message(tmp_path, processed, params, message):
    import papermill

    with pytest.raises(papermill.PapermillExecutionError, match=message):
        run_notebook(NOTEBOOK, tmp_path, processed["folder"], **params)
