"""Check every input under data/raw/ and collect every problem (one line each)."""

from __future__ import annotations

from kzreport.config import DataPaths
from kzreport.problems import Problem
from kzreport.sources import check_registry


def validate(paths: DataPaths) -> list[Problem]:
    """Every problem in the input data of one data folder, in file order."""
    _, problems = check_registry(paths)
    return problems
