"""The cross-cell dataflow graph, and the dataflow rules on the example project."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nbrefactor import audit
from nbrefactor.analysis import DocumentFacts
from nbrefactor.config import Config
from nbrefactor.rules.base import notebook_json
from nbrefactor.sources import read_document

REPO = Path(__file__).resolve().parents[1]
CODES = re.compile(r"NBR2\d\d|NBR30[2-4]")


def _flow(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return DocumentFacts(read_document(path, tmp_path), Config()).dataflow


def test_cells_define_read_and_mutate(tmp_path: Path) -> None:
    flow = _flow(tmp_path, "nb.py", "# %%\nxs = []\nk = 2\n# %%\nxs.append(k)\ny = k * 2\n# %%\nk = k + y\n")
    by_cell = {c.cell: c for c in flow.cells}
    assert by_cell[0].defines == {"xs", "k"} and by_cell[0].reads == frozenset()
    assert by_cell[1].reads == {"xs", "k"} and by_cell[1].mutates == {"xs"} and by_cell[1].defines == {"y"}
    assert by_cell[2].reads == {"k", "y"}
    assert [b.fresh for b in flow.bindings["k"]] == [True, False]


def test_edges_name_suppliers_in_document_and_execution_order(tmp_path: Path) -> None:
    text = notebook_json(("x = 1", 1), ("x = 2", 5), ("print(x)", 3))
    flow = _flow(tmp_path, "nb.ipynb", text)
    (edge,) = [e for e in flow.edges if e.name == "x"]
    assert (edge.reader, edge.supplier, edge.exec_supplier) == (2, 1, 0)


def test_calls_carry_the_globals_a_function_reads(tmp_path: Path) -> None:
    text = "# %%\nlr = 0.1\nopt = make(lr)\n# %%\ndef step(m):\n    return helper(m) + opt\n# %%\ndef helper(m):\n    return m * lr\n# %%\nstep(3)\n"
    flow = _flow(tmp_path, "nb.py", text)
    via = {(e.name, e.supplier, e.via) for e in flow.edges if e.reader == 3}
    assert ("opt", 0, "step") in via and ("lr", 0, "step") in via and ("step", 1, None) in via
    step = flow.function("step")
    assert step is not None and step.suggested_params(("opt",)) == ("m", "opt")


def test_ipython_bindings_and_run_magic(tmp_path: Path) -> None:
    flow = _flow(tmp_path, "nb.py", "# %%\nfiles = !ls\n# %%\n%%time\ntotal = len(files)\n")
    assert flow.cells[0].defines == {"files"} and flow.cells[1].reads == {"files"}
    assert not flow.open_namespace
    assert _flow(tmp_path, "nb2.py", "# %%\n%run setup.py\n# %%\nprint(cfg)\n").open_namespace


def _planted(readme: Path) -> set[tuple[str, str, int | None, int]]:
    rows = set()
    for line in readme.read_text(encoding="utf-8").splitlines():
        cols = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cols) >= 4 and CODES.fullmatch(cols[0]):
            rows.add((cols[0], cols[1], None if cols[2] == "-" else int(cols[2]), int(cols[3])))
    return rows


def test_example_notebooks_every_planted_dataflow_problem_and_nothing_else() -> None:
    readme = REPO / "notebooks" / "README.md"
    if not readme.exists():
        pytest.skip("notebooks/README.md (the planted-problem table) is not in this checkout")
    planted = _planted(readme)
    assert planted, "the planted table lists no dataflow or reproducibility rows"
    result = audit([REPO / "notebooks"], root=REPO / "notebooks", cache=False, jobs=1)
    found = {
        (f.code, f.location.path, f.location.cell, f.location.start_line)
        for f in result.findings
        if CODES.fullmatch(f.code)
    }
    assert found == planted


def test_a_cell_too_deep_to_walk_is_skipped_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "deep.py").write_text("# %%\nx = " + " + ".join(["a"] * 1500) + "\n# %%\nprint(y)\n", encoding="utf-8")
    result = audit([tmp_path], root=tmp_path, cache=False, jobs=1)
    assert not [f for f in result.findings if f.code.startswith("NBR2")]  # unreliable: say nothing


def test_function_finding_names_globals_cells_and_parameters(tmp_path: Path) -> None:
    text = "# %%\nimport torch\nLR = 0.1\nmodel = build()\n# %%\nopt = make(model, LR)\n# %%\ndef step(x):\n    opt.zero_grad()\n    return model(x) * LR\n# %%\nstep(1)\n"
    (tmp_path / "nb.py").write_text(text, encoding="utf-8")
    result = audit([tmp_path], root=tmp_path, cache=False, jobs=1)
    (finding,) = [f for f in result.findings if f.code == "NBR201"]
    assert finding.data["globals"] == ["opt", "model"]  # LR is a literal constant, torch an import
    assert finding.data["defined_in"] == {"opt": [1], "model": [0]}
    assert finding.data["used_in"] == [3] and finding.data["parameters"] == ["x", "opt", "model"]
    assert "opt (cell 1), model (cell 0)" in finding.message
