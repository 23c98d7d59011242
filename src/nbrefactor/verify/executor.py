"""Where runs happen: any object with ``submit(fn, *args) -> future``.

:class:`Executor` is the whole interface. Every
:class:`concurrent.futures.Executor` implements it, and so does a
``dask.distributed.Client``; :class:`DaskExecutor` adapts one for users who
outgrow a machine (Dask is imported only when it is used). Jobs are
module-level functions with picklable arguments and results, so they can
cross process and machine boundaries.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, Callable, Protocol, TypeVar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Future(Protocol[T_co]):
    """The part of a future verify uses."""

    def result(self, timeout: float | None = None) -> T_co: ...


class Executor(Protocol):
    """Runs ``fn(*args)`` somewhere and returns a future of its result."""

    def submit(self, fn: Callable[..., T], /, *args: Any) -> Future[T]: ...


def process_pool(jobs: int | None = None) -> ProcessPoolExecutor:
    """The default for many notebooks: a process pool (``spawn``: safe beside threads).

    Each run is itself a child process with its kernel, so ``jobs`` counts
    notebooks run at once, not CPUs; the default is 2.
    """
    return ProcessPoolExecutor(max_workers=jobs or 2, mp_context=multiprocessing.get_context("spawn"))


def thread_pool(jobs: int | None = None) -> ThreadPoolExecutor:
    """A thread pool: enough when the work happens in child processes anyway, and cheaper to start."""
    return ThreadPoolExecutor(max_workers=jobs or 2)


class DaskExecutor:
    """Runs verify jobs on a Dask cluster: ``DaskExecutor(Client("tcp://scheduler:8786"))``.

    Give it a ``dask.distributed.Client`` (or an address to connect to). Each
    job runs a notebook on a worker, so the notebooks and the data they read
    must be at the same paths there.
    """

    def __init__(self, client: Any = None, address: str | None = None) -> None:
        if client is None:
            try:
                from dask.distributed import Client
            except ImportError as exc:  # pragma: no cover - depends on the environment
                from nbrefactor.errors import NbrefactorError

                raise NbrefactorError("DaskExecutor needs dask.distributed: pip install 'dask[distributed]'") from exc
            client = Client(address)
        self.client = client

    def submit(self, fn: Callable[..., T], /, *args: Any) -> Future[T]:
        return self.client.submit(fn, *args, pure=False)  # type: ignore[no-any-return]
