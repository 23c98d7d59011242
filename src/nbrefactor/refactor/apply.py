"""Writing a notebook's files: all of them or none.

:class:`FileSet` collects the new bytes of every file one notebook changes
(module, tests, package ``__init__``, the notebook itself). :meth:`FileSet.commit`
writes each atomically, after optional backups; if any write fails, the
files already written are put back byte for byte.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from nbrefactor.refactor.layout import MARKER
from nbrefactor.sources import write_atomic
from nbrefactor.sources.snapshot import Snapshot


def created_by_us(path: Path) -> bool:
    """Whether ``path`` is missing or a file ``extract`` created (its first line is the marker)."""
    if not path.exists():
        return True
    try:
        with path.open(encoding="utf-8") as fh:
            return fh.readline().startswith(MARKER)
    except (OSError, UnicodeDecodeError):
        return False


def backup_path(path: Path) -> Path:
    """``name.bak`` beside ``path`` (``name.bak1``... when taken)."""
    candidate = path.with_name(path.name + ".bak")
    n = 0
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.bak{n}")
    return candidate


@dataclass
class FileSet:
    """New contents for some files, written together."""

    root: Path
    files: dict[Path, bytes] = field(default_factory=dict)
    #: What a diff shows for files whose bytes are not worth reading (a notebook's code, not its JSON).
    views: dict[Path, tuple[str, str]] = field(default_factory=dict)

    def add(self, path: Path, text: str, view: tuple[str, str] | None = None) -> None:
        data = text.encode("utf-8")
        old = path.read_bytes() if path.exists() else None
        if old != data:
            self.files[path] = data
            if view is not None:
                self.views[path] = view

    def diff(self) -> str:
        """Unified diffs of every change, paths relative to the root."""
        out: list[str] = []
        for path, data in self.files.items():
            old = path.read_text(encoding="utf-8") if path.exists() else ""
            old, new = self.views.get(path, (old, data.decode("utf-8")))
            rel = path.relative_to(self.root).as_posix()
            out.extend(
                difflib.unified_diff(
                    old.splitlines(keepends=True),
                    new.splitlines(keepends=True),
                    f"a/{rel}" if old else "/dev/null",
                    f"b/{rel}",
                )
            )
        return "".join(line if line.endswith("\n") else line + "\n" for line in out)

    def snapshot(self) -> Snapshot:
        """The current state of every file this set would write (for an undo)."""
        return Snapshot.take(self.files)

    def commit(self, backup: bool = False) -> tuple[list[str], list[str]]:
        """Write every file (backing up existing ones first if asked); restore all on failure."""
        snapshot = self.snapshot()
        written: list[str] = []
        backups: list[str] = []
        try:
            for path, data in self.files.items():
                if backup and path.exists():
                    kept = backup_path(path)
                    shutil.copy2(path, kept)
                    backups.append(str(kept))
                write_atomic(path, data)
                written.append(str(path))
        except BaseException:
            snapshot.restore()
            for name in backups:
                with contextlib.suppress(OSError):
                    os.unlink(name)
            raise
        return written, backups
