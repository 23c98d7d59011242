"""``record`` (and ``extract --record``): characterisation tests recorded from the notebooks.

Runs each notebook once through the verify layer with the modules' functions
recorded (:mod:`nbrefactor.verify.record`), keeps the first few distinct
calls of each function across all notebooks, and writes
``tests/test_<module>_recorded.py`` with its fixtures in
``tests/fixtures/<module>/`` (:mod:`nbrefactor.refactor.recorded_tests`).
Both files belong to ``record``: each run rewrites them. Like ``extract
--verify``, this executes user code only through the verify layer (imported
when a recording starts). See docs/record.md.
"""

from __future__ import annotations

import ast
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from nbrefactor.config import Config, find_pyproject, load_config
from nbrefactor.errors import NbrefactorError
from nbrefactor.model import RecordedCall, Recording, RecordSkip
from nbrefactor.refactor.layout import find_root
from nbrefactor.refactor.recorded_tests import MARKER, TestFile, recorded_test_file
from nbrefactor.sources import write_atomic

if TYPE_CHECKING:
    from nbrefactor.refactor.result import ExtractResult
    from nbrefactor.verify.record import RecordOptions

FIXTURE_SUFFIXES = (".npz", ".pt", ".pkl")


@dataclass(frozen=True)
class ModuleTarget:
    """A module to record: its dotted name, its file, and the folder it is imported from."""

    module: str
    path: Path
    import_root: Path

    @property
    def short(self) -> str:
        return self.module.rsplit(".", 1)[-1]

    def functions(self) -> tuple[str, ...]:
        """The module's functions and its classes' public methods (``Report.show``), in order."""
        tree = ast.parse(self.path.read_text(encoding="utf-8"))
        found: list[str] = []
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.append(node.name)
            elif isinstance(node, ast.ClassDef):
                methods = [m for m in node.body if isinstance(m, ast.FunctionDef) and not m.name.startswith("_")]
                found += [f"{node.name}.{m.name}" for m in methods]
        return tuple(found)


@dataclass(frozen=True)
class ModuleTests:
    """The tests written (or not, with ``reason``) for one module."""

    module: str
    test_path: str
    cases: int = 0
    functions: tuple[str, ...] = ()
    tested: tuple[str, ...] = ()
    skips: tuple[RecordSkip, ...] = ()
    fixture_bytes: int = 0
    reason: str | None = None


@dataclass(frozen=True)
class RecordResult:
    """The outcome of :func:`record`: one entry per module, and each notebook run."""

    root: str
    modules: tuple[ModuleTests, ...] = ()
    recordings: tuple[Recording, ...] = field(default_factory=tuple)

    def exit_code(self) -> int:
        """0 when every module got its tests and every notebook ran to the end; 1 otherwise."""
        bad = any(m.reason for m in self.modules) or any(r.problem for r in self.recordings)
        return 1 if bad else 0


def resolve_module(name: str, root: Path | None) -> ModuleTarget:
    """A module given as a path (``src/pkg/mod.py``) or a dotted name (looked up in ``src/`` and the root)."""
    path = Path(name)
    if path.suffix == ".py" and path.is_file():
        path = path.resolve()
        parts, folder = [path.stem], path.parent
        while (folder / "__init__.py").is_file():
            parts.insert(0, folder.name)
            folder = folder.parent
        return ModuleTarget(".".join(parts).removesuffix(".__init__"), path, folder)
    base = (root or Path.cwd()).resolve()
    for import_root in (base / "src", base):
        candidate = import_root / Path(*name.split(".")).with_suffix(".py")
        if candidate.is_file():
            return ModuleTarget(name, candidate, import_root)
    raise NbrefactorError(f"no module {name!r}: give its file (src/pkg/module.py) or run from the project root")


def options_from(config: Config) -> tuple[RecordOptions, float, float]:
    """Recording options and (rtol, atol) from ``[tool.nbrefactor]`` ``record-*`` settings."""
    from nbrefactor.verify.record import RecordOptions

    options = RecordOptions(
        max_calls=int(config.setting("record-max-calls")),
        call_mb=float(config.setting("record-call-mb")),
        function_mb=float(config.setting("record-function-mb")),
        total_mb=float(config.setting("record-total-mb")),
    )
    return options, float(config.setting("record-rtol")), float(config.setting("record-atol"))


def _sample(recordings: Sequence[Recording], limit: int) -> dict[str, list[RecordedCall]]:
    """Per module, the first ``limit`` distinct calls of each function, in notebook order."""
    seen: set[tuple[str, str, str]] = set()
    count: dict[tuple[str, str], int] = {}
    out: dict[str, list[RecordedCall]] = {}
    for call in (c for r in recordings for c in r.calls):
        key = (call.module, call.function)
        if (*key, call.digest) in seen or count.get(key, 0) >= limit:
            continue
        seen.add((*key, call.digest))
        count[key] = count.get(key, 0) + 1
        out.setdefault(call.module, []).append(call)
    return out


def _files(target: ModuleTarget, test_path: Path, made: TestFile) -> int:
    """Write the test file and replace the module's fixtures; the fixtures' size."""
    fixtures = test_path.parent / "fixtures" / target.short
    if fixtures.is_dir():
        for old in fixtures.iterdir():
            if old.suffix in FIXTURE_SUFFIXES:
                old.unlink()
    fixtures.mkdir(parents=True, exist_ok=True)
    for name, source in made.fixtures.items():
        shutil.copyfile(source, fixtures / name)
    write_atomic(test_path, made.text.encode("utf-8"))
    return sum(os.path.getsize(fixtures / n) for n in made.fixtures)


@dataclass
class _Work:
    """One module's tests while they are written and replayed."""

    target: ModuleTarget
    test_path: Path
    calls: list[RecordedCall]
    skips: list[RecordSkip]
    functions: tuple[str, ...]
    made: TestFile | None = None
    size: int = 0
    reason: str | None = None

    folders: tuple[str, ...] = ()

    def write(self, tol: tuple[float, float]) -> None:
        self.made = recorded_test_file(
            self.target.module, self.calls, self.skips, defined=self.functions,
            fixtures=f"fixtures/{self.target.short}", rtol=tol[0], atol=tol[1], folders=self.folders,
        )  # fmt: skip
        self.size = _files(self.target, self.test_path, self.made)

    def absorb(self, failed: dict[str, str], last: bool) -> bool:
        """Drop the calls whose tests failed (with the reason); True when the file must be written again."""
        assert self.made is not None
        mine = {k.split("::", 1)[1]: m for k, m in failed.items() if k.split("::", 1)[0] in (self.test_path.stem, "*")}
        dropped = {name: message for name, message in mine.items() if name in self.made.tests}
        if not mine:
            return False
        if last or len(dropped) < len(mine):
            self.reason = f"the generated tests do not pass: {next(iter(mine.values()))}"
            return False
        self.calls = [c for name, c in self.made.tests.items() if name not in dropped]
        new = [
            RecordSkip(self.target.module, call.function, call.notebook, f"replaying the call failed: {dropped[name]}")
            for name, call in self.made.tests.items() if name in dropped
        ]  # fmt: skip
        self.skips = list({(s.function, s.reason): s for s in [*self.skips, *new]}.values())
        return True

    def result(self, root: Path) -> ModuleTests:
        rel = self.test_path.relative_to(root).as_posix()
        cases = self.made.cases if self.made else 0
        tested = tuple(dict.fromkeys(c.function for c in self.calls))
        return ModuleTests(
            self.target.module, rel, cases, self.functions, tested, tuple(self.skips), self.size, self.reason
        )


def _write_all(works: list[_Work], import_root: Path, tol: tuple[float, float]) -> None:
    """Write every module's tests, replay them together (once more after dropping calls that failed)."""
    from nbrefactor.verify.record import replay

    pending = [w for w in works if w.reason is None]
    for attempt in range(2):
        for work in pending:
            work.write(tol)
        tested = [w.test_path for w in pending if w.made and w.made.cases]
        failed = replay(tested, import_root) if tested else {}
        pending = [w for w in pending if w.absorb(failed, last=attempt == 1)]
        if not pending:
            return


def _work(target: ModuleTarget, root: Path, calls: list[RecordedCall], skips: list[RecordSkip]) -> _Work:
    test_path = root / "tests" / f"test_{target.short}_recorded.py"
    work = _Work(target, test_path, calls, skips, target.functions())
    if test_path.exists() and not test_path.read_text(encoding="utf-8").startswith(MARKER):
        rel = test_path.relative_to(root).as_posix()
        work.reason = f"{rel} exists and was not written by nbrefactor record"
    return work


def _label(notebook: str | os.PathLike[str], root: Path) -> str:
    path = Path(notebook).resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(notebook)


def record(
    modules: Sequence[str],
    notebooks: Sequence[str | os.PathLike[str]],
    *,
    root: str | os.PathLike[str] | None = None,
    config: Config | None = None,
    options: RecordOptions | None = None,
) -> RecordResult:
    """Run ``notebooks`` in order with the functions of ``modules`` recorded; write their tests.

    ``modules`` are files (``src/pkg/mod.py``) or dotted names; ``root`` is the
    project root (default: found from the package). Options not given come from
    ``[tool.nbrefactor]`` ``record-*`` settings. Raises :class:`NbrefactorError`
    for usage errors; what the notebooks do is reported in the result.
    """
    targets = [resolve_module(m, Path(root) if root else None) for m in modules]
    if not targets or not notebooks:
        raise NbrefactorError("record needs at least one module and one notebook")
    missing = [os.fspath(n) for n in notebooks if not Path(n).is_file()]
    if missing:
        raise NbrefactorError(f"no such notebook: {missing[0]}")
    import_root = targets[0].import_root
    if any(t.import_root != import_root for t in targets):
        raise NbrefactorError("the recorded modules must belong to one package folder")
    project = Path(root).resolve() if root else find_root(import_root)
    config = config or load_config(find_pyproject(project))
    settings, rtol, atol = options_from(config)
    options = options or settings
    names = [t.module for t in targets]
    from nbrefactor.verify.record import record_notebook

    with tempfile.TemporaryDirectory(prefix="nbrefactor-record-") as tmp:
        recordings = [
            record_notebook(
                nb,
                names,
                root=project,
                import_root=import_root,
                out=Path(tmp) / str(i),
                options=options,
                label=_label(nb, project),
            )
            for i, nb in enumerate(notebooks)
        ]
        sampled = _sample(recordings, options.max_calls)
        skips = {(s.module, s.function, s.reason): s for r in reversed(recordings) for s in r.skips}
        works = [
            _work(t, project, sampled.get(t.module, []), [s for s in skips.values() if s.module == t.module])
            for t in targets
        ]
        folders = tuple(sorted({f for r in recordings for f in r.folders}))
        for work in works:
            work.folders = folders
        _write_all(works, import_root, (rtol, atol))
        results = tuple(w.result(project) for w in works)
    return RecordResult(str(project), results, tuple(recordings))


def record_extracted(result: ExtractResult, *, options: RecordOptions | None = None) -> RecordResult | None:
    """``extract --record``: record the rewritten notebooks' calls of the modules ``extract`` wrote
    (None when it wrote none)."""
    changed = [r for r in result.changed if Path(r.plan.module_path).is_file()]
    if not changed:
        return None
    root = Path(result.root)
    modules = list(dict.fromkeys(r.plan.module_path for r in changed))
    return record(modules, [root / r.notebook for r in changed], root=root, options=options)
