"""Values that cross layers: where things are, what was read, what was found.

Everything here is a frozen dataclass (or an enum) so that results can be
cached, pickled across worker processes and compared in tests.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Mapping


class Severity(str, enum.Enum):
    """How bad a finding is; maps onto SARIF levels."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class DocumentKind(str, enum.Enum):
    """How a document is stored on disk."""

    NOTEBOOK = "notebook"  # .ipynb JSON
    PERCENT = "percent"  # jupytext percent script (`# %%`)
    LIGHT = "light"  # jupytext light script (with a jupytext header)
    MARKDOWN = "markdown"  # jupytext Markdown or MyST notebook
    SCRIPT = "script"  # plain Python file: one cell, reported with cell=None


@dataclass(frozen=True)
class Location:
    """A span in a document, as the report contract defines it.

    ``path`` is relative to the audited root (POSIX separators). ``cell`` is the
    0-based index of the cell in the notebook, or ``None`` for a plain script.
    Lines and columns are 1-based; lines count within the cell (within the file
    for a plain script). ``file_line`` is the 1-based line in the file on disk
    where ``start_line`` stands, when the format makes that meaningful (text
    notebooks and scripts); it is ``None`` for ``.ipynb`` files.
    """

    path: str
    cell: int | None
    start_line: int
    start_column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    file_line: int | None = None

    def __post_init__(self) -> None:
        if self.end_line is None:
            object.__setattr__(self, "end_line", self.start_line)
        if self.end_column is None:
            object.__setattr__(self, "end_column", self.start_column)

    def display(self) -> str:
        """``path:cell N:line:col`` for notebooks, ``path:line:col`` for scripts."""
        if self.cell is None:
            return f"{self.path}:{self.start_line}:{self.start_column}"
        return f"{self.path}:cell {self.cell}:{self.start_line}:{self.start_column}"

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "cell": self.cell,
            "start_line": self.start_line,
            "start_column": self.start_column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }


@dataclass(frozen=True)
class Magic:
    """One piece of IPython syntax found in a cell, and how it was rewritten."""

    kind: str  # "line", "cell", "shell", "help"
    name: str  # magic name ("time", "run"), "!" for shell escapes, "?" for help
    args: str
    line: int  # 1-based line in the cell
    binds: str | None = None  # `x = !ls` / `x = %sx ls` / `%%capture x` bind a name
    python_body: bool = False  # the cell body is analysed as Python (%%time ...)


@dataclass(frozen=True)
class Cell:
    """One cell of a document, with the Python that analysis reads.

    ``source`` is the cell text exactly as stored. ``code`` is analysable Python:
    IPython syntax rewritten line for line (see :mod:`nbrefactor.sources.ipython`),
    so line ``n`` of ``code`` is line ``n`` of ``source``. Markdown and raw cells
    have ``code == ""``. ``first_line`` is the 1-based line of the file on disk
    where the cell's source starts (text formats only).
    """

    index: int
    cell_type: str
    source: str
    code: str = ""
    execution_count: int | None = None
    cell_id: str | None = None
    tags: tuple[str, ...] = ()
    magics: tuple[Magic, ...] = ()
    first_line: int | None = None
    has_outputs: bool = False

    @property
    def is_code(self) -> bool:
        return self.cell_type == "code"


@dataclass(frozen=True)
class Document:
    """A notebook or script, read and ready for analysis.

    ``path`` is absolute; ``relpath`` is relative to the audited root and is
    what every report shows. ``language`` is the kernel language ("python" for
    scripts); documents in other languages are read but not analysed.
    ``nbformat`` is the (major, minor) version on disk, before any upgrade.
    """

    path: str
    relpath: str
    kind: DocumentKind
    cells: tuple[Cell, ...]
    language: str = "python"
    nbformat: tuple[int, int] | None = None
    content_hash: str = ""
    metadata: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    #: Problems noticed while reading that did not stop it (nbformat schema violations).
    read_warnings: tuple[str, ...] = ()

    @property
    def is_notebook(self) -> bool:
        return self.kind is not DocumentKind.SCRIPT

    @property
    def is_python(self) -> bool:
        return self.language.lower().startswith(("python", "ipython"))

    @property
    def code_cells(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c.is_code)

    def location(
        self,
        cell: Cell,
        start_line: int,
        start_column: int = 1,
        end_line: int | None = None,
        end_column: int | None = None,
    ) -> Location:
        """A report location for a span of ``cell`` (lines 1-based within the cell)."""
        file_line = None if cell.first_line is None else cell.first_line + start_line - 1
        return Location(
            path=self.relpath,
            cell=cell.index if self.is_notebook else None,
            start_line=start_line,
            start_column=start_column,
            end_line=end_line,
            end_column=end_column,
            file_line=file_line,
        )


@dataclass(frozen=True)
class Finding:
    """One problem a rule found.

    ``locations[0]`` is the primary location; further locations are related
    places (the other members of a clone family, the cell that defines a name).
    ``data`` carries rule-specific, JSON-serialisable details (similarity,
    diffs, parameter lists). ``fingerprint`` is stable across unrelated edits
    (it hashes content, not line numbers) and feeds SARIF and baselines.
    """

    code: str
    name: str
    message: str
    severity: Severity
    locations: tuple[Location, ...]
    fingerprint: str = ""
    data: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def location(self) -> Location:
        return self.locations[0]

    def sort_key(self) -> tuple[Any, ...]:
        loc = self.location
        return (loc.path, -1 if loc.cell is None else loc.cell, loc.start_line, loc.start_column, self.code)


# --- Recorded calls (``nbrefactor record``): made by verify, turned into tests by refactor ---


@dataclass(frozen=True)
class RecordedCall:
    """One call of a package function recorded while a notebook ran.

    ``spec`` is the JSON description the kernel wrote (argument names and how
    to rebuild each, the result or exception, the arguments after the call,
    what was printed, whether random generators were used); ``files`` maps a
    bundle (``"args.npz"``, ``"expected.pkl"``...) to the fixture file holding it.
    """

    module: str
    function: str
    notebook: str
    spec: Mapping[str, Any] = field(compare=False, hash=False)
    files: Mapping[str, str] = field(compare=False, hash=False)
    digest: str = ""
    size: int = 0


@dataclass(frozen=True)
class RecordSkip:
    """Calls of ``function`` that were not recorded, and why (once per reason)."""

    module: str
    function: str
    notebook: str
    reason: str


@dataclass(frozen=True)
class Recording:
    """What one recording run of ``notebook`` produced; ``problem`` says how it ended badly."""

    notebook: str
    calls: tuple[RecordedCall, ...] = ()
    skips: tuple[RecordSkip, ...] = ()
    problem: str | None = None
    #: Subfolders of the notebook's folder after the run (``data``, ``models``): the tests make
    #: them in their scratch folder, so that a function saving ``models/model.pt`` works there.
    folders: tuple[str, ...] = ()
