"""Validation problems, reported one per line as ``file:row: column: message``."""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kzreport.evidence.cleantext import visible


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: str  # spreadsheet line number ("5"), an id ("claim accord_2024-c003") or "-" for the whole file
    column: str  # column or field name, "-" for the whole row or file
    message: str

    def __str__(self) -> str:
        # One line, whatever the data holds: no line break, escape sequence or bidi control gets through.
        return visible(f"{self.file}:{self.row}: {self.column}: {self.message}")


class InputError(Exception):
    """Input data that cannot be used. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        n = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the input data:\n{lines}")


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as short as it can be said: relative to ``base`` (or the cwd) when inside it."""
    path = Path(path)
    for root in (base, Path.cwd()):
        if root is None:
            continue
        try:
            return str(path.resolve().relative_to(Path(root).resolve()))
        except ValueError:
            continue
    return str(path)


_OS_ERRORS = {
    errno.EACCES: ("permission denied", "give yourself read and write access to it"),
    errno.EPERM: ("operation not permitted", "give yourself read and write access to it"),
    errno.EROFS: ("the file system is read-only", "use a folder on a writable file system"),
    errno.ENOSPC: ("the disk is full", "free some space"),
    errno.EDQUOT: ("the disk quota is used up", "free some space"),
}


def explain_os_error(exc: OSError, places: dict[str, Path] | None = None) -> str:
    """One line for an error of the file system: the path, what went wrong and what to do.

    ``places`` maps an option to the folder it sets ({"--out": Path("report")}); the message names the
    option whose folder holds the path, so the user knows which one to change.
    """
    path = exc.filename or ""
    what, todo = _OS_ERRORS.get(exc.errno, (exc.strerror or type(exc).__name__, ""))
    option = ""
    if path and places:
        target = Path(os.path.abspath(path))
        holders = [(len(Path(os.path.abspath(folder)).parts), name) for name, folder in places.items()
                   if target == Path(os.path.abspath(folder)) or Path(os.path.abspath(folder)) in target.parents]
        option = max(holders)[1] if holders else ""  # the innermost folder that holds the path
    shown = display_path(Path(path)) if path else "a file"
    advice = ", ".join(t for t in (todo, option and f"or choose another folder with {option}") if t)
    return f"{shown}: {what}" + (f"; {advice}" if advice else "") + "."


@contextmanager
def writing(path):
    """Name ``path`` in an OSError raised by the block without a file name (a failed ``write`` has none)."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None and exc.errno is not None:
            raise type(exc)(exc.errno, exc.strerror or str(exc), str(path)) from None
        raise
