"""Compare what two builds of the report show readers: every number in report.html and every figure CSV.

    .venv/bin/python bench/compare_reports.py OLD_DIR NEW_DIR

OLD_DIR and NEW_DIR each hold a ``report.html`` and a ``figures/`` folder (a build's ``--out``, or the
project's report/ with figures/ beside it). Prints the numbers that differ (as a multiset, in order of
appearance per section), the figure CSVs that differ, and the wording differences line by line.
Exit 1 if any number or figure CSV differs.
"""

from __future__ import annotations

import argparse
import difflib
import html
import re
import sys
from collections import Counter
from pathlib import Path

_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w])")
_BLOCK = re.compile(r"</?(?:p|li|h[1-6]|tr|figcaption|caption|div|section|table|ul|ol|br)\b[^>]*>", re.I)


def visible_lines(page: str) -> list[str]:
    """The report's text as a reader sees it, one block per line (images, styles and scripts dropped)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r'\ssrc="data:[^"]*"', "", page)
    page = re.sub(r'\balt="([^"]*)"', lambda m: f">[alt: {m.group(1)}]<", page)  # alt text is read too
    page = _BLOCK.sub("\n", page)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    lines = [re.sub(r"\s+", " ", ln).strip() for ln in text.splitlines()]
    return [ln for ln in lines if ln and not re.match(r"^Build \S+ · inputs [0-9a-f]+$", ln)]


def numbers(lines: list[str]) -> Counter:
    return Counter(n.replace(",", "") for ln in lines for n in _NUMBER.findall(ln))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("--wording", type=int, default=200, help="most wording differences to print (default 200)")
    args = ap.parse_args()
    old = visible_lines((args.old / "report.html").read_text(encoding="utf-8"))
    new = visible_lines((args.new / "report.html").read_text(encoding="utf-8"))
    n_old, n_new = numbers(old), numbers(new)
    bad = False
    lost, gained = n_old - n_new, n_new - n_old
    print(f"numbers in report.html: {sum(n_old.values()):,} before, {sum(n_new.values()):,} after")
    if lost or gained:
        bad = True
        print(f"  only before: {dict(sorted(lost.items()))}")
        print(f"  only after:  {dict(sorted(gained.items()))}")
    else:
        print("  the same numbers, as often")
    csv_old = {p.name: p.read_bytes() for p in sorted((args.old / "figures").glob("*.csv"))}
    csv_new = {p.name: p.read_bytes() for p in sorted((args.new / "figures").glob("*.csv"))}
    differ = sorted(n for n in set(csv_old) | set(csv_new) if csv_old.get(n) != csv_new.get(n))
    print(f"figure CSVs: {len(csv_old)} before, {len(csv_new)} after; differing: {differ or 'none'}")
    bad |= bool(differ)
    diff = [d for d in difflib.unified_diff(old, new, "before", "after", n=0, lineterm="") if not d.startswith("@@")]
    print(f"wording: {sum(1 for d in diff if d[:1] in '+-' and d[:3] not in ('---', '+++'))} changed lines")
    for d in diff[2:2 + args.wording]:
        print("  " + d[:300])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
