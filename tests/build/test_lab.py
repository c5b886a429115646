"""Analysts' JupyterLab: `make lab` serves notebooks/, and a notebook run there finds data/ like the build."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

import nbformat
import pytest
from nbclient import NotebookClient

from kzreport import config

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_lab_serves_the_notebooks():
    port, token = _free_port(), "kztest"
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={token} --ServerApp.open_browser=False"
    proc = subprocess.Popen(["make", "-s", "lab", f"ARGS={args}"], cwd=config.PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        listing = None
        for _ in range(120):
            time.sleep(0.5)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents?token={token}", timeout=2) as r:
                    listing = json.load(r)
                break
            except OSError:
                if proc.poll() is not None:
                    break
        assert listing is not None, f"JupyterLab did not answer:\n{proc.stdout.read().decode()[-3000:] if proc.poll() is not None else ''}"
        names = {item["name"] for item in listing["content"]}
        assert {p.name for p in config.NOTEBOOKS_DIR.glob("*.ipynb")} <= names
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/kernelspecs?token={token}", timeout=5) as r:
            assert "python3" in json.load(r)["kernelspecs"]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


def test_every_notebook_runs_from_a_fresh_kernel_with_its_defaults(tmp_path):
    """What an analyst does in JupyterLab after `make report` has written the processed tables: open each notebook
    in notebooks/ and run it with the defaults. Only processed_dir and figures_dir are redirected (so the test does
    not write into the project), to tables written by the build's own evidence step; data_dir stays at its default
    (""), found from the package, not the working directory."""
    from kzreport.evidence import check_and_save

    assert check_and_save(config.paths_for(config.DATA_DIR, tmp_path / "processed")) == []
    paths = sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb")) + sorted(config.NOTEBOOKS_DIR.glob("companion/*.ipynb"))
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        params.source += f"\nprocessed_dir = {str(tmp_path / 'processed')!r}\nfigures_dir = {str(tmp_path / 'figures')!r}"
        NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(config.NOTEBOOKS_DIR)}}).execute()
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        assert errors == [], f"{path.name}: {errors[:1]}"
    assert any((tmp_path / "figures").glob("*.svg"))
