"""Helpers for test suites: re-run rewritten notebooks through pytest.

The test suite that ``nbrefactor extract`` generates (or one you write) can
check that a refactored notebook still computes what it did::

    from nbrefactor.testing import assert_verified

    def test_training_notebook_still_computes_the_same():
        assert_verified("notebooks/03_train.ipynb", against="stored", timeout=300)

A failing check fails the test with verify's text report (which cells, how,
by how much) as the assertion message. ``nbval`` (``pytest --nbval``)
remains an option for notebooks whose stored outputs are the reference.
"""

from __future__ import annotations

import os
from typing import Any

from nbrefactor.report.verify import render_result_text
from nbrefactor.verify import Status, VerifyResult, verify


def assert_verified(
    original: str | os.PathLike[str], refactored: str | os.PathLike[str] | None = None, **options: Any
) -> VerifyResult:
    """:func:`nbrefactor.verify.verify`, raising AssertionError with the report unless unchanged."""
    result = verify(original, refactored, **options)
    if result.status is not Status.UNCHANGED:
        raise AssertionError("\n" + render_result_text(result))
    return result
