"""What ``extract`` did to each notebook: Success, Skipped or Failed (LibCST's transform results)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from nbrefactor.refactor.plan import KeptDefinition, NotebookPlan


@dataclass(frozen=True)
class Success:
    """The notebook was rewritten (or would be, in a dry run); ``files`` are the paths written."""

    notebook: str
    plan: NotebookPlan
    files: tuple[str, ...] = ()
    backups: tuple[str, ...] = ()
    diff: str = ""
    verified: str = ""  # the verify verdict, when --verify ran


@dataclass(frozen=True)
class Skipped:
    """Nothing was done to the notebook, for ``reason`` (nothing to move, a file it must not touch...)."""

    notebook: str
    reason: str
    kept: tuple[KeptDefinition, ...] = ()
    #: Nothing was wrong: nothing to move, or a plain script (already importable).
    benign: bool = False


@dataclass(frozen=True)
class Failed:
    """Something went wrong; every file of this notebook is as it was."""

    notebook: str
    error: str


NotebookResult = Union[Success, Skipped, Failed]


@dataclass(frozen=True)
class ExtractResult:
    """The outcome of :func:`nbrefactor.extract`."""

    root: str
    package: str
    package_dir: str
    import_hint: str
    results: tuple[NotebookResult, ...] = field(default_factory=tuple)
    dry_run: bool = False

    @property
    def changed(self) -> tuple[Success, ...]:
        return tuple(r for r in self.results if isinstance(r, Success))

    def exit_code(self) -> int:
        """0 when every notebook was extracted or had nothing to move; 1 otherwise."""
        bad = [r for r in self.results if isinstance(r, Failed) or (isinstance(r, Skipped) and not r.benign)]
        return 1 if bad else 0
