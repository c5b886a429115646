"""Committed notebooks: no outputs, kernel python3, one typed and commented parameters cell; max_rows end to end."""

import re

import nbformat
import pytest

from kzreport import config
from kzreport.build.params import BUILD_PARAMS, inspect

NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb")) + sorted(config.NOTEBOOKS_DIR.glob("companion/*.ipynb"))


def test_there_is_at_least_one_notebook():
    assert NOTEBOOKS, "notebooks/ holds no notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; clear them before committing (Kernel > Restart and Clear)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_kernel_and_one_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: expected exactly one cell tagged 'parameters', found {len(tagged)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_parameter_is_typed_and_commented(path):
    params = inspect(path)
    for name in BUILD_PARAMS:
        assert name in params, f"{path.name}: parameters cell must declare {name}"
    for p in params.values():
        assert p.type_name != "None", f"{path.name}: parameter {p.name} has no type annotation"
        assert p.help.strip(), f"{path.name}: parameter {p.name} has no '# help' comment"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_named_for_report_order(path):
    if path.parent.name == "companion":  # published beside the report as <name>.html: a name, no number
        assert re.fullmatch(r"[a-z][a-z0-9-]+\.ipynb", path.name) and not re.match(r"\d\d-", path.name), path.name
        return
    assert re.fullmatch(r"\d\d-[a-z0-9-]+\.ipynb", path.name), f"{path.name}: name notebooks NN-short-name.ipynb"


_ALLOWED_DIGITS = re.compile(
    r"\b\d{1,2}[–-]\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December)\b|"
    r"\b\d{1,2}(?:\.)? (?:January|February|March|April|May|June|July|August|September|October|November|December)(?: \d{4})?\b"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b"
    r"|\b(?:19|20)\d\d(?:[–-](?:19|20)?\d\d)?\b"  # years and year ranges
    r"|^#+ \d+(?:\.\d+)*\.? "  # chapter numbers in headings
    r"|\b\d{4}-\d{2}(?:-\d{2})?\b",  # ISO dates
    re.M,
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_numbers_typed_into_prose(path):
    """Numbers in the narrative come from the data; markdown may carry only dates and chapter numbers."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        stripped = _ALLOWED_DIGITS.sub("", cell.source)
        digits = re.findall(r"\S*\d\S*", stripped)
        assert not digits, f"{path.name} cell {i}: typed number(s) {digits}; compute them from the data instead"


# ---------------------------------------------------------------------------- max_rows, end to end
CAPPED_TABLES = {"companion/evidence-checks": 3, "02-toll": 2}


def _execute(name: str, tmp_path, processed, **params) -> str:
    import papermill

    out = tmp_path / f"{name.replace('/', '-')}.ipynb"
    papermill.execute_notebook(
        str(config.NOTEBOOKS_DIR / f"{name}.ipynb"), str(out),
        parameters={"data_dir": str(config.DATA_DIR), "processed_dir": str(processed["folder"]), "figures_dir": str(tmp_path),
                    **params},
        kernel_name="python3", cwd=str(config.NOTEBOOKS_DIR), progress_bar=False)
    return _html(nbformat.read(out, as_version=4))


def _html(nb) -> str:
    return "\n".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CAPPED_TABLES))
def test_chapter_caps_its_long_tables_at_max_rows(name, tmp_path, processed, built_notebook):
    html = _execute(name, tmp_path, processed, max_rows=2)
    assert html.count("Not every row is printed.") == CAPPED_TABLES[name]
    assert html.count("The table below stops after the first 2 of its") == CAPPED_TABLES[name]
    # The default cap is above the data: the chapter as the shared build ran it, with its defaults.
    assert "Not every row is printed." not in _html(built_notebook(f"{name}.ipynb")[0])


@pytest.mark.slow
def test_a_bad_max_rows_stops_the_chapter_with_a_message(tmp_path, processed):
    import papermill

    with pytest.raises(papermill.PapermillExecutionError, match="max_rows must be a whole number of rows"):
        _execute("02-toll", tmp_path, processed, max_rows=-1)
