from pathlib import Path

from kzreport.cache import Cache, digest, tree_digest


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


def test_an_entry_without_its_completion_mark_is_a_miss(tmp_path: Path):
    cache = Cache(tmp_path)
    (tmp_path / "kind" / "k2").mkdir(parents=True)  # as left by a build killed mid-write
    assert cache.get("kind", "k2") is None
