"""The example project verifies against a rerun of itself, notebook by notebook, in pipeline order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nbrefactor.verify import Status, verify_many

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"


@pytest.mark.slow
def test_example_notebooks_verify_against_a_rerun(tmp_path: Path) -> None:
    project = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, project, ignore=shutil.ignore_patterns("data", "models", "__pycache__"))
    order = sorted(project.glob("0*.ipynb"))  # 02 reads what 01 writes, and so on
    assert [p.name[:2] for p in order] == ["01", "02", "03", "04", "05"]
    results = verify_many([(str(p), None) for p in order], jobs=1, timeout=300)
    assert [(Path(r.original).name, r.status, r.failures) for r in results] == [
        (p.name, Status.UNCHANGED, ()) for p in order
    ]
    assert all(r.cells_compared > 5 for r in results)
