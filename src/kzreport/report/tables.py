"""Tables for readers: a DataFrame's rows in the template ``table.html.j2``, capped at ``max_rows``.

Columns are given as :class:`Col` (the DataFrame column, its header, and how its cells show: plain
``text``, a ``claim`` or ``event`` id linked to its register entry, ``code``, ``quote``, a ``number`` or an
ISO ``date`` in words). A ``text`` column
with a twin in the edition's language (``note``, ``note_de``) shows the twin in that edition. Every
cell is escaped by the template. A capped table says above it how many rows it leaves out and which
processed CSV holds them all (template ``rows_left_out.html.j2``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kzreport.analysis.listing import check_max_rows, listed_count
from kzreport.report import prose

KINDS = ("text", "claim", "event", "code", "quote", "number", "date")


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    kind: str = "text"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.key}: kind {self.kind!r} is not one of {', '.join(KINDS)}")


def table(df: pd.DataFrame, columns: list[Col], *, max_rows: int = 0, files: tuple[str, ...] = (),
          caption: str = "", css_class: str = "data") -> prose.HtmlBlock:
    """The first ``max_rows`` rows of ``df`` (0: all) as a reader's table; ``files`` names the processed CSVs."""
    shown = df.iloc[:listed_count(len(df), check_max_rows(max_rows))]
    # a text column with a twin in the edition's language (note and note_de) shows the twin there
    shown = prose.localized_columns(shown, *[c.key for c in columns if c.kind == "text"])
    rows = [[(c, row[c.key]) for c in columns] for _, row in shown.iterrows()]
    return prose.render("table.html.j2", columns=columns, rows=rows, caption=caption, css_class=css_class,
                        total=len(df), shown=len(shown), max_rows=max_rows, files=files)
