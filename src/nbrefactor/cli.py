"""The command line: parse arguments, call the API, print, choose the exit code.

Exit codes: 0 clean, 1 findings, 2 usage errors or inputs that could not be
read (the rest is still reported), as ruff and black do. For ``verify``: 0
unchanged, 1 changed, 2 a run could not complete.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence, TextIO

from nbrefactor import __version__
from nbrefactor.engine.gcpolicy import batch_thresholds
from nbrefactor.errors import NbrefactorError

if TYPE_CHECKING:
    from nbrefactor.refactor import ExtractResult

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class ProgressBar:
    """A one-line progress bar on a terminal; silent elsewhere (CI logs, pipes)."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled and stream.isatty()
        self._last = 0.0

    def __call__(self, done: int, total: int, label: str) -> None:
        now = time.monotonic()
        if not self.enabled or (done < total and now - self._last < 0.1):
            return
        self._last = now
        width = 24
        filled = width * done // max(total, 1)
        label = label if len(label) <= 40 else "…" + label[-39:]
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label:<40}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 80 + "\r")
            self.stream.flush()


def _codes(value: str) -> list[str]:
    return [c.strip().upper() for c in value.split(",") if c.strip()]


def _write_output(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from nbrefactor.sources import write_atomic

    write_atomic(output, text.encode("utf-8"))


def existing(what: str) -> Callable[[str], str]:
    """An argument type: a path to a ``what`` that exists (a clear usage error for one that is
    missing or a loop of symbolic links, which would otherwise fail deep inside the command)."""

    def check(named: str) -> str:
        try:
            os.stat(named)
        except FileNotFoundError:
            raise argparse.ArgumentTypeError(f"no such {what}: {named}") from None
        except OSError as exc:
            raise argparse.ArgumentTypeError(f"cannot open {named}: {exc.strerror}") from None
        return named

    return check


def cmd_audit(args: argparse.Namespace) -> int:
    from nbrefactor.config import find_pyproject, load_config
    from nbrefactor.engine.audit import audit
    from nbrefactor.report import RENDERERS
    from nbrefactor.report.text import summary_line

    config_path = Path(args.config) if args.config else find_pyproject(Path(args.paths[0]).resolve())
    config = load_config(config_path).with_overrides(args.select, args.ignore)
    bar = ProgressBar(sys.stderr, enabled=not args.quiet)
    try:
        result = audit(
            args.paths,
            config=config,
            root=args.root,
            jobs=args.jobs,
            cache=False if args.no_cache else (args.cache_dir or True),
            progress=bar,
        )
    except FileNotFoundError as exc:
        raise NbrefactorError(f"no such file or folder: {exc.args[0]}") from None
    finally:
        bar.close()
    if args.format == "text" and args.diff:
        from nbrefactor.report.text import render_text

        _write_output(render_text(result, show_diff=True), args.output)
    else:
        _write_output(RENDERERS[args.format](result), args.output)
    if args.output and not args.quiet:
        print(summary_line(result), file=sys.stderr)
    for finding in result.input_errors:
        print(f"error: cannot read {finding.location.display()}: {finding.message}", file=sys.stderr)
    return result.exit_code(exit_zero=args.exit_zero)


def cmd_rules(args: argparse.Namespace) -> int:
    from nbrefactor.report.rules_doc import render_rules

    sys.stdout.write(render_rules(args.format))
    return EXIT_CLEAN


def _add_audit(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "audit",
        help="report duplicated code, hidden state and reproducibility smells (never runs code)",
        description="Statically audit notebooks (.ipynb, jupytext text notebooks) and scripts.",
    )
    p.add_argument("paths", nargs="+", type=existing("file or folder"), metavar="PATH", help="files or folders (searched recursively)")
    p.add_argument("--format", choices=("text", "json", "sarif"), default="text", help="output format (default: text)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output")
    p.add_argument("--select", type=_codes, metavar="CODES", help="comma-separated code prefixes to run, e.g. NBR1,NBR301")
    p.add_argument("--ignore", type=_codes, metavar="CODES", help="comma-separated code prefixes to skip")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    p.add_argument("--diff", action="store_true", help="text format: show what drifted between clones (NBR1xx)")
    p.add_argument("--config", metavar="PYPROJECT", help="pyproject.toml to read [tool.nbrefactor] from")
    p.add_argument("--root", metavar="DIR", help="folder reported paths are relative to")
    p.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: CPU count)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the result cache")
    p.add_argument("--cache-dir", metavar="DIR", help="cache folder (default: ROOT/.nbrefactor_cache)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary on standard error")
    p.set_defaults(func=cmd_audit)


def _add_rules(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rules", help="list the rule catalogue", description="List every rule with its code and summary.")
    p.add_argument("--format", choices=("text", "markdown"), default="text")
    p.set_defaults(func=cmd_rules)


def _parameter(text: str) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    import json

    try:
        return name, json.loads(value)
    except ValueError:
        return name, value


def _verify_config(args: argparse.Namespace) -> argparse.Namespace:
    """Options not given on the command line come from ``[tool.nbrefactor]`` (per-path aware)."""
    from nbrefactor.config import find_pyproject, load_config

    path = Path(args.config) if args.config else find_pyproject(Path(args.original).resolve())
    config = load_config(path).for_path(Path(args.original).resolve())
    for option in ("timeout", "rtol", "atol", "pixel_delta", "image_tolerance"):
        if getattr(args, option) is None:
            setattr(args, option, config.setting("verify-" + option.replace("_", "-")))
    return args


def cmd_verify(args: argparse.Namespace) -> int:
    from nbrefactor.report.verify import VERIFY_RENDERERS
    from nbrefactor.verify import Tolerances, read_sanitize_file, verify

    args = _verify_config(args)
    tolerances = Tolerances(
        rtol=args.rtol, atol=args.atol, pixel_delta=args.pixel_delta,
        image_fraction=args.image_tolerance, compare_stderr=not args.ignore_stderr,
    )
    sanitizers = tuple(s for path in args.sanitize_with for s in read_sanitize_file(path))
    bar = ProgressBar(sys.stderr, enabled=not args.quiet)
    try:
        result = verify(
            args.original,
            args.refactored,
            against=args.against,
            runs=args.runs,
            timeout=args.timeout,
            wall_timeout=args.wall_timeout,
            tolerances=tolerances,
            sanitizers=sanitizers,
            default_sanitizers=not args.no_default_sanitizers,
            kernel_name=args.kernel,
            parameters=dict(args.parameter),
            seed=None if args.no_seed else args.seed,
            cwd=args.cwd,
            progress=bar,
        )
    finally:
        bar.close()
    _write_output(VERIFY_RENDERERS[args.format]([result]), args.output)
    return result.exit_code


def _add_verify(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "verify",
        help="run a notebook and its refactoring with papermill and compare their outputs",
        description="Prove that REFACTORED computes what ORIGINAL did: both run with the same kernel, "
        "parameters, folder and seeds, and their outputs are compared cell by cell. Without REFACTORED, "
        "ORIGINAL is compared with a rerun of itself (or its stored outputs). Defaults of the numeric "
        "options come from [tool.nbrefactor] verify-* settings. "
        "Exit codes: 0 unchanged, 1 changed, 2 could not run.",
    )
    p.add_argument("original", type=existing("notebook"), metavar="ORIGINAL", help="the notebook before the refactoring")
    p.add_argument("refactored", type=existing("notebook"), metavar="REFACTORED", nargs="?", help="the notebook after it (default: ORIGINAL again)")
    p.add_argument("--against", choices=("fresh", "stored"), default="fresh", help="baseline: a fresh run of ORIGINAL (default) or its stored outputs")
    p.add_argument("--runs", type=int, default=1, metavar="N", help="fresh runs of ORIGINAL; with 2 or more, outputs that differ between them are reported as nondeterministic")
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="per-cell timeout (default: 600)")
    p.add_argument("--wall-timeout", type=float, metavar="SECONDS", help="limit for a whole run (default: derived from --timeout and the number of cells)")
    p.add_argument("--rtol", type=float, help="relative tolerance for numbers (default: 1e-05)")
    p.add_argument("--atol", type=float, help="absolute tolerance for numbers (default: 1e-08)")
    p.add_argument("--pixel-delta", type=int, metavar="N", help="per-channel pixel tolerance, 0-255 (default: 2)")
    p.add_argument("--image-tolerance", type=float, metavar="FRACTION", help="fraction of pixels allowed to change (default: 0)")
    p.add_argument("--ignore-stderr", action="store_true", help="do not compare standard error")
    p.add_argument("--sanitize-with", action="append", default=[], metavar="FILE", help="nbval-style sanitize file (regex/replace sections); repeatable")
    p.add_argument("--no-default-sanitizers", action="store_true", help="do not erase addresses, timestamps, durations, progress bars, temporary paths")
    p.add_argument("--kernel", metavar="NAME", help="kernel for both runs (default: ORIGINAL's)")
    p.add_argument("-p", "--parameter", action="append", default=[], type=_parameter, metavar="NAME=VALUE", help="papermill parameter for both runs (VALUE parsed as JSON when it can be); repeatable")
    p.add_argument("--seed", type=int, default=0, help="seed for random, numpy, torch and PYTHONHASHSEED (default: 0)")
    p.add_argument("--no-seed", action="store_true", help="do not seed the runs")
    p.add_argument("--cwd", metavar="DIR", help="working directory of both runs (default: ORIGINAL's folder)")
    p.add_argument("--config", metavar="PYPROJECT", help="pyproject.toml to read [tool.nbrefactor] from")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar on standard error")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output")
    p.set_defaults(func=cmd_verify)


def cmd_extract(args: argparse.Namespace) -> int:
    from nbrefactor.refactor import extract
    from nbrefactor.report.extract import render_extract

    undecided = args.verify is None and not args.dry_run  # rewriting the notebooks takes an explicit choice
    result = extract(
        args.paths, package=args.package, module=args.module, dry_run=args.dry_run or undecided,
        force=args.force, backup=args.backup, verify=args.verify, root=args.root,
    )
    sys.stdout.write(render_extract(result, diff=args.dry_run or args.diff))
    if undecided:
        sys.stdout.write(
            "\nNothing was written: extract rewrites your notebooks, so say how. --verify runs each notebook "
            "before and after (papermill) and undoes everything on any output change; --no-verify rewrites "
            "them without running them (keep them under version control, or add --backup). "
            "--dry-run shows the diffs.\n"
        )
    if args.record and not result.dry_run:
        return max(result.exit_code(), _record_extracted(result))
    return result.exit_code()


def _record_extracted(result: ExtractResult) -> int:
    """``extract --record``: record the rewritten notebooks' calls of the modules just written."""
    from nbrefactor.refactor.record import record_extracted
    from nbrefactor.report.record import render_record

    recorded = record_extracted(result)
    if recorded is None:
        return EXIT_CLEAN
    sys.stdout.write(render_record(recorded))
    return recorded.exit_code()


def _add_extract(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract",
        help="move notebooks' functions and classes into a package module each, with tests",
        description="Move each notebook's reusable definitions (and the imports and constants they need) into "
        "a module of the project's package, write tests/test_<module>.py, and make the notebook import them. "
        "Notebook variables a function reads become keyword-only parameters and every call passes them. "
        "The notebooks are rewritten only with --verify (proved unchanged, or undone) or --no-verify; "
        "without either, extract prints the plan and writes nothing. "
        "Exit codes: 0 done, 1 some notebooks skipped or failed, 2 usage error.",
    )
    p.add_argument("paths", nargs="+", type=existing("file or folder"), metavar="NOTEBOOK", help="notebooks or folders (searched recursively)")
    p.add_argument("--package", metavar="DIR", help="package folder, relative to the project root (default: src/<project name>)")
    p.add_argument("--module", metavar="NAME", help="module name, for a single notebook (default: from the notebook's name)")
    p.add_argument("--root", metavar="DIR", help="project root (default: the nearest folder with pyproject.toml, setup.py or .git)")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--dry-run", action="store_true", help="print the plan and the diffs; write nothing (without --verify or --no-verify: the plan only)")
    how.add_argument("--verify", dest="verify", action="store_const", const=True, default=None, help="rewrite, run each notebook before and after (papermill) and undo on any output change")
    how.add_argument("--no-verify", dest="verify", action="store_const", const=False, help="rewrite the notebooks without running them")
    p.add_argument("--diff", action="store_true", help="also print the diffs of what was written")
    p.add_argument("--force", action="store_true", help="add to a module or test file that nbrefactor did not create")
    p.add_argument("--backup", action="store_true", help="keep FILE.bak copies of every file changed")
    p.add_argument("--record", action="store_true", help="then run each rewritten notebook once and write tests/test_<module>_recorded.py from the calls it makes (see `nbrefactor record`)")
    p.set_defaults(func=cmd_extract)


def _add_hook(sub: argparse._SubParsersAction) -> None:
    from nbrefactor import hook

    p = sub.add_parser(
        "hook",
        help="pre-commit hook: fail when staged changes add copy-paste (see docs/hook.md)",
        description="Compare staged notebooks and scripts with every tracked one; fail on new copies.",
    )
    hook.add_arguments(p)
    p.set_defaults(func=hook.run)


def cmd_baseline(args: argparse.Namespace) -> int:
    from nbrefactor.engine.baseline import BASELINE_NAME, baseline_json
    from nbrefactor.engine.gate import repository_families
    from nbrefactor.sources.git import toplevel

    target = Path(args.output) if args.output else toplevel(Path.cwd()) / BASELINE_NAME
    if target.exists() and not args.refresh:
        raise NbrefactorError(f"{target} exists; pass --refresh to rewrite it with the current clone families")
    families = repository_families(cache=not args.no_cache)
    _write_output(baseline_json(families), str(target))
    print(f"nbrefactor: recorded {len(families)} clone famil{'y' if len(families) == 1 else 'ies'} in {target}", file=sys.stderr)
    return EXIT_CLEAN


def _add_baseline(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "baseline",
        help="record the repository's known clone families so the hook blocks only new ones",
        description="Write .nbrefactor-baseline.json (commit it) with every clone family among tracked files.",
    )
    p.add_argument("--refresh", action="store_true", help="rewrite an existing baseline")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write (default: .nbrefactor-baseline.json at the top)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the unit index")
    p.set_defaults(func=cmd_baseline)


def cmd_record(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from nbrefactor.config import find_pyproject, load_config
    from nbrefactor.refactor.record import options_from, record, resolve_module
    from nbrefactor.report.record import render_record

    root = Path(args.root).resolve() if args.root else None
    first = resolve_module(args.modules[0], root)
    config = load_config(find_pyproject(root or first.import_root))
    options, _, _ = options_from(config)
    changes = {k: v for k, v in (("max_calls", args.max_calls), ("timeout", args.timeout)) if v is not None}
    result = record(args.modules, args.notebook, root=root, config=config, options=replace(options, **changes))
    sys.stdout.write(render_record(result))
    return result.exit_code()


def _add_record(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "record",
        help="write characterisation tests of a module from the calls notebooks make to it",
        description="Run each NOTEBOOK once (papermill, through the verify layer) with the functions of MODULE "
        "wrapped; record the first few distinct calls of each (arguments, result or exception, printed text, "
        "arguments after the call, random state) and write tests/test_<module>_recorded.py with fixtures in "
        "tests/fixtures/<module>/. Exit codes: 0 done, 1 a notebook did not run cleanly or a module got no tests, "
        "2 usage error.",
    )
    p.add_argument("modules", nargs="+", metavar="MODULE", help="module file (src/pkg/mod.py) or dotted name (pkg.mod)")
    p.add_argument("-n", "--notebook", action="append", required=True, metavar="NOTEBOOK", help="notebook to run, in order; repeatable")
    p.add_argument("--root", metavar="DIR", help="project root (default: the nearest folder with pyproject.toml, setup.py or .git)")
    p.add_argument("--max-calls", type=int, metavar="N", help="calls recorded per function (default: record-max-calls, 3)")
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="per-cell timeout of the recording run (default: 600)")
    p.set_defaults(func=cmd_record)


SUBCOMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    _add_audit,
    _add_rules,
    _add_verify,
    _add_extract,
    _add_record,
    _add_hook,
    _add_baseline,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nbrefactor",
        description="Turn legacy notebooks and scripts into tested, importable modules, safely.",
    )
    parser.add_argument("--version", action="version", version=f"nbrefactor {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in SUBCOMMANDS:
        add(sub)
    return parser


def _crash_log() -> str:
    fd, path = tempfile.mkstemp(prefix="nbrefactor-crash-", suffix=".log")
    with os.fdopen(fd, "w") as fh:
        fh.write(f"nbrefactor {__version__}, Python {sys.version}\nargv: {sys.argv}\n\n")
        traceback.print_exc(file=fh)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        with batch_thresholds():
            return int(args.func(args))
    except NbrefactorError as exc:
        print(f"nbrefactor: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("nbrefactor: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - anything unexpected is a bug: keep the details
        log = _crash_log()
        print(f"nbrefactor: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(f"nbrefactor: this is a bug; the details are in {log}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
