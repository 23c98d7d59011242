"""Kernel side of ``record``: what a call touches, noted before and after it.

Pickling arguments (and the modules a reader must import), the global random
generators' state, printed text (a tee), and the files under the working
directory. Loaded by :mod:`._recorder`; imports nothing from nbrefactor.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import io
import os
import pickle
import sys
from pathlib import Path
from typing import Any


class Unrecordable(Exception):
    """This value cannot be recorded faithfully (the message says why)."""


class _Pickler(pickle.Pickler):
    """A pickler that notes the module of every class and function it meets."""

    def __init__(self, fh: Any, modules: set[str]) -> None:
        super().__init__(fh, protocol=4)
        self.modules = modules

    def reducer_override(self, obj: Any) -> Any:
        owner = obj if isinstance(obj, type) or inspect.isroutine(obj) else type(obj)
        self.modules.add(str(getattr(owner, "__module__", None) or ""))
        return NotImplemented


def dumps(value: Any) -> tuple[bytes, set[str]]:
    """Pickle ``value``; also return the modules a reader must import."""
    buffer, modules = io.BytesIO(), set[str]()
    try:
        _Pickler(buffer, modules).dump(value)
    except Exception as exc:  # noqa: BLE001 - open files, sockets, locks, lambdas...
        raise Unrecordable(f"cannot be pickled ({type(exc).__name__}: {str(exc)[:120]})") from None
    return buffer.getvalue(), modules


def digest(value: Any) -> str:
    return hashlib.sha1(dumps(value)[0]).hexdigest()


class Tee(io.TextIOBase):
    def __init__(self, *streams: Any) -> None:
        self.streams = streams

    def write(self, text: str) -> int:
        for stream in self.streams:
            stream.write(text)
        return len(text)

    def flush(self) -> None:
        for stream in self.streams:
            stream.flush()


def rng_state() -> dict[str, Any]:
    import random

    state: dict[str, Any] = {"random": random.getstate()}
    if "numpy" in sys.modules:
        state["numpy"] = sys.modules["numpy"].random.get_state()
    if "torch" in sys.modules and hasattr(sys.modules["torch"], "get_rng_state"):
        state["torch"] = sys.modules["torch"].get_rng_state()
    return state


def files_state(depth: int = 3, limit: int = 2000) -> dict[str, tuple[int, int]]:
    """``{relative path: (mtime, size)}`` of the files under the working directory (bounded)."""
    found: dict[str, tuple[int, int]] = {}
    level = ["."]
    for _ in range(depth):
        nested = []
        for folder in level:
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if entry.name.startswith((".", "__pycache__")) or len(found) >= limit:
                    continue
                path = os.path.normpath(os.path.join(folder, entry.name))
                if entry.is_dir(follow_symlinks=False):
                    nested.append(path)
                elif entry.is_file(follow_symlinks=False):
                    info = entry.stat()
                    found[path] = (info.st_mtime_ns, info.st_size)
        level = nested
    return found


def written(before: dict[str, tuple[int, int]], small: int = 2000) -> list[dict[str, Any]]:
    """Files under the working directory created or changed since ``before`` was taken, with
    their text when they are small text files."""
    found = []
    for path, state in sorted(files_state().items()):
        if before.get(path) == state:
            continue
        text = None
        if state[1] <= small:
            with contextlib.suppress(OSError, UnicodeDecodeError):
                text = Path(path).read_text(encoding="utf-8")
        found.append({"path": path.replace(os.sep, "/"), "text": text})
    return found


def same_rng(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Whether no random number was drawn between the two states."""
    if before.keys() != after.keys() or before["random"] != after["random"]:
        return False
    if "numpy" in before:
        old, new = before["numpy"], after["numpy"]
        if old[0] != new[0] or old[2:] != new[2:] or not (old[1] == new[1]).all():
            return False
    return "torch" not in before or bool(sys.modules["torch"].equal(before["torch"], after["torch"]))
