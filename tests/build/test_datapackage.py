"""The Data Package the build publishes under OUT/data: what the report's download list shows of it."""

from kzreport.build import datapackage


def test_every_processed_table_has_a_title_for_the_download_list(processed):
    """The report's "Download the data" list names each processed table in words, never by its file name alone."""
    tables = sorted(p.stem for p in processed["folder"].glob("*.csv"))
    assert tables and [t for t in tables if t not in datapackage._TITLES] == []
