"""Plotting functions: each takes data (a DataFrame from :mod:`kzreport.analysis`) and an optional Axes,
draws in the report's style and returns the matplotlib Figure; :func:`kzreport.report.figures.save_figure`
saves it as SVG, PNG and CSV with its caption and source line."""
