"""The command line as a user runs it: exit codes and messages a person can act on."""

import os
import re
import subprocess
import sys

import pytest

from conftest import PROJECT, run_cli


def test_help_lists_the_three_commands():
    proc = run_cli("--help")
    assert proc.returncode == 0
    for cmd in ("build", "validate", "params"):
        assert cmd in proc.stdout


def test_console_script_is_installed():
    script = os.path.join(os.path.dirname(sys.executable), "kzreport")
    proc = subprocess.run([script, "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("kzreport ")


def test_validate_passes_on_the_project_data():
    proc = run_cli("validate")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""


def test_validate_prints_one_line_per_problem_and_fails(data_copy):
    """Two sources edited (one figure each): two checksum lines, plus the quotes that print those figures."""
    for name, old, new in (("amnesty_2022.txt", "\n230. Darunter", "\n231. Darunter"), ("taz_2022.txt", "dass 164 Menschen", "dass 165 Menschen")):
        path = data_copy / "raw" / "sources" / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    proc = run_cli("validate", "--data", str(data_copy))
    assert proc.returncode == 1
    lines = proc.stdout.strip().splitlines()
    assert all(re.match(r"^[^:]+:[^:]+: [^:]+: .+", ln) for ln in lines), lines
    checksum = [ln for ln in lines if ": sha256: checksum mismatch" in ln]
    assert [ln.split(":")[1] for ln in checksum] == ["source amnesty_2022", "source taz_2022"]
    quote_lines = [ln for ln in lines if ": quote: " in ln]
    assert any("amnesty_2022-c008: quote not found in sources/amnesty_2022.txt" in ln for ln in quote_lines), quote_lines
    assert any("taz_2022-c003" in ln for ln in quote_lines), quote_lines
    assert len(lines) == len(checksum) + len(quote_lines)


def test_params_lists_every_parameter_with_type_default_and_help():
    proc = run_cli("params")
    assert proc.returncode == 0, proc.stderr
    assert "evidence-checks.ipynb" in proc.stdout and "07-appendices.ipynb" in proc.stdout
    assert 'data_dir: str = ""  # folder laid out like data/' in proc.stdout


def test_build_refuses_an_unknown_parameter_before_running_anything(tmp_path, data_copy):
    out = tmp_path / "out"
    proc = run_cli("build", "--data", str(data_copy), "--out", str(out), "-p", "nonexistent=1")
    assert proc.returncode != 0
    assert "nonexistent" in proc.stderr
    assert "▶" not in proc.stderr, "a notebook started although the parameter was refused"
    assert not (out / "report.html").exists()


def test_build_with_a_missing_data_folder_says_what_to_do(tmp_path):
    proc = run_cli("build", "--data", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert proc.returncode != 0
    assert "laid out like data/" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_build_stops_on_bad_input_and_names_it(tmp_path, data_copy):
    (data_copy / "raw" / "sources" / "taz_2022.txt").write_text("tampered", encoding="utf-8")
    proc = run_cli("build", "--data", str(data_copy), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert "source taz_2022: sha256: checksum mismatch" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_python_m_and_cwd_independence(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kzreport", "validate"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert str(PROJECT / "data") in proc.stderr


def test_build_refuses_a_badly_typed_parameter_before_running_anything(tmp_path, data_copy):
    for bad, expect in (("start=banana", "start must be a date"), ("max_rows=many", "max_rows must be int"),
                        ("categories=7", "categories must be list")):
        proc = run_cli("build", "--data", str(data_copy), "--out", str(tmp_path / "out"), "-p", bad)
        assert proc.returncode != 0, bad
        assert expect in proc.stderr, proc.stderr
        assert "▶" not in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out" / "report.html").exists()


def _edit_claims(data_copy, column, value, row_index=0):
    import csv

    path = data_copy / "raw" / "claims.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    rows[row_index][column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


@pytest.mark.parametrize(("column", "value", "expect"), [
    ("source_id", "nowhere_2022", "data/raw/claims.csv:2: source_id: unknown source_id 'nowhere_2022'"),
    ("qualifier", "roughly", "data/raw/claims.csv:2: qualifier: must be one of"),
    ("reported_on", "9.1.2022", "data/raw/claims.csv:2: reported_on: must be an ISO date"),
    ("reported_on", "2022-02-30", "data/raw/claims.csv:2: reported_on: '2022-02-30' is not a real date"),
    ("value_high", "1", "data/raw/claims.csv:2: value_high: 1 contradicts value_text"),
    ("value_text", "viele", "data/raw/claims.csv:2: value_text: 'viele' does not occur in the quote"),
    ("quote", "Dieser Satz steht in keiner Quelle.", "data/raw/claims.csv:2: quote: amnesty_2022-c001: quote not found"),
])
def test_build_and_validate_both_name_the_cell(tmp_path, data_copy, column, value, expect):
    _edit_claims(data_copy, column, value)
    for cmd in (["validate"], ["build", "--out", str(tmp_path / "out")]):
        proc = run_cli(*cmd, "--data", str(data_copy))
        assert proc.returncode != 0, cmd
        assert expect in proc.stdout + proc.stderr, (cmd, proc.stdout + proc.stderr)
        assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out" / "report.html").exists()


# ---------------------------------------------------------------------------- parameter values, and lists with spaces
def test_a_p_value_split_at_its_spaces_is_joined_back():
    from kzreport.cli import rejoin_split_values as rejoin

    assert rejoin(["build", "-p", "02-toll.metrics=[killed,", "injured]", "--force"]) == [
        "build", "-p", "02-toll.metrics=[killed, injured]", "--force"]
    assert rejoin(["-pmetrics=[killed,", "injured,", "detained]"]) == ["-pmetrics=[killed, injured, detained]"]
    assert rejoin(["-p", "x={a:", "[1,", "2]}", "-p", "y=[3]"]) == ["-p", "x={a: [1, 2]}", "-p", "y=[3]"]
    assert rejoin(["-p", "x=['a,", "b]',", "c]"]) == ["-p", "x=['a, b]', c]"]  # a bracket in quotes counts for nothing
    assert rejoin(["-p", "label='[not a list'", "--force"]) == ["-p", "label='[not a list'", "--force"]
    assert rejoin(["-p", "label=it's", "[x]"]) == ["-p", "label=it's", "[x]"]
    assert rejoin(["-p", "m=[a,", "--force"]) == ["-p", "m=[a,", "--force"], "never closed: nothing is joined"
    assert rejoin(["--", "-p", "m=[a,", "b]"]) == ["--", "-p", "m=[a,", "b]"]


@pytest.mark.parametrize(("bad", "expect"), [
    ("02-toll.metrics=[killed,wounded]", "build failed: -p 02-toll.metrics=[killed,wounded]: metrics: 'wounded' "
                                               "is not a metric in "),
    ("max_rows=-1", "build failed: -p max_rows=-1: max_rows: -1 is not allowed; allowed: a whole number ≥ 0 (0: every row)\n"),
    ("group_by=bayes", "build failed: -p group_by=bayes: group_by: 'bayes' is not allowed; allowed: source_id | metric\n"),
    ("02-toll.breakdowns=[killed, wounded]", "build failed: -p 02-toll.breakdowns=[killed, wounded]: breakdowns: 'wounded' is not a metric in "),
])
def test_build_refuses_a_value_the_rules_do_not_allow_before_any_notebook_runs(tmp_path, data_copy, bad, expect):
    proc = run_cli("build", "--data", str(data_copy), "--out", str(tmp_path / "out"), "-p", bad)
    assert proc.returncode == 1, proc.stderr
    assert expect in proc.stderr, proc.stderr
    assert "▶" not in proc.stderr, "a notebook started although the value was refused"
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out" / "report.html").exists()


def test_params_prints_allowed_values_and_checks_without_building(tmp_path):
    listing = run_cli("params").stdout
    assert '  group_by: str = "source_id"' in listing and "      allowed: source_id | metric\n" in listing
    assert "      allowed: one or more metric names of the data's claims\n" in listing
    proc = run_cli("params", "--allowed", "metrics")
    assert proc.returncode == 0 and {"killed", "injured", "killed_and_injured"} <= set(proc.stdout.split())
    proc = run_cli("params", "--check", "-p", "02-toll.metrics=[killed, injured]", "-p", "01-what-happened.end=2022-01-08")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ['languages=["en", "de"]  # report/params.yaml: languages',
                                        '01-what-happened.end="2022-01-08"  # -p 01-what-happened.end=2022-01-08',
                                        '02-toll.metrics=["killed", "injured"]  # -p 02-toll.metrics=[killed, injured]']
    proc = run_cli("params", "--check", "-p", "languages=[de]")
    assert proc.returncode == 0 and proc.stdout.splitlines()[0] == 'languages=["de"]  # -p languages=[de]'
    proc = run_cli("params", "--check", "-p", "languages=[en, fr]")
    assert proc.returncode == 1
    assert proc.stderr == "params failed: -p languages=[en, fr]: no edition in 'fr' (the report has: en, de)\n"
    proc = run_cli("params", "--check", "-p", "01-what-happened.end=2021-12-31")
    assert proc.returncode == 1
    assert proc.stderr == ("params failed: -p 01-what-happened.end=2021-12-31: start, end: start '2022-01-01' is after end "
                           "'2021-12-31'; allowed: start on or before end\n")
    assert not (tmp_path / "report").exists()


def _make(*args: str) -> subprocess.CompletedProcess:
    """``make ARGS`` in the project, with this interpreter and this checkout's sources (the venv's stamp taken as made)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT / "src"), os.environ.get("PYTHONPATH")])))
    return subprocess.run(["make", "-s", "-o", ".venv/.installed", f"PY={sys.executable}", *args], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=600)


def test_make_passes_a_list_with_a_space_through_to_the_command(tmp_path, data_copy):
    """make does no quoting: ARGS="-p m=[killed, injured]" reaches kzreport as two arguments, joined back there."""
    proc = _make("params", "ARGS=--check -p 02-toll.metrics=[killed, injured]")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ('languages=["en", "de"]  # report/params.yaml: languages\n'
                           '02-toll.metrics=["killed", "injured"]  # -p 02-toll.metrics=[killed, injured]\n')
    out = tmp_path / "out"
    proc = _make("report", f"ARGS=--data {data_copy} --out {out} --cache {tmp_path / 'cache'} "
                           "-p 02-toll.metrics=[killed, wounded]")
    assert proc.returncode != 0
    assert "build failed: -p 02-toll.metrics=[killed, wounded]: metrics: 'wounded' is not a metric" in proc.stderr
    assert "▶" not in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists() or not (out / "report.html").exists()
