"""Declarative checks on the raw and processed tables (pandera).

Raw tables are text as typed by a person; their schemas check shape and vocabulary. Processed
tables are the contract the chapters read; their schemas check types and that bounds agree with
the value and qualifier. :func:`problems_from` turns pandera's findings into one Problem per cell.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from kzreport.evidence.csvio import LINE
from kzreport.evidence.problems import Problem
from kzreport.evidence.vocab import CLAIMANT_TYPES, DATE_PRECISIONS, EVENT_CATEGORIES, JUDGEMENTS, QUALIFIERS

ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
ID = r"^[A-Za-z0-9_.\-]+$"
SNAKE = r"^[a-z][a-z0-9_]*$"


def _filled() -> pa.Check:
    return pa.Check(lambda s: s.str.len() > 0, error="must not be empty")


def _one_of(values) -> pa.Check:
    values = list(values)
    return pa.Check.isin(values, error=f"must be one of: {', '.join(values)}")


def _blank_or(pattern: str, what: str) -> pa.Check:
    return pa.Check(lambda s: (s == "") | s.str.fullmatch(pattern), error=f"must be {what} or empty")


def _text(*checks: pa.Check) -> pa.Column:
    return pa.Column(str, checks=list(checks), nullable=False)


# The languages the curators' English text is translated into, for the report's other editions: each translated
# column X has a twin X_<lang> beside it (title_de beside title), filled exactly where X is (translation_problems).
TRANSLATED_INTO = ("de",)


def translations(*names: str) -> list[str]:
    """The twins of the translated columns ``names``: ``translations("title", "note")`` -> ['title_de', 'note_de']."""
    return [f"{n}_{lang}" for n in names for lang in TRANSLATED_INTO]


def translation_problems(df: pd.DataFrame, names, where: str, row_label=None) -> list[Problem]:
    """One problem per cell where a translated column and its twin disagree: the English given and the German
    empty (or the other way round)."""
    out = []
    for name in names:
        for lang in TRANSLATED_INTO:
            twin = f"{name}_{lang}"
            if name not in df.columns or twin not in df.columns:
                continue
            has_en, has_tr = df[name].str.strip() != "", df[twin].str.strip() != ""
            for idx in df.index[has_en != has_tr]:
                row = row_label(idx) if row_label else str(df.loc[idx, LINE]) if LINE in df.columns else str(idx)
                msg = (f"empty, but {name} is not: give its translation ({lang})" if has_en[idx]
                       else f"{name} is empty, so its translation ({lang}) must be too")
                out.append(Problem(where, row, twin, msg))
    return out


RAW_CLAIMS = pa.DataFrameSchema(
    {
        "claim_id": _text(_filled(), pa.Check.str_matches(ID, error="must be letters, digits, '_', '-' or '.'")),
        "source_id": _text(_filled()),
        "claimant": _text(_filled()),
        "claimant_type": _text(_one_of(CLAIMANT_TYPES)),
        "metric": _text(pa.Check.str_matches(SNAKE, error="must be a snake_case name such as killed or csto_troops")),
        "value_text": _text(_filled()),
        "unit": _text(_filled()),
        "location": _text(),
        "reported_on": _text(pa.Check.str_matches(ISO_DATE, error="must be an ISO date: YYYY-MM-DD, YYYY-MM or YYYY")),
        "period_start": _text(_blank_or(ISO_DATE, "an ISO date")),
        "period_end": _text(_blank_or(ISO_DATE, "an ISO date")),
        "quote": _text(_filled()),
        "quote_en": _text(_filled()),
        "note": _text(),
        "note_de": _text(),
        "unit_de": _text(),
        "value": _text(),
        "qualifier": _text(_blank_or("|".join(QUALIFIERS), f"one of {', '.join(QUALIFIERS)}")),
        "value_low": _text(),
        "value_high": _text(),
        "same_as": _text(_blank_or(ID, "a claim_id")),
        "judgements": _text(pa.Check(
            lambda s: s.map(lambda v: all(code in JUDGEMENTS for code in v.split(";")) if v else True),
            error=f"must be judgement codes separated by ';', each one of: {', '.join(JUDGEMENTS)}")),
    },
    strict=False,
)

RAW_EVENTS = pa.DataFrameSchema(
    {
        "event_id": _text(_filled(), pa.Check.str_matches(ID, error="must be letters, digits, '_', '-' or '.'")),
        "source_id": _text(_filled()),
        "date_text": _text(_filled()),
        "date": _text(pa.Check.str_matches(ISO_DATE, error="must be an ISO date: YYYY-MM-DD, YYYY-MM or YYYY")),
        "title": _text(_filled()),
        "category": _text(_one_of(EVENT_CATEGORIES)),
        "location": _text(),
        "quote": _text(_filled()),
        "quote_en": _text(_filled()),
        "note": _text(),
        "title_de": _text(_filled()),
        "note_de": _text(),
    },
    strict=False,
)


def _bounds_agree(df: pd.DataFrame) -> pd.Series:
    v, lo, hi, q = df["value"], df["value_low"], df["value_high"], df["qualifier"]
    ok = (lo.isna() | hi.isna() | (lo <= hi))
    ok &= v.isna() | lo.isna() | (lo <= v) | (q == "more_than")
    ok &= v.isna() | hi.isna() | (v <= hi) | (q == "almost")
    return ok


def _qualifier_agrees(df: pd.DataFrame) -> pd.Series:
    v, lo, hi, q = df["value"], df["value_low"], df["value_high"], df["qualifier"]
    has_v = v.notna()
    ok = pd.Series(True, index=df.index)
    ok &= ~((q == "exact") & has_v) | ((lo == v) & (hi == v))
    ok &= ~((q == "exact") & ~has_v) | (lo.notna() & hi.notna())
    ok &= ~(q == "at_least") | (hi.isna() & lo.notna() & (~has_v | (lo == v)))
    ok &= ~(q == "more_than") | (hi.isna() & lo.notna() & (~has_v | (lo > v) | (lo == v)))
    ok &= ~(q == "about") | (lo.isna() & hi.isna())
    ok &= ~(q == "almost") | (lo.isna() & hi.notna() & (~has_v | (hi <= v)))
    ok &= ~(q == "up_to") | (lo.isna() & hi.notna() & (~has_v | (hi == v)))
    return ok


PROCESSED_CLAIMS = pa.DataFrameSchema(
    {
        "claim_id": pa.Column(str, pa.Check.str_matches(ID), unique=True),
        "source_id": pa.Column(str),
        "claimant": pa.Column(str, _filled()),
        "claimant_de": pa.Column(str, _filled()),
        "claimant_type": pa.Column(str, _one_of(CLAIMANT_TYPES)),
        "metric": pa.Column(str, pa.Check.str_matches(SNAKE)),
        "value": pa.Column(float, nullable=True),
        "qualifier": pa.Column(str, _one_of(QUALIFIERS)),
        "value_low": pa.Column(float, nullable=True),
        "value_high": pa.Column(float, nullable=True),
        "is_vague": pa.Column(bool),
        "unit": pa.Column(str, _filled()),
        "reported_on": pa.Column(str, pa.Check.str_matches(ISO_DATE)),
        "period_start": pa.Column(str, pa.Check.str_matches(ISO_DATE), nullable=True),
        "period_end": pa.Column(str, pa.Check.str_matches(ISO_DATE), nullable=True),
        "location": pa.Column(str),
        "quote": pa.Column(str, _filled()),
        "quote_en": pa.Column(str, _filled()),
        "note": pa.Column(str),
        "note_de": pa.Column(str),
    },
    checks=[
        pa.Check(_bounds_agree, error="value_low <= value <= value_high must hold"),
        pa.Check(_qualifier_agrees, error="bounds must follow from the qualifier (see data/README.md)"),
        pa.Check(lambda df: df["value"].notna() | df["value_low"].notna() | df["value_high"].notna(),
                 error="a claim needs a value or at least one bound"),
    ],
    strict=False,
    ordered=False,
)

PROCESSED_EVENTS = pa.DataFrameSchema(
    {
        "event_id": pa.Column(str, pa.Check.str_matches(ID), unique=True),
        "date": pa.Column(str, pa.Check.str_matches(ISO_DATE)),
        "date_precision": pa.Column(str, _one_of(DATE_PRECISIONS)),
        "title": pa.Column(str, _filled()),
        "title_de": pa.Column(str, _filled()),
        "category": pa.Column(str, _one_of(EVENT_CATEGORIES)),
        "location": pa.Column(str),
        "source_id": pa.Column(str),
        "quote": pa.Column(str, _filled()),
        "note": pa.Column(str),
        "note_de": pa.Column(str),
    },
    checks=[
        pa.Check(lambda df: df["date"].str.len() == df["date_precision"].map({"day": 10, "month": 7, "year": 4}),
                 error="date_precision must match the date's form (day: YYYY-MM-DD, month: YYYY-MM, year: YYYY)"),
    ],
    strict=False,
    ordered=False,
)


def problems_from(schema: pa.DataFrameSchema, df: pd.DataFrame, where: str, row_label=None) -> list[Problem]:
    """Validate ``df`` and return one Problem per failing cell (never raises for data errors)."""
    try:
        schema.validate(df, lazy=True)
        return []
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    problems = []
    for _, case in cases.iterrows():
        idx = case.get("index")
        column = case.get("column")
        if pd.isna(idx):
            row = "1" if case.get("schema_context") == "DataFrameSchema" else "-"
        else:
            idx = int(idx)
            row = row_label(idx) if row_label else (str(df.loc[idx, LINE]) if LINE in df.columns else str(idx))
        if column is None or (not isinstance(column, str) and pd.isna(column)):
            column = "-"
        check = str(case.get("check"))
        failure = case.get("failure_case")
        if column == "-" or case.get("schema_context") == "DataFrameSchema":
            message = check
        else:
            message = f"{check} (got {failure!r})"
        problems.append(Problem(where, row, str(column), message))
    return sorted(set(problems), key=lambda p: (_as_int(p.row), p.column, p.message))


def _as_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 10**9
