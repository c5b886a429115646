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
    for name, version in requirements().items():
        assert locked.get(name) == version, f"{name}: requirements.txt pins {version}, requirements.lock has {locked.get(name)}; run `make lock`"


def test_installed_versions_match_the_pins():
    for name, version in requirements().items():
        assert metadata.version(name) == version, f"{name}: installed {metadata.version(name)}, pinned {version}; run `make venv`"


def test_required_packages_are_pinned():
    for name in ["jupyterlab", "pandas", "matplotlib", "seaborn", "nbconvert", "papermill", "weasyprint"]:
        assert name in requirements()
