"""Evidence: from the raw inputs to the processed tables, checked.

The vendored documents and their registry (:mod:`.sources`), the hand-curated claims and events read
(:mod:`.csvio`) and checked (:mod:`.schemas`, :mod:`.cleantext`), figures and dates parsed
(:mod:`.parse`), quotes found in their documents (:mod:`.quotes`), places named (:mod:`.names`),
and the processed tables the chapters read (:mod:`.tables`). No HTML and no matplotlib here; this
layer imports nothing from :mod:`kzreport.analysis`, :mod:`kzreport.report` or :mod:`kzreport.build`.
"""

from kzreport.evidence.tables import (  # noqa: F401  (the tables' API, as ``kzreport.evidence.X``)
    CLAIM_COLUMNS,
    EVENT_COLUMNS,
    RAW_CLAIM_COLUMNS,
    RAW_CLAIM_OPTIONAL,
    RAW_EVENT_COLUMNS,
    SOURCE_COLUMNS,
    Evidence,
    check_and_clean,
    load_evidence,
    read_processed,
    save_evidence,
)
