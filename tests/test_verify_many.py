"""Many pairs: in order, in a process pool by default, on any executor (a Dask client included)."""

from __future__ import annotations

import shutil
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Callable

import pytest

from nbrefactor.verify import DaskExecutor, Status, verify_many

FIXTURES = Path(__file__).parent / "fixtures" / "verify"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("many")
    for name in ("image.ipynb", "image_recompressed.ipynb", "image_shifted.ipynb"):
        shutil.copy(FIXTURES / name, target / name)
    (target / "garbage.ipynb").write_text("{ not json")
    return target


class FakeDaskClient:
    """Stands in for dask.distributed.Client: runs jobs at once, records how it was called."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, bool]] = []

    def submit(self, fn: Callable[..., Any], *args: Any, pure: bool = True) -> Future[Any]:
        self.calls.append((fn.__name__, pure))
        future: Future[Any] = Future()
        future.set_result(fn(*args))
        return future


def test_a_batch_keeps_its_order_and_survives_bad_input(folder: Path) -> None:
    pairs = [
        (str(folder / "image.ipynb"), str(folder / "image_shifted.ipynb")),
        (str(folder / "garbage.ipynb"), None),
        (str(folder / "image.ipynb"), str(folder / "image_recompressed.ipynb")),
    ]
    results = verify_many(pairs, jobs=2, timeout=60)
    assert [r.status for r in results] == [Status.CHANGED, Status.FAILED, Status.UNCHANGED]
    assert results[1].failures[0][1].reason == "unreadable"
    assert [r.refactored for r in results] == [pairs[0][1], pairs[1][0], pairs[2][1]]


def test_dask_executor_adapts_a_client(folder: Path) -> None:
    client = FakeDaskClient()
    results = verify_many([(str(folder / "image.ipynb"), str(folder / "image_recompressed.ipynb"))], executor=DaskExecutor(client), timeout=60)
    assert [r.status for r in results] == [Status.UNCHANGED]
    assert client.calls == [("verify_pair", False)]  # pure=False: Dask must not cache a run


def test_progress_is_reported_around_each_run(folder: Path) -> None:
    from nbrefactor.verify import verify

    seen: list[tuple[int, int, str]] = []
    result = verify(folder / "image.ipynb", folder / "image_recompressed.ipynb", timeout=60, progress=lambda *a: seen.append(a))
    assert result.status is Status.UNCHANGED
    assert seen == [
        (0, 2, "running image.ipynb"), (1, 2, "ran image.ipynb"),
        (1, 2, "running image_recompressed.ipynb"), (2, 2, "ran image_recompressed.ipynb"),
    ]
