"""Command line: ``kzreport build | validate | params`` (also ``python -m kzreport``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kzreport import __version__, config


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
    b.add_argument("-p", dest="overrides", action="append", default=[], metavar="NAME=VALUE",
                   help="set a notebook parameter (NAME=VALUE for every notebook that has it, NOTEBOOK.NAME=VALUE for one); repeatable")
    b.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                   help="chapters executed at once (default: the number of cores)")
    b.add_argument("--force", action="store_true", help="ignore the cache: execute and render everything")
    b.add_argument("--cache", type=Path, default=None, metavar="DIR",
                   help="cache folder (default: .kzcache/ in the project)")

    v = sub.add_parser("validate", help="check the input data; one line per problem")
    v.add_argument("--data", type=Path, default=config.DATA_DIR, metavar="DIR", help="folder laid out like data/ (default: data/)")

    sub.add_parser("params", help="list every notebook's parameters with type, default and help")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "build":
        return _cmd_build(args)
    if args.command == "validate":
        return _cmd_validate(args)
    return _cmd_params()


def _cmd_build(args) -> int:
    from kzreport.build import BuildError, BuildOptions, build
    from kzreport.params import ParamError
    from kzreport.problems import InputError

    opts = BuildOptions(data_dir=args.data, out_dir=args.out, params_file=args.params, overrides=args.overrides,
                        jobs=args.jobs, force=args.force)
    if args.jobs < 0:
        print("build failed: --jobs must be 0 (all cores) or more", file=sys.stderr)
        return 1
    if args.cache is not None:
        opts.cache_dir = args.cache
    try:
        build(opts)
    except InputError as exc:
        print(f"build stopped: {exc}\nFix these and run `kzreport validate` to check.", file=sys.stderr)
        return 2
    except (BuildError, ParamError) as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    return 0


def _cmd_validate(args) -> int:
    from kzreport.validate import validate

    paths = config.paths_for(args.data)
    problems = validate(paths)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"{paths.raw}: no problems found.", file=sys.stderr)
    return 0


def _cmd_params() -> int:
    from kzreport.build import discover_notebooks
    from kzreport.params import inspect

    for nb in discover_notebooks():
        print(f"{nb.name}")
        for prm in inspect(nb).values():
            print(f"  {prm.name}: {prm.type_name} = {prm.default}  # {prm.help}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
