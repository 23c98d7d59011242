"""Find the notebooks and scripts under the paths a user names.

Folders are walked recursively, skipping hidden folders, ``.ipynb_checkpoints``,
``__pycache__``, ``node_modules``, ``site-packages``, virtual environments (any
folder holding ``pyvenv.cfg``) and whatever the ``.gitignore`` files on the way
ignore, plus the configured ``exclude`` patterns. Files named explicitly are
always taken.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import pathspec

from nbrefactor.sources.text import NOTEBOOK_MARKDOWN_SUFFIXES

DOCUMENT_SUFFIXES = (".ipynb", ".py", *NOTEBOOK_MARKDOWN_SUFFIXES)
SKIPPED_DIRS = frozenset({".ipynb_checkpoints", "__pycache__", "node_modules", "site-packages", "__pypackages__"})


@dataclass(frozen=True)
class _Ignore:
    base: Path
    spec: pathspec.GitIgnoreSpec

    def matches(self, path: Path, is_dir: bool) -> bool:
        try:
            rel = path.relative_to(self.base).as_posix()
        except ValueError:
            return False
        return self.spec.match_file(rel + "/" if is_dir else rel)


def _gitignore(folder: Path) -> _Ignore | None:
    file = folder / ".gitignore"
    if not file.is_file():
        return None
    try:
        lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return _Ignore(folder, pathspec.GitIgnoreSpec.from_lines(lines))


def _skip_dir(path: Path) -> bool:
    name = path.name
    return name.startswith(".") or name in SKIPPED_DIRS or (path / "pyvenv.cfg").exists()


def _gitignores_above(folder: Path, root: Path) -> list[_Ignore]:
    found = []
    for parent in [folder, *folder.parents]:
        ignore = _gitignore(parent)
        if ignore:
            found.append(ignore)
        if parent == root or (parent / ".git").exists():
            break
    return found[::-1]


def _walk(top: Path, root: Path, exclude: _Ignore | None) -> Iterator[Path]:
    """Documents below ``top``. A folder the user names is searched even when a
    pattern ignores the folder itself: patterns only prune what is below it."""
    above = _gitignores_above(top.parent, root) if top != root else []
    above = [i for i in above if not i.matches(top, True)]
    if exclude is not None and exclude.matches(top, True):
        exclude = None
    stack: list[tuple[Path, list[_Ignore]]] = [(top, above)]
    while stack:
        folder, ignores = stack.pop()
        own = _gitignore(folder)
        ignores = [*ignores, own] if own else ignores
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            path = Path(entry.path)
            is_dir = entry.is_dir(follow_symlinks=False)
            if any(i.matches(path, is_dir) for i in ignores) or (exclude and exclude.matches(path, is_dir)):
                continue
            if is_dir:
                if not _skip_dir(path):
                    subdirs.append(path)
            elif entry.is_file() and path.suffix.lower() in DOCUMENT_SUFFIXES:
                yield path
        stack.extend((d, ignores) for d in reversed(subdirs))


def discover(paths: Sequence[str | os.PathLike[str]], root: Path, exclude: Iterable[str] = ()) -> list[Path]:
    """The documents to read, in a stable order, without duplicates.

    Raises FileNotFoundError for a path that does not exist.
    """
    exclude_spec = _Ignore(root, pathspec.GitIgnoreSpec.from_lines(list(exclude))) if exclude else None
    seen: dict[Path, None] = {}
    for given in paths:
        path = Path(given).resolve()
        if path.is_dir():
            for found in _walk(path, root, exclude_spec):
                seen.setdefault(found, None)
        elif path.is_file():
            seen.setdefault(path, None)
        else:
            raise FileNotFoundError(str(given))
    return list(seen)
