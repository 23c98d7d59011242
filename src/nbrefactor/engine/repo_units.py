"""The code units of every document git tracks, kept current in the unit index.

Documents are the files of git's index (what the next commit holds) with a
document suffix, outside hidden and skipped folders and the configured
``exclude`` patterns. Each is keyed by its blob id, its path, its
configuration and nbrefactor's own code; only files whose key changed since
the last run are read (from git's object store, never the working tree) and
analysed, in a process pool when there are many.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pathspec

from nbrefactor.analysis.units import Unit
from nbrefactor.config import Config
from nbrefactor.engine.audit import exclude_patterns
from nbrefactor.engine.cache import CACHE_DIR_NAME, code_digest, ensure_cache_dir
from nbrefactor.engine.files import PoolMap, WorkItem, run_files
from nbrefactor.engine.unit_index import UnitIndex
from nbrefactor.rules.clone_report import CODES_BY_TYPE, STATEMENT_CODE
from nbrefactor.sources.discover import DOCUMENT_SUFFIXES, skipped_dir_name
from nbrefactor.sources.git import TrackedFile, read_objects, tracked_files

INDEX_NAME = "hook-index.sqlite3"
#: The rules whose collected payload is a document's units.
CLONE_CODES = (*CODES_BY_TYPE.values(), STATEMENT_CODE)


@dataclass(frozen=True)
class SyncStats:
    """How much work bringing the index up to date took."""

    documents: int
    analysed: int
    removed: int


def tracked_documents(root: Path, config: Config, rev: str | None = None) -> list[TrackedFile]:
    """The documents of commit ``rev`` (default: the index) the gate compares: not skipped or excluded."""
    patterns = exclude_patterns(config, root)
    spec = pathspec.GitIgnoreSpec.from_lines(patterns) if patterns else None
    out = []
    for file in tracked_files(root, rev):
        folders = file.path.split("/")[:-1]
        if not file.path.lower().endswith(DOCUMENT_SUFFIXES) or any(skipped_dir_name(f) for f in folders):
            continue
        if spec is None or not spec.match_file(file.path):
            out.append(file)
    return out


def open_index(root: Path, cache: bool | str | os.PathLike[str] = True) -> UnitIndex:
    """The unit index of the repository at ``root`` (in memory when ``cache`` is False)."""
    if not cache:
        return UnitIndex(None)
    directory = Path(cache) if not isinstance(cache, bool) else root / CACHE_DIR_NAME
    try:
        ensure_cache_dir(directory)
    except OSError:
        return UnitIndex(None)
    return UnitIndex(directory / INDEX_NAME)


def clone_config(config: Config, root: Path, path: str) -> Config:
    """The configuration of one file, with only the clone rules selected."""
    return config.for_path(root / path).with_overrides(select=list(CLONE_CODES))


def _keys(root: Path, config: Config, documents: Sequence[TrackedFile]) -> dict[str, str]:
    """Each document's content key: its blob, path and configuration, and nbrefactor's code."""
    shared = None if config.per_path else clone_config(config, root, "").digest()
    out = {}
    for file in documents:
        digest = shared or clone_config(config, root, file.path).digest()
        text = f"{code_digest()}|{file.path}|{file.blob}|{digest}"
        out[file.path] = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return out


def sync_index(
    index: UnitIndex, root: Path, config: Config, documents: Sequence[TrackedFile], jobs: int | None = None
) -> SyncStats:
    """Bring ``index`` up to date with ``documents``: analyse changed files, forget removed ones."""
    known = index.keys()
    wanted = _keys(root, config, documents)
    stale = [f for f in documents if known.get(f.path) != wanted[f.path]]
    removed = [path for path in known if path not in wanted]
    blobs = read_objects(root, [f.blob for f in stale])
    work: list[WorkItem] = [
        (str(root / f.path), f.path, clone_config(config, root, f.path), blobs.get(f.blob, b"")) for f in stale
    ]
    fresh: dict[str, tuple[str, Sequence[Unit]]] = {}
    with PoolMap(jobs or os.cpu_count() or 1) as pool:
        for result in run_files(work, pool, None, 0, len(work)):
            path = result.summary.relpath
            units = next((result.payloads[c] for c in CLONE_CODES if c in result.payloads), ())
            fresh[path] = (wanted[path], units)
    index.update(fresh, removed)
    return SyncStats(len(documents), len(fresh), len(removed))
