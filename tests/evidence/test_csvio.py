from kzreport.evidence.csvio import LINE, read_csv

COLS = ["id", "quote"]


def test_line_numbers_follow_the_file_even_with_multiline_cells(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text('id,quote\na,"one\nline two"\n\nb,three\n', encoding="utf-8")
    df, problems = read_csv(f, COLS)
    assert problems == []
    assert list(df["id"]) == ["a", "b"]
    assert list(df[LINE]) == [2, 5]  # b starts on line 5: a spans 2-3, line 4 is blank


def test_values_stay_text_and_are_trimmed(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("id,quote\n 007 , 1.200 \n", encoding="utf-8")
    df, _ = read_csv(f, COLS)
    assert df.loc[0, "id"] == "007" and df.loc[0, "quote"] == "1.200"


def test_optional_columns_are_added_empty_and_unknown_ones_refused(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("id,quote\na,b\n", encoding="utf-8")
    df, _ = read_csv(f, COLS, optional=["note"])
    assert df.loc[0, "note"] == ""
    f.write_text("id,quote,qualifer\na,b,c\n", encoding="utf-8")
    _, problems = read_csv(f, COLS, optional=["qualifier"], where="t.csv")
    assert [str(p) for p in problems] == ["t.csv:1: qualifer: unknown column (expected: id, quote, qualifier)"]


def test_a_row_with_too_many_fields_is_named(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("id,quote\na,b\nc,d,e\n", encoding="utf-8")
    _, problems = read_csv(f, COLS, where="t.csv")
    assert [str(p) for p in problems] == ["t.csv:3: -: row has 3 fields, the header has 2: check for a stray or missing comma or quote"]


# ------------------------------------------------------------------ spreadsheet-safe exports
import csv as _csv  # noqa: E402

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from kzreport.evidence.csvio import read_exported_csv, write_csv  # noqa: E402

DANGEROUS = [
    '=HYPERLINK("http://x","Click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\tleading tab",
    "\rleading carriage return",
    "'quoted' as typed",
]


def _raw_cells(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(_csv.DictReader(fh))


@pytest.mark.parametrize("text", DANGEROUS, ids=["hyperlink", "dde", "at", "minus", "tab", "cr", "quote"])
def test_a_cell_that_starts_like_a_formula_is_written_with_a_quote_and_read_back_as_it_was(tmp_path, text):
    df = pd.DataFrame({"claim_id": ["x-c001"], "claimant": [text], "value": [5.0]})
    path = tmp_path / "claims.csv"
    write_csv(df, path)
    raw = _raw_cells(path)[0]
    assert raw["claimant"] == "'" + text  # what a spreadsheet sees: text, never a formula
    assert raw["claim_id"] == "x-c001" and raw["value"] == "5.0"
    back = read_exported_csv(path, dtype={"claim_id": str, "claimant": str}, keep_default_na=False)
    pd.testing.assert_frame_equal(back, df)


def test_numbers_in_numeric_columns_stay_numbers(tmp_path):
    df = pd.DataFrame({"label": ["-5 (text)", "ok"], "value": [-2.5, 3.0], "count": [-1, 2], "flag": [True, False]})
    path = tmp_path / "t.csv"
    write_csv(df, path)
    assert path.read_text(encoding="utf-8") == "label,value,count,flag\n'-5 (text),-2.5,-1,True\nok,3.0,2,False\n"
    back = read_exported_csv(path)
    pd.testing.assert_frame_equal(back, df)
    assert back["value"].dtype == float and back["count"].dtype == "int64"


def test_cells_that_need_nothing_are_written_byte_for_byte_as_pandas_writes_them(tmp_path):
    df = pd.DataFrame({"a": ["Schanaozen", "„mehr als 1,200“", "", None, "x\ny", "a'b", "1-2"], "b": [1.5, None, 2, 3, 4, 5, -6]})
    write_csv(df, tmp_path / "ours.csv")
    df.to_csv(tmp_path / "plain.csv", index=False, lineterminator="\n")
    assert (tmp_path / "ours.csv").read_bytes() == (tmp_path / "plain.csv").read_bytes()


def test_the_processed_tables_round_trip_dangerous_text(tmp_path):
    """save_evidence writes neutralised cells; read_processed gives the chapters the original text."""
    from kzreport import config
    from kzreport.evidence import load_evidence, read_processed, save_evidence

    paths = config.paths_for(config.DATA_DIR, tmp_path)
    ev = load_evidence(paths)
    for i, text in enumerate(DANGEROUS):
        ev.claims.loc[i, "claimant"] = text
        ev.events.loc[i, "title"] = text
    ev.sources.loc[0, "title"] = DANGEROUS[0]
    save_evidence(ev, paths)
    raw = _raw_cells(paths.claims)
    assert [r["claimant"] for r in raw[:len(DANGEROUS)]] == ["'" + t for t in DANGEROUS]
    assert _raw_cells(paths.processed / "sources.csv")[0]["title"] == "'" + DANGEROUS[0]
    back = read_processed(paths)
    assert list(back.claims["claimant"][:len(DANGEROUS)]) == DANGEROUS
    assert list(back.events["title"][:len(DANGEROUS)]) == DANGEROUS
    assert back.sources.loc[0, "title"] == DANGEROUS[0]
    assert back.claims["value"].dtype == float and back.claims["value_low"].min() >= 0


def test_figure_data_is_written_spreadsheet_safe(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from kzreport.report.figures import save_figure

    fig, _ = plt.subplots()
    data = pd.DataFrame({"label": DANGEROUS, "value": [-1.5] * len(DANGEROUS)})
    saved = save_figure(fig, name="t", number="1.1", caption="c", alt="a", source="Source: s.", data=data, folder=tmp_path)
    assert [r["label"] for r in _raw_cells(saved.csv)] == ["'" + t for t in DANGEROUS]
    assert {r["value"] for r in _raw_cells(saved.csv)} == {"-1.5"}
    pd.testing.assert_frame_equal(read_exported_csv(saved.csv), data)


def test_a_carriage_return_anywhere_in_a_cell_is_quoted_so_the_row_survives(tmp_path):
    df = pd.DataFrame({"a": ["\rstart", "mid\rdle", 'cr and "quotes"\r'], "b": [1, 2, 3]})
    path = tmp_path / "t.csv"
    write_csv(df, path)
    assert path.read_bytes() == b'a,b\n"\'\rstart",1\n"mid\rdle",2\n"cr and ""quotes""\r",3\n'
    pd.testing.assert_frame_equal(read_exported_csv(path), df)
