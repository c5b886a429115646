"""Locks between kzreport processes, and the folders killed processes leave behind.

Both rest on ``flock(2)``: the kernel releases a process's locks when it exits, however it exits
(``kill -9`` included). So a lock that can be taken belongs to nobody alive.

- :func:`exclusive` holds a lock file for a block; a second build on the same folder prints one
  line and waits for the first to finish.
- :func:`run_dir` makes a folder of this build's own (a staging folder, kernel sockets, a cache
  write) beside a ``.lock`` file that the build holds until it releases the folder or dies.
  :func:`remove_stale` removes such folders whose lock nobody holds: the leftovers of killed builds.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import secrets
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kzreport.evidence.problems import writing

LOCK_SUFFIX = ".lock"
TMP_SUFFIX = ".tmp"

_held: dict[str, list[int]] = {}  # resolved lock path -> [fd, depth]: re-entrant within one process
_held_guard = threading.Lock()


_TOKEN_NAME = re.compile(r"[a-z][a-z0-9_]*-[0-9a-f]{12}")


def token() -> str:
    """A short random name part for this build's own folders: ``staging-<token>``."""
    return secrets.token_hex(6)


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""


@contextmanager
def exclusive(path: Path, what: str, progress: Callable[[str], None]) -> Iterator[None]:
    """Hold the lock file ``path`` for the block; if another process holds it, say so once and wait.

    ``what`` names what the lock protects, for the message ("the output folder report/").
    Re-entrant: a process that already holds ``path`` goes straight in.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = os.path.realpath(path)
    with _held_guard:
        if key in _held:
            _held[key][1] += 1
            held_here = True
        else:
            held_here = False
    if held_here:
        try:
            yield
        finally:
            with _held_guard:
                _held[key][1] -= 1
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress(f"waiting: another kzreport build{_holder(path)} is using {what}; "
                     "this one goes on when it has finished")
            fcntl.flock(fd, fcntl.LOCK_EX)
        with writing(path):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        with _held_guard:
            _held[key] = [fd, 1]
        try:
            yield
        finally:
            with _held_guard:
                _held.pop(key, None)
    finally:
        os.close(fd)  # releases the lock


class RunDir:
    """A folder of this build's own, locked while the build lives (see :func:`run_dir`)."""

    def __init__(self, path: Path, fd: int):
        self.path = path
        self.lock = path.with_name(path.name + LOCK_SUFFIX)
        self._fd = fd

    def release(self) -> None:
        """Remove the folder, then its lock: from then on nothing of it is left."""
        shutil.rmtree(self.path, ignore_errors=True)
        if self._fd >= 0:
            self.lock.unlink(missing_ok=True)
            os.close(self._fd)
            self._fd = -1


def run_dir(parent: Path, prefix: str, name: str | None = None) -> RunDir:
    """Create ``parent/<prefix>-<token>`` and its lock ``parent/<prefix>-<token>.lock``, held until release.

    ``name`` fixes the token (a build gives its folders in several places the same one).

    The lock file appears already locked (it is locked under a temporary name, then renamed), and
    before the folder: so a folder without its lock file, or with a lock nobody holds, is a leftover.
    """
    parent.mkdir(parents=True, exist_ok=True)
    for _ in range(20):
        full = f"{prefix}-{name or token()}"
        tmp = parent / f".{full}{LOCK_SUFFIX}{TMP_SUFFIX}"
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            with writing(tmp):
                os.write(fd, f"{os.getpid()}\n".encode("ascii"))
            if os.path.lexists(parent / f"{full}{LOCK_SUFFIX}"):
                os.unlink(tmp)
                os.close(fd)
                if name:
                    raise FileExistsError(errno.EEXIST, "run folder already exists", str(parent / full))
                continue
            os.rename(tmp, parent / f"{full}{LOCK_SUFFIX}")
        except FileNotFoundError:  # a cleaner removed the temporary lock before it was locked: try again
            os.close(fd)
            continue
        except BaseException:
            os.close(fd)
            tmp.unlink(missing_ok=True)
            raise
        path = parent / full
        path.mkdir()
        return RunDir(path, fd)
    raise FileExistsError(errno.EEXIST, "could not create a run folder", str(parent / prefix))


def _acquire(path: Path) -> int | None:
    """An fd holding ``path``'s lock if nobody else holds it, else None (also None if it is gone)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def remove_stale(parent: Path, prefixes: tuple[str, ...]) -> list[Path]:
    """Remove the run folders ``parent/<prefix>-*`` (and their locks) that belong to no live process."""
    removed: list[Path] = []
    if not parent.is_dir():
        return removed
    for child in sorted(parent.iterdir()):
        name = child.name
        ours = any(name.startswith(p + "-") or name.startswith("." + p + "-") for p in prefixes)
        if not ours or child.is_symlink():
            continue
        if name.endswith(LOCK_SUFFIX + TMP_SUFFIX) or (name.endswith(LOCK_SUFFIX) and child.is_file()):
            fd = _acquire(child)
            if fd is None:
                continue  # held by a live build
            try:
                folder = child.with_name(name.removesuffix(TMP_SUFFIX).removesuffix(LOCK_SUFFIX).lstrip("."))
                if folder.is_dir() and not folder.is_symlink() and not name.startswith("."):
                    shutil.rmtree(folder, ignore_errors=True)
                    removed.append(folder)
                child.unlink(missing_ok=True)
            finally:
                os.close(fd)
        elif child.is_dir() and _TOKEN_NAME.fullmatch(name) and not child.with_name(name + LOCK_SUFFIX).exists():
            shutil.rmtree(child, ignore_errors=True)  # its lock is gone: a leftover whose removal was cut short
            removed.append(child)
    return removed
