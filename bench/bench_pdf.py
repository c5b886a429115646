"""The PDF step side by side (issue 15): WeasyPrint on the report's HTML against Typst on the same notebooks.

Run after a build (`make bench` installs WeasyPrint first): .venv/bin/python bench/bench_pdf.py [--out report/] [--runs 5]

Reads OUT/report.html (what WeasyPrint rendered before issue 15) and the executed notebooks in OUT/notebooks/ (what the Typst
path renders), and times, interleaved in one run, the median of N of:
  weasyprint  bench/weasy.py's write_pdf on the HTML, with the report's fonts (as the build did before issue 15)
  typst       kzreport.build.typeset in a fresh process, as a build runs it once: the notebooks to Typst (nbconvert
              template, Markdown and HTML converted), then the compile, each also shown on its own (modules imported
              before the clock starts)
  typst in a build   the same in a fresh process after one HTML export, so that nbconvert and its templates are
                     loaded, as in the build process (which compiles in a child of its own)
  typst again the same in this process after a first run: the compiler's memoised work reused (an upper bound on
              what a long-lived process, such as a watch loop, would see)
with the ratio to WeasyPrint (target: at most 0.1), the pages of each PDF and whether every Typst run gave the
same bytes. Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))  # weasy.py, the yardstick
# One Typst render in a fresh interpreter; prints the seconds of the export and of the compile.
FRESH = """
import sys, time
from pathlib import Path
import yaml, nbconvert, typst, mistune
from kzreport import config
from kzreport.build.render import ReportMeta, export_html, merge_notebooks
from kzreport.build.typeset import compile_pdf, export_typst
out, target = Path(sys.argv[1]), Path(sys.argv[2])
meta = ReportMeta.from_params(yaml.safe_load(config.PARAMS_FILE.read_text(encoding="utf-8"))["report"])
notebooks = sorted((out / "notebooks").glob("[0-9][0-9]-*.ipynb"))
merged = merge_notebooks(notebooks)
if sys.argv[3] == "after-html":
    export_html(merged, meta)  # as a build does before its PDF step
t0 = time.perf_counter()
source = export_typst(merged, meta)
t1 = time.perf_counter()
compile_pdf(source, target)
print(t1 - t0, time.perf_counter() - t1)
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "report", help="a built report folder (default: report/)")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    import yaml
    from pypdf import PdfReader

    import weasy
    from kzreport import config
    from kzreport.build.render import ReportMeta, merge_notebooks
    from kzreport.build.typeset import compile_pdf, export_typst

    if weasy.missing():
        sys.exit(weasy.missing())

    html = (args.out / "report.html").read_text(encoding="utf-8")
    notebooks = sorted((args.out / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    if not notebooks:
        sys.exit(f"no executed notebooks in {args.out / 'notebooks'}: build the report first (make report)")
    meta = ReportMeta.from_params(yaml.safe_load(config.PARAMS_FILE.read_text(encoding="utf-8"))["report"])
    steps = ("weasyprint", "typst", "typst: to Typst", "typst: compile", "typst in a build", "typst again")
    times: dict[str, list[float]] = {k: [] for k in steps}
    digests = set()
    with tempfile.TemporaryDirectory(prefix="kz-bench-pdf-") as tmp:
        for i in range(args.runs):
            t0 = time.perf_counter()
            weasy.write_pdf(html, Path(tmp) / "weasyprint.pdf")
            times["weasyprint"].append(time.perf_counter() - t0)
            fresh = subprocess.run([sys.executable, "-c", FRESH, str(args.out), str(Path(tmp) / "typst.pdf"), "alone"],
                                   capture_output=True, text=True, check=True)
            export, compile_ = (float(x) for x in fresh.stdout.split())
            in_build = subprocess.run([sys.executable, "-c", FRESH, str(args.out), str(Path(tmp) / "build.pdf"), "after-html"],
                                      capture_output=True, text=True, check=True)
            times["typst in a build"].append(sum(float(x) for x in in_build.stdout.split()))
            digests.add(hashlib.sha256((Path(tmp) / "build.pdf").read_bytes()).hexdigest())
            times["typst"].append(export + compile_)
            times["typst: to Typst"].append(export)
            times["typst: compile"].append(compile_)
            digests.add(hashlib.sha256((Path(tmp) / "typst.pdf").read_bytes()).hexdigest())
            if i == 0:
                compile_pdf(export_typst(merge_notebooks(notebooks), meta), Path(tmp) / "warm.pdf")  # memoise
            t0 = time.perf_counter()
            compile_pdf(export_typst(merge_notebooks(notebooks), meta), Path(tmp) / "warm.pdf")
            times["typst again"].append(time.perf_counter() - t0)
            digests.add(hashlib.sha256((Path(tmp) / "warm.pdf").read_bytes()).hexdigest())
            print(f"run {i + 1}/{args.runs}: weasyprint {times['weasyprint'][-1]:.2f} s, typst {times['typst'][-1]:.2f} s, "
                  f"in a build {times['typst in a build'][-1]:.2f} s, again {times['typst again'][-1]:.2f} s", file=sys.stderr)
        pages = {name: len(PdfReader(Path(tmp) / f"{name}.pdf").pages) for name in ("weasyprint", "typst")}
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"{'step':<20}{'median s':>10}{'ratio':>8}  pages")
    for name in steps:
        ratio = med[name] / med["weasyprint"]
        print(f"{name:<20}{med[name]:>10.2f}{ratio:>8.3f}  {pages.get(name, '')}")
    print(f"typst/weasyprint = {med['typst'] / med['weasyprint']:.3f} (target <= 0.1); "
          f"typst PDFs byte-identical over {args.runs} runs: {'yes' if len(digests) == 1 else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
