import shutil

import yaml

from kzreport import config
from kzreport.sources import REQUIRED_FIELDS, check_registry, sha256_of


def test_registry_is_complete_and_every_checksum_matches():
    sources, problems = check_registry(config.paths_for())
    assert problems == [], "\n".join(map(str, problems))
    assert len(sources) == 5
    for s in sources:
        for f in REQUIRED_FIELDS:
            assert getattr(s, f), f"{s.source_id}: {f} is empty"


def test_vendored_sources_are_the_shared_originals_unchanged():
    """The registry records each file's original name; where ../shared exists, the bytes match it."""
    shared = config.PROJECT_ROOT.parent / "shared" / "sources"
    doc = yaml.safe_load((config.DATA_DIR / "raw" / "sources.yaml").read_text(encoding="utf-8"))
    for rec in doc["sources"]:
        vendored = config.DATA_DIR / "raw" / rec["file"]
        original = shared / rec["original_file"]
        if original.exists():
            assert sha256_of(vendored) == sha256_of(original), rec["source_id"]


def test_a_changed_source_fails_its_checksum_with_file_and_field(data_copy):
    target = data_copy / "raw" / "sources" / "taz_2022.txt"
    target.write_bytes(target.read_bytes().replace(b"164", b"165", 1))
    _, problems = check_registry(config.paths_for(data_copy))
    assert len(problems) == 1
    p = problems[0]
    assert p.file.endswith("sources.yaml") and p.row == "source taz_2022" and p.column == "sha256"
    assert "checksum mismatch" in p.message


def test_missing_fields_and_unknown_kind_are_each_reported(data_copy):
    reg = data_copy / "raw" / "sources.yaml"
    doc = yaml.safe_load(reg.read_text(encoding="utf-8"))
    doc["sources"][0]["kind"] = "blog"
    del doc["sources"][1]["url"]
    doc["sources"][2]["date_published"] = "26.04.2024"
    reg.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    _, problems = check_registry(config.paths_for(data_copy))
    got = {(p.row, p.column) for p in problems}
    assert got == {("source amnesty_2022", "kind"), ("source europarl_2022", "url"), ("source accord_2024", "date_published")}


def test_missing_registry_is_one_clear_problem(data_copy):
    (data_copy / "raw" / "sources.yaml").unlink()
    _, problems = check_registry(config.paths_for(data_copy))
    assert len(problems) == 1 and "not found" in problems[0].message
