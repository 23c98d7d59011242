"""Building :class:`~nbrefactor.analysis.dataflow.Dataflow` from the scanned cells of a document."""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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
from nbrefactor.analysis.names import BUILTIN_NAMES, UNKNOWN_BINDING_CALLS, UNKNOWN_BINDING_MAGICS
from nbrefactor.analysis.scopes import CellScan
from nbrefactor.model import Cell


class _Event(NamedTuple):
    seq: float
    kind: str  # read / write / mutate
    name: str
    line: int
    column: int
    stmt: int
    how: str = ""
    via: str | None = None
    value: str = ""


@dataclass
class _CellState:
    """What one cell does, gathered before the cross-cell edges are drawn."""

    cell: Cell
    bindings: list[Binding] = field(default_factory=list)
    reads: list[Read] = field(default_factory=list)
    mutations: list[Read] = field(default_factory=list)


_MAGIC_OUTPUT = re.compile(r"--(?:out|err|proc)\s+([A-Za-z_]\w*)")


def _magic_bindings(cell: Cell) -> list[_Event]:
    """Names bound by script cell magics: ``%%bash --out output --err errors``."""
    return [
        _Event(0, "write", name, m.line, 1, 0, "magic")
        for m in cell.magics
        if m.kind == "cell"
        for name in _MAGIC_OUTPUT.findall(m.args)
    ]


def _events(
    scan: CellScan, functions: Mapping[str, Sequence[FunctionFacts]], cell: Cell, clos: dict[FunctionFacts, Uses]
) -> list[_Event]:
    events = [
        _Event(u.seq, u.kind, u.name, u.line, u.column, u.stmt, u.how, None, u.value) for _, u in module_uses(scan)
    ]
    events += _magic_bindings(cell)
    seq_of = {(e.name, e.line, e.column): e.seq for e in events if e.kind == "read"}
    for name, call, stmt in module_calls(scan):
        facts = latest_function(functions, name, cell.index)
        if facts is None:
            continue
        seq = seq_of.get((name, call.func.lineno, call.func.col_offset + 1), 0) + 0.5
        reads, writes, mutates = clos[facts]
        for kind, uses in (("read", reads), ("mutate", mutates), ("write", writes)):
            events.extend(
                _Event(seq, kind, g.name, call.lineno, call.col_offset + 1, stmt, "global", name) for g in uses
            )
    events.sort(key=lambda e: e.seq)
    return events


def _cell_state(cell: Cell, events: list[_Event], skip: frozenset[str]) -> _CellState:
    state = _CellState(cell)
    bound: set[str] = set()
    seen: set[str] = set()
    stmt_reads: dict[int, set[str]] = {}
    raw: list[tuple[_Event, bool]] = []
    for e in events:
        if e.name in skip:
            continue
        if e.kind == "read":
            stmt_reads.setdefault(e.stmt, set()).add(e.name)
            if e.name not in bound and e.name not in seen:
                seen.add(e.name)  # the first read before any binding in the cell is an input
                state.reads.append(Read(e.name, cell.index, e.line, e.column, e.via))
        elif e.kind == "mutate":
            state.mutations.append(Read(e.name, cell.index, e.line, e.column, e.via))
        elif e.kind == "write" and e.how != "annotation":
            raw.append((e, e.name not in stmt_reads.get(e.stmt, ())))
            bound.add(e.name)
    for e, fresh in raw:
        sources = frozenset(stmt_reads.get(e.stmt, ()))
        state.bindings.append(Binding(e.name, cell.index, e.line, e.column, e.how, fresh, sources, e.via, e.value))
    return state


def _open_namespace(cells: Sequence[tuple[Cell, CellScan]]) -> bool:
    for cell, scan in cells:
        if scan.star_import or any(m.name in UNKNOWN_BINDING_MAGICS for m in cell.magics):
            return True
        for site in scan.calls:
            if isinstance(site.node.func, ast.Name) and site.node.func.id in UNKNOWN_BINDING_CALLS:
                return True
    return False


def build_dataflow(cells: Sequence[tuple[Cell, CellScan]]) -> Dataflow:
    """The dataflow graph of a document's parsed code cells (in document order)."""
    bound = {u.name for _, scan in cells for _, u in module_uses(scan) if u.kind == "write"}
    skip = BUILTIN_NAMES - bound
    functions = tuple(
        function_facts(scope, cell.index, scan, skip) for cell, scan in cells for scope in top_level_functions(scan)
    )
    clos = closure(functions)
    index = index_functions(functions)
    states = [_cell_state(cell, _events(scan, index, cell, clos), skip) for cell, scan in cells]
    bindings: dict[str, list[Binding]] = {}
    for state in states:
        for b in state.bindings:
            bindings.setdefault(b.name, []).append(b)
    imports: dict[str, str] = {}
    for _, scan in cells:
        imports.update(scan.imports)
    counts = {s.cell.index: s.cell.execution_count for s in states}
    edges = tuple(_edge(r, bindings.get(r.name, []), counts) for s in states for r in s.reads)
    flows = tuple(
        CellFlow(
            s.cell.index,
            s.cell.execution_count,
            frozenset(b.name for b in s.bindings),
            frozenset(r.name for r in s.reads),
            frozenset(m.name for m in s.mutations),
        )
        for s in states
    )
    return Dataflow(
        cells=flows,
        edges=edges,
        functions=functions,
        bindings={k: tuple(v) for k, v in bindings.items()},
        reads=tuple(r for s in states for r in s.reads),
        mutations=tuple(m for s in states for m in s.mutations),
        imports=imports,
        open_namespace=_open_namespace(cells),
    )


def _edge(read: Read, bindings: list[Binding], counts: dict[int, int | None]) -> Edge:
    supplier, exec_supplier = suppliers(read.cell, bindings, counts)
    return Edge(read.cell, read.name, read.line, read.column, supplier, exec_supplier, read.via)
