"""NBR201-NBR202: functions that depend on, or change, notebook globals.

Plain scripts (``DocumentKind.SCRIPT``) are not checked: a module's functions
reading its own module-level settings is ordinary Python, and the hidden state
these rules are about comes from cells run in an order nobody recorded.
"""

from __future__ import annotations

from collections.abc import Iterator

from nbrefactor.analysis import Dataflow, FunctionFacts, GlobalUse
from nbrefactor.model import Cell, Finding, Location, Severity
from nbrefactor.rules.base import Example, Rule, RuleContext


def defining_cells(flow: Dataflow, name: str, direct: bool = False) -> list[int]:
    """Cells binding ``name``; ``direct``: not counting calls of functions that set it (if any other)."""
    found = flow.bindings.get(name, ())
    cells = sorted({b.cell for b in found if b.via is None}) if direct else []
    return cells or sorted({b.cell for b in found})


def cell_at(ctx: RuleContext, index: int) -> Cell:
    return ctx.document.cells[index]


def binding_locations(ctx: RuleContext, names: list[str]) -> list[Location]:
    """The first binding of each name, as related locations."""
    out = []
    for name in names:
        found = ctx.facts.dataflow.bindings.get(name, ())
        if found:
            out.append(ctx.document.location(cell_at(ctx, found[0].cell), found[0].line, found[0].column))
    return out


def call_cells(flow: Dataflow, function: str) -> list[int]:
    return sorted({e.reader for e in flow.edges_by_name.get(function, ())})


def _hidden_reads(flow: Dataflow, facts: FunctionFacts) -> list[GlobalUse]:
    changed = {g.name for g in (*facts.writes, *facts.mutates)}
    return [g for g in facts.reads if flow.defined(g.name) and not flow.is_constant(g.name) and g.name not in changed]


class FunctionReadsGlobal(Rule):
    """A notebook function that reads global variables defined in other cells.

    **What it does:** reports each function (or method) defined in a notebook
    that reads a module-level name bound in the notebook, other than imports,
    functions, classes and constants assigned once from a literal. The finding
    lists the names, the cells that define them, and the parameter list that
    ``extract`` would give the function. Plain scripts are not checked.

    **Why it matters:** the function cannot be moved, tested or trusted: what it
    computes depends on whatever ``model`` or ``train_loader`` happened to be when
    it was called, and it breaks when extracted into a module.

    **Example:** ``def train_epoch(model_):`` looping over a global ``train_loader``
    and stepping a global ``optimizer``.

    **Instead:** pass what the function needs as parameters:
    ``def train_epoch(model_, train_loader, optimizer, loss_fn, device):``.
    """

    code = "NBR201"
    name = "function-reads-global"
    severity = Severity.WARNING
    valid = (
        Example("# %%\nimport numpy as np\nSCALE = 2.0\n# %%\ndef f(x, k=3):\n    return np.sqrt(x) * SCALE * k\n"),
        Example("# %%\ndata = [1, 2]\n# %%\ndef total(data):\n    return sum(v for v in data)\n"),
        Example("data = load()\n\ndef total():\n    return sum(data)\n"),
    )
    invalid = (
        Example(
            "# %%\nmodel = build()\nX = load()\n# %%\ndef predict(t=0.5):\n    return model(X) > t\n",
            expect=("example.py:cell 1:1:1",),
        ),
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if not ctx.document.is_notebook:
            return
        flow = ctx.facts.dataflow
        for facts in flow.functions:
            hidden = _hidden_reads(flow, facts)
            if hidden:
                yield self._finding(ctx, facts, hidden)

    def _finding(self, ctx: RuleContext, facts: FunctionFacts, hidden: list[GlobalUse]) -> Finding:
        flow = ctx.facts.dataflow
        names = [g.name for g in hidden]
        cells = {n: defining_cells(flow, n, True) for n in names}
        params = facts.suggested_params(tuple(names))
        where = ", ".join(f"{n} (cell {'/'.join(map(str, cells[n]))})" for n in names)
        plural = "s" if len(names) > 1 else ""
        message = (
            f"function {facts.name} reads notebook global{plural} {where};"
            f" extract would give it parameters ({', '.join(params)})"
        )
        data = {
            "function": facts.name,
            "globals": names,
            "defined_in": cells,
            "used_in": call_cells(flow, facts.name.split(".")[0]),
            "lines": {g.name: g.line for g in hidden},
            "parameters": list(params),
        }
        cell = cell_at(ctx, facts.cell)
        related = binding_locations(ctx, names)
        return ctx.report(
            self,
            message,
            cell,
            facts.line,
            facts.column,
            key=facts.name,
            related=related,
            data=data,
        )


class FunctionMutatesGlobal(Rule):
    """A notebook function that rebinds or changes a global variable.

    **What it does:** reports each notebook function that assigns a module-level
    name under ``global``, or changes a notebook global's object: ``xs.append``,
    ``d[k] = v``, ``obj.attr = v``, ``del xs[0]``, ``model.eval()``,
    ``df.drop(..., inplace=True)``. Method calls that only use an object
    (``optimizer.step()``) are not changes. Plain scripts are not checked.

    **Why it matters:** calling the function changes state that other cells
    read, so re-running one cell changes what another cell sees; the effect
    is invisible at the call site.

    **Example:** ``def log_epoch(epoch, loss): history.append(...)``.

    **Instead:** return the new value (``history = log_epoch(history, ...)``) or
    keep the state in an object that is passed in.
    """

    code = "NBR202"
    name = "function-mutates-global"
    severity = Severity.WARNING
    valid = (
        Example("# %%\nhistory = []\n# %%\ndef log(history, x):\n    history = history + [x]\n    return history\n"),
        Example("# %%\nimport sys\n# %%\ndef setup(paths):\n    paths.append('src')\n    total = 0\n    total += 1\n"),
    )
    invalid = (
        Example(
            "# %%\nhistory = []\n# %%\ndef log(x):\n    history.append(x)\n",
            expect=("example.py:cell 1:1:1",),
        ),
        Example("# %%\nbest = 0\n# %%\ndef update(x):\n    global best\n    best = max(best, x)\n"),
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if not ctx.document.is_notebook:
            return
        flow = ctx.facts.dataflow
        for facts in flow.functions:
            changed = [g for g in (*facts.writes, *facts.mutates) if flow.defined(g.name) and not flow.is_code(g.name)]
            if changed:
                yield self._finding(ctx, facts, changed)

    def _finding(self, ctx: RuleContext, facts: FunctionFacts, changed: list[GlobalUse]) -> Finding:
        flow = ctx.facts.dataflow
        names = list(dict.fromkeys(g.name for g in changed))
        parts = [
            f"{'rebinds' if g.kind in ('write', 'del') else 'changes'} notebook global {g.name}"
            f" (line {g.line}; defined in cell {'/'.join(map(str, defining_cells(flow, g.name, True)))})"
            for g in changed
        ]
        message = f"function {facts.name} {', '.join(dict.fromkeys(parts))}"
        data = {
            "function": facts.name,
            "globals": names,
            "kinds": {g.name: g.kind for g in changed},
            "defined_in": {n: defining_cells(flow, n, True) for n in names},
            "used_in": call_cells(flow, facts.name.split(".")[0]),
            "parameters": list(facts.suggested_params(tuple(names))),
        }
        cell = cell_at(ctx, facts.cell)
        related = binding_locations(ctx, names)
        return ctx.report(
            self,
            message,
            cell,
            facts.line,
            facts.column,
            key=facts.name,
            related=related,
            data=data,
        )
