"""Cells matched across a rewrite (id, then source, then in order by similarity) and compared output by output."""

from __future__ import annotations

from nbrefactor.verify.compare import (
    Comparer,
    compare_runs,
    match_cells,
    moved_cells,
    split_nondeterministic,
)
from nbrefactor.verify.model import CellRun, Difference, RunResult


def out(text: str) -> dict[str, object]:
    return {"output_type": "stream", "name": "stdout", "text": text}


def cell(index: int, source: str, *outputs: dict[str, object], cell_id: str | None = None, executed: bool = True) -> CellRun:
    return CellRun(index, "code", source, tuple(outputs), cell_id, executed)


def run(*cells: CellRun) -> RunResult:
    return RunResult("nb.ipynb", cells)


def pairs(expected: list[CellRun], actual: list[CellRun]) -> list[tuple[int | None, int | None]]:
    return [(e.index if e else None, a.index if a else None) for e, a in match_cells(expected, actual)]


def test_cells_match_by_id_then_source_then_position() -> None:
    expected = [cell(0, "a", cell_id="x"), cell(1, "b"), cell(2, "c"), cell(3, "d")]
    actual = [cell(0, "c"), cell(1, "changed"), cell(2, "a (moved)", cell_id="x"), cell(3, "also new"), cell(4, "extra")]
    # "a" by id, "c" by source, "b" and "d" by position among what is left
    assert pairs(expected, actual) == [(0, 2), (1, 1), (2, 0), (3, 3), (None, 4)]


def test_without_ids_a_removed_cell_does_not_shift_the_others() -> None:
    """statsmodels 0.9's plots_boxplots.ipynb (nbformat 4.0, no cell ids): extract moved the
    ``def beanplot`` cell out and gave each call one more argument."""
    calls = ["fig = beanplot(age, jitter=True)", "fig = beanplot(age, plot_opts={'violin_width': 0.5})",
             "fig = beanplot(age, plot_opts={'bean_size': 0.2})"]
    expected = [cell(0, "import numpy as np"), cell(1, "def beanplot(data, plot_opts={}, jitter=False):\n    fig = plt.figure()\n    sm.graphics.beanplot(data, ax=fig.add_subplot(111), labels=labels)")]
    expected += [cell(2 + i, call, out(f"figure {i}\n")) for i, call in enumerate(calls)]
    actual = [cell(0, "import numpy as np\nfrom p7.boxplots import beanplot")]
    actual += [cell(1 + i, call.replace(")", ", labels=labels)", 1) if "plot_opts" not in call else call[:-1] + ", labels=labels)", out(f"figure {i}\n")) for i, call in enumerate(calls)]
    assert pairs(expected, actual) == [(0, 0), (1, None), (2, 1), (3, 2), (4, 3)]
    assert compare_runs(run(*expected), run(*actual), Comparer())[0] == []


def test_markdown_cells_are_not_matched() -> None:
    expected = [CellRun(0, "markdown", "# t"), cell(1, "x")]
    assert pairs(expected, [cell(0, "x")]) == [(1, 0)]


def test_split_stream_chunks_compare_equal() -> None:
    diffs, compared = compare_runs(run(cell(0, "p", out("a\nb\n"))), run(cell(0, "p", out("a\n"), out("b\n"))), Comparer())
    assert (diffs, compared) == ([], 1)


def test_lost_new_and_extra_outputs_are_reported() -> None:
    expected = run(cell(0, "p", out("1\n"), {"output_type": "execute_result", "data": {"text/plain": "2"}}), cell(1, "q", out("kept\n")))
    actual = run(cell(0, "p", out("1\n")), cell(1, "q", out("kept\n")), cell(2, "r", out("new\n")))
    diffs, _ = compare_runs(expected, actual, Comparer())
    assert [(d.cell, d.refactored_cell, d.kind, d.output) for d in diffs] == [(0, 0, "missing", 1), (None, 2, "extra", None)]


def test_a_cell_removed_by_the_refactoring_may_not_take_outputs_with_it() -> None:
    expected = run(cell(0, "def f(): ...", cell_id="a"), cell(1, "print(1)", out("1\n"), cell_id="b"))
    emptied = run(cell(0, "print(1)", out("1\n"), cell_id="b"))
    assert compare_runs(expected, emptied, Comparer())[0] == []
    lost = run(cell(0, "", cell_id="a"))
    diffs, _ = compare_runs(expected, lost, Comparer())
    assert [(d.cell, d.kind) for d in diffs] == [(1, "missing")]


def test_cells_a_run_never_reached() -> None:
    expected = run(cell(0, "a", out("1\n")), cell(1, "b", out("2\n")), cell(2, "c", out("3\n")))
    actual = run(
        cell(0, "a", {"output_type": "error", "ename": "ValueError", "evalue": "x", "traceback": []}),
        cell(1, "b", executed=False),
        cell(2, "c", executed=False),
    )
    diffs, compared = compare_runs(expected, actual, Comparer())
    assert [(d.cell, d.kind) for d in diffs] == [(0, "mime"), (1, "not-run")]
    assert diffs[1].details["refactored_cells"] == [1, 2] and compared == 1
    # cells without a baseline (stored notebook never ran them) are not held against anyone
    unrun = run(cell(0, "a", out("1\n")), cell(1, "b", executed=False))
    assert compare_runs(unrun, run(cell(0, "a", out("1\n")), cell(1, "b", out("?\n"))), Comparer()) == ([], 1)


def test_nondeterministic_outputs_are_set_aside() -> None:
    noisy = [Difference(1, 1, "numbers", "m", output=0)]
    found = [Difference(1, 1, "numbers", "m", output=0), Difference(2, 2, "stdout", "m", output=0)]
    regressions, nondeterministic = split_nondeterministic(found, noisy)
    assert [d.cell for d in regressions] == [2]
    assert [(d.cell, d.nondeterministic) for d in nondeterministic] == [(1, True)]


def test_moved_cells_are_those_out_of_the_agreed_order() -> None:
    expected = [cell(i, f"s{i}", cell_id=f"c{i}") for i in range(5)]
    by_id = {c.cell_id: c for c in expected}
    actual = [
        cell(j, by_id[cid].source, cell_id=cid) for j, cid in enumerate(["c0", "c3", "c1", "c2", "c4"])
    ]
    assert moved_cells(match_cells(expected, actual)) == {3}
    assert moved_cells(match_cells(expected, expected)) == set()


def test_too_many_unmatched_cells_pair_by_position() -> None:
    """Comparing every unmatched source with every other is bounded: past 10,000 comparisons
    the cells pair in order, by position (what an unreadable diff of two notebooks gets)."""
    expected = [cell(i, f"print({i})\nvalue_{i} = {i}") for i in range(101)]
    actual = [cell(i, f"print({i + 1})  # shifted\nvalue_{i + 1} = {i + 1}") for i in range(100)]
    assert pairs(expected, actual)[:3] == [(0, 0), (1, 1), (2, 2)]
    few_expected, few_actual = expected[:10], actual[:9]
    assert pairs(few_expected, few_actual)[:3] == [(0, None), (1, 0), (2, 1)], "below the bound, by similarity"
