"""Building :class:`~nbrefactor.analysis.dataflow.Dataflow` from the scanned cells of a document."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from nbrefactor.analysis.dataflow import (
    Binding,
    CellFlow,
    Dataflow,
    Edge,
    Read,
    Uses,
    closure,
    index_functions,
    latest_function,
    module_calls,
    module_uses,
    suppliers,
)
from nbrefactor.analysis.functions import FunctionFacts, function_facts, top_level_functions
from nbrefactor.analysis.names import BUILTIN_NAMES, UNKNOWN_BINDING_MAGICS
from nbrefactor.analysis.scopes import CellScan, Scope, Use
from nbrefactor.model import Cell

_new = tuple.__new__  # a named tuple without its Python-level constructor (one per read, binding and edge)


class _Event(NamedTuple):
    """A use added to a cell's own: a magic's output, or a notebook function's global at its call.

    The first fields are those of :class:`~nbrefactor.analysis.scopes.Use`, so both sort and read alike.
    """

    name: str
    line: int
    column: int
    kind: str  # read / write / mutate
    seq: float
    stmt: int
    how: str = ""
    value: str = ""
    via: str | None = None


class _CellState(NamedTuple):
    """What one cell does, gathered before the cross-cell edges are drawn."""

    cell: Cell
    bindings: list[Binding]
    reads: list[Read]
    mutations: list[Read]
    read_names: frozenset[str]
    defines: frozenset[str]


_MAGIC_OUTPUT = re.compile(r"--(?:out|err|proc)\s+([A-Za-z_]\w*)")


def _magic_bindings(cell: Cell) -> list[_Event]:
    """Names bound by script cell magics: ``%%bash --out output --err errors``."""
    return [
        _Event(name, m.line, 1, "write", 0, 0, "magic")
        for m in cell.magics
        if m.kind == "cell"
        for name in _MAGIC_OUTPUT.findall(m.args)
    ]


def _events(
    scan: CellScan, functions: Mapping[str, Sequence[FunctionFacts]], cell: Cell, clos: dict[FunctionFacts, Uses]
) -> Sequence[Use | _Event]:
    """The cell's module uses in evaluation order, with magic outputs and called functions' globals."""
    uses = module_uses(scan)
    extra = _magic_bindings(cell) if cell.magics else []
    calls = module_calls(scan, functions) if functions else []
    if calls:
        seq_of = {(u.name, u.line, u.column): u.seq for u in uses if u.kind == "read"}
    for name, call, stmt in calls:
        facts = latest_function(functions, name, cell.index)
        if facts is None:
            continue
        seq = seq_of.get((name, call.func.lineno, call.func.col_offset + 1), 0) + 0.5
        line, column = call.lineno, call.col_offset + 1
        reads, writes, mutates = clos[facts]
        for kind, found in (("read", reads), ("mutate", mutates), ("write", writes)):
            extra.extend(_Event(g.name, line, column, kind, seq, stmt, "global", "", name) for g in found)
    if not extra:
        return uses
    return sorted([*uses, *extra], key=lambda e: e.seq)


def _via(event: Use | _Event) -> str | None:
    return event.via if type(event) is _Event else None


def _cell_state(cell: Cell, events: Sequence[Use | _Event], skip: frozenset[str]) -> _CellState:
    index = cell.index
    bound: set[str] = set()
    seen: set[str] = set()
    stmt_reads: dict[int, set[str]] = {}
    reads: list[Read] = []
    mutations: list[Read] = []
    raw: list[tuple[Use | _Event, bool]] = []
    for e in events:
        name, kind = e.name, e.kind
        if name in skip:
            continue
        if kind == "read":
            found = stmt_reads.get(e.stmt)
            if found is None:
                stmt_reads[e.stmt] = {name}
            else:
                found.add(name)
            if name not in bound and name not in seen:
                seen.add(name)  # the first read before any binding in the cell is an input
                reads.append(_new(Read, (name, index, e.line, e.column, _via(e))))
        elif kind == "mutate":
            mutations.append(_new(Read, (name, index, e.line, e.column, _via(e))))
        elif kind == "write" and e.how != "annotation":
            raw.append((e, name not in stmt_reads.get(e.stmt, ())))
            bound.add(name)
    bindings = [
        _new(Binding, (e.name, index, e.line, e.column, e.how, fresh, frozenset(stmt_reads.get(e.stmt, ())), _via(e), e.value))
        for e, fresh in raw
    ]
    return _CellState(cell, bindings, reads, mutations, frozenset(seen), frozenset(bound))


def _unseen_bindings(cells: Sequence[tuple[Cell, CellScan]]) -> bool:
    """Whether a magic (``%run``, ``%store -r``) or a call (``exec``, ``globals()``) may bind names."""
    return any(scan.dynamic_names or _binding_magic(cell) for cell, scan in cells)


def _binding_magic(cell: Cell) -> bool:
    return bool(cell.magics) and any(m.name in UNKNOWN_BINDING_MAGICS for m in cell.magics)


def build_dataflow(cells: Sequence[tuple[Cell, CellScan]]) -> Dataflow:
    """The dataflow graph of a document's parsed code cells (in document order)."""
    shadowed = _shadowed_builtins(cells)  # usually none: then no copy of the builtins is made
    skip = BUILTIN_NAMES - shadowed if shadowed else BUILTIN_NAMES
    functions = tuple(
        function_facts(scope, cell.index, scan, skip) for cell, scan in cells for scope in top_level_functions(scan)
    )
    clos = closure(functions) if functions else {}
    index = index_functions(functions)
    states = [_cell_state(cell, _events(scan, index, cell, clos), skip) for cell, scan in cells]
    bindings: dict[str, list[Binding]] = {}
    reads: list[Read] = []
    mutations: list[Read] = []
    for state in states:
        for b in state.bindings:
            found = bindings.get(b.name)
            if found is None:
                bindings[b.name] = [b]
            else:
                found.append(b)
        reads += state.reads
        mutations += state.mutations
    imports: dict[str, str] = {}
    for _, scan in cells:
        if scan.imports:
            imports.update(scan.imports)
    counts = {s.cell.index: s.cell.execution_count for s in states}
    unseen = _unseen_bindings(cells)
    return Dataflow(
        cells=tuple(_cell_flow(s) for s in states),
        edges=tuple(_edge(r, bindings.get(r.name, ()), counts) for r in reads),
        functions=functions,
        bindings={k: tuple(v) for k, v in bindings.items()},
        reads=tuple(reads),
        mutations=tuple(mutations),
        imports=imports,
        open_namespace=unseen or any(scan.star_import for _, scan in cells),
        unseen_bindings=unseen,
    )


def _shadowed_builtins(cells: Sequence[tuple[Cell, CellScan]]) -> set[str]:
    """The builtin names that some cell binds at module level."""
    # a name a cell writes at module level is bound in its module scope or a scope nested in it
    if not any(_binds_any(scan.module, BUILTIN_NAMES) for _, scan in cells):
        return set()
    return {u.name for _, scan in cells for u in module_uses(scan) if u.kind == "write"} & BUILTIN_NAMES


def _binds_any(scope: Scope, names: frozenset[str]) -> bool:
    return not names.isdisjoint(scope.bound) or any(_binds_any(child, names) for child in scope.children)


def _cell_flow(state: _CellState) -> CellFlow:
    mutates = frozenset(m.name for m in state.mutations) if state.mutations else frozenset()
    cell = state.cell
    return CellFlow(cell.index, cell.execution_count, state.defines, state.read_names, mutates)


def _edge(read: Read, bindings: Sequence[Binding], counts: dict[int, int | None]) -> Edge:
    supplier, exec_supplier = suppliers(read.cell, bindings, counts)
    return _new(Edge, (read.cell, read.name, read.line, read.column, supplier, exec_supplier, read.via))
