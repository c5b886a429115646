"""The build as a pipeline: cache, parallel chapters, atomic publish, readable failures.

Uses a notebooks folder of its own: the real evidence-checks companion plus two small chapters made here; all three
read the processed tables that the build's evidence step writes.
"""

from __future__ import annotations

import csv
import shutil
import time

import pytest

from conftest import quiet, reader_tree, sha, without_one_claim, write_chapter
from kzreport.build import BuildError, build
from kzreport.evidence.problems import InputError

pytestmark = pytest.mark.slow

def test_warm_rebuild_executes_nothing_and_is_fast(small_project_template, built_project):
    """The template's cold build executed every notebook; a copy of it (settled at its path by one build) rebuilds
    with nothing executed, fast, and nothing changed."""
    project = built_project
    assert small_project_template["executed"] == ["02-alpha.ipynb", "03-beta.ipynb", "evidence-checks.ipynb"]
    before = reader_tree(project["out"])
    t0 = time.perf_counter()
    warm = build(project["opts"](), quiet)
    took = time.perf_counter() - t0
    assert warm.executed == []
    assert took <= 2.0, f"warm rebuild took {took:.2f} s"
    assert reader_tree(project["out"]) == before, "a rebuild with nothing changed changed the outputs"


def test_a_rebuild_of_the_same_inputs_reads_only_the_published_files_and_repairs_what_is_missing(built_project):
    """With the inputs of the last published build and every published file as its manifest says, a rebuild does
    nothing else (not even read the cache); a missing output, or other inputs, and it builds as ever."""
    project = built_project
    before = reader_tree(project["out"])
    said: list[str] = []
    shutil.rmtree(project["root"] / "cache")  # not needed: the published files are checked against their manifest
    again = build(project["opts"](), said.append)
    assert again.executed == [] and said[-1].startswith("Nothing changed"), said
    assert reader_tree(project["out"]) == before
    (project["out"] / "report.de.pdf").unlink()  # a published file gone: built again (from scratch: no cache)
    said.clear()
    rebuilt = build(project["opts"](), said.append)
    assert sorted(rebuilt.executed) == ["02-alpha.ipynb", "03-beta.ipynb", "evidence-checks.ipynb"]
    assert reader_tree(project["out"]) == before and said[-1].startswith("Built "), said
    said.clear()
    build(project["opts"](overrides=["languages=[en]"]), said.append)  # other inputs: built, not skipped
    assert said[-1].startswith("Built ") and not (project["out"] / "report.de.html").exists()


NOOP_IMPORTS = """
import sys
from kzreport import cli
code = cli.main(sys.argv[1:])
heavy = sorted(m for m in ("pandas", "pandera", "nbformat", "nbconvert", "matplotlib", "typst", "papermill") if m in sys.modules)
print("heavy:", ",".join(heavy))
sys.exit(code)
"""


def test_a_rebuild_with_nothing_changed_imports_none_of_the_heavy_libraries(built_project):
    """A no-op rebuild's floor is the interpreter: it reads the cache and imports no pandas, nbformat, nbconvert,
    matplotlib or Typst (together about a second of a command that must take at most one). And a build whose data
    changed runs notebooks and renders, but never imports pandas, pandera or matplotlib itself: the evidence step runs
    in a child process, so that the build process never holds the evidence (at 100x, hundreds of MB)."""
    import subprocess
    import sys

    project = built_project
    claims = project["data"] / "raw" / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace("Mehr als 2.200 Personen sollen", "Mehr als 2.200  Personen sollen"), encoding="utf-8")
    args = project["cli_args"]()
    first = subprocess.run([sys.executable, "-c", NOOP_IMPORTS, *args], capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr[-2000:]
    heavy = set(first.stdout.split(":", 1)[1].strip().split(","))
    assert {"papermill", "nbconvert"} <= heavy, f"a build that ran notebooks imported only {heavy}"
    assert not heavy & {"pandas", "pandera", "matplotlib"}, f"the build process imported {heavy}"
    again = subprocess.run([sys.executable, "-c", NOOP_IMPORTS, *args], capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "no notebook executed" in again.stderr
    assert again.stdout.strip() == "heavy:", f"a no-op rebuild imported {again.stdout.strip()}"


def test_changing_one_chapter_reexecutes_only_that_chapter(built_project):
    write_chapter(built_project["nbs"] / "03-beta.ipynb", "Beta", "from IPython.display import HTML\nHTML(f'<p>{label}!</p>')",
             'label: str = "beta text"  # what the chapter says\n')
    again = build(built_project["opts"](), quiet)
    assert again.executed == ["03-beta.ipynb"]
    assert "beta text!" in again.html.read_text(encoding="utf-8")


def test_changing_a_parameter_reexecutes_only_the_notebooks_that_have_it(built_project):
    again = build(built_project["opts"](overrides=["label=other words"]), quiet)
    assert again.executed == ["03-beta.ipynb"]
    assert "other words" in again.html.read_text(encoding="utf-8")


def test_changing_raw_data_writes_new_tables_and_reexecutes_the_notebooks_that_read_them(built_project):
    claims = built_project["data"] / "raw" / "claims.csv"
    before = (built_project["data"] / "processed" / "claims.csv").read_text(encoding="utf-8")
    claims.write_text(claims.read_text(encoding="utf-8").replace("Mehr als 2.200 Personen sollen", "Mehr als 2.200  Personen sollen"), encoding="utf-8")
    again = build(built_project["opts"](), quiet)
    assert again.executed == ["02-alpha.ipynb", "03-beta.ipynb", "evidence-checks.ipynb"]
    after = (built_project["data"] / "processed" / "claims.csv").read_text(encoding="utf-8")
    assert after != before and "Mehr als 2.200  Personen sollen" in after


def test_changing_raw_data_back_takes_the_tables_from_the_cache(built_project):
    """The processed tables of data already checked come from the cache (verified), and so do the notebooks."""
    claims = built_project["data"] / "raw" / "claims.csv"
    original = claims.read_text(encoding="utf-8")
    tables = (built_project["data"] / "processed" / "claims.csv").read_bytes()
    claims.write_text(without_one_claim(built_project["data"]), encoding="utf-8")
    assert build(built_project["opts"](), quiet).executed != []
    claims.write_text(original, encoding="utf-8")
    messages: list[str] = []
    again = build(built_project["opts"](), messages.append)
    assert again.executed == []
    assert "evidence" not in again.timings, "the data was checked again instead of taken from the cache"
    assert (built_project["data"] / "processed" / "claims.csv").read_bytes() == tables


def test_force_ignores_the_cache(built_project):
    assert build(built_project["opts"](force=True), quiet).executed == ["02-alpha.ipynb", "03-beta.ipynb", "evidence-checks.ipynb"]


def test_a_stale_cache_never_gives_a_different_report_than_a_cold_build(built_project):
    project = built_project  # its cache holds the old data's results
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


def test_two_cold_builds_are_byte_identical(small_project_template, project):
    """The template's cold build (every notebook executed, into an empty cache) and a forced build here, of the same
    notebooks (a copy of the template's), give the same bytes."""
    assert small_project_template["executed"] == ["02-alpha.ipynb", "03-beta.ipynb", "evidence-checks.ipynb"]
    html_a, pdf_a = small_project_template["html"], small_project_template["pdf"]
    for name in ("02-alpha.ipynb", "03-beta.ipynb"):
        shutil.copy(small_project_template["root"] / "notebooks" / name, project["nbs"] / name)
    b = build(project["opts"](force=True, out_dir=project["root"] / "second", figures_dir=project["root"] / "second" / "figures",
                              cache_dir=project["root"] / "cache-2"), quiet)
    assert (sha(b.html), sha(b.pdf)) == (html_a, pdf_a)


def test_a_failing_notebook_is_one_message_keeps_the_notebook_and_loses_nothing(built_project):
    processed = built_project["data"] / "processed"
    before_out, before_processed = reader_tree(built_project["out"]), reader_tree(processed)
    write_chapter(built_project["nbs"] / "02-alpha.ipynb", "Alpha",
             "x = 1\nraise ValueError('the toll table is empty')")
    # Raw data changes too, so the evidence step writes new processed tables that must not be published.
    claims = built_project["data"] / "raw" / "claims.csv"
    claims.write_text(without_one_claim(built_project["data"]), encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build(built_project["opts"](), quiet)
    msg = str(err.value)
    assert "02-alpha.ipynb failed in cell" in msg
    assert "ValueError: the toll table is empty" in msg
    assert "Traceback" not in msg and len(msg.splitlines()) <= 3
    assert (built_project["out"] / "failed" / "02-alpha.ipynb").is_file()
    after_out = reader_tree(built_project["out"])
    assert {k: v for k, v in after_out.items() if not k.startswith("failed/")} == before_out
    assert reader_tree(processed) == before_processed
    for folder in (built_project["out"], processed, built_project["out"] / "figures"):
        assert not list((folder / ".kzreport").glob("staging-*")), f"staging left in {folder}"


def test_a_kernel_that_dies_is_one_message_naming_the_cell(built_project):
    """A kernel killed mid-cell (out of memory, a crash in C code) leaves no Python traceback; the build
    still names the notebook and the cell in a few lines, keeps the notebook, and publishes nothing."""
    before = reader_tree(built_project["out"])
    write_chapter(built_project["nbs"] / "03-beta.ipynb", "Beta", "import os\nos._exit(3)  # the kernel dies here",
             'label: str = "beta text"  # what the chapter says\n')
    with pytest.raises(BuildError) as err:
        build(built_project["opts"](), quiet)
    msg = str(err.value)
    assert "03-beta.ipynb failed in cell" in msg and "the kernel died" in msg, msg
    assert "'import os'" in msg, f"the message should quote the cell that was running: {msg}"
    assert "Traceback" not in msg and len(msg.splitlines()) <= 3, msg
    assert (built_project["out"] / "failed" / "03-beta.ipynb").is_file()
    assert {k: v for k, v in reader_tree(built_project["out"]).items() if not k.startswith("failed/")} == before


def test_bad_input_stops_the_build_before_anything_runs_and_loses_nothing(built_project):
    before = reader_tree(built_project["out"])
    (built_project["data"] / "raw" / "events.csv").write_bytes("event_id,source_id\nx,\u00e4".encode("cp1252"))
    with pytest.raises(InputError) as err:
        build(built_project["opts"](), lambda m: pytest.fail(f"progress before validation: {m}") if "▶" in m else None)
    assert "data/raw/events.csv" in str(err.value) or "events.csv" in str(err.value)
    assert reader_tree(built_project["out"]) == before


def test_a_cell_an_analyst_adds_to_a_chapter_stays_in_the_notebook_and_out_of_the_report(built_project):
    import nbformat

    project = built_project  # only the edited chapter runs

    path = project["nbs"] / "03-beta.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("from IPython.display import HTML\nHTML('<p>ANALYST-ONLY exploration</p>')"))
    nb.cells.append(nbformat.v4.new_markdown_cell("My ANALYST-ONLY note"))
    nbformat.write(nb, path)
    result = build(project["opts"](), quiet)
    assert result.executed == ["03-beta.ipynb"]
    assert "ANALYST-ONLY" not in result.html.read_text(encoding="utf-8")
    assert "ANALYST-ONLY exploration" in (project["out"] / "notebooks" / "03-beta.ipynb").read_text(encoding="utf-8")


def test_notebooks_in_a_subfolder_are_never_built(built_project):
    project = built_project  # any notebook the build found would be new, so executed
    explore = project["nbs"] / "explore"
    explore.mkdir()
    write_chapter(explore / "07-mine.ipynb", "Mine", "raise SystemExit('an exploration notebook was executed')")
    result = build(project["opts"](), quiet)
    assert "07-mine.ipynb" not in result.executed and not (project["out"] / "notebooks" / "07-mine.ipynb").exists()


# ---------------------------------------------------------------------------- companion pages and downloadable data
def test_a_companion_notebook_is_published_beside_the_report_and_not_merged_into_it(built_project):
    project = built_project
    shutil.rmtree(project["out"])  # published anew, from the cache
    result = build(project["opts"](), quiet)
    out = project["out"]
    assert result.companions == [out / "evidence-checks.html", out / "evidence-checks.de.html"]
    page = (out / "evidence-checks.html").read_text(encoding="utf-8")
    report = result.html.read_text(encoding="utf-8")
    assert "Quotes that needed normalising" in page and "Quotes that needed normalising" not in report
    assert 'href="evidence-checks.html"' in report and 'href="report.html"' in page
    assert (out / "notebooks" / "companion" / "evidence-checks.ipynb").is_file()
    manifest = (out / ".kzreport" / "manifest.json").read_text(encoding="utf-8")
    assert '"evidence-checks.html"' in manifest and '"notebooks/companion/evidence-checks.ipynb"' in manifest


def test_a_companion_reads_its_parameters_like_a_chapter(built_project):
    again = build(built_project["opts"](overrides=["evidence-checks.show_normalised_quotes=false"]), quiet)
    assert again.executed == ["evidence-checks.ipynb"]
    page = (built_project["out"] / "evidence-checks.html").read_text(encoding="utf-8")
    assert "matched only after normalising" in page and "<th scope=\"col\">Normalised</th>" not in page


def test_the_data_folder_holds_every_processed_table_and_figure_csv_with_its_descriptor(built_project):
    import json

    project = built_project
    shutil.rmtree(project["out"])  # published anew, from the cache
    result = build(project["opts"](), quiet)
    data = result.data
    processed = sorted(p.name for p in (project["data"] / "processed").glob("*.csv"))
    assert sorted(p.name for p in (data / "processed").glob("*.csv")) == processed
    for name in processed:
        assert sha(data / "processed" / name) == sha(project["data"] / "processed" / name)
    desc = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in desc["resources"]] == [f"processed/{n}" for n in processed]
    assert "created" not in desc


def test_a_hand_made_file_where_the_data_goes_stops_the_publish_and_clean_removes_only_the_builds(built_project):
    from kzreport.build.publish import clean

    out = built_project["out"]
    (out / "data" / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "data" / "processed" / "claims.csv").write_text("edited by hand", encoding="utf-8")
    with pytest.raises(BuildError, match="claims.csv"):
        build(built_project["opts"](force=True), quiet)
    assert (out / "data" / "processed" / "claims.csv").read_text(encoding="utf-8") == "edited by hand"
    (out / "data" / "processed" / "claims.csv").unlink()
    build(built_project["opts"](), quiet)
    clean([out], quiet)
    assert not (out / "data" / "datapackage.json").exists() and not (out / "evidence-checks.html").exists()
    assert (out / "data" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_two_notebooks_of_the_same_name_are_refused(project):
    write_chapter(project["nbs"] / "04-evidence-checks.ipynb", "Dup", "1")
    (project["nbs"] / "companion" / "04-evidence-checks.ipynb").write_bytes((project["nbs"] / "04-evidence-checks.ipynb").read_bytes())
    with pytest.raises(BuildError, match="two notebooks are named 04-evidence-checks"):
        build(project["opts"](), quiet)


def test_a_long_report_compiles_its_pdf_alone_and_gets_the_same_bytes(small_project_template, project, monkeypatch):
    """Typst compiles a long report's PDF before the HTML is exported rather than beside it (so that at 100x the
    data the two never add up to more than 1 GiB); the order changes no byte of either."""
    from kzreport.build import pipeline

    for name in ("02-alpha.ipynb", "03-beta.ipynb"):
        shutil.copy(small_project_template["root"] / "notebooks" / name, project["nbs"] / name)
    monkeypatch.setattr(pipeline, "TYPST_BESIDE_HTML_MAX", 0)
    said: list[str] = []
    b = build(project["opts"](force=True), said.append)
    assert any(line.startswith("✓ report.pdf") and "(before the HTML)" in line for line in said), said
    assert (sha(b.html), sha(b.pdf)) == (small_project_template["html"], small_project_template["pdf"])
