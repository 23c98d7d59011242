"""Per-file analysis: read one document, run the document rules on it and collect
what the project rules need, in a process pool when there are many files.

Each file's result is a pure function of its bytes, its path and its
configuration, so it can be cached and computed in any process, in any order.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence, Union

from nbrefactor.analysis import DocumentFacts
from nbrefactor.config import Config
from nbrefactor.engine.gcpolicy import use_batch_thresholds
from nbrefactor.model import DocumentKind, Finding
from nbrefactor.rules import ALL_RULES, ProjectRule, Rule, RuleContext, error_finding, internal_error_finding
from nbrefactor.rules.input import InvalidNotebook
from nbrefactor.rules.suppress import Suppressions, collect
from nbrefactor.sources import SourceError, read_document

if TYPE_CHECKING:
    from concurrent.futures import Executor

#: ``progress(done, total, relpath)`` is called after each file is analysed.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class FileSummary:
    """What was read from one file (``kind`` None when it could not be read)."""

    relpath: str
    kind: DocumentKind | None
    cells: int = 0
    code_cells: int = 0
    language: str = "python"
    input_error: bool = False


@dataclass(frozen=True)
class FileResult:
    """Everything the audit keeps of one file: cacheable and picklable."""

    summary: FileSummary
    findings: tuple[Finding, ...] = ()
    suppressions: Suppressions = field(default_factory=Suppressions)
    payloads: Mapping[str, Any] = field(default_factory=dict)


def active_rules(config: Config) -> list[Rule]:
    """An instance of every rule ``config`` enables."""
    return [rule() for rule in ALL_RULES if config.enabled(rule.code)]


def analyse_file(path: str, relpath: str, config: Config, data: bytes | None = None) -> FileResult:
    """Read and analyse one file under its own configuration.

    Never raises: bad input becomes an NBR9xx finding, and an unexpected
    exception (a bug) becomes NBR900 for this file and this rule only.
    """
    max_bytes = int(float(config.setting("max-file-size-mb")) * 2**20)
    try:
        # the nbformat schema check (and its import) only when the rule reporting it runs
        validate = config.enabled(InvalidNotebook.code)
        document = read_document(path, relpath=relpath, data=data, max_bytes=max_bytes, validate=validate)
    except SourceError as error:
        finding = error_finding(error, relpath)
        return FileResult(FileSummary(relpath, None, input_error=True), (finding,) if config.enabled(finding.code) else ())
    except Exception as exc:  # noqa: BLE001 - a bug must not stop the batch
        return FileResult(FileSummary(relpath, None, input_error=True), (internal_error_finding(relpath, "reading", exc),))
    if document is None:
        return FileResult(FileSummary(relpath, None))
    facts = DocumentFacts(document, config)
    ctx = RuleContext(facts)
    findings: list[Finding] = []
    payloads: dict[str, Any] = {}
    failed = False
    # the rules that check this file first: collecting the clone units (a project rule's work)
    # then reads the statement outline from any trees they parsed instead of from the text
    for rule in sorted(active_rules(config), key=lambda r: isinstance(r, ProjectRule)):
        try:
            if isinstance(rule, ProjectRule):
                if document.is_python:
                    payloads[rule.code] = rule.collect(facts)
            else:
                findings.extend(rule.check(ctx))
        except Exception as exc:  # noqa: BLE001 - one rule's bug must not hide the others' findings
            failed = True
            findings.append(internal_error_finding(relpath, f"running {rule.code} {rule.name}", exc))
    summary = FileSummary(
        relpath, document.kind, len(document.cells), len(document.code_cells), document.language, input_error=failed
    )
    return FileResult(summary, tuple(findings), collect(document), payloads)


#: One file to analyse: (path, relpath, config), optionally with its bytes (read from git, say).
WorkItem = Union[tuple[str, str, Config], tuple[str, str, Config, bytes]]


def _analyse_batch(batch: Sequence[WorkItem]) -> list[FileResult]:
    return [analyse_file(*item) for item in batch]


def _executor(jobs: int) -> Executor:
    import multiprocessing  # imported only for a pool: a one-file run (the commit hook) never needs it
    from concurrent.futures import ProcessPoolExecutor

    # forked workers inherit every module imported so far; the readers' heavy dependencies (nbformat,
    # jupytext) load in a worker only when one of its files needs them (with --select NBR1 none does)
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=use_batch_thresholds)


class PoolMap:
    """The worker processes of one audit, started on first use and shared by its stages:
    the per-file analysis (:func:`run_files`) and the project rules, which call it as a
    ``map`` (results in order, so the callers' output does not depend on it).

    With one job, or one task, the builtin ``map`` runs in this process instead."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: Executor | None = None

    def executor(self) -> Executor:
        """The pool of ``jobs`` workers (started now if it is not yet)."""
        if self._pool is None:
            self._pool = _executor(self.jobs)
        return self._pool

    def __call__(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> Iterable[Any]:
        if self.jobs <= 1 or len(items) < 2:
            return map(fn, items)
        return self.executor().map(fn, items)

    def __enter__(self) -> PoolMap:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


def _batches(work: Sequence[WorkItem], jobs: int) -> list[Sequence[WorkItem]]:
    """Small batches, largest files first, so that no big file is left running alone at the end."""
    size = max(1, min(16, len(work) // (jobs * 8)))
    ordered = sorted(work, key=_size, reverse=True)
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def _size(item: WorkItem) -> int:
    if len(item) == 4:
        return len(item[3])
    try:
        return os.stat(item[0]).st_size
    except OSError:
        return 0


def run_files(
    work: Sequence[WorkItem], pool: PoolMap, progress: Progress | None, done: int, total: int
) -> Iterable[FileResult]:
    """Analyse files, on ``pool``'s workers when there are enough of them (results in no set order)."""
    if pool.jobs <= 1 or len(work) < 8:
        for item in work:
            result = analyse_file(*item)
            done += 1
            if progress:
                progress(done, total, result.summary.relpath)
            yield result
        return
    from concurrent.futures import as_completed

    executor = pool.executor()
    futures = [executor.submit(_analyse_batch, batch) for batch in _batches(work, pool.jobs)]
    try:
        for future in as_completed(futures):
            for result in future.result():
                done += 1
                if progress:
                    progress(done, total, result.summary.relpath)
                yield result
    finally:  # on Ctrl-C, an error or a consumer that stops early, queued batches are dropped, not run
        for future in futures:
            future.cancel()
