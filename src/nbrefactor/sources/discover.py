"""Find the notebooks and scripts under the paths a user names.

Folders are walked recursively, skipping hidden folders, ``.ipynb_checkpoints``,
``__pycache__``, ``node_modules``, ``site-packages``, virtual environments (any
folder holding ``pyvenv.cfg``) and whatever the ``.gitignore`` files on the way
ignore, plus the configured ``exclude`` patterns. Files named explicitly are
always taken.

:func:`relative_path` names a file relative to the audited root the way
``Path.resolve`` would (symbolic links followed), resolving each folder once
per :func:`discover` call rather than every component of every file.
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


def skipped_dir_name(name: str) -> bool:
    """Whether a folder of this name is never searched (hidden folders, caches, installed packages)."""
    return name.startswith(".") or name in SKIPPED_DIRS


def _skip_dir(path: Path) -> bool:
    return skipped_dir_name(path.name) or (path / "pyvenv.cfg").exists()


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
            elif path.suffix.lower() in DOCUMENT_SUFFIXES and _is_file(entry):
                yield path
        stack.extend((d, ignores) for d in reversed(subdirs))


def _is_file(entry: os.DirEntry[str]) -> bool:
    """Whether an entry is a file; a symbolic link that is dangling or loops is not."""
    try:
        return entry.is_file()
    except OSError:
        return False


#: Folders already resolved (``Path.resolve``), emptied by each :func:`discover` so that
#: a batch sees the file system as it was when the batch started.
_RESOLVED_FOLDERS: dict[str, str] = {}


def _resolve(path: Path) -> str:
    """``str(path.resolve())``: a file that is not a symbolic link resolves to its
    folder's resolution joined with its name, and folders are resolved once."""
    text = str(path)
    folder, name = os.path.split(text)
    if not path.is_absolute() or name in ("", ".", "..") or os.path.islink(text):
        return str(path.resolve())
    resolved = _RESOLVED_FOLDERS.get(folder)
    if resolved is None:
        if len(_RESOLVED_FOLDERS) > 10000:
            _RESOLVED_FOLDERS.clear()
        resolved = _RESOLVED_FOLDERS[folder] = str(Path(folder).resolve())
    return os.path.join(resolved, name)


def relative_path(path: str | os.PathLike[str], root: Path) -> str:
    """``path`` relative to ``root`` with POSIX separators (absolute if outside), after
    following symbolic links."""
    resolved_text, root_text = _resolve(Path(path)), str(root)
    if resolved_text.startswith(root_text) and resolved_text[len(root_text) : len(root_text) + 1] == os.sep:
        inside = resolved_text[len(root_text) + 1 :]  # normal already (resolved): no Path needed
        return inside if os.sep == "/" else inside.replace(os.sep, "/")
    resolved = Path(resolved_text)
    try:
        return resolved.relative_to(root).as_posix()
    except ValueError:
        return resolved.as_posix()


def discover(paths: Sequence[str | os.PathLike[str]], root: Path, exclude: Iterable[str] = ()) -> list[Path]:
    """The documents to read, in a stable order, without duplicates.

    Raises FileNotFoundError for a path that does not exist.
    """
    _RESOLVED_FOLDERS.clear()
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
