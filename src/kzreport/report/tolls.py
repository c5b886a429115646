"""The tolls chapter's chart words: ``MACROS`` names the template whose macros give every text drawn on Figure 2.1
(:mod:`kzreport.report.charts.tolls` calls them), so a word on the chart changes in the template alone."""

MACROS = "tolls/_macros.j2"
