import csv
import hashlib
from pathlib import Path

import pytest
import yaml

from kzreport import config
from kzreport.evidence.sources import REQUIRED_FIELDS, check_registry, sha256_of


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


# ------------------------------------------------------------------ sources stay inside raw/sources/
SECRET = "MARKER-3f9a-do-not-print"


def _secret_file(folder, taz_text: str):
    """A file outside raw/sources/ that would pass for taz (its quotes match) and holds a marker line."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "secret.txt"
    path.write_text(taz_text + f"\n{SECRET} Passwort geheim 164 Menschen\n", encoding="utf-8")
    return path


def _set_file(data_copy, source_id: str, file: str) -> None:
    reg = data_copy / "raw" / "sources.yaml"
    doc = yaml.safe_load(reg.read_text(encoding="utf-8"))
    next(r for r in doc["sources"] if r["source_id"] == source_id)["file"] = file
    reg.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


def _quote_the_secret(data_copy) -> None:
    """One taz claim quotes a near-copy of the secret line: the old code printed that line as the closest passage."""
    claims = data_copy / "raw" / "claims.csv"
    with claims.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    quote = rows[0].index("quote")
    row = next(r for r in rows if r[0] == "taz_2022-c003")
    row[quote] = "Passwort offen 164 Menschen"
    with claims.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _validate_output(data_copy) -> tuple[int, str, list[str]]:
    """Exit code, everything validate printed, and its problem lines (stdout)."""
    from conftest import run_cli

    proc = run_cli("validate", "--data", str(data_copy))
    return proc.returncode, proc.stdout + proc.stderr, proc.stdout.strip().splitlines()


def _assert_nothing_of_it_printed(text: str, secret) -> None:
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()
    assert SECRET not in text and "geheim" not in text, text
    assert digest not in text and digest[:16] not in text, text


def _escape_cases(data_copy, tmp_path):
    """The secret file, in tmp_path/outside/ (next to the data copy, outside raw/sources/)."""
    taz = (data_copy / "raw" / "sources" / "taz_2022.txt").read_text(encoding="utf-8")
    return _secret_file(tmp_path / "outside", taz)


@pytest.mark.parametrize("how", ["absolute", "dotdot", "dotdot_inside_sources", "symlinked_file", "symlinked_dir", "not_under_sources"])
def test_a_source_file_outside_raw_sources_is_refused_unread(how, data_copy, tmp_path):
    secret = _escape_cases(data_copy, tmp_path)
    sources = data_copy / "raw" / "sources"
    if how == "absolute":
        file, says = str(secret), "absolute path"
    elif how == "dotdot":
        file, says = "sources/../../../outside/secret.txt", "'..'"
    elif how == "dotdot_inside_sources":  # even when it would land inside raw/sources/ again
        file, says = "sources/../sources/taz_2022.txt", "'..'"
    elif how == "symlinked_file":
        (sources / "taz_2022.txt").unlink()
        (sources / "taz_2022.txt").symlink_to(secret)
        file, says = "sources/taz_2022.txt", "symbolic link"
    elif how == "symlinked_dir":
        (sources / "more").symlink_to(secret.parent, target_is_directory=True)
        file, says = "sources/more/secret.txt", "symbolic link"
    else:
        (data_copy / "raw" / "secret.txt").write_bytes(secret.read_bytes())
        file, says = "secret.txt", "not in raw/sources/"
    _set_file(data_copy, "taz_2022", file)
    _quote_the_secret(data_copy)

    _, problems = check_registry(config.paths_for(data_copy))
    assert [(p.row, p.column) for p in problems] == [("source taz_2022", "file")], problems
    assert says in problems[0].message and "not read" in problems[0].message

    from kzreport.evidence import check_and_clean

    ev = check_and_clean(config.paths_for(data_copy))
    messages = "\n".join(map(str, ev.problems))
    _assert_nothing_of_it_printed(messages, secret)
    assert [str(p) for p in ev.problems if "taz_2022" in str(p)] == [str(problems[0])], "one line about the refused source"
    assert not (ev.claims["source_id"] == "taz_2022").any() and not (ev.events["source_id"] == "taz_2022").any()
    assert (ev.claims["source_id"] == "accord_2024").any(), "the other sources' rows are still cleaned"


def test_validate_prints_neither_the_lines_nor_the_hash_of_an_outside_file(data_copy, tmp_path):
    """Four ways out at once (absolute, '..', a symlinked file, a symlinked folder): four lines, nothing of the file."""
    secret = _escape_cases(data_copy, tmp_path)
    sources = data_copy / "raw" / "sources"
    _set_file(data_copy, "taz_2022", str(secret))
    _set_file(data_copy, "amnesty_2022", "sources/../../../outside/secret.txt")
    (sources / "europarl_2022.txt").unlink()
    (sources / "europarl_2022.txt").symlink_to(secret)
    (sources / "more").symlink_to(secret.parent, target_is_directory=True)
    _set_file(data_copy, "accord_2024", "sources/more/secret.txt")
    _quote_the_secret(data_copy)
    code, out, lines = _validate_output(data_copy)
    assert code == 1
    _assert_nothing_of_it_printed(out, secret)
    must = "a source file must be a path under raw/sources/ such as sources/{}.txt (copy the document there); the file was not read"
    assert sorted(lines) == [
        f"data/raw/sources.yaml:source accord_2024: file: sources/more/secret.txt leads outside raw/sources/ through a "
        f"symbolic link: {must.format('accord_2024')}",
        f"data/raw/sources.yaml:source amnesty_2022: file: sources/../../../outside/secret.txt contains '..': {must.format('amnesty_2022')}",
        f"data/raw/sources.yaml:source europarl_2022: file: sources/europarl_2022.txt leads outside raw/sources/ through a "
        f"symbolic link: {must.format('europarl_2022')}",
        f"data/raw/sources.yaml:source taz_2022: file: {secret} is an absolute path: {must.format('taz_2022')}",
    ]


def test_never_reads_a_refused_file(data_copy, tmp_path, monkeypatch):
    """No checksum is computed and no text is read for a refused path, whatever else is checked."""
    import builtins
    import pathlib

    secret = _escape_cases(data_copy, tmp_path)
    (data_copy / "raw" / "sources" / "taz_2022.txt").unlink()
    (data_copy / "raw" / "sources" / "taz_2022.txt").symlink_to(secret)
    _quote_the_secret(data_copy)
    opened = []
    real_open, real_read_bytes = builtins.open, pathlib.Path.read_bytes
    monkeypatch.setattr(builtins, "open", lambda f, *a, **k: (opened.append(str(f)), real_open(f, *a, **k))[1])
    monkeypatch.setattr(pathlib.Path, "read_bytes", lambda self: (opened.append(str(self)), real_read_bytes(self))[1])
    from kzreport.evidence import check_and_clean

    check_and_clean(config.paths_for(data_copy))
    assert not [f for f in opened if f.endswith("taz_2022.txt") or "secret" in f], opened


def test_symlinks_that_stay_inside_raw_sources_are_fine(data_copy):
    sources = data_copy / "raw" / "sources"
    (sources / "archive").mkdir()
    (sources / "taz_2022.txt").rename(sources / "archive" / "taz_2022.txt")
    (sources / "taz_2022.txt").symlink_to(Path("archive") / "taz_2022.txt")  # relative link to a file inside
    (sources / "current").symlink_to("archive", target_is_directory=True)  # a linked folder inside
    _set_file(data_copy, "europarl_2022", "./sources/europarl_2022.txt")
    (sources / "accord_2024.txt").rename(sources / "archive" / "accord_2024.txt")
    _set_file(data_copy, "accord_2024", "sources/current/accord_2024.txt")
    from kzreport.evidence import check_and_clean

    ev = check_and_clean(config.paths_for(data_copy))
    assert ev.problems == [], "\n".join(map(str, ev.problems))
    assert (ev.claims["source_id"] == "taz_2022").sum() == 12 and (ev.claims["source_id"] == "accord_2024").any()


def test_a_missing_source_file_is_one_line_not_a_traceback(data_copy):
    (data_copy / "raw" / "sources" / "taz_2022.txt").unlink()
    code, out, lines = _validate_output(data_copy)
    assert code == 1 and "Traceback" not in out, out
    assert lines == ["data/raw/sources.yaml:source taz_2022: file: data/raw/sources/taz_2022.txt does not exist"]


def test_a_source_that_is_not_utf8_is_one_line_not_a_traceback(data_copy):
    path = data_copy / "raw" / "sources" / "amnesty_2022.txt"
    data = path.read_text(encoding="utf-8").encode("cp1252", errors="replace")
    path.write_bytes(data)
    code, out, lines = _validate_output(data_copy)
    assert code == 1 and "Traceback" not in out, out
    assert any(ln.startswith("data/raw/sources.yaml:source amnesty_2022: file: not UTF-8") for ln in lines), lines
    assert not any("amnesty_2022-c" in ln for ln in lines), "rows of an unreadable source get no quote message"


# ------------------------------------------------------------------ clean text in the registry
def _edit_registry(data_copy, old: str, new: str) -> None:
    reg = data_copy / "raw" / "sources.yaml"
    text = reg.read_text(encoding="utf-8")
    assert old in text
    reg.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "column", "named"), [
    ('title: "Urgent Action:', 'title: "Urgent\\e Action:', "title", "U+001B ESCAPE at character 7"),
    ("producer: European Parliament", "producer: European \u202eParliament", "producer", "U+202E RIGHT-TO-LEFT OVERRIDE at character 10"),
    ("date_note: resolution adopted on 20 January 2022", 'date_note: "resolution\\x85 adopted on 20 January 2022"', "date_note",
     "U+0085 NEXT LINE at character 11"),
    ("language: de\n    kind: intergovernmental", 'language: "d\\te"\n    kind: intergovernmental', "language", "U+0009 CHARACTER TABULATION at character 2"),
], ids=["escape", "bidi", "c1-in-an-extra-field", "tab"])
def test_every_registry_field_refuses_control_and_bidi_characters(data_copy, old, new, column, named):
    _edit_registry(data_copy, old, new)
    _, problems = check_registry(config.paths_for(data_copy))
    assert [(p.column, p.message.split(":")[0]) for p in problems] == [(column, f"contains {named}")], problems


def test_a_control_character_in_the_file_field_means_the_file_is_not_read(data_copy):
    _edit_registry(data_copy, "file: sources/taz_2022.txt", 'file: "sources/taz_2022.txt\\0"')
    sources, problems = check_registry(config.paths_for(data_copy))
    assert [(p.row, p.column) for p in problems] == [("source taz_2022", "file")]
    assert "U+0000 NULL at character 21" in problems[0].message
    assert next(s for s in sources if s.source_id == "taz_2022").file_problem


def test_a_raw_control_character_in_the_registry_names_its_line(data_copy):
    reg = data_copy / "raw" / "sources.yaml"
    lines = reg.read_text(encoding="utf-8").split("\n")
    n = next(i for i, ln in enumerate(lines) if ln.strip().startswith("producer: European"))
    lines[n] = lines[n].replace("European", "Euro\x1bpean")
    reg.write_text("\n".join(lines), encoding="utf-8")
    _, problems = check_registry(config.paths_for(data_copy))
    col = lines[n].index("\x1b") + 1
    assert [str(p) for p in problems] == [
        f"data/raw/sources.yaml:{n + 1}: -: U+001B ESCAPE at character {col} of the line: control characters are not allowed; delete it"]


def test_a_folder_or_pipe_named_as_source_file_is_not_read(data_copy):
    import os

    sources = data_copy / "raw" / "sources"
    (sources / "folder.txt").mkdir()
    os.mkfifo(sources / "pipe.txt")  # reading it would block forever
    _set_file(data_copy, "taz_2022", "sources/folder.txt")
    _set_file(data_copy, "amnesty_2022", "sources/pipe.txt")
    _, problems = check_registry(config.paths_for(data_copy))
    assert sorted(str(p) for p in problems) == [
        "data/raw/sources.yaml:source amnesty_2022: file: data/raw/sources/pipe.txt is not a regular file",
        "data/raw/sources.yaml:source taz_2022: file: data/raw/sources/folder.txt is not a regular file",
    ]
