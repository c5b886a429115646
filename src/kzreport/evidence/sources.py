"""The registry of vendored source documents (data/raw/sources.yaml) and their texts."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

import yaml

from kzreport.config import DataPaths
from kzreport.evidence import cleantext
from kzreport.evidence.problems import InputError, Problem, display_path

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
    file_problem: str = ""  # why the file's text cannot be used (refused, missing, not UTF-8); "" when it can

    def path(self, paths: DataPaths) -> Path:
        """The checked path of the source's file (see :func:`source_file`); raises ValueError when refused."""
        path, why = source_file(paths, self.file)
        if path is None:
            raise ValueError(f"source {self.source_id}: {why}")
        return path


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def source_file(paths: DataPaths, file: str, source_id: str = "<source_id>") -> tuple[Path | None, str]:
    """The file a registry ``file:`` names, checked before anything opens it: (path, "") or (None, why).

    A source must lie in ``raw/sources/``. Refused, without reading the file: an absolute path, a
    path with a ``..`` part (also one that would come back inside), a path that is not under
    ``sources/``, and a path that leads outside ``raw/sources/`` through a symbolic link (of the file
    or of a folder on the way). Symbolic links that stay inside ``raw/sources/`` are fine. The
    returned path is the resolved one: read that, not ``raw/<file>``.
    """
    text = str(file)
    parts = PurePosixPath(text.replace("\\", "/")).parts
    must = (f"a source file must be a path under raw/sources/ such as sources/{source_id}.txt (copy the document there); "
            "the file was not read")
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute() or PureWindowsPath(text).drive:
        return None, f"{text} is an absolute path: {must}"
    if ".." in parts:
        return None, f"{text} contains '..': {must}"
    sources = os.path.normpath(paths.sources_dir)
    candidate = os.path.normpath(paths.raw / text)
    if os.path.commonpath([sources, candidate]) != sources or candidate == sources:
        return None, f"{text} is not in raw/sources/: {must}"
    try:
        real, real_sources = Path(candidate).resolve(), paths.sources_dir.resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        return None, f"{text} cannot be followed (a loop of symbolic links?): {must}"
    if not real.is_relative_to(real_sources) or real == real_sources:
        return None, f"{text} leads outside raw/sources/ through a symbolic link: {must}"
    return real, ""


def check_registry(paths: DataPaths) -> tuple[list[Source], list[Problem]]:
    """Read the registry and check every record and checksum; return what loaded and every problem."""
    reg = paths.sources_registry
    where = display_path(reg, paths.root.parent)
    try:
        text = reg.read_text(encoding="utf-8")
        doc = yaml.safe_load(text)
    except FileNotFoundError:
        return [], [Problem(where, "-", "-", "source registry not found: create it (see data/README.md)")]
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow in a file, e.g. ESC
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        ch = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        return [], [Problem(where, str(line), "-", f"{cleantext.char_name(ch)} at character {column} of the line: "
                            "control characters are not allowed; delete it")]
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
        bad_fields = _character_problems(rec, where, row)
        problems += bad_fields
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
        if any(p.column == "file" for p in bad_fields):
            file_problem = "the file name holds characters that are not allowed; the file was not read"
        else:
            file_problem = _check_file(paths, rec, where, row, problems)
        extra = tuple((k, str(v)) for k, v in rec.items() if k not in REQUIRED_FIELDS)
        sources.append(Source(**{f: str(rec[f]) for f in REQUIRED_FIELDS}, extra=extra, file_problem=file_problem))
    return sources, problems


def _character_problems(rec: dict, where: str, row: str) -> list[Problem]:
    """One problem per field of a record whose name or text holds a character cleantext refuses (none allows lines)."""
    problems = []
    for key, value in rec.items():
        for text in (str(key), *_strings(value)):
            found = cleantext.bad_characters(text)
            if found:
                problems.append(Problem(where, row, str(key), cleantext.message(found)))
                break
    return problems


def _strings(value) -> list[str]:
    """Every text in a YAML value (lists and mappings walked), so nothing nested goes unchecked."""
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in (str(k), *_strings(v))]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _strings(v)]
    return [] if value is None else [str(value)]


def _check_file(paths: DataPaths, rec: dict, where: str, row: str, problems: list[Problem]) -> str:
    """Check one record's file (place, existence, checksum, UTF-8); append problems; return why it is unusable."""
    path, why = source_file(paths, str(rec["file"]), str(rec["source_id"]))
    if path is None:
        problems.append(Problem(where, row, "file", why))
        return why
    if not path.is_file():  # missing, or a folder, a pipe, a device: nothing to read
        shown = display_path(paths.raw / str(rec["file"]), paths.root.parent)
        why = f"{shown} is not a regular file" if path.exists() else f"{shown} does not exist"
        problems.append(Problem(where, row, "file", why))
        return why
    data = path.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != str(rec["sha256"]).lower():
        problems.append(Problem(
            where, row, "sha256",
            f"checksum mismatch for {rec['file']}: registry says {rec['sha256']}, file has {actual}. "
            "Vendored sources must never change: restore the original file, or, if this is a new "
            "version of the document, register it as a new source.",
        ))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        why = (f"not UTF-8: byte 0x{data[exc.start]:02x} on line {line} of {rec['file']} cannot be decoded; "
               "a source must be a UTF-8 plain-text extraction")
        problems.append(Problem(where, row, "file", why))
        return why
    return ""


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
    """The text of a source's file, read only through its checked path (see :func:`source_file`)."""
    return source.path(paths).read_text(encoding="utf-8")
