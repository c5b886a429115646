"""Validation problems, reported one per line as ``file:row: column: message``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kzreport.cleantext import visible


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
