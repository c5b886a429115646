"""The package's shape: layers import only downwards, prose lives in templates, no HTML is built in Python.

evidence (raw -> processed) -> analysis (the rules behind every number) -> report (templates, charts,
formatting) -> build (parameters, cache, execution, publishing). A layer imports only the ones before it
(and ``kzreport.config``); a chapter's charts and templates never reach into another chapter's.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kzreport import config

PACKAGE = Path(config.__file__).resolve().parent
LAYERS = ("evidence", "analysis", "report", "build")
TOP = {"config", "__version__"}  # what every layer may take from the top level
ALLOWED = {
    "evidence": {"evidence"} | TOP,
    "analysis": {"evidence", "analysis"} | TOP,
    "report": {"evidence", "analysis", "report"} | TOP,
    "build": {"evidence", "analysis", "report", "build"} | TOP,
}
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _layer(path: Path) -> str | None:
    rel = path.relative_to(PACKAGE).parts
    return rel[0] if len(rel) > 1 and rel[0] in LAYERS else None


def _kzreport_imports(path: Path) -> list[tuple[int, str]]:
    """(line, dotted module) of every ``kzreport`` import in a module, ``from kzreport import x`` as ``kzreport.x``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "kzreport"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and node.module.split(".")[0] == "kzreport":
            if node.module == "kzreport":
                out += [(node.lineno, f"kzreport.{a.name}") for a in node.names]
            else:
                out.append((node.lineno, node.module))
    return out


def test_every_module_belongs_to_a_layer_or_is_the_top_level():
    top = {p.name for p in MODULES if _layer(p) is None}
    assert top <= {"__init__.py", "__main__.py", "cli.py", "config.py"}, f"modules outside the layers: {sorted(top)}"


@pytest.mark.parametrize("path", [p for p in MODULES if _layer(p)], ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_layer_imports_only_the_layers_before_it(path):
    layer = _layer(path)
    for line, module in _kzreport_imports(path):
        target = module.split(".")[1] if "." in module else ""
        assert target in ALLOWED[layer], (
            f"{path.relative_to(PACKAGE)}:{line}: the {layer} layer imports {module}; it may import only "
            f"{', '.join(sorted(ALLOWED[layer]))}")


def test_no_chart_module_imports_another_chapters_charts():
    charts = PACKAGE / "report" / "charts"
    for path in sorted(charts.glob("*.py")):
        for line, module in _kzreport_imports(path):
            assert not module.startswith("kzreport.report.charts."), (
                f"report/charts/{path.name}:{line} imports {module}: a chapter's charts stand alone")


_TEMPLATE_REF = re.compile(r"""\{%-?\s*(?:import|include|extends|from)\s+["']([^"']+)["']""")
TEMPLATES = PACKAGE / "report" / "templates"


def test_a_chapters_templates_use_only_its_own_and_the_shared_ones():
    for path in sorted(TEMPLATES.rglob("*.j2")):
        own = path.relative_to(TEMPLATES).parts[0] if len(path.relative_to(TEMPLATES).parts) > 1 else ""
        for ref in _TEMPLATE_REF.findall(path.read_text(encoding="utf-8")):
            folder = ref.split("/")[0] if "/" in ref else ""
            assert folder in ("", own), f"{path.relative_to(TEMPLATES)} uses {ref}, another chapter's template"


_HTML_TAG = re.compile(r"(?<!\?P)<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*[\s>/]")  # not a regex group (?P<name>…)
# Markup that is not the report's HTML, or that only touches nbconvert's output, with the reason.
NOT_REPORT_HTML = {
    ("build/render.py", "replace"): "gives nbconvert's heading tags their ids (the attribute only, the heading is nbconvert's)",
}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_html_is_assembled_in_python_and_nothing_is_escaped_by_hand(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = str(path.relative_to(PACKAGE))
    exempt = set()
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef) and (rel, fn.name) in NOT_REPORT_HTML:
            exempt |= {id(n) for n in ast.walk(fn)}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and id(node) not in exempt:
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            assert not _HTML_TAG.search(text), f"{rel}:{node.lineno}: an f-string builds HTML; put it in a template"
        if isinstance(node, ast.Attribute) and node.attr == "escape" and isinstance(node.value, ast.Name) \
                and node.value.id == "html":
            pytest.fail(f"{path.relative_to(PACKAGE)}:{node.lineno}: html.escape by hand; templates autoescape")
        if isinstance(node, ast.FunctionDef) and node.name in ("esc", "_n", "_and"):
            pytest.fail(f"{path.relative_to(PACKAGE)}:{node.lineno}: hand-written helper {node.name}(); use the "
                        "template filters (report.format)")


# Numbers in templates: only dates in words, years, ISO dates, and figure or chapter numbers passed in as values.
_ALLOWED_DIGITS = re.compile(
    r"\b\d{1,2}(?:\.)? (?:January|February|March|April|May|June|July|August|September|October|November|December)(?: \d{4})?\b"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b"
    r"|\b(?:19|20)\d\d(?:[–-](?:19|20)?\d\d)?\b"
    r"|\b\d{4}-\d{2}(?:-\d{2})?\b"
    r"|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"  # Jinja expressions, statements and comments are code, not prose
    r"|SHA-256|UTF-8|U\+[0-9A-F]{4}|[a-z]+\d+\b|\b(?:h[1-6]|utf8)\b",  # names that contain digits
    re.S,
)


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.j2")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_number_is_typed_into_a_template(path):
    text = _ALLOWED_DIGITS.sub("", path.read_text(encoding="utf-8"))
    text = re.sub(r'(?:class|id|href|src|lang|scope|style)="[^"]*"', "", text)
    digits = re.findall(r"\S*\d\S*", text)
    assert not digits, f"{path.relative_to(TEMPLATES)}: typed number(s) {digits}; pass them in from the analysis layer"


# Loaded into the pytest run below: a test module pytest would import is named and left unread (no imports, no items).
_NAME_MODULES = """
import pytest


class Unread(pytest.File):
    def collect(self):
        return []


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path, parent):
    print("collected module:", module_path.as_posix(), flush=True)
    return Unread.from_parent(parent, path=module_path)
"""


def test_every_test_folder_is_collected(tmp_path):
    """pytest skips some folder names by default (``build`` among them): every folder of tests/ must be collected.

    The run below is pytest's own collection from the project root with the project's configuration; it only leaves
    the test modules it finds unimported (which would take seconds and prove nothing more)."""
    import os
    import subprocess
    import sys

    (tmp_path / "name_modules.py").write_text(_NAME_MODULES, encoding="utf-8")
    tests = Path(__file__).resolve().parent
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])))
    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                           "-p", "no:xdist", "-p", "name_modules", str(tests)], capture_output=True, text=True,
                          cwd=tests.parent, env=env)
    modules = [Path(line.split(": ", 1)[1]) for line in proc.stdout.splitlines() if line.startswith("collected module: ")]
    assert modules, f"the collection named no test module:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
    collected = {p.relative_to(tests).parts[0] for p in modules if len(p.relative_to(tests).parts) > 1}
    folders = {p.name for p in tests.iterdir() if p.is_dir() and any(p.glob("test_*.py"))}
    assert folders <= collected, f"test folders pytest does not collect: {sorted(folders - collected)}"
