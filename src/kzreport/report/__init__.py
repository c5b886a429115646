"""Report: what readers see. Prose templates, formatting, charts and the one visual style.

Values come from :mod:`kzreport.analysis`; sentences live in Jinja2 templates under ``templates/``;
charts are drawn by plotting functions that take data (and an Axes) and return a Figure. This layer
never imports :mod:`kzreport.build`.
"""
