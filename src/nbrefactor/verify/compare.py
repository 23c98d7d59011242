"""Compare two runs cell by cell, matching cells across a rewrite.

Code cells are matched by cell id first (nbformat 4.5 ids survive a
refactoring), then by identical source, then in order among the cells still
unmatched, the most similar sources together (:func:`_in_order`): in a
notebook without ids, a cell the refactoring removed must not shift every
cell after it onto the wrong partner. A cell that the refactoring emptied or
removed may lose no output: an original cell with outputs and no partner is a
difference, as is a new cell that prints something.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Sequence

from nbrefactor.verify.model import CellRun, Difference, RunResult, Tolerances
from nbrefactor.verify.normalize import Normalizer
from nbrefactor.verify.outputs import compare_views, describe, prepare

Pair = tuple["CellRun | None", "CellRun | None"]


@dataclass(frozen=True)
class Comparer:
    """How outputs are compared: tolerances and the normaliser for text."""

    tolerances: Tolerances = field(default_factory=Tolerances)
    normalize: Normalizer = field(default_factory=Normalizer)


def _claim(
    pairs: dict[int, CellRun], left: list[CellRun], right: list[CellRun], key: Callable[[CellRun], str | None]
) -> None:
    """Pair cells of ``left`` with cells of ``right`` that share ``key`` (first come, first served)."""
    index: dict[str, list[CellRun]] = {}
    for cell in right:
        k = key(cell)
        if k is not None:
            index.setdefault(k, []).append(cell)
    for cell in left:
        k = key(cell)
        if k is not None and cell.index not in pairs and index.get(k):
            pairs[cell.index] = index[k].pop(0)
    taken = {id(c) for c in pairs.values()}
    right[:] = [c for c in right if id(c) not in taken]


def match_cells(expected: Sequence[CellRun], actual: Sequence[CellRun]) -> list[Pair]:
    """Pairs of code cells (original, refactored), in the original's order; partners may be None."""
    left = [c for c in expected if c.cell_type == "code"]
    right = [c for c in actual if c.cell_type == "code"]
    pairs: dict[int, CellRun] = {}
    _claim(pairs, left, right, lambda c: c.cell_id)
    _claim(pairs, left, right, lambda c: c.source.strip() or None)
    for e, a in _in_order([c for c in left if c.index not in pairs], right):
        pairs[e.index] = a
    taken = {id(c) for c in pairs.values()}
    result: list[Pair] = [(c, pairs.get(c.index)) for c in left]
    result.extend((None, c) for c in right if id(c) not in taken)
    return result


#: What pairing two cells is worth beside the similarity of their sources: cells pair up in
#: order even when nothing tells them apart.
_PAIRED = 0.01
#: Above this many (unmatched original x unmatched refactored) cells, sources are not compared
#: (every one of them against every other): the cells pair up in order, by position.
_MAX_COMPARISONS = 10_000
_TOKEN = re.compile(r"\w+|[^\w\s]")


def _similarity(a: str, b: str) -> float:
    """How much of the shorter source the longer one holds (tokens, in order), squared: a call
    the refactoring gave one more argument is still its cell (1.0); a moved ``def`` is not the
    cell of one call to it."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    if not ta or not tb:
        return 0.0
    matched = sum(size for _, _, size in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_matching_blocks())
    return (matched / min(len(ta), len(tb))) ** 2


def _in_order(left: list[CellRun], right: list[CellRun]) -> list[tuple[CellRun, CellRun]]:
    """Pairs of ``left`` and ``right`` cells in the order of both, the most similar together
    (the alignment with the largest total :func:`_similarity`, each pair worth :data:`_PAIRED`
    more); a cell may stay without a partner."""
    n, m = len(left), len(right)
    similarity = _similarity if n * m <= _MAX_COMPARISONS else lambda a, b: 0.0
    score = [[_PAIRED + similarity(a.source, b.source) for b in right] for a in left]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + score[i][j])
    out: list[tuple[CellRun, CellRun]] = []
    i = j = 0
    while i < n and j < m:
        if best[i][j] == best[i + 1][j + 1] + score[i][j]:
            out.append((left[i], right[j]))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return out


def _difference(e: CellRun | None, a: CellRun | None, kind: str, message: str, **extra: object) -> Difference:
    either = e or a
    return Difference(
        cell=e.index if e else None,
        refactored_cell=a.index if a else None,
        cell_id=either.cell_id if either else None,
        kind=kind,
        message=message,
        **extra,  # type: ignore[arg-type]
    )


def compare_cell(e: CellRun | None, a: CellRun | None, comparer: Comparer) -> Iterable[Difference]:
    """The differences between one matched pair of cells."""
    tol, norm = comparer.tolerances, comparer.normalize
    e_views = prepare(e.outputs, tol) if e else []
    a_views = prepare(a.outputs, tol) if a else []
    if a is None:
        if e_views:
            yield _difference(e, a, "missing", f"cell has no partner in the refactored notebook; {len(e_views)} output(s) lost")
        return
    if e is None:
        if a_views:
            yield _difference(e, a, "extra", f"new cell produces {len(a_views)} output(s)")
        return
    for i, (ev, av) in enumerate(zip(e_views, a_views, strict=False)):
        found = compare_views(ev, av, norm, tol)
        if found:
            kind, message, details = found
            yield _difference(e, a, kind, message, output=i, details=details)
    for i in range(len(a_views), len(e_views)):
        yield _difference(e, a, "missing", f"output {i} ({describe(e_views[i])}) is gone", output=i)
    for i in range(len(e_views), len(a_views)):
        yield _difference(e, a, "extra", f"new output {i} ({describe(a_views[i])})", output=i)


def _not_run(pairs: list[Pair]) -> tuple[list[Pair], Difference | None]:
    """Drop pairs a run never reached; one difference names those the refactored run skipped."""
    kept, skipped = [], []
    for e, a in pairs:
        if e is not None and not e.executed:
            continue  # no baseline for this cell: nothing to hold against the refactoring
        if a is not None and not a.executed:
            skipped.append((e, a))
            continue
        kept.append((e, a))
    if not skipped:
        return kept, None
    first_e, first_a = skipped[0]
    cells = [p[1].index for p in skipped if p[1] is not None]
    message = f"{len(skipped)} cell(s) were never run (the run stopped earlier)"
    return kept, _difference(first_e, first_a, "not-run", message, details={"refactored_cells": cells})


def moved_cells(pairs: Sequence[Pair]) -> set[int]:
    """Original indices of matched cells the rewrite moved: those outside the longest
    run of pairs whose order both notebooks agree on."""
    matched = [(e.index, a.index) for e, a in pairs if e is not None and a is not None]
    best: list[list[tuple[int, int]]] = []  # best[i]: longest increasing chain ending at matched[i]
    empty: list[tuple[int, int]] = []
    for i, (_, a) in enumerate(matched):
        prev = max((best[j] for j in range(i) if matched[j][1] < a), key=len, default=empty)
        best.append([*prev, matched[i]])
    longest: list[tuple[int, int]] = max(best, key=len) if best else empty
    keep = set(longest)
    return {e for e, a in matched if (e, a) not in keep}


def compare_runs(expected: RunResult, actual: RunResult, comparer: Comparer) -> tuple[list[Difference], int]:
    """Every difference between two runs, and how many cell pairs were compared.

    Differences in a cell the rewrite moved say so (``details["moved"]``):
    a reordering is the usual cause of what follows.
    """
    pairs, skipped = _not_run(match_cells(expected.cells, actual.cells))
    moved = moved_cells(pairs)
    differences = [
        replace(d, details={**d.details, "moved": True}) if d.cell in moved else d
        for e, a in pairs
        for d in compare_cell(e, a, comparer)
    ]
    if skipped:
        differences.append(skipped)
    return differences, len(pairs)


def split_nondeterministic(
    differences: Sequence[Difference], noisy: Sequence[Difference]
) -> tuple[list[Difference], list[Difference]]:
    """Separate regressions from outputs that already differed between the original's own runs."""
    keys = {(d.cell, d.output) for d in noisy}
    regressions, nondeterministic = [], []
    for d in differences:
        if (d.cell, d.output) in keys or (d.cell, None) in keys:
            nondeterministic.append(replace(d, nondeterministic=True))
        else:
            regressions.append(d)
    return regressions, nondeterministic
