"""Warm kernels: every notebook still runs in a fresh process of its own, but imports are paid once per build.

A kernel started the usual way (``python -m ipykernel_launcher``) spends most of a small chapter's time starting
Python and importing IPython, ipykernel, pandas, matplotlib and the package. A build instead starts one *template*
process at its beginning (:class:`ForkServer`), while the inputs are validated, which imports those modules and
then waits. Each kernel is a ``fork()`` of the template: a new process, with copies of the imported modules and
nothing else, that then starts ipykernel exactly as ``ipykernel_launcher`` would (connection file, arguments,
environment, working folder). No notebook code ever runs in the template, and every notebook gets a kernel no
other notebook has used, so one chapter's globals, rcParams, pandas options or monkeypatches cannot reach another.

The template imports only modules whose import does the same thing in a kernel as anywhere (the list is
:data:`PRELOAD`); the one import-time difference found, pandas choosing ``display.max_columns`` by whether it runs
in a Jupyter kernel, is answered by importing it as a kernel would see it (see :func:`_preload`).

Lifetime: the template reads requests on its stdin; when the build ends, its end of the pipe closes, and the
template kills its kernels and exits. If the build is killed, the template is killed with it (Linux's parent-death
signal), and so is each kernel with the template; each kernel also watches its parent (ipykernel's parent poller)
and exits within a second of its going. The template's command line names the build's own folder of
sockets, as its kernels' do.

jupyter_client drives these kernels through :class:`WarmProvisioner`, a :class:`LocalProvisioner` whose process is
a handle on the template's child: poll, signal and kill go through the template, which alone can reap the child
(so a signal never reaches a pid the system has given to someone else). If the template cannot start or has died,
kernels are started the usual way.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

# What the template imports: what a kernel imports to start, and modules that every notebook of the report imports
# anyway, directly or not (test_kernels checks this against the notebooks), so that no import's side effects reach
# a notebook that would not have had them.
PRELOAD = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.iostream",
    "IPython.core.interactiveshell", "IPython.display",
    "numpy", "pandas", "matplotlib", "matplotlib.pyplot", "jinja2",
    "kzreport.config", "kzreport.evidence", "kzreport.report.prose",
)
LAUNCHER = "ipykernel_launcher"
TEMPLATE_MAIN = "import runpy, sys; runpy.run_path(sys.argv[1], run_name='__main__')"
DISABLE_ENV = "KZREPORT_WARM_KERNELS"  # "0": start every kernel the usual way (for comparisons)


# ---------------------------------------------------------------------------------------------- the template
class _FakeKernelShell:
    """What pandas' import sees of ``get_ipython()`` in a Jupyter kernel: a shell with a ``kernel``."""

    kernel = True


def _preload(names: tuple[str, ...]) -> None:
    import builtins

    # pandas sets display.max_columns at import by asking get_ipython() (a builtin inside a kernel's cells) whether
    # it runs in a Jupyter kernel (20 columns) or in a terminal (0: as wide as the terminal). Import it as a kernel.
    had = hasattr(builtins, "get_ipython")
    if not had:
        builtins.get_ipython = _FakeKernelShell  # type: ignore[attr-defined]
    try:
        for name in names:
            # a module that cannot be imported here is left to the kernel, which imports it (or fails) as before
            with contextlib.suppress(Exception):
                __import__(name)
    finally:
        if not had:
            del builtins.get_ipython  # type: ignore[attr-defined]


def die_with_parent(parent: int) -> None:
    """Be killed by the kernel as soon as ``parent`` ends (Linux; elsewhere the closed pipe or the poller does it)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it ended before we asked
        os._exit(1)


def _serve(folder: str, build_pid: int) -> int:
    """The template's main loop: preload, then fork a kernel for each request on stdin."""
    import selectors

    die_with_parent(build_pid)
    if sys.path and sys.path[0] == "":
        del sys.path[0]  # as ipykernel_launcher does; the kernel puts it back (InteractiveShellApp.init_path)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build handles Ctrl-C and then closes our stdin
    proto = os.fdopen(os.dup(1), "w", buffering=1)  # replies go on the original stdout ...
    os.dup2(2, 1)  # ... and anything else printed to fd 1 (by us or a kernel) goes to stderr
    _preload(PRELOAD)
    rfd, wfd = os.pipe()
    os.set_blocking(wfd, False)
    signal.set_wakeup_fd(wfd)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    children: set[int] = set()
    sel = selectors.DefaultSelector()
    stdin = sys.stdin.buffer.raw
    sel.register(stdin, selectors.EVENT_READ, "in")
    sel.register(rfd, selectors.EVENT_READ, "chld")
    proto.write(json.dumps({"op": "ready", "pid": os.getpid()}) + "\n")
    buf = b""

    def reap() -> None:
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            children.discard(pid)
            code = os.waitstatus_to_exitcode(status)
            proto.write(json.dumps({"op": "exit", "pid": pid, "code": code}) + "\n")

    try:
        while True:
            for key, _ in sel.select():
                if key.data == "chld":
                    with contextlib.suppress(BlockingIOError):
                        os.read(rfd, 512)
                    reap()
                    continue
                chunk = os.read(stdin.fileno(), 65536)
                if not chunk:
                    return 0
                buf += chunk
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    req = json.loads(line)
                    if req["op"] == "spawn":
                        req["template"] = os.getpid()
                        pid = os.fork()
                        if pid == 0:
                            _child(req, proto, stdin, (rfd, wfd))  # never returns
                        children.add(pid)
                        proto.write(json.dumps({"op": "spawned", "id": req["id"], "pid": pid}) + "\n")
                    elif req["op"] == "signal" and req["pid"] in children:  # never a pid not (or no longer) ours
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(req["pid"], req["sig"])
            reap()
    finally:
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for pid in list(children):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _child(req: dict, proto, stdin, pipes: tuple[int, int]) -> None:
    """In the forked child: become ``python -m ipykernel_launcher ARGS`` in the requested folder and environment."""
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.close(pipes[0])
        os.close(pipes[1])
        proto.close()
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        die_with_parent(int(req["template"]))
        os.setsid()  # as jupyter_client starts a kernel: a session of its own
        os.chdir(req["cwd"])
        os.environ.clear()
        os.environ.update(req["env"])
        os.environ["JPY_PARENT_PID"] = str(os.getppid())  # as jupyter_client sets it: the kernel's parent
        import ipykernel_launcher  # noqa: F401  (what `python -m` would have run: sys.argv[0] names it)
        from ipykernel import kernelapp

        sys.argv = [sys.modules["ipykernel_launcher"].__file__, *req["args"]]
        # The parent poller watches the template, which is this kernel's parent (not the build).
        kernelapp.launch_new_instance(argv=[*req["args"], f"--IPKernelApp.parent_handle={os.getppid()}"])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001
        import traceback

        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


# ---------------------------------------------------------------------------------------------- the build's side
class ForkServer:
    """The build's handle on its template process (see the module's docstring)."""

    def __init__(self, folder: Path, env: dict[str, str]):
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._next = 0
        self._spawned: dict[int, int] = {}
        self._exits: dict[int, int] = {}
        self._ready = False
        self._dead = False
        self.pid: int | None = None
        # Run as a file, not as ``-m kzreport.build.kernels``: importing the package kzreport.build would import the
        # build's own modules (and their settings) into every kernel.
        self.proc = subprocess.Popen(
            [sys.executable, "-c", TEMPLATE_MAIN, __file__, str(os.getpid()), str(self.folder)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=None, env=env, cwd=str(self.folder), start_new_session=True,
            close_fds=True)
        self._reader = threading.Thread(target=self._read, name="kzreport-forkserver", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            for line in self.proc.stdout:
                msg = json.loads(line)
                with self._cond:
                    if msg["op"] == "ready":
                        self._ready, self.pid = True, msg["pid"]
                    elif msg["op"] == "spawned":
                        self._spawned[msg["id"]] = msg["pid"]
                    elif msg["op"] == "exit":
                        self._exits[msg["pid"]] = msg["code"]
                    self._cond.notify_all()
        except (OSError, ValueError):
            pass
        finally:
            with self._cond:
                self._dead = True
                self._cond.notify_all()

    def usable(self, timeout: float = 120.0) -> bool:
        """Wait until the template has imported its modules; False if it died (kernels then start the usual way)."""
        with self._cond:
            self._cond.wait_for(lambda: self._ready or self._dead, timeout)
            return self._ready and not self._dead

    def _send(self, msg: dict) -> None:
        self.proc.stdin.write((json.dumps(msg) + "\n").encode("utf-8"))
        self.proc.stdin.flush()

    def spawn(self, args: list[str], env: dict[str, str], cwd: str) -> WarmProcess:
        with self._cond:
            self._next += 1
            rid = self._next
            self._send({"op": "spawn", "id": rid, "args": args, "env": env, "cwd": cwd})
            self._cond.wait_for(lambda: rid in self._spawned or self._dead)
            if rid not in self._spawned:
                raise OSError("the kernel template process has exited")
            return WarmProcess(self, self._spawned.pop(rid))

    def exit_code(self, pid: int) -> int | None:
        with self._cond:
            if pid in self._exits:
                return self._exits[pid]
            return -signal.SIGKILL if self._dead else None

    def wait_exit(self, pid: int, timeout: float | None = None) -> int | None:
        with self._cond:
            self._cond.wait_for(lambda: pid in self._exits or self._dead, timeout)
        return self.exit_code(pid)

    def signal(self, pid: int, sig: int) -> None:
        with self._cond:
            if pid in self._exits or self._dead:
                return
            with contextlib.suppress(OSError):
                self._send({"op": "signal", "pid": pid, "sig": int(sig)})

    def close(self) -> None:
        """End the template and every kernel it still has (closing its stdin is the signal)."""
        with contextlib.suppress(OSError):
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(timeout=5)


class WarmProcess:
    """The part of :class:`subprocess.Popen` that jupyter_client uses, for a kernel forked by the template."""

    stdin = stdout = stderr = None

    def __init__(self, server: ForkServer, pid: int):
        self.server = server
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self.server.exit_code(self.pid)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        code = self.server.wait_exit(self.pid, timeout)
        if code is None:
            raise subprocess.TimeoutExpired([LAUNCHER], timeout or 0)
        self.returncode = code
        return code

    def send_signal(self, sig: int) -> None:
        self.server.signal(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def _launcher_args(cmd: list[str]) -> list[str] | None:
    """ARGS if ``cmd`` is ``<python> -m ipykernel_launcher ARGS`` run by this Python, else None."""
    if len(cmd) >= 3 and cmd[1:3] == ["-m", LAUNCHER] and os.path.realpath(cmd[0]) == os.path.realpath(sys.executable):
        return list(cmd[3:])
    return None


def manager_class(server: ForkServer | None):
    """A kernel manager class for nbclient whose kernels are forked by ``server`` (the usual one if None)."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner

    if server is None:
        return AsyncKernelManager

    class WarmProvisioner(LocalProvisioner):
        async def launch_kernel(self, cmd: list[str], **kwargs):
            args = _launcher_args(cmd)
            if args is None or not server.usable():
                return await super().launch_kernel(cmd, **kwargs)
            env = kwargs.get("env") or dict(os.environ)
            self.process = server.spawn(args, {str(k): str(v) for k, v in env.items()}, str(kwargs.get("cwd") or os.getcwd()))
            self.pid, self.pgid = self.process.pid, None  # signals go through the template, never to a group
            self.cwd = kwargs.get("cwd")
            return self.connection_info

    class WarmKernelManager(AsyncKernelManager):
        async def _async_pre_start_kernel(self, **kw):
            if self.provisioner is None:
                import uuid

                self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
                self.provisioner = WarmProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec,
                                                   parent=self)
            return await super()._async_pre_start_kernel(**kw)

    return WarmKernelManager


def enabled() -> bool:
    return os.environ.get(DISABLE_ENV, "1") != "0" and hasattr(os, "fork")


if __name__ == "__main__":
    _code = _serve(sys.argv[-1], int(sys.argv[-2]))
    sys.stdout.flush()
    sys.stderr.flush()
    # Leave at once: the interpreter's own shutdown (freeing pandas, matplotlib and the rest) took a quarter of a
    # second that the build spent waiting, and the template has nothing to save.
    os._exit(_code)
