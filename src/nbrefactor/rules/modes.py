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


def _site_events(site: CallSite, imports: dict[str, str], module: Scope, function: Scope | None = None) -> list[_Event]:
    """What one call does to modes, seen from the cell it runs in (``function``: the one it is in).

    A model reached through a parameter of ``function`` is named ``@param``, to be
    replaced by the argument at each call of the function.
    """
    call, func = site.node, site.node.func
    line, col = call.lineno, call.col_offset + 1
    if isinstance(func, ast.Attribute):
        if func.attr in _TRAINING_CALLS:
            return [_Event(line, col, "train", "*")]
        receiver = func.value.id if isinstance(func.value, ast.Name) else None
        if func.attr in ("eval", "train") and receiver is not None:
            home = site.scope.resolve(receiver)
            target = receiver if home is module else None
            if home is function and function is not None and receiver in function.params:
                target = "@" + receiver
            if func.attr == "eval" or _false_arg(call):
                return [_Event(line, col, "off", target)] if target else []
            return [_Event(line, col, "on", target or "*")]
    last = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if last == "set_grad_enabled" and dotted(func, imports) in _GRAD_SWITCHES:
        return [_Event(line, col, "off" if _false_arg(call) else "on", GRAD)]
    return []


_Function = tuple[tuple[str, ...], list[_Event]]  # parameters, mode events of the body


def _function_events(scan: CellScan, imports: dict[str, str]) -> dict[str, _Function]:
    """For each top-level function of a cell: its parameters and the mode events of its body, in order."""
    out: dict[str, _Function] = {}
    for function, sites in calls_by_function(scan).items():
        if function.parent is scan.module:
            events = [e for s in sites for e in _site_events(s, imports, scan.module, function) if e.target != GRAD]
            out[function.name] = (function.params, events)
    return out


def _arguments(call: ast.Call, params: tuple[str, ...]) -> dict[str, str]:
    """Parameter name -> the module name passed for it (plain names only)."""
    out = {}
    for param, arg in zip(params, call.args, strict=False):
        if isinstance(arg, ast.Starred):
            break
        if isinstance(arg, ast.Name):
            out[param] = arg.id
    out.update({k.arg: k.value.id for k in call.keywords if k.arg in params and isinstance(k.value, ast.Name)})
    return out


def _called(call: ast.Call, function: _Function) -> list[_Event]:
    """The events of a call of a notebook function, with its parameters replaced by the arguments."""
    params, events = function
    passed = _arguments(call, params)
    line, col = call.lineno, call.col_offset + 1
    out = []
    for e in events:
        target = passed.get(e.target[1:]) if e.target.startswith("@") else e.target
        if target is None and e.kind == "on":
            target = "*"
        if target is not None:
            out.append(_Event(line, col, e.kind, target))
    return out


def _cell_events(scan: CellScan, imports: dict[str, str], functions: dict[str, _Function]) -> list[_Event]:
    events: list[_Event] = []
    for site in scan.calls:
        if not runs_now(site.scope) or site.with_item:
            continue
        func = site.node.func
        if isinstance(func, ast.Name) and func.id in functions:
            events += _called(site.node, functions[func.id])
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
    function). Switches made inside notebook functions count at their calls,
    on the model passed in (``evaluate(net)`` calling ``model.eval()``).
    ``with torch.no_grad():`` blocks end with their block and are fine.

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
            "# %%\ndef evaluate(m):\n    m.eval()\n    return m(x)\n# %%\nevaluate(net)\n"
            "# %%\nnet(x).sum().backward()\n",
            expect=("example.py:cell 1:1:1",),
        ),
        Example(
            "# %%\ndef check():\n    net.eval()\n    return net(x)\n# %%\ncheck()\n"
            "# %%\ndef step():\n    net(x).sum().backward()\n# %%\nstep()\n",
            expect=("example.py:cell 1:1:1",),
        ),
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if not ctx.facts.callees & _TRAINING_CALLS:
            return  # nothing trains: no mode can leak into training
        flow = ctx.facts.dataflow
        imports = dict(flow.imports)
        functions: dict[str, _Function] = {}
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
