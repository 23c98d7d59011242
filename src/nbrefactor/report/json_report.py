"""The JSON report: the documented, versioned contract (docs/report-format.md).

``schema_version`` follows semantic versioning: a minor bump adds optional
fields, a major bump changes or removes one. The JSON Schema of each version
ships beside this module (``schema-v1.json``) and in ``docs/``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from nbrefactor.engine.audit import AuditResult
from nbrefactor.model import Finding
from nbrefactor.report.layout import Layout, render_layout

SCHEMA_VERSION = "1.0"


def finding_to_json(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "name": finding.name,
        "message": finding.message,
        "severity": finding.severity.value,
        "locations": [loc.to_json() for loc in finding.locations],
        "fingerprint": finding.fingerprint,
        "data": dict(finding.data),
    }


def report_dict(result: AuditResult) -> dict[str, Any]:
    from nbrefactor import __version__

    counts = Counter(f.code for f in result.findings)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "nbrefactor", "version": __version__},
        "root": result.root,
        "summary": {
            "files": len(result.files),
            "unreadable_files": sum(1 for f in result.files if f.input_error),
            "findings": len(result.findings),
            "by_code": dict(sorted(counts.items())),
        },
        "files": [
            {
                "path": f.relpath,
                "kind": f.kind.value if f.kind else None,
                "cells": f.cells,
                "code_cells": f.code_cells,
                "language": f.language,
                "readable": not f.input_error,
            }
            for f in result.files
        ],
        "findings": [finding_to_json(f) for f in result.findings],
    }


#: Each file and each finding on a line of its own.
LAYOUT: Layout = {"files": None, "findings": None}


def render_json(result: AuditResult) -> str:
    """The report, one top-level field a line and each file and finding on a line of its own."""
    return render_layout(report_dict(result), LAYOUT)
