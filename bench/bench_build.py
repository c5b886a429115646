"""Benchmark the analyst's loop against the plain tool chain (issue 15). Run: .venv/bin/python bench/bench_build.py

Each round runs, one after the other (so that a machine's changing load falls on all of them alike):
  cold    `kzreport build --force` with an empty cache: every notebook, the HTML and the PDF
  change  one claim of data/raw/claims.csv changed (the health ministry's toll of 9 January, 164 read as 103),
          then `kzreport build`: the evidence step, every notebook, HTML and PDF again
  no-op   `kzreport build` again with nothing changed (the whole command, its imports included)
  plain   the same notebooks rendered by the plain tool chain: the evidence step (`python -c` calling
          kzreport.evidence.check_and_save, which writes the processed tables), the papermill CLI on each notebook,
          `jupyter nbconvert --to html` on each, then the WeasyPrint CLI on each chapter's HTML (the build makes one
          PDF, of the chapters)
and prints the median of each over the rounds, its ratio to the plain chain, the CPU seconds (user + sys of the
command and every process it started, kernels included) and the peak memory of the build's process tree: the sum of
the resident memory (RSS) of its processes, and the sum of their proportional set size (PSS), which counts a page
shared by forked kernels once rather than once per process. Everything runs on a copy of data/ in a temporary folder.

``--without-warm-kernels`` adds a cold build per round with the kernels started the usual way (one Python process per
notebook importing everything), for comparison. ``--english-too`` adds, per round, the same cold build, changed
claim and no-op rebuild with ``-p languages=[en]``: the English edition alone, as the plain chain renders one edition
(the default build renders every edition, English and German), and so what the German edition adds. WeasyPrint is in the bench extra: ``make bench`` installs it.
"""

from __future__ import annotations

import argparse
import os
import resource
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
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
COMPANIONS = sorted((ROOT / "notebooks" / "companion").glob("*.ipynb"))
CLAIM_ROW, CLAIM_OLD, CLAIM_NEW = "taz_2022-c003,", ",killed,164,people,", ",killed,103,people,"
TARGETS = {"cold": 0.3, "change": 0.15}
NOOP_TARGET_S = 1.0


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        out.append(p)
        stack.extend(children.get(p, []))
    return out


def _memory_kib(pids: list[int]) -> tuple[int, int]:
    """(RSS, PSS) summed over ``pids``, in KiB."""
    rss = pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return rss, pss


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


class Step:
    """One command's wall seconds, CPU seconds (its whole process tree) and peak memory (RSS, PSS in KiB)."""

    def __init__(self, wall: float, cpu: float, rss: int = 0, pss: int = 0):
        self.wall, self.cpu, self.rss, self.pss = wall, cpu, rss, pss


def run(cmd: list[str], env: dict | None = None, measure_memory: bool = False) -> Step:
    """Run a command (its output kept for the error message); measure it."""
    peak = [0, 0]
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            rss, pss = _memory_kib(_tree(proc.pid))
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    if measure_memory:
        sampler.start()
    _, err = proc.communicate()
    took = time.perf_counter() - t0
    cpu = _children_cpu() - cpu0
    stop.set()
    if measure_memory:
        sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{(err or '')[-3000:]}")
    return Step(took, cpu, *peak)


def kzreport_build(data: Path, out: Path, cache: Path, force: bool = False, env: dict | None = None,
                   extra: tuple[str, ...] = ()) -> Step:
    cmd = [str(VENV_BIN / "kzreport"), "build", "--data", str(data), "--out", str(out), "--cache", str(cache), *extra]
    return run(cmd + (["--force"] if force else []), env=env, measure_memory=True)


ENGLISH = ("-p", "languages=[en]")


EVIDENCE_STEP = ("import sys; from kzreport import config; from kzreport.evidence import check_and_save; "
                 "sys.exit(1 if check_and_save(config.paths_for(sys.argv[1], sys.argv[2])) else 0)")


def plain_chain(data: Path, work: Path) -> Step:
    """The evidence step (the processed tables every notebook reads), then the papermill CLI per notebook,
    nbconvert --to html per notebook, WeasyPrint per chapter's HTML."""
    shutil.rmtree(work, ignore_errors=True)
    (work / "processed").mkdir(parents=True)
    (work / "figures").mkdir()
    steps = [run([str(VENV_BIN / "python"), "-c", EVIDENCE_STEP, str(data), str(work / "processed")])]
    executed = []
    for nb in COMPANIONS + CHAPTERS:
        out = work / nb.name
        steps.append(run([str(VENV_BIN / "papermill"), str(nb), str(out), "-k", "python3", "--cwd", str(nb.parent),
                          "-p", "data_dir", str(data), "-p", "processed_dir", str(work / "processed"),
                          "-p", "figures_dir", str(work / "figures"), "--no-progress-bar"]))
        executed.append(out)
    for nb in executed:
        steps.append(run([str(VENV_BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb)]))
    for nb in executed[len(COMPANIONS):]:
        html = nb.with_suffix(".html")
        steps.append(run([str(VENV_BIN / "weasyprint"), str(html), str(html.with_suffix(".pdf"))]))
    return Step(sum(s.wall for s in steps), sum(s.cpu for s in steps))


def change_one_claim(data: Path, new: bool) -> None:
    claims = data / "raw" / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    row = next(ln for ln in text.splitlines() if ln.startswith(CLAIM_ROW))
    old, to = (CLAIM_OLD, CLAIM_NEW) if new else (CLAIM_NEW, CLAIM_OLD)
    changed = row.replace(old, to, 1)
    if changed == row:
        raise SystemExit(f"bench: the row {CLAIM_ROW}… of claims.csv no longer holds {old!r}: update the benchmark")
    claims.write_text(text.replace(row, changed), encoding="utf-8")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="rounds (medians reported)")
    ap.add_argument("--data", type=Path, default=ROOT / "data", help="data folder to copy (raw/ is used)")
    ap.add_argument("--without-warm-kernels", action="store_true",
                    help="also a cold build per round with kernels started the usual way")
    ap.add_argument("--no-plain", action="store_true", help="skip the plain chain (ratios are then not printed)")
    ap.add_argument("--english-too", action="store_true",
                    help="also the cold build, changed claim and no-op with the English edition alone")
    args = ap.parse_args()
    if not args.no_plain and not (VENV_BIN / "weasyprint").exists():
        raise SystemExit("bench: WeasyPrint is not installed (the plain chain's PDF): run `make bench`")

    results: dict[str, list[Step]] = {k: [] for k in ("cold", "change", "no-op", "cold, English only",
                                                       "change, English only", "no-op, English only", "plain",
                                                       "cold, usual kernels")}
    load_start = _load()
    with tempfile.TemporaryDirectory(prefix="kzbench-") as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        shutil.copytree(args.data / "raw", data / "raw")
        for i in range(args.runs):
            cache, out = tmp / f"cache-{i}", tmp / f"out-{i}"
            results["cold"].append(kzreport_build(data, out, cache, force=True))
            before = (out / "report.html").read_bytes()
            change_one_claim(data, new=True)
            try:
                results["change"].append(kzreport_build(data, out, cache))
                if (out / "report.html").read_bytes() == before:
                    raise SystemExit("bench: the changed claim did not change report.html")
                results["no-op"].append(run([str(VENV_BIN / "kzreport"), "build", "--data", str(data), "--out",
                                             str(out), "--cache", str(cache)]))
            finally:
                change_one_claim(data, new=False)
            if args.english_too:
                cache_en, out_en = tmp / f"cache-en-{i}", tmp / f"out-en-{i}"
                results["cold, English only"].append(kzreport_build(data, out_en, cache_en, force=True, extra=ENGLISH))
                change_one_claim(data, new=True)
                try:
                    results["change, English only"].append(kzreport_build(data, out_en, cache_en, extra=ENGLISH))
                    results["no-op, English only"].append(run([str(VENV_BIN / "kzreport"), "build", "--data", str(data),
                                                               "--out", str(out_en), "--cache", str(cache_en), *ENGLISH]))
                finally:
                    change_one_claim(data, new=False)
                shutil.rmtree(cache_en, ignore_errors=True)
                shutil.rmtree(out_en, ignore_errors=True)
            if args.without_warm_kernels:
                env = {**os.environ, "KZREPORT_WARM_KERNELS": "0"}
                results["cold, usual kernels"].append(
                    kzreport_build(data, tmp / "out-usual", tmp / f"cache-usual-{i}", force=True, env=env))
            if not args.no_plain:
                results["plain"].append(plain_chain(data, tmp / "plain"))
            line = ", ".join(f"{k} {v[-1].wall:.2f} s" for k, v in results.items() if len(v) == i + 1)
            print(f"round {i + 1}/{args.runs}: {line} (load {_load()})", file=sys.stderr, flush=True)
            shutil.rmtree(cache, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)

    def med(key: str, attr: str) -> float:
        return statistics.median(getattr(s, attr) for s in results[key])

    plain = med("plain", "wall") if results["plain"] else None
    print(f"\n{len(CHAPTERS)} chapters + {len(COMPANIONS)} companion, {os.cpu_count()} cores, median of {args.runs} "
          f"rounds; load average (1, 5, 15 min) {load_start} at the start, {_load()} at the end")
    print(f"{'':30}{'wall s':>9}{'× plain':>9}{'target':>9}{'CPU s':>8}{'peak RSS':>10}{'peak PSS':>10}")
    for key, steps in results.items():
        if not steps:
            continue
        wall = med(key, "wall")
        ratio = f"{wall / plain:9.3f}" if plain else f"{'':>9}"
        base = key.split(",")[0]
        target = (f"{'≤ ' + str(TARGETS[base]):>9}" if base in TARGETS else
                  f"{'≤ 1 s':>9}" if base == "no-op" else f"{'':>9}")
        mem = (f"{med(key, 'rss') / 1024:8.0f} M{med(key, 'pss') / 1024:8.0f} M" if steps[0].rss else "")
        print(f"{key:30}{wall:9.2f}{ratio}{target}{med(key, 'cpu'):8.1f}  {mem}")
    if plain:
        print(f"\ncold / plain = {med('cold', 'wall') / plain:.3f} (target ≤ {TARGETS['cold']}); "
              f"change / plain = {med('change', 'wall') / plain:.3f} (target ≤ {TARGETS['change']}); "
              f"no-op = {med('no-op', 'wall'):.2f} s (target ≤ {NOOP_TARGET_S} s)")
    if results["cold, English only"]:
        print(f"the German edition adds {med('cold', 'wall') / med('cold, English only', 'wall') - 1:.1%} to a cold "
              f"build and {med('no-op', 'wall') - med('no-op, English only', 'wall'):+.2f} s to a no-op rebuild "
              f"(medians)")
    print(f"peak memory of a cold build (process tree, median): RSS {med('cold', 'rss') / 1024:.0f} MiB, "
          f"PSS {med('cold', 'pss') / 1024:.0f} MiB (max RSS {max(s.rss for s in results['cold']) / 1024:.0f} MiB)")
    print("walls of every round: " + "; ".join(f"{k} " + " ".join(f"{s.wall:.1f}" for s in v)
                                             for k, v in results.items() if v))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
