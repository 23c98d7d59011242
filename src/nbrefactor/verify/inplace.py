"""Verify a rewrite done in place, and undo it byte for byte when outputs change.

``extract --verify`` rewrites notebooks where they stand, so the originals are
gone by the time a plain :func:`~nbrefactor.verify.verify` could run them.
:func:`apply_verified` runs the originals first (in the order given: later
notebooks may read files earlier ones write), applies the rewrite, runs the
rewritten notebooks under the same conditions, and restores every file the
rewrite may have touched unless all of them are unchanged::

    outcome = apply_verified(["nb/01.ipynb", "nb/02.ipynb"], apply=write_plan,
                             touched=plan.paths, timeout=300)
    if outcome.restored:
        ...  # report outcome.results: which cells changed, how
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from nbrefactor.sources.snapshot import Snapshot
from nbrefactor.verify.api import Options, judge, make_runner, run_baselines, run_candidate
from nbrefactor.verify.executor import Executor
from nbrefactor.verify.model import Status, VerifyResult


@dataclass(frozen=True)
class Outcome:
    """What :func:`apply_verified` did: the verdicts and the files it put back."""

    results: tuple[VerifyResult, ...]
    restored: tuple[str, ...] = ()
    applied: bool = True  # False when the originals could not run and nothing was applied

    @property
    def ok(self) -> bool:
        return self.applied and all(r.status is Status.UNCHANGED for r in self.results)


def apply_verified(
    notebooks: Sequence[str | os.PathLike[str]],
    apply: Callable[[], Any],
    touched: Iterable[str | os.PathLike[str]] = (),
    *,
    executor: Executor | None = None,
    **options: Any,
) -> Outcome:
    """Run ``notebooks``, call ``apply()``, run them again; restore ``touched`` (and
    the notebooks) byte for byte unless every notebook is unchanged.

    ``options`` are the fields of :class:`~nbrefactor.verify.Options` (``against``
    may be ``stored`` to skip the first runs). If an original cannot run, nothing
    is applied. An exception from ``apply`` restores the files and propagates.
    """
    opts = Options(**options)
    opts.check()
    paths = [os.fspath(p) for p in notebooks]
    start = time.monotonic()
    run = make_runner(executor)
    baselines = [run_baselines(p, opts, run) for p in paths]
    if any(r.failure for runs in baselines for r in runs):
        results = tuple(judge(p, p, runs, None, opts, time.monotonic() - start) for p, runs in zip(paths, baselines))
        return Outcome(results, applied=False)
    snapshot = Snapshot.take([*paths, *touched])
    try:
        apply()
    except BaseException:
        snapshot.restore()
        raise
    candidates = [run_candidate(p, p, opts, run) for p in paths]
    elapsed = time.monotonic() - start
    results = tuple(judge(p, p, b, c, opts, elapsed) for p, b, c in zip(paths, baselines, candidates))
    if all(r.status is Status.UNCHANGED for r in results):
        return Outcome(results)
    return Outcome(results, restored=tuple(snapshot.restore()))
