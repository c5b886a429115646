"""Curation is data: the curated lists and the judgement columns are checked like the data, one line each."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kzreport import config
from kzreport.evidence import check_and_clean
from kzreport.evidence.curation import read_curation


def _edit(path: Path, row_id: str, column: str, value: str) -> None:
    """Set one cell of a CSV (the row whose first cell is ``row_id``)."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    col = rows[0].index(column)
    hit = [r for r in rows[1:] if r[0] == row_id]
    assert hit, f"no row {row_id} in {path.name}"
    hit[0][col] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _lines(data: Path) -> list[str]:
    return [str(p) for p in check_and_clean(config.paths_for(data)).problems]


def test_the_project_curation_has_no_problems():
    cur, problems = read_curation(config.paths_for())
    assert problems == []
    assert len(cur.places) and len(cur.key_events) and len(cur.claimants) and len(cur.metrics) and len(cur.story)


@pytest.mark.parametrize("file, row_id, column, value, message", [
    ("curation/key_events.csv", "day", "figure", "week", "curation/key_events.csv:2: figure: must be one of: day, long"),
    ("curation/key_events.csv", "day", "event_ids", "europarl_2022-e016 nope-e999",
     "curation/key_events.csv:2: event_ids: nope-e999: no such event in events.csv"),
    ("curation/key_events.csv", "day", "place", "left", "curation/key_events.csv:2: place: must be one of: above, below"),
    ("curation/claimants.csv", "UN Committee against Torture", "claimant", "UN Committee against Tortur",
     "curation/claimants.csv:2: claimant: 'UN Committee against Tortur' states no claim in claims.csv"),
    ("curation/metrics.csv", "killed", "metric", "Killed", "curation/metrics.csv:2: metric: must be a snake_case metric name"),
    ("curation/metrics.csv", "killed", "label", "", "curation/metrics.csv:2: label: must not be empty"),
    ("curation/story.csv", "what_happened", "chapter", "story",
     "curation/story.csv:2: chapter: must be one of: what_happened, torture, caseworkers"),
    ("curation/story.csv", "what_happened", "event_ids", "crimethinc_2022-e015 nope-e999",
     "curation/story.csv:2: event_ids: nope-e999: no such event in events.csv"),
    ("curation/story.csv", "what_happened", "claim_ids", "nope-c999",
     "curation/story.csv:2: claim_ids: nope-c999: no such claim in claims.csv"),
    ("curation/story.csv", "what_happened", "item", "began_first",
     "curation/story.csv:3: item: 'what_happened began_first' is listed twice (first on line 2)"),
    ("claims.csv", "accord_2024-c040", "same_as", "accord_2024-c999",
     "claims.csv:66: same_as: 'accord_2024-c999' is no claim_id of this table"),
    ("claims.csv", "accord_2024-c040", "same_as", "accord_2024-c040", "claims.csv:66: same_as: 'accord_2024-c040' is the claim itself"),
    ("claims.csv", "accord_2024-c033", "judgements", "outside_january;not_about_it",
     "claims.csv:59: judgements: must be judgement codes separated by ';', each one of: outside_january"),
])
def test_each_curation_mistake_is_one_line_naming_file_row_and_column(data_copy, file, row_id, column, value, message):
    _edit(data_copy / "raw" / file, row_id, column, value)
    lines = _lines(data_copy)
    assert any(message in ln for ln in lines), lines[:5]


def test_a_place_listed_under_two_names_is_refused_and_locations_are_not_checked_against_it(data_copy):
    _edit(data_copy / "raw" / "curation" / "places.csv", "Kazakhstan", "spelling", "Almaty")
    lines = _lines(data_copy)
    assert [ln for ln in lines if "places.csv" in ln] == [
        "data/raw/curation/places.csv:17: spelling: 'Almaty' is listed twice (first on line 2)"], lines[:5]
    assert not any("unknown place" in ln for ln in lines), "a broken places.csv must not flood every location"


def test_an_unknown_place_names_the_file_to_add_it_to(data_copy):
    _edit(data_copy / "raw" / "claims.csv", "accord_2024-c040", "location", "Atlantis")
    lines = _lines(data_copy)
    assert any("claims.csv:66: location: unknown place 'Atlantis': add the spelling to data/raw/curation/places.csv" in ln
               for ln in lines), lines[:5]


def test_judgements_and_same_as_reach_the_processed_claims():
    ev = check_and_clean(config.paths_for())
    c = ev.claims.set_index("claim_id")
    assert c.loc["accord_2024-c040", "same_as"] == "accord_2024-c030"
    assert "outside_january" in c.loc["accord_2024-c033", "judgements"].split(";")
    assert "no_prison" in c.loc["accord_2024-c070", "judgements"].split(";")
