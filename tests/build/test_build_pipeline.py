"""The build as a pipeline: cache, parallel chapters, atomic publish, readable failures.

Uses a notebooks folder of its own: the real evidence-checks companion (which writes the processed tables) plus two
small chapters made here.
"""

from __future__ import annotations

import csv
import time

import pytest

from conftest import quiet, reader_tree, sha, without_one_claim, write_chapter
from kzreport.build import BuildError, build
from kzreport.evidence.problems import InputError

pytestmark = pytest.mark.slow

def test_warm_rebuild_executes_nothing_and_is_fast(project):
    cold = build(project["opts"](), quiet)
    assert cold.executed == ["02-alpha.ipynb", "03-beta.ipynb", "evidence-checks.ipynb"]
    before = reader_tree(project["out"])
    t0 = time.perf_counter()
    warm = build(project["opts"](), quiet)
    took = time.perf_counter() - t0
    assert warm.executed == []
    assert took <= 2.0, f"warm rebuild took {took:.2f} s"
    assert reader_tree(project["out"]) == before, "a rebuild with nothing changed changed the outputs"


NOOP_IMPORTS = """
import sys
from kzreport import cli
code = cli.main(sys.argv[1:])
heavy = sorted(m for m in ("pandas", "pandera", "nbformat", "nbconvert", "matplotlib", "typst", "papermill") if m in sys.modules)
print("heavy:", ",".join(heavy))
sys.exit(code)
"""


def test_a_rebuild_with_nothing_changed_imports_none_of_the_heavy_libraries(project):
    """A no-op rebuild's floor is the interpreter: it reads the cache and imports no pandas, nbformat, nbconvert,
    matplotlib or Typst (together about a second of a command that must take at most one)."""
    import subprocess
    import sys

    args = project["cli_args"]()
    first = subprocess.run([sys.executable, "-c", NOOP_IMPORTS, *args], capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "pandas" in first.stdout, "a build that executes notebooks was expected to import pandas"
    again = subprocess.run([sys.executable, "-c", NOOP_IMPORTS, *args], capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "no notebook executed" in again.stderr
    assert again.stdout.strip() == "heavy:", f"a no-op rebuild imported {again.stdout.strip()}"


def test_changing_one_chapter_reexecutes_only_that_chapter(project):
    build(project["opts"](), quiet)
    write_chapter(project["nbs"] / "03-beta.ipynb", "Beta", "from IPython.display import HTML\nHTML(f'<p>{label}!</p>')",
             'label: str = "beta text"  # what the chapter says\n')
    again = build(project["opts"](), quiet)
    assert again.executed == ["03-beta.ipynb"]
    assert "beta text!" in again.html.read_text(encoding="utf-8")


def test_changing_a_parameter_reexecutes_only_the_notebooks_that_have_it(project):
    build(project["opts"](), quiet)
    again = build(project["opts"](overrides=["label=other words"]), quiet)
    assert again.executed == ["03-beta.ipynb"]
    assert "other words" in again.html.read_text(encoding="utf-8")


def test_changing_raw_data_reexecutes_the_producer_and_its_dependants(project):
    build(project["opts"](), quiet)
    claims = project["data"] / "raw" / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace("Mehr als 2.200 Personen sollen", "Mehr als 2.200  Personen sollen"), encoding="utf-8")
    again = build(project["opts"](), quiet)
    assert "evidence-checks.ipynb" in again.executed and "02-alpha.ipynb" in again.executed


def test_force_ignores_the_cache(project):
    build(project["opts"](), quiet)
    assert build(project["opts"](force=True), quiet).executed == ["02-alpha.ipynb", "03-beta.ipynb", "evidence-checks.ipynb"]


def test_a_stale_cache_never_gives_a_different_report_than_a_cold_build(project):
    build(project["opts"](), quiet)  # fills the cache with the old data's results
    claims = project["data"] / "raw" / "claims.csv"
    # The quote and value_text must keep matching their source, so change what the evidence chapter counts: drop a row.
    claims.write_text(without_one_claim(project["data"]), encoding="utf-8")
    warm = build(project["opts"](), quiet)
    cold = build(project["opts"](out_dir=project["root"] / "cold", figures_dir=project["root"] / "cold" / "figures",
                                 cache_dir=project["root"] / "cache-cold", force=True), quiet)
    assert sha(warm.html) == sha(cold.html)
    assert sha(warm.pdf) == sha(cold.pdf)
    companion = "evidence-checks.html"  # the companion that counts the claims
    assert sha(project["out"] / companion) == sha(project["root"] / "cold" / companion)
    with claims.open(encoding="utf-8") as f:
        n_claims = sum(1 for _ in csv.DictReader(f))
    assert f"holds {n_claims} claims" in (project["out"] / companion).read_text(encoding="utf-8")


def test_two_cold_builds_are_byte_identical(project):
    a = build(project["opts"](force=True), quiet)
    html_a, pdf_a = sha(a.html), sha(a.pdf)
    b = build(project["opts"](force=True, out_dir=project["root"] / "second", figures_dir=project["root"] / "second" / "figures",
                              cache_dir=project["root"] / "cache-2"), quiet)
    assert (sha(b.html), sha(b.pdf)) == (html_a, pdf_a)


def test_a_failing_notebook_is_one_message_keeps_the_notebook_and_loses_nothing(project):
    build(project["opts"](), quiet)
    processed = project["data"] / "processed"
    before_out, before_processed = reader_tree(project["out"]), reader_tree(processed)
    write_chapter(project["nbs"] / "02-alpha.ipynb", "Alpha",
             "x = 1\nraise ValueError('the toll table is empty')")
    # Raw data changes too, so the producer re-runs and writes new processed tables that must not be published.
    claims = project["data"] / "raw" / "claims.csv"
    claims.write_text(without_one_claim(project["data"]), encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build(project["opts"](), quiet)
    msg = str(err.value)
    assert "02-alpha.ipynb failed in cell" in msg
    assert "ValueError: the toll table is empty" in msg
    assert "Traceback" not in msg and len(msg.splitlines()) <= 3
    assert (project["out"] / "failed" / "02-alpha.ipynb").is_file()
    after_out = reader_tree(project["out"])
    assert {k: v for k, v in after_out.items() if not k.startswith("failed/")} == before_out
    assert reader_tree(processed) == before_processed
    for folder in (project["out"], processed, project["out"] / "figures"):
        assert not list((folder / ".kzreport").glob("staging-*")), f"staging left in {folder}"


def test_a_kernel_that_dies_is_one_message_naming_the_cell(project):
    """A kernel killed mid-cell (out of memory, a crash in C code) leaves no Python traceback; the build
    still names the notebook and the cell in a few lines, keeps the notebook, and publishes nothing."""
    build(project["opts"](), quiet)
    before = reader_tree(project["out"])
    write_chapter(project["nbs"] / "03-beta.ipynb", "Beta", "import os\nos._exit(3)  # the kernel dies here",
             'label: str = "beta text"  # what the chapter says\n')
    with pytest.raises(BuildError) as err:
        build(project["opts"](), quiet)
    msg = str(err.value)
    assert "03-beta.ipynb failed in cell" in msg and "the kernel died" in msg, msg
    assert "'import os'" in msg, f"the message should quote the cell that was running: {msg}"
    assert "Traceback" not in msg and len(msg.splitlines()) <= 3, msg
    assert (project["out"] / "failed" / "03-beta.ipynb").is_file()
    assert {k: v for k, v in reader_tree(project["out"]).items() if not k.startswith("failed/")} == before


def test_bad_input_stops_the_build_before_anything_runs_and_loses_nothing(project):
    build(project["opts"](), quiet)
    before = reader_tree(project["out"])
    (project["data"] / "raw" / "events.csv").write_bytes("event_id,source_id\nx,\u00e4".encode("cp1252"))
    with pytest.raises(InputError) as err:
        build(project["opts"](), lambda m: pytest.fail(f"progress before validation: {m}") if "▶" in m else None)
    assert "data/raw/events.csv" in str(err.value) or "events.csv" in str(err.value)
    assert reader_tree(project["out"]) == before


def test_a_cell_an_analyst_adds_to_a_chapter_stays_in_the_notebook_and_out_of_the_report(project):
    import nbformat

    path = project["nbs"] / "03-beta.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("from IPython.display import HTML\nHTML('<p>ANALYST-ONLY exploration</p>')"))
    nb.cells.append(nbformat.v4.new_markdown_cell("My ANALYST-ONLY note"))
    nbformat.write(nb, path)
    result = build(project["opts"](), quiet)
    assert "ANALYST-ONLY" not in result.html.read_text(encoding="utf-8")
    assert "ANALYST-ONLY exploration" in (project["out"] / "notebooks" / "03-beta.ipynb").read_text(encoding="utf-8")


def test_notebooks_in_a_subfolder_are_never_built(project):
    explore = project["nbs"] / "explore"
    explore.mkdir()
    write_chapter(explore / "07-mine.ipynb", "Mine", "raise SystemExit('an exploration notebook was executed')")
    result = build(project["opts"](), quiet)
    assert "07-mine.ipynb" not in result.executed and not (project["out"] / "notebooks" / "07-mine.ipynb").exists()


# ---------------------------------------------------------------------------- companion pages and downloadable data
def test_a_companion_notebook_is_published_beside_the_report_and_not_merged_into_it(project):
    result = build(project["opts"](), quiet)
    out = project["out"]
    assert result.companions == [out / "evidence-checks.html"]
    page = (out / "evidence-checks.html").read_text(encoding="utf-8")
    report = result.html.read_text(encoding="utf-8")
    assert "Quotes that needed normalising" in page and "Quotes that needed normalising" not in report
    assert 'href="evidence-checks.html"' in report and 'href="report.html"' in page
    assert (out / "notebooks" / "companion" / "evidence-checks.ipynb").is_file()
    manifest = (out / ".kzreport" / "manifest.json").read_text(encoding="utf-8")
    assert '"evidence-checks.html"' in manifest and '"notebooks/companion/evidence-checks.ipynb"' in manifest


def test_a_companion_reads_its_parameters_like_a_chapter(project):
    build(project["opts"](), quiet)
    again = build(project["opts"](overrides=["evidence-checks.show_normalised_quotes=false"]), quiet)
    assert again.executed == ["evidence-checks.ipynb"]
    page = (project["out"] / "evidence-checks.html").read_text(encoding="utf-8")
    assert "matched only after normalising" in page and "<th scope=\"col\">Normalised</th>" not in page


def test_the_data_folder_holds_every_processed_table_and_figure_csv_with_its_descriptor(project):
    import json

    result = build(project["opts"](), quiet)
    data = result.data
    processed = sorted(p.name for p in (project["data"] / "processed").glob("*.csv"))
    assert sorted(p.name for p in (data / "processed").glob("*.csv")) == processed
    for name in processed:
        assert sha(data / "processed" / name) == sha(project["data"] / "processed" / name)
    desc = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in desc["resources"]] == [f"processed/{n}" for n in processed]
    assert "created" not in desc


def test_a_hand_made_file_where_the_data_goes_stops_the_publish_and_clean_removes_only_the_builds(project):
    from kzreport.build.publish import clean

    build(project["opts"](), quiet)
    out = project["out"]
    (out / "data" / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "data" / "processed" / "claims.csv").write_text("edited by hand", encoding="utf-8")
    with pytest.raises(BuildError, match="claims.csv"):
        build(project["opts"](force=True), quiet)
    assert (out / "data" / "processed" / "claims.csv").read_text(encoding="utf-8") == "edited by hand"
    (out / "data" / "processed" / "claims.csv").unlink()
    build(project["opts"](), quiet)
    clean([out], quiet)
    assert not (out / "data" / "datapackage.json").exists() and not (out / "evidence-checks.html").exists()
    assert (out / "data" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_two_notebooks_of_the_same_name_are_refused(project):
    write_chapter(project["nbs"] / "04-evidence-checks.ipynb", "Dup", "1")
    (project["nbs"] / "companion" / "04-evidence-checks.ipynb").write_bytes((project["nbs"] / "04-evidence-checks.ipynb").read_bytes())
    with pytest.raises(BuildError, match="two notebooks are named 04-evidence-checks"):
        build(project["opts"](), quiet)
