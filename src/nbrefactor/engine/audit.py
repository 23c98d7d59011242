"""The audit: discover documents, analyse each (in parallel, cached), then run
project-wide rules, filter by configuration and suppressions, and sort.

Results are identical whatever the number of workers and whether the cache is
used: per-file work is a pure function of the file's bytes, its path and its
configuration, and everything is sorted at the end.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from nbrefactor.analysis import DocumentFacts
from nbrefactor.config import Config, find_pyproject, load_config
from nbrefactor.engine.cache import CACHE_DIR_NAME, ResultCache
from nbrefactor.model import DocumentKind, Finding
from nbrefactor.rules import ALL_RULES, ProjectRule, Rule, RuleContext, error_finding, internal_error_finding
from nbrefactor.rules.base import ProjectContext
from nbrefactor.rules.suppress import Suppressions, collect, is_suppressed
from nbrefactor.sources import SourceError, content_hash, discover, read_bytes, read_document, relative_path

#: ``progress(done, total, relpath)`` is called after each file is analysed.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class FileSummary:
    """What was read from one file (``kind`` None when it could not be read)."""

    relpath: str
    kind: DocumentKind | None
    cells: int = 0
    code_cells: int = 0
    language: str = "python"
    input_error: bool = False


@dataclass(frozen=True)
class FileResult:
    """Everything the audit keeps of one file: cacheable and picklable."""

    summary: FileSummary
    findings: tuple[Finding, ...] = ()
    suppressions: Suppressions = field(default_factory=Suppressions)
    payloads: Mapping[str, Any] = field(default_factory=dict)


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


def _active_rules(config: Config) -> list[Rule]:
    return [rule() for rule in ALL_RULES if config.enabled(rule.code)]


def analyse_file(path: str, relpath: str, config: Config, data: bytes | None = None) -> FileResult:
    """Read and analyse one file under its own configuration.

    Never raises: bad input becomes an NBR9xx finding, and an unexpected
    exception (a bug) becomes NBR900 for this file and this rule only.
    """
    max_bytes = int(float(config.setting("max-file-size-mb")) * 2**20)
    try:
        document = read_document(path, relpath=relpath, data=data, max_bytes=max_bytes)
    except SourceError as error:
        finding = error_finding(error, relpath)
        return FileResult(FileSummary(relpath, None, input_error=True), (finding,) if config.enabled(finding.code) else ())
    except Exception as exc:  # noqa: BLE001 - a bug must not stop the batch
        return FileResult(FileSummary(relpath, None, input_error=True), (internal_error_finding(relpath, "reading", exc),))
    if document is None:
        return FileResult(FileSummary(relpath, None))
    facts = DocumentFacts(document, config)
    ctx = RuleContext(facts)
    findings: list[Finding] = []
    payloads: dict[str, Any] = {}
    failed = False
    for rule in _active_rules(config):
        try:
            if isinstance(rule, ProjectRule):
                if document.is_python:
                    payloads[rule.code] = rule.collect(facts)
            else:
                findings.extend(rule.check(ctx))
        except Exception as exc:  # noqa: BLE001 - one rule's bug must not hide the others' findings
            failed = True
            findings.append(internal_error_finding(relpath, f"running {rule.code} {rule.name}", exc))
    summary = FileSummary(
        relpath, document.kind, len(document.cells), len(document.code_cells), document.language, input_error=failed
    )
    return FileResult(summary, tuple(findings), collect(document), payloads)


def _analyse_batch(batch: Sequence[tuple[str, str, Config]]) -> list[FileResult]:
    return [analyse_file(path, rel, cfg) for path, rel, cfg in batch]


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


def _executor(jobs: int) -> Executor:
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method))


def _run_files(
    work: list[tuple[str, str, Config]], jobs: int, progress: Progress | None, done: int, total: int
) -> Iterable[FileResult]:
    """Analyse files, in a process pool when there are enough of them."""
    if jobs <= 1 or len(work) < 8:
        for item in work:
            result = analyse_file(*item)
            done += 1
            if progress:
                progress(done, total, result.summary.relpath)
            yield result
        return
    size = max(1, min(32, len(work) // (jobs * 4)))
    batches = [work[i : i + size] for i in range(0, len(work), size)]
    with _executor(jobs) as pool:
        for results in pool.map(_analyse_batch, batches):
            for result in results:
                done += 1
                if progress:
                    progress(done, total, result.summary.relpath)
                yield result


def _run_project_rules(results: Sequence[FileResult], config: Config, root: Path) -> list[Finding]:
    findings: list[Finding] = []
    shared: dict[str, Any] = {}
    for rule in _active_rules(config):
        if isinstance(rule, ProjectRule):
            payloads = {r.summary.relpath: r.payloads[rule.code] for r in results if rule.code in r.payloads}
            ctx = ProjectContext(payloads, lambda rel: config.for_path(root / rel), shared)
            findings.extend(rule.check_project(ctx))
    return findings


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
    files = discover(paths, root_path, _exclude_patterns(config, root_path))
    store = None
    if cache:
        store = ResultCache(Path(cache) if not isinstance(cache, bool) else root_path / CACHE_DIR_NAME)
    results: list[FileResult] = []
    misses: list[tuple[str, str, Config]] = []
    keys: dict[str, str] = {}
    all_keys: list[str] = []
    for file in files:
        rel = relative_path(file, root_path)
        file_config = config.for_path(file)
        if store is not None:
            try:
                digest = content_hash(read_bytes(file, int(float(file_config.setting("max-file-size-mb")) * 2**20)))
            except SourceError:
                digest = None
            if digest is not None:
                key = store.key(rel, digest, file_config.digest())
                all_keys.append(key)
                hit = store.get(key)
                if isinstance(hit, FileResult):
                    results.append(hit)
                    if progress:
                        progress(len(results), len(files), rel)
                    continue
                keys[rel] = key
        misses.append((str(file), rel, file_config))
    for result in _run_files(misses, jobs or os.cpu_count() or 1, progress, len(results), len(files)):
        results.append(result)
        if store is not None and result.summary.relpath in keys:
            store.put(keys[result.summary.relpath], result)
    project = None
    if store is not None and len(all_keys) == len(files):
        project = (store, store.key("<project>", "|".join(sorted(all_keys)), config.digest()))
    return _finish(results, config, root_path, project)


def _exclude_patterns(config: Config, root: Path) -> list[str]:
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


def _project_findings(
    results: list[FileResult], config: Config, root: Path, project: tuple[ResultCache, str] | None
) -> list[Finding]:
    """Project rules' findings, cached under a key of every file's key when all files have one."""
    if project is None:
        return _run_project_rules(results, config, root)
    store, key = project
    hit = store.get(key, ".project")
    if isinstance(hit, list):
        return hit
    findings = _run_project_rules(results, config, root)
    store.put(key, findings, ".project")
    return findings


def _finish(
    results: list[FileResult], config: Config, root: Path, project: tuple[ResultCache, str] | None = None
) -> AuditResult:
    results.sort(key=lambda r: r.summary.relpath)
    findings = [f for r in results for f in r.findings]
    findings.extend(_project_findings(results, config, root, project))
    suppressions = {r.summary.relpath: r.suppressions for r in results}
    kept = [
        f
        for f in findings
        if config.for_path(root / f.location.path).enabled(f.code) and not is_suppressed(f, suppressions)
    ]
    kept.sort(key=Finding.sort_key)
    return AuditResult(
        root=str(root),
        files=tuple(r.summary for r in results if r.summary.kind is not None or r.summary.input_error),
        findings=tuple(_unique_fingerprints(kept)),
        config_source=config.source,
    )
