"""Evidence: from the raw inputs to the processed tables, checked.

The vendored documents and their registry (:mod:`.sources`), the hand-curated claims and events read
(:mod:`.csvio`) and checked (:mod:`.schemas`, :mod:`.cleantext`), figures and dates parsed
(:mod:`.parse`), quotes found in their documents (:mod:`.quotes`), places named (:mod:`.names`),
and the processed tables the chapters read (:mod:`.tables`). No HTML and no matplotlib here; this
layer imports nothing from :mod:`kzreport.analysis`, :mod:`kzreport.report` or :mod:`kzreport.build`.
"""

# The tables' API, as ``kzreport.evidence.X``, imported on first use (PEP 562): the tables need pandas and pandera
# (half a second), and the build's light modules import ``kzreport.evidence.problems`` and the like without them.
_TABLES = frozenset({
    "CLAIM_COLUMNS", "EVENT_COLUMNS", "RAW_CLAIM_COLUMNS", "RAW_CLAIM_OPTIONAL", "RAW_EVENT_COLUMNS", "SOURCE_COLUMNS",
    "Evidence", "check_and_clean", "check_and_save", "load_evidence", "read_processed", "save_evidence",
})
__all__ = sorted(_TABLES)


def __getattr__(name: str):
    if name in _TABLES:
        from kzreport.evidence import tables

        return getattr(tables, name)
    raise AttributeError(f"module 'kzreport.evidence' has no attribute {name!r}")
