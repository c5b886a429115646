"""Nothing lost, nothing leaked: real builds (command line, real kernels) with foreign files, damaged caches,
kill -9 at every publish step, two builds at once, and folders nobody may write.

A small project (conftest.project plus a chapter that saves a figure) keeps each build to seconds. The tests about
what a build publishes and refuses start from a copy of a cache that holds both builds (``warm``), so that their builds
execute no notebook; the tests about execution itself (forced builds, killed builds, a damaged cache) fill their own.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import PROJECT, make_project, reader_tree, run_cli, sha, without_one_claim, write_chapter
from kzreport.build import publish as outputs

pytestmark = pytest.mark.slow
# The tests that copy the warm cache run on one pytest-xdist worker (make test: --dist loadgroup), which makes it once.
WARM = pytest.mark.xdist_group("build-safety-warm-cache")

GAMMA = (
    "import matplotlib.pyplot as plt\nimport pandas as pd\nfrom IPython.display import HTML\n"
    "from kzreport.report import figures, style\n"
    "style.apply()\n"
    "fig, ax = plt.subplots(figsize=(3, 2))\nax.bar(['a', 'b'], [1, len(label)])\nax.set_title(label)\n"
    "saved = figures.save_figure(fig, name=f'gamma-{label}', number='4.1', caption='A test chart.', alt='Two bars.',\n"
    "    source='Source: test.', data=pd.DataFrame({'bar': ['a', 'b'], 'value': [1, len(label)]}),\n"
    "    folder=figures.figures_dir(figures_dir))\nHTML(saved.html)"
)


@pytest.fixture
def proj(project) -> dict:
    """The small project with a fourth chapter that saves a figure named after its ``label``."""
    return _with_gamma(project)


def _with_gamma(project: dict) -> dict:
    write_chapter(project["nbs"] / "04-gamma.ipynb", "Gamma", GAMMA, 'label: str = "one"  # the figure\'s name\n')
    claims = project["data"] / "raw" / "claims.csv"
    project["variants"] = {  # two builds whose outputs differ in every destination
        "A": (claims.read_text(encoding="utf-8"), []),
        "B": (without_one_claim(project["data"]), ["-p", "label=two"]),
    }
    project["tmpdir"] = project["root"] / "tmpdir"
    project["tmpdir"].mkdir()
    return project


@pytest.fixture(scope="session")
def warm_cache(tmp_path_factory) -> Path:
    """A cache that holds builds A and B of the small project (session-scoped: made once per worker even when other
    modules' tests run between the ones that use it)."""
    template = _with_gamma(make_project(tmp_path_factory.mktemp("warm")))
    for name in ("A", "B"):
        _ok(_build(template, name))
    return template["root"] / "cache"


@pytest.fixture
def warm(proj, warm_cache) -> dict:
    """``proj`` with a copy of ``warm_cache`` as its cache (keyed by what the notebooks, parameters and data hold, not by
    where they are): builds A and B take the evidence step and the evidence-checks companion from it. The chapters are
    written anew for each project, with new random cell ids, so they execute again."""
    shutil.copytree(warm_cache, proj["root"] / "cache")
    return proj


def _env(proj: dict, **extra: str) -> dict:
    env = dict(os.environ)
    env.pop(outputs.KILL_ENV, None)
    env["TMPDIR"] = str(proj["tmpdir"])  # the build's own temporary folders, where this test can see them
    env.update(extra)
    return env


def _cli(proj: dict, *args: str, env: dict | None = None, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """``python -m kzreport ARGS``; without a ``prefix`` command, forked from conftest.fork_server (run_cli)."""
    if not prefix:
        return run_cli(*args, cwd=PROJECT, env=env or _env(proj))
    return subprocess.run([*prefix, sys.executable, "-m", "kzreport", *args], cwd=PROJECT, env=env or _env(proj),
                          capture_output=True, text=True, timeout=600)


def _variant(proj: dict, name: str) -> list[str]:
    text, args = proj["variants"][name]
    (proj["data"] / "raw" / "claims.csv").write_text(text, encoding="utf-8")
    return proj["cli_args"]() + args


def _build(proj: dict, name: str, **env: str) -> subprocess.CompletedProcess:
    return _cli(proj, *_variant(proj, name), env=_env(proj, **env))


def _folders(proj: dict) -> dict[str, Path]:
    return {"out": proj["out"], "figures": proj["out"] / "figures", "processed": proj["data"] / "processed"}


def _seen(proj: dict) -> dict:
    """What a reader finds in every folder the build writes to (the figures are inside out/)."""
    return {name: reader_tree(folder) for name, folder in _folders(proj).items()}


def _ok(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode == 0, f"exit {proc.returncode}:\n{proc.stderr[-3000:]}"


# ---------------------------------------------------------------------------- 1. only what it made
FOREIGN = {
    "out/notes.txt": "an analyst's notes",
    "out/notebooks/scratch-analysis.ipynb": '{"cells": []}',
    "out/figures/README.md": "hand-made",
    "out/figures/gamma-old.svg": "<svg>drawn by hand</svg>",
    "out/failed/why.txt": "my notes on a failure",
    "data/processed/my-extract.csv": "a,b\n1,2\n",
    "data/notes.md": "curation notes",
    "cache/README": "someone's file in the cache folder",
}


def _plant(root: Path) -> dict[str, str]:
    for rel, text in FOREIGN.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return {rel: sha(root / rel) for rel in FOREIGN}


@WARM
def test_foreign_files_in_every_folder_the_build_writes_to_survive_every_build(warm):
    proj = warm
    planted = _plant(proj["root"])
    for name in ("A", "B", "A"):
        _ok(_build(proj, name))
        assert {rel: sha(proj["root"] / rel) for rel in FOREIGN} == planted, f"after build {name}"
    assert not (proj["out"] / "figures" / "gamma-two.svg").exists(), "the build's own figure of B was not removed"
    assert (proj["out"] / "figures" / "gamma-one.svg").exists()
    manifest = outputs.Destination(proj["out"] / "figures", "").manifest()
    assert sorted(manifest) == ["gamma-one.csv", "gamma-one.de.svg", "gamma-one.png", "gamma-one.svg"], \
        "the manifest names the build's files (the German edition's drawing too)"


@WARM
@pytest.mark.parametrize("victim", ["out/report.html", "out/notebooks/02-alpha.ipynb", "out/figures/gamma-two.svg",
                                    "data/processed/claims.csv"])
def test_a_foreign_file_with_an_outputs_name_stops_the_build_and_nothing_changes(warm, victim):
    proj = warm
    _ok(_build(proj, "A"))
    target = proj["root"] / victim
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("my own file, not the build's", encoding="utf-8")
    before = _seen(proj)
    proc = _build(proj, "B")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert lines[-1].startswith("build failed: ") and target.name in lines[-1] and "did not write" in lines[-1], lines
    assert "Traceback" not in proc.stderr
    assert _seen(proj) == before


def test_out_set_to_a_project_root_never_replaces_its_notebooks(proj):
    """`kzreport build --out .` once replaced the project's notebooks with executed copies."""
    root = proj["root"]  # holds notebooks/ with the source notebooks, like the project root
    (root / "notebooks" / "notes.txt").write_text("an analyst's notes", encoding="utf-8")
    before = reader_tree(root / "notebooks")
    proc = _cli(proj, *[a if a != str(proj["out"]) else str(root) for a in proj["cli_args"]()])
    assert proc.returncode == 1 and "notebooks/02-alpha.ipynb" in proc.stderr and "did not write" in proc.stderr
    assert reader_tree(root / "notebooks") == before


# ---------------------------------------------------------------------------- 3. the cache is verified
def _entries(cache: Path) -> list[Path]:
    return sorted(p for kind in ("inspect", "evidence", "notebook", "report") for p in (cache / kind).rglob("*")
                  if p.is_file())


def test_every_kind_of_damaged_cache_file_gives_the_same_report_as_a_forced_build(proj):
    # The forced build comes first: it ignores the cache but fills it (pipeline.BuildOptions.force), so the build
    # into out/ takes every entry from the cache instead of executing every notebook a second time.
    forced_out = proj["root"] / "forced"
    forced = _cli(proj, *[a if a != str(proj["out"]) else str(forced_out) for a in _variant(proj, "A")], "--force")
    _ok(forced)
    want = {name: sha(forced_out / name) for name in ("report.html", "report.pdf")}
    cached = _build(proj, "A")
    _ok(cached)
    assert "no notebook executed" in cached.stderr, cached.stderr[-2000:]
    files = _entries(proj["root"] / "cache")
    kinds = {}
    for path in files:  # one file of each kind: entry.json, value.json, processed table, notebook, figure, html, pdf
        rel = path.relative_to(proj["root"] / "cache")
        kinds.setdefault((rel.parts[0], "/".join(rel.parts[2:-1]), path.suffix), path)
    assert {(k[0], k[2]) for k in kinds} >= {("inspect", ".json"), ("evidence", ".csv"), ("notebook", ".ipynb"),
                                             ("notebook", ".svg"), ("notebook", ".png"), ("notebook", ".csv"),
                                             ("notebook", ".json"), ("report", ".html"), ("report", ".pdf")}, sorted(kinds)
    assert ("notebook", "figures", ".csv") in kinds
    for (kind, _, _), path in sorted(kinds.items()):
        data = path.read_bytes()
        mid = len(data) // 2
        edited = data[:mid] + (b"x" if data[mid:mid + 1] != b"x" else b"y") + data[mid + 1:]  # one byte changed
        for damage in (data[:mid], edited):  # truncated, then edited
            path.write_bytes(damage)
            # the outputs are as published: without this, a rebuild of the same inputs would not read the cache at all
            (proj["out"] / ".kzreport" / "published.json").unlink()
            proc = _build(proj, "A")
            _ok(proc)
            dropped = [ln for ln in proc.stderr.splitlines() if ln.startswith("cache: dropped")]
            assert len(dropped) == 1 and kind in dropped[0], (path, proc.stderr[-2000:])
            assert {name: sha(proj["out"] / name) for name in want} == want, f"damaged {path}"
            assert reader_tree(proj["out"] / "figures") == reader_tree(forced_out / "figures")


# ---------------------------------------------------------------------------- 4. all or nothing
@WARM
def test_a_build_killed_at_every_publish_step_leaves_a_complete_set(warm):
    proj = warm
    sets = {}
    for name in ("B", "A"):  # the reference sets, and the cache filled for both variants
        _ok(_build(proj, name))
        sets[name] = _seen(proj)
    assert sets["A"] != sets["B"] and all(sets["A"][k] != sets["B"][k] for k in sets["A"])
    current, steps = "A", 0
    for kill_at in range(1, 200):
        target = "B" if current == "A" else "A"
        proc = _build(proj, target, **{outputs.KILL_ENV: f"publish:{kill_at}"})
        if proc.returncode == 0:
            break  # fewer publish steps than kill_at: every step has been tried
        assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
        steps = kill_at
        had_journal = outputs.pending_journal(proj["data"] / "processed") is not None
        checked = _cli(proj, "validate", "--data", str(proj["data"]))  # validate finishes a half-done publish first
        _ok(checked)
        assert ("completed the publish" in checked.stderr) == had_journal
        seen = _seen(proj)
        assert seen in (sets[current], sets[target]), f"killed at publish step {kill_at}: a mixed set"
        if had_journal:
            assert seen == sets[target], f"killed at publish step {kill_at}: the publish was not completed"
        current = target if seen == sets[target] else current
        nxt = "B" if current == "A" else "A"
        _ok(_build(proj, nxt))  # the next build: finishes any journal left in out/, then builds
        assert _seen(proj) == sets[nxt]
        current = nxt
    assert steps >= 20, f"only {steps} publish steps"
    _assert_no_leftovers(proj)


def _assert_no_leftovers(proj: dict) -> None:
    for name, folder in _folders(proj).items():
        assert sorted(p.name for p in (folder / ".kzreport").iterdir()) == ["lock", "manifest.json", "published.json"], name
    assert [p.name for p in (proj["root"] / "cache" / "tmp").iterdir()] == []
    assert [p.name for p in proj["tmpdir"].iterdir()] == []


# ---------------------------------------------------------------------------- 5. two builds at once
def test_two_forced_builds_at_once_wait_for_each_other_and_agree(proj):
    args = _variant(proj, "A") + ["--force"]
    procs = [subprocess.Popen([sys.executable, "-m", "kzreport", *args], cwd=PROJECT, env=_env(proj),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [r[1][-2000:] for r in results]
    waited = [ln for _, err in results for ln in err.splitlines() if ln.startswith("waiting:")]
    assert len(waited) == 1 and "another kzreport build (pid" in waited[0], waited
    assert all("Traceback" not in err for _, err in results), [err for _, err in results]
    first = _seen(proj)
    _ok(_cli(proj, *args))
    assert _seen(proj) == first, "two builds at once gave another result than one build"


# ---------------------------------------------------------------------------- 6. leftovers are cleaned
def test_five_killed_builds_and_one_good_build_leave_nothing_extra(proj):
    rng = random.Random(12)
    args = _variant(proj, "A") + ["--force"]
    for _ in range(5):
        proc = subprocess.Popen([sys.executable, "-m", "kzreport", *args], cwd=PROJECT, env=_env(proj),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 6.0))  # somewhere in validation, a notebook, rendering or publishing
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    _ok(_cli(proj, *args))
    time.sleep(1.5)  # orphaned kernels notice their parent is gone within a second and exit
    _assert_no_leftovers(proj)
    kernels = subprocess.run(["pgrep", "-f", str(proj["tmpdir"])], capture_output=True, text=True).stdout.split()
    assert kernels == [], "kernels of killed builds are still running"


# ---------------------------------------------------------------------------- 9. messages, not tracebacks
def _without_dac(proc_prefix_ok: list) -> tuple[str, ...]:
    """Run as root without the capability to ignore file permissions, so that chmod applies (as for any user)."""
    if os.geteuid() != 0:
        return ()
    probe = subprocess.run(["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("running as root and cannot drop CAP_DAC_OVERRIDE (setpriv failed): permissions would not apply")
    return ("setpriv", "--bounding-set", "-dac_override,-dac_read_search")


@WARM
@pytest.mark.parametrize("folder, option", [("data", "--data"), ("out", "--out"), ("cache", "--cache")])
def test_a_folder_without_write_permission_is_one_line_naming_it(warm, folder, option):
    proj = warm
    _ok(_build(proj, "A"))
    target = proj["root"] / folder
    if folder == "data":
        target = proj["data"] / "processed"
    modes = {}
    for p in [target, *[q for q in target.rglob("*") if q.is_dir()]]:
        modes[p] = p.stat().st_mode
        p.chmod(0o555)
    try:
        proc = _cli(proj, *_variant(proj, "B"), prefix=_without_dac([]))
    finally:
        for p, mode in modes.items():
            p.chmod(mode)
    assert proc.returncode == 1, proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert "Traceback" not in proc.stderr and last.startswith("build failed: "), proc.stderr[-2000:]
    assert "permission denied" in last and option in last, last


@WARM
def test_a_full_disk_is_one_line_naming_the_path(warm, tmp_path):
    proj = warm
    small = tmp_path / "small"
    small.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(small)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root): " + mounted.stderr.decode()[-200:])
    try:
        proc = _cli(proj, *[a if a != str(proj["out"]) else str(small / "out") for a in _variant(proj, "A")])
    finally:
        subprocess.run(["umount", str(small)], check=True)
    assert proc.returncode == 1, proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert "Traceback" not in proc.stderr and "the disk is full" in last and "--out" in last, proc.stderr[-2000:]
