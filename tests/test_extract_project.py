"""extract end to end: the example project (a copy of notebooks/), golden files, the CLI.

The example notebooks are always copied to a temporary folder first; the
repository's notebooks/ is never written.
"""

from __future__ import annotations

import ast
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
from nbrefactor.errors import NbrefactorError
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
    code, out, _ = run_cli("extract", str(example / "notebooks"), "--no-verify")
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
    for test_file in (example / "tests").glob("test_*.py"):
        for test in ast.parse(test_file.read_text(encoding="utf-8")).body:
            if isinstance(test, ast.FunctionDef):
                checks = [n for n in ast.walk(test) if isinstance(n, ast.Assert) or getattr(n, "id", "") == "assert_verified"]
                assert checks, f"{test_file.name}::{test.name} asserts nothing"


def test_example_project_second_run_changes_nothing(example: Path) -> None:
    extract([example / "notebooks"], verify=False)
    first = tree_bytes(example)
    again = extract([example / "notebooks"], verify=False)
    assert tree_bytes(example) == first
    assert again.changed == () and again.exit_code() == 0


def test_without_verify_or_no_verify_extract_only_shows_the_plan(example: Path, run_cli) -> None:
    """The notebooks are the user's originals: they are rewritten only when proved unchanged
    (--verify) or when the user says so (--no-verify)."""
    before = tree_bytes(example)
    code, out, _ = run_cli("extract", str(example / "notebooks"))
    assert code == 0 and "dry run: nothing written" in out
    assert "notebooks/03_train.ipynb: would extract" in out and "moved  function train_epoch" in out
    assert "+++ b/" not in out, "the plan, without the diffs"
    assert "--verify runs each notebook" in out and "--no-verify" in out
    assert tree_bytes(example) == before
    with pytest.raises(NbrefactorError, match="verify=True"):
        extract([example / "notebooks"])
    assert tree_bytes(example) == before


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
    result = extract([root / "nb" / "evaluate.ipynb"], verify=False)
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



@pytest.mark.slow
def test_verify_sets_aside_what_the_original_itself_does_not_reproduce(tmp_path: Path, run_cli) -> None:
    """statsmodels 0.9's plots_boxplots.ipynb jitters its plots with a generator seeded from the
    clock: two runs of the original already differ there, which verifies nothing either way."""
    from nbrefactor.rules.base import notebook_json

    (tmp_path / "pyproject.toml").write_text('[project]\nname = "noisy"\n')
    notebook = tmp_path / "nb" / "jitter.ipynb"
    notebook.parent.mkdir()
    notebook.write_text(notebook_json(
        "import numpy as np",
        "def jitter(values):\n    return [v + np.random.default_rng().normal() for v in values]",
        "print(jitter([1.0, 2.0]))\nprint(sum([1, 2, 3]))",
        "def double(x):\n    return 2 * x",
        "print(double(21))",
    ), encoding="utf-8")
    code, out, _ = run_cli("extract", str(notebook), "--verify")
    assert code == 0, out
    assert "1 output(s) that differ between two runs of the original itself were not compared (first in cell 2:" in out
    assert "from noisy.jitter import" in notebook.read_text(encoding="utf-8"), "the rewrite was kept"


def _executed_notebook(folder: Path) -> Path:
    """A small deterministic notebook, executed so that its stored outputs are real."""
    from nbclient import NotebookClient

    from nbrefactor.rules.base import notebook_json

    path = folder / "nb" / "analysis.ipynb"
    path.parent.mkdir(parents=True)
    nb = nbformat.reads(notebook_json(
        "SCALE = 3",
        "def scaled(values, offset=0):\n    return [v * SCALE + offset for v in values]",
        "print(scaled([1, 2, 3], offset=1))",
    ), as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=60, resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_generated_suite_can_rerun_the_rewritten_notebook(tmp_path: Path, run_cli) -> None:
    """The opt-in notebook test re-runs the rewritten notebook through pytest and compares
    it with its stored outputs: it passes as extracted, and fails once the module changes."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "tiny"\n')
    notebook = _executed_notebook(tmp_path)
    code, out, _ = run_cli("extract", str(notebook), "--no-verify")
    assert code == 0, out
    tests = (tmp_path / "tests" / "test_analysis.py").read_text()
    assert "def test_notebook_analysis_reproduces_its_stored_outputs" in tests
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src"), "NBREFACTOR_RUN_NOTEBOOKS": "1"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", "-k", "reproduces"]
    run = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and "1 passed" in run.stdout, run.stdout + run.stderr
    module = tmp_path / "src" / "tiny" / "analysis.py"
    module.write_text(module.read_text().replace("v * SCALE + offset", "v * SCALE - offset"))
    run = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1 and "analysis.ipynb:cell 1:1:1: output 0: array: 3 of 3 numbers beyond tolerance" in run.stdout, run.stdout
    skipped = subprocess.run(command, cwd=tmp_path, env={**env, "NBREFACTOR_RUN_NOTEBOOKS": ""}, capture_output=True, text=True, timeout=300)
    assert "1 skipped" in skipped.stdout
