"""Values of the verify layer: what to run, what a run produced, what differs.

All frozen dataclasses, picklable, so that runs can cross process (or Dask
worker) boundaries and results can be compared in tests.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Mapping

#: Per-cell timeout when none is given (seconds); the whole run gets a wall-clock guard on top.
DEFAULT_TIMEOUT = 600.0


class Status(str, enum.Enum):
    """The verdict of one verification."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    FAILED = "failed"  # a run could not complete: timeout, dead kernel, no kernel


@dataclass(frozen=True)
class Tolerances:
    """How close is close enough.

    Numbers (in text, tensors, arrays, frames) match when
    ``|a - b| <= atol + rtol * |b|`` (numpy's ``isclose``). Images match when at
    most ``image_fraction`` of their pixels differ by more than ``pixel_delta``
    in some channel (0-255).
    """

    rtol: float = 1e-5
    atol: float = 1e-8
    pixel_delta: int = 2
    image_fraction: float = 0.0
    compare_stderr: bool = True


@dataclass(frozen=True)
class RunSpec:
    """One execution of one notebook; everything a worker needs, nothing more.

    ``cwd`` defaults to the notebook's folder. ``timeout`` bounds each cell;
    ``wall_timeout`` bounds the whole run (default: kernel start plus
    ``timeout`` times the number of code cells, capped at an hour past ``timeout``).
    """

    notebook: str
    cwd: str | None = None
    kernel_name: str | None = None
    parameters: Mapping[str, Any] = field(default_factory=dict)
    seed: int | None = 0
    timeout: float = DEFAULT_TIMEOUT
    wall_timeout: float | None = None
    start_timeout: float = 60.0
    env: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CellRun:
    """One cell of a notebook as executed (or as stored).

    ``outputs`` are nbformat output dicts (JSON-able). ``executed`` is False
    for cells a run never reached (after an error or a timeout).
    """

    index: int
    cell_type: str
    source: str
    outputs: tuple[Mapping[str, Any], ...] = ()
    cell_id: str | None = None
    executed: bool = True


@dataclass(frozen=True)
class RunResult:
    """What one run produced. ``failure`` is None when the notebook ran to the end
    or stopped at an exception in a cell (that exception is an output to compare)."""

    notebook: str
    cells: tuple[CellRun, ...]
    failure: RunFailure | None = None
    seconds: float = 0.0
    stored: bool = False  # outputs read from the file, not produced by a run

    @property
    def ok(self) -> bool:
        return self.failure is None


@dataclass(frozen=True)
class RunFailure:
    """Why a run could not complete: ``reason`` is one of ``timeout``,
    ``kernel-died``, ``no-kernel``, ``unreadable``, ``no-outputs`` (a stored
    baseline that was never run), ``error``."""

    reason: str
    message: str
    cell: int | None = None  # index in the notebook on disk, when known


@dataclass(frozen=True)
class Difference:
    """One way the refactored notebook's outputs differ from the baseline's.

    ``cell`` is the index in the original notebook, ``refactored_cell`` the
    index in the refactored one (None when a cell has no partner). ``kind`` is
    ``text``, ``stream``, ``numbers``, ``table``, ``image``, ``error``,
    ``mime``, ``count``, ``missing``, ``extra`` or ``not-run``; ``output`` is
    the 0-based output index inside the cell (None for whole-cell differences).
    ``details`` holds the evidence (a unified diff, max absolute and relative
    error, changed pixels) and is JSON-serialisable.
    """

    cell: int | None
    refactored_cell: int | None
    kind: str
    message: str
    output: int | None = None
    cell_id: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    nondeterministic: bool = False


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of :func:`nbrefactor.verify.verify` for one pair of notebooks.

    ``differences`` are regressions (they decide ``status``);
    ``nondeterministic`` lists outputs that already differed between the
    original's own runs (``runs >= 2``) and are reported, not held against the
    refactoring.
    """

    original: str
    refactored: str
    status: Status
    against: str
    runs: int
    differences: tuple[Difference, ...] = ()
    nondeterministic: tuple[Difference, ...] = ()
    #: ``(role, failure)`` with role ``original`` or ``refactored``: which run failed.
    failures: tuple[tuple[str, RunFailure], ...] = ()
    cells_compared: int = 0
    seconds: float = 0.0

    def path_of(self, role: str) -> str:
        """The notebook a role names (``original`` or ``refactored``)."""
        return self.original if role == "original" else self.refactored

    @property
    def exit_code(self) -> int:
        """0 unchanged, 1 changed, 2 could not run."""
        return {Status.UNCHANGED: 0, Status.CHANGED: 1, Status.FAILED: 2}[self.status]
