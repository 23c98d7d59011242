"""NBR3xx reproducibility: how the stored notebook was executed."""

from __future__ import annotations

import bisect
from typing import Iterator, Sequence

from nbrefactor.model import Finding, Severity
from nbrefactor.rules.base import Example, Rule, RuleContext, notebook_json


def out_of_order(counts: Sequence[int]) -> set[int]:
    """Positions outside one longest non-decreasing run of ``counts``: the fewest cells
    whose execution explains every inversion (O(n log n), patience sorting)."""
    tails: list[int] = []  # tails[k]: position ending the best increasing run of length k+1
    values: list[int] = []  # counts[tails[k]], kept sorted for bisection
    parent: list[int | None] = [None] * len(counts)
    for i, count in enumerate(counts):
        k = bisect.bisect_right(values, count)  # equal counts are not an inversion
        parent[i] = tails[k - 1] if k else None
        if k == len(tails):
            tails.append(i)
            values.append(count)
        else:
            tails[k], values[k] = i, count
    keep: set[int] = set()
    node = tails[-1] if tails else None
    while node is not None:
        keep.add(node)
        node = parent[node]
    return set(range(len(counts))) - keep


class OutOfOrderExecution(Rule):
    """A cell whose stored execution count is out of order with the cells around it.

    **What it does:** reads the execution counts stored in a notebook and finds
    the fewest cells that explain every inversion (the cells outside the longest
    increasing run of counts): typically the one cell that was re-run after the
    cells below it. Each is reported with a cell that it ran after (or before).
    Gaps in the counts are not reported: they only mean that cells were re-run
    or deleted.

    **Why it matters:** the stored outputs came from an order nobody can see.
    A colleague who restarts the kernel and runs top to bottom may get other
    results, or errors.

    **Example:** cells showing ``[1]``, ``[9]``, ``[3]``, ``[4]``: the second
    cell was re-run after the two below it.

    **Instead:** restart the kernel and run all cells in order before saving
    (or let ``nbrefactor verify`` do it).
    """

    code = "NBR301"
    name = "out-of-order-execution"
    severity = Severity.WARNING
    valid = (
        Example(notebook_json(("import math", 1), ("x = math.pi", 2), ("print(x)", 5)), "example.ipynb"),
        Example(notebook_json(("x = 1", None), ("y = 2", 1)), "example.ipynb"),
        Example(notebook_json(("x = 1", 1), ("y = 2", 1), ("z = 3", 2)), "example.ipynb"),
        Example(notebook_json(("x = 1", 3), ("y = 2", 0)), "example.ipynb"),  # 0: counts were reset
    )
    invalid = (
        Example(
            notebook_json(("import math", 1), ("x = math.pi", 9), ("y = x", 3), ("print(y)", 4)),
            "example.ipynb",
            expect=("example.ipynb:cell 1:1:1",),
        ),
        Example(
            notebook_json(("a = 1", 5), ("b = 2", 6), ("c = 3", 7), ("print(a, b, c)", 2)),
            "example.ipynb",
            expect=("example.ipynb:cell 3:1:1",),
        ),
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        cells = [c for c in ctx.facts.code_cells if c.execution_count is not None]
        if len(cells) < 2:
            return
        counts = [c.execution_count or 0 for c in cells]
        if all(a <= b for a, b in zip(counts, counts[1:], strict=False)):
            return  # run in order (the common case): nothing is out of order
        for i in sorted(out_of_order(counts)):
            cell, count = cells[i], counts[i]
            later = next((c for c in cells[i + 1 :] if (c.execution_count or 0) < count), None)
            other = later or next((c for c in reversed(cells[:i]) if (c.execution_count or 0) > count), None)
            if other is None:  # cannot happen for a maximal run; never crash on it
                continue
            relation = "after" if later else "before"
            where = "below" if later else "above"
            yield ctx.report(
                self,
                f"cell ran [{count}] {relation} cell {other.index} {where} it [{other.execution_count}]:"
                " the stored outputs come from an out-of-order run",
                cell,
                key=str(count),
                related=(ctx.document.location(other, 1),),
                data={"execution_count": count, "other_cell": other.index, "other_count": other.execution_count},
            )
