"""Scale (issue 7): cleaning and validation at 1x and FACTORx data, and a build on FACTORx data.

    .venv/bin/python bench/bench_scale.py [--factor 100] [--no-build]

Generates the synthetic data with make_synthetic.py in a temporary folder, times
`check_and_clean` (every check `kzreport validate` runs, plus cleaning) at both sizes, prints the
ratio (target: at most 1.5 x FACTOR, i.e. linear), then builds the full report on the large data
(its progress streamed) and prints the build's time, peak memory and the size of report.pdf.
"""

from __future__ import annotations

import argparse
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


def timed_validation(folder: Path) -> tuple[float, int, int]:
    t0 = time.perf_counter()
    ev = check_and_clean(config.paths_for(folder))
    took = time.perf_counter() - t0
    if ev.problems:
        raise SystemExit(f"{folder}: {len(ev.problems)} problems, first: {ev.problems[0]}")
    return took, len(ev.claims), len(ev.events)


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
        t1, c1, e1 = timed_validation(small)
        tn, cn, en = timed_validation(large)
        print(f"1x:   {c1:>7} claims {e1:>7} events  {t1:8.2f} s")
        print(f"{args.factor}x: {cn:>7} claims {en:>7} events  {tn:8.2f} s   ({counts['sources']} sources)")
        print(f"ratio {tn / t1:.1f} for {args.factor}x the data (target ≤ {1.5 * args.factor:.0f}); "
              f"peak memory of validation {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")
        if not args.no_build:
            took, peak = kzreport_build(large, tmp / "out", tmp / "cache", force=True, measure_memory=True, stream=True)
            html, pdf = tmp / "out" / "report.html", tmp / "out" / "report.pdf"
            print(f"build on {args.factor}x data: {took:.1f} s, peak memory {peak // 1024} MiB, "
                  f"report.html {html.stat().st_size // 1024} KiB, report.pdf {pdf.stat().st_size // 1024} KiB "
                  f"({pdf_pages(pdf)} pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
