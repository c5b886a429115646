"""Kept only for the executive summary (:mod:`kzreport.chapter_summary`), which imports these names as
``chapter_casualties`` until it is converted: the tolls chapter now lives in :mod:`kzreport.analysis.tolls`
(selection, pickers), :mod:`kzreport.report.tolls` (words for Python callers), ``report/charts/tolls.py``
and ``report/templates/tolls/``. Delete this module when the summary imports those directly.
"""

from kzreport.analysis.tolls import NATIONWIDE, first_official, highest, last_day, metric_label, rank_value
from kzreport.report.tolls import document_name, reading

__all__ = ["NATIONWIDE", "document_name", "first_official", "highest", "last_day", "metric_label", "rank_value",
           "reading"]
