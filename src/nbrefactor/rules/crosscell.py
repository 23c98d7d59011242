"""NBR203-NBR206: reads that only work in the order someone happened to run the cells.

All four read :attr:`DocumentFacts.dataflow`: a cell's *reads* are the module
names it uses before binding them itself, including the globals read by the
notebook functions it calls (reported at the call).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from nbrefactor.analysis import Binding, Edge, Read
from nbrefactor.analysis.dataflow import suppliers
from nbrefactor.analysis.names import BUILTIN_NAMES
from nbrefactor.model import Finding, Severity
from nbrefactor.rules.base import Example, Rule, RuleContext, notebook_json
from nbrefactor.rules.dataflow import cell_at, defining_cells


def _via(read: Read | Edge) -> str:
    return f" (through {read.via}())" if read.via else ""


class UsedBeforeDefined(Rule):
    """A cell that reads a name that only a cell *below* it defines.

    **What it does:** reports a read (directly, or inside a notebook function the
    cell calls) of a name that no cell above defines but a later cell does.

    **Why it matters:** the notebook only works if someone ran the later cell
    first; *Restart and Run All* fails with a ``NameError``.

    **Example:** cell 2 prints ``threshold``; cell 5 sets ``threshold = 0.7``.

    **Instead:** move the defining cell up, or the reading cell down.
    """

    code = "NBR203"
    name = "used-before-defined"
    severity = Severity.ERROR
    valid = (
        Example("# %%\nx = 1\n# %%\nprint(x)\n# %%\nx = 2\n"),
        Example("# %%\ntotal = sum([1, 2])\n# %%\nsum = 0\n"),
        Example("# %%\ndef f():\n    return later\n# %%\nlater = 1\nf()\n"),
    )
    invalid = (
        Example("# %%\nprint(threshold)\n# %%\nthreshold = 0.7\n", expect=("example.py:cell 0:1:7",)),
        Example("# %%\ndef f():\n    return later\n# %%\nf()\n# %%\nlater = 1\n"),
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        flow = ctx.facts.dataflow
        for edge in flow.edges:
            if edge.supplier is not None or flow.open_namespace or edge.name in BUILTIN_NAMES:
                continue  # before a cell shadows a builtin (``sum = 0``), the builtin is read
            later = [c for c in defining_cells(flow, edge.name) if c > edge.reader]
            if later and edge.reader not in defining_cells(flow, edge.name):
                message = f"{edge.name} is read{_via(edge)} before cell {later[0]} below defines it"
                data = {
                    "name": edge.name,
                    "cell": edge.reader,
                    "defined_in": later,
                    "via": edge.via,
                }
                cell = cell_at(ctx, edge.reader)
                yield ctx.report(self, message, cell, edge.line, edge.column, key=edge.name, data=data)


class OutOfOrderDependency(Rule):
    """A cell whose input was, by the stored execution counts, made after it ran.

    **What it does:** for each name a cell reads, compares the cell that assigns
    it in document order with the one that assigned it last by the stored
    execution counts. It reports the read when the assigning cell above ran
    *after* the reader, or when the value the reader saw came from another cell.
    One finding per reading cell and supplier. Assignments made inside notebook
    functions (``global x``) are left to NBR202.

    **Why it matters:** the stored outputs were computed from values that *Run
    All* does not reproduce; the notebook shows results nobody can get again.

    **Example:** cell 3 ``[9]`` defines ``df``; cell 4 ``[5]`` below reads it.

    **Instead:** restart the kernel and run all cells in order before saving.
    """

    code = "NBR204"
    name = "out-of-order-dependency"
    severity = Severity.WARNING
    valid = (
        Example(notebook_json(("x = 1", 1), ("y = x + 1", 2), ("z = 3", 7)), "example.ipynb"),
        Example(notebook_json(("x = 1", 0), ("print(x)", 0)), "example.ipynb"),  # counts reset to 0
        Example(notebook_json(("x = 1", 2), ("print(x)", 2)), "example.ipynb"),  # a tie tells no order
        Example(
            notebook_json(
                ("best = 0", 1),
                ("def keep(v):\n    global best\n    best = max(best, v)", 2),
                ("keep(3)", 9),
                ("keep(5)", 4),
            ),
            "example.ipynb",
        ),
    )
    invalid = (
        Example(
            notebook_json(("x = 1", 5), ("print(x)", 3)),
            "example.ipynb",
            expect=("example.ipynb:cell 1:1:7",),
        ),
        Example(notebook_json(("x = 1", 1), ("x = 2", 4), ("print(x)", 3)), "example.ipynb"),
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        flow = ctx.facts.dataflow
        if not flow.edges:
            return
        counts = {c.cell: c.execution_count for c in flow.cells}
        ran = [count for count in counts.values() if count is not None]
        if all(a < b for a, b in zip(ran, ran[1:], strict=False)):
            return  # never run, or run top to bottom: each read's value came from the cell above
        groups: dict[tuple[int, int], list[Edge]] = defaultdict(list)
        direct_of: dict[str, list[Binding]] = {}
        for edge in flow.edges:
            if counts.get(edge.reader) is None:
                continue
            direct = direct_of.get(edge.name)
            if direct is None:
                direct = direct_of[edge.name] = [b for b in flow.bindings.get(edge.name, ()) if b.via is None]
            supplier, exec_supplier = suppliers(edge.reader, direct, counts)
            if supplier is None or counts.get(supplier) in (None, counts[edge.reader]) or exec_supplier == supplier:
                continue  # equal counts (copied outputs) say nothing about which ran first
            moved = edge._replace(supplier=supplier, exec_supplier=exec_supplier)
            groups[(edge.reader, supplier)].append(moved)
        for (reader, supplier), edges in groups.items():
            yield self._finding(ctx, reader, supplier, edges, counts)

    def _finding(self, ctx: RuleContext, reader: int, supplier: int, edges: list[Edge], counts: dict) -> Finding:  # type: ignore[type-arg]
        names = list(dict.fromkeys(e.name for e in edges))
        mine, theirs = counts[reader], counts[supplier]
        if theirs > mine:
            why = f"which ran after it ([{theirs}] > [{mine}])"
        else:
            other = edges[0].exec_supplier
            why = f"but by execution counts the value came from cell {other}" if other is not None else "out of order"
        message = f"cell [{mine}] reads {', '.join(names)} from cell {supplier} above, {why}"
        data = {
            "names": names,
            "cell": reader,
            "execution_count": mine,
            "supplier": supplier,
            "supplier_count": theirs,
            "exec_supplier": edges[0].exec_supplier,
        }
        first = edges[0]
        related = (ctx.document.location(cell_at(ctx, supplier), 1),)
        return ctx.report(
            self,
            message,
            cell_at(ctx, reader),
            first.line,
            first.column,
            key=",".join(names),
            related=related,
            data=data,
        )
