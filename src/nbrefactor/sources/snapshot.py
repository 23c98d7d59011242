"""Snapshots of files, restored byte for byte: the undo of a refactoring.

``extract --verify`` takes a snapshot of every file it may write, applies the
refactoring, runs verify, and restores the snapshot when outputs differ::

    snap = Snapshot.take(paths)
    apply(plan)
    if verify(...).status is not Status.UNCHANGED:
        snap.restore()

Files that did not exist when the snapshot was taken are deleted on restore
(and folders created since, when they are left empty); files that existed
get their bytes and permission bits back, through atomic writes.
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from nbrefactor.sources.atomic import write_atomic


@dataclass(frozen=True)
class FileState:
    """One file as it was: its bytes and mode, or ``data=None`` when it did not exist."""

    path: str
    data: bytes | None
    mode: int | None = None


def _missing_parents(path: Path) -> tuple[str, ...]:
    """The folders above ``path`` that do not exist yet, deepest first."""
    missing = []
    for parent in path.parents:
        if parent.exists():
            break
        missing.append(str(parent))
    return tuple(missing)


@dataclass(frozen=True)
class Snapshot:
    """The state of some files at one moment; :meth:`restore` puts it back."""

    files: tuple[FileState, ...]
    new_folders: tuple[str, ...] = ()

    @classmethod
    def take(cls, paths: Iterable[str | os.PathLike[str]]) -> Snapshot:
        """Record the bytes and mode of each path (absent paths are recorded as absent)."""
        states: list[FileState] = []
        folders: list[str] = []
        for path in dict.fromkeys(Path(p).resolve() for p in paths):
            try:
                states.append(FileState(str(path), path.read_bytes(), stat.S_IMODE(path.stat().st_mode)))
            except FileNotFoundError:
                states.append(FileState(str(path), None))
                folders.extend(_missing_parents(path))
        return cls(tuple(states), tuple(dict.fromkeys(folders)))

    def changed(self) -> list[str]:
        """Paths whose bytes, mode or existence differ from the snapshot."""
        return [state.path for state in self.files if _current(state.path) != state]

    def restore(self) -> list[str]:
        """Put every file back as it was; return the paths that had to change."""
        changed = self.changed()
        for state in self.files:
            if state.path not in changed:
                continue
            if state.data is None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(state.path)
            else:
                write_atomic(state.path, state.data)
                if state.mode is not None:
                    os.chmod(state.path, state.mode)
        for folder in sorted(self.new_folders, key=len, reverse=True):
            with contextlib.suppress(OSError):  # not empty: something else lives there now
                os.rmdir(folder)
        return changed


def _current(path: str) -> FileState:
    try:
        file = Path(path)
        return FileState(path, file.read_bytes(), stat.S_IMODE(file.stat().st_mode))
    except FileNotFoundError:
        return FileState(path, None)
