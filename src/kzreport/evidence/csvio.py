"""CSV files in and out.

In: hand-edited raw tables (:func:`read_csv`): UTF-8 with or without BOM, LF or CRLF, exact line
numbers, every cell checked for characters that do not belong in text.

Out: every CSV the build writes (processed tables, figure data) goes through :func:`write_csv`,
which keeps a spreadsheet from running a cell as a formula (CSV injection, see OWASP's "CSV
Injection" guidance): a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a single quote ``'`` in front. So does a text cell that already begins with ``'``, so
that the rule can be undone exactly: :func:`read_exported_csv` removes one leading ``'`` from
every text cell. Numbers in numeric columns are written as numbers (``-2.5`` in a float column
stays ``-2.5``); a number held as text in a text column is text and is prefixed like any text.
"""

from __future__ import annotations

import csv
import io
import numbers
from pathlib import Path

import pandas as pd

from kzreport.evidence import cleantext
from kzreport.evidence.problems import Problem

LINE = "_line"  # column added to every table read here: the row's line number in the file

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell that begins with one of these is one a spreadsheet may run as a formula."""
ESCAPE = "'"


def neutralise(value):
    """``value`` as :func:`write_csv` writes it: ``'`` put in front of text that starts like a formula or with ``'``.

    Numbers, booleans and empty values are returned unchanged; any other object (a date, a path)
    is written as its text, so it is judged by that text.
    """
    if value is None or isinstance(value, numbers.Number):  # bool and numpy numbers are Numbers too
        return value
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_STARTS) or text.startswith(ESCAPE):
        return ESCAPE + text
    return value


def unneutralise(value):
    """The inverse of :func:`neutralise` for a cell read back: one leading ``'`` removed from text."""
    return value[1:] if isinstance(value, str) and value.startswith(ESCAPE) else value


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Write ``df`` as the project writes every CSV: UTF-8, LF line ends, no index, formulas neutralised.

    Text cells (and header names) go through :func:`neutralise`; numeric and boolean columns are
    written as pandas writes them. Bytes are deterministic: a cell that needs no prefix is written
    exactly as ``df.to_csv(path, index=False, lineterminator="\n")`` writes it.
    """
    out = df.copy(deep=False)
    text_columns = [c for c in out.columns
                    if not (pd.api.types.is_numeric_dtype(out[c]) or pd.api.types.is_bool_dtype(out[c]))]
    for column in text_columns:
        out[column] = out[column].map(neutralise)
    out.columns = [neutralise(c) for c in out.columns]
    cells = [v for c in text_columns for v in out[c] if isinstance(v, str)] + [c for c in out.columns if isinstance(c, str)]
    if not any("\r" in v for v in cells):
        out.to_csv(path, index=False, lineterminator="\n")
        return
    # Python's csv writer quotes a cell for the characters of the line terminator only, so with LF
    # a carriage return would be written bare and read back as a line end. Give each CR a stand-in
    # with a '"' (which makes the writer quote the cell), and put the CR back into the output.
    mark = next(chr(c) for c in range(0xE000, 0xF900) if not any(chr(c) in v for v in cells))
    swap = lambda v: v.replace("\r", mark + '"') if isinstance(v, str) else v  # noqa: E731
    for column in text_columns:
        out[column] = out[column].map(swap)
    out.columns = [swap(c) for c in out.columns]
    text = out.to_csv(None, index=False, lineterminator="\n")
    Path(path).write_bytes(text.replace(mark + '""', "\r").encode("utf-8"))


def read_exported_csv(path: Path, **kwargs) -> pd.DataFrame:
    """Read a CSV written by :func:`write_csv` back to the text that was written (``pd.read_csv`` keywords).

    One leading ``'`` is removed from every text cell and header name, so ``=SUM(1)`` comes back as
    ``=SUM(1)`` and ``'quoted'`` as ``'quoted'``. Columns read as numbers are left alone.
    """
    df = pd.read_csv(path, **kwargs)
    df.columns = [unneutralise(c) for c in df.columns]
    for column in df.columns:
        if pd.api.types.is_object_dtype(df[column]) or pd.api.types.is_string_dtype(df[column]):
            df[column] = df[column].map(unneutralise)
    return df


def read_csv(path: Path, columns: list[str], optional: list[str] = (), where: str | None = None,
             multiline: list[str] | None = None) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a raw CSV as text columns; return (table or None, problems).

    Every column is text (nothing is guessed). ``_line`` holds the line each row starts on, so
    messages can point at the cell a person sees in a spreadsheet or editor. A line break inside a
    cell is LF even when the file has CRLF. Every cell is checked with
    :func:`kzreport.evidence.cleantext.bad_characters` before it is trimmed: control characters and
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
    """One problem per cell holding a character :mod:`kzreport.evidence.cleantext` refuses, positions as in the cell."""
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
