"""Build: parameters, cache, execution, publishing and rendering.

:func:`build` validates the inputs and parameters, executes the notebooks (cached by content),
renders the HTML and PDF, and publishes every output all or nothing (:mod:`.publish`).
"""

from kzreport.build.pipeline import BuildError, BuildOptions, BuildResult, build, discover_notebooks  # noqa: F401
