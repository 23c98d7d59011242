"""The fast nbformat 4 checks agree with nbformat's own validator."""

from __future__ import annotations

import json

import pytest

from conftest import CORPUS, NOTEBOOKS
from nbrefactor.rules.base import notebook_json
from nbrefactor.sources import SourceError
from nbrefactor.sources.notebook import _upgrade, parse_notebook_text
from nbrefactor.sources.schema import nbformat_problem, quick_problem


def _raws():
    for path in sorted([*CORPUS.rglob("*.ipynb"), *NOTEBOOKS.glob("*.ipynb")]):
        try:
            nbfile = parse_notebook_text(path.read_bytes())
            yield path, _upgrade(nbfile)
        except SourceError:
            continue


def test_quick_checks_agree_with_nbformat_on_every_real_notebook() -> None:
    checked = disagreements = 0
    invalid = 0
    for path, raw in _raws():
        quick, full = quick_problem(raw), nbformat_problem(raw)
        checked += 1
        invalid += full is not None
        if (quick is None) != (full is None):
            disagreements += 1
            print(path, quick, full)
    assert checked > 500 and invalid > 3
    assert disagreements == 0


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda nb: nb["cells"][0].pop("execution_count"), "missing ['execution_count']"),
        (lambda nb: nb["cells"][0].update(cell_type="Code"), "unknown cell_type 'Code'"),
        (lambda nb: nb["cells"][0].update(extra=1), "not allowed ['extra']"),
        (lambda nb: nb["cells"][1].update(id=nb["cells"][0]["id"]), "repeats the cell id"),
        (lambda nb: nb["cells"][0]["metadata"].update(tags="x"), "malformed tags"),
        (lambda nb: nb["metadata"].update(kernelspec="python3"), "kernelspec needs"),
        (lambda nb: nb.update(nbformat_minor=-1), "non-negative integer nbformat_minor"),
    ],
)
def test_quick_checks_name_the_problem(mutate, expected) -> None:
    nb = json.loads(notebook_json(("x = 1", 1), ("y = 2", 2)))
    assert quick_problem(nb) is None and nbformat_problem(nb) is None
    mutate(nb)
    problem = quick_problem(nb)
    assert problem is not None and expected in problem
    assert nbformat_problem(nb) is not None


def test_nbformat_does_not_repair_the_callers_cells() -> None:
    nb = json.loads(notebook_json(("x = 1", 1), ("y = 2", 2)))
    nb["cells"][1]["id"] = nb["cells"][0]["id"]
    assert "Non-unique cell id" in nbformat_problem(nb)
    assert nb["cells"][1]["id"] == nb["cells"][0]["id"]
