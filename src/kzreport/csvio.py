"""Reading hand-edited CSV files: UTF-8 with or without BOM, LF or CRLF, exact line numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from kzreport import cleantext
from kzreport.problems import Problem

LINE = "_line"  # column added to every table read here: the row's line number in the file


def read_csv(path: Path, columns: list[str], optional: list[str] = (), where: str | None = None,
             multiline: list[str] | None = None) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a raw CSV as text columns; return (table or None, problems).

    Every column is text (nothing is guessed). ``_line`` holds the line each row starts on, so
    messages can point at the cell a person sees in a spreadsheet or editor. A line break inside a
    cell is LF even when the file has CRLF. Every cell is checked with
    :func:`kzreport.cleantext.bad_characters` before it is trimmed: control characters and
    bidirectional controls are refused, tab and line breaks too except in the ``multiline``
    columns (``None``: in every column). Those problems come with the table (the other checks still run); the rows they name
    must be kept out of anything cleaned from it.
    """
    where = where or str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return None, [Problem(where, "-", "-", "file not found")]
    if not data.strip():
        return None, [Problem(where, "1", "-", f"file is empty: expected a header row with the columns {', '.join(columns)}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start]
        guess = ""
        try:
            data.decode("cp1252")
            guess = " It decodes as Windows-1252/Latin-1, a legacy spreadsheet encoding."
        except UnicodeDecodeError:
            pass
        return None, [Problem(where, str(line), "-", f"not UTF-8: byte 0x{byte:02x} cannot be decoded.{guess} Re-save the file as 'CSV UTF-8'.")]

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
        rows, lines = [], []
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            if not any(cell.strip() for cell in row):
                continue  # blank line
            rows.append(row)
            lines.append(start)
    except csv.Error as exc:
        return None, [Problem(where, str(reader.line_num), "-", f"not valid CSV: {exc}")]

    problems = []
    missing = [c for c in columns if c not in header]
    for c in missing:
        problems.append(Problem(where, "1", c, "required column is missing from the header row"))
    known = set(columns) | set(optional)
    for c in header:
        if c not in known:
            problems.append(Problem(where, "1", c or "(empty)", f"unknown column (expected: {', '.join(list(columns) + list(optional))})"))
    dupes = {c for c in header if header.count(c) > 1}
    for c in sorted(dupes):
        problems.append(Problem(where, "1", c, "column appears more than once"))
    if problems:
        return None, problems

    width = len(header)
    for row, line in zip(rows, lines):
        if len(row) != width:
            problems.append(Problem(where, str(line), "-", f"row has {len(row)} fields, the header has {width}: check for a stray or missing comma or quote"))
    if problems:
        return None, problems
    rows = [[cell.replace("\r\n", "\n") for cell in row] for row in rows]
    problems = _character_problems(rows, lines, header, where, multiline)
    df = pd.DataFrame(rows, columns=header, dtype=object)
    for c in optional:
        if c not in df.columns:
            df[c] = ""
    df = df.map(lambda v: v.strip() if isinstance(v, str) else v)
    df[LINE] = lines
    return df[[*columns, *optional, LINE]].reset_index(drop=True), problems


def _character_problems(rows: list[list[str]], lines: list[int], header: list[str], where: str,
                        multiline) -> list[Problem]:
    """One problem per cell holding a character :mod:`kzreport.cleantext` refuses, positions as in the cell."""
    problems = []
    allowed_in = ", ".join(multiline or ())
    for row, line in zip(rows, lines):
        for column, cell in zip(header, row):
            lines_ok = multiline is None or column in multiline
            found = cleantext.bad_characters(cell, allow_newlines=lines_ok)
            if found:
                hint = ""
                if not lines_ok and allowed_in and any(b.char in "\t\n" for b in found):
                    hint = f" (tabs and line breaks are allowed only in {allowed_in})"
                problems.append(Problem(where, str(line), column, cleantext.message(found, lines_ok) + hint))
    return problems
