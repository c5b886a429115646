"""The report's downloadable data: the processed tables and every figure's CSV, with a Data Package descriptor.

``OUT/data/processed/*.csv`` are the processed tables the chapters read (``data/processed/``), ``OUT/data/figures/*.csv``
the data of every chart (``figures/``), copied byte for byte; ``OUT/data/datapackage.json`` describes them as a
Frictionless Data Package (https://specs.frictionlessdata.io/data-package/). The fields of the processed tables take
their types and constraints from the project's one column definition, :mod:`kzreport.evidence.schemas` (pandera:
dtype, nullable, unique, allowed values, pattern; a column's ``description`` where the schema gives one); the other
columns' types are read from their values. No creation time is written: the same inputs give the same bytes.

Every CSV is spreadsheet-safe (see :mod:`kzreport.evidence.csvio`): a text cell beginning like a formula carries one
leading ``'``, which the descriptor's fields leave as text.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from kzreport.evidence.problems import writing
from kzreport.report.i18n import N_, gettext

DESCRIPTOR = "datapackage.json"
FOLDERS = ("processed", "figures")  # OUT/data/<folder>/, in this order in the descriptor
LICENSES: list[dict] = []  # the documents' own terms differ and the project states no licence for its tables

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^-?\d+$")
_NUM = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_BOOL = {"True", "False", "true", "false"}
_TITLES = {"claims": N_("Claims: every figure as printed, with its quote, claimant and bounds"),
           "events": N_("Events: every dated event as printed, with its quote"),
           "sources": N_("Sources: the documents, with their checksums"),
           "claimants": N_("Claimants: the short name the report uses for each claimant"),
           "key_events": N_("Key events: the curators' selection of events the report tells"),
           "metrics": N_("Metrics: the label of each thing counted"),
           "places": N_("Places: each place as printed and its one English spelling"),
           "place_coordinates": N_("Place coordinates: the GeoNames id of each place the map draws"),
           "story": N_("Story: what each section of the story chapters tells, and the events and claims it rests on")}
_FIGURE_TITLE = N_("Data of the figure %(name)s")


def resource_title(rel: str, language: str = "en") -> str:
    """The title of the file ``rel`` (``processed/claims.csv``, ``figures/02-1-….csv``) in ``language``: the
    descriptor's own title is the English one; each edition's download list gives it in the edition's words."""
    folder, stem = rel.split("/", 1)[0], Path(rel).stem
    if folder == "processed":
        title = _TITLES.get(stem)
        return gettext(title, language) if title else stem.replace("_", " ").replace("-", " ")
    return gettext(_FIGURE_TITLE, language) % {"name": stem}


@dataclass(frozen=True)
class Resource:
    """One file of the package: its path under ``data/`` and its title (for the report's download list)."""

    path: str
    title: str


def collect(processed: Path, figures: Path) -> dict[str, Path]:
    """The CSVs to publish: ``processed/<name>.csv`` and ``figures/<name>.csv`` -> their files, in order."""
    out: dict[str, Path] = {}
    for folder, src in zip(FOLDERS, (processed, figures)):
        for p in sorted(Path(src).glob("*.csv")):
            out[f"{folder}/{p.name}"] = p
    return out


def copy_files(files: dict[str, Path], target: Path) -> None:
    """Copy the CSVs under ``target`` (``OUT/data`` in a staging folder), at their paths."""
    for rel, src in files.items():
        dst = target / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        with writing(dst):
            shutil.copyfile(src, dst)


def descriptor(files: dict[str, Path], *, name: str, title: str, version: str, description: str = "",
               columns: dict[str, dict] | None = None) -> dict:
    """The Data Package descriptor of ``files`` (path under data/ -> file); ``columns``: :func:`declared_columns`, if
    already known (the build reads it in its evidence step, so that it need not import the schemas itself)."""
    columns = declared_columns() if columns is None else columns
    resources = []
    for rel, path in files.items():
        folder, stem = rel.split("/", 1)[0], Path(rel).stem
        res = {
            "name": _name(f"{folder}-{stem}"),
            "path": rel,
            "title": resource_title(rel),
            "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": _schema(path, columns.get(stem, {}) if folder == "processed" else {}),
        }
        resources.append(res)
    package = {"profile": "tabular-data-package", "name": _name(name), "title": title, "version": version}
    if description:
        package["description"] = description
    if LICENSES:
        package["licenses"] = LICENSES
    package["resources"] = resources
    return package


def write(files: dict[str, Path], target: Path, **meta) -> list[Resource]:
    """Copy ``files`` under ``target`` and write ``target/datapackage.json``; the resources, for the download list."""
    copy_files(files, target)
    package = descriptor(files, **meta)
    text = json.dumps(package, indent=1, ensure_ascii=False, sort_keys=False) + "\n"
    with writing(target / DESCRIPTOR):
        (target / DESCRIPTOR).write_text(text, encoding="utf-8")
    return resources_of(package)


def resources_of(package: dict) -> list[Resource]:
    return [Resource(r["path"], r["title"]) for r in package["resources"]]


def _name(text: str) -> str:
    """A package or resource name as the spec wants it: lower case, digits, '-', '_', '.'."""
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-") or "data"


def _header_and_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return (rows[0], rows[1:]) if rows else ([], [])


_FIELD_KEYS = ("name", "type", "constraints", "title", "description")  # the order a field's keys are written in
_CONSTRAINT_KEYS = ("required", "unique", "enum", "pattern")


def _ordered(d: dict, keys: tuple[str, ...]) -> dict:
    """``d`` with ``keys`` first, in that order, then any other key alphabetically: the descriptor's bytes do not
    depend on the order in which a field's declaration was built (or sorted, when it came from the cache)."""
    return {**{k: d[k] for k in keys if k in d}, **{k: d[k] for k in sorted(d) if k not in keys}}


def _schema(path: Path, declared: dict[str, dict]) -> dict:
    header, rows = _header_and_rows(path)
    fields = []
    for i, col in enumerate(header):
        values = [r[i] for r in rows if i < len(r) and r[i] != ""]
        field = {"name": col, "type": _infer(values), **declared.get(col, {})}
        if "constraints" in field:
            field["constraints"] = _ordered(field["constraints"], _CONSTRAINT_KEYS)
        fields.append(_ordered(field, _FIELD_KEYS))
    return {"fields": fields, "missingValues": [""]}


def _infer(values: list[str]) -> str:
    if not values:
        return "string"
    if all(v in _BOOL for v in values):
        return "boolean"
    if all(_INT.match(v) for v in values):
        return "integer"
    if all(_NUM.match(v) for v in values):
        return "number"
    if all(_ISO_DAY.match(v) for v in values):
        return "date"
    return "string"


_DTYPES = {"float64": "number", "int64": "integer", "bool": "boolean", "str": "string", "string[python]": "string",
           "object": "string"}


def declared_columns() -> dict[str, dict[str, dict]]:
    """Types, constraints and descriptions of the columns of each processed table that has a schema in
    kzreport.evidence.schemas (claims, events), by table and column: plain JSON."""
    from kzreport.evidence import schemas

    return {"claims": _columns_of(schemas.PROCESSED_CLAIMS), "events": _columns_of(schemas.PROCESSED_EVENTS)}


def _columns_of(schema) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for name, col in schema.columns.items():
        field: dict = {}
        kind = _DTYPES.get(str(col.dtype))
        if kind:
            field["type"] = kind
        constraints: dict = {}
        if not col.nullable and kind in ("number", "integer", "boolean"):
            constraints["required"] = True
        if col.unique:
            constraints["unique"] = True
        for check in col.checks:
            stats = getattr(check, "statistics", None) or {}
            if "allowed_values" in stats:
                constraints["enum"] = sorted(str(v) for v in stats["allowed_values"])
            if "pattern" in stats:
                constraints["pattern"] = str(stats["pattern"]).lstrip("^").rstrip("$")
        if constraints:
            field["constraints"] = constraints
        for key in ("title", "description"):
            if getattr(col, key, None):
                field[key] = str(getattr(col, key))
        out[name] = field
    return out
