"""NBR207: a model's train/eval mode, or autograd's grad mode, leaking from one cell into later ones."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from nbrefactor.analysis.dataflow import runs_now
from nbrefactor.analysis.functions import calls_by_function
from nbrefactor.analysis.names import dotted
from nbrefactor.analysis.scopes import CallSite, CellScan, Scope
from nbrefactor.model import Finding, Severity
from nbrefactor.rules.base import Example, Rule, RuleContext
from nbrefactor.rules.dataflow import cell_at

_TRAINING_CALLS = frozenset({"backward", "step"})
_GRAD_SWITCHES = frozenset({"torch.set_grad_enabled", "torch.autograd.set_grad_enabled"})
GRAD = "<grad>"  # the pseudo-object whose mode torch.set_grad_enabled(False) sets


def _false_arg(call: ast.Call) -> bool:
    values = [*call.args, *(k.value for k in call.keywords)]
    return bool(values) and isinstance(values[0], ast.Constant) and values[0].value is False


@dataclass(frozen=True)
class _Event:
    line: int
    column: int
    kind: str  # "off" (eval / grad off), "on" (train / grad on), "train"
    target: str  # model name, GRAD, or "*" for "every model"


def _site_events(site: CallSite, imports: dict[str, str], module: Scope) -> list[_Event]:
    """What one call does to modes, seen from the cell it runs in."""
    call, func = site.node, site.node.func
    line, col = call.lineno, call.col_offset + 1
    if isinstance(func, ast.Attribute):
        if func.attr in _TRAINING_CALLS:
            return [_Event(line, col, "train", "*")]
        receiver = func.value.id if isinstance(func.value, ast.Name) else None
        if func.attr in ("eval", "train") and receiver is not None:
            is_global = site.scope.resolve(receiver) is module
            if func.attr == "eval" or _false_arg(call):
                return [_Event(line, col, "off", receiver)] if is_global else []
            return [_Event(line, col, "on", receiver if is_global else "*")]
    last = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if last == "set_grad_enabled" and dotted(func, imports) in _GRAD_SWITCHES:
        return [_Event(line, col, "off" if _false_arg(call) else "on", GRAD)]
    return []


def _function_events(scan: CellScan, imports: dict[str, str]) -> dict[str, list[_Event]]:
    """For each top-level function of a cell: the mode events of its body, in order."""
    out: dict[str, list[_Event]] = {}
    for function, sites in calls_by_function(scan).items():
        if function.parent is scan.module:
            out[function.name] = [e for s in sites for e in _site_events(s, imports, scan.module) if e.target != GRAD]
    return out


def _cell_events(scan: CellScan, imports: dict[str, str], functions: dict[str, list[_Event]]) -> list[_Event]:
    events: list[_Event] = []
    for site in scan.calls:
        if not runs_now(site.scope) or site.with_item:
            continue
        func = site.node.func
        if isinstance(func, ast.Name) and func.id in functions:
            line, col = site.node.lineno, site.node.col_offset + 1
            events += [_Event(line, col, e.kind, e.target) for e in functions[func.id]]
        else:
            events += _site_events(site, imports, scan.module)
    return sorted(events, key=lambda e: (e.line, e.column))


class ModeLeak(Rule):
    """``model.eval()`` (or gradients switched off) in one cell, and training in a later one.

    **What it does:** follows, in document order, the calls that switch a global
    model to eval mode (``model.eval()``, ``model.train(False)``) or switch
    autograd off (``torch.set_grad_enabled(False)`` outside a ``with``), and
    reports the switch when a later cell trains (calls ``.backward()`` or
    ``.step()``, directly or in a notebook function it calls) with the mode
    never switched back (``model.train()`` in that cell or in the training
    function). ``with torch.no_grad():`` blocks end with their block and are fine.

    **Why it matters:** the later training silently runs with dropout off and
    batch-norm statistics frozen (or without gradients): it "works" and learns
    something else, and only when the cells run in that order.

    **Example:** a validation cell calls ``model.eval()``; a fine-tuning cell
    below calls ``train_epoch(model)`` again.

    **Instead:** call ``model.train()`` at the start of every training loop
    (inside the training function), and use ``with torch.no_grad():``.
    """

    code = "NBR207"
    name = "mode-leak"
    severity = Severity.WARNING
    valid = (
        Example("# %%\nmodel.eval()\n# %%\ndef fit(m):\n    m.train()\n    loss.backward()\n# %%\nfit(model)\n"),
        Example("# %%\nmodel.eval()\nwith torch.no_grad():\n    print(model(x))\n"),
    )
    invalid = (
        Example(
            "# %%\nmodel.eval()\n# %%\nfor xb in data:\n    loss = model(xb)\n    loss.backward()\n    opt.step()\n",
            expect=("example.py:cell 0:1:1",),
        ),
        Example("# %%\nimport torch\ntorch.set_grad_enabled(False)\n# %%\nloss = model(x)\nloss.backward()\n"),
        Example(
            "# %%\ndef check():\n    net.eval()\n    return net(x)\n# %%\ncheck()\n"
            "# %%\ndef step():\n    net(x).sum().backward()\n# %%\nstep()\n",
            expect=("example.py:cell 1:1:1",),
        ),
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        flow = ctx.facts.dataflow
        imports = dict(flow.imports)
        functions: dict[str, list[_Event]] = {}
        for _, scan in ctx.facts.scans:
            functions.update(_function_events(scan, imports))
        reads = {c.cell: c.reads for c in flow.cells}
        switched: dict[str, tuple[int, _Event]] = {}
        for cell, scan in ctx.facts.scans:
            for event in _cell_events(scan, imports, functions):
                if event.kind == "off":
                    switched[event.target] = (cell.index, event)
                elif event.kind == "on":
                    for target in [t for t in switched if event.target in ("*", t)]:
                        del switched[target]
                else:
                    yield from self._leaks(ctx, switched, cell.index, reads.get(cell.index, frozenset()))

    def _leaks(self, ctx: RuleContext, switched: dict, cell: int, reads: frozenset[str]) -> Iterator[Finding]:  # type: ignore[type-arg]
        for target, (where, event) in list(switched.items()):
            if where == cell or (target != GRAD and target not in reads):
                continue
            del switched[target]
            if target == GRAD:
                what, effect = "torch.set_grad_enabled(False)", "with gradients off"
            else:
                what, effect = (
                    f"{target}.eval()",
                    "in eval mode (dropout off, batch-norm statistics frozen)",
                )
            message = f"{what} is never undone: cell {cell} below trains {effect}"
            data = {"name": target, "cell": where, "trained_in": cell}
            related = (ctx.document.location(cell_at(ctx, cell), 1),)
            yield ctx.report(
                self,
                message,
                cell_at(ctx, where),
                event.line,
                event.column,
                key=target,
                related=related,
                data=data,
            )
