"""``extract --verify``: run the original and the rewritten notebook, undo on any difference.

The notebook runs from its own folder with the package's import root first on
``PYTHONPATH`` (what ``pip install -e .`` gives), exactly as the output of
``extract`` tells users to run it. The original's bytes are written beside it
under a hidden name for the baseline run (so relative paths still resolve),
and removed afterwards. This is the only place ``extract`` executes user code,
through the verify layer.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from pathlib import Path
from typing import Any, Sequence

from nbrefactor.refactor.layout import Layout
from nbrefactor.sources import write_atomic

#: Part of the hidden name of the original's copy that ``--verify`` runs beside the notebook.
BASELINE_TAG = ".nbrefactor-original"


def import_env(layout: Layout) -> dict[str, str]:
    """The environment a rewritten notebook needs: the import root on ``PYTHONPATH``."""
    current = os.environ.get("PYTHONPATH", "")
    return {"PYTHONPATH": os.pathsep.join(p for p in (str(layout.import_root), current) if p)}


def _kernel_override(original: bytes) -> str | None:
    """``python3`` for a Python notebook whose kernel is missing or not installed here, else None."""
    try:
        metadata = json.loads(original).get("metadata", {})
    except (ValueError, AttributeError):
        return None  # not JSON (a percent script): the verify layer chooses
    spec = metadata.get("kernelspec") if isinstance(metadata, dict) else None
    name = spec.get("name") if isinstance(spec, dict) else None
    if not name:
        return "python3"
    from jupyter_client.kernelspec import KernelSpecManager

    installed = KernelSpecManager().find_kernel_specs()
    return "python3" if name not in installed and str(name).lower().startswith("python") else None


def _as_notebook(data: bytes, suffix: str, removed: Sequence[int] = ()) -> bytes:
    """An ``.ipynb`` to run: the file itself, or a percent script converted by jupytext.

    Converted cells get ids from their index in the original (``removed`` names the
    original cells the rewrite dropped), so verify pairs each cell with its original.
    """
    if suffix == ".ipynb":
        return data
    import jupytext
    import nbformat

    notebook = jupytext.reads(data.decode("utf-8"), fmt="py:percent")
    notebook.metadata.setdefault("kernelspec", {"name": "python3", "language": "python", "display_name": "Python 3"})
    originals = (i for i in range(len(notebook.cells) + len(removed)) if i not in set(removed))
    for cell, index in zip(notebook.cells, originals, strict=False):
        cell["id"] = f"cell-{index}"
    return nbformat.writes(notebook).encode("utf-8")


def verify_rewrite(
    notebook: Path, original: bytes, layout: Layout, timeout: float | None = None, removed: Sequence[int] = ()
) -> tuple[bool, str]:
    """Run both versions of ``notebook``; (unchanged?, a one-line verdict).

    Percent scripts run as the notebooks jupytext makes of them. A Python
    notebook without a kernelspec, or whose kernel (``python2``) is not
    installed, runs on the ``python3`` kernel (both versions alike). When
    outputs differ, the original runs twice more (``runs=2``): outputs that
    differ between two runs of the original itself (a generator seeded from
    the clock, ``default_rng()``) verify nothing either way and are set aside,
    and the rewrite passes when every other output is unchanged.
    """
    from nbrefactor.verify import Status, verify

    baseline = notebook.with_name(f".{notebook.stem}{BASELINE_TAG}.ipynb")
    rewritten = notebook if notebook.suffix == ".ipynb" else notebook.with_name(f".{notebook.stem}{BASELINE_TAG}-new.ipynb")
    write_atomic(baseline, _as_notebook(original, notebook.suffix))
    if rewritten != notebook:
        write_atomic(rewritten, _as_notebook(notebook.read_bytes(), notebook.suffix, removed))
    try:
        options: dict[str, Any] = {"timeout": timeout} if timeout else {}
        kernel = _kernel_override(baseline.read_bytes())
        if kernel:
            options["kernel_name"] = kernel
        run = functools.partial(verify, str(baseline), str(rewritten), cwd=str(notebook.parent), env=import_env(layout), **options)
        result = run()
        if result.status is Status.CHANGED:  # is the original itself nondeterministic there?
            again = run(runs=2)
            if again.status is not Status.FAILED:
                result = again
    finally:
        for temporary in {baseline, rewritten} - {notebook}:
            with contextlib.suppress(OSError):
                temporary.unlink()
    if result.status is Status.UNCHANGED:
        verdict = f"verified: {result.cells_compared} cells give the same outputs"
        if result.nondeterministic:
            noisy = result.nondeterministic
            verdict += (
                f"; {len(noisy)} output(s) that differ between two runs of the original itself were not"
                f" compared (first in cell {noisy[0].cell}: {noisy[0].message})"
            )
        return True, verdict
    if result.failures:
        role, failure = result.failures[0]
        return False, f"verify: the {role} notebook did not run ({failure.message})"
    first = result.differences[0]
    return False, f"verify: {len(result.differences)} output(s) changed, first in cell {first.cell}: {first.message}"
