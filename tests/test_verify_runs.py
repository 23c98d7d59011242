"""verify on real notebooks: papermill runs, seeds, sanitisers, broken refactorings, hangs.

Runs are shared: the module fixture executes each fixture notebook once (two at
a time, through verify's own executor interface) and the tests compare them.
"""

from __future__ import annotations

import base64
import dataclasses
import shutil
from pathlib import Path

import nbformat
import pytest

from nbrefactor.verify import RunSpec, Status, execute, thread_pool, verify
from nbrefactor.verify.compare import Comparer, compare_runs
from nbrefactor.verify.model import RunResult
from nbrefactor.verify.normalize import Normalizer
from nbrefactor.verify.values import split_numbers

FIXTURES = Path(__file__).parent / "fixtures" / "verify"
PIPELINE_VARIANTS = ["pipeline_extracted", "broken_constant", "broken_dropped_step", "broken_seed", "broken_reordered"]
TWICE = ["pipeline", "noisy", "random_unseeded", "tensor"]
ONCE = [*PIPELINE_VARIANTS, "image", "image_recompressed", "image_shifted"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import jupytext

    target = tmp_path_factory.mktemp("verify") / "fixtures"
    shutil.copytree(FIXTURES, target)
    jupytext.write(jupytext.read(str(target / "pipeline.ipynb")), str(target / "pipeline.py"), fmt="py:percent")
    return target


@pytest.fixture(scope="module")
def runs(folder: Path) -> dict[str, RunResult]:
    specs = {name: RunSpec(str(folder / f"{name}.ipynb"), timeout=60) for name in [*TWICE, *ONCE]}
    specs.update({f"{name}#2": specs[name] for name in TWICE})
    specs["pipeline.py"] = RunSpec(str(folder / "pipeline.py"), timeout=60)
    specs["random_unseeded#unseeded"] = RunSpec(str(folder / "random_unseeded.ipynb"), seed=None)
    specs["random_unseeded#unseeded2"] = specs["random_unseeded#unseeded"]
    with thread_pool(2) as pool:
        futures = {key: pool.submit(execute, spec) for key, spec in specs.items()}
        results = {key: f.result() for key, f in futures.items()}
    failed = {key: r.failure for key, r in results.items() if r.failure}
    assert not failed
    return results


def diffs(runs: dict[str, RunResult], a: str, b: str, comparer: Comparer | None = None):
    return compare_runs(runs[a], runs[b], comparer or Comparer())[0]


def text_of(run: RunResult, cell: int, output: int = 0) -> str:
    o = run.cells[cell].outputs[output]
    return "".join(o["text"]) if "text" in o else "".join(o["data"]["text/plain"])


def test_fixture_notebooks_are_valid_and_unchanged_on_disk(folder: Path, runs) -> None:
    for path in FIXTURES.glob("*.ipynb"):
        nbformat.validate(nbformat.read(str(path), as_version=4))
        assert (folder / path.name).read_bytes() == path.read_bytes()  # runs never write the notebook


@pytest.mark.parametrize("name", TWICE)
def test_a_rerun_is_unchanged(runs, name: str) -> None:
    assert diffs(runs, name, f"{name}#2") == []


def test_the_extracted_refactoring_is_unchanged(runs) -> None:
    assert diffs(runs, "pipeline", "pipeline_extracted") == []


def test_a_jupytext_text_notebook_runs_and_matches_by_source(runs) -> None:
    assert [c.cell_id for c in runs["pipeline.py"].cells] != [c.cell_id for c in runs["pipeline"].cells]
    assert diffs(runs, "pipeline", "pipeline.py") == []


def _numbers(run: RunResult, cell: int, output: int = 0) -> tuple[float, ...]:
    return split_numbers(text_of(run, cell, output)).numbers


@pytest.mark.parametrize(
    ("variant", "cells"),
    [
        ("broken_constant", {6: "combine", 7: "array"}),  # SCALE 2.5 -> 2.6: the columns built with it
        ("broken_dropped_step", {6: "combine", 7: "array"}),  # preprocess emptied: nothing standardised
        ("broken_seed", {6: "combine", 7: "array"}),  # other data from the first random draw on
    ],
)
def test_broken_refactorings_are_caught_precisely(runs, variant: str, cells: dict[int, str]) -> None:
    found = diffs(runs, "pipeline", variant)
    assert {d.cell for d in found} == set(cells)
    assert all(d.kind == "numbers" and d.refactored_cell == d.cell for d in found)
    stdout = next(d for d in found if d.cell == 6 and d.output == 0)
    expected, actual = _numbers(runs["pipeline"], 6), _numbers(runs[variant], 6)
    i = stdout.details["first_mismatch"]
    assert f"{expected[i]:g} -> {actual[i]:g}" in stdout.message
    assert stdout.details["max_abs_error"] == pytest.approx(max(abs(x - y) for x, y in zip(expected, actual)))
    table = next(d for d in found if d.cell == 6 and d.output == 1)
    assert table.details["data"] == "table" and table.details["shape"] == [9, 4]
    assert {c["where"].split(", ")[1] for c in table.details["cells"]} <= {"column 'x'", "column 'y'", "column 'z'"}
    array = next(d for d in found if d.cell == 7)
    assert array.details["data"] == "array" and array.details["numbers"] == 8


def test_a_changed_constant_leaves_the_untouched_columns_alone(runs) -> None:
    table = next(d for d in diffs(runs, "pipeline", "broken_constant") if d.output == 1)
    assert {c["where"].split(", ")[1] for c in table.details["cells"]} == {"column 'z'"}


def test_a_reordered_cell_is_reported_at_its_new_place(runs) -> None:
    found = diffs(runs, "pipeline", "broken_reordered")
    combine = [d for d in found if d.cell_id == "combine"]
    assert combine and all((d.cell, d.refactored_cell) == (6, 5) and d.details["moved"] for d in combine)
    assert {d.cell for d in found} == {6, 7}


def test_timestamps_addresses_and_durations_still_verify(runs) -> None:
    assert diffs(runs, "noisy", "noisy#2") == []
    raw = diffs(runs, "noisy", "noisy#2", Comparer(normalize=Normalizer((), object_ids=False)))
    assert {d.cell for d in raw} == {1, 2, 3, 4}  # each cell prints some noise
    assert "at 0x" in text_of(runs["noisy"], 2)


def test_seeds_make_unseeded_notebooks_repeatable(runs) -> None:
    assert diffs(runs, "random_unseeded", "random_unseeded#2") == []
    unseeded = diffs(runs, "random_unseeded#unseeded", "random_unseeded#unseeded2")
    assert 1 in {d.cell for d in unseeded}


def test_tensors_compare_as_data(runs) -> None:
    run = runs["tensor"]
    text = text_of(run, 1)
    assert text.startswith("tensor(")
    first = split_numbers(text).numbers[0]
    cells = list(run.cells)
    for new, expect in ((first + 1e-7, []), (first + 0.01, ["numbers"])):
        output = {**cells[1].outputs[0], "data": {"text/plain": text.replace(f"{first:.4f}", f"{new:.7f}", 1)}}
        cells[1] = dataclasses.replace(cells[1], outputs=(output,))
        found = compare_runs(run, RunResult(run.notebook, tuple(cells)), Comparer())[0]
        assert [d.kind for d in found] == expect
        assert all(d.details["data"] == "tensor" for d in found)


def test_images_compare_by_pixels(runs) -> None:
    def png(name: str) -> str:
        return runs[name].cells[1].outputs[0]["data"]["image/png"]

    assert base64.b64decode(png("image")) != base64.b64decode(png("image_recompressed"))
    assert diffs(runs, "image", "image_recompressed") == []
    (shifted,) = diffs(runs, "image", "image_shifted")
    assert shifted.kind == "image" and shifted.details["changed_pixels"] == 2 * 8  # two columns of 8 rows
    assert shifted.details["size"] == [16, 8] and shifted.details["max_channel_delta"] == 50


def test_a_hanging_cell_is_stopped_at_its_timeout(folder: Path) -> None:
    result = execute(RunSpec(str(folder / "hang.ipynb"), timeout=2))
    assert result.failure is not None and result.failure.reason == "timeout"
    assert result.failure.cell == 1 and "2 seconds" in result.failure.message
    assert [c.executed for c in result.cells] == [True, True, False]


def test_the_wall_clock_guard_stops_a_run(folder: Path) -> None:
    result = execute(RunSpec(str(folder / "hang.ipynb"), timeout=600, wall_timeout=5))
    assert result.failure is not None and result.failure.reason == "timeout"
    assert "wall-clock" in result.failure.message and result.failure.cell == 1


def test_a_dead_kernel_is_reported(folder: Path) -> None:
    result = execute(RunSpec(str(folder / "dies.ipynb"), timeout=30))
    assert result.failure is not None and result.failure.reason == "kernel-died" and result.failure.cell == 1


def test_against_stored_outputs(folder: Path, runs) -> None:
    stored = folder / "pipeline_stored.ipynb"
    nb = nbformat.read(str(folder / "pipeline.ipynb"), as_version=4)
    for cell, done in zip(nb.cells, runs["pipeline"].cells):
        if cell.cell_type == "code":
            cell.outputs = [nbformat.from_dict(o) for o in done.outputs]
            cell.execution_count = done.index
    nbformat.write(nb, str(stored))
    same = verify(stored, folder / "pipeline_extracted.ipynb", against="stored", timeout=60)
    assert same.status is Status.UNCHANGED and same.cells_compared == 8 and same.runs == 1
    broken = verify(stored, folder / "broken_seed.ipynb", against="stored", timeout=60)
    assert broken.status is Status.CHANGED and {d.cell for d in broken.differences} == {6, 7}
    never_run = verify(folder / "pipeline.ipynb", against="stored")  # fixtures store no outputs
    assert never_run.status is Status.FAILED and never_run.failures[0][1].reason == "no-outputs"


def test_runs_2_reports_nondeterminism_instead_of_regressions(folder: Path) -> None:
    result = verify(folder / "random_unseeded.ipynb", seed=None, runs=2, timeout=60)
    assert result.status is Status.UNCHANGED and result.runs == 2
    assert 1 in {d.cell for d in result.nondeterministic}
    assert all(d.nondeterministic for d in result.nondeterministic)


def test_parameters_reach_both_runs_and_the_injected_cell_is_dropped(folder: Path) -> None:
    result = execute(RunSpec(str(folder / "params.ipynb"), parameters={"N": 5}, timeout=60))
    assert [c.cell_id for c in result.cells] == ["params", "use"]  # papermill's cell is gone
    assert text_of(result, 1) == "10\n"


def test_an_unknown_kernel_is_reported_with_the_installed_ones(folder: Path) -> None:
    result = execute(RunSpec(str(folder / "params.ipynb"), kernel_name="conda-env-gone-py", timeout=30))
    assert result.failure is not None and result.failure.reason == "no-kernel"
    assert "conda-env-gone-py" in result.failure.message and "python3" in result.failure.message
