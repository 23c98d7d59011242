"""Every benchmark script imports: a refactor of a shared helper cannot leave one broken unseen.

The benchmarks themselves are not run here (they print figures, they do not assert them);
importing runs each module's top level (its imports of project code and of sibling scripts).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SCRIPTS = sorted(p for p in BENCHMARKS.rglob("*.py") if ".work" not in p.parts)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.relative_to(BENCHMARKS).as_posix())
def test_benchmark_script_imports(script: Path) -> None:
    # in a fresh interpreter, as the script runs, with its own folder first on sys.path
    code = (
        f"import importlib.util, sys; sys.path.insert(0, {str(script.parent)!r}); "
        f"spec = importlib.util.spec_from_file_location('bench', {str(script)!r}); "
        "module = sys.modules['bench'] = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_benchmarks_are_found() -> None:
    """The parametrised test above would pass vacuously if the search found nothing."""
    assert {p.name for p in SCRIPTS} >= {"audit_throughput.py", "reading.py", "clone_units.py", "analysis_stages.py"}
