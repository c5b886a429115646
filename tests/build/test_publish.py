"""Publishing: only the build's own files, all of them or none, finished after a kill -9 at any step.

These tests publish small file sets in real subprocesses killed with SIGKILL; the end-to-end versions
with real builds are in test_build_safety.py.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import fork_server, reader_tree
from kzreport.build import publish as outputs
from kzreport.build.publish import Destination, ForeignFiles, Publication

# Two builds' outputs for two destinations: some files change, one is new, one is gone, one stays the same.
SET_A = {"out": {"report.html": "<p>A</p>", "report.pdf": "%PDF A", "notebooks/01.ipynb": "{A}", "notebooks/02.ipynb": "{same}"},
         "processed": {"claims.csv": "v\n230\n", "events.csv": "e\nA\n", "old.csv": "gone in B\n"}}
SET_B = {"out": {"report.html": "<p>B</p>", "report.pdf": "%PDF B", "notebooks/01.ipynb": "{B}", "notebooks/02.ipynb": "{same}",
                 "notebooks/03.ipynb": "{new in B}"},
         "processed": {"claims.csv": "v\n231\n", "events.csv": "e\nB\n"}}
FOREIGN = {"out": {"notes.txt": "an analyst's notes", "notebooks/scratch-analysis.ipynb": "{mine}"},
           "processed": {"my-extract.csv": "hand-made"}}

PUBLISH = (
    "from pathlib import Path\n"
    "from kzreport.build.publish import Destination, Publication\n"
    "base = Path(base)\n"
    "dests = [Destination(base / name, name) for name in sorted(files)]\n"
    "pub = Publication(dests)\n"
    "for d in dests:\n"
    "    for rel, text in files[d.root.name].items():\n"
    "        p = pub.stage(d) / rel; p.parent.mkdir(parents=True, exist_ok=True); p.write_text(text)\n"
    "pub.publish()\n"
)


def _publish(base: Path, files: dict, kill_at: int | None = None) -> subprocess.CompletedProcess:
    """Publish ``files`` in a process of its own (``KILL_ENV`` kills it with SIGKILL at step ``kill_at``). The processes
    are forked from conftest.fork_server, which has imported kzreport.build: the kill test alone runs some forty
    publishes, and a fresh interpreter takes about a second to import it."""
    env = dict(os.environ)
    env.pop(outputs.KILL_ENV, None)
    if kill_at is not None:
        env[outputs.KILL_ENV] = f"publish:{kill_at}"
    return fork_server().run(PUBLISH, {"base": str(base), "files": files}, env=env)


def _expected(files: dict) -> dict:
    import hashlib

    return {name: dict(sorted({rel: hashlib.sha256(text.encode()).hexdigest()
                               for rel, text in {**files[name], **FOREIGN[name]}.items()}.items()))
            for name in files}


def _seen(base: Path) -> dict:
    return {name: reader_tree(base / name) for name in ("out", "processed")}


def _state_names(base: Path) -> dict:
    """The build's own records left in each destination (its lock file aside)."""
    return {name: sorted(p.name for p in (base / name / ".kzreport").iterdir() if p.name != "lock")
            for name in ("out", "processed")}


@pytest.fixture
def base(tmp_path: Path) -> Path:
    for name, files in FOREIGN.items():
        for rel, text in files.items():
            (tmp_path / name / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name / rel).write_text(text)
    assert _publish(tmp_path, SET_A).returncode == 0
    assert _seen(tmp_path) == _expected(SET_A)
    return tmp_path


def test_publish_replaces_its_own_files_removes_the_ones_gone_and_keeps_everyone_elses(base):
    assert _publish(base, SET_B).returncode == 0
    assert _seen(base) == _expected(SET_B)
    assert _state_names(base) == {"out": ["manifest.json"], "processed": ["manifest.json"]}
    manifest = Destination(base / "processed", "").manifest()
    assert sorted(manifest) == ["claims.csv", "events.csv"], "the manifest lists exactly the build's files"


@pytest.mark.parametrize("victim", ["report.html", "notebooks/01.ipynb"])
def test_a_file_changed_by_someone_is_never_overwritten(base, victim):
    (base / "out" / victim).write_text("edited by hand")
    proc = _publish(base, SET_B)
    assert proc.returncode != 0 and "ForeignFiles" in proc.stderr and victim in proc.stderr
    assert (base / "out" / victim).read_text() == "edited by hand"
    assert reader_tree(base / "processed") == _expected(SET_A)["processed"], "a refused publish changes nothing"


def test_a_file_of_someone_elses_in_the_way_is_refused_by_name(tmp_path):
    dest = Destination(tmp_path, "--out (x)")
    (tmp_path / "report.html").write_text("someone's page")
    pub = Publication([dest])
    (pub.stage(dest) / "report.html").write_text("new")
    with pytest.raises(ForeignFiles) as err:
        pub.publish()
    msg = str(err.value)
    assert "report.html" in msg and "did not write" in msg and "--out (x)" in msg and "\n" not in msg
    pub.close()
    assert (tmp_path / "report.html").read_text() == "someone's page"


def test_a_kill_at_every_publish_step_is_completed_by_the_next_run(base):
    """After SIGKILL at publish step N, a reader finds the old or the new complete set once ``validate`` (which
    sees the processed folder's journal) has run, and the new one once the next build (which sees every
    destination's journal) has run; step 1 is before the journal, so the old set stays."""
    steps = 0
    for kill_at in range(1, 100):
        proc = _publish(base, SET_B, kill_at)
        if proc.returncode == 0:
            break  # the publish has fewer steps than kill_at: every step has been tried
        assert proc.returncode == -9, proc.stderr
        steps = kill_at
        journals = [outputs.pending_journal(base / name) for name in ("out", "processed")]
        said: list[str] = []
        # validate: only the processed tables' journal
        with outputs.hold([Destination(base / "processed", "processed")], said.append):
            outputs.recover([base / "processed"], said.append)
        assert _seen(base) in (_expected(SET_A), _expected(SET_B)), f"killed at step {kill_at}: a mixed set"
        assert bool(said) == (journals[1] is not None), (kill_at, said)
        # the next build: every destination's journal, then the leftovers
        roots = [base / "out", base / "processed"]
        with outputs.hold([Destination(r, r.name) for r in roots], said.append):
            outputs.recover(roots, said.append)
            for root in roots:
                outputs.remove_leftovers(root)
        want = SET_A if kill_at == 1 else SET_B
        assert _seen(base) == _expected(want), f"killed at step {kill_at}: not the complete new set"
        if kill_at == 1:
            assert journals == [None, None]
        assert _state_names(base) == {"out": ["manifest.json"], "processed": ["manifest.json"]}, kill_at
        assert _publish(base, SET_A).returncode == 0  # back to A for the next step
    assert steps >= 15, f"only {steps} publish steps were tried"


def test_clean_removes_only_the_builds_unchanged_files(base):
    (base / "out" / "report.pdf").write_text("annotated by hand")
    removed, kept = outputs.clean([base / "out", base / "processed"], lambda m: None)
    assert removed == 6 and len(kept) == 1 and kept[0].endswith("report.pdf")
    assert reader_tree(base / "out") == {**{k: v for k, v in _expected(SET_A)["out"].items()
                                            if k in FOREIGN["out"]}, "report.pdf": reader_tree(base / "out")["report.pdf"]}
    assert reader_tree(base / "processed") == {k: v for k, v in _expected(SET_A)["processed"].items() if k in FOREIGN["processed"]}
    assert not (base / "out" / ".kzreport").exists()


def test_keep_records_a_failed_notebook_and_the_next_publish_removes_it(base, tmp_path):
    dest = Destination(base / "out", "out")
    src = tmp_path / "failed.ipynb"
    src.write_text("{failed}")
    assert dest.keep("failed/02.ipynb", src)
    assert "failed/02.ipynb" in dest.manifest()
    (base / "out" / "failed" / "mine.txt").write_text("not the build's")
    assert _publish(base, SET_B).returncode == 0
    assert not (base / "out" / "failed" / "02.ipynb").exists()
    assert (base / "out" / "failed" / "mine.txt").read_text() == "not the build's"
