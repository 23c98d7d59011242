"""Read-only facts about one document, computed once and shared by every rule.

Rules ask :class:`DocumentFacts` for what they need; each fact is computed on
first use (parse trees, scopes, the dataflow graph), so a run with few rules
selected does little work, and no cell is parsed or scanned twice.
"""

from __future__ import annotations

from nbrefactor.analysis.dataflow import Dataflow
from nbrefactor.analysis.flow_build import build_dataflow
from nbrefactor.analysis.functions import FunctionFacts, class_facts
from nbrefactor.analysis.lazy import lazy
from nbrefactor.analysis.names import BUILTIN_NAMES
from nbrefactor.analysis.outline import from_tree, outline
from nbrefactor.analysis.parse import ParsedCell, parse_cells, too_large
from nbrefactor.analysis.scopes import CellScan, StringSite, scan_cell
from nbrefactor.analysis.units import CellOutline, Unit, boilerplate_calls, extract_units
from nbrefactor.config import Config
from nbrefactor.model import Cell, Document


class DocumentFacts:
    """Lazily computed analysis of one :class:`Document` under one :class:`Config`."""

    def __init__(self, document: Document, config: Config) -> None:
        self.document = document
        self.config = config

    @lazy
    def code_cells(self) -> tuple[Cell, ...]:
        """The document's code cells (``Document.code_cells``, computed once)."""
        return tuple(c for c in self.document.cells if c.cell_type == "code")

    @lazy
    def parsed(self) -> tuple[ParsedCell, ...]:
        """Every code cell of a Python document, parsed (problems recorded, not raised)."""
        if not self.document.is_python:
            return ()
        return parse_cells(self.code_cells, self._max_cell_bytes)

    @property
    def _max_cell_bytes(self) -> int:
        return int(self.config.setting("max-cell-kb")) * 1024

    @lazy
    def outlines(self) -> tuple[CellOutline, ...]:
        """Each code cell's top-level statements (see :mod:`nbrefactor.analysis.outline`).

        Read from the cell's tree when the document was parsed already, else
        from its text without parsing it (``--select NBR1`` never parses). The
        two agree on code that parses; a cell that does not parse is outlined
        from its text either way, so the outcome never depends on which rules run.
        """
        if not self.document.is_python:
            return ()
        calls = boilerplate_calls(self.config)
        trees = {id(p.cell): p.tree for p in self.parsed} if DocumentFacts.parsed.computed(self) else {}
        out: list[CellOutline] = []
        for cell in self.code_cells:
            tree = trees.get(id(cell))
            if tree is not None:
                out.append((cell, from_tree(tree, calls)))
            elif too_large(cell.code, self._max_cell_bytes) is None:
                statements = outline(cell.code, calls)
                if statements is not None:
                    out.append((cell, statements))
        return tuple(out)

    @lazy
    def trees(self) -> tuple[ParsedCell, ...]:
        """The code cells that parsed."""
        return tuple(p for p in self.parsed if p.tree is not None)

    @lazy
    def scans(self) -> tuple[tuple[Cell, CellScan], ...]:
        """Each parsed cell's scopes, calls and string literals (one walk per cell).

        A cell nested too deeply for the walk (thousands of chained operators)
        is left out, and :attr:`complete` becomes False.
        """
        out = []
        for parsed in self.trees:
            try:
                out.append((parsed.cell, scan_cell(parsed.tree)))  # type: ignore[arg-type]
            except RecursionError:
                continue
        return tuple(out)

    @lazy
    def strings(self) -> tuple[tuple[Cell, StringSite], ...]:
        """Every string site of the document (paths, devices: rare), with its cell."""
        return tuple((cell, site) for cell, scan in self.scans for site in scan.strings)

    @lazy
    def callees(self) -> frozenset[str]:
        """The last name of everything the document calls (``step`` for ``opt.step()``), to skip rules early."""
        return frozenset().union(*(scan.callees for _, scan in self.scans))

    @lazy
    def call_roots(self) -> frozenset[str]:
        """The names the document's attribute callees start from (``np`` for ``np.random.rand()``)."""
        return frozenset().union(*(scan.call_roots for _, scan in self.scans))

    @lazy
    def dataflow(self) -> Dataflow:
        """The cross-cell dataflow graph: cell flows, edges, function facts, bindings."""
        return build_dataflow(self.scans)

    @lazy
    def class_facts(self) -> tuple[FunctionFacts, ...]:
        """Module-level classes as :class:`FunctionFacts` (what their bodies and methods use)."""
        skip = BUILTIN_NAMES - frozenset(self.dataflow.bindings)
        return tuple(f for cell, scan in self.scans for f in class_facts(scan, cell.index, skip))

    @lazy
    def complete(self) -> bool:
        """Whether every code cell parsed and was scanned (facts about missing names are unreliable otherwise)."""
        return len(self.scans) == len(self.parsed)

    @lazy
    def units(self) -> tuple[Unit, ...]:
        """Functions, methods, classes and top-level statement runs, for clone detection."""
        return extract_units(self.document, self.outlines, self.config)
