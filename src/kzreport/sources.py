"""The registry of vendored source documents (data/raw/sources.yaml) and their texts."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from kzreport.config import DataPaths
from kzreport.problems import InputError, Problem, display_path

REQUIRED_FIELDS = (
    "source_id", "producer", "title", "date_published", "url", "language", "kind", "file", "sha256", "citation_full",
)
SOURCE_KINDS = ("ngo", "intergovernmental", "research", "activist", "media", "official", "foreign_government")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Source:
    source_id: str
    producer: str
    title: str
    date_published: str
    url: str
    language: str
    kind: str
    file: str
    sha256: str
    citation_full: str
    extra: tuple[tuple[str, str], ...] = ()

    def path(self, paths: DataPaths) -> Path:
        return paths.raw / self.file


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def check_registry(paths: DataPaths) -> tuple[list[Source], list[Problem]]:
    """Read the registry and check every record and checksum; return what loaded and every problem."""
    reg = paths.sources_registry
    where = display_path(reg, paths.root.parent)
    try:
        doc = yaml.safe_load(reg.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [], [Problem(where, "-", "-", "source registry not found: create it (see data/README.md)")]
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return [], [Problem(where, "-", "-", f"cannot be read as UTF-8 YAML: {exc}")]
    records = (doc or {}).get("sources") if isinstance(doc, dict) else None
    if not isinstance(records, list) or not records:
        return [], [Problem(where, "-", "sources", "expected a non-empty list under 'sources:'")]

    sources: list[Source] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, rec in enumerate(records, start=1):
        row = f"source {rec.get('source_id', f'#{i}')}" if isinstance(rec, dict) else f"source #{i}"
        if not isinstance(rec, dict):
            problems.append(Problem(where, row, "-", "each source must be a mapping of fields"))
            continue
        missing = [f for f in REQUIRED_FIELDS if not str(rec.get(f) or "").strip()]
        for f in missing:
            problems.append(Problem(where, row, f, "required field is missing or empty"))
        if missing:
            continue
        sid = str(rec["source_id"])
        if not _ID.match(sid):
            problems.append(Problem(where, row, "source_id", f"{sid!r} must be lower-case letters, digits and _"))
        if sid in seen:
            problems.append(Problem(where, row, "source_id", f"duplicate source_id {sid!r}"))
        seen.add(sid)
        if rec["kind"] not in SOURCE_KINDS:
            problems.append(Problem(where, row, "kind", f"{rec['kind']!r} is not one of {', '.join(SOURCE_KINDS)}"))
        date_text = str(rec["date_published"])
        if not _valid_iso(date_text):
            problems.append(Problem(where, row, "date_published", f"{date_text!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)"))
        path = paths.raw / str(rec["file"])
        if not path.is_file():
            problems.append(Problem(where, row, "file", f"{display_path(path, paths.root.parent)} does not exist"))
        else:
            actual = sha256_of(path)
            if actual != str(rec["sha256"]).lower():
                problems.append(Problem(
                    where, row, "sha256",
                    f"checksum mismatch for {rec['file']}: registry says {rec['sha256']}, file has {actual}. "
                    "Vendored sources must never change: restore the original file, or, if this is a new "
                    "version of the document, register it as a new source.",
                ))
        extra = tuple((k, str(v)) for k, v in rec.items() if k not in REQUIRED_FIELDS)
        sources.append(Source(**{f: str(rec[f]) for f in REQUIRED_FIELDS}, extra=extra))
    return sources, problems


def _valid_iso(text: str) -> bool:
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            dt.datetime.strptime(text, fmt)
            return True
        except ValueError:
            pass
    return False


def load_sources(paths: DataPaths) -> dict[str, Source]:
    """The registered sources by id; raises InputError listing every problem if any."""
    sources, problems = check_registry(paths)
    if problems:
        raise InputError(problems)
    return {s.source_id: s for s in sources}


def read_text(source: Source, paths: DataPaths) -> str:
    return source.path(paths).read_text(encoding="utf-8")
