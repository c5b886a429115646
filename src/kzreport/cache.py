"""A content-keyed build cache.

A key is the SHA-256 of everything that can change an output: the notebook's bytes, its
parameters, the input data, the package's source, the pinned dependency versions, the Python
version and the kernel environment. Never a timestamp. An entry is a folder written
atomically (built beside it, then renamed), so an interrupted build never leaves half an entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from kzreport import config


def digest(*parts) -> str:
    """SHA-256 of JSON-serialisable parts (dict keys sorted)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(json.dumps(part, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def tree_digest(folder: Path, suffixes: tuple[str, ...] | None = None) -> str:
    """Digest of every file under ``folder`` (relative names and contents), in a fixed order."""
    folder = Path(folder)
    h = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(folder).as_posix()
            if "__pycache__" in rel or rel.startswith(".") or "/." in rel:
                continue
            if suffixes and path.suffix not in suffixes:
                continue
            h.update(rel.encode("utf-8") + b"\0" + file_digest(path).encode("ascii") + b"\n")
    return h.hexdigest()


def environment_digest(kernel_env: dict) -> str:
    """The package source, the pinned dependency versions, Python, and the kernel environment."""
    package = tree_digest(Path(__file__).resolve().parent, (".py", ".j2", ".css", ".json"))
    lock = config.PROJECT_ROOT / "requirements.lock"
    pins = file_digest(lock) if lock.is_file() else ""
    return digest(package, pins, sys.version, sorted(kernel_env.items()))


class Cache:
    """Entries under ``root/<kind>/<key>/``; disabled means every lookup misses (``--force``)."""

    def __init__(self, root: Path, enabled: bool = True):
        self.root = Path(root)
        self.enabled = enabled

    def get(self, kind: str, key: str) -> Path | None:
        entry = self.root / kind / key
        return entry if self.enabled and (entry / ".complete").is_file() else None

    def put(self, kind: str, key: str, files: dict[str, Path]) -> Path:
        """Store ``files`` (name in the entry -> source path) as one entry, atomically."""
        final = self.root / kind / key
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=final.parent))
        try:
            for name, src in files.items():
                dst = tmp / name
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)
            (tmp / ".complete").write_text(key, encoding="ascii")
            if final.exists():
                shutil.rmtree(final, ignore_errors=True)
            os.replace(tmp, final)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return final

    def get_json(self, kind: str, key: str):
        entry = self.get(kind, key)
        if entry is None:
            return None
        return json.loads((entry / "value.json").read_text(encoding="utf-8"))

    def put_json(self, kind: str, key: str, value) -> None:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".json", delete=False) as fh:
            json.dump(value, fh, sort_keys=True)
        try:
            self.put(kind, key, {"value.json": Path(fh.name)})
        finally:
            os.unlink(fh.name)
