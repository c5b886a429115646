"""Scale (issue 7): cleaning and validation at 1x and FACTORx data, and a build on FACTORx data.

    .venv/bin/python bench/bench_scale.py [--factor 100] [--no-build]

Generates the synthetic data with make_synthetic.py in a temporary folder, times
`check_and_clean` (every check `kzreport validate` runs, plus cleaning) at both sizes, prints the
ratio (target: at most 1.5 x FACTOR, i.e. linear), then builds the full report on the large data
(its progress streamed) and prints the build's time, peak memory, the size of report.pdf, the CPU seconds of the
build's process tree and the load average (times on a shared machine are only comparable with the load).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import kzreport_build  # noqa: E402
from kzreport import config  # noqa: E402
from kzreport.evidence import check_and_clean  # noqa: E402
from make_synthetic import make  # noqa: E402


def timed_validation(folder: Path) -> tuple[float, int, int, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    ev = check_and_clean(config.paths_for(folder))
    took, cpu = time.perf_counter() - t0, time.process_time() - c0
    if ev.problems:
        raise SystemExit(f"{folder}: {len(ev.problems)} problems, first: {ev.problems[0]}")
    return took, len(ev.claims), len(ev.events), cpu


def pdf_pages(pdf: Path) -> int:
    """Pages of a PDF, read with pypdf (a dependency of the report's tests)."""
    from pypdf import PdfReader
    return len(PdfReader(pdf).pages)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--factor", type=int, default=100)
    ap.add_argument("--no-build", action="store_true", help="only time validation")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kzscale-") as tmp:
        tmp = Path(tmp)
        small, large = tmp / "x1", tmp / f"x{args.factor}"
        make(1, small)
        counts = make(args.factor, large)
        t1, c1, e1, u1 = timed_validation(small)
        tn, cn, en, un = timed_validation(large)
        print(f"1x:   {c1:>7} claims {e1:>7} events  {t1:8.2f} s ({u1:.2f} s CPU)")
        print(f"{args.factor}x: {cn:>7} claims {en:>7} events  {tn:8.2f} s ({un:.2f} s CPU)   ({counts['sources']} sources)")
        print(f"ratio {tn / t1:.1f} for {args.factor}x the data (target ≤ {1.5 * args.factor:.0f}); "
              f"peak memory of validation {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")
        if not args.no_build:
            load = os.getloadavg()
            step = kzreport_build(large, tmp / "out", tmp / "cache", force=True)
            html, pdf = tmp / "out" / "report.html", tmp / "out" / "report.pdf"
            print(f"build on {args.factor}x data: {step.wall:.1f} s (target ≤ 60 s), peak memory of its process tree "
                  f"{step.pss // 1024} MiB PSS (target ≤ 1024 MiB; pages the forked kernels share counted once), "
                  f"{step.rss // 1024} MiB RSS summed; report.html {html.stat().st_size // 1024} KiB, "
                  f"report.pdf {pdf.stat().st_size // 1024} KiB ({pdf_pages(pdf)} pages)")
            # CPU seconds of the build's whole process tree (kernels included): what a busy machine does not inflate
            print(f"build CPU {step.cpu:.1f} s on {os.cpu_count()} cores; load average before the build "
                  f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, after {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
