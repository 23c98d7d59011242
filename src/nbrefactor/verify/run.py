"""Run one notebook with papermill, in a child process under a wall-clock guard.

The notebook on disk is never touched: a copy (with the seed cell) is
executed in a temporary folder, with the working directory set to the
notebook's own folder (relative paths resolve as they do for its author).
Papermill's ``execution_timeout`` bounds each cell; the parent kills the
child's process group when the whole run exceeds ``wall_timeout``, so a hung
kernel or a stuck start never makes verify wait forever.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Mapping

from nbrefactor.verify.model import CellRun, RunFailure, RunResult, RunSpec
from nbrefactor.verify.seed import is_injected, seed_cell

_GRACE = 10.0  # seconds between SIGTERM (kernel shut down cleanly) and SIGKILL
#: The worker is this very file, run as a script without importing nbrefactor (faster
#: start; and its folder does not land on sys.path, where its modules could shadow others).
_WORKER = str(Path(__file__).with_name("_worker.py"))
_BOOT = "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"


def _read(path: str | Path) -> Any:
    """An nbformat v4 notebook from an ``.ipynb`` file or a jupytext text notebook."""
    if Path(path).suffix.lower() == ".ipynb":
        import nbformat

        return nbformat.read(str(path), as_version=4)
    import jupytext

    return jupytext.read(str(path))


def _plain(output: Any) -> dict[str, Any]:
    """An output as plain JSON data (no NotebookNode), safe to pickle and serialise."""
    return dict(json.loads(json.dumps(output)))


def _executed(cell: Mapping[str, Any]) -> bool:
    """Whether a run reached the cell: outputs are cleared before a run, and the
    kernel numbers every cell it starts (except empty ones: nothing to reach)."""
    if cell.get("cell_type") != "code" or not str(cell.get("source", "")).strip():
        return True
    return cell.get("execution_count") is not None or bool(cell.get("outputs"))


def cells_of(nb: Mapping[str, Any]) -> tuple[CellRun, ...]:
    """The cells of a notebook (injected cells removed) as :class:`CellRun` values."""
    cells = [c for c in nb.get("cells", []) if not is_injected(c)]
    return tuple(
        CellRun(
            index=i,
            cell_type=str(c.get("cell_type", "code")),
            source=str(c.get("source", "")),
            outputs=tuple(_plain(o) for o in c.get("outputs") or ()),
            cell_id=c.get("id") if isinstance(c.get("id"), str) else None,
            executed=_executed(c),
        )
        for i, c in enumerate(cells)
    )


def stored_run(path: str) -> RunResult:
    """The outputs stored in a notebook, as if they came from a run.

    A notebook whose code cells were never run has nothing to compare with:
    that is a failure (``no-outputs``), not a vacuous success.
    """
    try:
        cells = cells_of(_read(path))
    except Exception as exc:  # noqa: BLE001 - any unreadable file is reported, not raised
        return RunResult(path, (), RunFailure("unreadable", f"cannot read notebook: {exc}"), stored=True)
    code = [c for c in cells if c.cell_type == "code" and c.source.strip()]
    if code and not any(c.executed for c in code):
        failure = RunFailure("no-outputs", "the notebook stores no outputs to compare with (use --against fresh)")
        return RunResult(path, cells, failure, stored=True)
    return RunResult(path, cells, stored=True)


def _prepare(spec: RunSpec, folder: Path) -> tuple[Path, int]:
    """Write the executed copy (seed cell first) into ``folder``; return it and its code-cell count."""
    import nbformat

    nb = _read(spec.notebook)
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell.outputs, cell.execution_count = [], None
    if spec.seed is not None:
        cell = seed_cell(spec.seed)
        if nb.get("nbformat_minor", 0) < 5:
            cell.pop("id")
        nb.cells.insert(0, nbformat.from_dict(cell))
    path = folder / "input.ipynb"
    nbformat.write(nb, str(path))
    return path, sum(1 for c in nb.cells if c.get("cell_type") == "code")


def _wall_timeout(spec: RunSpec, code_cells: int) -> float:
    if spec.wall_timeout is not None:
        return spec.wall_timeout
    return spec.start_timeout + min(spec.timeout * max(code_cells, 1), spec.timeout + 3600.0)


def _kernel_env(spec: RunSpec) -> dict[str, str]:
    env = dict(os.environ)
    if spec.seed is not None:
        env["PYTHONHASHSEED"] = str(spec.seed)
    env.update(spec.env)
    return env


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the worker's process group (papermill shuts the kernel down), then SIGKILL."""
    for sig, wait in ((signal.SIGTERM, _GRACE), (signal.SIGKILL, None)):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _launch(job: Mapping[str, Any], folder: Path, env: Mapping[str, str], wall: float) -> dict[str, Any]:
    job_file = folder / "job.json"
    job_file.write_text(json.dumps(job), encoding="utf-8")
    log = open(folder / "worker.log", "wb")  # noqa: SIM115 - closed below
    try:
        proc = subprocess.Popen(
            [sys.executable, "-c", _BOOT, _WORKER, str(job_file)],
            cwd=folder, env=dict(env), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            proc.wait(timeout=wall)
        except subprocess.TimeoutExpired:
            _stop(proc)
            return {"reason": "timeout", "message": f"run exceeded the wall-clock limit of {wall:g} s and was stopped"}
        except BaseException:  # Ctrl-C: the child has its own session, so it must be stopped here
            _stop(proc)
            raise
    finally:
        log.close()
    status_file = Path(job["status"])
    if status_file.exists():
        return dict(json.loads(status_file.read_text(encoding="utf-8")))
    tail = (folder / "worker.log").read_text(encoding="utf-8", errors="replace")[-2000:]
    return {"reason": "error", "message": f"runner exited with code {proc.returncode}: {tail.strip()}"}


def _last_started(nb: Mapping[str, Any]) -> int | None:
    """The index (on disk) of the last cell papermill started: where a stopped run stopped."""
    real = [c for c in nb.get("cells", []) if not is_injected(c)]
    started = [i for i, c in enumerate(real) if ((c.get("metadata") or {}).get("papermill") or {}).get("start_time")]
    return started[-1] if started else None


def _result(spec: RunSpec, status: Mapping[str, Any], output: Path, seconds: float) -> RunResult:
    nb: Any = {"cells": []}
    if output.exists():
        with contextlib.suppress(Exception):  # a half-written output notebook: no cells to show
            nb = _read(output)
    cells = cells_of(nb)
    if status.get("ok"):
        return RunResult(spec.notebook, cells, None, seconds)
    failure = RunFailure(str(status.get("reason", "error")), str(status.get("message", "")), _last_started(nb))
    return RunResult(spec.notebook, cells, failure, seconds)


def execute(spec: RunSpec) -> RunResult:
    """Execute one notebook as ``spec`` says; never raises for anything the notebook does."""
    start = time.monotonic()
    cwd = spec.cwd or str(Path(spec.notebook).resolve().parent)
    with tempfile.TemporaryDirectory(prefix="nbrefactor-verify-") as tmp:
        folder = Path(tmp)
        try:
            copy, code_cells = _prepare(spec, folder)
        except Exception as exc:  # noqa: BLE001 - unreadable input is a result, not a crash
            return RunResult(spec.notebook, (), RunFailure("unreadable", f"cannot read notebook: {exc}"))
        job = {
            "input": str(copy),
            "output": str(folder / "output.ipynb"),
            "status": str(folder / "status.json"),
            "cwd": cwd,
            "kernel_name": spec.kernel_name,
            "parameters": dict(spec.parameters),
            "timeout": spec.timeout,
            "start_timeout": spec.start_timeout,
        }
        status = _launch(job, folder, _kernel_env(spec), _wall_timeout(spec, code_cells))
        return _result(spec, status, folder / "output.ipynb", time.monotonic() - start)
