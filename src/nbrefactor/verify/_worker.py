"""The child process that runs one notebook with papermill.

Run as a script (``python _worker.py JOB.json``; it imports nothing from
nbrefactor, so it starts fast), it executes ``input`` into
``output`` and writes ``status`` (JSON: ``reason`` and ``message``, or
``{"ok": true}``). It runs in its own process group so the parent can stop it,
and with it the kernel, at the wall-clock limit; SIGTERM is turned into an
exception so that papermill shuts the kernel down on the way out.
"""

from __future__ import annotations

import json
import signal
import sys
from typing import Any


class Stopped(BaseException):
    """The parent's wall-clock guard fired."""


def _on_term(signum: int, frame: Any) -> None:
    raise Stopped()


def _classify(exc: BaseException) -> dict[str, Any]:
    name = type(exc).__name__
    if isinstance(exc, Stopped):
        return {"reason": "timeout", "message": "stopped at the wall-clock limit"}
    if "Timeout" in name or isinstance(exc, TimeoutError):
        return {"reason": "timeout", "message": str(exc).strip().splitlines()[0] if str(exc).strip() else name}
    if name == "DeadKernelError":
        return {"reason": "kernel-died", "message": f"the kernel died: {exc}"}
    if name == "NoSuchKernel":
        return {"reason": "no-kernel", "message": f"no such kernel: {exc} (installed: {_kernels()}; choose one with --kernel)"}
    return {"reason": "error", "message": f"{name}: {exc}"}


def _kernels() -> str:
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        return ", ".join(sorted(KernelSpecManager().find_kernel_specs())) or "none"
    except Exception:  # noqa: BLE001 - only used to word a message
        return "unknown"


def run(job: dict[str, Any]) -> dict[str, Any]:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        papermill.execute_notebook(
            job["input"],
            job["output"],
            parameters=job.get("parameters") or None,
            kernel_name=job.get("kernel_name"),
            cwd=job["cwd"],
            progress_bar=False,
            log_output=False,
            start_timeout=job["start_timeout"],
            execution_timeout=job["timeout"],
        )
    except PapermillExecutionError:
        pass  # an exception in a cell is an output like any other: it is compared
    except BaseException as exc:  # noqa: BLE001 - every way a run can end is reported
        return _classify(exc)
    return {"ok": True}


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGTERM, _on_term)
    with open(argv[0], encoding="utf-8") as fh:
        job = json.load(fh)
    status = run(job)
    with open(job["status"], "w", encoding="utf-8") as fh:
        json.dump(status, fh)
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised through a subprocess
    sys.exit(main(sys.argv[1:]))
