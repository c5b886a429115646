"""Warm kernels (kzreport.build.kernels): imports paid once per build, and still a fresh process per notebook.

Each test builds the small project of conftest with chapters written here, which report what their kernel sees.
"""

from __future__ import annotations

import html as htmllib
import json
import re

import pytest

from conftest import quiet, write_chapter
from kzreport.build import build
from kzreport.build import kernels as warm_kernels

pytestmark = pytest.mark.slow

# The first chapter changes everything a chapter can change in its process; the second reports what it finds.
SPOIL = """\
import json, os, statistics, sys
import matplotlib as mpl
import pandas as pd
from IPython.display import HTML
import kzreport.report.prose as prose_module

LEAKED_GLOBAL = "from 02-spoil"
mpl.rcParams["lines.linewidth"] = 7.5
pd.set_option("display.max_rows", 3)
statistics.mean = lambda *a, **k: "monkeypatched"
prose_module.LEAKED_ATTRIBUTE = "from 02-spoil"
os.environ["KZ_LEAKED"] = "from 02-spoil"
sys.modules["kz_leaked_module"] = object()
HTML(f"<p>SPOIL pid={os.getpid()} parent={os.getppid()}</p>")
"""

CHECK = """\
import json, os, statistics, sys
import matplotlib as mpl
import pandas as pd
from IPython.display import HTML
import kzreport.report.prose as prose_module

try:
    parent_is_template = b"kzreport/build/kernels.py" in open(f"/proc/{os.getppid()}/cmdline", "rb").read()
except OSError:
    parent_is_template = None
seen = {
    "global": "LEAKED_GLOBAL" in globals(),
    "rcparam": mpl.rcParams["lines.linewidth"],
    "option": pd.get_option("display.max_rows"),
    "monkeypatch": statistics.mean([1, 3]),
    "attribute": hasattr(prose_module, "LEAKED_ATTRIBUTE"),
    "environ": os.environ.get("KZ_LEAKED"),
    "module": "kz_leaked_module" in sys.modules,
    "parent_is_template": parent_is_template,
}
HTML("<p>CHECK pid=%d parent=%d %s</p>" % (os.getpid(), os.getppid(), json.dumps(seen, sort_keys=True)))
"""

# What a notebook can observe of the process it runs in, beyond its own code: must not depend on warm or cold.
PROBE = """\
import hashlib, html, json, os, sys
import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML

ip = get_ipython()
facts = {
    "pandas_options": {k: str(pd.get_option(k)) for k in ("display.max_columns", "display.max_rows", "display.width",
                                                          "display.max_colwidth", "display.precision")},
    "pandas_html_max_columns": pd.DataFrame({f"c{i}": [i] for i in range(30)})._repr_html_().count("<th>"),
    "backend": matplotlib.get_backend(),
    "rcparams": hashlib.sha256(repr(sorted((k, str(v)) for k, v in matplotlib.rcParams.items())).encode()).hexdigest(),
    "hash_seed": hash("kzreport"),
    "cwd": os.getcwd(),
    "sys_path": [p for p in sys.path if "loopw" not in p],
    "argv0": os.path.basename(sys.argv[0]),
    "main": sys.modules["__main__"].__name__,
    "kernel": type(ip.kernel).__name__,
    "shell": type(ip).__name__,
    "post_execute_hooks": sorted(f.__module__ + "." + f.__qualname__ for f in ip.events.callbacks["post_execute"]),
    "displayhook": type(sys.displayhook).__name__,
    "stdout": type(sys.stdout).__name__,
    "environ": sorted(k for k in os.environ if k.startswith(("PYTHON", "SOURCE_DATE", "MPL", "JPY", "KZ"))),
    "flags": [getattr(sys.flags, f) for f in ("optimize", "dont_write_bytecode", "hash_randomization")],
    "sigint": str(__import__("signal").getsignal(__import__("signal").SIGINT)),
}
fig, ax = plt.subplots(figsize=(1, 1))
ax.plot([0, 1], [0, 1])
facts["open_figures"] = len(plt.get_fignums())
HTML("<p>PROBE " + html.escape(json.dumps(facts, sort_keys=True)) + "</p>")
"""


def _seen(html: str, tag: str) -> str:
    m = re.search(rf"<p>{tag} (.*?)</p>", html)
    assert m, f"{tag} not in the report"
    return m.group(1)


def test_a_chapter_sees_nothing_a_chapter_before_it_changed_in_the_same_warm_pool(project, monkeypatch):
    monkeypatch.setenv(warm_kernels.DISABLE_ENV, "1")
    (project["nbs"] / "03-beta.ipynb").unlink()
    write_chapter(project["nbs"] / "02-alpha.ipynb", "Spoil", SPOIL)
    write_chapter(project["nbs"] / "03-check.ipynb", "Check", CHECK)
    # One job: 02-spoil runs to its end, then 03-check, from the same template, one after the other.
    result = build(project["opts"](jobs=1), quiet)
    html = result.html.read_text(encoding="utf-8")
    spoil = dict(kv.split("=") for kv in _seen(html, "SPOIL").split())
    check_words = _seen(html, "CHECK").split(" ", 2)
    check = dict(kv.split("=") for kv in check_words[:2])
    seen = json.loads(htmllib.unescape(check_words[2]))
    # Both ran in kernels forked from this build's template: warm, each in a process of its own.
    assert seen["parent_is_template"] is True, "the chapter did not run in a warm kernel"
    assert spoil["parent"] == check["parent"] and spoil["pid"] != check["pid"]
    assert seen == {"global": False, "rcparam": 1.5, "option": 60, "monkeypatch": 2, "attribute": False,
                    "environ": None, "module": False, "parent_is_template": True}


def test_a_warm_kernel_is_indistinguishable_from_a_fresh_one(project, monkeypatch):
    write_chapter(project["nbs"] / "03-beta.ipynb", "Probe", PROBE)
    runs = {}
    for warm in ("1", "0"):
        monkeypatch.setenv(warm_kernels.DISABLE_ENV, warm)
        result = build(project["opts"](force=True), quiet)
        runs[warm] = json.loads(htmllib.unescape(_seen(result.html.read_text(encoding="utf-8"), "PROBE")))
    assert runs["1"]["pandas_options"]["display.max_columns"] == "20", "pandas did not see a Jupyter kernel"
    assert runs["1"] == runs["0"]
    # the kernel starts in its notebook's folder, though the companion, in notebooks/companion/, runs at the same time
    assert runs["1"]["cwd"] == str(project["nbs"])


def test_warm_and_cold_kernels_give_byte_identical_reports(project, monkeypatch):
    from conftest import reader_tree

    trees = {}
    for warm in ("1", "0"):
        monkeypatch.setenv(warm_kernels.DISABLE_ENV, warm)
        build(project["opts"](force=True), quiet)
        trees[warm] = reader_tree(project["out"])
    assert trees["1"] == trees["0"]


def test_a_kernel_that_dies_in_a_warm_pool_is_one_message_and_the_template_is_gone(project, monkeypatch):
    import subprocess
    import tempfile

    monkeypatch.setenv(warm_kernels.DISABLE_ENV, "1")
    tmp = project["root"] / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))  # the template's command line names its folder in here
    write_chapter(project["nbs"] / "03-beta.ipynb", "Beta", "import os\nos._exit(3)  # the kernel dies here")
    from kzreport.build import BuildError

    with pytest.raises(BuildError) as err:
        build(project["opts"](), quiet)
    assert "03-beta.ipynb failed in cell" in str(err.value) and "the kernel died" in str(err.value)
    left = subprocess.run(["pgrep", "-f", str(tmp)], capture_output=True, text=True).stdout.split()
    assert left == [], "the build's kernel template (or a kernel) outlived the build"


def _modules_after(code: str) -> set[str]:
    """The modules a fresh Python has loaded after running ``code`` (with the kernels' matplotlib backend)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    proc = subprocess.run([sys.executable, "-c", f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return set(json.loads(proc.stdout.splitlines()[-1]))


def test_the_template_imports_nothing_a_notebook_would_not_import_itself():
    """A module's import can have side effects (a colormap registered, an option set): the template preloads only
    modules that every notebook of the report loads anyway, itself or through what it imports, or that ipykernel
    loads to start."""
    from kzreport import config

    notebooks = sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb")) + sorted(
        (config.NOTEBOOKS_DIR / "companion").glob("*.ipynb"))
    kernel = _modules_after("from ipykernel import kernelapp, ipkernel, zmqshell, iostream")
    preloaded = _modules_after("\n".join(f"import {m}" for m in warm_kernels.PRELOAD))
    for nb in notebooks:
        imports = [line for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"] if cell["cell_type"] == "code"
                   for line in "".join(cell["source"]).splitlines() if line.startswith(("import ", "from "))]
        loaded = _modules_after("\n".join(imports)) | kernel
        extra = sorted(m for m in preloaded - loaded if not m.startswith("_") and m != "encodings.unicode_escape")
        assert extra == [], f"{nb.name} does not import {extra[:10]}: take them out of kernels.PRELOAD"
