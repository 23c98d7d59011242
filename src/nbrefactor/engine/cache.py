"""Per-file results cached on disk by content hash, configuration and tool code.

An entry is a pickle under ``<cache dir>/<first two hex>/<key>.pickle``, written
atomically (not durably); a missing, stale or corrupt entry is simply a miss. The key covers
the file's bytes, its relative path (findings carry it), the configuration in
force for it, and a digest of nbrefactor's own code, so that upgrading or
editing nbrefactor never serves an old result.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any

from nbrefactor.engine.gcpolicy import no_collection

CACHE_DIR_NAME = ".nbrefactor_cache"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of nbrefactor's own source files (names, sizes and mtimes)."""
    package = Path(__file__).resolve().parents[1]
    h = hashlib.blake2b(digest_size=8)
    for file in sorted(package.rglob("*.py")):
        stat = file.stat()
        h.update(f"{file.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return h.hexdigest()


def ensure_cache_dir(directory: Path) -> None:
    """Create a cache folder that git ignores (raises OSError when it cannot be created)."""
    if not directory.exists():
        directory.mkdir(parents=True, exist_ok=True)
        (directory / ".gitignore").write_text("# created by nbrefactor\n*\n")


class ResultCache:
    """A directory of pickled per-file results."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._folders: set[str] = set()  # the two-hex sub-folders known to exist

    def key(self, relpath: str, content_hash: str, config_digest: str) -> str:
        text = f"{code_digest()}|{relpath}|{content_hash}|{config_digest}"
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def _path(self, key: str, suffix: str) -> Path:
        return self.directory / key[:2] / f"{key}{suffix}"

    def get(self, key: str, suffix: str = ".pickle") -> Any | None:
        """The value stored under ``key`` (``suffix`` ``.audit`` for a whole audit's)."""
        try:
            data = self._path(key, suffix).read_bytes()
        except OSError:
            return None
        try:
            with no_collection():
                return pickle.loads(data)
        except Exception:  # noqa: BLE001 - a corrupt entry is a miss
            return None

    def put(self, key: str, value: Any, suffix: str = ".pickle") -> None:
        """Store ``value`` under ``key``; a cache that cannot be written is no error.

        The write is atomic (a reader sees the old entry or the new one, never
        half of one) but not flushed to disk: an entry lost in a crash is a
        miss, and one ``fsync`` per entry made the first audit of 1,000 files
        spend 4 s writing its cache.
        """
        path = self._path(key, suffix)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            if path.parent.name not in self._folders:
                ensure_cache_dir(self.directory)
                path.parent.mkdir(exist_ok=True)
                self._folders.add(path.parent.name)
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()
