"""Record what a package's functions receive and return while a notebook runs.

The notebook runs through :func:`nbrefactor.verify.run.execute` like any
verify run (same seeds, timeouts, wall-clock guard). The only difference is a
startup cell, added to the executed copy (a copy in a temporary folder: the
notebook on disk is never touched), that loads the kernel-side recorder
(:mod:`._recorder`) and wraps the functions of the recorded modules. The
recorder writes one JSON line per event and the fixtures of each call into a
folder, which :func:`record_notebook` reads back into a :class:`Recording`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from nbrefactor.model import RecordedCall, Recording, RecordSkip
from nbrefactor.verify.api import _kernel_of
from nbrefactor.verify.model import DEFAULT_TIMEOUT, RunResult, RunSpec
from nbrefactor.verify.run import execute
from nbrefactor.verify.seed import injected_cell

_RECORDER = Path(__file__).with_name("_recorder.py")
_MB = 1024 * 1024

_STARTUP = """\
def __nbrefactor_record__(path, config):
    import importlib.util, sys
    spec = importlib.util.spec_from_file_location("_nbrefactor_recorder", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.install(config)


__nbrefactor_record__({path!r}, {config!r})
del __nbrefactor_record__
"""


@dataclass(frozen=True)
class RecordOptions:
    """How much to record and how the notebook runs (sizes in MB)."""

    max_calls: int = 3
    call_mb: float = 4.0
    function_mb: float = 10.0
    total_mb: float = 50.0
    literal_chars: int = 200
    seed: int | None = 0
    timeout: float = DEFAULT_TIMEOUT
    kernel_name: str | None = None
    env: Mapping[str, str] = field(default_factory=dict)


def startup_cell(modules: Sequence[str], out: Path, root: Path, options: RecordOptions) -> dict[str, Any]:
    """The tagged code cell that starts the recorder in the kernel (removed from compared outputs)."""
    config = {
        "packages": list(modules),
        "out": str(out),
        "root": str(root),
        "max_calls": options.max_calls,
        "call_bytes": int(options.call_mb * _MB),
        "function_bytes": int(options.function_mb * _MB),
        "total_bytes": int(options.total_mb * _MB),
        "literal_chars": options.literal_chars,
    }
    return injected_cell("nbrefactor-record", _STARTUP.format(path=str(_RECORDER), config=config))


def _with_startup(notebook: str, cell: Mapping[str, Any], folder: Path) -> Path:
    import nbformat

    if Path(notebook).suffix.lower() == ".ipynb":
        nb = nbformat.read(notebook, as_version=4)
    else:  # a jupytext text notebook (percent script, markdown...)
        import jupytext

        nb = jupytext.read(notebook)
    new = nbformat.from_dict(dict(cell))
    if nb.get("nbformat_minor", 0) < 5:
        new.pop("id", None)
    nb.cells.insert(0, new)
    path = folder / f"{Path(notebook).stem}.ipynb"
    nbformat.write(nb, str(path))
    return path


def _problem(run: RunResult) -> str | None:
    if run.failure is not None:
        return f"{run.failure.reason}: {run.failure.message}"
    for cell in run.cells:
        for output in cell.outputs:
            if output.get("output_type") == "error":
                return f"cell {cell.index} raised {output.get('ename')}: {output.get('evalue')}"
    return None


def subfolders(folder: Path, depth: int = 2, limit: int = 50) -> tuple[str, ...]:
    """Visible subfolders of ``folder`` (relative, at most ``depth`` deep, at most ``limit``)."""
    found: list[str] = []
    level = [folder]
    for _ in range(depth):
        nested = []
        for parent in level:
            try:
                entries = sorted(os.scandir(parent), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                if (
                    entry.is_dir(follow_symlinks=False)
                    and not entry.name.startswith((".", "_"))
                    and "-packages" not in entry.name
                ):
                    nested.append(Path(entry.path))
                    found.append(Path(entry.path).relative_to(folder).as_posix())
        level = nested
    return tuple(found[:limit])


def read_events(folder: Path, notebook: str) -> tuple[list[RecordedCall], list[RecordSkip]]:
    """The calls and skips the kernel-side recorder wrote into ``folder`` (``calls.jsonl``)."""
    calls, skips = [], []
    log = folder / "calls.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    for line in lines:
        event = json.loads(line)
        if event["event"] == "skip":
            skips.append(RecordSkip(event["module"], event["function"], notebook, event["reason"]))
            continue
        files = {k: str(folder / v) for k, v in event.pop("files").items()}
        calls.append(
            RecordedCall(event["module"], event["function"], notebook, event, files, event["digest"], event["bytes"])
        )
    return calls, skips


def record_notebook(
    notebook: str | os.PathLike[str],
    modules: Sequence[str],
    *,
    root: str | os.PathLike[str],
    import_root: str | os.PathLike[str],
    out: str | os.PathLike[str],
    options: RecordOptions | None = None,
    label: str | None = None,
) -> Recording:
    """Run ``notebook`` once with the functions of ``modules`` (dotted names) recorded into ``out``.

    ``root`` is the project root (imports from folders inside it are noted
    for the tests), ``import_root`` the folder the package is imported from
    (put on ``PYTHONPATH`` for the run); ``label`` names the notebook in the
    result (default: the path given). Never raises for what the notebook does.
    """
    options = options or RecordOptions()
    folder = Path(out)
    events = folder / "events"
    events.mkdir(parents=True, exist_ok=True)
    cell = startup_cell(modules, events.resolve(), Path(root).resolve(), options)
    try:
        copy = _with_startup(os.fspath(notebook), cell, folder)
    except Exception as exc:  # noqa: BLE001 - an unreadable notebook is a result, not a crash
        return Recording(label or os.fspath(notebook), problem=f"cannot read notebook: {type(exc).__name__}: {exc}")
    path = os.pathsep.join(p for p in (str(Path(import_root).resolve()), os.environ.get("PYTHONPATH", "")) if p)
    spec = RunSpec(
        notebook=str(copy),
        cwd=str(Path(notebook).resolve().parent),
        kernel_name=options.kernel_name or (None if _kernel_of(os.fspath(notebook)) else "python3"),
        seed=options.seed,
        timeout=options.timeout,
        env={"PYTHONPATH": path, **options.env},
    )
    run = execute(spec)
    name = label or os.fspath(notebook)
    calls, skips = read_events(events, name)
    return Recording(name, tuple(calls), tuple(skips), _problem(run), subfolders(Path(notebook).resolve().parent))


def replay(
    tests: Sequence[str | os.PathLike[str]], import_root: str | os.PathLike[str], timeout: float = 600.0
) -> dict[str, str]:
    """Run generated test files once with pytest (in a child process, from an empty folder, so
    that what the functions write lands nowhere); ``{"<file stem>::<test name>": first line of
    its failure}`` (``"*::*"`` when pytest did not run or finish)."""
    import subprocess
    import sys
    import tempfile
    import xml.etree.ElementTree as ET

    path = os.pathsep.join(p for p in (str(Path(import_root).resolve()), os.environ.get("PYTHONPATH", "")) if p)
    with tempfile.TemporaryDirectory(prefix="nbrefactor-replay-") as tmp:
        report = Path(tmp) / "junit.xml"
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junit-xml={report}"]
        command += [str(Path(t).resolve()) for t in tests]
        try:
            subprocess.run(
                command, cwd=tmp, env={**os.environ, "PYTHONPATH": path}, capture_output=True, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return {"*::*": f"the tests did not finish in {timeout:g} s"}
        if not report.exists():
            return {"*::*": "pytest did not run"}
        failed = {}
        for case in ET.parse(report).iter("testcase"):
            problem = next((c for c in case if c.tag in ("failure", "error")), None)
            if problem is not None:
                stem = case.get("classname", "").rsplit(".", 1)[-1]
                message = (problem.get("message") or problem.tag).strip().splitlines()
                failed[f"{stem}::{case.get('name', '?')}"] = (message[0] if message else problem.tag)[:160]
        return failed
