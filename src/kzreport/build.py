"""Build the report: validate inputs, execute the notebooks, render HTML and PDF, publish.

- Outputs are written to a staging folder first and moved into place only when every step has
  succeeded, so a failed build leaves the last good report untouched.
- Notebooks that write the processed tables (metadata ``kzreport.writes_processed``) run first;
  the chapters, which only read them, then run in parallel (``jobs``).
- Every step is cached by content (see :mod:`kzreport.cache`): a rebuild with nothing changed
  executes no notebook and renders nothing; changing one chapter re-executes only that chapter.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

# jsonschema's optional IRI checker compiles a grammar at import (1.5 s per process); nbformat
# never validates IRIs, so the build does without it. (The import is guarded by jsonschema.)
sys.modules.setdefault("rfc3987_syntax", None)

from kzreport import config  # noqa: E402
from kzreport import params as params_mod  # noqa: E402
from kzreport.cache import Cache, digest, environment_digest, file_digest, tree_digest  # noqa: E402
from kzreport.problems import InputError  # noqa: E402

# Environment for the notebook kernels: fixed hash seed and source date, so outputs
# (set ordering, matplotlib metadata) are the same on every build.
KERNEL_ENV = {"PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "1641081600", "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
FIGURE_SUFFIXES = (".svg", ".png", ".csv")
DEFAULT_CACHE = Path(os.environ.get("KZREPORT_CACHE") or config.PROJECT_ROOT / ".kzcache")


class BuildError(Exception):
    """A build that cannot finish; the message says what to do."""


@dataclass
class BuildOptions:
    data_dir: Path = config.DATA_DIR
    out_dir: Path = config.REPORT_DIR
    params_file: Path = config.PARAMS_FILE
    overrides: list[str] = field(default_factory=list)
    figures_dir: Path | None = None  # default: the project's figures/ for the default out, else OUT/figures
    jobs: int = 0  # chapters run at once; 0 = number of cores
    force: bool = False  # ignore the cache (it is still refreshed)
    cache_dir: Path = DEFAULT_CACHE
    notebooks_dir: Path = config.NOTEBOOKS_DIR


@dataclass
class BuildResult:
    html: Path
    pdf: Path
    notebooks: list[Path]
    timings: dict[str, float]
    executed: list[str]  # notebooks actually executed (the rest came from the cache)


@dataclass
class _Notebook:
    path: Path
    raw: bytes
    writes_processed: bool

    @property
    def stem(self) -> str:
        return self.path.stem


def discover_notebooks(folder: Path = config.NOTEBOOKS_DIR) -> list[Path]:
    """The report's notebooks, in report order: ``NN-name.ipynb``."""
    found = sorted(p for p in Path(folder).glob("[0-9][0-9]-*.ipynb"))
    if not found:
        raise BuildError(f"no notebooks named NN-*.ipynb in {folder}")
    return found


def _progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _load_notebooks(folder: Path) -> list[_Notebook]:
    out = []
    for path in discover_notebooks(folder):
        raw = path.read_bytes()
        try:
            meta = json.loads(raw).get("metadata", {}).get("kzreport", {})
        except json.JSONDecodeError as exc:
            raise BuildError(f"{path}: not a valid notebook (JSON error: {exc})") from None
        out.append(_Notebook(path, raw, bool(meta.get("writes_processed"))))
    return out


def _declared(nb: _Notebook, cache: Cache, env: str) -> dict[str, params_mod.Param]:
    """The notebook's parameters (papermill's inspection), cached by the notebook's bytes."""
    key = digest("inspect", file_digest(nb.path), env)
    hit = cache.get_json("inspect", key) if cache.enabled else None
    if hit is None:
        found = params_mod.inspect(nb.path)
        cache.put_json("inspect", key, {n: vars(p) for n, p in found.items()})
        return found
    return {n: params_mod.Param(**p) for n, p in hit.items()}


def build(opts: BuildOptions, progress: Callable[[str], None] = _progress) -> BuildResult:
    t_start = time.perf_counter()
    timings: dict[str, float] = {}
    executed: list[str] = []

    # Load inputs: check data and parameters before anything runs.
    paths = config.paths_for(opts.data_dir)
    if not paths.raw.is_dir():
        raise BuildError(f"{paths.raw} does not exist: --data must be a folder laid out like data/ (inputs under raw/)")
    cache = Cache(opts.cache_dir, enabled=not opts.force)
    env = environment_digest(KERNEL_ENV)
    notebooks = _load_notebooks(Path(opts.notebooks_dir))
    declared = {nb.stem: _declared(nb, cache, env) for nb in notebooks}
    for stem, declared_params in declared.items():
        missing = [p for p in params_mod.BUILD_PARAMS if p not in declared_params]
        if missing:
            raise BuildError(f"notebooks/{stem}.ipynb: the parameters cell must declare {', '.join(missing)}")
    file_params = params_mod.load_params_file(Path(opts.params_file))
    values = params_mod.resolve(declared, file_params["notebooks"], opts.overrides, Path(opts.params_file))
    from kzreport.render import ReportMeta

    try:
        meta = ReportMeta.from_params(file_params["report"])
    except ValueError as exc:
        raise BuildError(f"{opts.params_file}: {exc}") from None
    raw_key = tree_digest(paths.raw)
    build_id = digest(raw_key, [(nb.stem, file_digest(nb.path), values[nb.stem]) for nb in notebooks], env)[:10]
    meta = dataclasses.replace(meta, latest_source=_latest_source_date(paths), build_id=build_id)
    validated_key = digest("validate", raw_key, env)
    if cache.get("validate", validated_key) is None:
        from kzreport.validate import validate

        t0 = time.perf_counter()
        problems = validate(paths)
        if problems:
            raise InputError(problems)
        cache.put_json("validate", validated_key, "ok")
        timings["validate"] = time.perf_counter() - t0

    out_dir = Path(opts.out_dir).resolve()
    figures_final = Path(opts.figures_dir) if opts.figures_dir else (
        config.FIGURES_DIR if out_dir == config.REPORT_DIR.resolve() else out_dir / "figures")
    out_dir.mkdir(parents=True, exist_ok=True)
    paths.processed.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    staged_processed = Path(tempfile.mkdtemp(prefix=".staging-processed-", dir=paths.processed.parent))
    env_before = {k: os.environ.get(k) for k in KERNEL_ENV}
    os.environ.update(KERNEL_ENV)
    try:
        # Process data: producers first (they write the processed tables), then the chapters.
        staged_nbs = staging / "notebooks"
        staged_figures = staging / "figures"
        staged_nbs.mkdir()
        staged_figures.mkdir()
        lock = threading.Lock()

        def run(nb: _Notebook, inputs_key: str) -> str:
            run_values = dict(values[nb.stem])
            key = digest("notebook", nb.stem, file_digest(nb.path), run_values, inputs_key, env)
            target = staged_nbs / nb.path.name
            hit = cache.get("notebook", key)
            if hit is not None:
                _restore(hit, target, staged_figures, staged_processed, lock)
                with lock:
                    progress(f"✓ {nb.path.name} (cached)")
                return key
            own_figures = staging / f"figures-{nb.stem}"
            own_figures.mkdir()
            before = _snapshot(staged_processed) if nb.writes_processed else {}
            run_values.update(data_dir=str(paths.root), processed_dir=str(staged_processed), figures_dir=str(own_figures))
            with lock:
                progress(f"▶ {nb.path.name} …")
            t0 = time.perf_counter()
            _execute(nb.path, target, run_values, out_dir)
            took = time.perf_counter() - t0
            written = [n for n, d in _snapshot(staged_processed).items() if before.get(n) != d] if nb.writes_processed else []
            files = {"notebook.ipynb": target}
            files.update({f"figures/{p.name}": p for p in sorted(own_figures.iterdir())})
            files.update({f"processed/{n}": staged_processed / n for n in written})
            cache.put("notebook", key, files)
            with lock:
                _merge_figures(own_figures, staged_figures, nb.path.name)
                timings[nb.path.name] = took
                executed.append(nb.path.name)
                progress(f"✓ {nb.path.name} in {took:.1f} s")
            return key

        keys: dict[str, str] = {}
        for nb in (n for n in notebooks if n.writes_processed):
            keys[nb.stem] = run(nb, raw_key)
        chapters = [n for n in notebooks if not n.writes_processed]
        chapter_inputs = digest(raw_key, tree_digest(staged_processed))
        jobs = opts.jobs or os.cpu_count() or 1
        errors: list[str] = []
        with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(chapters) or 1))) as pool:
            futures = {nb.stem: pool.submit(run, nb, chapter_inputs) for nb in chapters}
            for stem, fut in futures.items():
                try:
                    keys[stem] = fut.result()
                except BuildError as exc:
                    errors.append(str(exc))
        if errors:
            raise BuildError("\n".join(errors))

        report_key = digest("report", [keys[nb.stem] for nb in notebooks], vars(meta), env)
        hit = cache.get("report", report_key)
        if hit is not None:
            shutil.copyfile(hit / "report.html", staging / "report.html")
            shutil.copyfile(hit / "report.pdf", staging / "report.pdf")
            progress("✓ report.html and report.pdf (cached)")
        else:
            from kzreport.render import BrokenLinks, export_html, merge_notebooks, write_pdf

            t0 = time.perf_counter()
            try:
                page = export_html(merge_notebooks([staged_nbs / nb.path.name for nb in notebooks]), meta)
            except BrokenLinks as exc:
                raise BuildError(f"report.html: {exc}") from None
            (staging / "report.html").write_text(page, encoding="utf-8")
            timings["html"] = time.perf_counter() - t0
            progress(f"✓ report.html in {timings['html']:.1f} s")
            t0 = time.perf_counter()
            write_pdf(page, staging / "report.pdf")
            timings["pdf"] = time.perf_counter() - t0
            progress(f"✓ report.pdf in {timings['pdf']:.1f} s")
            cache.put("report", report_key, {"report.html": staging / "report.html", "report.pdf": staging / "report.pdf"})

        # Save outputs: every step succeeded, move them into place.
        _replace_dir(staged_processed, paths.processed)
        _publish_files(staged_figures, figures_final, FIGURE_SUFFIXES)
        _replace_dir(staged_nbs, out_dir / "notebooks")
        os.replace(staging / "report.html", out_dir / "report.html")
        os.replace(staging / "report.pdf", out_dir / "report.pdf")
        shutil.rmtree(out_dir / "failed", ignore_errors=True)
    finally:
        for k, v in env_before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(staged_processed, ignore_errors=True)
    timings["total"] = time.perf_counter() - t_start
    what = f"{len(executed)} notebook(s) executed" if executed else "nothing changed, no notebook executed"
    progress(f"Built {out_dir / 'report.html'} and report.pdf in {timings['total']:.1f} s ({what})")
    return BuildResult(out_dir / "report.html", out_dir / "report.pdf",
                       [out_dir / "notebooks" / nb.path.name for nb in notebooks], timings, sorted(executed))


def _latest_source_date(paths) -> str:
    """The newest date_published in the registry, in words ('' if the registry cannot tell)."""
    import yaml

    from kzreport.textfmt import first_day, fmt_date

    try:
        records = yaml.safe_load(paths.sources_registry.read_text(encoding="utf-8"))["sources"]
        dates = [str(r["date_published"]) for r in records]
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return ""
    return fmt_date(max(dates, key=first_day)) if dates else ""


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: file_digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def _restore(entry: Path, target: Path, figures: Path, processed: Path, lock: threading.Lock) -> None:
    shutil.copyfile(entry / "notebook.ipynb", target)
    with lock:
        for sub, dest in (("figures", figures), ("processed", processed)):
            if (entry / sub).is_dir():
                for p in sorted((entry / sub).iterdir()):
                    shutil.copyfile(p, dest / p.name)


def _merge_figures(own: Path, shared: Path, notebook: str) -> None:
    for p in sorted(own.iterdir()):
        if (shared / p.name).exists():
            raise BuildError(f"{notebook}: figure file {p.name} is also written by another notebook; give it a unique name")
        os.replace(p, shared / p.name)
    own.rmdir()


def _publish_files(new: Path, final: Path, suffixes: tuple[str, ...]) -> None:
    """Move each built file into ``final``; remove built files of a previous build that are gone now.

    Only files with the given suffixes are ever removed, so hand-made files (a README) stay.
    """
    final.mkdir(parents=True, exist_ok=True)
    built = {p.name for p in new.iterdir() if p.is_file()}
    for name in sorted(built):
        os.replace(new / name, final / name)
    for old in final.iterdir():
        if old.is_file() and old.suffix in suffixes and old.name not in built:
            old.unlink()


def _replace_dir(new: Path, final: Path) -> None:
    """Put ``new`` where ``final`` is, replacing it whole (old content removed only after the swap)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if final.exists():
        old = final.with_name(f".old-{final.name}-{os.getpid()}")
        os.replace(final, old)
    os.replace(new, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


_VOLATILE = ("start_time", "end_time", "duration")


def _strip_timings(path: Path) -> None:
    """Remove papermill's and nbclient's wall-clock timestamps: executed notebooks stay reproducible."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for meta in [nb.get("metadata", {})] + [c.get("metadata", {}) for c in nb.get("cells", [])]:
        meta.pop("execution", None)
        pm = meta.get("papermill")
        if isinstance(pm, dict):
            for k in _VOLATILE:
                pm.pop(k, None)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


IOPUB_TIMEOUT_S = 120  # seconds nbclient waits for a finished cell's output to arrive


def _keep_failed(target: Path, out_dir: Path, name: str) -> Path:
    """Copy the notebook that failed to OUT/failed/ for inspection; return where it went."""
    kept = out_dir / "failed" / name
    kept.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        shutil.copyfile(target, kept)
    return kept


def _first_line(source: str | None) -> str:
    """The first line of a cell that is neither blank nor a comment, cut to 80 characters."""
    return next((ln for ln in (source or "").splitlines() if ln.strip() and not ln.lstrip().startswith("#")),
                "").strip()[:80]


def _execute(nb: Path, target: Path, values: dict, out_dir: Path) -> None:
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    # Local sockets (no TCP ports, no ipykernel warning), in a folder of this kernel's own:
    # kernels running in parallel would otherwise share the default socket names and cross-talk.
    sockets = tempfile.mkdtemp(prefix="kzk-")
    kernel_config = Config()
    kernel_config.KernelManager.transport = "ipc"
    kernel_config.KernelManager.ip = os.path.join(sockets, "k")
    running = {"count": 0, "source": ""}  # the cell sent to the kernel last, for a kernel that dies

    def on_cell_execute(cell, cell_index, **_kw) -> None:
        running["count"] += 1  # code cells run in order, so this is the cell's execution count
        running["source"] = cell.source

    try:
        papermill.execute_notebook(
            str(nb), str(target), parameters=values, kernel_name="python3", cwd=str(nb.parent),
            progress_bar=False, log_output=False, request_save_on_cell_execute=False, config=kernel_config,
            # nbclient waits 4 s by default for a finished cell's output; a large table on a loaded 2-core
            # machine can take longer to arrive, and the cell would be reported as failed.
            iopub_timeout=IOPUB_TIMEOUT_S, on_cell_execute=on_cell_execute,
            # jupyter_client interrupts every kernel it shuts down, and an idle ipykernel then logs
            # "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel." to the build's terminal: a false
            # alarm (seen on 2 of 6 kernels of a build). What a chapter prints or raises is in its notebook.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except PapermillExecutionError as exc:
        kept = _keep_failed(target, out_dir, nb.name)
        raise BuildError(
            f"notebook {nb.name} failed in cell {exc.exec_count if exc.exec_count is not None else '?'}"
            f" ({_first_line(exc.source)!r}): {exc.ename}: {(exc.evalue or '').strip()}\n"
            f"  the executed notebook is kept for inspection: {kept}"
        ) from None
    except (DeadKernelError, CellTimeoutError) as exc:
        # The kernel died (out of memory, os._exit, a crash in C code) or stopped answering: there is no
        # Python traceback, and papermill saves no executed notebook, so name the cell that was running and
        # keep the notebook as it was run.
        executed = target.exists()
        kept = _keep_failed(target if executed else nb, out_dir, nb.name)
        what = "the kernel died" if isinstance(exc, DeadKernelError) else "the kernel stopped answering"
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else "no detail"
        raise BuildError(
            f"notebook {nb.name} failed in cell {running['count'] or '?'} ({_first_line(running['source'])!r}): "
            f"{what} ({type(exc).__name__}: {detail})\n"
            f"  the {'executed' if executed else 'unexecuted (nothing was saved)'} notebook is kept for "
            f"inspection: {kept}"
        ) from None
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    _strip_timings(target)
