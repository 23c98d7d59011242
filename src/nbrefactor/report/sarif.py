"""SARIF 2.1.0, for code-scanning dashboards.

Locations in text notebooks and scripts use file lines. SARIF has no notion of
a notebook cell, so for ``.ipynb`` files the region holds the line within the
cell and the cell index is given in ``properties.cell`` and a logical location
``cell N``. ``partialFingerprints`` carry nbrefactor's content-based fingerprint.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbrefactor.engine.audit import AuditResult
from nbrefactor.model import Finding, Location, Severity
from nbrefactor.report.layout import Layout, render_layout
from nbrefactor.rules import ALL_RULES

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
HELP_URI = "https://github.com/nbrefactor/nbrefactor/blob/main/docs/rules.md#{code}"


def _location(loc: Location) -> dict[str, Any]:
    offset = (loc.file_line - loc.start_line) if loc.file_line is not None else 0
    region = {
        "startLine": loc.start_line + offset,
        "startColumn": loc.start_column,
        "endLine": (loc.end_line or loc.start_line) + offset,
        "endColumn": max(loc.end_column or loc.start_column, 1),
    }
    out: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": {"uri": loc.path, "uriBaseId": "ROOT"}, "region": region}
    }
    if loc.cell is not None:
        out["logicalLocations"] = [{"name": f"cell {loc.cell}", "kind": "module"}]
        out["properties"] = {"cell": loc.cell, "cellLine": loc.start_line}
    return out


def _result(finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding.location)],
        "partialFingerprints": {"nbrefactor/v1": finding.fingerprint},
    }
    if finding.code in rule_index:
        result["ruleIndex"] = rule_index[finding.code]
    if len(finding.locations) > 1:
        result["relatedLocations"] = [
            {"id": i, **_location(loc)} for i, loc in enumerate(finding.locations[1:], start=1)
        ]
    return result


def sarif_dict(result: AuditResult) -> dict[str, Any]:
    from nbrefactor import __version__

    rules: list[dict[str, Any]] = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary()},
            "fullDescription": {"text": rule.docs()},
            "helpUri": HELP_URI.format(code=rule.code.lower()),
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        }
        for rule in ALL_RULES
    ]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "nbrefactor",
                        "version": __version__,
                        "informationUri": "https://github.com/nbrefactor/nbrefactor",
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {"ROOT": {"uri": Path(result.root).as_uri() + "/"}},
                "results": [_result(f, index) for f in result.findings],
            }
        ],
    }


#: The run expanded; each rule and each result on a line of its own.
LAYOUT: Layout = {"runs": {"tool": {"driver": {"rules": None}}, "results": None}}


def render_sarif(result: AuditResult) -> str:
    return render_layout(sarif_dict(result), LAYOUT)
