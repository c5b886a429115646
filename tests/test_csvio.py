from kzreport.csvio import LINE, read_csv

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
