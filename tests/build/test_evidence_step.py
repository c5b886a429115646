"""The build's evidence step and its PDF compile run in forked children (kzreport.build.pipeline._Child): the answer
comes back, exceptions come back, and a child never outlives the build (it shares the build's open files, its folder
locks among them)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import _alive
from kzreport.build import BuildError
from kzreport.build.pipeline import _in_child


class _Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("cannot pickle this")


def _raise(exc: Exception):
    raise exc


def test_the_childs_value_comes_back():
    assert _in_child("sorting", sorted, [3, 1, 2]) == [1, 2, 3]
    assert _in_child("asking", os.getpid) != os.getpid()


def test_the_childs_exception_is_raised_in_the_build():
    with pytest.raises(ValueError, match="no such claim"):
        _in_child("the evidence step", _raise, ValueError("no such claim"))


def test_an_exception_that_cannot_be_pickled_is_still_reported_in_words():
    with pytest.raises(BuildError, match="evidence step failed: _Unpicklable: the claims are odd"):
        _in_child("the evidence step", _raise, _Unpicklable("the claims are odd"))


def test_a_child_that_dies_without_an_answer_is_one_message():
    with pytest.raises(BuildError, match=r"ended without an answer \(exit status 3\)"):
        _in_child("the evidence step", os._exit, 3)


CHILD_OF_A_BUILD = """
import os, sys, time
from pathlib import Path
from kzreport.build.pipeline import _in_child

def wait(pidfile):
    Path(pidfile).write_text(str(os.getpid()))
    time.sleep(120)

_in_child("waiting", wait, sys.argv[1])
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_the_child_dies_with_a_killed_build(tmp_path):
    pidfile = tmp_path / "child.pid"
    build = subprocess.Popen([sys.executable, "-c", CHILD_OF_A_BUILD, str(pidfile)])
    try:
        for _ in range(300):
            if pidfile.exists() and pidfile.read_text():
                break
            time.sleep(0.05)
        child = int(pidfile.read_text())
        assert _alive(child)
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=30)
        for _ in range(100):
            if not _alive(child):
                break
            time.sleep(0.05)
        assert not _alive(child), "the evidence step outlived the build that was killed"
    finally:
        if build.poll() is None:
            build.kill()


def test_a_child_whose_answer_is_no_longer_needed_is_stopped_and_reaped():
    """The build stops its PDF compile when the HTML export failed first: nothing is left running."""
    from kzreport.build.pipeline import _Child

    t0 = time.perf_counter()
    child = _Child("waiting", time.sleep, 60)
    child.close()
    assert time.perf_counter() - t0 < 10
    assert not Path(f"/proc/{child.pid}").exists(), "the stopped child was not reaped"
    with pytest.raises(BuildError, match=r"waiting ended without an answer"):
        child.result()
