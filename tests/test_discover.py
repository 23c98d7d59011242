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


def test_relative_path_follows_links_like_resolve(project, monkeypatch) -> None:
    """Files and folders reached through symbolic links, ``..``, relative names and
    files outside the root are named as ``Path.resolve`` names them."""
    import os
    from pathlib import Path

    from nbrefactor.sources import relative_path

    base = project({"root/a/x.py": "", "root/a/b/y.ipynb": "{}", "outside/z.py": "", "outside/d/w.py": ""})
    root = (base / "root").resolve()
    os.symlink(base / "outside" / "z.py", root / "a" / "link.py")
    os.symlink(base / "outside" / "d", root / "a" / "linked")
    os.symlink(root / "a" / "b", base / "outside" / "back")
    monkeypatch.chdir(root / "a")
    paths = [
        *discover([root], root),
        root / "a" / "link.py",
        root / "a" / "linked" / "w.py",
        root / "a" / "linked" / ".." / "z.py",
        root / "a" / "b" / ".." / "x.py",
        base / "outside" / "back" / "y.ipynb",
        base / "outside" / "z.py",
        Path("b/y.ipynb"),
        "x.py",
        root / "a" / "missing.py",
    ]
    for path in paths:
        resolved = Path(path).resolve()
        expected = resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else resolved.as_posix()
        assert relative_path(path, root) == expected, path
    assert relative_path(root / "a" / "link.py", root) == (base / "outside" / "z.py").resolve().as_posix()


def test_dangling_and_looping_links_are_passed_over(project, run_cli) -> None:
    import os

    root = project({"a.py": "x = 1\n", "sub/b.ipynb": "{}"})
    os.symlink(root / "loop.py", root / "loop.py")
    os.symlink(root / "gone.py", root / "dangling.py")
    os.symlink(root, root / "sub" / "up")  # a folder link: never followed, so never a cycle
    assert [p.name for p in discover([root], root)] == ["a.py", "b.ipynb"]
    code, _, err = run_cli("audit", str(root / "loop.py"), "--no-cache")
    assert code == 2 and "cannot open" in err and "symbolic links" in err and "bug" not in err
