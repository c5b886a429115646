"""Benchmark the build against the plain tool chain (issue 7). Run: .venv/bin/python bench/bench_build.py

Prints, side by side, the median of N runs (default 5) of:
  cold   `kzreport build --force` with an empty cache (full report: notebooks, HTML, PDF)
  warm   `kzreport build` again with nothing changed (must execute no notebook)
  plain  the same notebooks and parameters rendered by the plain tool chain: the papermill CLI on
         each notebook, then `jupyter nbconvert --to html` on each, then WeasyPrint on each
and the ratio cold/plain, plus the peak memory (RSS summed over the build's whole process tree,
kernels included) of a cold build. Everything runs on a copy of data/ in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
# The plain chain runs them in a valid order too: the notebooks that write the processed tables first.
PLAIN_ORDER = sorted(NOTEBOOKS, key=lambda p: not json.loads(p.read_text(encoding="utf-8"))
                     .get("metadata", {}).get("kzreport", {}).get("writes_processed", False))


def _rss_tree_kib(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in KiB (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ppid = int(fields[1])
            with open(f"/proc/{entry}/statm") as fh:
                pages = int(fh.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total


def run(cmd: list[str], env: dict | None = None, measure_memory: bool = False, stream: bool = False) -> tuple[float, int]:
    """Run a command; return (seconds, peak KiB of its process tree if measured).

    Its stderr is kept for the error message, or with ``stream`` shown as it comes (a long build's progress).
    """
    peak = 0
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=None if stream else subprocess.PIPE, text=True)
    if measure_memory:
        stop = threading.Event()

        def sample():
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, _rss_tree_kib(proc.pid))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    _, err = proc.communicate()
    took = time.perf_counter() - t0
    if measure_memory:
        stop.set()
        sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{(err or '(its output is above)')[-3000:]}")
    return took, peak


def kzreport_build(data: Path, out: Path, cache: Path, force: bool, measure_memory: bool = False,
                   stream: bool = False) -> tuple[float, int]:
    cmd = [str(VENV_BIN / "kzreport"), "build", "--data", str(data), "--out", str(out), "--cache", str(cache)]
    return run(cmd + (["--force"] if force else []), measure_memory=measure_memory, stream=stream)


def plain_chain(data: Path, work: Path) -> float:
    """papermill CLI per notebook, nbconvert --to html per notebook, WeasyPrint per HTML."""
    shutil.rmtree(work, ignore_errors=True)
    (work / "processed").mkdir(parents=True)
    (work / "figures").mkdir()
    t0 = time.perf_counter()
    executed = []
    for nb in PLAIN_ORDER:
        out = work / nb.name
        run([str(VENV_BIN / "papermill"), str(nb), str(out), "-k", "python3", "--cwd", str(ROOT / "notebooks"),
             "-p", "data_dir", str(data), "-p", "processed_dir", str(work / "processed"),
             "-p", "figures_dir", str(work / "figures"), "--no-progress-bar"])
        executed.append(out)
    for nb in executed:
        run([str(VENV_BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb)])
    for nb in executed:
        html = nb.with_suffix(".html")
        run([str(VENV_BIN / "weasyprint"), str(html), str(html.with_suffix(".pdf"))])
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="runs per measurement (median reported)")
    ap.add_argument("--data", type=Path, default=ROOT / "data", help="data folder to copy (raw/ is used)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="kzbench-") as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        shutil.copytree(args.data / "raw", data / "raw")
        cold, warm, plain, peaks = [], [], [], []
        for i in range(args.runs):
            cache = tmp / f"cache-{i}"
            took, peak = kzreport_build(data, tmp / "out", cache, force=True, measure_memory=True)
            cold.append(took)
            peaks.append(peak)
            warm.append(kzreport_build(data, tmp / "out", cache, force=False)[0])
            plain.append(plain_chain(data, tmp / "plain"))
            print(f"run {i + 1}/{args.runs}: cold {cold[-1]:.2f} s, warm {warm[-1]:.2f} s, plain {plain[-1]:.2f} s, "
                  f"peak {peak / 1024:.0f} MiB", file=sys.stderr)

    mc, mw, mp = statistics.median(cold), statistics.median(warm), statistics.median(plain)
    print(f"\n{len(NOTEBOOKS)} notebooks, {os.cpu_count()} cores, median of {args.runs} runs")
    print(f"{'':28}{'seconds':>10}{'× plain':>10}")
    print(f"{'cold build (no cache)':28}{mc:10.2f}{mc / mp:10.2f}")
    print(f"{'warm rebuild (no change)':28}{mw:10.2f}{mw / mp:10.2f}")
    print(f"{'plain tool chain':28}{mp:10.2f}{1:10.2f}")
    print(f"\ncold / plain = {mc / mp:.2f} (target ≤ 0.5); warm = {mw:.2f} s (target ≤ 2 s)")
    print(f"peak memory of a cold build (process tree, median) = {statistics.median(peaks) / 1024:.0f} MiB "
          f"(max {max(peaks) / 1024:.0f} MiB; target ≤ 1024 MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
