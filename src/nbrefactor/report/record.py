"""Text report of ``nbrefactor record`` (and of the recording step of ``extract --record``)."""

from __future__ import annotations

from nbrefactor.refactor.record import RecordResult


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def render_record(result: RecordResult) -> str:
    """One line per module written (tests, functions covered, fixture size), then what was not recorded."""
    lines: list[str] = []
    for rec in result.recordings:
        if rec.problem:
            lines.append(f"{rec.notebook}: the recording run did not finish cleanly: {rec.problem}")
    for mod in result.modules:
        if mod.reason:
            lines.append(f"{mod.module}: no tests written: {mod.reason}")
            continue
        covered = ", ".join(mod.tested) or "no function"
        lines.append(f"{mod.test_path}: {mod.cases} recorded tests of {covered} ({_mb(mod.fixture_bytes)} of fixtures)")
        for skip in mod.skips:
            lines.append(f"  not recorded: {skip.function}: {skip.reason}")
        uncalled = [f for f in mod.functions if f not in mod.tested and f not in {s.function for s in mod.skips}]
        if uncalled:
            lines.append(f"  not called by the notebooks: {', '.join(uncalled)}")
    return "\n".join(lines) + "\n" if lines else "nothing recorded\n"
