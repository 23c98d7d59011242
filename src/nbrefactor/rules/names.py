"""NBR205-NBR206: names that mean two things, and names that mean nothing."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from nbrefactor.analysis import Binding, Dataflow, Edge
from nbrefactor.model import Finding, Severity
from nbrefactor.rules.base import Example, Rule, RuleContext
from nbrefactor.rules.dataflow import binding_locations, cell_at

_SESSION_NAME = re.compile(r"_i{0,3}\d+|_i[ih]?|_oh|_dh")  # IPython's numbered input/output history
_TRANSIENT = ("for", "with", "except", "import", "def", "class", "global", "match", "annotation")


def _stale_dependents(flow: Dataflow, old: Binding, new: Binding) -> list[tuple[Binding, Edge]]:
    """Names derived (transitively) from ``old`` before ``new`` replaced it, with a later read of each."""
    ordered = flow.ordered_bindings
    cells = flow.binding_cells
    window = ordered[bisect_left(cells, old.cell) : bisect_left(cells, new.cell)]
    tainted = {old.name}
    derived: dict[str, Binding] = {}
    for b in window:
        if b.name == old.name or b.via is not None:
            continue
        if not b.sources.isdisjoint(tainted):
            tainted.add(b.name)
            derived[b.name] = b
        else:
            tainted.discard(b.name)  # rebuilt from something else
            derived.pop(b.name, None)
    rebuilt = {b.name for b in flow.bindings_in(new.cell)}
    out = []
    for name, made in derived.items():
        later = [e for e in flow.edges_by_name.get(name, ()) if e.supplier == made.cell and _after(e, new)]
        if later and name not in rebuilt:
            out.append((made, later[0]))
    return out


def _after(edge: Edge, new: Binding) -> bool:
    return edge.reader > new.cell or (edge.reader == new.cell and edge.line > new.line)


def _fresh(binding: Binding) -> bool:
    return binding.fresh and binding.how not in _TRANSIENT and binding.via is None


def _previous(fresh: list[Binding], new: Binding) -> Binding | None:
    """The last fresh binding in a cell above ``new`` (``fresh`` is in document order)."""
    for binding in reversed(fresh):
        if binding.cell < new.cell:
            return binding
    return None


class RedefinedWhileUsed(Rule):
    """A name given a new value while values made from its old one are still used.

    **What it does:** reports a cell that binds a name afresh (not ``df =
    df.dropna()``, not a loop variable) when another name was computed from the
    old value in an earlier cell and a cell below still reads that other name.

    **Why it matters:** the two no longer match: an optimizer still holding the
    old model's parameters, statistics of a data frame that was replaced. The
    code runs and silently computes the wrong thing.

    **Example:** cell 1 ``model = Net()``, cell 2 ``opt = Adam(model.parameters())``,
    cell 5 ``model = Net()`` again, cell 6 ``train(model, opt)``.

    **Instead:** use a new name for the new value, or rebuild what depends on
    it in the same cell.
    """

    code = "NBR205"
    name = "redefined-while-used"
    severity = Severity.WARNING
    valid = (
        Example("# %%\ndf = load()\n# %%\nn = len(df)\n# %%\ndf = df.dropna()\n# %%\nprint(n)\n"),
        Example(
            "# %%\nmodel = Net()\n# %%\nopt = Adam(model)\n# %%\nmodel = Net()\nopt = Adam(model)\n# %%\nfit(model, opt)\n"
        ),
        Example("# %%\nn = 200\n# %%\nxs = list(range(n))\n# %%\nn = 200\nprint(xs)\n"),
    )
    invalid = (
        Example(
            "# %%\nmodel = Net()\n# %%\nopt = Adam(model.parameters())\n# %%\nmodel = Net()\n# %%\nfit(model, opt)\n",
            expect=("example.py:cell 2:1:1",),
        ),
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        flow = ctx.facts.dataflow
        for bindings in flow.bindings.values():
            if len(bindings) < 2:
                continue  # bound once: never redefined
            fresh: list[Binding] = []
            for new in bindings:
                if not _fresh(new):
                    continue
                old = _previous(fresh, new)
                fresh.append(new)
                if old is not None and old.how == new.how == "literal" and old.value and old.value == new.value:
                    continue  # the same value again: the same meaning
                stale = _stale_dependents(flow, old, new) if old is not None else []
                if old is not None and stale:
                    yield self._finding(ctx, old, new, stale)

    def _finding(self, ctx: RuleContext, old: Binding, new: Binding, stale: list[tuple[Binding, Edge]]) -> Finding:
        made, edge = stale[0]
        reader = edge.reader
        others = f" (and {', '.join(b.name for b, _ in stale[1:])})" if len(stale) > 1 else ""
        message = (
            f"{new.name} is redefined while {made.name}{others}, made from the {new.name} of cell {old.cell}"
            f" in cell {made.cell}, is still used in cell {reader}"
        )
        data = {
            "name": new.name,
            "first_cell": old.cell,
            "dependents": {b.name: {"defined_in": b.cell, "used_in": e.reader} for b, e in stale},
        }
        related = binding_locations(ctx, [old.name])
        return ctx.report(
            self,
            message,
            cell_at(ctx, new.cell),
            new.line,
            new.column,
            key=new.name,
            related=related,
            data=data,
        )


class UndefinedName(Rule):
    """A name that no cell defines, that is not a builtin and not imported.

    **What it does:** reports each name read (in a cell or inside a function)
    that nothing in the document binds, once, at its first use. Nothing is
    reported when the document may define names invisibly: ``from x import *``,
    ``%run``, ``%store -r``, ``exec``, ``globals()``, or a cell that does not parse.

    **Why it matters:** the notebook depends on a variable that only existed in
    someone's kernel (a deleted cell, a typo); it cannot be re-run.

    **Example:** ``model.fit(X_trian, y)``.

    **Instead:** define the name in a cell (or fix the typo).
    """

    code = "NBR206"
    name = "undefined-name"
    severity = Severity.ERROR
    valid = (
        Example("# %%\nfrom helpers import *\n# %%\nprint(mystery)\n"),
        Example("# %%\nx = !ls\nprint(x, display, len(x))\n"),
    )
    invalid = (Example("# %%\nX_train = [1]\n# %%\nprint(len(X_trian))\n", expect=("example.py:cell 1:1:11",)),)

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        flow = ctx.facts.dataflow
        if flow.open_namespace or not ctx.facts.complete or not (flow.reads or flow.functions):
            return
        known = {g.name for f in flow.functions for g in f.writes}.union(flow.bindings)
        uses = [(r.name, r.cell, r.line, r.column) for r in flow.reads if r.name not in known]
        uses += [(g.name, f.cell, g.line, g.column) for f in flow.functions for g in f.reads if g.name not in known]
        cells_of: dict[str, set[int]] = {}
        for use in uses:
            cells_of.setdefault(use[0], set()).add(use[1])
        seen: set[str] = set()
        for name, cell, line, column in sorted(uses, key=lambda u: (u[1], u[2], u[3])):
            if name in seen or _SESSION_NAME.fullmatch(name):
                continue
            seen.add(name)
            cells = sorted(cells_of[name])
            message = f"{name} is not defined in any cell, imported or built in"
            yield ctx.report(
                self,
                message,
                cell_at(ctx, cell),
                line,
                column,
                key=name,
                data={"name": name, "cells": cells},
            )
