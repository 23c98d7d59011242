"""Which files a folder audit reads."""

from __future__ import annotations

from nbrefactor.sources import discover


def test_walk_skips_checkpoints_venvs_hidden_and_gitignored(project) -> None:
    root = project(
        {
            ".gitignore": "build/\n*.tmp.py\n",
            "a.ipynb": "{}",
            "b.py": "",
            "notes.md": "# not a notebook",
            "data.csv": "x",
            "scratch.tmp.py": "",
            "build/gen.py": "",
            ".ipynb_checkpoints/a-checkpoint.ipynb": "{}",
            ".hidden/c.py": "",
            "venv/pyvenv.cfg": "home = /usr",
            "venv/lib/site.py": "",
            "lib/site-packages/pkg.py": "",
            "sub/.gitignore": "local.py\n",
            "sub/local.py": "",
            "sub/kept.py": "",
            "sub/deep/d.ipynb": "{}",
        }
    )
    found = [p.relative_to(root).as_posix() for p in discover([root], root)]
    assert found == ["a.ipynb", "b.py", "notes.md", "sub/kept.py", "sub/deep/d.ipynb"]


def test_explicit_files_are_always_taken_once(project) -> None:
    root = project({".gitignore": "*.py\n", "a.py": "", "b.ipynb": "{}"})
    found = discover([root / "a.py", root, root / "b.ipynb"], root)
    assert [p.name for p in found] == ["a.py", "b.ipynb"]


def test_exclude_patterns(project) -> None:
    root = project({"keep/a.py": "", "drafts/b.py": "", "x/drafts/c.py": ""})
    found = [p.relative_to(root).as_posix() for p in discover([root], root, exclude=["/drafts/"])]
    assert found == ["keep/a.py", "x/drafts/c.py"]


def test_a_named_folder_is_searched_even_if_excluded(project) -> None:
    root = project({".gitignore": "vendored/\n", "vendored/a.py": "", "vendored/skip/b.py": "", "vendored/.gitignore": "skip/\n"})
    named = [p.relative_to(root).as_posix() for p in discover([root / "vendored"], root, exclude=["vendored"])]
    assert named == ["vendored/a.py"]
    assert discover([root], root, exclude=["vendored"]) == []
