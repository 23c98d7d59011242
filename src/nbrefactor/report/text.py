"""Text for people: one line a finding, as ruff and nbQA print them."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from nbrefactor.engine.audit import AuditResult
from nbrefactor.model import DocumentKind, Finding


def finding_line(finding: Finding) -> str:
    """``path:cell N:line:col: CODE message`` (``path:line:col: ...`` for scripts)."""
    return f"{finding.location.display()}: {finding.code} {finding.message}"


def related_lines(finding: Finding) -> Iterable[str]:
    for location in finding.locations[1:]:
        yield f"    see {location.display()}"


def summary_line(result: AuditResult) -> str:
    kinds = Counter("notebook" if f.kind and f.kind is not DocumentKind.SCRIPT else "script" for f in result.files if f.kind)
    unreadable = sum(1 for f in result.files if f.input_error)
    files = f"{len(result.files)} file{'s' if len(result.files) != 1 else ''}"
    parts = [f"{kinds['notebook']} notebooks", f"{kinds['script']} scripts"]
    if unreadable:
        parts.append(f"{unreadable} unreadable")
    n = len(result.findings)
    found = f"{n} finding{'s' if n != 1 else ''}" if n else "no findings"
    return f"{found} in {files} ({', '.join(parts)})"


def diff_lines(finding: Finding) -> Iterable[str]:
    """A finding's diff (``data["diff"]``: what drifted between clones), indented."""
    diff = finding.data.get("diff")
    if isinstance(diff, str):
        yield from (f"    {line}" for line in diff.splitlines())


def render_text(result: AuditResult, show_related: bool = True, show_diff: bool = False) -> str:
    lines = []
    for finding in result.findings:
        lines.append(finding_line(finding))
        if show_related:
            lines.extend(related_lines(finding))
        if show_diff:
            lines.extend(diff_lines(finding))
    if result.findings:
        counts = Counter(f.code for f in result.findings)
        lines.append("")
        lines.append("  ".join(f"{code}: {counts[code]}" for code in sorted(counts)))
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
