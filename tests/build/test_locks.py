"""Locks between builds and the folders killed builds leave: real processes, real SIGKILL (processes that only run a
few lines are forked from conftest.fork_server, which has imported the package)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from conftest import fork_server
from kzreport.build import locks

MAKE_AND_DIE = (
    "import os, sys; from pathlib import Path; from kzreport.build import locks\n"
    "run = locks.run_dir(Path(sys.argv[1]), 'staging')\n"
    "(run.path / 'half-written.csv').write_text('x')\n"
    "os.kill(os.getpid(), 9)\n"
)


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_run_folder_comes_with_its_lock_and_leaves_nothing_when_released(tmp_path):
    run = locks.run_dir(tmp_path, "staging")
    assert _names(tmp_path) == [run.path.name, run.path.name + ".lock"]
    run.release()
    assert _names(tmp_path) == []


def test_the_folders_of_killed_processes_are_removed_and_live_ones_kept(tmp_path):
    live = locks.run_dir(tmp_path, "staging")
    for _ in range(3):
        proc = fork_server().run(MAKE_AND_DIE, argv=["-c", str(tmp_path)])
        assert proc.returncode == -9, proc.stderr
    assert len(_names(tmp_path)) == 2 * 4
    removed = locks.remove_stale(tmp_path, ("staging",))
    assert len(removed) == 3 and live.path not in removed
    assert _names(tmp_path) == [live.path.name, live.path.name + ".lock"]
    live.release()


def test_remove_stale_leaves_other_names_alone(tmp_path):
    (tmp_path / "staging-notes").mkdir()  # a folder of someone else's, not shaped like a run folder
    (tmp_path / "report.html").write_text("x")
    (tmp_path / "other-0123456789ab").mkdir()
    assert locks.remove_stale(tmp_path, ("staging",)) == []
    assert _names(tmp_path) == ["other-0123456789ab", "report.html", "staging-notes"]


def test_a_second_holder_says_so_once_and_waits(tmp_path):
    lock = tmp_path / "lock"
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys, time; from pathlib import Path; from kzreport.build import locks\n"
                               "with locks.exclusive(Path(sys.argv[1]), 'x', print):\n"
                               "    print('held', flush=True); time.sleep(1.5)\n", str(lock)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    said: list[str] = []
    t0 = time.perf_counter()
    with locks.exclusive(lock, "the output folder out/", said.append):
        waited = time.perf_counter() - t0
    holder.wait()
    assert waited >= 0.5, "the second holder did not wait"
    assert len(said) == 1 and "the output folder out/" in said[0] and f"pid {holder.pid}" in said[0], said


def test_a_lock_is_reentrant_within_one_process(tmp_path):
    with locks.exclusive(tmp_path / "lock", "x", print), \
            locks.exclusive(tmp_path / "lock", "x", lambda m: (_ for _ in ()).throw(AssertionError(m))):
        pass


def test_a_lock_held_by_a_killed_process_is_free(tmp_path):
    proc = fork_server().run("import os, sys; from pathlib import Path; from kzreport.build import locks\n"
                             "locks.exclusive(Path(sys.argv[1]), 'x', print).__enter__(); os.kill(os.getpid(), 9)\n",
                             argv=["-c", str(tmp_path / "lock")])
    assert proc.returncode == -9, proc.stderr
    said: list[str] = []
    with locks.exclusive(tmp_path / "lock", "x", said.append):
        pass
    assert said == []
