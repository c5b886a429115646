"""Shared fixtures: a throw-away copy of data/ and one end-to-end build per test session."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from kzreport import config

PROJECT = config.PROJECT_ROOT
_SESSION_CACHE = tempfile.mkdtemp(prefix="kzreport-test-cache-")


def pytest_sessionfinish(session, exitstatus) -> None:
    if _shared is not None:
        _shared.stop(kill=exitstatus == pytest.ExitCode.INTERRUPTED or bool(session.shouldfail or session.shouldstop))
    if _fork_server is not None:
        _fork_server.close()
    if _warm_kernels is not None:
        _warm_kernels.close()
        shutil.rmtree(_warm_kernels.folder, ignore_errors=True)
    shutil.rmtree(_SESSION_CACHE, ignore_errors=True)  # the test session leaves nothing in $TMPDIR


# ---------------------------------------------------------------------------- processes forked from a warm server
# A fresh interpreter takes about a second to import kzreport's command line and build (pandas, pandera, nbclient);
# some tests start dozens of processes. A server process imports them once (per test process) and forks a child for
# each request: a process of its own, with its own working folder, environment, stdin (/dev/null), stdout and stderr
# (file descriptors, which kernels and other children inherit), exit code (negative if killed by a signal), and, as
# an interpreter does when it exits, exit handlers run and an uncaught exception printed as a traceback.
_SERVER = r"""
import atexit, json, os, sys, tempfile, threading, traceback
for name in sys.argv[1:]:
    __import__(name)
requests, replies = sys.stdin, os.fdopen(os.dup(1), "w")
for line in requests:
    req = json.loads(line)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.chdir(req["cwd"])
            os.environ.clear()
            os.environ.update(req["env"])
            tempfile.tempdir = None  # found again from this environment ($TMPDIR), not the server's
            for fd, path in ((0, os.devnull), (1, req["stdout"]), (2, req["stderr"])):
                f = os.open(path, os.O_RDONLY if fd == 0 else os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                os.dup2(f, fd)
                os.close(f)
            replies.close()
            sys.stdin = open(0, encoding="utf-8", closefd=False)
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False, buffering=1)
            sys.argv = req["argv"]
            try:
                exec(compile(req["code"], "<forked>", "exec"), {"__name__": "__main__", **req["vars"]})
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
                if not isinstance(exc.code, int | None):
                    print(exc.code, file=sys.stderr)
            except BaseException:
                traceback.print_exc()
            threading._shutdown()
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    replies.write(json.dumps(pid) + "\n")
    replies.flush()
    replies.write(json.dumps(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])) + "\n")
    replies.flush()
"""


class ForkServer:
    PRELOAD = ("kzreport.cli", "kzreport.build", "kzreport.evidence.validate")

    def __init__(self) -> None:
        # Unbuffered: a reply is read byte by byte, so that select() sees whatever has not been read.
        self.proc = subprocess.Popen([sys.executable, "-c", _SERVER, *self.PRELOAD], cwd=PROJECT, bufsize=0,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def run(self, code: str, variables: dict | None = None, *, argv: list[str] | None = None, cwd: Path | None = None,
            env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
        """Run ``code`` (with ``variables`` as globals) in a child; its exit code, stdout and stderr."""
        import select
        import signal

        with tempfile.TemporaryDirectory(prefix="kzreport-forked-") as tmp:
            out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
            req = {"code": code, "vars": variables or {}, "argv": argv or ["-c"], "cwd": str(cwd or PROJECT),
                   "env": dict(os.environ) if env is None else env, "stdout": str(out), "stderr": str(err)}
            self.proc.stdin.write((json.dumps(req) + "\n").encode())
            pid = json.loads(self.proc.stdout.readline())
            if not select.select([self.proc.stdout], [], [], timeout)[0]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                self.proc.stdout.readline()
                raise subprocess.TimeoutExpired(argv or code[:60], timeout)
            rc = json.loads(self.proc.stdout.readline())
            return subprocess.CompletedProcess(argv or "forked", rc, out.read_text(encoding="utf-8"),
                                               err.read_text(encoding="utf-8"))

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


_fork_server: ForkServer | None = None


def fork_server() -> ForkServer:
    """This test process's fork server, started on first use."""
    global _fork_server
    if _fork_server is None or _fork_server.proc.poll() is not None:
        _fork_server = ForkServer()
    return _fork_server


def run_cli(*args: str, cwd: Path | None = None, timeout: int = 600, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m kzreport ARGS`` as a user would (in ``env``, by default this process's environment), capturing
    its output: what ``kzreport/__main__.py`` runs, in a process of its own forked from :func:`fork_server` (test_cli
    also starts the real ``python -m kzreport``, the console script and ``make``)."""
    import kzreport

    env = dict(os.environ if env is None else env)
    env.setdefault("KZREPORT_CACHE", _SESSION_CACHE)  # tests never touch the developer's .kzcache
    main = Path(kzreport.__file__).parent / "__main__.py"
    return fork_server().run(main.read_text(encoding="utf-8"), argv=[str(main), *args], cwd=cwd, env=env,
                             timeout=timeout)


def outline_titles(reader) -> list[str]:
    """Every bookmark title of a PDF (a pypdf reader), nested ones included, in order."""
    def walk(items):
        for it in items:
            if isinstance(it, list):
                yield from walk(it)
            else:
                yield it.title

    return list(walk(reader.outline))


def copy_data(target: Path) -> Path:
    """A copy of data/raw laid out like data/ (no processed tables), for tests that write or break it."""
    shutil.copytree(PROJECT / "data" / "raw", target / "raw")
    return target


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    return copy_data(tmp_path / "data")


# ---------------------------------------------------------------------------- the shared build
# One end-to-end build of the project's report per test run, shared by every test that only reads it. It starts in
# the background as soon as the tests are collected (if any selected test needs it), so that the other tests run while
# it builds; the tests that read it are run last. With pytest-xdist each worker is a process of its own: the first one
# to get there starts the build, under a file lock, in a folder of the run that all workers share, and the others wait
# for the same build.
HAND_MADE_FIGURES = {"README.md": "hand-made", "stale-figure.svg": "<svg/>"}  # planted in out/figures before the build

_RUNNER = """
import subprocess, sys
from pathlib import Path
root, cmd = Path(sys.argv[1]), sys.argv[2:]
with open(root / "stdout", "w") as out, open(root / "stderr", "w") as err:
    rc = subprocess.run(cmd, stdout=out, stderr=err).returncode
(root / "rc.tmp").write_text(str(rc))
(root / "rc.tmp").rename(root / "rc")
"""


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


class SharedBuild:
    """``kzreport build`` of a copy of data/ into ``root``, started once per test run, whichever process asks first."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.proc: subprocess.Popen | None = None  # only in the process that started it

    def start(self) -> None:
        import fcntl

        with open(self.root.parent / f"{self.root.name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if (self.root / "pid").exists():
                return
            self.root.mkdir()
            data = copy_data(self.root / "data")
            figures = self.root / "out" / "figures"
            figures.mkdir(parents=True)
            for name, text in HAND_MADE_FIGURES.items():
                (figures / name).write_text(text, encoding="utf-8")
            cmd = [sys.executable, "-m", "kzreport", "build", "--data", str(data), "--out", str(self.root / "out"),
                   "--cache", str(self.root / "cache")]
            self.proc = subprocess.Popen([sys.executable, "-c", _RUNNER, str(self.root), *cmd], cwd=PROJECT,
                                         start_new_session=True)
            (self.root / "pid").write_text(str(self.proc.pid))

    def wait(self, timeout: float = 1800) -> subprocess.CompletedProcess:
        self.start()
        pid, t0 = int((self.root / "pid").read_text()), time.monotonic()
        while not (self.root / "rc").exists():
            assert _alive(pid) or (self.root / "rc").exists(), "the shared build's process died without an exit code"
            assert time.monotonic() - t0 < timeout, f"the shared build took more than {timeout} s"
            time.sleep(0.2)
        return subprocess.CompletedProcess(
            "kzreport build", int((self.root / "rc").read_text()), (self.root / "stdout").read_text(encoding="utf-8"),
            (self.root / "stderr").read_text(encoding="utf-8"))

    def stop(self, kill: bool) -> None:
        """At the end of the session of the process that started it: wait for it (another worker may still need it),
        or, if the run was interrupted, kill it and the kernels it started."""
        if self.proc is None or self.proc.poll() is not None:
            return
        if kill:
            import signal

            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


_shared: SharedBuild | None = None


def _run_folder(tmp_path_factory) -> Path:
    """The folder every process of this test run sees: under pytest-xdist the one that holds each worker's
    temporary folder, else this process's own."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _shared_build(tmp_path_factory) -> SharedBuild:
    """The run's shared build, in :func:`_run_folder`."""
    global _shared
    if _shared is None:
        _shared = SharedBuild(_run_folder(tmp_path_factory) / "built-report")
    return _shared


def _needs_build(item) -> bool:
    return "built_report" in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items) -> None:
    """The tests that read the shared build run last, so that the others run while it builds (stable order)."""
    items.sort(key=_needs_build)


@pytest.fixture(scope="session", autouse=True)
def _start_the_shared_build(request, tmp_path_factory):
    if any(_needs_build(item) for item in request.session.items):
        _shared_build(tmp_path_factory).start()


@pytest.fixture(scope="session")
def built_report(tmp_path_factory) -> dict:
    """The whole report built once, from a copy of data/, into a temporary folder (out/figures holds the hand-made
    files HAND_MADE_FIGURES, planted before the build)."""
    shared = _shared_build(tmp_path_factory)
    proc = shared.wait()
    assert proc.returncode == 0, f"build failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}"
    return {"data": shared.root / "data", "out": shared.root / "out", "proc": proc, "cache": shared.root / "cache"}


@pytest.fixture(scope="session")
def built_notebook(built_report):
    """``built_notebook(name)``: the notebook ``notebooks/<name>`` as the shared build executed it, with its defaults on
    a copy of the project's data, and the build's figures folder (what ``run_notebook(name, ...)`` gives without
    parameters, without starting a kernel of its own)."""
    import nbformat

    def read(name: str):
        return nbformat.read(built_report["out"] / "notebooks" / name, as_version=4), built_report["out"] / "figures"

    return read


@pytest.fixture(scope="session")
def processed(tmp_path_factory):
    """The processed tables of the project's data, written to a temporary folder by the build's evidence step."""
    from kzreport.evidence import check_and_save, read_processed

    folder = tmp_path_factory.mktemp("processed")
    paths = config.paths_for(config.DATA_DIR, folder)
    assert check_and_save(paths) == []
    return {"paths": paths, "folder": folder, "evidence": read_processed(paths)}


# ---------------------------------------------------------------------------- a small project
# The real evidence notebook plus small chapters written here: builds in seconds, with every part of the pipeline.
BUILD_PARAMS_CELL = (
    'data_dir: str = ""  # folder laid out like data/; set by the build\n'
    'processed_dir: str = ""  # processed tables; set by the build\n'
    'figures_dir: str = ""  # figures; set by the build\n'
)


def write_chapter(path: Path, title: str, body: str, extra_params: str = "") -> None:
    """A chapter notebook: a heading, the parameters cell (with ``extra_params``), and ``body`` as one code cell
    (the heading and the body tagged ``report``, so that they reach the report)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}", metadata={"tags": ["report"]}),
        nbformat.v4.new_code_cell(BUILD_PARAMS_CELL + extra_params, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(body, metadata={"tags": ["report"]}),
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
    """A small project in ``tmp_path``: notebooks/ (alpha, beta, companion/evidence-checks), data/raw, params.yaml;
    ``opts(**kw)``."""
    return make_project(tmp_path)


def make_project(tmp_path: Path) -> dict:
    """The ``project`` fixture's small project, in the folder ``tmp_path``."""
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    (nbs / "companion").mkdir()
    shutil.copy(config.NOTEBOOKS_DIR / "companion" / "evidence-checks.ipynb", nbs / "companion")
    write_chapter(nbs / "02-alpha.ipynb", "Alpha", COUNT_CLAIMS)
    write_chapter(nbs / "03-beta.ipynb", "Beta", "from IPython.display import HTML\nHTML(f'<p>{label}</p>')",
                  'label: str = "beta text"  # what the chapter says\n')
    shutil.copytree(config.DATA_DIR / "raw", tmp_path / "data" / "raw")
    (tmp_path / "params.yaml").write_text("report: {title: Test report}\nnotebooks: {}\n", encoding="utf-8")
    return project_in(tmp_path)


def project_in(tmp_path: Path) -> dict:
    """The ``project`` fixture's dictionary for a small project already laid out in ``tmp_path``."""
    nbs, data, params = tmp_path / "notebooks", tmp_path / "data", tmp_path / "params.yaml"

    def opts(**kw):
        from kzreport.build import BuildOptions

        base = dict(data_dir=data, out_dir=tmp_path / "out", params_file=params, notebooks_dir=nbs,
                    cache_dir=tmp_path / "cache", figures_dir=tmp_path / "out" / "figures")
        base.update(kw)
        return BuildOptions(**base)

    def cli_args(out: Path | None = None, cache: Path | None = None) -> list[str]:
        """The same build as ``opts()`` through the command line (figures go to OUT/figures)."""
        return ["build", "--data", str(data), "--out", str(out or tmp_path / "out"), "--params", str(params),
                "--notebooks", str(nbs), "--cache", str(cache or tmp_path / "cache")]

    return {"root": tmp_path, "nbs": nbs, "data": data, "opts": opts, "out": tmp_path / "out", "params": params,
            "cli_args": cli_args}


# The small project built once per test run (under pytest-xdist: by the first worker to ask, under a file lock, in a
# folder all workers share), for the tests that only need "a project whose cache and outputs already hold a build".
# A test gets a copy of the whole tree (notebooks, data with its processed tables, params.yaml, cache, out): the
# chapters' cell ids are random, so only the template's own notebooks have the template's cache keys. The cache keys
# and the outputs' manifests hold no paths (the cache keeps executed notebooks with placeholders for the folders they
# ran with), but the published executed notebooks (out/notebooks/) name the folders of the build that published
# them: the copy is settled by one more build at its new path, which must execute nothing.
def _built_template(tmp_path_factory) -> dict:
    import fcntl

    from kzreport.build import build

    shared = _run_folder(tmp_path_factory)
    root = shared / "built-small-project"
    with open(shared / "built-small-project.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = root / ".template.json"
        if not done.exists():
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir()
            result = build(make_project(root)["opts"](), quiet)
            done.write_text(json.dumps({"executed": result.executed, "html": sha(result.html), "pdf": sha(result.pdf)}),
                            encoding="utf-8")
    return {"root": root, **json.loads(done.read_text(encoding="utf-8"))}


@pytest.fixture(scope="session")
def small_project_template(tmp_path_factory) -> dict:
    """The small project after one cold build: ``root``, and what that build ``executed`` and the ``html`` and
    ``pdf`` hashes of the report it made."""
    return _built_template(tmp_path_factory)


@pytest.fixture
def built_project(tmp_path: Path, small_project_template) -> dict:
    """``project`` as it is after one build: a copy of :func:`small_project_template`'s whole tree in ``tmp_path``
    (a build of it with nothing changed executes no notebook)."""
    from kzreport.build import build

    shutil.copytree(small_project_template["root"], tmp_path, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".template.json"))
    project = project_in(tmp_path)
    settled = build(project["opts"](), quiet)
    assert settled.executed == [], f"a copy of the built small project executed {settled.executed}"
    return project


def without_one_claim(data: Path) -> str:
    """data/raw/claims.csv's text without its last claim that nothing else names (the curation files and other
    claims refer to claims by id, so dropping one of those would make the data invalid)."""
    text = (data / "raw" / "claims.csv").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    named = "".join(p.read_text(encoding="utf-8") for p in (data / "raw" / "curation").glob("*.csv"))
    drop = next(i for i in range(len(lines) - 1, 0, -1)
                if (cid := lines[i].split(",", 1)[0]) not in named and text.count(cid) == 1)
    return "".join(lines[:drop] + lines[drop + 1:])


def quiet(_msg: str) -> None:
    pass


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def reader_tree(folder: Path) -> dict[str, str]:
    """What a reader of ``folder`` sees: every file and its hash, without the build's own records (.kzreport/)."""
    return {rel: sha(p) for p in sorted(Path(folder).rglob("*")) if p.is_file()
            and ".kzreport" not in (rel := p.relative_to(folder).as_posix()).split("/")}


# ---------------------------------------------------------------------------- hand-made evidence
# Builders for small, hand-made processed tables: every test that needs a claim, an event or a source
# builds it here (defaults are plain; a test states only what it is about).
def make_claim(claim_id: str, metric: str = "killed", value_text: str = "164", value: float | None = 164.0, *,
               qualifier: str = "exact", low="same", high="same", source_id: str | None = None,
               claimant: str = "NGO X", claimant_type: str = "ngo", reported_on: str = "2022-01-09",
               period_start: str | None = None, period_end: str | None = None, location: str = "Kazakhstan",
               location_as_printed: str | None = None, quote: str | None = None, quote_en: str | None = None,
               note: str = "", unit: str = "people", vague: bool | None = None, core: bool | None = None,
               same_as: str = "", judgements: str = "", quote_match: str = "verbatim") -> dict:
    """One processed claim (``low``/``high`` "same" means the value; ``source_id`` defaults to the id's prefix)."""
    from kzreport.evidence.vocab import CORE_METRICS

    low = value if low == "same" else low
    high = value if high == "same" else high
    return {
        "claim_id": claim_id, "source_id": source_id or claim_id.rsplit("-c", 1)[0], "claimant": claimant,
        "claimant_type": claimant_type, "metric": metric, "value": value, "qualifier": qualifier, "value_low": low,
        "value_high": high, "is_vague": value is None if vague is None else vague, "unit": unit,
        "reported_on": reported_on, "period_start": period_start, "period_end": period_end, "location": location,
        "quote": quote if quote is not None else f"Es waren {value_text}.",
        "quote_en": quote_en if quote_en is not None else f"There were {value_text}.", "value_text": value_text,
        "location_as_printed": location if location_as_printed is None else location_as_printed,
        "is_core_metric": metric in CORE_METRICS if core is None else core, "quote_match": quote_match, "note": note,
        "same_as": same_as, "judgements": judgements,
    }


def make_event(event_id: str, date: str, date_text: str | None = None, *, precision: str | None = None,
               checked: bool = True, title: str = "Something happened", category: str = "protest", location: str = "",
               source_id: str | None = None, quote: str | None = None, quote_en: str = "English.", note: str = "",
               quote_match: str = "verbatim") -> dict:
    """One processed event (``precision`` follows from the date's form unless given)."""
    return {
        "event_id": event_id, "date": date,
        "date_precision": precision or {10: "day", 7: "month", 4: "year"}[len(date)], "title": title,
        "category": category, "location": location, "source_id": source_id or event_id.rsplit("-e", 1)[0],
        "quote": quote if quote is not None else f"Am {date_text or date} geschah es.", "quote_en": quote_en,
        "date_text": date_text or date, "is_date_checked": checked, "location_as_printed": location,
        "quote_match": quote_match, "note": note,
    }


def make_source(source_id: str, producer: str = "Producer", date: str = "2022-01-09", kind: str = "ngo", *,
                url: str = "https://example.org/", language: str = "de", sha: str = "ab" * 32) -> dict:
    """One row of the processed sources table."""
    return {"source_id": source_id, "producer": producer, "title": f"Title of {source_id}", "date_published": date,
            "url": url, "language": language, "kind": kind, "file": f"sources/{source_id}.txt", "sha256": sha,
            "citation_full": f"Citation of {source_id}."}


def make_evidence(claims=(), events=(), sources=None, curation=None):
    """An Evidence of hand-made rows, typed as read_processed types the processed tables."""
    import pandas as pd

    from kzreport.evidence import CLAIM_COLUMNS, EVENT_COLUMNS, SOURCE_COLUMNS, Evidence
    from kzreport.evidence.curation import Curation

    claims_df = pd.DataFrame(list(claims), columns=CLAIM_COLUMNS).astype(
        {"value": float, "value_low": float, "value_high": float, "is_vague": bool, "is_core_metric": bool})
    events_df = pd.DataFrame(list(events), columns=EVENT_COLUMNS).astype({"is_date_checked": bool})
    if sources is None:
        ids = dict.fromkeys(list(claims_df["source_id"]) + list(events_df["source_id"]))
        sources = [make_source(sid) for sid in ids]
    sources_df = pd.DataFrame(list(sources), columns=SOURCE_COLUMNS)
    return Evidence(sources_df, claims_df, events_df, curation=curation or Curation())


# ---------------------------------------------------------------------------- notebooks end to end
_warm_kernels = None  # this test process's kernel template (kzreport.build.kernels), started on first use


def warm_kernel_manager():
    """The kernel manager class the build uses: each notebook in a fresh fork of a template that has imported what
    every chapter imports (started once per test process; the usual kernels where fork is not available)."""
    global _warm_kernels
    from kzreport.build import kernels
    from kzreport.build.pipeline import kernels_parent

    if _warm_kernels is None and kernels.enabled():
        folder = Path(tempfile.mkdtemp(prefix="kzt-", dir=kernels_parent()))  # short: sockets go below it
        _warm_kernels = kernels.ForkServer(folder, dict(os.environ))
    return kernels.manager_class(_warm_kernels)


def run_notebook(name: str, tmp_path: Path, processed_folder: Path, **params):
    """Execute ``notebooks/<name>`` with papermill as the build does (the project's data, processed tables from
    ``processed_folder``, figures into ``tmp_path/figures``, a warm kernel); return the executed notebook and the
    figures folder."""
    import nbformat
    import papermill

    out = tmp_path / f"executed-{name}"
    figures = tmp_path / "figures"
    papermill.execute_notebook(
        str(config.NOTEBOOKS_DIR / name), str(out),
        parameters={"data_dir": str(config.DATA_DIR), "processed_dir": str(processed_folder),
                    "figures_dir": str(figures), **params},
        kernel_name="python3", cwd=str(config.NOTEBOOKS_DIR), progress_bar=False,
        kernel_manager_class=warm_kernel_manager())
    return nbformat.read(out, as_version=4), figures


def report_text(nb, edition: str = "en") -> str:
    """What a notebook shows readers of ``edition``: the Markdown cells and the HTML and Markdown outputs of its cells
    tagged ``report`` (analysts' cells left out; of the build's twins, those of ``edition`` alone), joined."""
    parts = []
    for cell in nb.cells:
        if "report" not in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code" and cell.metadata.get("kzreport", {}).get("edition", "en") != edition:
            continue
        if cell.cell_type == "markdown":
            parts.append(cell.source)
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            parts.append(data.get("text/html", "") + data.get("text/markdown", ""))
    return "\n".join(parts)
