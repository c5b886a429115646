"""requirements.txt, requirements.lock and environment.yml describe the same environment."""

import re
from importlib import metadata

import yaml

from kzreport import config

ROOT = config.PROJECT_ROOT
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lines) -> dict[str, str]:
    out = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = PIN.match(line)
        assert m, f"not an exact pin (NAME==VERSION): {line!r}"
        out[_norm(m.group(1))] = m.group(2)
    return out


def requirements() -> dict[str, str]:
    return _pins((ROOT / "requirements.txt").read_text().splitlines())


def bench_requirements() -> dict[str, str]:
    return _pins((ROOT / "requirements-bench.txt").read_text().splitlines())


def lock() -> dict[str, str]:
    return _pins((ROOT / "requirements.lock").read_text().splitlines())


def conda_env() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def test_environment_yml_pins_the_same_packages_as_requirements():
    deps = conda_env()["dependencies"]
    pip_section = next(d["pip"] for d in deps if isinstance(d, dict) and "pip" in d)
    assert _pins(pip_section) == requirements(), "environment.yml's pip section and requirements.txt disagree: make them list the same NAME==VERSION"


def test_environment_yml_uses_python_311():
    deps = [d for d in conda_env()["dependencies"] if isinstance(d, str)]
    assert "python=3.11" in deps
    assert "pip" in deps


def test_lock_agrees_with_requirements():
    locked = lock()
    for name, version in {**requirements(), **bench_requirements()}.items():
        assert locked.get(name) == version, f"{name}: requirements(-bench).txt pins {version}, requirements.lock has {locked.get(name)}; run `make lock`"


def test_installed_versions_match_the_pins():
    for name, version in requirements().items():
        assert metadata.version(name) == version, f"{name}: installed {metadata.version(name)}, pinned {version}; run `make venv`"


def test_required_packages_are_pinned():
    for name in ["jupyterlab", "pandas", "matplotlib", "seaborn", "babel", "jinja2", "nbconvert", "papermill", "typst"]:
        assert name in requirements()


def test_weasyprint_is_the_benchmarks_extra_only():
    """`make report` installs no WeasyPrint: it is pinned for `make bench` only, as the bench extra."""
    project = _pyproject()["project"]
    assert "weasyprint" not in requirements() and "weasyprint" not in {_norm(n) for n in project["dependencies"]}
    assert project["optional-dependencies"]["bench"] == ["weasyprint"]
    assert set(bench_requirements()) == {"weasyprint"}


def _pyproject() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_pin_is_a_declared_dependency_or_extra_and_every_one_is_pinned():
    project = _pyproject()["project"]
    runtime = {_norm(n) for n in project["dependencies"]}
    extras = {_norm(n) for names in project["optional-dependencies"].values() for n in names}
    assert runtime.isdisjoint(extras), f"both a dependency and an extra: {sorted(runtime & extras)}"
    pinned = set(requirements()) | set(bench_requirements())
    assert pinned == runtime | extras, (
        f"pinned but not declared: {sorted(pinned - runtime - extras)}; "
        f"declared but not pinned: {sorted(runtime | extras - pinned)}")


def test_test_tools_are_an_extra_not_a_run_time_dependency():
    project = _pyproject()["project"]
    runtime = {_norm(n) for n in project["dependencies"]}
    for tool in ("pytest", "hypothesis", "playwright", "pypdf", "pypdfium2", "ruff"):
        assert tool not in runtime and tool in project["optional-dependencies"]["test"], tool


def test_every_third_party_import_of_the_package_is_declared():
    """What src/kzreport imports is in pyproject.toml's dependencies (scipy was imported but not declared)."""
    import ast
    import sys

    declared = {_norm(n) for n in _pyproject()["project"]["dependencies"]}
    import_names = {"ipykernel_launcher": "ipykernel", "yaml": "pyyaml", "pandera": "pandera", "jinja2": "jinja2", "markupsafe": "markupsafe", "shapefile": "pyshp"}
    allowed_indirect = {"traitlets"}  # the configuration classes of nbclient and papermill, which the build hands a Config
    found = set()
    for path in (ROOT / "src" / "kzreport").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    third_party = {m for m in found if m not in sys.stdlib_module_names and m != "kzreport" and m not in allowed_indirect}
    missing = sorted(m for m in third_party if _norm(import_names.get(m, m)) not in declared)
    assert not missing, f"imported by src/kzreport but not in pyproject.toml's dependencies: {missing}"
