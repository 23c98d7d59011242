"""The command line: parse arguments, call the API, print, choose the exit code.

Exit codes: 0 clean, 1 findings, 2 usage errors or inputs that could not be
read (the rest is still reported), as ruff and black do.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable, Sequence, TextIO

from nbrefactor import __version__
from nbrefactor.errors import NbrefactorError

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
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    p.add_argument("--format", choices=("text", "json", "sarif"), default="text", help="output format (default: text)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output")
    p.add_argument("--select", type=_codes, metavar="CODES", help="comma-separated code prefixes to run, e.g. NBR1,NBR301")
    p.add_argument("--ignore", type=_codes, metavar="CODES", help="comma-separated code prefixes to skip")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
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


SUBCOMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [_add_audit, _add_rules, _add_hook, _add_baseline]


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
