"""The audit: discover documents, analyse each (in parallel, cached), then run
project-wide rules, filter by configuration and suppressions, and sort.

Results are identical whatever the number of workers and whether the cache is
used: per-file work is a pure function of the file's bytes, its path and its
configuration, and everything is sorted at the end.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

from nbrefactor.config import Config, find_pyproject, load_config
from nbrefactor.engine.cache import CACHE_DIR_NAME, ResultCache
from nbrefactor.engine.files import (
    FileResult,
    FileSummary,
    PoolMap,
    Progress,
    WorkItem,
    active_rules,
    analyse_file,
    run_files,
)
from nbrefactor.engine.gcpolicy import batch_thresholds
from nbrefactor.model import Finding
from nbrefactor.rules import ALL_RULES, ProjectRule
from nbrefactor.rules.base import ProjectContext
from nbrefactor.rules.suppress import is_suppressed
from nbrefactor.sources import SourceError, content_hash, discover, read_bytes, relative_path

__all__ = [
    "AuditResult", "CachedAudit", "FileResult", "FileSummary", "Progress", "WorkItem",
    "analyse_file", "audit", "default_root", "exclude_patterns", "run_files",
]

@dataclass(frozen=True)
class AuditResult:
    """The outcome of :func:`audit`: what was read and what was found."""

    root: str
    files: tuple[FileSummary, ...]
    findings: tuple[Finding, ...]
    config_source: str | None = None

    @property
    def input_errors(self) -> tuple[Finding, ...]:
        codes = {rule.code for rule in ALL_RULES if rule.input_error}
        return tuple(f for f in self.findings if f.code in codes)

    def exit_code(self, exit_zero: bool = False) -> int:
        """0 clean, 1 findings, 2 when some input could not be read (ruff's convention)."""
        if any(s.input_error for s in self.files):
            return 2
        if self.findings and not exit_zero:
            return 1
        return 0


def default_root(paths: Sequence[str | os.PathLike[str]]) -> Path:
    """The folder reported paths are relative to.

    The folder of the nearest ``pyproject.toml`` with ``[tool.nbrefactor]`` if
    every path is inside it; else the current directory if every path is inside
    it; else the deepest folder holding every path.
    """
    resolved = [Path(p).resolve() for p in paths] or [Path.cwd()]
    pyproject = find_pyproject(resolved[0])
    for candidate in ([pyproject.parent.resolve()] if pyproject else []) + [Path.cwd().resolve()]:
        if all(p == candidate or candidate in p.parents for p in resolved):
            return candidate
    common = Path(os.path.commonpath([str(p) for p in resolved]))
    return common if common.is_dir() else common.parent


def _run_project_rules(results: Sequence[FileResult], config: Config, root: Path, pool: PoolMap) -> list[Finding]:
    findings: list[Finding] = []
    shared: dict[str, Any] = {}
    for rule in active_rules(config):
        if isinstance(rule, ProjectRule):
            payloads = {r.summary.relpath: r.payloads[rule.code] for r in results if rule.code in r.payloads}
            ctx = ProjectContext(payloads, lambda rel: config.for_path(root / rel), shared, pool)
            findings.extend(rule.check_project(ctx))
    return findings


def _enabled(config: Config, root: Path, finding: Finding) -> bool:
    """Whether the configuration in force where ``finding`` is located enables its rule."""
    if config.per_path:
        config = config.for_path(root / finding.location.path)
    return config.enabled(finding.code)


def _unique_fingerprints(findings: list[Finding]) -> list[Finding]:
    seen: dict[str, int] = {}
    out = []
    for finding in findings:
        n = seen.get(finding.fingerprint, 0)
        seen[finding.fingerprint] = n + 1
        out.append(finding if n == 0 else replace(finding, fingerprint=f"{finding.fingerprint}:{n}"))
    return out


def audit(
    paths: Sequence[str | os.PathLike[str]],
    *,
    config: Config | None = None,
    root: str | os.PathLike[str] | None = None,
    jobs: int | None = None,
    cache: bool | str | os.PathLike[str] = True,
    progress: Progress | None = None,
) -> AuditResult:
    """Audit notebooks and scripts under ``paths``; never executes user code.

    ``config`` defaults to ``[tool.nbrefactor]`` of the nearest ``pyproject.toml``.
    ``root`` (default: see :func:`default_root`) is what reported paths are
    relative to. ``jobs`` is the number of worker processes (default: CPU count).
    ``cache`` is True (``<root>/.nbrefactor_cache``), False, or a directory.
    Raises FileNotFoundError for a path that does not exist and
    :class:`~nbrefactor.config.ConfigError` for an unusable configuration.
    """
    root_path = Path(root).resolve() if root is not None else default_root(paths)
    if config is None:
        pyproject = find_pyproject(Path(paths[0]).resolve() if paths else root_path)
        config = load_config(pyproject)
    files = discover(paths, root_path, exclude_patterns(config, root_path))
    work: list[WorkItem] = [(str(file), relative_path(file, root_path), config.for_path(file)) for file in files]
    # one pool of workers for the files and the project rules; garbage collected rarely (see gcpolicy)
    with PoolMap(jobs or os.cpu_count() or 1) as pool, batch_thresholds():
        if not cache:
            return _finish(list(run_files(work, pool, progress, 0, len(work))), config, root_path, pool)
        store = ResultCache(Path(cache) if not isinstance(cache, bool) else root_path / CACHE_DIR_NAME)
        return _audit_cached(store, paths, work, config, root_path, pool, progress)


def _audit_cached(
    store: ResultCache,
    paths: Sequence[str | os.PathLike[str]],
    work: list[WorkItem],
    config: Config,
    root_path: Path,
    pool: PoolMap,
    progress: Progress | None,
) -> AuditResult:
    """The audit through the cache: a whole-audit entry when no file changed, else each file's entry."""
    keys = _cache_keys(store, work, config)
    known = sorted(k for k in keys if k is not None)
    whole = store.key("<audit>", "|".join(known), config.digest()) if len(known) == len(keys) else None
    slot = _slot(store, paths, root_path, config)
    hit = store.get(slot, ".audit") if whole is not None else None
    if isinstance(hit, CachedAudit) and hit.key == whole:
        if progress and work:
            progress(len(work), len(work), work[-1][1])
        return AuditResult(str(root_path), hit.files, hit.findings, config.source)
    result = _finish(_cached_run(store, work, keys, pool, progress), config, root_path, pool)
    if whole is not None:
        store.put(slot, CachedAudit(whole, result.files, result.findings), ".audit")
    return result


@dataclass(frozen=True)
class CachedAudit:
    """A whole audit's outcome and the key it is valid for: one made of every file's key."""

    key: str
    files: tuple[FileSummary, ...]
    findings: tuple[Finding, ...]


def _slot(store: ResultCache, paths: Sequence[str | os.PathLike[str]], root: Path, config: Config) -> str:
    """Where the outcome of auditing ``paths`` from ``root`` is kept: one entry, replaced on each change."""
    given = "|".join(sorted(str(Path(p).resolve()) for p in paths))
    return store.key("<audit>", f"{root}|{given}", config.digest())


def _cache_keys(store: ResultCache, work: Sequence[WorkItem], config: Config) -> list[str | None]:
    """Each file's cache key (None when the file cannot be read: it is analysed to report why)."""
    config_digest = config.digest()
    keys: list[str | None] = []
    for path, rel, file_config, *_ in work:
        try:
            data = read_bytes(Path(path), int(float(file_config.setting("max-file-size-mb")) * 2**20))
        except SourceError:
            keys.append(None)
            continue
        digest = config_digest if file_config is config else file_config.digest()
        keys.append(store.key(rel, content_hash(data), digest))
    return keys


def _cached_run(
    store: ResultCache, work: Sequence[WorkItem], keys: Sequence[str | None], pool: PoolMap, progress: Progress | None
) -> list[FileResult]:
    """Per-file results from the cache, the misses analysed (and stored)."""
    results: list[FileResult] = []
    misses: list[WorkItem] = []
    miss_keys: dict[str, str] = {}
    for item, key in zip(work, keys, strict=True):
        hit = store.get(key) if key is not None else None
        if isinstance(hit, FileResult):
            results.append(hit)
            if progress:
                progress(len(results), len(work), item[1])
            continue
        misses.append(item)
        if key is not None:
            miss_keys[item[1]] = key
    for result in run_files(misses, pool, progress, len(results), len(work)):
        results.append(result)
        if result.summary.relpath in miss_keys:
            store.put(miss_keys[result.summary.relpath], result)
    return results


def exclude_patterns(config: Config, root: Path) -> list[str]:
    """Configured excludes are relative to the config file; discovery matches them from ``root``."""
    if not config.exclude or config.base is None:
        return list(config.exclude)
    base = Path(config.base)
    if base == root:
        return list(config.exclude)
    try:
        prefix = base.relative_to(root).as_posix()
    except ValueError:
        return list(config.exclude)
    return [f"/{prefix}/{p.lstrip('/')}" for p in config.exclude]


def _finish(results: list[FileResult], config: Config, root: Path, pool: PoolMap) -> AuditResult:
    results.sort(key=lambda r: r.summary.relpath)
    findings = [f for r in results for f in r.findings]
    findings.extend(_run_project_rules(results, config, root, pool))
    suppressions = {r.summary.relpath: r.suppressions for r in results}
    kept = [f for f in findings if _enabled(config, root, f) and not is_suppressed(f, suppressions)]
    kept.sort(key=Finding.sort_key)
    return AuditResult(
        root=str(root),
        files=tuple(r.summary for r in results if r.summary.kind is not None or r.summary.input_error),
        findings=tuple(_unique_fingerprints(kept)),
        config_source=config.source,
    )
