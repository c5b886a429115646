"""The evidence base: source registry, claims and events, checked and cleaned into tidy tables.

``check_and_clean`` reads data/raw, finds every problem at once (schema, ids, sources, numbers,
dates, names, quotes) and returns the processed tables; ``load_evidence`` does the same but
raises :class:`InputError` when anything is wrong; ``check_and_save``, the build's evidence step, writes the
tables when nothing is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from kzreport.config import DataPaths
from kzreport.evidence import curation as curation_mod
from kzreport.evidence import names, parse, quotes, schemas
from kzreport.evidence.csvio import LINE, read_csv, read_exported_csv, write_csv
from kzreport.evidence.problems import InputError, Problem, display_path
from kzreport.evidence.sources import check_registry
from kzreport.evidence.vocab import CORE_METRICS

SOURCE_COLUMNS = ["source_id", "producer", *schemas.translations("producer"), "title", "date_published", "url", "language",
                  "kind", "file", "sha256", "citation_full", *schemas.translations("citation_full")]
RAW_CLAIM_COLUMNS = ["claim_id", "source_id", "claimant", "claimant_type", "metric", "value_text", "unit", "location",
                     "reported_on", "period_start", "period_end", "quote", "quote_en", "note", *schemas.translations("note"),
                     *schemas.translations("unit")]
# The curator's own reading of a figure: needed when value_text cannot be read, checked when it can.
RAW_CLAIM_OPTIONAL = ["value", "qualifier", "value_low", "value_high", "same_as", "judgements"]
# Free-text columns that may hold tabs and several lines; every other cell is one line.
MULTILINE_COLUMNS = ["quote", "quote_en", "note", *schemas.translations("note")]
RAW_EVENT_COLUMNS = ["event_id", "source_id", "date_text", "date", "title", "category", "location", "quote", "quote_en", "note",
                     *schemas.translations("title", "note")]

CLAIM_COLUMNS = ["claim_id", "source_id", "claimant", *schemas.translations("claimant"), "claimant_type", "metric", "value",
                 "qualifier", "value_low", "value_high", "is_vague", "unit", *schemas.translations("unit"), "reported_on",
                 "period_start", "period_end", "location", *schemas.translations("location"), "quote", "quote_en",
                 "value_text", "location_as_printed", "is_core_metric", "quote_match", "note",
                 *schemas.translations("note"), "same_as", "judgements"]
EVENT_COLUMNS = ["event_id", "date", "date_precision", "title", *schemas.translations("title"), "category", "location",
                 *schemas.translations("location"),
                 "source_id", "quote", "quote_en", "date_text", "is_date_checked", "location_as_printed", "quote_match", "note",
                 *schemas.translations("note")]


@dataclass
class Evidence:
    sources: pd.DataFrame
    claims: pd.DataFrame
    events: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    curation: curation_mod.Curation = field(default_factory=curation_mod.Curation)  # the curators' lists


# ---------------------------------------------------------------------------- sources
def _sources_frame(sources) -> pd.DataFrame:
    # a producer's name in another language is an optional field of the registry (producer_de), '' where not given
    return pd.DataFrame([{c: getattr(s, c) if hasattr(s, c) else dict(s.extra).get(c, "") for c in SOURCE_COLUMNS}
                         for s in sources], columns=SOURCE_COLUMNS)


@lru_cache(maxsize=32)
def _source_text(path: str, sha256: str) -> str:  # keyed by checksum: a changed file is re-read
    with open(path, encoding="utf-8") as fh:
        return fh.read()


# ---------------------------------------------------------------------------- helpers
def _iso_date(text: str) -> tuple[str | None, str | None, str | None]:
    """(first day as ISO, precision, error) for YYYY-MM-DD / YYYY-MM / YYYY text."""
    fmt = {10: ("%Y-%m-%d", "day"), 7: ("%Y-%m", "month"), 4: ("%Y", "year")}.get(len(text))
    if fmt is None:
        return None, None, f"{text!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)"
    try:
        day = dt.datetime.strptime(text, fmt[0]).date()
    except ValueError:
        return None, None, f"{text!r} is not a real date"
    return day.isoformat(), fmt[1], None


def _number(text: str) -> float | None:
    """A number typed by hand in value/value_low/value_high: plain digits, '.' for decimals."""
    if text == "":
        return None
    return int(text) if text.isdigit() else float(text)


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return "empty"
    return str(int(v)) if float(v).is_integer() else str(v)


def match_quotes(tables: list[tuple[pd.DataFrame, str]], registry: dict, paths: DataPaths) -> dict[tuple[str, int], quotes.QuoteMatch]:
    """Match every quote of the given tables against its source, one source at a time.

    Grouping by source keeps each source's normalised forms in the cache while its quotes are
    checked, so the work grows linearly with the number of rows, not with rows × sources.
    Returns (table name, row position) -> match, for rows whose source is registered and whose file
    passed the registry's checks: a refused, missing or undecodable file is never read here.
    """
    jobs = [(sid, name, i, quote) for df, name in tables for i, (sid, quote) in enumerate(zip(df["source_id"], df["quote"]))
            if sid in registry and not registry[sid].file_problem and quote]
    jobs.sort(key=lambda j: j[0])
    out = {}
    texts: dict[str, str] = {}  # the text of the source being matched (jobs come grouped by source)
    for sid, name, i, quote in jobs:
        if sid not in texts:
            texts.clear()
            quotes.clear_cache()  # the previous source's normalised forms are no longer needed
            src = registry[sid]
            texts[sid] = _source_text(str(src.path(paths)), src.sha256)
        out[(name, i)] = quotes.match_quote(quote, texts[sid])
    quotes.clear_cache()
    _source_text.cache_clear()
    return out


def _check_quote(row, match, registry, where, idcol) -> tuple[str | None, list[Problem]]:
    """(quote_match, problems); ``None`` keeps the row out of the processed table.

    A row whose source file was refused or cannot be read gets no message of its own (the
    registry's one line says why) and is left out: nothing of that file is compared or shown.
    """
    line = str(row[LINE])
    sid = row["source_id"]
    if sid not in registry:
        return None, [Problem(where, line, "source_id", f"unknown source_id {sid!r} (registered: {', '.join(sorted(registry))})")]
    if match is None:  # source file unusable (reported on the registry) or empty quote (reported by the schema)
        return None, []
    if not match.found:
        advice = f" {match.advice}" if match.advice else ""
        return None, [Problem(where, line, "quote", f"{row[idcol]}: quote not found in {registry[sid].file}.{advice} "
                                                    f"Closest passage: “{match.closest}”")]
    return ";".join(match.steps) if match.steps else "verbatim", []


def _check_place(row, where, places: names.Places | None) -> tuple[str, list[Problem]]:
    if places is None:
        return row["location"], []
    try:
        return places.canonical(row["location"]), []
    except names.UnknownNameError as exc:
        return row["location"], [Problem(where, str(row[LINE]), "location", str(exc))]


def _records(df: pd.DataFrame) -> list[dict]:
    """The rows of a raw table as dicts of column -> cell (what ``iterrows`` gives, without a Series per row)."""
    return df.to_dict("records")


def _duplicates(df: pd.DataFrame, idcol: str, where: str) -> list[Problem]:
    out, first = [], {}
    for key, line in zip(df[idcol], df[LINE]):
        if not key:
            continue
        if key in first:
            out.append(Problem(where, str(line), idcol, f"duplicate {idcol} {key!r} (first used on line {first[key]})"))
        else:
            first[key] = line
    return out


# ---------------------------------------------------------------------------- claims
def _quantity(row, where) -> tuple[dict | None, list[Problem]]:
    """Value, qualifier and bounds of one claim: parsed from value_text, cross-checked with any by-hand reading."""
    line = str(row[LINE])
    given = {}
    problems = []
    for col in ("value", "value_low", "value_high"):
        try:
            given[col] = _number(row[col])
        except ValueError:
            problems.append(Problem(where, line, col, f"{row[col]!r} is not a number (write digits with '.' for decimals, e.g. 7.5)"))
    given["qualifier"] = row["qualifier"] or None
    if problems:
        return None, problems
    try:
        q = parse.parse_quantity(row["value_text"])
        parsed = {"value": q.value, "qualifier": q.qualifier, "value_low": q.low, "value_high": q.high, "is_vague": q.is_vague}
    except parse.ParseError as exc:
        parsed = None
        reason = str(exc)
    if parsed is not None:
        for col in ("value", "qualifier", "value_low", "value_high"):
            if given[col] is not None and given[col] != parsed[col]:
                problems.append(Problem(
                    where, line, col,
                    f"{_fmt(given[col]) if col != 'qualifier' else given[col]} contradicts value_text {row['value_text']!r}, "
                    f"which reads as {parsed['qualifier']} value {_fmt(parsed['value'])}, "
                    f"value_low {_fmt(parsed['value_low'])}, value_high {_fmt(parsed['value_high'])}; "
                    "correct it or leave it empty"))
        return (None if problems else parsed), problems
    # value_text cannot be read: the by-hand reading must be complete and consistent.
    if given["qualifier"] is None or all(given[c] is None for c in ("value", "value_low", "value_high")):
        return None, [Problem(where, line, "value_text",
                              f"cannot read {row['value_text']!r} ({reason}); give qualifier and value or value_low/value_high by hand")]
    reading = {**given, "is_vague": given["value"] is None}
    if given["value"] is not None and given["value_low"] is None and given["value_high"] is None:
        # Bounds left empty: they follow from the qualifier by the parser's own rule.
        reading["value_low"], reading["value_high"] = parse.bounds_for(given["value"], given["qualifier"])
    for message in _bounds_problems(tuple(reading.items())):
        problems.append(Problem(where, line, "value_low/value_high", f"{message}: qualifier {given['qualifier']}, value {_fmt(given['value'])}, "
                                f"value_low {_fmt(given['value_low'])}, value_high {_fmt(given['value_high'])}"))
    problems = list(dict.fromkeys(problems))  # one line per finding, however many columns it spans
    return (None if problems else reading), problems


# The processed schema's table-wide checks (bounds vs value vs qualifier), for one by-hand reading.
_BOUNDS_ONLY = schemas.pa.DataFrameSchema(checks=list(schemas.PROCESSED_CLAIMS.checks))


@lru_cache(maxsize=1024)
def _bounds_problems(reading: tuple[tuple[str, object], ...]) -> tuple[str, ...]:
    """The messages of :data:`_BOUNDS_ONLY` for one by-hand reading (its items): the same reading is checked once."""
    frame = pd.DataFrame([dict(reading)]).astype({"value": float, "value_low": float, "value_high": float})
    return tuple(p.message for p in schemas.problems_from(_BOUNDS_ONLY, frame, "", row_label=lambda _i: ""))


_NO_PLACES = object()


def _places(paths: DataPaths, places) -> names.Places | None:
    """The places to check locations against: given, or read from the curation folder."""
    return curation_mod.read_curation(paths)[0].place_index() if places is _NO_PLACES else places


def _same_as(raw: pd.DataFrame, where: str) -> list[Problem]:
    """``same_as`` names another claim of the table (the passage this one repeats)."""
    ids = set(raw["claim_id"])
    out = []
    for target, claim_id, line in zip(raw["same_as"], raw["claim_id"], raw[LINE]):
        if target and (target not in ids or target == claim_id):
            why = "is the claim itself" if target == claim_id else "is no claim_id of this table"
            out.append(Problem(where, str(line), "same_as", f"{target!r} {why}: name the claim this one repeats, or leave it empty"))
    return out


def clean_claims(raw: pd.DataFrame, registry: dict, paths: DataPaths, where: str, matches=None,
                 rejected=frozenset(), places=_NO_PLACES) -> tuple[pd.DataFrame, list[Problem]]:
    """The processed claims and every problem; rows on a line in ``rejected`` (already reported) are left out."""
    matches = matches if matches is not None else match_quotes([(raw, "claims")], registry, paths)
    places = _places(paths, places)
    problems = schemas.problems_from(schemas.RAW_CLAIMS, raw, where)
    problems += _duplicates(raw, "claim_id", where)
    problems += _same_as(raw, where)
    bad_cells = {(p.row, p.column) for p in problems}
    rows = []
    for i, row in enumerate(_records(raw)):
        line = str(row[LINE])
        row_problems = []
        match, ps = _check_quote(row, matches.get(("claims", i)), registry, where, "claim_id")
        row_problems += ps
        if row["value_text"] and row["quote"] and quotes.normalize(row["value_text"]) not in quotes.normalize(row["quote"]):
            row_problems.append(Problem(where, line, "value_text", f"{row['value_text']!r} does not occur in the quote"))
        q, ps = _quantity(row, where)
        row_problems += ps
        location, ps = _check_place(row, where, places)
        row_problems += ps
        dates = {}
        for col in ("reported_on", "period_start", "period_end"):
            if row[col] and (line, col) not in bad_cells:
                first, _, err = _iso_date(row[col])
                if err:
                    row_problems.append(Problem(where, line, col, err))
                dates[col] = first
        if dates.get("period_start") and dates.get("period_end") and dates["period_start"] > dates["period_end"]:
            row_problems.append(Problem(where, line, "period_end", f"{row['period_end']} is before period_start {row['period_start']}"))
        problems += row_problems
        if row_problems or q is None or match is None or line in rejected:
            continue
        rows.append({
            **{c: row[c] for c in ("claim_id", "source_id", "claimant", "claimant_type", "metric", "unit", "reported_on",
                                   "quote", "quote_en", "value_text", "note", "same_as", "judgements",
                                   *schemas.translations("note", "unit"))},
            **q,
            "period_start": row["period_start"] or None,
            "period_end": row["period_end"] or None,
            "location": location,
            "location_as_printed": row["location"],
            "is_core_metric": row["metric"] in CORE_METRICS,
            "quote_match": match,
        })
    claims = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    claims = claims.astype({"value": float, "value_low": float, "value_high": float, "is_vague": bool, "is_core_metric": bool})
    return claims, problems


# ---------------------------------------------------------------------------- events
def clean_events(raw: pd.DataFrame, registry: dict, paths: DataPaths, where: str, matches=None,
                 rejected=frozenset(), places=_NO_PLACES) -> tuple[pd.DataFrame, list[Problem]]:
    """The processed events and every problem; rows on a line in ``rejected`` (already reported) are left out."""
    matches = matches if matches is not None else match_quotes([(raw, "events")], registry, paths)
    places = _places(paths, places)
    problems = schemas.problems_from(schemas.RAW_EVENTS, raw, where)
    problems += _duplicates(raw, "event_id", where)
    bad_cells = {(p.row, p.column) for p in problems}
    rows = []
    for i, row in enumerate(_records(raw)):
        line = str(row[LINE])
        row_problems = []
        match, ps = _check_quote(row, matches.get(("events", i)), registry, where, "event_id")
        row_problems += ps
        if row["date_text"] and row["quote"] and quotes.normalize(row["date_text"]) not in quotes.normalize(row["quote"]):
            row_problems.append(Problem(where, line, "date_text", f"{row['date_text']!r} does not occur in the quote"))
        precision, checked = None, False
        if (line, "date") not in bad_cells:
            _, precision, err = _iso_date(row["date"])
            if err:
                row_problems.append(Problem(where, line, "date", err))
            elif row["date_text"]:
                try:
                    read, read_precision = parse.parse_date(row["date_text"], default_year=int(row["date"][:4]))
                except parse.ParseError:
                    read = None  # a relative date ("am Sonntag") resolved by hand: kept, marked unchecked
                if read is not None:
                    checked = True
                    if read != row["date"]:
                        hint = ("never write a more precise date than the text gives"
                                if len(row["date"]) > len(read) and row["date"].startswith(read) else "correct date or date_text")
                        row_problems.append(Problem(
                            where, line, "date",
                            f"{row['date']} does not match date_text {row['date_text']!r}, which reads as {read} ({read_precision}); {hint}"))
        location, ps = _check_place(row, where, places)
        row_problems += ps
        problems += row_problems
        if row_problems or precision is None or match is None or line in rejected:
            continue
        rows.append({
            **{c: row[c] for c in ("event_id", "date", "title", "category", "source_id", "quote", "quote_en", "date_text", "note",
                                   *schemas.translations("title", "note"))},
            "date_precision": precision,
            "is_date_checked": checked,
            "location": location,
            "location_as_printed": row["location"],
            "quote_match": match,
        })
    events = pd.DataFrame(rows, columns=EVENT_COLUMNS).astype({"is_date_checked": bool})
    return events, problems


# ---------------------------------------------------------------------------- all together
def _place_names(df: pd.DataFrame, cur: curation_mod.Curation) -> pd.DataFrame:
    """``location`` in each edition's language (``location_de`` …): each place of the English list ("Taraz; Kyzylorda")
    by its name in places.csv (``place_de`` …); empty where the location is, or where places.csv names no such place."""
    for twin in schemas.translations("location"):
        names = cur.place_names(twin.removeprefix("location_"))
        df[twin] = [("; ".join(names.get(p, "") for p in loc.split("; ")) if loc and all(p in names for p in loc.split("; "))
                     else "") for loc in df["location"].fillna("")]
    return df


def check_and_clean(paths: DataPaths) -> Evidence:
    """Read everything under ``paths.raw``, check it, clean it; every problem is collected."""
    base = paths.root.parent
    sources, problems = check_registry(paths)
    cur, ps = curation_mod.read_curation(paths)
    problems += ps
    # With places.csv in error, no location is checked (its own problems say what to fix first).
    places = None if any(p.file.endswith("places.csv") for p in ps) else cur.place_index()
    registry = {s.source_id: s for s in sources}
    # A source whose checksum failed is still used for quote checks (its problem is already reported);
    # one whose file is refused, missing or not UTF-8 is not: its rows stay out of the tables.
    where_c = display_path(paths.raw_claims, base)
    raw_claims, ps = read_csv(paths.raw_claims, RAW_CLAIM_COLUMNS, RAW_CLAIM_OPTIONAL, where_c, MULTILINE_COLUMNS)
    problems += ps
    rejected_claims = {p.row for p in ps}  # with a table, read_csv's problems are cells with refused characters
    where_e = display_path(paths.raw_events, base)
    raw_events, ps_events = read_csv(paths.raw_events, RAW_EVENT_COLUMNS, (), where_e, MULTILINE_COLUMNS)
    if raw_claims is not None:
        problems += schemas.translation_problems(raw_claims, ["note", "unit"], where_c)
    if raw_events is not None:
        ps_events += schemas.translation_problems(raw_events, ["title", "note"], where_e)
    tables = [(df, name) for df, name in ((raw_claims, "claims"), (raw_events, "events")) if df is not None]
    matches = match_quotes(tables, registry, paths)
    claims = pd.DataFrame(columns=CLAIM_COLUMNS)
    if raw_claims is not None:
        claims, ps = clean_claims(raw_claims, registry, paths, where_c, matches, rejected_claims, places)
        problems += ps
        for twin in schemas.translations("claimant"):  # each claimant's name in each edition's language (claimants.csv)
            claims[twin] = claims["claimant"].map(dict(zip(cur.claimants["claimant"], cur.claimants[twin]))).fillna("")
        claims = _place_names(claims, cur)
    problems += ps_events
    events = pd.DataFrame(columns=EVENT_COLUMNS)
    if raw_events is not None:
        events, ps = clean_events(raw_events, registry, paths, where_e, matches, {p.row for p in ps_events}, places)
        problems += ps
        events = _place_names(events, cur)
    if raw_claims is not None and raw_events is not None:
        problems += curation_mod.cross_check(cur, paths, set(raw_events["event_id"]), set(raw_claims["claimant"]),
                                             set(raw_claims["claim_id"]), set(claims["claimant"]))
    if not problems:
        # The contract the chapters rely on: a failure here is a bug in the cleaning code.
        problems += schemas.problems_from(schemas.PROCESSED_CLAIMS, claims, "data/processed/claims.csv",
                                          row_label=lambda i: str(claims.loc[i, "claim_id"]))
        problems += schemas.problems_from(schemas.PROCESSED_EVENTS, events, "data/processed/events.csv",
                                          row_label=lambda i: str(events.loc[i, "event_id"]))
    return Evidence(_sources_frame(sources), claims, events, problems, cur)


def load_evidence(paths: DataPaths) -> Evidence:
    ev = check_and_clean(paths)
    if ev.problems:
        raise InputError(ev.problems)
    return ev


def save_evidence(ev: Evidence, paths: DataPaths) -> None:
    """Write the processed tables (deterministic bytes: LF line ends, fixed column order).

    Written with :func:`kzreport.evidence.csvio.write_csv`: a text cell that a spreadsheet would run as a
    formula is prefixed with ``'`` (see data/README.md); :func:`read_processed` removes it again.
    """
    paths.processed.mkdir(parents=True, exist_ok=True)
    write_csv(ev.sources, paths.processed / "sources.csv")
    write_csv(ev.claims, paths.claims)
    write_csv(ev.events, paths.events)
    curation_mod.save(ev.curation, paths, write_csv)


def check_and_save(paths: DataPaths) -> list[Problem]:
    """The evidence step of every build: check every input under ``paths.raw`` and, only when nothing is wrong,
    write the processed tables to ``paths.processed``. Returns the problems found (none: the tables were written)."""
    ev = check_and_clean(paths)
    if not ev.problems:
        save_evidence(ev, paths)
    return ev.problems


def read_processed(paths: DataPaths) -> Evidence:
    """The processed tables as the notebooks read them (written by the build's evidence step), with the original text.

    Read with :func:`kzreport.evidence.csvio.read_exported_csv`, which undoes the spreadsheet-safe prefix.
    """
    missing = [p for p in (paths.processed / "sources.csv", paths.claims, paths.events) if not p.is_file()]
    if missing:
        raise FileNotFoundError(
            f"{', '.join(map(str, missing))} not found: run `make report` first (the build checks data/raw and writes them)")
    sources = read_exported_csv(paths.processed / "sources.csv", dtype=str, keep_default_na=False)
    claims = read_exported_csv(paths.claims, dtype={c: str for c in CLAIM_COLUMNS if c not in ("value", "value_low", "value_high", "is_vague", "is_core_metric")},
                         keep_default_na=False, na_values={"value": [""], "value_low": [""], "value_high": [""]})
    for col in ("period_start", "period_end"):
        claims[col] = claims[col].replace("", None)
    events = read_exported_csv(paths.events, dtype={c: str for c in EVENT_COLUMNS if c != "is_date_checked"}, keep_default_na=False)
    return Evidence(sources, claims.astype({"is_vague": bool, "is_core_metric": bool}), events.astype({"is_date_checked": bool}),
                    curation=curation_mod.read(paths, read_exported_csv))
