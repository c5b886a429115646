"""The order the build starts its notebooks in: the longest first, by the time each took when it was first run."""

from __future__ import annotations

import json
from pathlib import Path

from kzreport.build.cache import Cache
from kzreport.build.pipeline import _duration_key, _longest_first, _Notebook


def _notebooks(folder: Path, names: list[str]) -> list[_Notebook]:
    out = []
    for name in names:
        path = folder / name
        path.write_text(json.dumps({"cells": [], "metadata": {"name": name}, "nbformat": 4, "nbformat_minor": 5}))
        out.append(_Notebook(path, path.read_bytes()))
    return out


def test_the_longest_notebook_starts_first_and_one_never_timed_before_all(tmp_path):
    cache = Cache(tmp_path / "cache")
    cache.prepare()
    nbs = _notebooks(tmp_path, ["00-a.ipynb", "01-b.ipynb", "02-c.ipynb", "03-d.ipynb"])
    for nb, took in zip(nbs, (1.0, 5.1, None, 2.4)):
        if took is not None:
            cache.put_json("duration", _duration_key(nb, "env"), took)
    order = [nb.stem for nb in _longest_first(nbs, cache, "env")]
    assert order == ["02-c", "01-b", "03-d", "00-a"]
    cache.close()


def test_a_changed_notebook_is_timed_afresh_and_without_a_cache_the_order_is_the_reports(tmp_path):
    cache = Cache(tmp_path / "cache")
    cache.prepare()
    nbs = _notebooks(tmp_path, ["00-a.ipynb", "01-b.ipynb", "02-c.ipynb"])
    for nb, took in zip(nbs, (9.0, 1.0, 5.0)):
        cache.put_json("duration", _duration_key(nb, "env"), took)
    assert [nb.stem for nb in _longest_first(nbs, cache, "env")] == ["00-a", "02-c", "01-b"]
    nbs[1].path.write_text(nbs[1].path.read_text() + "\n")  # the shortest, edited since it was timed
    assert [nb.stem for nb in _longest_first(nbs, cache, "env")] == ["01-b", "00-a", "02-c"]
    off = Cache(tmp_path / "cache", enabled=False)  # --force: nothing is read from the cache
    assert [nb.stem for nb in _longest_first(nbs, off, "env")] == ["00-a", "01-b", "02-c"]
    cache.close()


def test_notebooks_never_timed_start_by_the_figures_they_save(tmp_path):
    cache = Cache(tmp_path / "cache")
    cache.prepare()
    nbs = _notebooks(tmp_path, ["00-a.ipynb", "01-b.ipynb", "02-c.ipynb"])
    figures = {"01-b": 1, "02-c": 3}
    nbs = [_Notebook(nb.path, nb.raw + b" figures.save_figure(" * figures.get(nb.stem, 0)) for nb in nbs]
    assert [nb.stem for nb in _longest_first(nbs, cache, "env")] == ["02-c", "01-b", "00-a"]
    cache.put_json("duration", _duration_key(nbs[0], "env"), 30.0)  # timed ones come after, the longest first
    assert [nb.stem for nb in _longest_first(nbs, cache, "env")] == ["02-c", "01-b", "00-a"]
    cache.close()
