"""Garbage collection for batch work: collect reference cycles rarely.

An audit allocates millions of small objects (tokens, units, findings, and
whole cached results when they are unpickled), almost none of them in reference
cycles. CPython's default thresholds start a collection every 700 allocations
and re-scan the surviving objects again and again: a fifth of a warm audit's
time went there. Batch processes (the CLI, the pool's workers) raise the
thresholds, as mypy does; a library call (:func:`nbrefactor.audit`) raises them
for its own duration only, and leaves its caller's settings as they were.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

#: A young-generation collection every 100,000 allocations instead of 700.
THRESHOLDS = (100_000, 50, 100)


def use_batch_thresholds() -> None:
    """For a process that nbrefactor owns (a pool worker)."""
    gc.set_threshold(*THRESHOLDS)


@contextmanager
def batch_thresholds() -> Iterator[None]:
    """Batch thresholds for the duration of a block (the CLI's command, an audit)."""
    saved = gc.get_threshold()
    use_batch_thresholds()
    try:
        yield
    finally:
        gc.set_threshold(*saved)


@contextmanager
def no_collection() -> Iterator[None]:
    """No collection at all for a block that only builds objects (unpickling)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
