"""The build as a pipeline: cache, parallel chapters, atomic publish, readable failures.

Uses a notebooks folder of its own: the real evidence notebook plus two small chapters made here.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

import nbformat
import pytest

from kzreport import config
from kzreport.build import BuildError, BuildOptions, build
from kzreport.problems import InputError

pytestmark = pytest.mark.slow

BUILD_PARAMS_CELL = (
    'data_dir: str = ""  # folder laid out like data/; set by the build\n'
    'processed_dir: str = ""  # processed tables; set by the build\n'
    'figures_dir: str = ""  # figures; set by the build\n'
)


def _chapter(path: Path, title: str, body: str, extra_params: str = "") -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}"),
        nbformat.v4.new_code_cell(BUILD_PARAMS_CELL + extra_params, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(body),
    ]
    nbformat.write(nb, path)


COUNT_CLAIMS = (
    "import pandas as pd\nfrom IPython.display import HTML\nfrom kzreport import config, evidence\n"
    "ev = evidence.read_processed(config.paths_for(data_dir, processed_dir))\n"
    "HTML(f'<p>The evidence holds {len(ev.claims)} claims; the first official toll is '\n"
    "     f'{int(ev.claims.loc[ev.claims.claim_id == \"taz_2022-c003\", \"value\"].iloc[0])}.</p>')"
)


@pytest.fixture
def project(tmp_path: Path) -> dict:
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    shutil.copy(config.NOTEBOOKS_DIR / "01-evidence.ipynb", nbs)
    _chapter(nbs / "02-alpha.ipynb", "Alpha", COUNT_CLAIMS)
    _chapter(nbs / "03-beta.ipynb", "Beta", "from IPython.display import HTML\nHTML(f'<p>{label}</p>')",
             'label: str = "beta text"  # what the chapter says\n')
    data = tmp_path / "data"
    shutil.copytree(config.DATA_DIR / "raw", data / "raw")
    params = tmp_path / "params.yaml"
    params.write_text("report: {title: Test report}\nnotebooks: {}\n", encoding="utf-8")

    def opts(**kw) -> BuildOptions:
        base = dict(data_dir=data, out_dir=tmp_path / "out", params_file=params, notebooks_dir=nbs,
                    cache_dir=tmp_path / "cache", figures_dir=tmp_path / "out" / "figures")
        base.update(kw)
        return BuildOptions(**base)

    return {"root": tmp_path, "nbs": nbs, "data": data, "opts": opts, "out": tmp_path / "out"}


def _quiet(_msg: str) -> None:
    pass


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): _sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_warm_rebuild_executes_nothing_and_is_fast(project):
    cold = build(project["opts"](), _quiet)
    assert cold.executed == ["01-evidence.ipynb", "02-alpha.ipynb", "03-beta.ipynb"]
    before = _tree(project["out"])
    t0 = time.perf_counter()
    warm = build(project["opts"](), _quiet)
    took = time.perf_counter() - t0
    assert warm.executed == []
    assert took <= 2.0, f"warm rebuild took {took:.2f} s"
    assert _tree(project["out"]) == before, "a rebuild with nothing changed changed the outputs"


def test_changing_one_chapter_reexecutes_only_that_chapter(project):
    build(project["opts"](), _quiet)
    _chapter(project["nbs"] / "03-beta.ipynb", "Beta", "from IPython.display import HTML\nHTML(f'<p>{label}!</p>')",
             'label: str = "beta text"  # what the chapter says\n')
    again = build(project["opts"](), _quiet)
    assert again.executed == ["03-beta.ipynb"]
    assert "beta text!" in again.html.read_text(encoding="utf-8")


def test_changing_a_parameter_reexecutes_only_the_notebooks_that_have_it(project):
    build(project["opts"](), _quiet)
    again = build(project["opts"](overrides=["label=other words"]), _quiet)
    assert again.executed == ["03-beta.ipynb"]
    assert "other words" in again.html.read_text(encoding="utf-8")


def test_changing_raw_data_reexecutes_the_producer_and_its_dependants(project):
    build(project["opts"](), _quiet)
    claims = project["data"] / "raw" / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace("Mehr als 2.200 Personen sollen", "Mehr als 2.200  Personen sollen"), encoding="utf-8")
    again = build(project["opts"](), _quiet)
    assert "01-evidence.ipynb" in again.executed and "02-alpha.ipynb" in again.executed


def test_force_ignores_the_cache(project):
    build(project["opts"](), _quiet)
    assert build(project["opts"](force=True), _quiet).executed == ["01-evidence.ipynb", "02-alpha.ipynb", "03-beta.ipynb"]


def test_a_stale_cache_never_gives_a_different_report_than_a_cold_build(project):
    build(project["opts"](), _quiet)  # fills the cache with the old data's results
    claims = project["data"] / "raw" / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    # The health ministry's toll as printed stays in the source; change the curated reading the other way round:
    # the quote and value_text must keep matching, so edit a figure the evidence chapter counts instead: drop a row.
    lines = text.splitlines(keepends=True)
    claims.write_text("".join(lines[:-1]), encoding="utf-8")
    warm = build(project["opts"](), _quiet)
    cold = build(project["opts"](out_dir=project["root"] / "cold", figures_dir=project["root"] / "cold" / "figures",
                                 cache_dir=project["root"] / "cache-cold", force=True), _quiet)
    assert _sha(warm.html) == _sha(cold.html)
    assert _sha(warm.pdf) == _sha(cold.pdf)
    n_claims = len(lines) - 2  # header and the dropped row
    assert f"holds {n_claims} claims" in warm.html.read_text(encoding="utf-8")


def test_two_cold_builds_are_byte_identical(project):
    a = build(project["opts"](force=True), _quiet)
    html_a, pdf_a = _sha(a.html), _sha(a.pdf)
    b = build(project["opts"](force=True, out_dir=project["root"] / "second", figures_dir=project["root"] / "second" / "figures",
                              cache_dir=project["root"] / "cache-2"), _quiet)
    assert (_sha(b.html), _sha(b.pdf)) == (html_a, pdf_a)


def test_a_failing_notebook_is_one_message_keeps_the_notebook_and_loses_nothing(project):
    build(project["opts"](), _quiet)
    processed = project["data"] / "processed"
    before_out, before_processed = _tree(project["out"]), _tree(processed)
    _chapter(project["nbs"] / "02-alpha.ipynb", "Alpha",
             "x = 1\nraise ValueError('the toll table is empty')")
    # Raw data changes too, so the producer re-runs and writes new processed tables that must not be published.
    claims = project["data"] / "raw" / "claims.csv"
    lines = claims.read_text(encoding="utf-8").splitlines(keepends=True)
    claims.write_text("".join(lines[:-1]), encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build(project["opts"](), _quiet)
    msg = str(err.value)
    assert "02-alpha.ipynb failed in cell" in msg
    assert "ValueError: the toll table is empty" in msg
    assert "Traceback" not in msg and len(msg.splitlines()) <= 3
    assert (project["out"] / "failed" / "02-alpha.ipynb").is_file()
    after_out = _tree(project["out"])
    assert {k: v for k, v in after_out.items() if not k.startswith("failed/")} == before_out
    assert _tree(processed) == before_processed
    assert not list(project["out"].glob(".staging-*")) and not list(project["data"].glob(".staging-*"))


def test_a_kernel_that_dies_is_one_message_naming_the_cell(project):
    """A kernel killed mid-cell (out of memory, a crash in C code) leaves no Python traceback; the build
    still names the notebook and the cell in a few lines, keeps the notebook, and publishes nothing."""
    build(project["opts"](), _quiet)
    before = _tree(project["out"])
    _chapter(project["nbs"] / "03-beta.ipynb", "Beta", "import os\nos._exit(3)  # the kernel dies here",
             'label: str = "beta text"  # what the chapter says\n')
    with pytest.raises(BuildError) as err:
        build(project["opts"](), _quiet)
    msg = str(err.value)
    assert "03-beta.ipynb failed in cell" in msg and "the kernel died" in msg, msg
    assert "'import os'" in msg, f"the message should quote the cell that was running: {msg}"
    assert "Traceback" not in msg and len(msg.splitlines()) <= 3, msg
    assert (project["out"] / "failed" / "03-beta.ipynb").is_file()
    assert {k: v for k, v in _tree(project["out"]).items() if not k.startswith("failed/")} == before


def test_bad_input_stops_the_build_before_anything_runs_and_loses_nothing(project):
    build(project["opts"](), _quiet)
    before = _tree(project["out"])
    (project["data"] / "raw" / "events.csv").write_bytes("event_id,source_id\nx,\u00e4".encode("cp1252"))
    with pytest.raises(InputError) as err:
        build(project["opts"](), lambda m: pytest.fail(f"progress before validation: {m}") if "▶" in m else None)
    assert "data/raw/events.csv" in str(err.value) or "events.csv" in str(err.value)
    assert _tree(project["out"]) == before
