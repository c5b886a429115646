"""Where the build writes, and how: only files it made, and all of them or none.

The build writes into *destinations*: the output folder (``report.html``, ``report.pdf``, the
executed ``notebooks/``, and ``failed/`` for a notebook that failed), the figures folder and the
processed-data folder. Each destination has a folder of the build's own, ``.kzreport/``:

``manifest.json``
    every file the build wrote into the destination, with its SHA-256. The build replaces or removes
    a file only if it is listed there and unchanged since; any other file is someone else's and is
    never touched. A build that would have to overwrite one stops and names it.
``lock``
    held by the build working on the destination; a second build waits for it.
``staging-<token>/``
    the new files of one build, prepared before anything is published (beside its lock file).
``journal.json``
    written, in every destination, just before a publish moves its first file, and removed after its
    last. The moves span folders, so no single rename can publish them; a build killed in between
    leaves its journal, and the next build (or ``kzreport validate``) completes the publish from it
    before anything else (the staged files are complete before the journal is written, so the publish
    can always be finished).
``backup-<token>/``
    the previous files a publish replaced, until it is complete.

Leftovers of killed builds (``staging-*``, ``backup-*``, ``work-*``) are recognised by their lock,
which no live process holds, and removed at the start of the next build.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kzreport.build import locks
from kzreport.build.cache import file_digest
from kzreport.evidence.problems import writing

STATE = ".kzreport"
MANIFEST = "manifest.json"
JOURNAL = "journal.json"
LOCK = "lock"
RUN_PREFIXES = ("staging", "backup", "work")
KILL_ENV = "KZREPORT_TEST_KILL_AT"  # tests only: "publish:N" kills the build with SIGKILL at the N-th publish step


class ForeignFiles(Exception):
    """The build would have to replace or remove files it did not write."""


@dataclass
class Destination:
    """A folder the build writes into; ``label`` names it in messages ("the output folder report/")."""

    root: Path
    label: str
    _guard: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _digests: dict = field(default_factory=dict, repr=False, compare=False)  # rel -> (stat key, digest), digest_of

    def __post_init__(self) -> None:
        self.root = Path(os.path.abspath(self.root))

    @property
    def state(self) -> Path:
        return self.root / STATE

    @property
    def lock_path(self) -> Path:
        return self.state / LOCK

    def manifest(self) -> dict[str, str]:
        """relative path -> SHA-256 of every file the build wrote here ({} if none, or unreadable)."""
        try:
            files = json.loads((self.state / MANIFEST).read_text(encoding="utf-8"))["files"]
        except (OSError, ValueError, KeyError, TypeError):
            return {}
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}

    def write_manifest(self, files: dict[str, str]) -> None:
        write_json_atomic(self.state / MANIFEST, {"files": dict(sorted(files.items())), "written_by": "kzreport"})

    def digest_of(self, rel: str) -> str | None:
        """The digest of the file ``rel`` here (None if it is not a plain file), read once per check: the
        publish plan asks for it twice (is it foreign? does it change?) within one step."""
        path = self.root / rel
        if not path.is_file() or path.is_symlink():
            return None
        stat = path.stat()
        key = (rel, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        if self._digests.get(rel, (None,))[0] != key:
            self._digests[rel] = (key, file_digest(path))
        return self._digests[rel][1]

    def is_ours(self, rel: str, manifest: dict[str, str] | None = None) -> bool:
        """True if the file ``rel`` is one the build wrote and nobody has changed since."""
        manifest = self.manifest() if manifest is None else manifest
        return rel in manifest and self.digest_of(rel) == manifest[rel]

    def foreign(self, rels, manifest: dict[str, str] | None = None, new: dict[str, str] | None = None) -> list[str]:
        """Those of ``rels`` that exist here and are not the build's own (identical bytes to ``new`` excepted)."""
        manifest = self.manifest() if manifest is None else manifest
        out = []
        for rel in rels:
            path = self.root / rel
            if not os.path.lexists(path):
                continue
            if new is not None and rel in new and self.digest_of(rel) == new[rel]:
                continue  # the same bytes: writing them over loses nothing
            if not self.is_ours(rel, manifest):
                out.append(rel)
        return out

    def describe(self, rel: str) -> str:
        return _show(self.root / rel)

    def refuse(self, rels: list[str], doing: str) -> ForeignFiles:
        shown = ", ".join(self.describe(r) for r in rels[:3]) + (f" and {len(rels) - 3} more" if len(rels) > 3 else "")
        return ForeignFiles(
            f"{doing} would overwrite {shown}, which kzreport did not write (or which changed since it wrote "
            f"{'them' if len(rels) > 1 else 'it'}); nothing was changed. Move {'them' if len(rels) > 1 else 'it'} "
            f"elsewhere, or choose another folder for {self.label}.")

    # ------------------------------------------------------------------ failed notebooks
    def keep(self, rel: str, src: Path) -> bool:
        """Copy ``src`` to ``rel`` outside a publish (a failed notebook), recording it; False if ``rel`` is not ours."""
        with self._guard:
            manifest = self.manifest()
            if self.foreign([rel], manifest):
                return False
            target = self.root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.kzreport-tmp")
            with writing(tmp):
                shutil.copyfile(src, tmp)
            manifest[rel] = file_digest(tmp)
            self.write_manifest(manifest)
            os.replace(tmp, target)
            return True


def _show(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def write_json_atomic(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with writing(tmp), open(tmp, "w", encoding="utf-8") as fh:
        json.dump(value, fh, indent=1, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


# ---------------------------------------------------------------------------- crash points (tests)
_steps = {"count": 0}


def _step() -> None:
    """One publish step done; with KZREPORT_TEST_KILL_AT=publish:N the process is killed (SIGKILL) after step N."""
    _steps["count"] += 1
    at = os.environ.get(KILL_ENV, "")
    if at.startswith("publish:") and at[8:].isdigit() and int(at[8:]) == _steps["count"]:
        os.kill(os.getpid(), signal.SIGKILL)


# ---------------------------------------------------------------------------- a build's publish
class Publication:
    """One build's new files for its destinations, published all at once with a journal."""

    def __init__(self, destinations: list[Destination]):
        self.destinations = destinations
        self.token = locks.token()
        self._runs: list[locks.RunDir] = []
        self.staging: dict[str, Path] = {}
        try:
            for dest in destinations:
                run = locks.run_dir(dest.state, "staging", self.token)
                self._runs.append(run)
                self.staging[str(dest.root)] = run.path
        except BaseException:
            self.close()
            raise

    def stage(self, dest: Destination) -> Path:
        """The staging folder for ``dest``: put the new files there, at their paths relative to ``dest``."""
        return self.staging[str(dest.root)]

    def work_dir(self, dest: Destination) -> Path:
        """A scratch folder of this build's own beside ``dest``'s staging (same file system), removed at the end."""
        run = locks.run_dir(dest.state, "work")
        self._runs.append(run)
        return run.path

    def close(self) -> None:
        """Remove this build's staging and scratch folders (whatever was not published)."""
        for run in self._runs:
            run.release()
        self._runs = []

    def plan(self) -> dict:
        """The journal: per destination the files to move in, the old files to remove, the new manifest."""
        entries = []
        for dest in self.destinations:
            stage = self.stage(dest)
            new = {p.relative_to(stage).as_posix(): file_digest(p) for p in sorted(stage.rglob("*")) if p.is_file()}
            old = dest.manifest()
            foreign = dest.foreign(sorted(new), old, new)
            if foreign:
                raise dest.refuse(foreign, "publishing the report")
            # a file already in place with the new bytes stays (foreign() has just read it: its digest is reused)
            moves = [rel for rel in sorted(new) if dest.digest_of(rel) != new[rel]]
            removes = [rel for rel in sorted(old) if rel not in new and dest.is_ours(rel, old)]
            entries.append({"root": str(dest.root), "moves": moves, "removes": removes, "manifest": new})
        return {"token": self.token, "destinations": entries}

    def publish(self) -> dict:
        """Move every staged file into place; a kill at any point is completed by :func:`recover`."""
        journal = self.plan()
        _step()  # killed here: nothing is published, the staging folders are leftovers
        for dest in self.destinations:
            write_json_atomic(dest.state / JOURNAL, journal)
            _step()
        _complete(journal, step=_step)
        self.close()
        return journal


def _complete(journal: dict, step: Callable[[], None] = lambda: None) -> None:
    """Carry out (or finish) the publish a journal describes; every step can be repeated safely."""
    token = journal["token"]
    for entry in journal["destinations"]:
        root = Path(entry["root"])
        stage = root / STATE / f"staging-{token}"
        backup = root / STATE / f"backup-{token}"
        for rel in entry["moves"]:
            staged, final, old = stage / rel, root / rel, backup / rel
            if not staged.exists():
                continue  # moved already
            if os.path.lexists(final) and not os.path.lexists(old):
                old.parent.mkdir(parents=True, exist_ok=True)
                os.replace(final, old)
                step()
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, final)
            step()
        for rel in entry["removes"]:
            final, old = root / rel, backup / rel
            if os.path.lexists(final) and not os.path.lexists(old):
                old.parent.mkdir(parents=True, exist_ok=True)
                os.replace(final, old)
                step()
    for entry in journal["destinations"]:
        Destination(Path(entry["root"]), "").write_manifest(entry["manifest"])
        step()
    for entry in journal["destinations"]:
        (Path(entry["root"]) / STATE / JOURNAL).unlink(missing_ok=True)
        step()
    for entry in journal["destinations"]:
        state = Path(entry["root"]) / STATE
        shutil.rmtree(state / f"backup-{token}", ignore_errors=True)
        for rel in entry["removes"]:  # folders the removed files leave empty (notebooks/, failed/)
            _prune_empty(Path(entry["root"]), rel)


def _prune_empty(root: Path, rel: str) -> None:
    parent = (root / rel).parent
    while parent != root and root in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent


def pending_journal(dest_root: Path) -> dict | None:
    """The journal a killed build left in this destination, if any."""
    path = Path(dest_root) / STATE / JOURNAL
    try:
        journal = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError:
        # Journals are written whole and renamed into place, so this is not a cut-short write: say what to do.
        raise ForeignFiles(f"{_show(path)} cannot be read; delete it and build again") from None
    return journal


def recover(dest_roots: list[Path], progress: Callable[[str], None]) -> list[str]:
    """Complete any publish a killed build left half done in these destinations; return the folders it touched.

    The caller holds the destinations' locks; the locks of the other destinations a journal names are
    taken here (waiting for a build that holds them).
    """
    done: list[str] = []
    for root in dest_roots:
        journal = pending_journal(root)
        if journal is None:
            continue
        roots = sorted({e["root"] for e in journal["destinations"]})
        with hold([Destination(Path(r), r) for r in roots], progress):
            journal = pending_journal(root)  # another build may have finished it while this one waited
            if journal is None:
                continue
            _complete(journal)
            for r in roots:
                remove_leftovers(Path(r))
        progress(f"completed the publish of a build that was stopped part-way ({', '.join(_show(Path(r)) for r in roots)})")
        done.extend(roots)
    return done


def remove_leftovers(dest_root: Path) -> list[Path]:
    """Remove the staging, backup and scratch folders of killed builds from a destination's state folder."""
    return locks.remove_stale(Path(dest_root) / STATE, RUN_PREFIXES)


@contextmanager
def hold_paths(held: list[tuple[Path, str]], progress: Callable[[str], None]) -> Iterator[None]:
    """Hold several lock files ((path, what it protects)), taken in a fixed order so two builds cannot deadlock."""
    with ExitStack() as stack:
        for path, what in sorted(held, key=lambda h: os.path.abspath(h[0])):
            stack.enter_context(locks.exclusive(path, what, progress))
        yield


def hold(dests: list[Destination], progress: Callable[[str], None]):
    """Hold the locks of several destinations (see :func:`hold_paths`)."""
    return hold_paths([(d.lock_path, d.label) for d in dests], progress)


def clean(dest_roots: list[Path], progress: Callable[[str], None]) -> tuple[int, list[str]]:
    """Remove every file builds wrote into these destinations and nobody changed since, and the build's records.

    Returns the number of files removed and the files kept because they changed after the build wrote them.
    """
    removed, kept = 0, []
    dests = [Destination(Path(r), str(r)) for r in dest_roots if (Path(r) / STATE).is_dir()]
    with hold(dests, progress):
        recover([d.root for d in dests], progress)
        for dest in dests:
            manifest = dest.manifest()
            for rel in sorted(manifest):
                path = dest.root / rel
                if dest.is_ours(rel, manifest):
                    path.unlink()
                    _prune_empty(dest.root, rel)
                    removed += 1
                elif os.path.lexists(path):
                    kept.append(dest.describe(rel))
            remove_leftovers(dest.root)
            (dest.state / MANIFEST).unlink(missing_ok=True)
    for dest in dests:
        (dest.state / LOCK).unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # something else is in it: leave it
            dest.state.rmdir()
    return removed, kept
