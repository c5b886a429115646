"""Check every input under data/raw/ and collect every problem (one line each)."""

from __future__ import annotations

from kzreport.config import DataPaths
from kzreport.evidence import check_and_clean
from kzreport.evidence.problems import Problem


def validate(paths: DataPaths) -> list[Problem]:
    """Every problem in the input data of one data folder: registry, checksums, claims, events."""
    return check_and_clean(paths).problems
