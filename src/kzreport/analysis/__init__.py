"""Analysis: the rules behind every number the report states.

Pure pandas on the processed tables: functions take DataFrames and parameters and return DataFrames
and small typed records. No prose, no HTML, no charts; this layer imports only :mod:`kzreport.evidence`
and :mod:`kzreport.config`.
"""
