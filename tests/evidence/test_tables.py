"""The evidence pipeline on the real data, and on copies broken in the ways people break CSV files."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest

from kzreport import config
from kzreport.evidence import RAW_CLAIM_COLUMNS, check_and_clean
from kzreport.evidence.vocab import CLAIMANT_TYPES, CORE_METRICS, EVENT_CATEGORIES, QUALIFIERS


@pytest.fixture(scope="module")
def ev():
    result = check_and_clean(config.paths_for())
    assert result.problems == [], "\n".join(map(str, result.problems))
    return result


def _claim(ev, claim_id: str) -> pd.Series:
    rows = ev.claims[ev.claims["claim_id"] == claim_id]
    assert len(rows) == 1, f"{claim_id} missing from the processed claims"
    return rows.iloc[0]


def _nan(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


# ------------------------------------------------------------------ the real data
def test_every_raw_row_survives_cleaning(ev):
    raw_claims = pd.read_csv(config.DATA_DIR / "raw" / "claims.csv", dtype=str)
    raw_events = pd.read_csv(config.DATA_DIR / "raw" / "events.csv", dtype=str)
    assert len(ev.claims) == len(raw_claims)
    assert len(ev.events) == len(raw_events)


def test_processed_claims_follow_the_contract(ev):
    required = ["claim_id", "source_id", "claimant", "claimant_type", "metric", "value", "qualifier", "value_low",
                "value_high", "unit", "reported_on", "period_start", "period_end", "location", "quote", "quote_en"]
    assert set(required) <= set(ev.claims.columns)
    assert set(ev.claims["claimant_type"]) <= set(CLAIMANT_TYPES)
    assert set(ev.claims["qualifier"]) <= set(QUALIFIERS)
    assert set(ev.events["category"]) <= set(EVENT_CATEGORIES)


def test_core_metrics_are_all_present(ev):
    missing = set(CORE_METRICS) - set(ev.claims["metric"])
    assert not missing, f"no claim for core metric(s) {sorted(missing)}"


@pytest.mark.parametrize(("claim_id", "claimant_type", "value", "qualifier", "low", "high"), [
    # taz: the health ministry via Sputnik, 164 killed (9 January 2022)
    ("taz_2022-c003", "official", 164, "exact", 164, 164),
    # ACCORD quoting UN CAT: 236 of 329 cases closed
    ("accord_2024-c027", "intergovernmental", 236, "exact", 236, 236),
    ("accord_2024-c028", "intergovernmental", 329, "exact", 329, 329),
    # "possibly up to 260": an upper bound only
    ("accord_2024-c067", "ngo", 260, "up_to", None, 260),
    # "fast 10 000" (EP): fewer than 10,000
    ("europarl_2022-c004", "intergovernmental", 10000, "almost", None, 9999),
    # "mehr als 10.000" (BTI via ACCORD): more than 10,000
    ("accord_2024-c001", "research", 10000, "more_than", 10001, None),
    # "At least 23" officers convicted (HRW)
    ("accord_2024-c048", "ngo", 23, "at_least", 23, None),
    # "fast 8000" detained, the interior ministry in the CrimethInc. brochure
    ("crimethinc_2022-c004", "official", 8000, "almost", None, 7999),
    # "Dutzende": no number printed, at least two dozen
    ("crimethinc_2022-c001", "activist", None, "at_least", 24, None),
])
def test_known_figures_are_read_into_value_and_bounds(ev, claim_id, claimant_type, value, qualifier, low, high):
    c = _claim(ev, claim_id)
    assert c["claimant_type"] == claimant_type
    assert c["qualifier"] == qualifier
    for got, want in ((c["value"], value), (c["value_low"], low), (c["value_high"], high)):
        assert (_nan(got) and want is None) or got == want, (claim_id, got, want)


def test_range_of_sentences_becomes_bounds(ev):
    rows = ev.claims[ev.claims["value_text"].str.startswith("zwei bis siebeneinhalb")]
    assert len(rows) >= 1
    for _, c in rows.iterrows():
        assert _nan(c["value"]) and c["value_low"] == 2 and c["value_high"] == 7.5


def test_place_variants_map_to_one_spelling(ev):
    printed = ev.events.set_index("location_as_printed")["location"].to_dict()
    printed.update(ev.claims.set_index("location_as_printed")["location"].to_dict())
    for variant in ("Jaŋaözen", "Janaozen", "Schanaozen", "Zhanaozen"):
        if variant in printed:
            assert printed[variant] == "Zhanaozen"
    assert printed.get("Taldıqorğan") == printed.get("Taldykorgan") == "Taldykorgan"
    assert printed.get("Kasachstan") == "Kazakhstan"


def test_events_keep_their_date_precision(ev):
    e = ev.events.set_index("event_id")
    assert (e["date"].str.len() == e["date_precision"].map({"day": 10, "month": 7, "year": 4})).all()
    assert set(e["date_precision"]) == {"day", "month", "year"}


# ------------------------------------------------------------------ broken copies
def _rewrite(path: Path, edit) -> None:
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    fields = list(rows[0].keys())
    rows = edit(rows) or rows
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _problems(data_copy):
    return [str(p) for p in check_and_clean(config.paths_for(data_copy)).problems]


def _set(row_index: int, **values):
    def edit(rows):
        rows[row_index].update(values)
    return edit


def test_each_mistake_is_named_with_file_row_and_column(data_copy):
    claims = data_copy / "raw" / "claims.csv"
    _rewrite(claims, _set(0, source_id="amnesty_2023"))                       # line 2
    _rewrite(claims, _set(1, qualifier="roughly"))                            # line 3
    _rewrite(claims, _set(2, reported_on="2022-02-30"))                       # line 4
    _rewrite(claims, _set(3, claimant_type="government"))                     # line 5
    _rewrite(claims, lambda rows: rows.__setitem__(4, {**rows[4], "claim_id": rows[5]["claim_id"]}))  # line 6 duplicates line 7
    _rewrite(claims, _set(7, value_high="5"))                                  # line 9: contradicts the text
    _rewrite(claims, _set(8, location="Atlantis"))                            # line 10
    _rewrite(claims, _set(9, value_text="999"))                               # line 11: not in the quote
    got = _problems(data_copy)
    expect = [
        "data/raw/claims.csv:2: source_id: unknown source_id 'amnesty_2023'",
        "data/raw/claims.csv:3: qualifier: must be one of exact, at_least",
        "data/raw/claims.csv:4: reported_on: '2022-02-30' is not a real date",
        "data/raw/claims.csv:5: claimant_type: must be one of: official",
        "data/raw/claims.csv:7: claim_id: duplicate claim_id",
        "data/raw/claims.csv:9: value_high: 5 contradicts value_text",
        "data/raw/claims.csv:10: location: ",
        "data/raw/claims.csv:11: value_text: '999' does not occur in the quote",
    ]
    for prefix in expect:
        assert any(p.startswith(prefix) for p in got), f"no problem starting {prefix!r} in:\n" + "\n".join(got)


def test_a_changed_quote_points_at_the_closest_passage(data_copy):
    claims = data_copy / "raw" / "claims.csv"
    def edit(rows):
        row = next(r for r in rows if r["claim_id"] == "accord_2024-c027")
        row["quote"] = row["quote"].replace("236 von 329", "236 von 392")
    _rewrite(claims, edit)
    got = [p for p in _problems(data_copy) if ": quote: " in p]
    assert len(got) == 1
    assert "accord_2024-c027: quote not found in sources/accord_2024.txt" in got[0]
    assert "236 von 329" in got[0], "the closest passage should be the real sentence"


def test_an_impossible_or_too_precise_event_date_is_named(data_copy):
    events = data_copy / "raw" / "events.csv"
    def edit(rows):
        i = next(i for i, r in enumerate(rows) if r["date_text"] == "1986")
        rows[i]["date"] = "1986-12"
        rows[0]["date"] = "2022-13-01"
        return rows
    _rewrite(events, edit)
    got = _problems(data_copy)
    assert any(p.startswith("data/raw/events.csv:2: date: ") for p in got), got
    assert any("1986-12 does not match date_text '1986'" in p and "more precise" in p for p in got), got


def test_missing_column_and_empty_file(data_copy):
    claims = data_copy / "raw" / "claims.csv"
    text = claims.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    drop = header.index("unit")
    out = []
    for line in csv.reader(text):
        out.append(line[:drop] + line[drop + 1:])
    with claims.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(out)
    (data_copy / "raw" / "events.csv").write_text("", encoding="utf-8")
    got = _problems(data_copy)
    assert "data/raw/claims.csv:1: unit: required column is missing from the header row" in got
    assert any(p.startswith("data/raw/events.csv:1: -: file is empty") for p in got), got


def test_bom_and_crlf_from_spreadsheets_just_work(data_copy):
    for name in ("claims.csv", "events.csv"):
        path = data_copy / "raw" / name
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert _problems(data_copy) == []


def test_legacy_encoding_gets_a_clear_error(data_copy):
    path = data_copy / "raw" / "claims.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("cp1252", errors="replace"))
    got = _problems(data_copy)
    claims_problems = [p for p in got if p.startswith("data/raw/claims.csv")]
    assert len(claims_problems) == 1
    assert "not UTF-8" in claims_problems[0] and "Windows-1252" in claims_problems[0]
    line = int(claims_problems[0].split(":")[1])
    first_non_ascii = next(i for i, ln in enumerate(text.splitlines(), start=1) if any(ord(ch) > 127 for ch in ln))
    assert line == first_non_ascii


def test_by_hand_reading_of_an_unreadable_figure_is_required(data_copy):
    claims = data_copy / "raw" / "claims.csv"
    def edit(rows):
        row = next(r for r in rows if r["value_text"] == "verdoppelte")
        row["value"] = ""
        row["qualifier"] = ""
    _rewrite(claims, edit)
    got = _problems(data_copy)
    assert any(": value_text: cannot read 'verdoppelte'" in p and "by hand" in p for p in got), got


def test_raw_columns_are_documented():
    readme = (config.DATA_DIR / "README.md").read_text(encoding="utf-8")
    for col in RAW_CLAIM_COLUMNS + ["value", "qualifier", "value_low", "value_high", "event_id", "date_text",
                                    "date_precision", "category", "is_vague", "quote_match", "is_date_checked"]:
        assert f"`{col}`" in readme, f"data/README.md does not document column {col}"
    for vocab in (CLAIMANT_TYPES, QUALIFIERS, EVENT_CATEGORIES):
        for value in vocab:
            assert f"`{value}`" in readme, f"data/README.md does not document {value}"


def test_processed_tables_read_back_as_written(processed, ev):
    back = processed["evidence"]
    assert list(back.claims.columns) == list(ev.claims.columns)
    pd.testing.assert_frame_equal(back.claims.reset_index(drop=True), ev.claims.reset_index(drop=True), check_dtype=False)
    pd.testing.assert_frame_equal(back.events.reset_index(drop=True), ev.events.reset_index(drop=True), check_dtype=False)
    assert back.claims["value"].dtype == float and back.claims["is_vague"].dtype == bool


# ------------------------------------------------------------------ clean text in
def _line_of(rows, idcol, key) -> int:
    return 2 + next(i for i, r in enumerate(rows) if r[idcol] == key)


def test_escape_in_a_cell_is_named_with_character_and_position_and_the_row_is_left_out(data_copy):
    claims = data_copy / "raw" / "claims.csv"
    _rewrite(claims, _set(0, claimant="Almaty\x1b[31m police"))
    ev = check_and_clean(config.paths_for(data_copy))
    got = [str(p) for p in ev.problems]
    assert got == ["data/raw/claims.csv:2: claimant: contains U+001B ESCAPE at character 7: control characters are not "
                   "allowed here; delete it"]
    first_id = pd.read_csv(claims, dtype=str)["claim_id"][0]
    assert first_id not in set(ev.claims["claim_id"]) and len(ev.claims) > 100


def test_every_field_of_claims_and_events_refuses_control_and_bidi_characters(data_copy):
    """One refused character in each column (a different row each): each is named with its line and column."""
    from kzreport.evidence import RAW_CLAIM_OPTIONAL, RAW_EVENT_COLUMNS

    chars = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u202e", "\u2066", "\x0b", "\x1f"]
    expect = []
    for name, columns in (("claims.csv", RAW_CLAIM_COLUMNS + RAW_CLAIM_OPTIONAL), ("events.csv", RAW_EVENT_COLUMNS)):
        def edit(rows, columns=columns, name=name):
            for i, column in enumerate(columns):
                ch = chars[i % len(chars)]
                rows[i][column] = rows[i][column] + ch  # at the end, where trimming would have hidden a \x85 or \x1f
                expect.append((f"data/raw/{name}", str(i + 2), column, f"U+{ord(ch):04X}"))
        _rewrite(data_copy / "raw" / name, edit)
    problems = check_and_clean(config.paths_for(data_copy)).problems
    for file, line, column, code in expect:
        hits = [p for p in problems if (p.file, p.row, p.column) == (file, line, column) and p.message.startswith(f"contains {code} ")]
        assert len(hits) == 1, (file, line, column, code, [str(p) for p in problems if p.row == line])
        assert "\x1b" not in str(hits[0]) and "\u202e" not in str(hits[0])


def test_tab_and_newline_only_in_quote_quote_en_and_note(data_copy):
    claims = data_copy / "raw" / "claims.csv"
    def edit(rows):
        rows[0]["quote"] = rows[0]["quote"].replace(" ", "\n", 1).replace(" ", "\t", 1)
        rows[0]["quote_en"] = rows[0]["quote_en"].replace(" ", "\n", 1)
        rows[0]["note"] = "first line\nsecond line\twith a tab"
        rows[1]["unit"] = "peo\nple"
        rows[2]["claimant"] = "Human\tRights Watch"
    _rewrite(claims, edit)
    ev = check_and_clean(config.paths_for(data_copy))
    got = [str(p) for p in ev.problems]
    # the first row spans lines 2-5 (three cells with a line break), the next 6-7, the third starts on 8
    assert got == [
        "data/raw/claims.csv:6: unit: contains U+000A LINE FEED at character 4: this field is one line of text without "
        "tabs; delete it (tabs and line breaks are allowed only in quote, quote_en, note, note_de)",
        "data/raw/claims.csv:8: claimant: contains U+0009 CHARACTER TABULATION at character 6: this field is one line "
        "of text without tabs; delete it (tabs and line breaks are allowed only in quote, quote_en, note, note_de)",
    ]
    assert "first line\nsecond line\twith a tab" in set(ev.claims["note"])


def test_crlf_inside_a_cell_is_a_newline_and_a_lone_cr_is_refused(data_copy):
    claims = data_copy / "raw" / "claims.csv"
    _rewrite(claims, _set(0, note="first line\nsecond line"))
    _rewrite(claims, _set(1, note="old mac\rline end, in quotes"))  # the comma makes the writer quote the cell
    path = data_copy / "raw" / "claims.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))  # what a spreadsheet saves
    assert b"first line\r\nsecond line" in path.read_bytes()
    ev = check_and_clean(config.paths_for(data_copy))
    assert [str(p) for p in ev.problems] == [  # the first row spans lines 2-3
        "data/raw/claims.csv:4: note: contains U+000D CARRIAGE RETURN at character 8: control characters are not "
        "allowed here; delete it"]
    assert "first line\nsecond line" in set(ev.claims["note"])


def test_bidi_override_is_refused_even_in_a_quote(data_copy):
    events = data_copy / "raw" / "events.csv"
    _rewrite(events, _set(3, quote="\u202e" + "x"))
    got = [str(p) for p in check_and_clean(config.paths_for(data_copy)).problems if ": quote: contains" in str(p)]
    assert got == ["data/raw/events.csv:5: quote: contains U+202E RIGHT-TO-LEFT OVERRIDE at character 1: "
                   "bidirectional text controls are not allowed here; delete it"]


# ------------------------------------------------------------------ quote messages
def test_an_invisible_character_in_a_quote_is_named_in_the_message(data_copy):
    claims = data_copy / "raw" / "claims.csv"
    def edit(rows):
        row = next(r for r in rows if r["claim_id"] == "accord_2024-c027")
        row["quote"] = row["quote"][:40] + "\u200b" + row["quote"][40:]
    _rewrite(claims, edit)
    got = [p for p in _problems(data_copy) if ": quote: " in p]
    assert len(got) == 1
    assert ("accord_2024-c027: quote not found in sources/accord_2024.txt. The quote contains U+200B ZERO WIDTH SPACE at "
            "character 41, which the source does not print: delete it; without it the quote is found in the source. "
            "Closest passage: “") in got[0]


def test_a_100kb_quote_gets_one_short_line(data_copy):
    """The message names where the quote departs from the source and shows no more than a few hundred characters of it."""
    import time

    text = (data_copy / "raw" / "sources" / "crimethinc_2022.txt").read_text(encoding="utf-8")
    claims = data_copy / "raw" / "claims.csv"
    def edit(rows):
        row = next(r for r in rows if r["source_id"] == "crimethinc_2022")
        row["quote"] = (text * 2)[:100_000].replace("Innenstadt von Almaty", "Innenstadt von Astana", 1) + " " + row["value_text"]
    _rewrite(claims, edit)
    started = time.perf_counter()
    got = [p for p in _problems(data_copy) if ": quote: " in p]
    assert time.perf_counter() - started < 20  # all of validation; the 100 KB quote alone took 43 s to 212 s before
    assert len(got) == 1 and "\n" not in got[0]
    assert "From character " in got[0] and "Innenstadt von Astana" in got[0] and "Innenstadt von Almaty" in got[0]
    assert len(got[0]) < 1000, len(got[0])


def test_the_user_visible_checks_are_documented():
    readme = (config.DATA_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("## What `validate` checks", 1)[1].split("\n## ", 1)[0]
    for phrase in ("inside `raw/sources/`", "symbolic link", "`..`", "U+202A–U+202E, U+2066–U+2069", "Cc",
                   "`quote`, `quote_en` and `note`", "CRLF"):
        assert phrase in section, phrase
    assert "NFC" in readme and "U+200B ZERO WIDTH SPACE" in readme
    assert "read_exported_csv" in readme and "OWASP" in readme
    figures = (config.PROJECT_ROOT / "figures" / "README.md").read_text(encoding="utf-8")
    assert "read_exported_csv" in figures


def test_the_same_inconsistent_by_hand_reading_is_named_on_each_of_its_lines():
    """A by-hand reading is checked against the bounds rules once per distinct reading; each row that carries it
    still gets its own problem, on its own line, and a consistent reading gets none."""
    from kzreport.evidence import tables
    from kzreport.evidence.csvio import LINE

    wrong = {"value_text": "verdoppelte", "qualifier": "exact", "value": "5", "value_low": "7", "value_high": "9"}
    right = {**wrong, "value_low": "", "value_high": ""}
    got = {line: tables._quantity({**wrong, LINE: line}, "claims.csv") for line in (12, 40)}
    for line, (reading, problems) in got.items():
        assert reading is None
        assert problems and {(p.row, p.column) for p in problems} == {(str(line), "value_low/value_high")}
        assert all("value_low 7, value_high 9" in p.message for p in problems)
    assert [p.message for p in got[12][1]] == [p.message for p in got[40][1]]
    assert any("value_low <= value <= value_high must hold" in p.message for p in got[12][1])
    reading, problems = tables._quantity({**right, LINE: 41}, "claims.csv")
    assert problems == [] and (reading["value"], reading["value_low"], reading["value_high"]) == (5, 5, 5)


# ---------------------------------------------------------------------------- the build's evidence step
def test_check_and_save_writes_the_tables_the_notebooks_read_only_when_nothing_is_wrong(data_copy, tmp_path):
    from kzreport.evidence import check_and_save, read_processed

    good = config.paths_for(data_copy, tmp_path / "good")
    assert check_and_save(good) == []
    back = read_processed(good)
    clean = check_and_clean(good)
    assert list(back.claims["claim_id"]) == list(clean.claims["claim_id"])
    assert list(back.claims["value_text"]) == list(clean.claims["value_text"])
    assert len(back.events) == len(clean.events) and len(back.sources) == len(clean.sources)

    claims = data_copy / "raw" / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text.replace(",killed,164,people,", ",killed,165,people,", 1), encoding="utf-8")
    bad = config.paths_for(data_copy, tmp_path / "bad")
    problems = check_and_save(bad)
    assert any(p.column == "value_text" and "165" in p.message for p in problems), problems
    assert not (tmp_path / "bad").exists(), "tables were written for data that failed its checks"

