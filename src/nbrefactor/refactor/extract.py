"""``extract``: read the notebooks, plan, render, then write each notebook's files together.

Plain scripts are already modules: they are not rewritten, but their
definitions take part in clone detection (a copy that drifted is reported).
Files inside the target package are reusable copies of helpers. A notebook
whose module or test file exists and was not created by extract is skipped
unless ``force``; one bad notebook never stops the others.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from nbrefactor.analysis import DocumentFacts
from nbrefactor.config import Config, find_pyproject, load_config
from nbrefactor.errors import NbrefactorError
from nbrefactor.model import DocumentKind
from nbrefactor.refactor.apply import FileSet, created_by_us
from nbrefactor.refactor.checked import BASELINE_TAG, verify_rewrite
from nbrefactor.refactor.dedupe import Source
from nbrefactor.refactor.inventory import Inventory
from nbrefactor.refactor.layout import Layout, module_name, resolve_layout
from nbrefactor.refactor.plan import NotebookPlan, Target, make_plan
from nbrefactor.refactor.render import ConflictError, header, module_text, notebook_sources, test_text
from nbrefactor.refactor.result import ExtractResult, Failed, NotebookResult, Skipped, Success
from nbrefactor.sources import SourceError, content_hash, discover, read_bytes, read_document, schema_problem
from nbrefactor.sources.notebook import NotebookFile, read_notebook, replace_sources
from nbrefactor.sources.text import decode_python, read_python_file, replace_text_cells


@dataclass
class _Read:
    path: Path
    inventory: Inventory
    nbfile: NotebookFile | None
    text: str | None = None  # a percent notebook's text


def _read(path: Path, layout: Layout, config: Config) -> _Read:
    rel = layout.relative(path)
    data = read_bytes(path)
    if path.suffix.lower() == ".ipynb":
        document, nbfile = read_notebook(str(path), rel, data, content_hash(data))
    else:
        found, nbfile = read_document(path, relpath=rel, data=data), None
        if found is None:
            raise SourceError("not-a-document", "not a notebook")
        document = found
    text = decode_python(data) if document.kind is DocumentKind.PERCENT else None
    return _Read(path, Inventory(DocumentFacts(document, config.for_path(path))), nbfile, text)


def _package_sources(layout: Layout, config: Config) -> list[Source]:
    out: list[Source] = []
    if not layout.package_dir.is_dir():
        return out
    for path in sorted(layout.package_dir.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        try:
            read = _read(path, layout, config)
        except SourceError:
            continue
        dotted = ".".join(path.relative_to(layout.import_root).with_suffix("").parts).removesuffix(".__init__")
        out.append(Source(read.inventory, None, dotted, package=True))
    return out


def _why_not(read: _Read) -> str | None:
    doc = read.inventory.document
    if not doc.is_python:
        return f"the notebook's language is {doc.language}, not Python"
    if doc.kind is DocumentKind.SCRIPT:
        return "a plain script is already a module: import it instead"
    if read.nbfile is None and read.text is None:
        return f"{doc.kind.value} text notebooks are not rewritten yet (pair them with an .ipynb, or convert with jupytext)"
    if doc.nbformat and doc.nbformat[0] < 4:
        return "nbformat 3 notebooks are read-only: upgrade with `jupyter nbconvert --to notebook`"
    return None


def _modules(reads: Sequence[_Read], given: str | None) -> list[str]:
    if given is not None and len(reads) > 1:
        raise NbrefactorError("--module names one module: give exactly one notebook with it")
    names: list[str] = []
    for read in reads:
        name = module_name(read.path, given)
        base, n = name, 1
        while name in names:
            n += 1
            name = f"{base}_{n}"
        names.append(name)
    return names


def _foreign(layout: Layout, module: str) -> str | None:
    for path in (layout.module_path(module), layout.test_path(module)):
        if not created_by_us(path):
            return f"{layout.relative(path)} exists and was not created by nbrefactor (use --force to add to it)"
    return None


def _code_view(read: _Read, sources: dict[int, str], removed: list[int]) -> tuple[str, str]:
    cells = [c for c in read.inventory.document.cells if c.is_code]
    old = "".join(f"# %% [cell {c.index}]\n{c.source.rstrip()}\n\n" for c in cells)
    new = "".join(
        f"# %% [cell {c.index}]\n{sources.get(c.index, c.source).rstrip()}\n\n" for c in cells if c.index not in removed
    )
    return old, new


def _files(plan: NotebookPlan, read: _Read, layout: Layout, with_init: bool) -> FileSet:
    files = FileSet(layout.root)
    init = layout.package_dir / "__init__.py"
    if with_init and not init.exists():
        files.add(init, header(None, f"The ``{layout.package}`` package."))
    module_path, test_path = Path(plan.module_path), Path(plan.test_path)
    existing = module_path.read_text(encoding="utf-8") if module_path.exists() else None
    if plan.code.definitions or plan.code.constants:
        files.add(module_path, module_text(plan, existing))
        tests = test_path.read_text(encoding="utf-8") if test_path.exists() else None
        files.add(test_path, test_text(plan, tests))
    sources, removed = notebook_sources(plan, read.inventory)
    files.add(read.path, _notebook_text(read, sources, removed), _code_view(read, sources, removed))
    return files


def _notebook_text(read: _Read, sources: dict[int, str], removed: list[int]) -> str:
    """The rewritten notebook, checked: valid nbformat, or a percent script jupytext reads back."""
    if read.nbfile is not None:
        nbfile = replace_sources(read.nbfile, sources, removed)
        problem = schema_problem(nbfile.raw)
        if problem:
            raise SourceError("invalid-notebook", f"the rewritten notebook would not be valid: {problem}")
        return nbfile.text
    assert read.text is not None
    text = replace_text_cells(read.text, read.inventory.document.cells, sources, removed)
    read_python_file(str(read.path), "", text.encode("utf-8"), "")
    return text


def _run_one(plan: NotebookPlan, read: _Read, layout: Layout, options: _Options) -> NotebookResult:
    if not plan.changes:
        return Skipped(plan.relpath, "nothing to extract", plan.kept, benign=True)
    try:
        files = _files(plan, read, layout, options.with_init)
        diff = files.diff()
        if options.dry_run:
            return Success(plan.relpath, plan, tuple(str(p) for p in files.files), diff=diff)
        original = read.path.read_bytes()
        snapshot = files.snapshot()
        written, backups = files.commit(options.backup)
    except (ConflictError, SourceError, OSError, SyntaxError) as exc:
        return Failed(plan.relpath, str(exc))
    verdict = ""
    if options.verify:
        removed = notebook_sources(plan, read.inventory)[1]
        ok, verdict = verify_rewrite(read.path, original, layout, options.verify_timeout, removed)
        if not ok:
            snapshot.restore()
            for copy in backups:
                Path(copy).unlink(missing_ok=True)
            return Failed(plan.relpath, f"{verdict}; every file was restored")
    return Success(plan.relpath, plan, tuple(written), tuple(backups), diff, verdict)


@dataclass(frozen=True)
class _Options:
    dry_run: bool
    backup: bool
    verify: bool
    with_init: bool = True
    verify_timeout: float | None = None


def _run_all(
    pending: list[tuple[_Read, str]], layout: Layout, config: Config, others: list[Source], options: _Options
) -> list[NotebookResult]:
    """Plan and write the notebooks in order. After a notebook fails, the rest are planned
    again, so that none of them imports a helper from a module that was not written."""
    results: list[NotebookResult] = []
    while pending:
        targets = [
            Target(r.inventory, f"{layout.package}.{name}", str(layout.module_path(name)), str(layout.test_path(name)))
            for r, name in pending
        ]
        plan = make_plan(targets, layout.package, config, [*_package_sources(layout, config), *others])
        rest: list[tuple[_Read, str]] = []
        for k, (nb_plan, (read, _)) in enumerate(zip(plan.notebooks, pending, strict=True)):
            first = not any(isinstance(r, Success) for r in results)
            result = _run_one(nb_plan, read, layout, replace(options, with_init=first or not options.dry_run))
            results.append(result)
            if isinstance(result, Failed) and nb_plan.code.definitions:
                rest = pending[k + 1 :]
                break
        pending = rest
    return results


def _read_all(files: list[Path], layout: Layout, config: Config) -> tuple[list[NotebookResult], list[_Read], list[Source]]:
    """Read every file: (results for those that cannot be extracted, targets, other Python documents)."""
    results: list[NotebookResult] = []
    targets: list[_Read] = []
    others: list[Source] = []
    for path in files:
        if layout.package_dir in path.parents or (path.suffix == ".py" and created_by_us(path)):
            continue  # the package's modules are reused, not extracted; generated tests are ours
        if BASELINE_TAG in path.name:
            continue  # a --verify baseline left by an interrupted run
        try:
            read = _read(path, layout, config)
        except SourceError as exc:
            if exc.kind != "not-a-document":
                results.append(Failed(layout.relative(path), exc.message))
            continue
        reason = _why_not(read)
        if reason is None:
            targets.append(read)
            continue
        if read.inventory.document.is_python:
            others.append(Source(read.inventory, None, ""))
        benign = read.inventory.document.kind is DocumentKind.SCRIPT
        results.append(Skipped(read.inventory.document.relpath, reason, benign=benign))
    return results, targets, others


def extract(
    paths: Sequence[str | os.PathLike[str]],
    *,
    package: str | None = None,
    module: str | None = None,
    dry_run: bool = False,
    force: bool = False,
    backup: bool = False,
    verify: bool | None = None,
    verify_timeout: float | None = None,
    root: str | os.PathLike[str] | None = None,
    config: Config | None = None,
) -> ExtractResult:
    """Move the reusable code of notebooks into a package module each, with generated tests.

    ``package`` is the package folder relative to the project root (default:
    ``src/<project name>``), ``module`` the module name for a single notebook.
    With ``dry_run`` nothing is written; the results carry the diffs.

    Rewriting the notebooks (the user's originals) takes an explicit choice:
    ``verify=True`` runs each rewritten notebook and its original (see
    :mod:`nbrefactor.refactor.checked`) and restores every file when an output
    differs (``verify_timeout``: seconds per cell); ``verify=False`` rewrites
    them without running them. ``backup`` keeps ``<file>.bak`` copies of
    changed files. Raises :class:`NbrefactorError` for usage errors (a missing
    path, a bad target, neither ``dry_run`` nor a ``verify`` choice).
    """
    if verify is None and not dry_run:
        raise NbrefactorError(
            "extract rewrites the notebooks: pass verify=True (run them before and after, undo on any "
            "output change), verify=False (rewrite them without running them) or dry_run=True"
        )
    try:
        files = discover([str(p) for p in paths], Path(root or Path.cwd()).resolve())
    except FileNotFoundError as exc:
        raise NbrefactorError(f"no such file or folder: {exc.args[0]}") from None
    layout = resolve_layout(files, package, Path(root) if root else None)
    if config is None:
        config = load_config(find_pyproject(layout.root))
    results, targets, others = _read_all(files, layout, config)
    names = _modules(targets, module)
    kept: list[tuple[_Read, str]] = []
    for read, name in zip(targets, names, strict=True):
        foreign = None if force else _foreign(layout, name)
        if foreign:
            results.append(Skipped(read.inventory.document.relpath, foreign))
        else:
            kept.append((read, name))
    options = _Options(dry_run, backup, bool(verify) and not dry_run, verify_timeout=verify_timeout)
    results += _run_all(kept, layout, config, others, options)
    order = {layout.relative(p): i for i, p in enumerate(files)}
    results.sort(key=lambda r: order.get(r.notebook, len(order)))
    return ExtractResult(str(layout.root), layout.package, str(layout.package_dir), layout.import_hint(), tuple(results), dry_run)
