"""The cross-cell dataflow graph of one document.

For each code cell, :class:`CellFlow` says which module names it defines,
reads (before defining them itself) and mutates. A call to a notebook function
counts as that function's global reads, writes and mutations at the call (so a
cell that calls ``train_epoch()`` depends on the cell that made ``optimizer``).
For each read, an :class:`Edge` names the supplying cell twice: the nearest
defining cell above it (document order, what *Run All* does) and the defining
cell that ran last before it by the stored execution counts (what produced the
stored outputs).
"""

from __future__ import annotations

import ast
from ast import Name
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from nbrefactor.analysis.functions import FunctionFacts, GlobalUse, module_level
from nbrefactor.analysis.lazy import lazy
from nbrefactor.analysis.scopes import CellScan, Scope, Use

# Binding, Read, CellFlow and Edge are named tuples, like the Use they are made from:
# a document has one per binding, read and cell, and tuples are several times
# cheaper to make than frozen dataclasses.


class Binding(NamedTuple):
    """A module-level binding of ``name`` in a cell (``via``: the notebook function called to make it).

    ``fresh`` is False when the statement reads the name before rebinding it
    (``df = df.dropna()``, ``x += 1``); ``sources`` are the module names the
    binding statement reads.
    """

    name: str
    cell: int
    line: int
    column: int
    how: str
    fresh: bool = True
    sources: frozenset[str] = frozenset()
    via: str | None = None
    value: str = ""  # the literal, for "literal" bindings


class Read(NamedTuple):
    """A read of a module name by a cell before the cell binds it (``via`` a called function)."""

    name: str
    cell: int
    line: int
    column: int
    via: str | None = None


class CellFlow(NamedTuple):
    """One code cell's module-level dataflow."""

    cell: int
    execution_count: int | None
    defines: frozenset[str]
    reads: frozenset[str]
    mutates: frozenset[str]


class Edge(NamedTuple):
    """``reader`` reads ``name``; the cells that supply it in document and execution order."""

    reader: int
    name: str
    line: int
    column: int
    supplier: int | None
    exec_supplier: int | None
    via: str | None = None


@dataclass(frozen=True)
class Dataflow:
    """Every fact of the cross-cell graph; built by :func:`build_dataflow`."""

    cells: tuple[CellFlow, ...]
    edges: tuple[Edge, ...]
    functions: tuple[FunctionFacts, ...]
    bindings: Mapping[str, tuple[Binding, ...]]
    reads: tuple[Read, ...]
    mutations: tuple[Read, ...]
    imports: Mapping[str, str]
    #: A star import, ``%run``, ``exec`` or similar may define names nobody can see.
    open_namespace: bool
    #: The same, but not by a star import (a module can repeat those): ``%run``, ``%store -r``,
    #: ``exec``, ``globals()``.
    unseen_bindings: bool = False

    def function(self, name: str, before_cell: int | None = None) -> FunctionFacts | None:
        """The notebook function ``name`` as last defined at or above ``before_cell``."""
        return latest_function(self.functions_by_name, name, before_cell)

    def bindings_in(self, cell: int) -> list[Binding]:
        """Every module-level binding made by one cell."""
        return self.bindings_by_cell.get(cell, [])

    @lazy
    def functions_by_name(self) -> dict[str, list[FunctionFacts]]:
        return index_functions(self.functions)

    @lazy
    def bindings_by_cell(self) -> dict[int, list[Binding]]:
        out: dict[int, list[Binding]] = {}
        for binding in self.ordered_bindings:
            out.setdefault(binding.cell, []).append(binding)
        return out

    @lazy
    def ordered_bindings(self) -> list[Binding]:
        """Every binding, in document order."""
        return sorted((b for bs in self.bindings.values() for b in bs), key=lambda b: (b.cell, b.line, b.column))

    @lazy
    def binding_cells(self) -> list[int]:
        """The cell of each of :attr:`ordered_bindings` (for bisection)."""
        return [b.cell for b in self.ordered_bindings]

    @lazy
    def edges_by_name(self) -> dict[str, list[Edge]]:
        out: dict[str, list[Edge]] = {}
        for edge in self.edges:
            out.setdefault(edge.name, []).append(edge)
        return out

    def defined(self, name: str) -> bool:
        return name in self.bindings

    def is_code(self, name: str) -> bool:
        """A name bound only by imports, ``def`` and ``class``, or once as an alias of one (``tfd = tfp.distributions``)."""
        found = self.bindings.get(name, ())
        if found and all(b.how in ("import", "def", "class") for b in found):
            return True
        return (
            len(found) == 1 and found[0].how == "alias" and all(self.is_code(s) for s in found[0].sources if s != name)
        )

    def is_constant(self, name: str) -> bool:
        """Code (see :meth:`is_code`), and names bound exactly once, from a literal, and never mutated."""
        if self.is_code(name):
            return True
        found = self.bindings.get(name, ())
        return len(found) == 1 and found[0].how == "literal" and name not in self.mutated_names

    @lazy
    def mutated_names(self) -> frozenset[str]:
        """Names whose object some cell changes (directly or through a notebook function)."""
        return frozenset(m.name for m in self.mutations)


def suppliers(
    reader: int, bindings: Sequence[Binding], counts: Mapping[int, int | None]
) -> tuple[int | None, int | None]:
    """The defining cell above ``reader`` (document order) and the one that ran last before it (counts)."""
    if len(bindings) == 1:  # most names are bound once: the same answer without the loops below
        cell = bindings[0].cell
        mine, theirs = counts.get(reader), counts.get(cell)
        ran_before = mine is not None and theirs is not None and cell != reader and theirs < mine
        return (cell if cell < reader else None), (cell if ran_before else None)
    supplier = max((b.cell for b in bindings if b.cell < reader), default=None)
    mine = counts.get(reader)
    if mine is None:
        return supplier, None
    ran = [(counts[b.cell], b.cell) for b in bindings if b.cell != reader and counts.get(b.cell) is not None]
    before = [pair for pair in ran if pair[0] < mine]  # type: ignore[operator]
    return supplier, (max(before)[1] if before else None)


def module_uses(scan: CellScan) -> list[Use]:
    """Uses that run when the cell runs and resolve to the module scope, in evaluation order.

    Class bodies, comprehensions and lambdas at module level count; function
    bodies do not (they run when called).
    """
    if scan.module_uses is not None:
        return scan.module_uses
    module = scan.module
    out = module.uses
    pending = [c for c in module.children if c.kind != "function"]
    if pending:
        out = list(out)
        while pending:
            scope = pending.pop()
            out.extend(module_level(scope, scope.uses, module))
            pending.extend(c for c in scope.children if c.kind != "function")
        if len(out) > len(module.uses):
            out.sort(key=lambda u: u.seq)
    scan.module_uses = out
    return out


def module_calls(scan: CellScan, names: Container[str] | None = None) -> list[tuple[str, ast.Call, int]]:
    """Module-level calls of a plain name (one of ``names`` if given): (name, call node, top-level statement index)."""
    out = []
    module = scan.module
    for site in scan.calls:
        func = site.node.func
        if type(func) is not Name or (names is not None and func.id not in names):
            continue
        if runs_now(site.scope) and site.scope.resolve(func.id) is module:
            out.append((func.id, site.node, site.stmt))
    return out


def runs_now(scope: Scope | None) -> bool:
    """Whether code in ``scope`` runs when the cell runs (not inside a function body)."""
    while scope is not None and scope.parent is not None:
        if scope.kind == "function":
            return False
        scope = scope.parent
    return True


def index_functions(functions: Sequence[FunctionFacts]) -> dict[str, list[FunctionFacts]]:
    """Module-level functions (not methods) by name, in document order."""
    out: dict[str, list[FunctionFacts]] = {}
    for facts in functions:
        if not facts.is_method:
            out.setdefault(facts.name, []).append(facts)
    return out


def latest_function(index: Mapping[str, Sequence[FunctionFacts]], name: str, cell: int | None) -> FunctionFacts | None:
    """The module-level function ``name`` as last defined at or above ``cell`` (else its first definition)."""
    found = None
    for facts in index.get(name, ()):
        if cell is None or facts.cell <= cell or found is None:
            found = facts
    return found


Uses = tuple[list[GlobalUse], list[GlobalUse], list[GlobalUse]]


def closure(functions: Sequence[FunctionFacts]) -> dict[FunctionFacts, Uses]:
    """For each function: reads, writes and mutations including those of the notebook functions it calls."""
    memo: dict[FunctionFacts, Uses] = {}
    index = index_functions(functions)
    for facts in functions:
        _close(facts, frozenset(), index, memo)
    return memo


def _close(
    facts: FunctionFacts,
    stack: frozenset[str],
    index: Mapping[str, Sequence[FunctionFacts]],
    memo: dict[FunctionFacts, Uses],
) -> Uses:
    # A module-level function rather than a closure: a recursive closure is a reference
    # cycle, left for the garbage collector once per document.
    if facts in memo:
        return memo[facts]
    reads, writes, mutates = list(facts.reads), list(facts.writes), list(facts.mutates)
    for name in sorted(facts.calls - stack - {facts.name}):
        callee = latest_function(index, name, facts.cell)
        if callee is not None:
            r, w, m = _close(callee, stack | {facts.name}, index, memo)
            reads += r
            writes += w
            mutates += m
    memo[facts] = (reads, writes, mutates)
    return memo[facts]
