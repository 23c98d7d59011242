"""``verify``: does a refactored notebook compute what the original did?

Both notebooks run with the same kernel, parameters, working directory,
environment and seeds; their outputs are compared cell by cell (see
:mod:`nbrefactor.verify.compare`). The runs of one pair happen one after the
other, because notebooks write files the next run reads; many pairs can run at
once through an executor (:func:`verify_many`).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from nbrefactor.errors import NbrefactorError
from nbrefactor.verify.compare import Comparer, compare_runs, split_nondeterministic
from nbrefactor.verify.executor import Executor, process_pool
from nbrefactor.verify.model import (
    DEFAULT_TIMEOUT,
    Difference,
    RunResult,
    RunSpec,
    Status,
    Tolerances,
    VerifyResult,
)
from nbrefactor.verify.normalize import Sanitizer, make_normalizer
from nbrefactor.verify.run import execute, stored_run

AGAINST = ("fresh", "stored")


@dataclass(frozen=True)
class Options:
    """Everything that decides how a pair is run and compared (picklable, for executors)."""

    against: str = "fresh"
    runs: int = 1
    timeout: float = DEFAULT_TIMEOUT
    wall_timeout: float | None = None
    tolerances: Tolerances = field(default_factory=Tolerances)
    sanitizers: tuple[Sanitizer, ...] = ()
    default_sanitizers: bool = True
    kernel_name: str | None = None
    parameters: Mapping[str, Any] = field(default_factory=dict)
    seed: int | None = 0
    cwd: str | None = None
    env: Mapping[str, str] = field(default_factory=dict)

    def check(self) -> None:
        if self.against not in AGAINST:
            raise NbrefactorError(f"--against must be one of {', '.join(AGAINST)}, not {self.against!r}")
        if self.runs < 1:
            raise NbrefactorError("--runs must be at least 1")
        if self.against == "stored" and self.runs > 1:
            raise NbrefactorError("--runs counts fresh runs of the original: it needs --against fresh")
        if self.timeout <= 0:
            raise NbrefactorError("--timeout must be positive")
        if not has_papermill():
            raise NbrefactorError("verify runs notebooks with papermill: pip install 'nbrefactor[verify]'")


def has_papermill() -> bool:
    """Whether papermill can be imported (the runs happen in a child of this interpreter)."""
    import importlib.util

    return importlib.util.find_spec("papermill") is not None


def _kernel_of(path: str) -> str | None:
    import json

    try:
        with open(path, encoding="utf-8") as fh:
            spec = json.load(fh).get("metadata", {}).get("kernelspec", {})
        return spec.get("name") or None
    except (OSError, ValueError, AttributeError):
        return None


def _spec(notebook: str, original: str, options: Options) -> RunSpec:
    """A run of ``notebook`` in the original's folder, with the original's kernel."""
    return RunSpec(
        notebook=notebook,
        cwd=options.cwd or str(Path(original).resolve().parent),
        kernel_name=options.kernel_name or _kernel_of(original),
        parameters=dict(options.parameters),
        seed=options.seed,
        timeout=options.timeout,
        wall_timeout=options.wall_timeout,
        env=dict(options.env),
    )


#: ``progress(done, total, label)``: called before and after each run (the CLI draws a bar).
Progress = Callable[[int, int, str], None]
Runner = Callable[[RunSpec], RunResult]


def make_runner(executor: Executor | None = None, progress: Progress | None = None, total: int = 0) -> Runner:
    """A function that executes one run spec, here or on ``executor``, reporting progress."""

    def run(spec: RunSpec) -> RunResult:
        return execute(spec) if executor is None else executor.submit(execute, spec).result()

    if progress is None:
        return run
    done = 0

    def counted(spec: RunSpec) -> RunResult:
        nonlocal done
        progress(done, total, f"running {Path(spec.notebook).name}")
        result = run(spec)
        done += 1
        progress(done, total, f"ran {Path(spec.notebook).name}")
        return result

    return counted


def run_baselines(original: str, options: Options, run: Runner = execute) -> list[RunResult]:
    """The original's stored outputs, or its fresh runs (stopping at the first that fails)."""
    if options.against == "stored":
        return [stored_run(original)]
    found: list[RunResult] = []
    while len(found) < options.runs and not (found and found[-1].failure):
        found.append(run(_spec(original, original, options)))
    return found


def run_candidate(refactored: str, original: str, options: Options, run: Runner = execute) -> RunResult:
    """A run of the refactored notebook under the original's conditions."""
    return run(_spec(refactored, original, options))


def judge(
    original: str,
    refactored: str,
    baselines: list[RunResult],
    candidate: RunResult | None,
    options: Options,
    seconds: float = 0.0,
) -> VerifyResult:
    """The verdict on one pair from its runs (``candidate`` None: not run, the original failed)."""
    failures = tuple(("original", r.failure) for r in baselines if r.failure is not None)
    differences: list[Difference] = []
    nondeterministic: list[Difference] = []
    compared = 0
    if candidate is not None and not failures:
        if candidate.failure is not None:
            failures = (("refactored", candidate.failure),)
        comparer = Comparer(options.tolerances, make_normalizer(options.sanitizers, defaults=options.default_sanitizers))
        found, compared = compare_runs(baselines[0], candidate, comparer)
        noisy = [d for other in baselines[1:] for d in compare_runs(baselines[0], other, comparer)[0]]
        differences, nondeterministic = split_nondeterministic(found, noisy)
    status = Status.FAILED if failures or candidate is None else Status.CHANGED if differences else Status.UNCHANGED
    return VerifyResult(
        original=original,
        refactored=refactored,
        status=status,
        against=options.against,
        runs=len(baselines),
        differences=tuple(differences),
        nondeterministic=tuple(nondeterministic),
        failures=failures,
        cells_compared=compared,
        seconds=round(seconds, 3),
    )


def verify_pair(
    original: str,
    refactored: str,
    options: Options,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> VerifyResult:
    """Run and compare one pair (the job :func:`verify_many` submits).

    When the original cannot run, the refactored notebook is not run either:
    there would be nothing to compare it with.
    """
    start = time.monotonic()
    run = make_runner(executor, progress, total=(options.runs if options.against == "fresh" else 0) + 1)
    baselines = run_baselines(original, options, run)
    ok = all(r.failure is None for r in baselines)
    candidate = run_candidate(refactored, original, options, run) if ok else None
    return judge(original, refactored, baselines, candidate, options, time.monotonic() - start)


def _check_paths(*paths: str) -> None:
    for path in paths:
        if not os.path.isfile(path):
            raise NbrefactorError(f"no such notebook: {path}")


def verify(
    original: str | os.PathLike[str],
    refactored: str | os.PathLike[str] | None = None,
    *,
    against: str = "fresh",
    runs: int = 1,
    timeout: float = DEFAULT_TIMEOUT,
    tolerances: Tolerances | None = None,
    sanitizers: Sequence[Sanitizer] = (),
    executor: Executor | None = None,
    progress: Progress | None = None,
    **options: Any,
) -> VerifyResult:
    """Verify that ``refactored`` computes what ``original`` did.

    Without ``refactored``, the original is compared with a rerun of itself
    (or, with ``against="stored"``, its stored outputs with a fresh run: does
    it reproduce its own results?). ``against="stored"`` compares with the
    outputs stored in ``original`` instead of re-running it. ``runs`` of 2 or
    more run the original that often and report outputs that differ between
    those runs as nondeterministic, not as regressions. ``timeout`` bounds
    each cell (seconds). ``sanitizers`` are added to the default ones.
    Further options are the other fields of :class:`Options`:
    ``wall_timeout``, ``default_sanitizers``, ``kernel_name``, ``parameters``,
    ``seed`` (None: do not seed), ``cwd`` and ``env``. ``executor`` runs the
    notebooks elsewhere (one at a time: they may share files).
    ``progress(done, total, label)`` is called around each run.

    >>> result = verify("analysis.ipynb", "analysis_refactored.ipynb")  # doctest: +SKIP
    >>> result.status                                                   # doctest: +SKIP
    <Status.UNCHANGED: 'unchanged'>
    """
    opts = Options(
        against=against,
        runs=runs,
        timeout=timeout,
        tolerances=tolerances or Tolerances(),
        sanitizers=tuple(sanitizers),
        **options,
    )
    opts.check()
    first, second = os.fspath(original), os.fspath(refactored if refactored is not None else original)
    _check_paths(first, second)
    return verify_pair(first, second, opts, executor, progress)


def verify_many(
    pairs: Sequence[tuple[str, str | None]],
    *,
    jobs: int | None = None,
    executor: Executor | None = None,
    **options: Any,
) -> list[VerifyResult]:
    """Verify many pairs, in order of ``pairs``, several at once.

    Pairs run in a process pool of ``jobs`` workers (or on ``executor``);
    with ``jobs=1`` they run one after the other, in order, which notebooks
    that read each other's files need.
    """
    opts = Options(**options)
    opts.check()
    work = [(os.fspath(a), os.fspath(b if b is not None else a)) for a, b in pairs]
    _check_paths(*(p for pair in work for p in pair))
    if executor is None and (jobs == 1 or len(work) < 2):
        return [verify_pair(a, b, opts) for a, b in work]
    if executor is not None:
        return [f.result() for f in [executor.submit(verify_pair, a, b, opts) for a, b in work]]
    with process_pool(jobs) as pool:
        return [f.result() for f in [pool.submit(verify_pair, a, b, opts) for a, b in work]]

