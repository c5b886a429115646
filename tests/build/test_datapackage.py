"""The Data Package the build publishes under OUT/data: what the report's download list shows of it."""

from kzreport.build import datapackage


def test_every_processed_table_has_a_title_for_the_download_list(processed):
    """The report's "Download the data" list names each processed table in words, never by its file name alone."""
    tables = sorted(p.stem for p in processed["folder"].glob("*.csv"))
    assert tables and [t for t in tables if t not in datapackage._TITLES] == []


def test_the_descriptor_is_the_same_whether_the_declared_columns_come_fresh_or_from_the_cache(processed):
    """The build keeps the declared columns in its cache as JSON with sorted keys; the descriptor written from them
    must have the bytes of one written from the schemas themselves."""
    import json

    files = {f"processed/{p.name}": p for p in sorted(processed["folder"].glob("*.csv"))}
    meta = {"name": "kzreport", "title": "T", "version": "1"}
    fresh = datapackage.descriptor(files, **meta)
    cached = json.loads(json.dumps(datapackage.declared_columns(), sort_keys=True))
    assert list(cached["claims"]["claim_id"]) != list(datapackage.declared_columns()["claims"]["claim_id"])  # reordered
    assert json.dumps(datapackage.descriptor(files, columns=cached, **meta)) == json.dumps(fresh)
