"""verify: the only layer that executes user code.

Runs notebooks with papermill (:mod:`.run`), normalises their outputs
(:mod:`.normalize`), compares them cell by cell (:mod:`.compare`,
:mod:`.outputs`) and reports what changed. See docs/verify.md.
"""

from __future__ import annotations

from nbrefactor.verify.api import Options, verify, verify_many, verify_pair
from nbrefactor.verify.executor import DaskExecutor, Executor, process_pool, thread_pool
from nbrefactor.verify.inplace import Outcome, apply_verified
from nbrefactor.verify.model import (
    DEFAULT_TIMEOUT,
    CellRun,
    Difference,
    RunFailure,
    RunResult,
    RunSpec,
    Status,
    Tolerances,
    VerifyResult,
)
from nbrefactor.verify.normalize import DEFAULT_SANITIZERS, Sanitizer, read_sanitize_file
from nbrefactor.verify.run import execute, stored_run

__all__ = [
    "DEFAULT_SANITIZERS",
    "DEFAULT_TIMEOUT",
    "CellRun",
    "DaskExecutor",
    "Difference",
    "Executor",
    "Options",
    "Outcome",
    "RunFailure",
    "RunResult",
    "RunSpec",
    "Sanitizer",
    "Status",
    "Tolerances",
    "VerifyResult",
    "apply_verified",
    "execute",
    "process_pool",
    "read_sanitize_file",
    "stored_run",
    "thread_pool",
    "verify",
    "verify_many",
    "verify_pair",
]
