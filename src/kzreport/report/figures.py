"""Citable charts: each saved as SVG, PNG and the CSV of its data under a stable name, and shown
in the report as a numbered figure with a caption, a source line naming the documents, and alt text.

A chart is drawn by a plotting function of :mod:`kzreport.report.charts` (data in, Figure out), shown
as it is in the analyst's notebook, then saved here; the figure's block in the report comes from the
template ``figure.html.j2``.
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
from kzreport.report import prose


@dataclass(frozen=True)
class SavedFigure:
    number: str
    name: str
    svg: Path
    png: Path
    csv: Path
    html: prose.HtmlBlock  # the figure's block for the report: image, number, caption, source line, alt text

    def _repr_html_(self) -> str:
        return str(self.html)


def figures_dir(param: str) -> Path:
    """The folder a notebook saves figures to: its ``figures_dir`` parameter, or the project's figures/."""
    return Path(param) if param else FIGURES_DIR


def short_producer(producer: str) -> str:
    """'Amnesty International, Sektion der …' -> 'Amnesty International': the producer's name before any comma."""
    return str(producer).split(",")[0].split(" – ")[0].split(" (")[0]


def document_names(sources: pd.DataFrame) -> dict[str, str]:
    """source_id -> the document's name as the source lines give it ('taz', 'ACCORD', 'CrimethInc.')."""
    return {sid: short_producer(p) for sid, p in zip(sources["source_id"], sources["producer"])}


def source_line(source_ids, sources: pd.DataFrame) -> prose.HtmlBlock:
    """'Source: taz (9 January 2022; taz_2022).' for the documents a chart uses (template ``figure_source``)."""
    reg = sources.set_index("source_id")
    docs = [{"producer": short_producer(reg.loc[sid, "producer"]), "date": reg.loc[sid, "date_published"], "id": sid}
            for sid in dict.fromkeys(source_ids)]
    return prose.render("figure_source.html.j2", docs=docs)


def save_figure(fig, *, name: str, number: str, caption, alt, source, data: pd.DataFrame, folder: Path) -> SavedFigure:
    """Write ``name``.svg/.png/.csv to ``folder`` and return the figure's block for the report.

    The CSV is written by :func:`kzreport.evidence.csvio.write_csv` (text starting like a formula, or with
    ``'``, gets a leading ``'``; read it back with :func:`kzreport.evidence.csvio.read_exported_csv`).

    ``name`` is the stable file stem (e.g. ``02-1-january-timeline``); ``number`` what readers cite
    (``2.1``); ``caption``, ``alt`` and ``source`` come from templates (or are plain text); ``alt``
    describes what the chart shows for readers who cannot see it.
    """
    if not str(alt).strip() or not str(caption).strip() or not str(source).strip():
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
    block = prose.render("figure.html.j2", anchor="fig-" + number.replace(".", "-"), uri=uri, alt=alt,
                         number=number, caption=caption, source=source, name=name)
    return SavedFigure(number, name, svg_path, png_path, csv_path, block)
