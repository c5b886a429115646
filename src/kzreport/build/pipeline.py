"""Build the report: validate inputs, execute the notebooks, render HTML and PDF, publish.

- Outputs are written to a staging folder first and moved into place only when every step has
  succeeded, so a failed build leaves the last good report untouched.
- The evidence step checks ``data/raw`` and writes the processed tables (:func:`kzreport.evidence.check_and_save`,
  in a child process, whose memory leaves with it); every notebook only reads them, and they all run in parallel
  (``jobs``), the longest first.
- The chapters ``NN-name.ipynb`` make ``report.html`` and ``report.pdf``; each companion notebook
  (``companion/<name>.ipynb``, e.g. the evidence checks) is published beside them as ``<name>.html``
  (never in the PDF). The processed tables and every figure's CSV are published under ``data/``
  with a Data Package descriptor (:mod:`kzreport.build.datapackage`).
- Each language of the report's parameter ``languages`` is an edition: ``report.html`` and ``report.pdf`` in English,
  ``report.de.html`` and ``report.de.pdf`` in German, from the same run of every notebook: after each report code
  cell a twin runs it again in the edition (:func:`with_twins`); the renderer keeps each edition's cells.
- Every step is cached by content (see :mod:`kzreport.build.cache`): a rebuild with nothing changed
  executes no notebook and renders nothing; changing one chapter re-executes only that chapter.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

# jsonschema's optional IRI checker compiles a grammar at import (1.5 s per process); nbformat
# never validates IRIs, so the build does without it. (The import is guarded by jsonschema.)
sys.modules.setdefault("rfc3987_syntax", None)

from kzreport import config
from kzreport.build import (
    datapackage,
    locks,
    publish,
)
from kzreport.build import params as params_mod
from kzreport.build.cache import RECORD, Cache, digest, environment_digest, file_digest, tree_digest
from kzreport.build.publish import Destination, ForeignFiles, Publication
from kzreport.build.render import edition_file
from kzreport.evidence.problems import InputError, display_path, writing
from kzreport.report import i18n

# Environment for the notebook kernels: fixed hash seed and source date, so outputs
# (set ordering, matplotlib metadata) are the same on every build.
KERNEL_ENV = {"PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "1641081600", "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
KERNELS_PREFIX = "kzk"  # $TMPDIR/kzk-<token>/: the kernels' sockets and connection files of one build
SOCKET_PATH_MAX = 107  # a Unix socket path longer than this cannot be bound (sizeof(sockaddr_un.sun_path))


def kernels_parent() -> Path:
    """Where a build keeps its kernels' sockets: $TMPDIR, or /tmp when $TMPDIR is too long for a socket path."""
    tmp = Path(tempfile.gettempdir())
    # kzk-<12 hex>/k<n>/k-<port>: 30 characters below the folder
    return tmp if len(str(tmp)) + 30 <= SOCKET_PATH_MAX or not Path("/tmp").is_dir() else Path("/tmp")


class BuildError(Exception):
    """A build that cannot finish; the message says what to do."""


@dataclass
class BuildOptions:
    data_dir: Path = config.DATA_DIR
    out_dir: Path = config.REPORT_DIR
    params_file: Path = config.PARAMS_FILE
    overrides: list[str] = field(default_factory=list)
    figures_dir: Path | None = None  # default: the project's figures/ for the default out, else OUT/figures
    jobs: int = 0  # notebooks run at once; 0: one more than the cores (a kernel starting or stopping leaves its core idle)
    force: bool = False  # ignore the cache (it is still refreshed)
    cache_dir: Path = field(default_factory=lambda: Path(os.environ.get("KZREPORT_CACHE") or config.PROJECT_ROOT / ".kzcache"))
    notebooks_dir: Path = config.NOTEBOOKS_DIR


@dataclass
class BuildResult:
    html: Path
    pdf: Path
    notebooks: list[Path]
    timings: dict[str, float]
    executed: list[str]  # notebooks actually executed (the rest came from the cache)
    companions: list[Path] = field(default_factory=list)  # OUT/<name>.html of each companion notebook
    data: Path | None = None  # OUT/data: the CSVs and datapackage.json
    editions: dict[str, tuple[Path, Path]] = field(default_factory=dict)  # language -> its report's HTML and PDF


@dataclass
class _Notebook:
    path: Path
    raw: bytes
    companion: bool = False  # published as <stem>.html beside the report, never merged into it

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def rel(self) -> str:
        """Its path under the notebooks folder (and under OUT/notebooks/): ``02-toll.ipynb``, ``companion/x.ipynb``."""
        return f"{COMPANION_DIR}/{self.path.name}" if self.companion else self.path.name


COMPANION_DIR = "companion"  # notebooks/companion/<name>.ipynb: published beside the report as <name>.html


def discover_notebooks(folder: Path = config.NOTEBOOKS_DIR) -> list[Path]:
    """The report's notebooks, in report order: ``NN-name.ipynb``."""
    found = sorted(p for p in Path(folder).glob("[0-9][0-9]-*.ipynb"))
    if not found:
        raise BuildError(f"no notebooks named NN-*.ipynb in {folder}")
    return found


def discover_companions(folder: Path = config.NOTEBOOKS_DIR) -> list[Path]:
    """The companion notebooks (``companion/<name>.ipynb``), each published as ``<name>.html`` beside the report."""
    return sorted(p for p in (Path(folder) / COMPANION_DIR).glob("*.ipynb") if not p.name.startswith("."))


def _progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)  # noqa: T201  (the build's progress goes to the terminal)


def _load_notebooks(folder: Path) -> list[_Notebook]:
    out = []
    companions = set(discover_companions(folder))
    for path in discover_notebooks(folder) + sorted(companions):
        raw = path.read_bytes()
        try:
            json.loads(raw)
        except json.JSONDecodeError as exc:
            raise BuildError(f"{path}: not a valid notebook (JSON error: {exc})") from None
        out.append(_Notebook(path, raw, path in companions))
    stems = [nb.stem for nb in out]
    twice = sorted({s for s in stems if stems.count(s) > 1})
    if twice:
        raise BuildError(f"{folder}: two notebooks are named {', '.join(twice)} (a chapter and a companion): rename one")
    reserved = [nb.rel for nb in out if nb.companion and nb.stem in ("report", "data")]
    if reserved:
        raise BuildError(f"{folder}: {', '.join(reserved)}: this name is the report's own; rename it")
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


def _destinations(out_dir: Path, figures_dir: Path, paths: config.DataPaths) -> tuple[Destination, Destination, Destination]:
    """The three folders a build writes into; refused if they coincide or lie inside the raw inputs."""
    out = Destination(out_dir, f"--out ({_shown(out_dir)})")
    figures = Destination(figures_dir, f"the figures ({_shown(figures_dir)})")
    processed = Destination(paths.processed, f"the processed tables ({_shown(paths.processed)}, set by --data)")
    dests = (out, figures, processed)
    raw = Path(os.path.abspath(paths.raw))
    for dest in dests:
        if dest.root == raw or raw in dest.root.parents:
            raise BuildError(f"{dest.label} is inside the raw inputs {_shown(raw)}, which the build never writes to: "
                             "choose another folder")
    for a, b in ((out, figures), (out, processed), (figures, processed)):
        if a.root == b.root:
            raise BuildError(f"{a.label} and {b.label} are the same folder: choose another --out")
    return dests


def _shown(path: Path) -> str:
    return str(display_path(path))


def build(opts: BuildOptions, progress: Callable[[str], None] = _progress) -> BuildResult:
    """Validate, execute, render and publish, holding the locks of every folder the build writes to."""
    t_start = time.perf_counter()
    paths = config.paths_for(opts.data_dir)
    if not paths.raw.is_dir():
        raise BuildError(f"{paths.raw} does not exist: --data must be a folder laid out like data/ (inputs under raw/)")
    out_dir = Path(os.path.abspath(opts.out_dir))
    figures_final = Path(os.path.abspath(opts.figures_dir)) if opts.figures_dir else (
        config.FIGURES_DIR if out_dir == Path(os.path.abspath(config.REPORT_DIR)) else out_dir / "figures")
    dests = _destinations(out_dir, figures_final, paths)
    cache = Cache(opts.cache_dir, enabled=not opts.force, warn=progress)
    held = [(d.lock_path, d.label) for d in dests] + [(cache.root / "lock", f"the cache ({_shown(cache.root)})")]
    with publish.hold_paths(held, progress):
        # Finish what a killed build left half done, then clear what killed builds left behind.
        publish.recover([d.root for d in dests], progress)
        for dest in dests:
            publish.remove_leftovers(dest.root)
        cache.prepare()
        locks.remove_stale(kernels_parent(), (KERNELS_PREFIX,))
        try:
            return _build(opts, paths, dests, cache, progress, t_start)
        finally:
            cache.close()


def _build(opts: BuildOptions, paths: config.DataPaths, dests, cache: Cache, progress, t_start: float) -> BuildResult:
    # Load inputs: check data and parameters before anything runs.
    env = environment_digest(KERNEL_ENV)
    notebooks = _load_notebooks(Path(opts.notebooks_dir))
    declared = {nb.stem: _declared(nb, cache, env) for nb in notebooks}
    rels = {nb.stem: nb.rel for nb in notebooks}
    for stem, declared_params in declared.items():
        missing = [p for p in params_mod.BUILD_PARAMS if p not in declared_params]
        if missing:
            raise BuildError(f"notebooks/{rels[stem]}: the parameters cell must declare {', '.join(missing)}")
    file_params = params_mod.load_params_file(Path(opts.params_file))
    origins: dict[tuple[str, str], str] = {}
    languages, overrides, _ = params_mod.report_languages(file_params[params_mod.LANGUAGES], list(opts.overrides),
                                                       display_path(Path(opts.params_file)))
    values = params_mod.resolve(declared, file_params["notebooks"], overrides, Path(opts.params_file), origins)
    from kzreport.build.render import ReportMeta

    try:
        metas = {lang: ReportMeta.from_params(file_params["report"], lang) for lang in i18n.LANGUAGES}
    except ValueError as exc:
        raise BuildError(f"{opts.params_file}: {exc}") from None
    meta = metas[i18n.SOURCE]
    raw_key = tree_digest(paths.raw)
    build_key = digest(raw_key, [(nb.stem, file_digest(nb.path), values[nb.stem]) for nb in notebooks], env)
    build_id = build_key[:10]
    published = digest("published", build_key, languages, [vars(metas[lang]) for lang in languages],
                       [str(d.root) for d in dests], str(paths.root), str(Path(opts.notebooks_dir).resolve()))
    if not opts.force and _published_from(dests, published):
        # Nothing changed since the last build published these very outputs, and they are as it left them.
        timings = {"total": time.perf_counter() - t_start}
        progress(f"Nothing changed: {_shown(dests[0].root)} holds what these inputs give ({timings['total']:.1f} s, "
                 f"no notebook executed)")
        return _result(dests[0].root, notebooks, languages, timings, [])
    metas = {lang: dataclasses.replace(m, build_id=build_id) for lang, m in metas.items() if lang in languages}
    meta = dataclasses.replace(meta, build_id=build_id)
    facts_key, evidence_key = digest("facts", raw_key, env), digest("evidence", raw_key, env)
    # The kernels' sockets and connection files go in this build's own folder: a killed build leaves no
    # kernel-*.json in the user's Jupyter runtime folder, and the next build removes the folder.
    kernels = locks.run_dir(kernels_parent(), KERNELS_PREFIX)
    run_env = {**KERNEL_ENV, "JUPYTER_RUNTIME_DIR": str(kernels.path)}
    warm = _WarmKernels(kernels.path, run_env)
    try:
        tables = cache.get("evidence", evidence_key)
        if tables is None:
            warm.start()  # the data changed, so notebooks will run: the kernels' template imports meanwhile
        return _run(opts, paths, dests, cache, progress, t_start, env, notebooks, values, declared, origins, meta,
                    raw_key, evidence_key, tables, run_env, warm, facts_key, metas, languages, published)
    finally:
        warm.close()
        kernels.release()


PUBLISHED = "published.json"  # in each destination's state folder: the digest of the inputs its files were built from


def _published_from(dests, inputs: str) -> bool:
    """Whether every destination holds, byte for byte as its manifest says, what a build of ``inputs`` published
    (a no-op rebuild then needs neither the cache nor staging: it reads each published file once)."""
    for dest in dests:
        try:
            said = json.loads((dest.state / PUBLISHED).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        manifest = dest.manifest()  # (a folder the build wrote nothing to has an empty one)
        if not isinstance(said, dict) or said.get("inputs") != inputs or not (dest.state / publish.MANIFEST).is_file():
            return False
        if any(dest.digest_of(rel) != want for rel, want in manifest.items()):
            return False
    return True


def _result(out: Path, notebooks: list, languages: list[str], timings: dict, executed: list[str]) -> BuildResult:
    first = languages[0]
    return BuildResult(out / edition_file("report.html", first), out / edition_file("report.pdf", first),
                       [out / "notebooks" / nb.rel for nb in notebooks], timings, sorted(executed),
                       [out / edition_file(f"{nb.stem}.html", lang) for lang in languages
                        for nb in notebooks if nb.companion], out / "data",
                       {lang: (out / edition_file("report.html", lang), out / edition_file("report.pdf", lang))
                        for lang in languages})


def _notebook_key(nb: _Notebook, values: dict, inputs_key: str, env: str, languages: list[str]) -> str:
    return digest("notebook", nb.stem, file_digest(nb.path), dict(values[nb.stem]), inputs_key, env, languages)


class _WarmKernels:
    """The build's kernel template (:mod:`kzreport.build.kernels`), started once, at most, when first needed."""

    def __init__(self, folder: Path, env: dict[str, str]):
        self.folder, self.env = folder, env
        self.server = None
        self._lock = threading.Lock()

    def start(self) -> None:
        from kzreport.build import kernels as warm_kernels

        with self._lock:
            if self.server is None and warm_kernels.enabled():
                self.server = warm_kernels.ForkServer(self.folder, {**os.environ, **self.env})

    def manager_class(self):
        from kzreport.build import kernels as warm_kernels

        self.start()
        return warm_kernels.manager_class(self.server)

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None


def _run(opts, paths, dests, cache, progress, t_start, env, notebooks, values, declared, origins, meta, raw_key: str,
         evidence_key: str, tables: Path | None, run_env, warm: _WarmKernels, facts_key: str, metas: dict,
         languages: list[str], published: str = "") -> BuildResult:
    timings: dict[str, float] = {}
    executed: list[str] = []
    out, figures, processed = dests
    kernels_path = Path(run_env["JUPYTER_RUNTIME_DIR"])
    facts = known = cache.get_json("facts", facts_key)
    if tables is None or known is None:
        # The evidence step: check every input, and write the processed tables to this build's own folder; and
        # read what the build needs to know of the data. In a child, so that the build never holds the evidence.
        t0 = time.perf_counter()
        folder = kernels_path / "processed"
        problems, facts = _in_child("the evidence step", _evidence_step, paths.root, folder if tables is None else None)
        if problems:
            raise InputError(problems)
        if tables is None:
            cache.put("evidence", evidence_key, {p.name: p for p in sorted(folder.iterdir())})
            tables = folder
            timings["evidence"] = time.perf_counter() - t0
        if known is None:
            cache.put_json("facts", facts_key, facts)
    meta = dataclasses.replace(meta, latest_source=facts["latest_source"])
    metas = {lang: dataclasses.replace(m, latest_source=facts["latest_source"]) for lang, m in metas.items()}
    # Values the analysis rules refuse (a metric the data does not have, max_rows=-1), read against the valid data.
    from kzreport.analysis.parameters import facts_of

    params_mod.check_allowed(declared, values, origins, facts_of(paths, facts["metrics"], facts["claimants"]),
                             Path(opts.notebooks_dir))

    # The outputs whose names are known before anything runs must be the build's own (or absent).
    foreign = out.foreign(_pages(languages, notebooks) + [f"notebooks/{nb.rel}" for nb in notebooks])
    if foreign:
        raise out.refuse(foreign, "this build")

    pub = Publication(list(dests))
    env_before = {k: os.environ.get(k) for k in run_env}
    os.environ.update(run_env)
    try:
        # Process data: the processed tables the evidence step wrote, then every notebook, which reads them.
        staging = pub.stage(out)
        staged_nbs = staging / "notebooks"
        staged_figures = pub.stage(figures)
        staged_processed = pub.stage(processed)
        for p in sorted(tables.iterdir()):
            if p.name != RECORD:
                with writing(staged_processed / p.name):
                    shutil.copyfile(p, staged_processed / p.name)
        scratch = pub.work_dir(figures)  # each notebook saves its figures in a folder of its own here
        staged_nbs.mkdir()
        lock = threading.Lock()
        places = {"data": paths.root, "processed": processed.root, "figures": figures.root, "out": out.root}

        def run(nb: _Notebook, inputs_key: str) -> str:
            run_values = dict(values[nb.stem])
            key = _notebook_key(nb, values, inputs_key, env, languages)
            target = staged_nbs / nb.rel
            target.parent.mkdir(parents=True, exist_ok=True)
            hit = cache.get("notebook", key)
            if hit is not None:
                _restore(hit, target, staged_figures, lock)
                _place_paths(target, places)
                with lock:
                    progress(f"✓ {nb.path.name} (cached)")
                return key
            own_figures = scratch / nb.stem
            own_figures.mkdir()
            run_values.update(data_dir=str(paths.root), processed_dir=str(staged_processed), figures_dir=str(own_figures))
            with lock:
                progress(f"▶ {nb.path.name} …")
            t0 = time.perf_counter()
            _execute(nb.path, target, run_values, out, kernels_path, warm.manager_class(), languages)
            took = time.perf_counter() - t0
            # The executed notebook names this build's staging folders; the cache keeps it with placeholders
            # instead, and the published copy names the folders the outputs are published to.
            _placeholder_paths(target, {**places, "figures": own_figures, "processed": staged_processed,
                                        "out": staging})
            files = {"notebook.ipynb": target}
            files.update({f"figures/{p.name}": p for p in sorted(own_figures.iterdir())})
            cache.put("notebook", key, files)
            if cache.get("duration", _duration_key(nb, env)) is None:
                cache.put_json("duration", _duration_key(nb, env), round(took, 1))
            _place_paths(target, places)
            with lock:
                _merge_figures(own_figures, staged_figures, nb.path.name)
                timings[nb.path.name] = took
                executed.append(nb.path.name)
                progress(f"✓ {nb.path.name} in {took:.1f} s")
            return key

        keys: dict[str, str] = {}
        inputs = digest(raw_key, tree_digest(staged_processed))
        jobs = opts.jobs or (os.cpu_count() or 1) + 1
        errors: list[str] = []
        with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(notebooks)))) as pool:
            futures = {nb.stem: pool.submit(run, nb, inputs) for nb in _longest_first(notebooks, cache, env)}
            for nb in notebooks:  # failures are reported in the report's order
                try:
                    keys[nb.stem] = futures[nb.stem].result()
                except BuildError as exc:
                    errors.append(str(exc))
        warm.close()  # every notebook has run: the kernels' template leaves before the report is rendered
        if errors:
            raise BuildError("\n".join(errors))

        # The downloadable data: the processed tables and every figure's CSV, with their Data Package descriptor.
        t0 = time.perf_counter()
        data_files = datapackage.collect(staged_processed, staged_figures)
        resources = _publish_data(data_files, staging / "data", meta, cache, env, facts["columns"])
        timings["data"] = time.perf_counter() - t0
        companions = [nb for nb in notebooks if nb.companion]
        # One report page, one PDF and one page per companion in each edition ('report.html', 'report.de.html').
        metas = {lang: _edition_meta(metas[lang], resources, companions, staged_nbs, languages)
                 for lang in languages}
        pages = _pages(languages, notebooks)
        report_key = digest("report", [keys[nb.stem] for nb in notebooks], [vars(metas[lang]) for lang in languages], env)
        hit = cache.get("report", report_key)
        if hit is not None:
            for name in pages:
                with writing(staging / name):
                    shutil.copyfile(hit / name, staging / name)
            progress(f"✓ {', '.join(pages)} (cached)")
        else:
            _render(languages, metas, [staged_nbs / nb.rel for nb in notebooks if not nb.companion],
                    [(nb, staged_nbs / nb.rel) for nb in companions], staging, timings, progress)
            cache.put("report", report_key, {name: staging / name for name in pages})

        # Save outputs: every step succeeded; publish all of them or (if killed) let the next build finish it. What the
        # folders were built from is forgotten first and said again once they hold the new files.
        for dest in dests:
            (dest.state / PUBLISHED).unlink(missing_ok=True)
        try:
            pub.publish()
        except ForeignFiles as exc:
            raise BuildError(str(exc)) from None
        for dest in dests:
            publish.write_json_atomic(dest.state / PUBLISHED, {"inputs": published})
    finally:
        for k, v in env_before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        pub.close()
    timings["total"] = time.perf_counter() - t_start
    what = f"{len(executed)} notebook(s) executed" if executed else "nothing changed, no notebook executed"
    shown = " and ".join(f"{edition_file('report.html', lang)}/.pdf" for lang in languages)
    progress(f"Built {shown} in {out.root} in {timings['total']:.1f} s ({what})")
    return _result(out.root, notebooks, languages, timings, executed)


def _pages(languages: list[str], notebooks: list) -> list[str]:
    """The pages of every edition: the report, its PDF and each companion ('report.html' … 'report.de.pdf' …)."""
    return [edition_file(name, lang) for lang in languages
            for name in ["report.html", "report.pdf"] + [f"{nb.stem}.html" for nb in notebooks if nb.companion]]


def _edition_meta(meta, resources: list, companions: list, staged_nbs: Path, languages: list[str]):
    """The metadata of one edition's pages: its downloads, its companions (their files and titles in the edition)
    and the files of the same page in every edition (the links between editions)."""
    lang = meta.language
    return dataclasses.replace(
        meta, downloads=tuple((r.path, datapackage.resource_title(r.path, lang)) for r in resources),
        companions=tuple((edition_file(f"{nb.stem}.html", lang), _first_heading(staged_nbs / nb.rel, lang))
                         for nb in companions),
        editions=tuple((other, i18n.NAMES[other], edition_file("report.html", other)) for other in languages))


def _page_jobs(lang: str, meta, merged, companions: list) -> list[tuple]:
    """The HTML pages of one edition: (page, file, notebook, metadata) of the report and of each companion."""
    from kzreport.build.render import merge_notebooks

    return [("report", meta.report_file, merged, meta)] + [
        (nb.stem, file, merge_notebooks([path], lang), dataclasses.replace(meta, page=nb.stem, page_title=title))
        for (nb, path), (file, title) in zip(companions, meta.companions)]


def _bodies(languages: list[str], metas: dict, merged: dict, companions: list) -> dict[str, dict[str, str]]:
    """nbconvert's export of every page of the editions ``languages``: language -> page -> body."""
    from kzreport.build.render import export_body

    return {lang: {page: export_body(nb, meta) for page, _, nb, meta in _page_jobs(lang, metas[lang], merged[lang],
                                                                                  companions)}
            for lang in languages}


def _render(languages: list[str], metas: dict, chapters: list[Path], companions: list, staging: Path,
            timings: dict, progress) -> None:
    """Write every edition's report page, companion pages and PDF to ``staging``.

    Each PDF's Typst source is made first; Typst compiles it in a child process (whose memory leaves with it) while
    the HTML pages are exported, or first and alone for a long report, so that the compile's memory is not added to
    the HTML export's. The other editions' pages are exported by nbconvert in a child too, beside the first
    edition's; each then gets the first edition's heading ids. A broken link is reported as before: the HTML pages'
    first, then the PDF's."""
    from kzreport.build.render import BrokenLinks, export_page, finish_page, merge_notebooks
    from kzreport.build.typeset import compile_pdf, export_typst

    t_pdf = time.perf_counter()
    merged: dict = {}  # each edition's merged notebook, kept for the HTML export unless the report is long
    first, others = languages[0], languages[1:]
    compiles: dict[str, _Child | None] = {}
    broken: dict[str, BrokenLinks] = {}
    exports: _Child | None = None
    long_report = False
    try:
        for lang in languages:
            pdf = edition_file("report.pdf", lang)
            merged[lang] = merge_notebooks(chapters, lang)
            try:
                source = export_typst(merged[lang], metas[lang])
            except BrokenLinks as exc:
                broken[lang], compiles[lang] = exc, None
                continue
            if len(source) > TYPST_BESIDE_HTML_MAX:
                long_report = True
                del merged[lang]  # a long report holds one edition at a time: merged again for its pages
            compiles[lang] = _Child(f"the compile of {pdf}", compile_pdf, source, staging / pdf)
            del source
            if long_report:
                compiles[lang].wait()
        if others and not long_report:  # a long report's pages are exported one edition after the other
            exports = _Child("the HTML export of the other editions", _bodies, others, metas, merged, companions)
        t0 = time.perf_counter()
        anchors: dict[str, list[str]] = {}  # each page's heading ids in the first edition: every edition keeps them
        names = ("report.html", *(f"{nb.stem}.html" for nb, _ in companions))  # links to them stay in the edition
        for lang in languages:
            if lang not in merged:
                merged[lang] = merge_notebooks(chapters, lang)
            if lang == first:
                bodies = None
            else:
                bodies = exports.result()[lang] if exports is not None else _bodies([lang], metas, merged, companions)[lang]
            for page_name, file, nb, page_meta in _page_jobs(lang, metas[lang], merged[lang], companions):
                try:
                    text, entries = (export_page(nb, page_meta, pages=names) if bodies is None
                                     else finish_page(bodies[page_name], lang, anchors.get(page_name), names))
                except BrokenLinks as exc:
                    raise BuildError(f"{file}: {exc}") from None
                anchors.setdefault(page_name, [e.anchor for e in entries])
                with writing(staging / file):
                    (staging / file).write_text(text, encoding="utf-8")
            if long_report:
                del merged[lang], bodies
        timings["html"] = time.perf_counter() - t0
        progress(f"✓ {len(languages) * (1 + len(companions))} HTML page(s) in {timings['html']:.1f} s")
        for lang in languages:
            pdf = edition_file("report.pdf", lang)
            with writing(staging / pdf):
                if lang in broken:
                    raise BuildError(f"{pdf}: {broken[lang]}") from None
                compiles[lang].result()
    finally:
        for child in [*compiles.values(), exports]:
            if child is not None:
                child.close()
    timings["pdf"] = time.perf_counter() - t_pdf
    progress(f"✓ {', '.join(edition_file('report.pdf', lang) for lang in languages)} in {timings['pdf']:.1f} s "
             f"({'before' if long_report else 'beside'} the HTML)")


def _publish_data(files: dict[str, Path], target: Path, meta, cache: Cache, env: str, columns: dict) -> list:
    """Copy the CSVs to ``target`` (OUT/data in staging) and write their descriptor (cached by the files' bytes)."""
    info = {"name": "kzreport", "title": meta.title, "version": meta.version, "description": meta.subtitle}
    key = digest("datapackage", [(rel, file_digest(p)) for rel, p in files.items()], info, env)
    datapackage.copy_files(files, target)
    hit = cache.get("datapackage", key)
    if hit is not None:
        with writing(target / datapackage.DESCRIPTOR):
            shutil.copyfile(hit / datapackage.DESCRIPTOR, target / datapackage.DESCRIPTOR)
        return datapackage.resources_of(json.loads((target / datapackage.DESCRIPTOR).read_text(encoding="utf-8")))
    resources = datapackage.write(files, target, columns=columns, **info)
    cache.put("datapackage", key, {datapackage.DESCRIPTOR: target / datapackage.DESCRIPTOR})
    return resources


def _first_heading(notebook: Path, language: str = "en") -> str:
    """The first Markdown heading of a notebook's report cells (a companion page's title), in ``language``."""
    from kzreport.build.render import is_report_cell

    # Read as plain JSON (an nbformat 4 notebook, executed by this build or restored from a verified cache entry):
    # importing and running nbformat's reader took longer than the rest of a rebuild with nothing changed.
    for cell in json.loads(notebook.read_text(encoding="utf-8")).get("cells", []):
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown" and language != i18n.SOURCE:
            source = i18n.markdown_cell(source, language)
        m = re.search(r"^#{1,3}\s+(.+?)\s*#*$", source, re.M) if cell.get("cell_type") == "markdown" else None
        if m and is_report_cell(cell):
            return m.group(1)
    return notebook.stem.replace("-", " ").capitalize()


def _facts(paths: config.DataPaths) -> dict:
    """What the build reads from the checked raw data besides the tables: the claims' metric and claimant names (for
    the parameters' rules), the newest source's date (for the title page), and the processed tables' declared columns
    (for the Data Package descriptor). Kept in the cache by the raw data's digest, so that a build with nothing
    changed imports no pandas, and the build process never imports pandas or pandera at all."""
    from kzreport.analysis.parameters import facts_from

    found = facts_from(paths)
    return {"metrics": sorted(found.metrics), "claimants": sorted(found.claimants),
            "latest_source": _latest_source_date(paths), "columns": datapackage.declared_columns()}


def _latest_source_date(paths) -> str:
    """The newest date_published in the registry, as printed there (ISO; '' if the registry cannot tell); each
    edition's title page says it in its words."""
    import yaml

    from kzreport.analysis.evidence_checks import first_day

    try:
        records = yaml.safe_load(paths.sources_registry.read_text(encoding="utf-8"))["sources"]
        dates = [str(r["date_published"]) for r in records]
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return ""
    return str(max(dates, key=first_day)) if dates else ""


def _evidence_step(data_dir: Path, tables: Path | None) -> tuple[list, dict]:
    """The problems of the data in ``data_dir``, none of which means that the processed tables were written to
    ``tables`` (:func:`kzreport.evidence.check_and_save`; ``None``: not checked, the tables are already cached), and
    :func:`_facts` of it."""
    from kzreport.evidence import check_and_save

    paths = config.paths_for(data_dir, tables)
    problems = check_and_save(paths) if tables is not None else []
    return problems, (_facts(paths) if not problems else {})


class _Child:
    """``fn(*args)`` in a forked child process, whose memory is returned to the system when it ends. At 100 times the
    data, checking the evidence holds several hundred MB, and the Typst compile of the PDF more than 800 MB, that the
    build would otherwise keep to its end.

    The child shares the build's open files, its folder locks among them, so it dies with the build (Linux's
    parent-death signal): a killed build leaves no child that holds its locks. Its answer (the value, or the exception
    it raised) comes back pickled through a pipe. ``what`` names the step in a message about a child that failed."""

    def __init__(self, what: str, fn, *args):
        import pickle

        from kzreport.build.kernels import die_with_parent

        self.what = what
        parent = os.getpid()
        rfd, wfd = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: answer, then leave without running the parent's exit handlers
            code = 1
            try:
                os.close(rfd)
                die_with_parent(parent)
                try:
                    answer = pickle.dumps((True, fn(*args)))
                except Exception as exc:  # noqa: BLE001  (raised again in the build)
                    try:
                        answer = pickle.dumps((False, exc))
                    except Exception:  # noqa: BLE001  (an exception that cannot be pickled: its words, then)
                        answer = pickle.dumps((False, BuildError(f"{what} failed: {type(exc).__name__}: {exc}")))
                with os.fdopen(wfd, "wb") as pipe:
                    pipe.write(answer)
                code = 0
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        os.close(wfd)
        self._pipe = os.fdopen(rfd, "rb")
        self._answer: tuple | None = None

    def wait(self) -> None:
        """Wait for the child to end (its exception, if any, is raised by :meth:`result`)."""
        import pickle

        if self._answer is not None:
            return
        with self._pipe:
            data = self._pipe.read()
        status = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        self._answer = pickle.loads(data) if data else (
            False, BuildError(f"{self.what} ended without an answer (exit status {status})"))

    def close(self) -> None:
        """Stop the child if it still runs (the build failed before it needed its answer), and reap it."""
        if self._answer is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            try:
                self.wait()
            except (OSError, ValueError):  # its pipe was closed by an interrupted wait(): reap it all the same
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(self.pid, 0)

    def result(self):
        self.wait()
        ok, value = self._answer
        if not ok:
            raise value
        return value


def _in_child(what: str, fn, *args):
    """``fn(*args)``, run in a :class:`_Child`: its value, or its exception raised here."""
    return _Child(what, fn, *args).result()


def _duration_key(nb: _Notebook, env: str) -> str:
    return digest("duration", nb.rel, file_digest(nb.path), env)


def _longest_first(notebooks: list[_Notebook], cache: Cache, env: str) -> list[_Notebook]:
    """The order the notebooks are started in: the longest first (by the time the same notebook took when it was first
    run), so that no long one starts last while the other cores sit idle; notebooks never timed come first, those
    that save the most figures first among them (drawing and saving charts, once per edition, is most of a chapter's
    time). The order changes nothing in the outputs, only how soon they are ready."""
    took = {nb.stem: cache.get_json("duration", _duration_key(nb, env)) for nb in notebooks}

    def key(nb: _Notebook) -> tuple:
        if isinstance(took[nb.stem], (int, float)):
            return (1, -took[nb.stem])
        return (0, -nb.raw.count(b"save_figure("))

    return sorted(notebooks, key=key)


def _restore(entry: Path, target: Path, figures: Path, lock: threading.Lock) -> None:
    with writing(target):
        shutil.copyfile(entry / "notebook.ipynb", target)
    with lock:
        if (entry / "figures").is_dir():
            for p in sorted((entry / "figures").iterdir()):
                with writing(figures / p.name):
                    shutil.copyfile(p, figures / p.name)


def _merge_figures(own: Path, shared: Path, notebook: str) -> None:
    for p in sorted(own.iterdir()):
        if (shared / p.name).exists():
            raise BuildError(f"{notebook}: figure file {p.name} is also written by another notebook; give it a unique name")
        os.replace(p, shared / p.name)
    own.rmdir()


def _json_path(path: Path) -> str:
    return json.dumps(str(path))[1:-1]


def _placeholder_paths(notebook: Path, places: dict[str, Path]) -> None:
    """Replace the folders a notebook ran with by placeholders (``@KZREPORT:processed@``), longest first."""
    text = notebook.read_text(encoding="utf-8")
    for name, path in sorted(places.items(), key=lambda kv: -len(str(kv[1]))):
        text = text.replace(_json_path(path), f"@KZREPORT:{name}@")
    with writing(notebook):
        notebook.write_text(text, encoding="utf-8")


def _place_paths(notebook: Path, places: dict[str, Path]) -> None:
    """The reverse of :func:`_placeholder_paths`, with the folders of this build's published publish."""
    text = notebook.read_text(encoding="utf-8")
    for name, path in places.items():
        text = text.replace(f"@KZREPORT:{name}@", _json_path(path))
    with writing(notebook):
        notebook.write_text(text, encoding="utf-8")


_VOLATILE = ("start_time", "end_time", "duration")


def _strip_timings(path: Path) -> None:
    """Remove papermill's and nbclient's wall-clock timestamps: executed notebooks stay reproducible."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
    for meta in [nb.get("metadata", {})] + [c.get("metadata", {}) for c in nb.get("cells", [])]:
        meta.pop("execution", None)
        pm = meta.get("papermill")
        if isinstance(pm, dict):
            for k in _VOLATILE:
                pm.pop(k, None)
    text = json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    with writing(path):
        path.write_text(_stable_styler_ids(text), encoding="utf-8")


_STYLER_ID = re.compile(r"\bT_([0-9a-f]{5})(?=[_\s\"\\{])")
_ADDRESS = re.compile(r"(<[\w.]+(?: object)? at )0x[0-9a-f]+>")


def _stable_styler_ids(text: str) -> str:
    """pandas names each styled table's CSS ids after a random ``T_<5 hex>``: number them in order instead; and
    a plain-text repr such as ``<pandas.io.formats.style.Styler at 0x7f…>`` loses its memory address."""
    seen: dict[str, str] = {}
    text = _STYLER_ID.sub(lambda m: "T_" + seen.setdefault(m.group(1), f"s{len(seen) + 1:04d}"), text)
    return _ADDRESS.sub(r"\1…>", text)


# The longest Typst source (characters) compiled beside the HTML export; a longer one is compiled first, alone. The
# compile needs about 0.2 GiB per million characters (measured: 840 MiB for the 3.9 million of the 100x synthetic
# data; the report itself is 0.8 million), so beside the HTML export a long report's build would need more than 1 GiB.
TYPST_BESIDE_HTML_MAX = 2_000_000

IOPUB_TIMEOUT_S = 120  # seconds nbclient waits for a finished cell's output to arrive


def _keep_failed(target: Path, out: Destination, name: str) -> str:
    """Copy the notebook that failed to OUT/failed/ for inspection; say where it went (or why not)."""
    rel = f"failed/{name}"
    if not target.exists():
        return "nothing was saved"
    if out.keep(rel, target):
        return f"kept for inspection: {out.describe(rel)}"
    return f"not kept: {out.describe(rel)} exists and kzreport did not write it"


def _first_line(source: str | None) -> str:
    """The first line of a cell that is neither blank nor a comment, cut to 80 characters; for a twin (with_twins),
    the first line of the cell it runs again, and in which edition."""
    twin = re.fullmatch(r"import kzreport\.report\.i18n\nkzreport\.report\.i18n\.run_cell\((.*)\)", source or "", re.S)
    if twin:
        import ast

        try:
            lang, original = ast.literal_eval(f"({twin.group(1)})")
        except (ValueError, SyntaxError):
            pass
        else:
            return f"{lang} edition of: {_first_line(original)}"[:80]
    return next((ln for ln in (source or "").splitlines() if ln.strip() and not ln.lstrip().startswith("#")),
                "").strip()[:80]


_kernel_count = itertools.count()


def _short_dir(parent: Path) -> str:
    """A new folder ``parent/k<n>``: short, because a kernel's socket paths must fit in 107 characters."""
    while True:
        path = parent / f"k{next(_kernel_count)}"
        try:
            path.mkdir()
            return str(path)
        except FileExistsError:
            continue


TWIN_SOURCE = "import kzreport.report.i18n\nkzreport.report.i18n.run_cell({lang!r}, {source!r})"


def with_twins(path: Path, languages: list[str]):
    """The notebook at ``path`` with a twin after each code cell tagged ``report``, per language of ``languages``
    other than English: the twin runs the cell's code again in that edition (:func:`kzreport.report.i18n.run_cell`),
    after the same analysis. Its metadata says which edition it is (``kzreport.edition``), as the renderer reads."""
    import nbformat

    from kzreport.build.render import is_report_cell
    from kzreport.report import i18n

    nb = nbformat.read(path, as_version=4)
    others = [lang for lang in languages if lang != i18n.SOURCE]
    if not others:
        return nb
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        if cell.cell_type == "code" and is_report_cell(cell):
            for lang in others:
                twin = nbformat.v4.new_code_cell(TWIN_SOURCE.format(lang=lang, source=cell.source))
                twin.metadata = {"tags": list(cell.metadata.get("tags", [])), "kzreport": {"edition": lang}}
                twin["id"] = f"{cell.get('id', len(cells))}-{lang}"[:64]
                cells.append(twin)
    nb.cells = cells
    return nb


def _execute(nb: Path, target: Path, values: dict, out: Destination, sockets_parent: Path, manager_class,
             languages: list[str] = (i18n.SOURCE,)) -> None:
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    # Local sockets (no TCP ports, no ipykernel warning), in a folder of this kernel's own:
    # kernels running in parallel would otherwise share the default socket names and cross-talk.
    sockets = _short_dir(sockets_parent)
    kernel_config = Config()
    kernel_config.KernelManager.transport = "ipc"
    kernel_config.KernelManager.ip = os.path.join(sockets, "k")
    # jupyter_client would otherwise write the connection file to $TMPDIR, where a killed build leaves it.
    kernel_config.KernelManager.connection_file = os.path.join(sockets, "kernel.json")
    running = {"count": 0, "source": ""}  # the cell sent to the kernel last, for a kernel that dies

    def on_cell_execute(cell, cell_index, **_kw) -> None:
        running["count"] += 1  # code cells run in order, so this is the cell's execution count
        running["source"] = cell.source

    try:
        papermill.execute_notebook(
            # The kernel starts in the notebook's folder (nbclient's resources path). Not papermill's cwd=, which
            # changes the folder of the whole build process, while other notebooks' kernels start in other folders.
            with_twins(nb, list(languages)), str(target), parameters=values, kernel_name="python3", resources={"metadata": {"path": str(nb.parent)}},
            progress_bar=False, log_output=False, request_save_on_cell_execute=False, config=kernel_config,
            # nbclient waits 4 s by default for a finished cell's output; a large table on a loaded 2-core
            # machine can take longer to arrive, and the cell would be reported as failed.
            iopub_timeout=IOPUB_TIMEOUT_S, on_cell_execute=on_cell_execute, kernel_manager_class=manager_class,
            # jupyter_client interrupts every kernel it shuts down, and an idle ipykernel then logs
            # "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel." to the build's terminal: a false
            # alarm (seen on 2 of 6 kernels of a build). What a chapter prints or raises is in its notebook.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except PapermillExecutionError as exc:
        kept = _keep_failed(target, out, nb.name)
        raise BuildError(
            f"notebook {nb.name} failed in cell {exc.exec_count if exc.exec_count is not None else '?'}"
            f" ({_first_line(exc.source)!r}): {exc.ename}: {(exc.evalue or '').strip()}\n"
            f"  the executed notebook: {kept}"
        ) from None
    except (DeadKernelError, CellTimeoutError) as exc:
        # The kernel died (out of memory, os._exit, a crash in C code) or stopped answering: there is no
        # Python traceback, and papermill saves no executed notebook, so name the cell that was running and
        # keep the notebook as it was run.
        executed = target.exists()
        kept = _keep_failed(target if executed else nb, out, nb.name)
        what = "the kernel died" if isinstance(exc, DeadKernelError) else "the kernel stopped answering"
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else "no detail"
        raise BuildError(
            f"notebook {nb.name} failed in cell {running['count'] or '?'} ({_first_line(running['source'])!r}): "
            f"{what} ({type(exc).__name__}: {detail})\n"
            f"  the {'executed' if executed else 'unexecuted (nothing was saved)'} notebook: {kept}"
        ) from None
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    _strip_timings(target)
