"""extract end to end: the example project (a copy of notebooks/), golden files, the CLI.

The example notebooks are always copied to a temporary folder first; the
repository's notebooks/ is never written.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import NOTEBOOKS, assert_golden, tree_bytes
from nbrefactor import extract
from nbrefactor.refactor import Success

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
SHARED_HELPERS = ("clean_columns",)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "pumpfaults-project"
    shutil.copytree(NOTEBOOKS, root / "notebooks")
    (root / "pyproject.toml").write_text('[project]\nname = "pumpfaults"\nversion = "0.1"\n', encoding="utf-8")
    return root


def _pytest(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=root, env=env, capture_output=True, text=True, timeout=300,
    )


def test_example_project_extracts_into_one_package_whose_tests_pass(example: Path, run_cli) -> None:
    code, out, _ = run_cli("extract", str(example / "notebooks"))
    assert code == 0, out
    assert "PYTHONPATH=src" in out and "6 extracted" in out
    package = example / "src" / "pumpfaults"
    modules = sorted(p.name for p in package.glob("*.py"))
    assert modules == ["__init__.py", "data_prep.py", "evaluate.py", "explore.py", "features.py", "report.py", "train.py"]
    for helper in SHARED_HELPERS:
        assert sum(p.read_text().count(f"def {helper}(") for p in package.glob("*.py")) == 1
    for notebook in (example / "notebooks").glob("*.ipynb"):
        nbformat.validate(json.loads(notebook.read_text(encoding="utf-8")))
        assert "__nbr_" not in notebook.read_text(encoding="utf-8")
    run = _pytest(example)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "passed" in run.stdout and "test_generate" in (example / "tests" / "test_data_prep.py").read_text()


def test_example_project_second_run_changes_nothing(example: Path) -> None:
    extract([example / "notebooks"])
    first = tree_bytes(example)
    again = extract([example / "notebooks"])
    assert tree_bytes(example) == first
    assert again.changed == () and again.exit_code() == 0


def test_example_project_dry_run_writes_no_file(example: Path, run_cli) -> None:
    before = tree_bytes(example)
    code, out, _ = run_cli("extract", str(example / "notebooks"), "--dry-run")
    assert code == 0 and "dry run: nothing written" in out
    assert "+++ b/src/pumpfaults/train.py" in out and "+def train_epoch(model_, *, train_loader, device, optimizer, loss_fn):" in out
    assert tree_bytes(example) == before


def test_evaluate_notebook_matches_its_golden_rewrite(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    (root / "nb").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "pumpfaults"\n', encoding="utf-8")
    shutil.copy(FIXTURES / "evaluate.ipynb", root / "nb" / "evaluate.ipynb")
    result = extract([root / "nb" / "evaluate.ipynb"])
    assert isinstance(result.results[0], Success)
    assert_golden(FIXTURES / "evaluate_expected.ipynb", (root / "nb" / "evaluate.ipynb").read_text(encoding="utf-8"))
    assert_golden(FIXTURES / "evaluate_expected_module.py", (root / "src" / "pumpfaults" / "evaluate.py").read_text())
    assert_golden(FIXTURES / "evaluate_expected_tests.txt", (root / "tests" / "test_evaluate.py").read_text())
    nbformat.validate(json.loads((FIXTURES / "evaluate_expected.ipynb").read_text(encoding="utf-8")))


def test_cli_usage_errors_exit_2(example: Path, run_cli) -> None:
    code, _, err = run_cli("extract", str(example / "missing.ipynb"))
    assert code == 2 and "no such file" in err
    code, _, err = run_cli("extract", str(example / "notebooks"), "--module", "one")
    assert code == 2 and "exactly one notebook" in err
    code, _, err = run_cli("extract", str(example / "notebooks"), "--package", "../elsewhere")
    assert code == 2 and "outside the project root" in err
    assert not (example.parent / "elsewhere").exists()


def test_cli_exit_1_when_a_notebook_is_skipped(example: Path, run_cli) -> None:
    myst = "---\njupytext:\n  text_representation:\n    format_name: myst\n---\n\n```{code-cell}\ndef f():\n    return 1\n```\n"
    (example / "notebooks" / "notes.md").write_text(myst, encoding="utf-8")
    code, out, _ = run_cli("extract", str(example / "notebooks" / "notes.md"))
    assert code == 1 and "notes.md: skipped: markdown text notebooks are not rewritten yet" in out


@pytest.mark.slow
def test_example_project_reruns_with_unchanged_outputs(example: Path, run_cli) -> None:
    code, out, _ = run_cli("extract", str(example / "notebooks"), "--verify")
    assert code == 0, out
    assert out.count("cells give the same outputs") == 6  # five notebooks and the percent script report.py
    assert not list((example / "notebooks").glob(".*nbrefactor-original*"))
