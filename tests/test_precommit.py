"""Real pre-commit runs the hook from this repository, the way users install it.

A snapshot of this repository's package (as it is now, committed in a
scratch repository) is the ``repo:`` of a scratch project's
``.pre-commit-config.yaml``; pre-commit clones it, installs it into its own
environment (shared by every test of the session) and runs it on ``git commit``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import GitRepo
from test_gate import CLEAN, EXPLORE, IMPORTED, PASTED, PREP, RENAMED

from conftest import REPO
from nbrefactor.rules.base import notebook_json

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
HOOK_ID = "nbrefactor-no-copy-paste"

pytestmark = pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed in this environment")


@pytest.fixture(scope="session")
def hook_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This repository's package and hook manifest, committed in a scratch repository: (path, rev)."""
    snapshot = GitRepo(tmp_path_factory.mktemp("nbrefactor-hook-source"))
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(REPO / name, snapshot.root / name)
    shutil.copytree(REPO / "src", snapshot.root / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    snapshot.git("add", "-A")
    snapshot.git("commit", "-q", "-m", "snapshot")
    return snapshot.root, snapshot.head()


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory, hook_source: tuple[Path, str]) -> Path:
    """One pre-commit home (and hook environment) for the whole session."""
    home = tmp_path_factory.mktemp("pre-commit-home")
    warm = _project(tmp_path_factory.mktemp("warm") / "repo", hook_source, home)
    done = subprocess.run([str(PRE_COMMIT), "install-hooks"], cwd=warm.root, env=warm.env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return home


def _project(root: Path, hook_source: tuple[Path, str], home: Path) -> GitRepo:
    repo = GitRepo(root, env={"PRE_COMMIT_HOME": str(home)})
    path, rev = hook_source
    config = f"repos:\n  - repo: {path.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: {HOOK_ID}\n"
    repo.stage({".pre-commit-config.yaml": config})
    return repo


@pytest.fixture
def project(tmp_path: Path, hook_source: tuple[Path, str], pre_commit_home: Path) -> GitRepo:
    """A project with the hook installed and a first commit holding ``01_prep.ipynb``."""
    repo = _project(tmp_path / "project", hook_source, pre_commit_home)
    installed = subprocess.run([str(PRE_COMMIT), "install"], cwd=repo.root, env=repo.env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    first = repo.commit({"01_prep.ipynb": PREP, "02_explore.ipynb": EXPLORE}, "init")
    assert first.returncode == 0, first.stdout + first.stderr
    return repo


def _output(done: subprocess.CompletedProcess[str]) -> str:
    return done.stdout + done.stderr  # git shows a hook's output on standard error


def test_commit_pasting_a_function_between_notebooks_is_blocked_until_it_imports(project: GitRepo) -> None:
    blocked = project.commit({"02_explore.ipynb": notebook_json("x = 1", CLEAN)}, "paste")
    assert blocked.returncode != 0
    assert f"- hook id: {HOOK_ID}" in _output(blocked)
    assert "02_explore.ipynb:cell 1:1:1: NBR101 new copy of 01_prep.ipynb:cell 1:1" in _output(blocked)
    assert "extract it once: nbrefactor extract 01_prep.ipynb 02_explore.ipynb" in _output(blocked)

    renamed = project.commit({"02_explore.ipynb": PASTED}, "paste renamed")
    assert renamed.returncode != 0
    assert "02_explore.ipynb:cell 2:1:1: NBR102 new copy of 01_prep.ipynb:cell 1:1" in _output(renamed)

    fixed = project.commit({"02_explore.ipynb": IMPORTED}, "import instead")
    assert fixed.returncode == 0, _output(fixed)
    assert project.git("log", "--format=%s", "-1").stdout.strip() == "import instead"


def test_copy_recorded_in_the_baseline_does_not_block(project: GitRepo, run_cli, monkeypatch) -> None:
    skipped = {**project.env, "SKIP": HOOK_ID}  # a legacy copy, committed before the team adopted the hook
    project.stage({"03_old.ipynb": notebook_json("x = 1", RENAMED)})
    legacy = subprocess.run(["git", "commit", "-m", "legacy"], cwd=project.root, env=skipped, capture_output=True, text=True)
    assert legacy.returncode == 0, _output(legacy)
    edited = notebook_json("x = 1", RENAMED.replace("1e-6", "1e-9"))

    assert project.commit({"03_old.ipynb": edited}, "edit a copy").returncode != 0
    monkeypatch.chdir(project.root)
    assert run_cli("baseline")[0] == 0
    project.stage({".nbrefactor-baseline.json": (project.root / ".nbrefactor-baseline.json").read_text()})
    passed = project.commit(message="edit a known copy, with the baseline")
    assert passed.returncode == 0, _output(passed)
    assert "nbrefactor (no new copy-paste)" in _output(passed) and "Passed" in _output(passed)


def test_pre_commit_run_between_refs_judges_the_pushed_commits(project: GitRepo) -> None:
    base = project.head()
    skipped = {**project.env, "SKIP": HOOK_ID}
    project.stage({"02_explore.ipynb": PASTED})
    pasted = subprocess.run(["git", "commit", "-m", "paste"], cwd=project.root, env=skipped, capture_output=True, text=True)
    assert pasted.returncode == 0, _output(pasted)
    run = subprocess.run(
        [str(PRE_COMMIT), "run", HOOK_ID, "--from-ref", base, "--to-ref", "HEAD"],
        cwd=project.root, env=project.env, capture_output=True, text=True,
    )
    assert run.returncode == 1, _output(run)
    assert "02_explore.ipynb:cell 2:1:1: NBR102 new copy of 01_prep.ipynb:cell 1:1" in _output(run)
