"""End to end: the CLI over the shipped legacy project finds exactly what is planted.

The planted problems are the table in notebooks/README.md; for every code in
the rule catalogue, the audit must report exactly the planted rows.
"""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from conftest import NOTEBOOKS
from nbrefactor.rules import RULES_BY_CODE

ROW = re.compile(r"^\| (NBR\d{3}) \| ([^|]+?) \| ([^|]+?) \| (\d+) \| .* \|$")


def planted() -> set[tuple[str, str, int | None, int]]:
    rows = set()
    for line in (NOTEBOOKS / "README.md").read_text(encoding="utf-8").splitlines():
        m = ROW.match(line)
        if m:
            code, file, cell, lineno = m.groups()
            rows.add((code, f"notebooks/{file.strip()}", None if cell.strip() == "-" else int(cell), int(lineno)))
    return rows


def test_the_table_is_parsed() -> None:
    rows = planted()
    assert len(rows) > 15 and {r[0] for r in rows} >= {"NBR101", "NBR201", "NBR301"}


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_example_notebooks_are_valid(path) -> None:
    nbformat.validate(nbformat.read(path, as_version=4))


def test_audit_finds_exactly_the_planted_problems(run_cli) -> None:
    code, out, _ = run_cli("audit", str(NOTEBOOKS), "--root", str(NOTEBOOKS.parent), "--format", "json", "--no-cache")
    assert code == 1
    report = json.loads(out)
    assert report["summary"]["files"] == 8 and report["summary"]["unreadable_files"] == 0
    found = {
        (f["code"], loc["path"], loc["cell"], loc["start_line"])
        for f in report["findings"]
        for loc in (f["locations"] if f["code"].startswith("NBR1") else f["locations"][:1])
    }
    implemented = {r for r in planted() if r[0] in RULES_BY_CODE}
    assert implemented, "at least one planted code is implemented"
    assert found == implemented


def test_text_report_on_the_example_project(run_cli) -> None:
    code, out, _ = run_cli("audit", "notebooks", "--root", str(NOTEBOOKS.parent), "--no-cache", "--select", "NBR301")
    assert code == 1
    assert "notebooks/03_train.ipynb:cell 15:1:1: NBR301 cell ran [10] before cell 13 above it [13]" in out
