"""Notebook parameters: what each notebook declares, what report/params.yaml and -p set.

Every value is checked against the notebook's declared parameters before any notebook
runs: an unknown name or a value of the wrong type is refused with a message naming it
(:func:`resolve`), and so is a value outside the analysis layer's rules, such as a metric the data
does not have (:func:`check_allowed`, rules in :mod:`kzreport.analysis.parameters`).
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kzreport.analysis import parameters as rules
from kzreport.evidence import cleantext
from kzreport.evidence.problems import display_path


class ParamError(ValueError):
    """A parameter that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Param:
    """One entry of a notebook's ``parameters`` cell, as papermill inspects it."""

    name: str
    type_name: str  # the annotation as written, e.g. "str", "int", "list[str]"; "None" if absent
    default: str  # the default as written in the cell (source text)
    help: str


# Parameters the build sets itself; they exist in every notebook but are not the analyst's to set.
BUILD_PARAMS = ("data_dir", "processed_dir", "figures_dir")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def inspect(notebook: Path) -> dict[str, Param]:
    """The parameters declared in a notebook's cell tagged ``parameters``."""
    import papermill

    raw = papermill.inspect_notebook(str(notebook))
    return {
        name: Param(name, str(p.get("inferred_type_name") or "None"), str(p.get("default")), str(p.get("help") or ""))
        for name, p in raw.items()
    }


def parse_assignment(text: str) -> tuple[str | None, str, Any]:
    """``NAME=VALUE`` or ``NOTEBOOK.NAME=VALUE`` -> (notebook or None, name, value).

    The value is read as YAML, so ``3``, ``true``, ``[a, b]`` and ``2022-01-05`` work;
    dates stay strings (ISO text), as the notebooks expect.
    """
    if "=" not in text:
        raise ParamError(f"-p {text!r}: expected NAME=VALUE")
    key, value_text = text.split("=", 1)
    key = key.strip()
    scope, _, name = key.rpartition(".")
    if not re.fullmatch(r"[A-Za-z_]\w*", name):
        raise ParamError(f"-p {text!r}: {name!r} is not a parameter name")
    return (scope or None), name, _read_value(value_text)


def _read_value(text: str) -> Any:
    try:
        value = yaml.safe_load(text) if text.strip() else ""
    except (yaml.YAMLError, ValueError):  # ValueError: YAML's own date reading of e.g. 2022-02-30
        value = text
    return _dates_to_text(value)


def _dates_to_text(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_dates_to_text(v) for v in value]
    if isinstance(value, dict):
        return {k: _dates_to_text(v) for k, v in value.items()}
    return value


LANGUAGES = "languages"  # the one parameter of the report itself, not of a notebook
LANGUAGES_HELP = ("the report's editions, a page and a PDF each (report.html, report.de.html, …): every notebook runs "
                  "once, and each report cell once more per language other than en")


def report_languages(from_file, overrides: list[str], where_file: str = "params file") -> tuple[list[str], list[str], str]:
    """The editions to render, the ``-p`` overrides left for the notebooks, and where the editions were set:
    ``-p languages=[en]`` (or ``languages:`` in the params file; default: every language the report has). Refused:
    an empty list, a language twice, a language the report has no edition in."""
    from kzreport.report.i18n import LANGUAGES as KNOWN

    value, where, rest = from_file, f"{where_file}: {LANGUAGES}", []
    for text in overrides:
        scope, name, v = parse_assignment(text)
        if name == LANGUAGES and scope is None:
            value, where = v, f"-p {text}"
        else:
            rest.append(text)
    if value is None:
        return list(KNOWN), rest, "the default"
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value) \
            or len(set(value)) != len(value):
        raise ParamError(f"{where}: must be a list of different languages, e.g. [en, de]; got {value!r}")
    unknown = [v for v in value if v not in KNOWN]
    if unknown:
        raise ParamError(f"{where}: no edition in {', '.join(map(repr, unknown))} (the report has: {', '.join(KNOWN)})")
    return value, rest, where


def load_params_file(path: Path) -> dict:
    """Read report/params.yaml: ``report:`` (title page), ``languages:`` (the editions) and ``notebooks:``
    (per-notebook values)."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ParamError(f"{path}: parameters file not found") from None
    except yaml.YAMLError as exc:
        raise ParamError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise ParamError(f"{path}: expected a mapping with 'report' and 'notebooks'")
    unknown = sorted(set(doc) - {"report", LANGUAGES, "notebooks"})
    if unknown:
        raise ParamError(f"{path}: unknown top-level key(s): {', '.join(unknown)} (expected 'report', '{LANGUAGES}', "
                         f"'notebooks')")
    notebooks = doc.get("notebooks") or {}
    if not isinstance(notebooks, dict):
        raise ParamError(f"{path}: 'notebooks' must map notebook names to parameter mappings")
    return {"report": doc.get("report") or {}, LANGUAGES: doc.get(LANGUAGES),
            "notebooks": {k: _dates_to_text(v or {}) for k, v in notebooks.items()}}


def check_value(param: Param, value: Any, where: str) -> None:
    """Refuse a value that does not fit the declared type (and the ISO-date shape of a date default)."""
    t = param.type_name.replace(" ", "")
    ok = True
    if t == "str":
        ok = isinstance(value, str)
    elif t == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif t == "float":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif t == "bool":
        ok = isinstance(value, bool)
    elif t in ("list[str]", "List[str]"):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    elif t in ("list[int]", "List[int]"):
        ok = isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    if not ok:
        raise ParamError(f"{where}: {param.name} must be {param.type_name}, got {type(value).__name__} {value!r}")
    if t == "str" and _ISO_DATE.match(param.default.strip("'\"")):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise ParamError(f"{where}: {param.name} must be a date as YYYY-MM-DD, got {value!r}") from None


def resolve(
    declared: dict[str, dict[str, Param]],
    from_file: dict[str, dict[str, Any]],
    overrides: list[str],
    params_file: Path | None = None,
    origins: dict[tuple[str, str], str] | None = None,
) -> dict[str, dict[str, Any]]:
    """The values each notebook runs with: params file, then -p overrides; all checked first.

    ``declared`` maps notebook stem -> its parameters. A ``-p NAME=VALUE`` applies to every
    notebook that declares NAME and must match at least one; ``-p STEM.NAME=VALUE`` to one.
    ``origins``, if given, receives where each value was set, for messages:
    ``(stem, name) -> "-p TEXT"`` or ``"report/params.yaml: notebooks.STEM"``.
    """
    where_file = display_path(params_file) if params_file else "params file"
    values: dict[str, dict[str, Any]] = {stem: {} for stem in declared}
    origins = {} if origins is None else origins
    for stem, given in from_file.items():
        if stem not in declared:
            raise ParamError(f"{where_file}: notebooks.{stem}: no such notebook (known: {', '.join(declared)})")
        for name, value in given.items():
            _set(values, origins, declared, stem, name, value, f"{where_file}: notebooks.{stem}")
    for text in overrides:
        scope, name, value = parse_assignment(text)
        if scope is not None:
            if scope not in declared:
                raise ParamError(f"-p {text}: no notebook {scope!r} (known: {', '.join(declared)})")
            _set(values, origins, declared, scope, name, value, f"-p {text}")
            continue
        targets = [stem for stem, params in declared.items() if name in params]
        if not targets:
            known = sorted({n for params in declared.values() for n in params if n not in BUILD_PARAMS})
            raise ParamError(f"-p {text}: no notebook has a parameter {name!r} (known: {', '.join(known)})")
        for stem in targets:
            _set(values, origins, declared, stem, name, value, f"-p {text}")
    return values


def default_value(param: Param) -> Any:
    """The default of a declared parameter as a value (its source text read as a Python literal), or
    :data:`UNREAD` when the default is an expression that only the notebook can evaluate."""
    try:
        return ast.literal_eval(param.default)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return UNREAD


UNREAD = object()  # a default that is not a literal


def check_allowed(
    declared: dict[str, dict[str, Param]],
    values: dict[str, dict[str, Any]],
    origins: dict[tuple[str, str], str],
    facts: rules.Facts,
    notebooks_dir: Path | None = None,
) -> None:
    """Refuse every value that the rules of :mod:`kzreport.analysis.parameters` do not allow.

    Each notebook's values are checked as it would run with them: its defaults, then ``values``
    (what :func:`resolve` returned, with ``origins``). One line per refused value, all at once,
    each saying where the value came from (``-p …``, ``report/params.yaml: notebooks.STEM``, or
    the notebook's parameters cell for a default).
    """
    lines: list[str] = []
    for stem, params in declared.items():
        run_with = {n: v for n, p in params.items() if n not in BUILD_PARAMS and (v := default_value(p)) is not UNREAD}
        run_with.update(values.get(stem, {}))
        cell = f"{display_path(Path(notebooks_dir) / stem) if notebooks_dir else stem}.ipynb: parameters cell"
        for refusal in rules.check_all(run_with, facts):
            set_by = [origins[(stem, n)] for n in reversed(refusal.names) if (stem, n) in origins]
            line = f"{set_by[0] if set_by else cell}: {refusal.message}"
            if line not in lines:
                lines.append(line)
    if lines:
        raise ParamError("\n".join(lines))


def _set(values, origins, declared, stem, name, value, where) -> None:
    params = declared[stem]
    if name in BUILD_PARAMS:
        raise ParamError(f"{where}: {name} is set by the build (use --data / --out instead)")
    if name not in params:
        known = ", ".join(n for n in params if n not in BUILD_PARAMS) or "none"
        raise ParamError(f"{where}: notebook {stem} has no parameter {name!r} (it has: {known})")
    check_value(params[name], value, where)
    for text in _texts(value):
        found = cleantext.bad_characters(text)
        if found:
            raise ParamError(f"{cleantext.visible(where)}: {name}: {cleantext.message(found)}")
    values[stem][name] = value
    origins[(stem, name)] = where


def _texts(value) -> list[str]:
    """Every string inside a parameter value (lists and mappings included)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in _texts(k) + _texts(v)]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _texts(v)]
    return []
