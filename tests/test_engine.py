"""The audit engine: identical results with and without the pool and the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from nbrefactor import audit
from nbrefactor.engine.audit import default_root
from nbrefactor.rules.base import notebook_json


def _many(project) -> Path:
    files = {}
    for i in range(24):
        files[f"nb{i:02}.ipynb"] = notebook_json(("import os", 3), ("x = os.sep", 1 + i % 3), ("print(x)", 2))
        files[f"s{i:02}.py"] = "# %%\nimport sys\n# %%\nprint 'old'\n" if i % 4 == 0 else "def f():\n    return 1\n"
    files["broken.ipynb"] = "{"
    return project(files)


def test_pool_and_cache_do_not_change_results(project, tmp_path) -> None:
    root = _many(project)
    serial = audit([root], root=root, jobs=1, cache=False)
    pooled = audit([root], root=root, jobs=2, cache=False)
    cache_dir = tmp_path / "cache"
    cold = audit([root], root=root, jobs=2, cache=cache_dir)
    warm = audit([root], root=root, jobs=2, cache=cache_dir)
    assert serial.findings and serial == pooled == cold == warm
    assert len(list(cache_dir.rglob("*.pickle"))) == len(serial.files)


def test_cache_entry_is_invalidated_by_content_and_config(project, tmp_path) -> None:
    from nbrefactor.config import Config

    root = project({"a.ipynb": notebook_json(("x = 1", 2), ("y = 2", 1))})
    cache_dir = tmp_path / "cache"
    assert len(audit([root], root=root, cache=cache_dir).findings) == 1
    (root / "a.ipynb").write_text(notebook_json(("x = 1", 1), ("y = 2", 2)))
    assert audit([root], root=root, cache=cache_dir).findings == ()
    (root / "a.ipynb").write_text(notebook_json(("x = 1", 2), ("y = 2", 1)))
    assert audit([root], root=root, cache=cache_dir, config=Config(ignore=("NBR301",))).findings == ()


def test_corrupt_cache_entries_are_misses(project, tmp_path) -> None:
    root = project({"a.ipynb": notebook_json(("x = 1", 2), ("y = 2", 1))})
    cache_dir = tmp_path / "cache"
    first = audit([root], root=root, cache=cache_dir)
    for entry in cache_dir.rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert audit([root], root=root, cache=cache_dir) == first


def test_progress_is_reported_for_every_file(project) -> None:
    root = _many(project)
    seen = []
    result = audit([root], root=root, jobs=2, cache=False, progress=lambda done, total, rel: seen.append((done, total)))
    assert [d for d, _ in seen] == list(range(1, len(result.files) + 1))
    assert {t for _, t in seen} == {len(result.files)}


def test_default_root(project, monkeypatch) -> None:
    root = project({"pyproject.toml": "[tool.nbrefactor]\n", "nbs/a.ipynb": "{}"})
    monkeypatch.chdir("/")
    assert default_root([root / "nbs"]) == root.resolve()
    monkeypatch.chdir(root)
    assert default_root(["nbs/a.ipynb"]) == root.resolve()


def test_a_crashing_rule_is_reported_and_the_batch_goes_on(project, monkeypatch) -> None:
    from nbrefactor.rules.execution import OutOfOrderExecution

    def crash(self, ctx):
        if ctx.document.relpath == "b.ipynb":
            raise RuntimeError("kaboom")
        return iter(())

    monkeypatch.setattr(OutOfOrderExecution, "check", crash)
    root = project({"a.ipynb": notebook_json(("x = 1", 1)), "b.ipynb": notebook_json(("print 'x'", 1))})
    result = audit([root], root=root, jobs=1, cache=False)
    assert [(f.code, f.location.path) for f in result.findings] == [("NBR900", "b.ipynb"), ("NBR905", "b.ipynb")]
    assert "running NBR301 out-of-order-execution: RuntimeError: kaboom" in result.findings[0].message
    assert "Traceback" in result.findings[0].data["traceback"]
    assert result.exit_code() == 2


def test_whole_audit_cache_follows_added_and_removed_files(project, tmp_path) -> None:
    from nbrefactor.rules.duplication import SCALE

    root = project({"a.py": SCALE})
    cache_dir = tmp_path / "cache"
    assert audit([root], root=root, cache=cache_dir).findings == ()
    (root / "b.py").write_text(SCALE)
    added = audit([root], root=root, cache=cache_dir)
    assert added == audit([root], root=root, cache=False)
    assert {loc.path for f in added.findings for loc in f.locations} == {"a.py", "b.py"}
    (root / "b.py").unlink()
    assert audit([root], root=root, cache=cache_dir).findings == ()
    assert len(list(cache_dir.rglob("*.audit"))) == 1, "one entry per audited folder, replaced on each change"


def test_cache_entries_are_whole_files_with_no_temporary_left(project, tmp_path) -> None:
    root = _many(project)
    cache_dir = tmp_path / "cache"
    audit([root], root=root, jobs=1, cache=cache_dir)
    entries = [p for p in cache_dir.rglob("*") if p.is_file() and p.name != ".gitignore"]
    assert entries and all(p.suffix in (".pickle", ".audit") for p in entries)
    assert (cache_dir / ".gitignore").read_text().strip().endswith("*")


def test_an_unwritable_cache_is_no_error(project, tmp_path) -> None:
    root = _many(project)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert audit([root], root=root, jobs=1, cache=blocker / "cache") == audit([root], root=root, jobs=1, cache=False)



def test_an_unchanged_project_is_answered_from_one_entry(project, tmp_path, monkeypatch) -> None:
    import nbrefactor.engine.audit as engine

    root = _many(project)
    cache_dir = tmp_path / "cache"
    first = audit([root], root=root, jobs=1, cache=cache_dir)

    def no_file_work(*args, **kwargs):
        raise AssertionError("files were looked up or analysed again")

    monkeypatch.setattr(engine, "_cached_run", no_file_work)
    assert audit([root], root=root, jobs=1, cache=cache_dir) == first
    with pytest.raises(AssertionError, match="analysed again"):  # another configuration is another audit
        audit([root], root=root, jobs=1, cache=cache_dir, config=engine.Config(select=("NBR3",)))
