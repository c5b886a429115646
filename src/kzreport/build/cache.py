"""A content-keyed build cache that is verified on every read, never trusted.

A key is the SHA-256 of everything that can change an output: the notebook's bytes, its
parameters, the input data, the package's source, the pinned dependency versions, the Python
version and the kernel environment. Never a timestamp.

An entry is a folder ``<root>/<kind>/<key>/`` holding its files and ``entry.json``, the record of
every file's size and SHA-256 (and the entry's own kind and key). On every read the files are
checked against that record; an entry that was edited, truncated or half-deleted is dropped (with
one line saying so) and the step is run again. An entry is written in a run folder of this build's
own and renamed into place in one step, so nobody ever sees half an entry; when two builds write the
same entry at once, the first rename wins and the second build keeps that one.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from kzreport import config
from kzreport.build import locks
from kzreport.evidence.problems import writing

RECORD = "entry.json"
TMP = "tmp"  # <root>/tmp/: run folders of builds writing entries, and entries being dropped
TAG = "CACHEDIR.TAG"  # https://bford.info/cachedir/: backup tools skip the folder
TAG_TEXT = ("Signature: 8a477f597d28d172789f06886806bc55\n"
            "# This file marks the build cache of kzreport (a folder it may always rebuild).\n"
            "# For information about cache directory tags see https://bford.info/cachedir/\n")


def digest(*parts) -> str:
    """SHA-256 of JSON-serialisable parts (dict keys sorted)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(json.dumps(part, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def tree_digest(folder: Path, suffixes: tuple[str, ...] | None = None) -> str:
    """Digest of every file under ``folder`` (relative names and contents), in a fixed order.

    A symbolic link counts by where it points, never by what it points at: nothing outside ``folder``
    is read (a link out of ``data/raw/sources/`` is refused by validation, and must not be read first).
    """
    folder = Path(folder)
    h = hashlib.sha256()
    found = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
        for name in files + [d for d in os.listdir(top) if d in dirs and os.path.islink(os.path.join(top, d))]:
            path = Path(top) / name
            rel = path.relative_to(folder).as_posix()
            if rel.startswith(".") or "/." in rel or (suffixes and path.suffix not in suffixes):
                continue
            found.append((rel, path))
    for rel, path in sorted(found):
        content = ("link:" + os.readlink(path)).encode("utf-8") if path.is_symlink() else file_digest(path).encode("ascii")
        h.update(rel.encode("utf-8") + b"\0" + content + b"\n")
    return h.hexdigest()


def environment_digest(kernel_env: dict, package: Path | None = None) -> str:
    """The package source, the pinned dependency versions, Python, and the kernel environment.

    The package counts whole (every file but Python's compiled caches): its code, and every template, style sheet,
    script and layout a report is made with (``.j2``, ``.css``, ``.js``, ``.typ``, ``.json`` …), so an edit to any of
    them is a new environment and never gives a stale cached report.
    """
    package = tree_digest(package or Path(__file__).resolve().parents[1])
    lock = config.PROJECT_ROOT / "requirements.lock"
    pins = file_digest(lock) if lock.is_file() else ""
    return digest(package, pins, sys.version, sorted(kernel_env.items()))


def _files_of(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def _short(key: str) -> str:
    return key[:12] + "…"


class Cache:
    """Entries under ``root/<kind>/<key>/``; disabled means every lookup misses (``--force``).

    ``warn`` receives the one-line messages about entries that failed their check.
    """

    def __init__(self, root: Path, enabled: bool = True, warn: Callable[[str], None] | None = None):
        self.root = Path(root)
        self.enabled = enabled
        self.warn = warn or (lambda msg: print(msg, file=sys.stderr, flush=True))  # noqa: T201
        self._run: locks.RunDir | None = None
        self.dropped: list[str] = []  # "<kind>/<key>" of the entries dropped by this cache object

    # ------------------------------------------------------------------ housekeeping
    def prepare(self) -> None:
        """Create the root (tagged as a cache) and remove the leftovers of killed builds."""
        self.root.mkdir(parents=True, exist_ok=True)
        tag = self.root / TAG
        if not tag.exists():
            tag.write_text(TAG_TEXT, encoding="ascii")
        locks.remove_stale(self.root / TMP, ("run", "drop"))

    def close(self) -> None:
        """Remove this build's run folder (entries already renamed into place stay)."""
        if self._run is not None:
            self._run.release()
            self._run = None

    def _run_folder(self) -> Path:
        if self._run is None:
            self._run = locks.run_dir(self.root / TMP, "run")
        return self._run.path

    # ------------------------------------------------------------------ reading
    def check(self, kind: str, key: str) -> str | None:
        """Why the entry ``kind/key`` cannot be used (None if it is complete and unchanged)."""
        entry = self.root / kind / key
        try:
            record = json.loads((entry / RECORD).read_text(encoding="utf-8"))
            files = record["files"]
            if record.get("kind") != kind or record.get("key") != key or not isinstance(files, dict):
                return f"its {RECORD} belongs to another entry"
        except FileNotFoundError:
            return f"it has no {RECORD} (a write that was cut short, or an older kzreport)"
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return f"its {RECORD} cannot be read"
        present = [f for f in _files_of(entry) if f != RECORD]
        for name in sorted(set(files) - set(present)):
            return f"{name} is missing"
        for name in sorted(set(present) - set(files)):
            return f"{name} is not in its record"
        for name in sorted(files):
            path = entry / name
            want = files[name]
            if path.is_symlink():
                return f"{name} is a symbolic link"
            size = path.stat().st_size
            if size != want.get("size"):
                return f"{name} has {size:,} bytes, its record says {want.get('size')}"
            if file_digest(path) != want.get("sha256"):
                return f"{name} was changed (its SHA-256 differs from the record)"
        return None

    def get(self, kind: str, key: str) -> Path | None:
        """The entry's folder if it exists and passes its check; a failing entry is dropped."""
        if not self.enabled:
            return None
        entry = self.root / kind / key
        if not entry.exists():
            return None
        problem = self.check(kind, key)
        if problem is None:
            return entry
        self._drop(entry)
        self.dropped.append(f"{kind}/{key}")
        self.warn(f"cache: dropped {kind} entry {_short(key)} because {problem}; rebuilding it")
        return None

    def _drop(self, entry: Path) -> None:
        """Take the entry out of its place in one rename, then delete it."""
        trash = locks.run_dir(self.root / TMP, "drop")
        try:
            os.replace(entry, trash.path / "entry")
        except FileNotFoundError:
            pass  # already gone
        finally:
            trash.release()

    # ------------------------------------------------------------------ writing
    def put(self, kind: str, key: str, files: dict[str, Path]) -> Path:
        """Store ``files`` (name in the entry -> source path) as one entry, atomically."""
        final = self.root / kind / key
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f"{kind}-", dir=self._run_folder()))
        record = {}
        for name, src in files.items():
            if name == RECORD or name.startswith("/") or ".." in Path(name).parts:
                raise ValueError(f"cache entry file name {name!r} is not allowed")
            dst = tmp / name
            dst.parent.mkdir(parents=True, exist_ok=True)
            with writing(dst):
                shutil.copyfile(src, dst)
            record[name] = {"size": dst.stat().st_size, "sha256": file_digest(dst)}
        with writing(tmp / RECORD):
            (tmp / RECORD).write_text(json.dumps({"kind": kind, "key": key, "files": record}, sort_keys=True, indent=1),
                                      encoding="utf-8")
        for _ in range(5):
            try:
                os.rename(tmp, final)  # fails if a non-empty entry is already there
                return final
            except OSError as exc:
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                    raise
                if not final.exists():
                    continue
            if self.check(kind, key) is None:  # another build wrote the same entry first: keep that one
                shutil.rmtree(tmp, ignore_errors=True)
                return final
            self._drop(final)  # a broken entry is in the way: replace it
        raise OSError(f"cache: could not store {kind} entry {_short(key)} in {final.parent}")

    def get_json(self, kind: str, key: str):
        entry = self.get(kind, key)
        if entry is None:
            return None
        return json.loads((entry / "value.json").read_text(encoding="utf-8"))

    def put_json(self, kind: str, key: str, value) -> None:
        src = Path(tempfile.mkdtemp(prefix="json-", dir=self._run_folder())) / "value.json"
        with writing(src):
            src.write_text(json.dumps(value, sort_keys=True), encoding="utf-8")
        self.put(kind, key, {"value.json": src})
        shutil.rmtree(src.parent, ignore_errors=True)
