"""NBR3xx reproducibility: how the stored notebook was executed."""

from __future__ import annotations

from typing import Iterator

from nbrefactor.model import Finding, Severity
from nbrefactor.rules.base import Example, Rule, RuleContext, notebook_json


class OutOfOrderExecution(Rule):
    """A cell whose stored execution count is lower than that of a cell above it.

    **What it does:** reads the execution counts stored in a notebook and reports
    each code cell that ran *before* some cell above it (its count is lower than
    the highest count seen so far). Gaps in the counts are not reported: they only
    mean that cells were re-run or deleted. The finding names the earlier cell.

    **Why it matters:** the stored outputs came from an order nobody can see.
    A colleague who restarts the kernel and runs top to bottom may get other
    results, or errors.

    **Example:** cell 2 shows ``[7]`` and cell 3 below it shows ``[3]``.

    **Instead:** restart the kernel and run all cells in order before saving
    (or let ``nbrefactor verify`` do it).
    """

    code = "NBR301"
    name = "out-of-order-execution"
    severity = Severity.WARNING
    valid = (
        Example(notebook_json(("import math", 1), ("x = math.pi", 2), ("print(x)", 5)), "example.ipynb"),
        Example(notebook_json(("x = 1", None), ("y = 2", 1)), "example.ipynb"),
    )
    invalid = (
        Example(
            notebook_json(("import math", 1), ("x = math.pi", 7), ("print(x)", 3)),
            "example.ipynb",
            expect=("example.ipynb:cell 2:1:1",),
        ),
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        highest = None
        for cell in ctx.document.code_cells:
            count = cell.execution_count
            if count is None:
                continue
            if highest is not None and count < highest.execution_count:  # type: ignore[operator]
                yield ctx.report(
                    self,
                    f"cell ran [{count}] before cell {highest.index} above it [{highest.execution_count}]:"
                    " the stored outputs come from an out-of-order run",
                    cell,
                    key=str(count),
                    related=(ctx.document.location(highest, 1),),
                    data={"execution_count": count, "earlier_cell": highest.index, "earlier_count": highest.execution_count},
                )
            elif highest is None or count > highest.execution_count:  # type: ignore[operator]
                highest = cell
