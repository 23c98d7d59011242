"""The commit gate: new copy-paste in the staged changes, judged against the whole repository.

:func:`check_commit` compares the code units that a commit adds or changes
with every unit of every tracked document (through the persistent unit
index), and returns the copies that are new: a copy fails only when it
touches a staged line, and is not a known copy recorded in the baseline.
:func:`repository_families` lists every clone family, for the baseline.
Nothing here prints; :mod:`nbrefactor.hook` and the CLI render the results.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from nbrefactor.analysis.changes import changed_lines, touches
from nbrefactor.analysis.clones import Family, Member, compare
from nbrefactor.analysis.units import Unit
from nbrefactor.config import Config, find_pyproject, load_config
from nbrefactor.engine.baseline import BASELINE_NAME, Baseline, family_fingerprint, read_baseline
from nbrefactor.engine.repo_units import SyncStats, open_index, sync_index, tracked_documents
from nbrefactor.engine.unit_index import UnitIndex
from nbrefactor.errors import NbrefactorError
from nbrefactor.model import Location
from nbrefactor.rules.base import ProjectContext
from nbrefactor.rules.clone_report import clone_families, family_code
from nbrefactor.rules.suppress import Suppressions, collect
from nbrefactor.sources import SourceError, read_document, relative_path
from nbrefactor.sources.git import (
    Change,
    TrackedFile,
    changed_paths,
    read_versions,
    ref_change,
    staged_change,
    toplevel,
)


@dataclass(frozen=True)
class NewCopy:
    """A copy the commit adds: ``copy`` touches staged lines and repeats ``original``."""

    code: str
    copy: Unit
    original: Unit
    type: int  # 1 identical, 2 renamed, 3 drifted
    similarity: float
    family: str  # the family's baseline fingerprint


@dataclass(frozen=True)
class GateResult:
    """What the gate judged and what it found."""

    root: str
    staged: tuple[str, ...]  # staged documents judged
    new_copies: tuple[NewCopy, ...]
    known: int  # copies touching staged lines that the baseline records
    documents: int  # tracked documents compared against
    analysed: int  # documents (re)analysed this run; the rest came from the index

    @property
    def blocked(self) -> bool:
        return bool(self.new_copies)


@dataclass(frozen=True)
class _Staged:
    units: tuple[Unit, ...]  # units touching staged lines
    suppressions: Suppressions


def repository_config(root: Path) -> Config:
    """``[tool.nbrefactor]`` of the repository's top ``pyproject.toml`` (defaults without one).

    A configuration above the repository (a parent folder's project) is not the repository's own.
    """
    pyproject = find_pyproject(root)
    return load_config(pyproject if pyproject is not None and pyproject.parent == root else None)


def _config_for(config: Config, root: Path) -> Callable[[str], Config]:
    return lambda rel: config.for_path(root / rel)


def _staged_units(root: Path, change: Change, paths: Sequence[str], indexed: Sequence[Unit]) -> dict[str, _Staged]:
    """For each changed document: its units that touch changed lines, and its suppressions."""
    staged, head = read_versions(root, change, paths)
    by_path: dict[str, list[Unit]] = {}
    for unit in indexed:
        by_path.setdefault(unit.location.path, []).append(unit)
    out = {}
    for path, data in staged.items():
        try:
            new = read_document(root / path, relpath=path, data=data, validate=False)
            old = read_document(root / path, relpath=path, data=head[path], validate=False) if path in head else None
        except SourceError:
            continue  # unreadable input is the audit's business, not the gate's
        if new is None:
            continue
        lines = changed_lines(new, old)
        touching = tuple(u for u in by_path.get(path, ()) if touches(u.location, lines))
        out[path] = _Staged(touching, collect(new))
    return out


def check_commit(
    root: str | os.PathLike[str] | None = None,
    paths: Iterable[str] | None = None,
    *,
    baseline: str | os.PathLike[str] | None = None,
    cache: bool | str | os.PathLike[str] = True,
    jobs: int | None = None,
    from_ref: str | None = None,
    to_ref: str | None = None,
) -> GateResult:
    """Judge the staged changes of the git repository at ``root`` (default: the current one).

    ``paths`` (absolute, or relative to the repository's top) limits the
    judgement to those staged files (pre-commit passes them); default: every
    staged file. With ``from_ref`` and ``to_ref`` (pre-push, CI), the commits
    ``to_ref`` adds since it left ``from_ref`` are judged instead, against
    every document of ``to_ref``.
    ``baseline`` defaults to ``.nbrefactor-baseline.json`` at the top.
    Raises :class:`~nbrefactor.sources.git.GitError` outside a git repository,
    :class:`~nbrefactor.errors.NbrefactorError` for a missing or unreadable baseline.
    """
    if baseline is not None and not Path(baseline).is_file():
        raise NbrefactorError(f"no such baseline: {baseline}")
    top = toplevel(Path(root or ".").resolve())
    change = ref_change(top, from_ref, to_ref) if from_ref and to_ref else staged_change(top)
    config = repository_config(top)
    documents = tracked_documents(top, config, change.new)
    tracked = {f.path for f in documents}
    staged = [p for p in changed_paths(top, change) if p in tracked]
    if paths is not None:
        wanted = {relative_path(p, top) if Path(p).is_absolute() else Path(p).as_posix() for p in paths}
        staged = [p for p in staged if p in wanted]
    if not staged:  # nothing to judge (a commit of other files, `pre-commit run --all-files` in CI)
        return GateResult(str(top), (), (), 0, len(documents), 0)
    try:
        stats, judged, probe, pool = _query(open_index(top, cache), top, config, documents, change, staged, jobs)
    except sqlite3.DatabaseError:  # locked by a concurrent commit, or damaged while in use: work in memory
        stats, judged, probe, pool = _query(open_index(top, False), top, config, documents, change, staged, jobs)
    known = read_baseline(Path(baseline) if baseline else top / BASELINE_NAME)
    copies, known_count = _judge(probe, pool, judged, known, config, top)
    return GateResult(str(top), tuple(staged), tuple(copies), known_count, stats.documents, stats.analysed)


def _query(
    index: UnitIndex,
    top: Path,
    config: Config,
    documents: Sequence[TrackedFile],
    change: Change,
    staged: Sequence[str],
    jobs: int | None,
) -> tuple[SyncStats, dict[str, _Staged], list[Unit], list[Unit]]:
    """Update the index; the staged units touching changed lines, and the indexed units that may be their copies."""
    try:
        stats = sync_index(index, top, config, documents, jobs)
        judged = _staged_units(top, change, staged, index.units(staged))
        probe = [u for s in judged.values() for u in s.units]
        pool = index.candidates(probe) if probe else []
    finally:
        index.close()
    return stats, judged, probe, pool


def _judge(
    probe: Sequence[Unit],
    pool: Sequence[Unit],
    judged: dict[str, _Staged],
    baseline: Baseline,
    config: Config,
    root: Path,
) -> tuple[list[NewCopy], int]:
    payloads: dict[str, dict[tuple[object, ...], Unit]] = {}
    for unit in (*probe, *pool):
        loc = unit.location
        payloads.setdefault(loc.path, {})[(unit.kind, loc.cell, loc.start_line, loc.start_column)] = unit
    ctx = ProjectContext({p: list(u.values()) for p, u in payloads.items()}, _config_for(config, root))
    touching_keys = {(u.location, u.kind) for s in judged.values() for u in s.units}
    copies: list[NewCopy] = []
    known = 0
    for family in clone_families(ctx):
        new, seen = _new_copies(family, touching_keys, judged, baseline, config, root)
        copies.extend(new)
        known += seen
    return copies, known


def _new_copies(
    family: Family,
    touching: set[tuple[Location, str]],
    judged: dict[str, _Staged],
    baseline: Baseline,
    config: Config,
    root: Path,
) -> tuple[list[NewCopy], int]:
    members = [m.unit for m in family.members]
    changed = [u for u in members if (u.location, u.kind) in touching]
    if not changed:
        return [], 0
    untouched = [u for u in members if (u.location, u.kind) not in touching]
    original = untouched[0] if untouched else changed[0]
    out, known = [], 0
    for unit in changed:
        if unit is original:
            continue
        member = compare(original, unit)
        code = family_code(Family((Member(original, 0, 1.0), member), family.reason))
        path = unit.location.path
        if not config.for_path(root / path).enabled(code) or judged[path].suppressions.silences(code, unit.location):
            continue
        if baseline.knows(unit, family):
            known += 1
            continue
        out.append(NewCopy(code, unit, original, member.type, member.similarity, family_fingerprint(family)))
    return out, known


def repository_families(root: str | os.PathLike[str] | None = None, *, cache: bool = True) -> list[Family]:
    """Every clone family among the tracked documents of the repository (for the baseline)."""
    top = toplevel(Path(root or ".").resolve())
    config = repository_config(top)
    index = open_index(top, cache)
    try:
        sync_index(index, top, config, tracked_documents(top, config))
        units = index.units()
    finally:
        index.close()
    by_path: dict[str, list[Unit]] = {}
    for unit in units:
        by_path.setdefault(unit.location.path, []).append(unit)
    families = clone_families(ProjectContext(by_path, _config_for(config, top)))
    return [f for f in families if config.for_path(top / f.canonical.location.path).enabled(family_code(f))]

