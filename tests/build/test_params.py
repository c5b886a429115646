from pathlib import Path

import pytest

from kzreport.build.params import BUILD_PARAMS, Param, ParamError, load_params_file, parse_assignment, resolve

DECLARED = {
    "02-timeline": {
        "data_dir": Param("data_dir", "str", '""', "set by the build"),
        "start": Param("start", "str", '"2022-01-01"', "first day shown"),
        "categories": Param("categories", "list[str]", '["protest"]', "lanes"),
    },
    "03-casualties": {
        "data_dir": Param("data_dir", "str", '""', "set by the build"),
        "min_claims": Param("min_claims", "int", "1", "fewest claims"),
        "start": Param("start", "str", '"2022-01-01"', "first day shown"),
    },
}


def test_parse_assignment_reads_yaml_values():
    assert parse_assignment("min_claims=3") == (None, "min_claims", 3)
    assert parse_assignment("start=2022-01-05") == (None, "start", "2022-01-05")  # dates stay ISO text
    assert parse_assignment("02-timeline.categories=[protest, international]") == (
        "02-timeline", "categories", ["protest", "international"])
    with pytest.raises(ParamError, match="NAME=VALUE"):
        parse_assignment("start")


def test_override_applies_to_every_notebook_that_declares_it():
    values = resolve(DECLARED, {}, ["start=2022-01-05"])
    assert values["02-timeline"]["start"] == "2022-01-05"
    assert values["03-casualties"]["start"] == "2022-01-05"


def test_scoped_override_applies_to_one_notebook():
    values = resolve(DECLARED, {}, ["03-casualties.start=2022-01-07"])
    assert values["03-casualties"] == {"start": "2022-01-07"}
    assert values["02-timeline"] == {}


def test_unknown_parameter_is_refused_with_the_known_names():
    with pytest.raises(ParamError, match=r"nonexistent.*known: categories, min_claims, start"):
        resolve(DECLARED, {}, ["nonexistent=1"])


def test_wrong_type_is_refused():
    with pytest.raises(ParamError, match="min_claims must be int"):
        resolve(DECLARED, {}, ["min_claims=many"])
    with pytest.raises(ParamError, match="categories must be list"):
        resolve(DECLARED, {}, ["categories=7"])


def test_a_date_parameter_only_takes_dates():
    with pytest.raises(ParamError, match="start must be a date"):
        resolve(DECLARED, {}, ["start=banana"])
    with pytest.raises(ParamError, match="start must be a date"):
        resolve(DECLARED, {}, ["start=2022-02-30"])


def test_build_parameters_cannot_be_set_by_hand():
    assert "data_dir" in BUILD_PARAMS
    with pytest.raises(ParamError, match="set by the build"):
        resolve(DECLARED, {}, ["data_dir=/tmp"])


def test_params_file_names_unknown_notebooks(tmp_path: Path):
    f = tmp_path / "params.yaml"
    f.write_text("report: {title: T}\nnotebooks:\n  99-missing: {start: 2022-01-01}\n", encoding="utf-8")
    loaded = load_params_file(f)
    assert loaded["notebooks"]["99-missing"] == {"start": "2022-01-01"}
    with pytest.raises(ParamError, match="99-missing: no such notebook"):
        resolve(DECLARED, loaded["notebooks"], [], f)


def test_params_file_errors_name_the_file(tmp_path: Path):
    f = tmp_path / "params.yaml"
    f.write_text("report: [unclosed\n", encoding="utf-8")
    with pytest.raises(ParamError, match=str(f)):
        load_params_file(f)
    f.write_text("reprot: {}\n", encoding="utf-8")
    with pytest.raises(ParamError, match="unknown top-level key"):
        load_params_file(f)


def test_control_characters_in_a_parameter_or_the_report_title_are_refused(tmp_path):
    from kzreport.build.render import ReportMeta

    with pytest.raises(ValueError, match=r"report: title: .*U\+001B ESCAPE"):
        ReportMeta.from_params({"title": "Bloody\x1b[2J January"})
    with pytest.raises(ValueError, match=r"report: keywords: .*U\+0000"):
        ReportMeta.from_params({"title": "T", "keywords": ["ok", "nul\x00"]})
    declared = {"02-timeline": {"label": Param("label", "str", "x", "a label")}}
    with pytest.raises(ParamError, match=r"-p label=.*label: .*U\+202E"):
        resolve(declared, {}, ["label=evil\u202etxt"])
    with pytest.raises(ParamError, match=r"notebooks.02-timeline: label: .*U\+0007"):
        resolve(declared, {"02-timeline": {"label": "bell\x07"}}, [], Path("params.yaml"))


# ---------------------------------------------------------------------------- values the analysis rules refuse
from kzreport.analysis.parameters import Facts  # noqa: E402
from kzreport.build.params import check_allowed, default_value  # noqa: E402

FACTS = Facts(metrics=frozenset({"killed", "injured", "detained"}), claimants=frozenset({"Human Rights Watch"}),
              source="data/raw/claims.csv")
CHAPTERS = {
    "02-timeline": {
        "start": Param("start", "str", '"2022-01-01"', "first day"),
        "end": Param("end", "str", '"2022-01-23"', "last day"),
        "max_rows": Param("max_rows", "int", "250", "row cap"),
    },
    "03-casualties": {
        "metrics": Param("metrics", "list[str]", '["killed", "injured"]', "panels"),
        "group_by": Param("group_by", "str", '"source_id"', "grouping"),
        "max_rows": Param("max_rows", "int", "250", "row cap"),
        "label": Param("label", "str", "default_label()", "not a literal: only the notebook knows it"),
    },
}


def _check(overrides=(), from_file=None, declared=CHAPTERS, params_file=Path("report/params.yaml")):
    origins = {}
    values = resolve(declared, from_file or {}, list(overrides), params_file, origins)
    check_allowed(declared, values, origins, FACTS, Path("notebooks"))
    return values


def test_the_defaults_and_allowed_values_pass():
    assert default_value(CHAPTERS["03-casualties"]["metrics"]) == ["killed", "injured"]
    assert _check(["03-casualties.metrics=[killed, detained]", "group_by=metric", "max_rows=0"])[
        "03-casualties"] == {"metrics": ["killed", "detained"], "group_by": "metric", "max_rows": 0}


def test_a_metric_the_data_does_not_have_is_refused_naming_the_option():
    with pytest.raises(ParamError) as err:
        _check(["03-casualties.metrics=[killed, wounded]"])
    assert str(err.value) == ("-p 03-casualties.metrics=[killed, wounded]: metrics: 'wounded' is not a metric in "
                              "data/raw/claims.csv; no name is close to it; all 3 are listed by `kzreport params --allowed metrics`")
    with pytest.raises(ParamError, match=r"^-p 03-casualties.metrics=\[kiled\]: metrics: 'kiled' is not a metric .*; closest: killed;"):
        _check(["03-casualties.metrics=[kiled]"])


def test_a_value_from_the_params_file_is_refused_naming_the_file_and_notebook():
    with pytest.raises(ParamError) as err:
        _check(from_file={"03-casualties": {"group_by": "bayes"}})
    assert str(err.value) == ("report/params.yaml: notebooks.03-casualties: group_by: 'bayes' is not allowed; "
                              "allowed: source_id | metric")


def test_a_bad_default_is_refused_naming_the_notebook():
    declared = {**CHAPTERS, "02-timeline": {**CHAPTERS["02-timeline"], "max_rows": Param("max_rows", "int", "-1", "")}}
    with pytest.raises(ParamError, match=r"^notebooks/02-timeline.ipynb: parameters cell: max_rows: -1 is not allowed; "
                                         r"allowed: a whole number ≥ 0 \(0: every row\)$"):
        _check(declared=declared)
    _check(["02-timeline.max_rows=5"], declared=declared)  # a value set replaces the default


def test_every_refused_value_is_one_line_and_a_value_set_for_every_notebook_once():
    with pytest.raises(ParamError) as err:
        _check(["max_rows=-1", "03-casualties.metrics=[killed, wounded]"])
    lines = str(err.value).splitlines()
    assert lines[0] == "-p max_rows=-1: max_rows: -1 is not allowed; allowed: a whole number ≥ 0 (0: every row)"
    assert lines[1].startswith("-p 03-casualties.metrics=[killed, wounded]: metrics: 'wounded'")
    assert len(lines) == 2


def test_reversed_dates_name_the_value_that_was_set():
    with pytest.raises(ParamError, match=r"^-p end=2021-12-01: start, end: start '2022-01-01' is after end '2021-12-01'; "
                                         r"allowed: start on or before end$"):
        _check(["end=2021-12-01"])
    with pytest.raises(ParamError, match=r"^-p start=2022-02-01: start, end: start '2022-02-01' is after end '2022-01-23'"):
        _check(["start=2022-02-01"])
    _check(["start=2022-02-01", "end=2022-02-02"])
