"""Generate a synthetic data folder FACTOR times larger than data/ (issue 7, scale).

Each real source is copied FACTOR times under a new source_id (its text gets one extra first
line, so each copy has its own checksum), and every claim and event of the real source is
repeated for each copy with new ids. So the synthetic data has FACTOR× the sources, claims and
events, every quote is still verbatim in its source, and validation must do real work on all of it.

    .venv/bin/python bench/make_synthetic.py --factor 100 --out /tmp/kz100
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def make(factor: int, out: Path, src: Path = ROOT / "data") -> dict[str, int]:
    raw_in, raw_out = src / "raw", out / "raw"
    (raw_out / "sources").mkdir(parents=True, exist_ok=True)
    registry = yaml.safe_load((raw_in / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    new_registry = []
    id_map: dict[str, list[str]] = {}
    for rec in registry:
        text = (raw_in / rec["file"]).read_bytes()
        for k in range(factor):
            sid = rec["source_id"] if k == 0 else f"{rec['source_id']}_s{k:03d}"
            body = text if k == 0 else f"[synthetic copy {k} of {rec['source_id']}]\n".encode() + text
            path = raw_out / "sources" / f"{sid}.txt"
            path.write_bytes(body)
            new_registry.append({**rec, "source_id": sid, "file": f"sources/{sid}.txt",
                                 "sha256": hashlib.sha256(body).hexdigest()})
            id_map.setdefault(rec["source_id"], []).append(sid)
    (raw_out / "sources.yaml").write_text(yaml.safe_dump({"sources": new_registry}, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    shutil.copytree(raw_in / "curation", raw_out / "curation", dirs_exist_ok=True)  # the curated lists, as they are
    counts = {"sources": len(new_registry)}
    for name, idcol in (("claims.csv", "claim_id"), ("events.csv", "event_id")):
        with (raw_in / name).open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        fields = list(rows[0].keys())
        out_rows = []
        for row in rows:
            for k, sid in enumerate(id_map[row["source_id"]]):
                out_rows.append({**row, "source_id": sid, idcol: row[idcol] if k == 0 else f"{row[idcol]}-s{k:03d}"})
        with (raw_out / name).open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
            w.writeheader()
            w.writerows(out_rows)
        counts[name.split(".")[0]] = len(out_rows)
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--factor", type=int, default=100)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    print(make(args.factor, args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
