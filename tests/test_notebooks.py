"""Committed notebooks: no outputs, kernel python3, one typed and commented parameters cell."""

import re

import nbformat
import pytest

from kzreport import config
from kzreport.params import BUILD_PARAMS, inspect

NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))


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
    assert re.fullmatch(r"\d\d-[a-z0-9-]+\.ipynb", path.name), f"{path.name}: name notebooks NN-short-name.ipynb"
