"""Shared fixtures: a throw-away copy of data/ and one end-to-end build per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from kzreport import config

PROJECT = config.PROJECT_ROOT
_SESSION_CACHE = tempfile.mkdtemp(prefix="kzreport-test-cache-")


def run_cli(*args: str, cwd: Path | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run ``python -m kzreport ARGS`` as a user would, capturing its output."""
    env = dict(os.environ)
    env.setdefault("KZREPORT_CACHE", _SESSION_CACHE)  # tests never touch the developer's .kzcache
    return subprocess.run(
        [sys.executable, "-m", "kzreport", *args], cwd=cwd or PROJECT, env=env,
        capture_output=True, text=True, timeout=timeout,
    )


def copy_data(target: Path) -> Path:
    """A copy of data/raw laid out like data/ (no processed tables), for tests that write or break it."""
    shutil.copytree(PROJECT / "data" / "raw", target / "raw")
    return target


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    return copy_data(tmp_path / "data")


@pytest.fixture(scope="session")
def built_report(tmp_path_factory) -> dict:
    """Build the whole report once, from a copy of data/, into a temporary folder."""
    base = tmp_path_factory.mktemp("e2e")
    data = copy_data(base / "data")
    out = base / "out"
    proc = run_cli("build", "--data", str(data), "--out", str(out), "--cache", str(base / "cache"))
    assert proc.returncode == 0, f"build failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}"
    return {"data": data, "out": out, "proc": proc, "cache": base / "cache"}


@pytest.fixture(scope="session")
def processed(tmp_path_factory):
    """The processed tables of the project's data, written to a temporary folder (as the build does)."""
    from kzreport.evidence import load_evidence, read_processed, save_evidence

    folder = tmp_path_factory.mktemp("processed")
    paths = config.paths_for(config.DATA_DIR, folder)
    save_evidence(load_evidence(paths), paths)
    return {"paths": paths, "folder": folder, "evidence": read_processed(paths)}
