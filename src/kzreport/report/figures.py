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
from kzreport.report import i18n, prose


@dataclass(frozen=True)
class SavedFigure:
    number: str
    name: str
    svg: Path
    png: Path | None  # the English drawing only (another edition's is its SVG)
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


def document_names(sources: pd.DataFrame) -> i18n.ByEdition:
    """source_id -> the document's name as the source lines give it ('taz', 'ACCORD', 'CrimethInc.'), in the
    edition being rendered ('European Parliament' / 'Europäisches Parlament')."""
    return i18n.ByEdition({r["source_id"]: {lang: short_producer(prose.localized(r, "producer", lang))
                                            for lang in i18n.LANGUAGES}
                           for r in sources.to_dict("records")})


def source_line(source_ids, sources: pd.DataFrame, geodata: str = "") -> prose.HtmlBlock:
    """'Source: taz (9 January 2022).' for the documents a chart uses (template ``figure_source``); for a
    map, ``geodata`` says where its outlines and coordinates come from (package, version, dataset, licence:
    :func:`kzreport.report.charts.map.provenance_text`)."""
    reg = sources.set_index("source_id")
    docs = [{"producer": short_producer(prose.localized(reg.loc[sid], "producer")), "date": reg.loc[sid, "date_published"], "id": sid}
            for sid in dict.fromkeys(source_ids)]
    return prose.render("figure_source.html.j2", docs=docs, geodata=geodata)


def save_figure(fig, *, name: str, number: str, caption, alt, source, data: pd.DataFrame, folder: Path) -> SavedFigure:
    """Write ``name``.svg/.png/.csv to ``folder`` and return the figure's block for the report.

    The CSV is written by :func:`kzreport.evidence.csvio.write_csv` (text starting like a formula, or with
    ``'``, gets a leading ``'``; read it back with :func:`kzreport.evidence.csvio.read_exported_csv`).

    In an edition other than English the drawing is saved as ``name.<lang>.svg`` alone: the SVG is what the report
    shows; the PNG, a copy for those who need a raster image, is the English drawing's (drawing it again for each
    edition would cost each edition's build a third of its charts' time). The CSV is shared.

    ``name`` is the stable file stem (e.g. ``02-1-january-timeline``); ``number`` what readers cite
    (``2.1``); ``caption``, ``alt`` and ``source`` come from templates (or are plain text); ``alt``
    describes what the chart shows for readers who cannot see it.
    """
    if not str(alt).strip() or not str(caption).strip() or not str(source).strip():
        raise ValueError(f"figure {name}: caption, alt text and source line are all required")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    # Each edition's drawing has its own SVG (02-1-tolls.svg, 02-1-tolls.de.svg); the rows are the same (one CSV).
    lang = i18n.language()
    english = lang == i18n.SOURCE
    stem = name if english else f"{name}.{lang}"
    svg_path, png_path, csv_path = folder / f"{stem}.svg", folder / f"{name}.png" if english else None, folder / f"{name}.csv"
    # One layout and one tight box for both files: savefig's own "tight" box would draw the figure once more per file
    # to measure it (a figure is drawn again for each edition, so this is a build's largest saving on charts). The
    # layout is run without painting a pixel: the same files, byte for byte, as after a full draw.
    fig.draw_without_rendering()
    box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(plt.rcParams["savefig.pad_inches"])
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches=box)
    # Text is kept as text (style.apply); name fallbacks for readers whose system lacks DejaVu Sans.
    svg_bytes = buf.getvalue().replace(b"'DejaVu Sans'", b"'DejaVu Sans', 'Noto Sans', 'Liberation Sans', Arial")
    svg_path.write_bytes(svg_bytes)
    if png_path is not None:
        fig.savefig(png_path, format="png", metadata={"Software": None}, bbox_inches=box)
    if english or not csv_path.exists():
        write_csv(data, csv_path)  # spreadsheet-safe (see csvio)
    plt.close(fig)
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg_bytes).decode("ascii")
    block = prose.render("figure.html.j2", anchor="fig-" + number.replace(".", "-"), uri=uri, alt=alt,
                         number=number, caption=caption, source=source, name=name)
    return SavedFigure(number, name, svg_path, png_path, csv_path, block)


# ---------------------------------------------------------------------------- what a reader sees in print
# A figure is printed across the text width of an A4 page: the report's stylesheet
# (build/templates/kzreport/report.css) sets ``@page { size: A4; margin: 22mm 18mm 20mm 18mm }`` and
# ``figure.chart img { width: 100% }``, so every chart, whatever its size in inches, is scaled to 210 − 2 × 18 mm.
PRINT_WIDTH_IN = (210 - 2 * 18) / 25.4
MIN_PRINT_PT = 7.0  # no text smaller than this on the printed page


@dataclass(frozen=True)
class TextBox:
    text: str
    points: float  # the font size at print size
    box: object  # matplotlib Bbox in display pixels


def print_scale(fig) -> float:
    """How much the PDF scales ``fig``: the A4 text width over the width of the saved (tight) image."""
    renderer = fig.canvas.get_renderer()
    pad = float(plt.rcParams["savefig.pad_inches"])
    width = fig.get_tightbbox(renderer).width + 2 * pad
    return PRINT_WIDTH_IN / width


def drawn_texts(fig) -> list[TextBox]:
    """Every visible, non-empty text of ``fig`` (titles, tick labels, labels, legends, annotations) with its size at
    print size and its box on the canvas."""
    import matplotlib.text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    scale = print_scale(fig)
    out = []
    for t in fig.findobj(matplotlib.text.Text):
        if not t.get_visible() or not t.get_text().strip() or t.figure is None:
            continue
        if t.axes is not None and not t.axes.get_visible():
            continue
        # the text's own box (an annotation's extent would include its arrow)
        out.append(TextBox(t.get_text(), t.get_fontsize() * scale, matplotlib.text.Text.get_window_extent(t, renderer)))
    return out


def _spine_segments(fig) -> list:
    out = []
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        if not ax.axison or not ax.get_visible():
            continue
        for spine in ax.spines.values():
            if spine.get_visible():
                out.append(spine.get_window_extent(renderer))
    return out


def _overlap(a, b, tol: float) -> bool:
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > tol) and (min(a.y1, b.y1) - max(a.y0, b.y0) > tol)


def _on_line(box, line, tol: float = 0.5) -> bool:
    """Whether the axis line ``line`` (a spine's thin box) runs through ``box``."""
    if line.width <= line.height:  # vertical
        x = (line.x0 + line.x1) / 2
        return box.x0 + tol < x < box.x1 - tol and min(box.y1, line.y1) - max(box.y0, line.y0) > tol
    y = (line.y0 + line.y1) / 2
    return box.y0 + tol < y < box.y1 - tol and min(box.x1, line.x1) - max(box.x0, line.x0) > tol


def text_problems(fig) -> list[str]:
    """What breaks the report's rules for text on a chart: text smaller than :data:`MIN_PRINT_PT` at print size,
    a text whose box an axis line (a visible spine) runs through, or that overlaps another text. Empty when the
    chart is fine."""
    texts = drawn_texts(fig)
    problems = [f"{t.text!r}: {t.points:.1f} pt in print (< {MIN_PRINT_PT:g})" for t in texts
                if t.points < MIN_PRINT_PT - 0.05]
    for line in _spine_segments(fig):
        problems += [f"{t.text!r} crosses an axis line" for t in texts if _on_line(t.box, line)]
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if _overlap(a.box, b.box, 1.0):
                problems.append(f"{a.text!r} overlaps {b.text!r}")
    return problems


def smallest_print_pt(fig) -> float:
    """The smallest text of ``fig`` in points at print size."""
    return min((t.points for t in drawn_texts(fig)), default=float("inf"))
