"""The table of what each notebook parameter may be: every rule refuses a bad value and says what is allowed."""

import ast
import shutil
from pathlib import Path

import papermill
import pytest

from kzreport import config
from kzreport.analysis import parameters as P

FACTS = P.Facts(metrics=frozenset({"killed", "injured", "detained", "killed_and_injured"}),
                claimants=frozenset({"UN Committee against Torture", "Human Rights Watch"}),
                source="data/raw/claims.csv")

REFUSED = [  # name, bad value, what the message must say
    ("metrics", ["killed", "wounded"], "metrics: 'wounded' is not a metric in data/raw/claims.csv; no name is close to it; "
                                       "all 4 are listed by `kzreport params --allowed metrics`"),
    ("metrics", ["kiled"], "metrics: 'kiled' is not a metric in data/raw/claims.csv; closest: killed;"),
    ("metrics", [], "metrics: [] is not allowed; allowed: one or more metric names of the data's claims"),
    ("metrics", "killed", "metrics: 'killed' is not allowed; allowed: one or more metric names"),
    ("bounds_metrics", ["injured", "detainees"], "bounds_metrics: 'detainees' is not a metric in data/raw/claims.csv; closest: detained;"
                                                 " all 4 are listed by `kzreport params --allowed bounds_metrics`"),
    ("table_metrics", ["killed", "wounded"], "table_metrics: 'wounded' is not a metric in data/raw/claims.csv"),
    ("breakdowns", ["killed_by_police"], "breakdowns: 'killed_by_police' is not a metric in data/raw/claims.csv"),
    ("claimant_types", ["ngo", "NGO"], "claimant_types: 'NGO' is not allowed; allowed: one or more of official | foreign_government"),
    ("categories", ["protests"], "categories: 'protests' is not allowed; allowed: one or more of protest | state_measure"),
    ("max_rows", -1, "max_rows: -1 is not allowed; allowed: a whole number ≥ 0 (0: every row)"),
    ("max_rows", 2.5, "max_rows: 2.5 is not allowed"),
    ("max_rows", True, "max_rows: True is not allowed"),
    ("start", "2022-02-30", "start: '2022-02-30' is not allowed; allowed: a date as YYYY-MM-DD"),
    ("end", "20220105", "end: '20220105' is not allowed; allowed: a date as YYYY-MM-DD"),
    ("reported_from", "2022-01", "reported_from: '2022-01' is not allowed"),
    ("reported_to", "soon", "reported_to: 'soon' is not allowed"),
    ("period_from", 2022, "period_from: 2022 is not allowed"),
    ("zoom_to", "31.01.2022", "zoom_to: '31.01.2022' is not allowed"),
    ("group_by", "date", "group_by: 'date' is not allowed; allowed: source_id | metric"),
    ("events_order", "metric", "events_order: 'metric' is not allowed; allowed: date | source_id"),
    ("rate_claimant", "UN Committee Against Torture", "rate_claimant: 'UN Committee Against Torture' is not a claimant in "
                                                      "data/raw/claims.csv; closest: UN Committee against Torture;"),
    ("conviction_claimants", ["Human Rights Watch", "HRW"], "conviction_claimants: 'HRW' is not a claimant in data/raw/claims.csv"),
]


@pytest.mark.parametrize("name,value,message", REFUSED, ids=[f"{n}={v!r}" for n, v, _ in REFUSED])
def test_each_rule_refuses_a_bad_value_saying_what_is_allowed(name, value, message):
    got = P.check(name, value, FACTS)
    assert got is not None and got.startswith(message), got
    assert "\n" not in got


def test_every_rule_is_tried_with_a_bad_value():
    assert {n for n, _, _ in REFUSED} == set(P.RULES)


ALLOWED = [("metrics", ["killed", "killed_and_injured"]), ("claimant_types", ["official", "activist"]),
           ("categories", ["judicial"]), ("max_rows", 0), ("max_rows", 3), ("start", "2024-02-29"), ("group_by", "metric"), ("events_order", "source_id"),
           ("rate_claimant", "Human Rights Watch"), ("conviction_claimants", ["UN Committee against Torture"]),
           ("show_tables", "a parameter with no rule is not checked here")]


@pytest.mark.parametrize("name,value", ALLOWED)
def test_allowed_values_pass(name, value):
    assert P.check(name, value, FACTS) is None


def test_without_facts_the_names_of_the_data_are_not_checked_but_the_rest_is():
    assert P.check("metrics", ["wounded"], None) is None
    assert P.check("max_rows", -1, None) is not None


def test_reversed_dates_are_refused_as_a_pair():
    refused = P.check_all({"start": "2022-01-10", "end": "2022-01-01", "max_rows": 5}, FACTS)
    assert refused == [P.Refusal(("start", "end"), "start, end: start '2022-01-10' is after end '2022-01-01'; allowed: start on or before end")]
    assert P.check_all({"reported_from": "2022-01-01", "reported_to": "2022-01-01"}, FACTS) == []
    assert [r.names for r in P.check_all({"reported_from": "2023-01-01", "reported_to": "2022-12-31"}, FACTS)] == [
        ("reported_from", "reported_to")]
    assert P.allowed("start") == "a date as YYYY-MM-DD, not after end"


def _notebook_defaults() -> dict[str, dict]:
    out = {}
    for nb in [*sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb")), *sorted((config.NOTEBOOKS_DIR / "companion").glob("*.ipynb"))]:
        declared = papermill.inspect_notebook(str(nb))
        out[nb.stem] = {name: ast.literal_eval(p["default"]) for name, p in declared.items()}
    return out


def test_the_real_notebooks_defaults_are_allowed_by_the_project_data():
    facts = P.facts_from(config.DATA_DIR)
    assert {"killed", "injured", "detained"} <= facts.metrics
    assert "UN Committee against Torture" in facts.claimants
    assert facts.source == "data/raw/claims.csv" or facts.source.endswith("data/raw/claims.csv")
    defaults = _notebook_defaults()
    for stem, values in defaults.items():
        assert P.check_all(values, facts) == [], stem
    declared = {name for values in defaults.values() for name in values}
    assert set(P.RULES) <= declared, f"rules for parameters no notebook declares: {set(P.RULES) - declared}"


def test_facts_from_another_folder_say_how_to_list_them(tmp_path: Path):
    shutil.copytree(config.DATA_DIR / "raw", tmp_path / "raw")
    facts = P.facts_from(config.paths_for(tmp_path))
    assert facts.data_option == f"--data {tmp_path}"
    assert P.check("metrics", ["wounded"], facts).endswith(f"`kzreport params --allowed metrics --data {tmp_path}`")
    assert P.choices("metrics", facts) == sorted(facts.metrics)
    (tmp_path / "raw" / "claims.csv").write_text("claim_id\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"claims\.csv.*required column is missing"):
        P.facts_from(tmp_path)


def test_the_rules_module_imports_only_the_evidence_layer_config_and_analysis():
    tree = ast.parse(Path(P.__file__).read_text(encoding="utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 0}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    own = {m for m in modules if m.startswith("kzreport")}
    assert own and all(m == "kzreport" or m.startswith(("kzreport.evidence", "kzreport.config", "kzreport.analysis"))
                       for m in own), own
