import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import fork_server
from kzreport.build.cache import Cache, digest, tree_digest


def test_digest_is_order_independent_for_dicts_and_sensitive_to_values():
    assert digest({"a": 1, "b": 2}) == digest({"b": 2, "a": 1})
    assert digest({"a": 1}) != digest({"a": 2})
    assert digest("x", "y") != digest("xy")


def test_tree_digest_follows_content_and_names_not_timestamps(tmp_path: Path):
    (tmp_path / "a.csv").write_text("1", encoding="utf-8")
    first = tree_digest(tmp_path)
    (tmp_path / "a.csv").write_text("1", encoding="utf-8")  # rewritten, same bytes, new mtime
    assert tree_digest(tmp_path) == first
    (tmp_path / "a.csv").write_text("2", encoding="utf-8")
    assert tree_digest(tmp_path) != first
    (tmp_path / "a.csv").write_text("1", encoding="utf-8")
    (tmp_path / "a.csv").rename(tmp_path / "b.csv")
    assert tree_digest(tmp_path) != first


def test_put_then_get_and_disabled_cache_misses(tmp_path: Path):
    src = tmp_path / "f.txt"
    src.write_text("content", encoding="utf-8")
    cache = Cache(tmp_path / "cache")
    assert cache.get("kind", "k1") is None
    entry = cache.put("kind", "k1", {"sub/f.txt": src})
    assert cache.get("kind", "k1") == entry
    assert (entry / "sub" / "f.txt").read_text(encoding="utf-8") == "content"
    assert Cache(tmp_path / "cache", enabled=False).get("kind", "k1") is None


def test_an_entry_without_its_record_is_a_miss(tmp_path: Path):
    cache = Cache(tmp_path, warn=lambda m: None)
    (tmp_path / "kind" / "k2").mkdir(parents=True)  # an entry folder with no record of its files
    assert cache.get("kind", "k2") is None


# ---------------------------------------------------------------------------- verified, never trusted
def _entry(tmp_path: Path) -> tuple[Cache, Path, list[str]]:
    files = {}
    for name, content in (("notebook.ipynb", '{"cells": []}'), ("figures/a.svg", "<svg/>"), ("processed/claims.csv", "v\n230\n")):
        src = tmp_path / "src" / name
        src.parent.mkdir(parents=True, exist_ok=True)
        src.write_text(content, encoding="utf-8")
        files[name] = src
    said: list[str] = []
    cache = Cache(tmp_path / "cache", warn=said.append)
    entry = cache.put("notebook", "k" * 64, files)
    return cache, entry, said


def test_an_intact_entry_passes_its_check(tmp_path: Path):
    cache, entry, said = _entry(tmp_path)
    assert cache.get("notebook", "k" * 64) == entry and said == []


@pytest.mark.parametrize("damage, reason", [
    (lambda e: (e / "processed" / "claims.csv").write_text("v\n2300\n"), "processed/claims.csv has"),
    (lambda e: (e / "processed" / "claims.csv").write_text("v\n231\n"), "processed/claims.csv was changed"),
    (lambda e: (e / "figures" / "a.svg").write_bytes(b""), "figures/a.svg has 0 bytes"),
    (lambda e: (e / "notebook.ipynb").unlink(), "notebook.ipynb is missing"),
    (lambda e: (e / "figures" / "extra.png").write_bytes(b"x"), "figures/extra.png is not in its record"),
    (lambda e: (e / "entry.json").write_text("{"), "entry.json cannot be read"),
    (lambda e: (e / "entry.json").unlink(), "has no entry.json"),
])
def test_a_damaged_entry_is_dropped_with_one_line(tmp_path: Path, damage, reason):
    cache, entry, said = _entry(tmp_path)
    damage(entry)
    assert cache.get("notebook", "k" * 64) is None
    assert not entry.exists(), "the damaged entry must be removed so that it is rebuilt"
    assert len(said) == 1 and reason in said[0] and "rebuilding" in said[0], said


def test_an_entry_copied_under_another_key_is_refused(tmp_path: Path):
    cache, entry, said = _entry(tmp_path)
    shutil.copytree(entry, tmp_path / "cache" / "notebook" / ("j" * 64))
    assert cache.get("notebook", "j" * 64) is None and "belongs to another entry" in said[0]


def test_two_processes_writing_the_same_entry_both_succeed_and_leave_one_good_entry(tmp_path: Path):
    """Two builds sharing a cache once crashed on rename with 'Directory not empty'."""
    code = (
        "import sys; from pathlib import Path; from kzreport.build.cache import Cache\n"
        "root, n = Path(sys.argv[1]), int(sys.argv[2])\n"
        "src = root.parent / f'src-{n}.txt'; src.write_text('same content')\n"
        "c = Cache(root)\n"
        "for i in range(200): c.put('kind', f'{i:064d}', {'f.txt': src})\n"
        "c.close()\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "cache"), str(n)],
                              stderr=subprocess.PIPE, text=True) for n in range(3)]
    errors = [p.communicate()[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    cache = Cache(tmp_path / "cache")
    assert all(cache.check("kind", f"{i:064d}") is None for i in range(200))
    assert list((tmp_path / "cache" / "tmp").iterdir()) == []


def test_a_disabled_cache_still_writes_verified_entries(tmp_path: Path):
    src = tmp_path / "f.txt"
    src.write_text("x", encoding="utf-8")
    cache = Cache(tmp_path / "cache", enabled=False)
    cache.put("kind", "k3", {"f.txt": src})
    assert Cache(tmp_path / "cache").check("kind", "k3") is None


def test_the_cache_is_tagged_and_clears_what_killed_builds_left(tmp_path: Path):
    root = tmp_path / "cache"
    code = ("import os, sys; from pathlib import Path; from kzreport.build.cache import Cache\n"
            "c = Cache(Path(sys.argv[1])); c.prepare(); p = c._run_folder(); (p / 'half').write_text('x')\n"
            "os.kill(os.getpid(), 9)\n")
    assert fork_server().run(code, argv=["-c", str(root)]).returncode == -9
    assert list((root / "tmp").iterdir())
    Cache(root).prepare()
    assert list((root / "tmp").iterdir()) == []
    assert (root / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_tree_digest_never_reads_through_a_symbolic_link(tmp_path: Path):
    """A link out of data/raw/sources/ is refused by validation; the cache key must not read it first."""
    outside = tmp_path / "secret.txt"
    outside.write_text("one", encoding="utf-8")
    folder = tmp_path / "raw"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "doc.txt").symlink_to(outside)
    (folder / "linked-dir").symlink_to(tmp_path, target_is_directory=True)
    first = tree_digest(folder)
    outside.write_text("two", encoding="utf-8")
    assert tree_digest(folder) == first, "the digest read the file the link points at"
    (folder / "sources" / "doc.txt").unlink()
    (folder / "sources" / "doc.txt").symlink_to(tmp_path / "other.txt")
    assert tree_digest(folder) != first, "a link pointing elsewhere must change the digest"


def test_an_edit_to_any_file_of_the_package_is_a_new_environment(tmp_path: Path):
    """The Typst layout (report.typ) and the popovers' script (popovers.js) once fell outside the digest: editing
    them left a stale cached report. Every file of the package counts, whatever its suffix (checked on a copy)."""
    import shutil

    from kzreport.build import cache

    package = shutil.copytree(Path(cache.__file__).resolve().parents[1], tmp_path / "kzreport",
                              ignore=shutil.ignore_patterns("__pycache__"))
    assert {".typ", ".js", ".j2", ".py", ".css"} <= {p.suffix for p in package.rglob("*") if p.is_file()}
    before = cache.environment_digest({}, package)
    for rel in ("build/templates/kzreport-typst/report.typ", "build/templates/kzreport/popovers.js"):
        path = package / rel
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert cache.environment_digest({}, package) != before, f"editing {rel} left the environment unchanged"
        path.write_bytes(original)
    assert cache.environment_digest({}, package) == before
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"compiled")
    assert cache.environment_digest({}, package) == before, "Python's compiled caches are not the package's source"
