"""The pre-commit entry point: block a commit that adds copy-paste.

pre-commit runs ``nbrefactor hook FILE...`` with the staged notebooks and
scripts; :func:`nbrefactor.engine.gate.check_commit` compares them with every
tracked document and this module prints each new copy and picks the exit
code (0 pass, 1 new copies, 2 usage or git errors). See docs/hook.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from nbrefactor.model import Location

if TYPE_CHECKING:  # the gate is imported when the hook runs, not when ``nbrefactor audit`` builds its parser
    from nbrefactor.engine.gate import GateResult, NewCopy

TYPES = {1: "identical", 2: "renamed", 3: "drifted"}


def _where(location: Location) -> str:
    """``path:cell N:line`` (``path:line`` for a script)."""
    return location.display().rsplit(":", 1)[0]


def describe(copy: NewCopy) -> str:
    """One line naming both copies, the similarity and the command that extracts the shared code."""
    new, old = copy.copy.location, copy.original.location
    what = f"{copy.copy.kind} {copy.copy.name}" if copy.copy.kind != "statements" else "cell code"
    command = f"nbrefactor extract {old.path} {new.path}" if old.path != new.path else f"nbrefactor extract {new.path}"
    return (
        f"{new.display()}: {copy.code} new copy of {_where(old)} ({what}; type {copy.type} {TYPES[copy.type]}, "
        f"similarity {copy.similarity:.2f}) — extract it once: {command}"
    )


def _count(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def render(result: GateResult, seconds: float) -> str:
    """The hook's whole output: one line per new copy, then a summary."""
    lines = [describe(c) for c in result.new_copies]
    scope = (
        f"{_count(len(result.staged), 'changed file')} against "
        f"{_count(result.documents, 'tracked document')} in {seconds:.2f}s"
    )
    if result.new_copies:
        lines.append(
            f"nbrefactor: {_count(len(result.new_copies), 'new copy', 'new copies')} ({scope}). "
            "Import the shared code instead; to accept existing copies, record them with "
            "`nbrefactor baseline --refresh`."
        )
    elif result.known:
        lines.append(f"nbrefactor: no new copies; {_count(result.known, 'known copy', 'known copies')} in the baseline ({scope}).")
    return "\n".join(lines) + ("\n" if lines else "")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The hook's options (shared by ``nbrefactor hook`` and ``python -m nbrefactor.hook``)."""
    parser.add_argument("files", nargs="*", metavar="FILE", help="staged files to judge (default: every staged file)")
    parser.add_argument("--baseline", metavar="FILE", help="known clone families (default: .nbrefactor-baseline.json)")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the unit index")
    parser.add_argument(
        "--from-ref", default=os.environ.get("PRE_COMMIT_FROM_REF"), metavar="REF",
        help="with --to-ref: judge the commits TO-REF adds since FROM-REF (pre-push, CI; default: $PRE_COMMIT_FROM_REF)",
    )
    parser.add_argument("--to-ref", default=os.environ.get("PRE_COMMIT_TO_REF"), metavar="REF",
                        help="see --from-ref (default: $PRE_COMMIT_TO_REF)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print timing and index figures even when clean")


def run(args: argparse.Namespace) -> int:
    """Judge the staged changes, print new copies; 1 when there are any."""
    from nbrefactor.engine.gate import check_commit

    start = time.perf_counter()
    files = [str(Path(f).resolve()) for f in args.files] or None  # given relative to the current folder
    result = check_commit(
        paths=files, baseline=args.baseline, cache=not args.no_cache, from_ref=args.from_ref, to_ref=args.to_ref
    )
    elapsed = time.perf_counter() - start
    sys.stdout.write(render(result, elapsed))
    if args.verbose:
        print(
            f"nbrefactor hook: {result.documents} documents, {result.analysed} analysed, "
            f"{len(result.staged)} staged, {elapsed:.3f}s",
            file=sys.stderr,
        )
    return 1 if result.blocked else 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m nbrefactor.hook FILE...``: the same as ``nbrefactor hook``."""
    from nbrefactor.cli import main as cli_main

    return cli_main(["hook", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
