"""The commit gate on real git repositories: new copies block, old and known ones do not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import GitRepo

from conftest import REPO
from nbrefactor.analysis.changes import changed_lines
from nbrefactor.engine.gate import check_commit
from nbrefactor.engine.repo_units import INDEX_NAME
from nbrefactor.hook import describe
from nbrefactor.rules.base import notebook_json
from nbrefactor.rules.duplication import CELL
from nbrefactor.sources import read_document

CLEAN = '''def clean_sensor_frame(df, limits):
    out = df.dropna(subset=["temp", "rpm"]).copy()
    for col, (low, high) in limits.items():
        out = out[(out[col] >= low) & (out[col] <= high)]
    out["temp_c"] = (out["temp"] - 32) * 5 / 9
    out["ratio"] = out["rpm"] / (out["current"] + 1e-6)
    return out.reset_index(drop=True)
'''
RENAMED = CLEAN.replace("df", "frame").replace("out", "res").replace("limits", "bounds")
PREP = notebook_json("import pandas as pd", CLEAN, "md:# Load", "raw = pd.read_csv('pumps.csv')\nclean = clean_sensor_frame(raw, {})")
EXPLORE = notebook_json("import pandas as pd", "raw = pd.read_csv('pumps.csv')\nprint(raw.shape)")
PASTED = notebook_json("import pandas as pd", "raw = pd.read_csv('pumps.csv')\nprint(raw.shape)", RENAMED)
IMPORTED = notebook_json("import pandas as pd\nfrom prep import clean_sensor_frame", "raw = pd.read_csv('pumps.csv')\nprint(raw.shape)")


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A repository whose first commit holds a notebook defining ``clean_sensor_frame``."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit({"01_prep.ipynb": PREP, "02_explore.ipynb": EXPLORE, "src/io_utils.py": "import os\n"}, "init")
    return repo


def test_pasted_function_with_renamed_variables_is_a_new_copy(repo: GitRepo) -> None:
    repo.stage({"02_explore.ipynb": PASTED})
    result = check_commit(repo.root)
    assert result.staged == ("02_explore.ipynb",)
    [copy] = result.new_copies
    assert (copy.copy.location.path, copy.copy.location.cell, copy.copy.location.start_line) == ("02_explore.ipynb", 2, 1)
    assert (copy.original.location.path, copy.original.location.cell) == ("01_prep.ipynb", 1)
    assert (copy.code, copy.type) == ("NBR102", 2)
    message = describe(copy)
    assert message.startswith("02_explore.ipynb:cell 2:1:1: NBR102 new copy of 01_prep.ipynb:cell 1:1 ")
    assert "similarity 1.00" in message
    assert message.endswith("nbrefactor extract 01_prep.ipynb 02_explore.ipynb")


def test_copy_replaced_by_an_import_passes(repo: GitRepo) -> None:
    repo.stage({"02_explore.ipynb": IMPORTED})
    result = check_commit(repo.root)
    assert result.staged == ("02_explore.ipynb",) and not result.blocked


def test_copy_in_a_new_script_is_compared_with_tracked_notebooks(repo: GitRepo) -> None:
    repo.stage({"scripts/batch.py": "import pandas as pd\n\n\n" + CLEAN})
    [copy] = check_commit(repo.root).new_copies
    assert copy.copy.location.path == "scripts/batch.py" and copy.type == 1
    assert copy.original.location.path == "01_prep.ipynb"


def test_old_copy_nobody_touched_does_not_block(repo: GitRepo) -> None:
    repo.commit({"03_old.ipynb": notebook_json("x = 1", RENAMED)}, "legacy copy")
    repo.stage({"03_old.ipynb": notebook_json("x = 2\nprint(x)", RENAMED)})
    result = check_commit(repo.root)
    assert result.staged == ("03_old.ipynb",) and not result.blocked


def test_editing_an_old_copy_blocks_without_a_baseline(repo: GitRepo) -> None:
    repo.commit({"03_old.ipynb": notebook_json("x = 1", RENAMED)}, "legacy copy")
    repo.stage({"03_old.ipynb": notebook_json("x = 1", RENAMED.replace("1e-6", "1e-9"))})
    assert [c.copy.location.path for c in check_commit(repo.root).new_copies] == ["03_old.ipynb"]


def test_baseline_lets_known_copies_pass_and_blocks_new_members(repo: GitRepo, run_cli, monkeypatch) -> None:
    repo.commit({"03_old.ipynb": notebook_json("x = 1", RENAMED)}, "legacy copy")
    monkeypatch.chdir(repo.root)
    code, _, err = run_cli("baseline")
    assert code == 0 and "recorded 1 clone family" in err
    baseline = json.loads((repo.root / ".nbrefactor-baseline.json").read_text())
    [family] = baseline["families"]
    assert family["members"] == [
        "01_prep.ipynb::function::clean_sensor_frame",
        "03_old.ipynb::function::clean_sensor_frame",
    ]
    repo.commit({".nbrefactor-baseline.json": (repo.root / ".nbrefactor-baseline.json").read_text()}, "baseline")

    repo.stage({"03_old.ipynb": notebook_json("x = 1", RENAMED.replace("1e-6", "1e-9"))})
    result = check_commit(repo.root)
    assert not result.blocked and result.known == 1

    repo.stage({"04_new.ipynb": notebook_json(CLEAN)})
    assert [c.copy.location.path for c in check_commit(repo.root).new_copies] == ["04_new.ipynb"]


def test_baseline_is_not_overwritten_without_refresh(repo: GitRepo, run_cli, monkeypatch) -> None:
    monkeypatch.chdir(repo.root)
    assert run_cli("baseline")[0] == 0
    code, _, err = run_cli("baseline")
    assert code == 2 and "--refresh" in err
    assert run_cli("baseline", "--refresh")[0] == 0


def test_the_staged_content_is_judged_not_the_working_tree(repo: GitRepo) -> None:
    repo.stage({"02_explore.ipynb": IMPORTED})
    repo.write({"02_explore.ipynb": PASTED})  # pasted after staging: not part of this commit
    assert not check_commit(repo.root).blocked
    repo.stage({"02_explore.ipynb": PASTED})
    repo.write({"02_explore.ipynb": IMPORTED})  # staged copy, fixed only in the working tree
    assert check_commit(repo.root).blocked


def test_only_files_passed_are_judged_and_suppressions_count(repo: GitRepo) -> None:
    repo.stage({"02_explore.ipynb": PASTED})
    assert not check_commit(repo.root, ["src/io_utils.py"]).blocked
    silenced = notebook_json("raw = 1", RENAMED.replace("):\n", "):  # nbrefactor: ignore[NBR102]\n", 1))
    repo.stage({"02_explore.ipynb": silenced})
    assert check_commit(repo.root, ["02_explore.ipynb"]).new_copies == ()


def test_unit_index_is_reused_and_rebuilt_when_corrupt(repo: GitRepo) -> None:
    repo.stage({"02_explore.ipynb": PASTED})
    first = check_commit(repo.root)
    second = check_commit(repo.root)
    assert (first.analysed, second.analysed) == (3, 0)
    assert second.new_copies == first.new_copies
    index = repo.root / ".nbrefactor_cache" / INDEX_NAME
    assert repo.git("status", "--porcelain", "--ignored").stdout.count(".nbrefactor_cache") == 1  # ignored
    index.write_bytes(b"not a database" * 100)
    third = check_commit(repo.root)
    assert third.analysed == 3 and third.new_copies == first.new_copies


def test_hook_outside_git_is_a_usage_error(tmp_path: Path, run_cli, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("hook")
    assert code == 2 and "git" in err


def test_changed_lines_follow_cells_not_json() -> None:
    old = read_document("a.ipynb", relpath="a.ipynb", data=notebook_json("a = 1\nb = 2", "md:# x", "c = 3").encode())
    new = read_document(
        "a.ipynb", relpath="a.ipynb", data=notebook_json("z = 0", "a = 1\nb = 20", "md:# x", ("c = 3", 7)).encode()
    )
    assert old is not None and new is not None
    assert changed_lines(new, old) == {(0, 1), (1, 2)}
    assert changed_lines(new, None) == {(0, 1), (1, 1), (1, 2), (3, 1)}


def test_first_commit_compares_the_staged_files_with_each_other(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "fresh")
    repo.stage({"a.ipynb": PREP, "b.ipynb": PASTED})
    result = check_commit(repo.root)
    assert set(result.staged) == {"a.ipynb", "b.ipynb"}
    assert [(c.copy.location.path, c.original.location.path) for c in result.new_copies] == [("b.ipynb", "a.ipynb")]


def test_hook_command_from_a_subfolder_blocks_with_exit_1(repo: GitRepo, run_cli, monkeypatch) -> None:
    repo.stage({"src/explore.py": "import os\n\n\n" + RENAMED})
    monkeypatch.chdir(repo.root / "src")
    code, out, _ = run_cli("hook", "explore.py")
    assert code == 1
    assert out.startswith("src/explore.py:4:1: NBR102 new copy of 01_prep.ipynb:cell 1:1 (function clean_sensor_frame;")
    assert "1 new copy (1 changed file against 4 tracked documents" in out
    assert run_cli("hook", "io_utils.py")[0] == 0


def test_deleted_copy_leaves_the_index(repo: GitRepo) -> None:
    repo.commit({"03_old.ipynb": notebook_json("x = 1", RENAMED)}, "legacy copy")
    check_commit(repo.root)
    repo.git("rm", "-q", "03_old.ipynb")
    repo.stage({"04_new.ipynb": notebook_json(CLEAN)})
    [copy] = check_commit(repo.root).new_copies
    assert copy.original.location.path == "01_prep.ipynb"




def test_baseline_knows_an_edited_copied_cell_but_not_a_new_one(repo: GitRepo, run_cli, monkeypatch) -> None:
    repo.commit({"a.ipynb": notebook_json("x = 1", CELL), "b.ipynb": notebook_json(CELL)}, "copied cells")
    monkeypatch.chdir(repo.root)
    assert run_cli("baseline")[0] == 0
    edited = CELL.replace("summary\n", "print(len(df))\nsummary\n")
    repo.stage({"b.ipynb": notebook_json(edited)})
    assert not check_commit(repo.root).blocked
    repo.stage({"c.ipynb": notebook_json("y = 2", CELL)})
    [copy] = check_commit(repo.root).new_copies
    assert (copy.code, copy.copy.location.path, copy.copy.location.cell) == ("NBR104", "c.ipynb", 1)


def test_the_hook_imports_no_heavy_dependency() -> None:
    """It runs on every commit: nbformat, jupytext, libcst, papermill load only where needed."""
    heavy = ("nbformat", "jsonschema", "jupytext", "libcst", "papermill", "torch", "pandas", "multiprocessing")
    code = f"import sys, nbrefactor.hook; print([m for m in {heavy!r} if m in sys.modules])"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_missing_baseline_named_on_the_command_line_is_a_usage_error(repo: GitRepo, run_cli, monkeypatch) -> None:
    monkeypatch.chdir(repo.root)
    code, _, err = run_cli("hook", "--baseline", "nope.json")
    assert code == 2 and "no such baseline: nope.json" in err


def test_commits_between_two_refs_are_judged_against_the_later_one(repo: GitRepo) -> None:
    base = repo.head()
    repo.git("checkout", "-q", "-b", "feature")
    assert repo.commit({"02_explore.ipynb": PASTED}, "paste").returncode == 0
    repo.commit({"notes.py": "print('unrelated')\n"}, "later")
    repo.git("checkout", "-q", "main")  # the working tree and index no longer hold the copy
    result = check_commit(repo.root, from_ref=base, to_ref="feature")
    assert result.staged == ("02_explore.ipynb", "notes.py")
    [copy] = result.new_copies
    assert (copy.copy.location.path, copy.original.location.path) == ("02_explore.ipynb", "01_prep.ipynb")
    assert not check_commit(repo.root, from_ref="feature~1", to_ref="feature").blocked


def test_unreadable_staged_notebook_does_not_stop_the_gate(repo: GitRepo) -> None:
    repo.stage({"broken.ipynb": '{"cells": [\n', "scripts/batch.py": "import os\n\n\n" + CLEAN})
    result = check_commit(repo.root)
    assert set(result.staged) == {"broken.ipynb", "scripts/batch.py"}
    assert [c.copy.location.path for c in result.new_copies] == ["scripts/batch.py"]
