"""Every path the project uses, built from the project root.

Notebooks, the CLI and the tests import paths from here, never from the working
directory, so a notebook opened in JupyterLab finds ``data/`` exactly as the build does.
The build passes a different data folder to the notebooks through their ``data_dir``
parameter; :func:`paths_for` turns that parameter into the same layout.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _find_root() -> Path:
    env = os.environ.get("KZREPORT_ROOT")
    if env:
        return Path(env).resolve()
    # src/kzreport/config.py -> project root (the package is installed editable).
    return Path(__file__).resolve().parents[2]


PROJECT_ROOT: Path = _find_root()
DATA_DIR: Path = PROJECT_ROOT / "data"
NOTEBOOKS_DIR: Path = PROJECT_ROOT / "notebooks"
REPORT_DIR: Path = PROJECT_ROOT / "report"
FIGURES_DIR: Path = PROJECT_ROOT / "figures"
PARAMS_FILE: Path = REPORT_DIR / "params.yaml"
TEMPLATES_DIR: Path = Path(__file__).resolve().parent / "build" / "templates"  # the nbconvert template of the report page


@dataclass(frozen=True)
class DataPaths:
    """The layout of one data folder: inputs under ``raw/``, outputs under ``processed/``."""

    root: Path
    processed: Path

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def sources_dir(self) -> Path:
        return self.raw / "sources"

    @property
    def sources_registry(self) -> Path:
        return self.raw / "sources.yaml"

    @property
    def curation(self) -> Path:
        return self.raw / "curation"

    @property
    def raw_claims(self) -> Path:
        return self.raw / "claims.csv"

    @property
    def raw_events(self) -> Path:
        return self.raw / "events.csv"

    @property
    def claims(self) -> Path:
        return self.processed / "claims.csv"

    @property
    def events(self) -> Path:
        return self.processed / "events.csv"


def paths_for(data_dir: str | os.PathLike | None = None, processed_dir: str | os.PathLike | None = None) -> DataPaths:
    """Paths for a data folder laid out like ``data/``.

    An empty or missing ``data_dir`` means the project's own ``data/``; an empty
    ``processed_dir`` means ``<data_dir>/processed``. Relative paths are taken from the
    project root, so the answer does not depend on the working directory.
    """
    root = Path(data_dir) if data_dir else DATA_DIR
    if not root.is_absolute():
        root = PROJECT_ROOT / root
    processed = Path(processed_dir) if processed_dir else root / "processed"
    if not processed.is_absolute():
        processed = PROJECT_ROOT / processed
    return DataPaths(root=root.resolve(), processed=processed.resolve())
