"""Citable charts: each saved as SVG, PNG and the CSV of its data under a stable name, and shown
in the report as a numbered figure with a caption, a source line naming the documents, and alt text.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from kzreport.config import FIGURES_DIR
from kzreport.evidence.csvio import write_csv
from kzreport.report.present import esc


@dataclass(frozen=True)
class SavedFigure:
    number: str
    name: str
    svg: Path
    png: Path
    csv: Path
    html: str


def figures_dir(param: str) -> Path:
    """The folder a notebook saves figures to: its ``figures_dir`` parameter, or the project's figures/."""
    return Path(param) if param else FIGURES_DIR


def source_line(source_ids, sources: pd.DataFrame) -> str:
    """'Source: taz (9 January 2022); ACCORD (26 April 2024).' for the documents a chart uses."""
    from kzreport.report.present import fmt_date

    ids = list(dict.fromkeys(source_ids))
    reg = sources.set_index("source_id")
    parts = []
    for sid in ids:
        producer = str(reg.loc[sid, "producer"]).split(",")[0].split(" – ")[0].split(" (")[0]
        parts.append(f"{producer} ({fmt_date(reg.loc[sid, 'date_published'])}; {sid})")
    return ("Sources: " if len(parts) > 1 else "Source: ") + "; ".join(parts) + "."


def save_figure(fig, *, name: str, number: str, caption: str, alt: str, source: str, data: pd.DataFrame,
                folder: Path) -> SavedFigure:
    """Write ``name``.svg/.png/.csv to ``folder`` and return the figure's HTML for the report.

    The CSV is written by :func:`kzreport.evidence.csvio.write_csv` (text starting like a formula, or with
    ``'``, gets a leading ``'``; read it back with :func:`kzreport.evidence.csvio.read_exported_csv`).

    ``name`` is the stable file stem (e.g. ``02-1-january-timeline``); ``number`` what readers cite
    (``2.1``); ``source`` the source line; ``alt`` describes what the chart shows for readers who
    cannot see it.
    """
    if not alt.strip() or not caption.strip() or not source.strip():
        raise ValueError(f"figure {name}: caption, alt text and source line are all required")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    svg_path, png_path, csv_path = folder / f"{name}.svg", folder / f"{name}.png", folder / f"{name}.csv"
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    # Text is kept as text (style.apply); name fallbacks for readers whose system lacks DejaVu Sans.
    svg_bytes = buf.getvalue().replace(b"'DejaVu Sans'", b"'DejaVu Sans', 'Noto Sans', 'Liberation Sans', Arial")
    svg_path.write_bytes(svg_bytes)
    fig.savefig(png_path, format="png", metadata={"Software": None})
    write_csv(data, csv_path)  # spreadsheet-safe (see csvio)
    plt.close(fig)
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg_bytes).decode("ascii")
    anchor = "fig-" + number.replace(".", "-")
    html = (
        f'<figure class="chart" id="{esc(anchor)}">'
        f'<img src="{uri}" alt="{esc(alt)}">'
        f'<figcaption><strong>Figure {esc(number)}.</strong> {esc(caption)} '
        f'<span class="figure-source">{esc(source)} Data: <code>figures/{esc(name)}.csv</code>.</span></figcaption>'
        f"</figure>"
    )
    return SavedFigure(number, name, svg_path, png_path, csv_path, html)
