"""kzreport: a reproducible report on the January 2022 unrest in Kazakhstan.

Every figure in the report is a claim: a number printed in one of the vendored source
documents, with the verbatim quote that prints it and the body that first stated it.
"""

__version__ = "0.1.0"
