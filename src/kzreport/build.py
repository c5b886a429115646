"""Build the report: validate inputs, execute the notebooks, render HTML and PDF, publish.

Outputs are written to a staging folder first and moved into place only when every step
has succeeded, so a failed build leaves the last good report untouched.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kzreport import config, params as params_mod
from kzreport.problems import InputError
from kzreport.render import ReportMeta, export_html, merge_notebooks, write_pdf
from kzreport.validate import validate

# Environment for the notebook kernels: fixed hash seed and source date, so outputs
# (set ordering, matplotlib metadata) are the same on every build.
KERNEL_ENV = {"PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "1641081600", "MPLBACKEND": "module://matplotlib_inline.backend_inline"}


class BuildError(Exception):
    """A build that cannot finish; the message says what to do."""


@dataclass
class BuildOptions:
    data_dir: Path = config.DATA_DIR
    out_dir: Path = config.REPORT_DIR
    params_file: Path = config.PARAMS_FILE
    overrides: list[str] = field(default_factory=list)
    figures_dir: Path | None = None  # default: the project's figures/ for the default out, else OUT/figures


@dataclass
class BuildResult:
    html: Path
    pdf: Path
    notebooks: list[Path]
    timings: dict[str, float]


def discover_notebooks(folder: Path = config.NOTEBOOKS_DIR) -> list[Path]:
    """The report's notebooks, in report order: ``NN-name.ipynb``."""
    found = sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))
    if not found:
        raise BuildError(f"no notebooks named NN-*.ipynb in {folder}")
    return found


def _progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def build(opts: BuildOptions, progress: Callable[[str], None] = _progress) -> BuildResult:
    t_start = time.perf_counter()
    timings: dict[str, float] = {}

    # Load inputs: check data and parameters before anything runs.
    paths = config.paths_for(opts.data_dir)
    if not paths.raw.is_dir():
        raise BuildError(f"{paths.raw} does not exist: --data must be a folder laid out like data/ (inputs under raw/)")
    problems = validate(paths)
    if problems:
        raise InputError(problems)
    notebooks = discover_notebooks()
    declared = {nb.stem: params_mod.inspect(nb) for nb in notebooks}
    for stem, declared_params in declared.items():
        missing = [p for p in params_mod.BUILD_PARAMS if p not in declared_params]
        if missing:
            raise BuildError(f"notebooks/{stem}.ipynb: the parameters cell must declare {', '.join(missing)}")
    file_params = params_mod.load_params_file(Path(opts.params_file))
    values = params_mod.resolve(declared, file_params["notebooks"], opts.overrides, Path(opts.params_file))
    try:
        meta = ReportMeta.from_params(file_params["report"])
    except ValueError as exc:
        raise BuildError(f"{opts.params_file}: {exc}") from None

    out_dir = Path(opts.out_dir).resolve()
    figures_final = Path(opts.figures_dir) if opts.figures_dir else (
        config.FIGURES_DIR if out_dir == config.REPORT_DIR.resolve() else out_dir / "figures")
    out_dir.mkdir(parents=True, exist_ok=True)
    paths.processed.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    staged_processed = Path(tempfile.mkdtemp(prefix=".staging-processed-", dir=paths.processed.parent))
    try:
        # Process data: execute each notebook against the staged folders.
        staged_nbs = staging / "notebooks"
        staged_figures = staging / "figures"
        staged_nbs.mkdir()
        staged_figures.mkdir()
        executed = []
        for nb in notebooks:
            target = staged_nbs / nb.name
            run_values = dict(values[nb.stem])
            run_values.update(data_dir=str(paths.root), processed_dir=str(staged_processed),
                              figures_dir=str(staged_figures))
            progress(f"▶ {nb.name} …")
            t0 = time.perf_counter()
            _execute(nb, target, run_values, out_dir)
            timings[nb.name] = time.perf_counter() - t0
            progress(f"✓ {nb.name} in {timings[nb.name]:.1f} s")
            executed.append(target)

        t0 = time.perf_counter()
        page = export_html(merge_notebooks(executed), meta)
        (staging / "report.html").write_text(page, encoding="utf-8")
        timings["html"] = time.perf_counter() - t0
        progress(f"✓ report.html in {timings['html']:.1f} s")
        t0 = time.perf_counter()
        write_pdf(page, staging / "report.pdf")
        timings["pdf"] = time.perf_counter() - t0
        progress(f"✓ report.pdf in {timings['pdf']:.1f} s")

        # Save outputs: every step succeeded, move them into place.
        _replace_dir(staged_processed, paths.processed)
        _publish_files(staged_figures, figures_final, FIGURE_SUFFIXES)
        _replace_dir(staged_nbs, out_dir / "notebooks")
        os.replace(staging / "report.html", out_dir / "report.html")
        os.replace(staging / "report.pdf", out_dir / "report.pdf")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(staged_processed, ignore_errors=True)
    timings["total"] = time.perf_counter() - t_start
    progress(f"Built {out_dir / 'report.html'} and report.pdf in {timings['total']:.1f} s")
    return BuildResult(out_dir / "report.html", out_dir / "report.pdf",
                       [out_dir / "notebooks" / nb.name for nb in notebooks], timings)


FIGURE_SUFFIXES = (".svg", ".png", ".csv")


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


def _execute(nb: Path, target: Path, values: dict, out_dir: Path) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    kernel_config = Config()
    kernel_config.KernelManager.transport = "ipc"  # local sockets: no TCP ports, no ipykernel warning

    env_before = {k: os.environ.get(k) for k in KERNEL_ENV}
    os.environ.update(KERNEL_ENV)
    try:
        papermill.execute_notebook(
            str(nb), str(target), parameters=values, kernel_name="python3", cwd=str(nb.parent),
            progress_bar=False, log_output=False, request_save_on_cell_execute=False, config=kernel_config,
        )
    except PapermillExecutionError as exc:
        kept = out_dir / "failed" / nb.name
        kept.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            shutil.copyfile(target, kept)
        first_line = next((ln for ln in (exc.source or "").splitlines() if ln.strip()), "")
        raise BuildError(
            f"notebook {nb.name} failed in cell {exc.cell_index + 1 if exc.cell_index is not None else '?'}"
            f" ({first_line.strip()[:80]!r}): {exc.ename}: {exc.evalue}\n"
            f"  the executed notebook is kept for inspection: {kept}"
        ) from None
    finally:
        for k, v in env_before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
