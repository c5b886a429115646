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
