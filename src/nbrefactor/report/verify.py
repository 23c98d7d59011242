"""Verify results as text for people and versioned JSON for machines.

The JSON follows the report contract (docs/report-format.md): a versioned
document whose differences carry ``locations`` in the contract's shape
(``{path, cell, start_line, ...}``, the refactored cell first, the original
cell second) and their evidence in ``details``. Its JSON Schema ships beside
this module (``verify-schema-v1.json``).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Sequence

from nbrefactor.model import Location
from nbrefactor.sources import relative_path
from nbrefactor.verify.model import Difference, RunFailure, VerifyResult

SCHEMA_VERSION = "1.0"
_DIFF_LINES = 12


def _rel(path: str) -> str:
    return relative_path(path, Path.cwd().resolve())


def difference_locations(result: VerifyResult, d: Difference) -> list[Location]:
    """Where a difference is: the refactored cell, then the original cell (when each exists)."""
    found = []
    if d.refactored_cell is not None:
        found.append(Location(_rel(result.refactored), d.refactored_cell, 1))
    if d.cell is not None:
        found.append(Location(_rel(result.original), d.cell, 1))
    return found


def _difference_json(result: VerifyResult, d: Difference) -> dict[str, Any]:
    return {
        "kind": d.kind,
        "message": d.message,
        "output": d.output,
        "cell_id": d.cell_id,
        "nondeterministic": d.nondeterministic,
        "locations": [loc.to_json() for loc in difference_locations(result, d)],
        "details": dict(d.details),
    }


def _failure_json(role: str, path: str, failure: RunFailure) -> dict[str, Any]:
    return {
        "run": role,
        "path": _rel(path),
        "reason": failure.reason,
        "message": failure.message,
        "location": Location(_rel(path), failure.cell, 1).to_json() if failure.cell is not None else None,
    }


def result_json(result: VerifyResult) -> dict[str, Any]:
    return {
        "original": _rel(result.original),
        "refactored": _rel(result.refactored),
        "status": result.status.value,
        "against": result.against,
        "runs": result.runs,
        "cells_compared": result.cells_compared,
        "seconds": result.seconds,
        "failures": [_failure_json(role, result.path_of(role), f) for role, f in result.failures],
        "differences": [_difference_json(result, d) for d in result.differences],
        "nondeterministic": [_difference_json(result, d) for d in result.nondeterministic],
    }


def verify_schema() -> dict[str, Any]:
    """The JSON Schema of the verify report (version 1)."""
    return dict(json.loads((Path(__file__).parent / "verify-schema-v1.json").read_text(encoding="utf-8")))


def verify_report_dict(results: Sequence[VerifyResult]) -> dict[str, Any]:
    from nbrefactor import __version__

    counts = Counter(r.status.value for r in results)
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "verify",
        "tool": {"name": "nbrefactor", "version": __version__},
        "summary": {"pairs": len(results), **{s: counts.get(s, 0) for s in ("unchanged", "changed", "failed")}},
        "results": [result_json(r) for r in results],
    }


def render_verify_json(results: Sequence[VerifyResult]) -> str:
    return json.dumps(verify_report_dict(results), indent=2, ensure_ascii=False, default=str) + "\n"


def _headline(result: VerifyResult) -> str:
    pair = _rel(result.original)
    if result.refactored != result.original:
        pair += f" -> {_rel(result.refactored)}"
    baseline = "stored outputs" if result.against == "stored" else f"{result.runs} fresh run{'s' * (result.runs > 1)}"
    n = len(result.differences)
    counted = f"{n} difference{'s' * (n != 1)}, " if n else ""
    return f"{pair}: {result.status.value} ({counted}{result.cells_compared} cells compared against {baseline}, {result.seconds:.1f} s)"


def _difference_lines(result: VerifyResult, d: Difference) -> Iterable[str]:
    locations = difference_locations(result, d)
    where = locations[0].display() if locations else _rel(result.refactored)
    output = f"output {d.output}: " if d.output is not None else ""
    moved = ", moved" if d.details.get("moved") else ""
    partner = f" [original cell {d.cell}{moved}]" if d.cell is not None and (moved or d.refactored_cell not in (None, d.cell)) else ""
    yield f"  {where}: {output}{d.message}{partner}"
    diff = list(d.details.get("diff", ()))[2:]  # drop the ---/+++ header
    for line in diff[:_DIFF_LINES]:
        yield f"      {line}"
    if len(diff) > _DIFF_LINES:
        yield "      ..."


def render_result_text(result: VerifyResult) -> str:
    lines = [_headline(result)]
    for role, failure in result.failures:
        at = f":cell {failure.cell}" if failure.cell is not None else ""
        lines.append(f"  {_rel(result.path_of(role))}{at}: {role} run failed ({failure.reason}): {failure.message}")
    for d in result.differences:
        lines.extend(_difference_lines(result, d))
    if result.nondeterministic:
        lines.append("  nondeterministic (differed between the original's own runs, not counted):")
        lines.extend("  " + line for d in result.nondeterministic for line in list(_difference_lines(result, d))[:1])
    return "\n".join(lines) + "\n"


def render_verify_text(results: Sequence[VerifyResult]) -> str:
    counts = Counter(r.status.value for r in results)
    body = "".join(render_result_text(r) for r in results)
    n = len(results)
    summary = ", ".join(f"{counts.get(s, 0)} {s}" for s in ("unchanged", "changed", "failed"))
    return f"{body}verified {n} notebook pair{'s' * (n != 1)}: {summary}\n"


VERIFY_RENDERERS = {"text": render_verify_text, "json": render_verify_json}
