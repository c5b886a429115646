"""Command line: ``kzreport build | validate | params | clean`` (also ``python -m kzreport``)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from kzreport import __version__, config


def _default_cache() -> Path:
    return Path(os.environ.get("KZREPORT_CACHE") or config.PROJECT_ROOT / ".kzcache")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kzreport", description="Build and check the report on the January 2022 unrest in Kazakhstan.")
    p.add_argument("--version", action="version", version=f"kzreport {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser("build", help="validate the data, execute the notebooks, write report.html and report.pdf")
    b.add_argument("--data", type=Path, default=config.DATA_DIR, metavar="DIR",
                   help="folder laid out like data/: inputs under DIR/raw, tables written to DIR/processed (default: data/)")
    b.add_argument("--out", type=Path, default=config.REPORT_DIR, metavar="DIR",
                   help="where report.html, report.pdf and the executed notebooks go (default: report/)")
    b.add_argument("--params", type=Path, default=config.PARAMS_FILE, metavar="FILE",
                   help="parameters file (default: report/params.yaml)")
    b.add_argument("--notebooks", type=Path, default=config.NOTEBOOKS_DIR, metavar="DIR",
                   help="folder of the report's notebooks NN-name.ipynb (default: notebooks/)")
    b.add_argument("-p", dest="overrides", action="append", default=[], metavar="NAME=VALUE",
                   help="set a notebook parameter (NAME=VALUE for every notebook that has it, NOTEBOOK.NAME=VALUE for one); repeatable")
    b.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                   help="chapters executed at once (default: the number of cores)")
    b.add_argument("--force", action="store_true", help="ignore the cache: execute and render everything")
    b.add_argument("--cache", type=Path, default=None, metavar="DIR",
                   help="cache folder (default: .kzcache/ in the project, or $KZREPORT_CACHE)")

    v = sub.add_parser("validate", help="check the input data; one line per problem")
    v.add_argument("--data", type=Path, default=config.DATA_DIR, metavar="DIR", help="folder laid out like data/ (default: data/)")

    sub.add_parser("params", help="list every notebook's parameters with type, default and help")

    c = sub.add_parser("clean", help="remove what builds wrote (only files they wrote and nobody changed since)")
    c.add_argument("--data", type=Path, default=config.DATA_DIR, metavar="DIR", help="folder laid out like data/ (default: data/)")
    c.add_argument("--out", type=Path, default=config.REPORT_DIR, metavar="DIR", help="output folder (default: report/)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = {"build": _cmd_build, "validate": _cmd_validate, "clean": _cmd_clean}.get(args.command)
    if command is None:
        return _cmd_params()
    try:
        return command(args)
    except KeyboardInterrupt:
        print(f"{args.command} interrupted: nothing was published; the next build clears what this one left.",
              file=sys.stderr)
        return 130


def _places(args) -> dict[str, Path]:
    """The folders a user can move with an option, for messages about a path that cannot be written."""
    places = {"--data": Path(args.data)}
    if getattr(args, "out", None) is not None:
        places["--out"] = Path(args.out)
    if args.command == "build":
        places["--cache (or $KZREPORT_CACHE)"] = Path(args.cache) if args.cache else _default_cache()
    places["$TMPDIR"] = Path(tempfile.gettempdir())
    return places


def _cmd_build(args) -> int:
    from kzreport.build import BuildError, BuildOptions, build
    from kzreport.build.params import ParamError
    from kzreport.build.publish import ForeignFiles
    from kzreport.evidence.problems import InputError, explain_os_error

    if args.jobs < 0:
        print("build failed: --jobs must be 0 (all cores) or more", file=sys.stderr)
        return 1
    opts = BuildOptions(data_dir=args.data, out_dir=args.out, params_file=args.params, overrides=args.overrides,
                        jobs=args.jobs, force=args.force, notebooks_dir=args.notebooks,
                        cache_dir=args.cache if args.cache is not None else _default_cache())
    try:
        build(opts)
    except InputError as exc:
        print(f"build stopped: {exc}\nFix these and run `kzreport validate` to check.", file=sys.stderr)
        return 2
    except (BuildError, ParamError, ForeignFiles) as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"build failed: {explain_os_error(exc, _places(args))}", file=sys.stderr)
        return 1
    return 0


def _progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _cmd_validate(args) -> int:
    from kzreport.build import publish as outputs
    from kzreport.evidence.problems import explain_os_error
    from kzreport.evidence.validate import validate

    paths = config.paths_for(args.data)
    try:
        # A build killed while publishing leaves a journal beside the processed tables: finish its publish first.
        if outputs.pending_journal(paths.processed) is not None:
            with outputs.hold([outputs.Destination(paths.processed, "the processed tables")], _progress):
                outputs.recover([paths.processed], _progress)
        problems = validate(paths)
    except outputs.ForeignFiles as exc:
        print(f"validate failed: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"validate failed: {explain_os_error(exc, _places(args))}", file=sys.stderr)
        return 1
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"{paths.raw}: no problems found.", file=sys.stderr)
    return 0


def _cmd_clean(args) -> int:
    from kzreport.build import publish as outputs
    from kzreport.evidence.problems import explain_os_error

    out = Path(os.path.abspath(args.out))
    figures = config.FIGURES_DIR if out == Path(os.path.abspath(config.REPORT_DIR)) else out / "figures"
    roots = [out, figures, config.paths_for(args.data).processed]
    try:
        removed, kept = outputs.clean(roots, _progress)
    except OSError as exc:
        print(f"clean failed: {explain_os_error(exc, _places(args))}", file=sys.stderr)
        return 1
    print(f"removed {removed} file(s) the build wrote" + (f"; kept {len(kept)} that changed since: {', '.join(kept[:5])}"
                                                          if kept else ""), file=sys.stderr)
    return 0


def _cmd_params() -> int:
    from kzreport.build import discover_notebooks
    from kzreport.build.params import inspect

    for nb in discover_notebooks():
        print(f"{nb.name}")
        for prm in inspect(nb).values():
            print(f"  {prm.name}: {prm.type_name} = {prm.default}  # {prm.help}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
