"""record end to end: the example project after extract and record, and the CLI on a small project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import write_files


def _pytest(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
                          cwd=root, env=env, capture_output=True, text=True, timeout=600)  # fmt: skip


@pytest.mark.slow
def test_every_extracted_function_the_notebooks_call_has_a_recorded_test(recorded_example) -> None:
    _, result = recorded_example
    assert all(r.problem is None for r in result.recordings), [r.problem for r in result.recordings]
    modules = {m.module: m for m in result.modules}
    assert set(modules) == {f"pumps.{m}" for m in ("data_prep", "features", "train", "evaluate", "explore", "report")}
    for module in modules.values():
        assert module.reason is None and module.functions
        assert set(module.tested) == set(module.functions), module.module
        assert not module.skips, module.skips


@pytest.mark.slow
def test_the_recorded_suite_passes(recorded_example) -> None:
    root, result = recorded_example
    done = _pytest(root, *(m.test_path for m in result.modules))
    assert done.returncode == 0, done.stdout[-3000:]
    assert f"{sum(m.cases for m in result.modules)} passed" in done.stdout


@pytest.mark.slow
def test_fixtures_are_reviewable_and_values_inline(recorded_example) -> None:
    root, _ = recorded_example
    evaluate = (root / "tests" / "test_evaluate_recorded.py").read_text(encoding="utf-8")
    assert "load only fixtures you trust" in evaluate
    assert "assert result == {'tp': " in evaluate  # a small dict stays a literal
    assert "numpy.testing.assert_allclose(result[0], expected_npz['result_0'], rtol=RTOL, atol=ATOL)" in evaluate
    train = (root / "tests" / "test_train_recorded.py").read_text(encoding="utf-8")
    assert "_restore_rng(rng_pkl['state'])" in train  # train_epoch shuffles: the random state is pinned
    assert "torch.testing.assert_close(model_.state_dict(), expected_pt['after_model_'], rtol=RTOL, atol=ATOL)" in train
    assert "sys.path.insert(0, str(ROOT / 'notebooks'))" in train  # the model class lives next to the notebooks
    assert "assert out.getvalue() == 'epoch 0: loss=" in train
    # maybe_checkpoint saves models/model.pt: each test runs in a scratch folder with the notebooks' subfolders
    assert "FOLDERS = ['data', 'models']" in train and "result = pumps.train.maybe_checkpoint(" in train
    assert not (root / "models").exists()
    suffixes = {p.suffix for p in (root / "tests" / "fixtures").rglob("*")}
    assert suffixes >= {".npz", ".pt", ".pkl"}
    for notebook in (root / "notebooks").glob("*.ipynb"):
        assert "nbrefactor-record" not in notebook.read_text(encoding="utf-8")


def _small_project(root: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell("def double(xs):\n    return [2 * x for x in xs]"),
        nbformat.v4.new_code_cell("print(double([1, 2, 3]))"),
    ]
    write_files(root, {"pyproject.toml": '[project]\nname = "small"\n', "notebooks/work.ipynb": nbformat.writes(nb)})
    return root / "notebooks" / "work.ipynb"


def test_extract_record_on_the_command_line(tmp_path: Path, run_cli) -> None:
    notebook = _small_project(tmp_path)
    code, out, err = run_cli("extract", str(notebook), "--root", str(tmp_path), "--no-verify", "--record")
    assert code == 0, out + err
    assert "tests/test_work_recorded.py: 1 recorded tests of double" in out
    test = (tmp_path / "tests" / "test_work_recorded.py").read_text(encoding="utf-8")
    assert "xs = [1, 2, 3]\n    result = small.work.double(xs)\n    assert result == [2, 4, 6]" in test
    assert _pytest(tmp_path, "tests").returncode == 0


def test_record_subcommand_rewrites_its_own_file(tmp_path: Path, run_cli) -> None:
    notebook = _small_project(tmp_path)
    run_cli("extract", str(notebook), "--root", str(tmp_path), "--no-verify")
    texts = []
    for _ in range(2):  # the second run replaces the file of the first, with the same text
        code, out, err = run_cli("record", "small.work", "-n", str(notebook), "--root", str(tmp_path))
        assert code == 0, out + err
        texts.append((tmp_path / "tests" / "test_work_recorded.py").read_text(encoding="utf-8"))
    assert texts[0] == texts[1]
    assert "1 recorded tests of double" in out
    code, out, err = run_cli("record", "small.missing", "-n", str(notebook), "--root", str(tmp_path))
    assert code == 2 and "no module" in err
