"""Command line: ``kzreport build | validate | params | clean`` (also ``python -m kzreport``)."""

from __future__ import annotations

import argparse
import json
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
    _parameter_options(b)
    b.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                   help="notebooks executed at once (default: one more than the number of cores)")
    b.add_argument("--force", action="store_true", help="ignore the cache: execute and render everything")
    b.add_argument("--cache", type=Path, default=None, metavar="DIR",
                   help="cache folder (default: .kzcache/ in the project, or $KZREPORT_CACHE)")

    v = sub.add_parser("validate", help="check the input data; one line per problem")
    v.add_argument("--data", type=Path, default=config.DATA_DIR, metavar="DIR", help="folder laid out like data/ (default: data/)")

    pp = sub.add_parser("params", help="list every notebook's parameters with type, default, help and allowed values",
                        description="Without options: every notebook's parameters with type, default, help and, where "
                                    "there is a rule, the values allowed. --check resolves and checks values as the "
                                    "build does, without building.")
    pp.add_argument("--check", action="store_true",
                    help="check the values the notebooks would run with (defaults, --params, -p) and print those set")
    pp.add_argument("--allowed", metavar="NAME", help="list every value parameter NAME may take, one a line")
    pp.add_argument("--data", type=Path, default=config.DATA_DIR, metavar="DIR",
                    help="with --check or --allowed: the data whose metric and claimant names are allowed (default: data/)")
    _parameter_options(pp)  # with --check; -p alone implies --check

    c = sub.add_parser("clean", help="remove what builds wrote (only files they wrote and nobody changed since)")
    c.add_argument("--data", type=Path, default=config.DATA_DIR, metavar="DIR", help="folder laid out like data/ (default: data/)")
    c.add_argument("--out", type=Path, default=config.REPORT_DIR, metavar="DIR", help="output folder (default: report/)")
    return p


def _parameter_options(parser: argparse.ArgumentParser) -> None:
    """--params, --notebooks and -p: what sets the values the notebooks run with (build, params --check)."""
    parser.add_argument("--params", type=Path, default=config.PARAMS_FILE, metavar="FILE",
                        help="parameters file (default: report/params.yaml)")
    parser.add_argument("--notebooks", type=Path, default=config.NOTEBOOKS_DIR, metavar="DIR",
                        help="folder of the report's notebooks NN-name.ipynb (default: notebooks/)")
    parser.add_argument("-p", dest="overrides", action="append", default=[], metavar="NAME=VALUE",
                        help="set a notebook parameter (NAME=VALUE for every notebook that has it, NOTEBOOK.NAME=VALUE "
                             "for one); repeatable; a list may hold spaces, quoted or not: metrics=[killed, injured]")


def rejoin_split_values(argv: list[str]) -> list[str]:
    """``argv`` with each ``-p`` value that a shell split at its spaces joined back.

    ``make report ARGS="-p m=[killed, injured]"`` reaches us as ``-p``, ``m=[killed,``, ``injured]``:
    make does no quoting. A ``-p`` value whose YAML brackets or braces are left open takes the
    following arguments, joined with one space, until they close; if they never close, nothing is
    joined (the value is then refused as it was given).
    """
    out, i = [], 0
    while i < len(argv):
        arg = argv[i]
        out.append(arg)
        i += 1
        if arg == "--":
            return out + argv[i:]
        if arg == "-p" and i < len(argv):
            value_at = i
            out.append(argv[i])
            i += 1
        elif arg.startswith("-p") and arg != "-p":
            value_at = i - 1
        else:
            continue
        text, depth, j = argv[value_at], _open_brackets(argv[value_at]), value_at + 1
        while depth > 0 and j < len(argv):
            text, depth, j = f"{text} {argv[j]}", _open_brackets(f"{text} {argv[j]}"), j + 1
        if depth == 0 and j > value_at + 1:
            out[-1], i = text, j
    return out


def _open_brackets(text: str) -> int:
    """How many YAML flow brackets ``[`` / braces ``{`` are open at the end of a ``-p`` argument (quotes respected)."""
    depth, quote, prev = 0, None, "["  # the value starts a scalar, as after "["
    _, _, value = text.partition("=")
    k = 0
    while k < len(value):
        c = value[k]
        if quote:
            if c == "\\" and quote == '"':
                k += 1
            elif c == quote:
                quote = None
        elif c in "'\"" and prev in "[{,:":  # a quote opens a quoted scalar only where a scalar starts
            quote = c
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
        if not c.isspace():
            prev = c
        k += 1
    return depth


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(rejoin_split_values(sys.argv[1:] if argv is None else list(argv)))
    command = {"build": _cmd_build, "validate": _cmd_validate, "clean": _cmd_clean, "params": _cmd_params}[args.command]
    try:
        return command(args)
    except KeyboardInterrupt:
        print(f"{args.command} interrupted: nothing was published; the next build clears what this one left.",
              file=sys.stderr)
        return 130
    except BrokenPipeError:  # `kzreport params | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


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
        print("build failed: --jobs must be 0 (one more than the cores) or more", file=sys.stderr)
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


def _cmd_params(args) -> int:
    from kzreport.analysis import parameters as rules
    from kzreport.build import BuildError, discover_notebooks
    from kzreport.build.params import (
        LANGUAGES,
        LANGUAGES_HELP,
        ParamError,
        check_allowed,
        inspect,
        load_params_file,
        report_languages,
        resolve,
    )
    from kzreport.build.pipeline import discover_companions
    from kzreport.evidence.problems import display_path
    from kzreport.report.i18n import LANGUAGES as EDITIONS

    try:
        if args.allowed:
            return _print_allowed(args.allowed, args.data)
        notebooks = discover_notebooks(args.notebooks) + discover_companions(args.notebooks)
        declared = {nb.stem: inspect(nb) for nb in notebooks}
        if args.check or args.overrides:  # -p alone checks too
            origins: dict[tuple[str, str], str] = {}
            file_params = load_params_file(args.params)
            languages, overrides, where = report_languages(file_params[LANGUAGES], args.overrides,
                                                           str(display_path(args.params)))
            values = resolve(declared, file_params["notebooks"], overrides, args.params, origins)
            print(f"{LANGUAGES}={json.dumps(languages)}  # {where}")
            check_allowed(declared, values, origins, rules.facts_from(args.data), args.notebooks)
            for stem, given in values.items():
                for name, value in given.items():
                    print(f"{stem}.{name}={json.dumps(value, ensure_ascii=False)}  # {origins[(stem, name)]}")
            print(f"parameters checked: every value the {len(declared)} notebooks would run with is allowed", file=sys.stderr)
            return 0
    except (BuildError, ParamError, ValueError) as exc:
        print(f"params failed: {exc}", file=sys.stderr)
        return 1
    print("the report (report/params.yaml, or -p)")
    print(f"  {LANGUAGES}: list[str] = {list(EDITIONS)!r}  # {LANGUAGES_HELP}")
    print(f"      allowed: any of {', '.join(EDITIONS)}, each once")
    for nb, params in zip(notebooks, declared.values()):
        print(f"{nb.name}")
        for prm in params.values():
            print(f"  {prm.name}: {prm.type_name} = {prm.default}  # {prm.help}")
            if rules.allowed(prm.name):
                print(f"      allowed: {rules.allowed(prm.name)}")
    return 0


def _print_allowed(name: str, data: Path) -> int:
    """``kzreport params --allowed NAME``: every value NAME may take, one a line (or the rule in words)."""
    from kzreport.analysis import parameters as rules

    if name not in rules.RULES:
        print(f"params failed: no rule for {name!r}: any value of its declared type is allowed "
              f"(rules: {', '.join(rules.RULES)})", file=sys.stderr)
        return 1
    listed = rules.choices(name, rules.facts_from(data))
    print("\n".join(listed) if listed is not None else rules.allowed(name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
