"""``extract`` results as text: per notebook what moved where, what stayed and why, then how
the notebooks find the package (and, for a dry run, the diffs)."""

from __future__ import annotations

from pathlib import Path

from nbrefactor.refactor.plan import NotebookPlan
from nbrefactor.refactor.result import ExtractResult, Failed, NotebookResult, Skipped, Success


def _rel(path: str, root: str) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return path


def _plan_lines(plan: NotebookPlan, root: str) -> list[str]:
    lines = []
    written = [m for m in plan.moved if m.written]
    if written:
        lines.append(f"  module {plan.module} ({_rel(plan.module_path, root)}), tests {_rel(plan.test_path, root)}")
    for m in written:
        extra = f"  + keyword parameters {', '.join(m.params)}" if m.params else ""
        extra += f"; returns the new `{m.returns}` (calls assign it)" if m.returns else ""
        lines.append(f"  moved  {m.kind} {m.name} (cell {m.cell}){extra}")
    for m in plan.moved:
        if not m.written:
            alias = "" if m.home_name == m.name else f" (as {m.home_name})"
            lines.append(f"  reused {m.name}{alias}: the same code is already in {m.home}")
    if plan.constants:
        lines.append(f"  moved  constants {', '.join(plan.constants)}")
    if plan.call_edits:
        lines.append(f"  calls  {len(plan.call_edits)} call(s) in the notebook now pass notebook variables")
    lines += [f"  kept   {k.kind} {k.name} (cell {k.cell}, line {k.line}): {k.reason}" for k in plan.kept]
    for note in plan.notes:
        lines.append(f"  drift  {note.name} differs from the copy in {note.other}: {note.summary} (not merged)")
        lines += ["         " + d for d in note.diff.splitlines()]
    lines += [f"  test   {t.name}: {t.call}" for t in plan.tests]
    return lines


def _result_lines(result: NotebookResult, root: str, dry_run: bool) -> list[str]:
    if isinstance(result, Success):
        verb = "would extract" if dry_run else "extracted"
        lines = [f"{result.notebook}: {verb} {sum(1 for m in result.plan.moved if m.written)} definition(s)"]
        lines += _plan_lines(result.plan, root)
        if result.verified:
            lines.append(f"  {result.verified}")
        if result.backups:
            lines.append(f"  backups {', '.join(_rel(b, root) for b in result.backups)}")
        return lines
    if isinstance(result, Skipped):
        lines = [f"{result.notebook}: skipped: {result.reason}"]
        lines += [f"  kept   {k.kind} {k.name} (cell {k.cell}, line {k.line}): {k.reason}" for k in result.kept]
        return lines
    assert isinstance(result, Failed)
    return [f"{result.notebook}: failed: {result.error}"]


def render_extract(result: ExtractResult, diff: bool = False) -> str:
    """The text report of an extract run; ``diff`` adds the unified diffs of every change."""
    lines: list[str] = []
    for item in result.results:
        lines += _result_lines(item, result.root, result.dry_run)
    changed = result.changed
    counts = {
        "extracted": len(changed),
        "skipped": sum(isinstance(r, Skipped) for r in result.results),
        "failed": sum(isinstance(r, Failed) for r in result.results),
    }
    if changed:
        lines.append("")
        lines.append(result.import_hint)
    summary = ", ".join(f"{n} {word}" for word, n in counts.items())
    lines.append(summary + (" (dry run: nothing written)" if result.dry_run else ""))
    text = "\n".join(lines) + "\n"
    if diff:
        text += "".join(r.diff for r in changed)
    return text
