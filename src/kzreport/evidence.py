"""The evidence base: source registry, claims and events, loaded and saved as tidy tables."""

from __future__ import annotations

import pandas as pd

from kzreport.config import DataPaths
from kzreport.present import esc, html_table
from kzreport.sources import load_sources

SOURCE_COLUMNS = ["source_id", "producer", "title", "date_published", "url", "language", "kind", "file", "sha256", "citation_full"]


def load_sources_table(paths: DataPaths) -> pd.DataFrame:
    """The registry as a table, after every checksum has been verified."""
    sources = load_sources(paths)
    return pd.DataFrame([{c: getattr(s, c) for c in SOURCE_COLUMNS} for s in sources.values()], columns=SOURCE_COLUMNS)


def save_sources_table(sources: pd.DataFrame, paths: DataPaths) -> None:
    paths.processed.mkdir(parents=True, exist_ok=True)
    sources.to_csv(paths.processed / "sources.csv", index=False, lineterminator="\n")


def sources_html(sources: pd.DataFrame) -> str:
    n = len(sources)
    intro = f"<p>{esc(n)} documents, each checked against its SHA-256 checksum at build time.</p>"
    return intro + html_table(
        sources, ["source_id", "producer", "title", "date_published", "kind"],
        ["Id", "Producer", "Title", "Published", "Kind"],
    )
