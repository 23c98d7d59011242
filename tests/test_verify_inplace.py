"""apply_verified: the undo behind `extract --verify`, on real runs."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pytest

from nbrefactor.verify import Status, apply_verified

FIXTURES = Path(__file__).parent / "fixtures" / "verify"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "pipeline.ipynb", tmp_path / "pipeline.ipynb")
    return tmp_path


def rewrite_to(project: Path, fixture: str) -> Callable[[], None]:
    """An 'extract' that rewrites the notebook in place and writes a new module."""

    def apply() -> None:
        shutil.copy(FIXTURES / fixture, project / "pipeline.ipynb")
        (project / "lib").mkdir()
        shutil.copy(FIXTURES / "pipeline_helpers.py", project / "lib" / "pipeline_helpers.py")
        shutil.copy(FIXTURES / "pipeline_helpers.py", project / "pipeline_helpers.py")

    return apply


def touched(project: Path) -> list[Path]:
    return [project / "pipeline_helpers.py", project / "lib" / "pipeline_helpers.py"]


def test_an_unchanged_rewrite_is_kept(project: Path) -> None:
    outcome = apply_verified([project / "pipeline.ipynb"], rewrite_to(project, "pipeline_extracted.ipynb"), touched(project), timeout=60)
    assert outcome.ok and outcome.restored == ()
    assert (project / "pipeline.ipynb").read_bytes() == (FIXTURES / "pipeline_extracted.ipynb").read_bytes()
    assert (project / "pipeline_helpers.py").exists()


def test_a_changed_rewrite_is_undone_byte_for_byte(project: Path) -> None:
    before = (project / "pipeline.ipynb").read_bytes()
    outcome = apply_verified([project / "pipeline.ipynb"], rewrite_to(project, "broken_constant.ipynb"), touched(project), timeout=60)
    assert not outcome.ok and outcome.applied
    (result,) = outcome.results
    assert result.status is Status.CHANGED and {d.cell for d in result.differences} == {6, 7}
    assert len(outcome.restored) == 3
    assert (project / "pipeline.ipynb").read_bytes() == before
    assert sorted(p.name for p in project.iterdir()) == ["pipeline.ipynb"]


def test_nothing_is_applied_when_the_original_cannot_run(project: Path) -> None:
    shutil.copy(FIXTURES / "dies.ipynb", project / "dies.ipynb")
    calls = []
    outcome = apply_verified([project / "dies.ipynb"], lambda: calls.append(1), timeout=30)
    assert calls == [] and not outcome.applied and outcome.results[0].status is Status.FAILED
    assert outcome.results[0].failures[0][1].reason == "kernel-died"
