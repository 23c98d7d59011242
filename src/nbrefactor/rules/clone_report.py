"""Clone families as findings: the shared computation and the message and data of each.

The four NBR1xx rules share one computation per audit (kept in
:attr:`ProjectContext.shared`): units are collected once per document
(:attr:`DocumentFacts.units`), families are built once across documents, and
each rule reports the families of its own code.
"""

from __future__ import annotations

from typing import Any, Sequence

from nbrefactor.analysis.clones import Family, Streams, find_families, streams
from nbrefactor.analysis.drift import NO_DRIFT, Drift, drift
from nbrefactor.analysis.units import STATEMENTS, Unit
from nbrefactor.model import Finding, Location
from nbrefactor.rules.base import ProjectContext, Rule, fingerprint, make_finding

#: The code of a family of definitions by clone type; statement runs are NBR104.
CODES_BY_TYPE = {1: "NBR101", 2: "NBR102", 3: "NBR103"}
STATEMENT_CODE = "NBR104"
#: At most this many renamings are named in a message (all are in the data).
MESSAGE_RENAMINGS = 4


def family_code(family: Family) -> str:
    """The rule code a family is reported under."""
    if family.canonical.kind == STATEMENTS:
        return STATEMENT_CODE
    return CODES_BY_TYPE[family.type]


def clone_families(ctx: ProjectContext) -> list[Family]:
    """The clone families of the audit, computed once for all NBR1xx rules."""
    key = _key("clones", ctx)
    if key not in ctx.shared:
        units: list[Unit] = [u for rel in sorted(ctx.payloads) for u in ctx.payloads[rel]]
        limits: dict[str, float] = {}

        def threshold(unit: Unit) -> float:
            path = unit.location.path
            if path not in limits:
                limits[path] = float(ctx.config_for(path).setting("clone-similarity"))
            return limits[path]

        ctx.shared[key] = find_families(units, threshold, ctx.pmap)
    return ctx.shared[key]


#: Drifts computed per task (each task carries its pairs' texts to a worker).
TASK_DRIFTS = 32

#: One drift to compute: the canonical member, the copy, their matching blocks, their labels,
#: whether the copy is a consistent renaming (type 2).
_DriftJob = tuple[Streams, Streams, tuple[tuple[int, int, int], ...], tuple[str, str], bool]


def family_drifts(ctx: ProjectContext) -> dict[int, tuple[Drift, ...]]:
    """Each clone family's drifts (by its index in :func:`clone_families`), one per member but the
    canonical one; computed once for all NBR1xx rules, in tasks through ``ctx.pmap``."""
    families = clone_families(ctx)
    key = _key("drifts", ctx)
    if key not in ctx.shared:
        jobs: list[_DriftJob] = [
            (
                streams(f.canonical),
                streams(m.unit),
                m.blocks,
                (_where(f.canonical.location), _where(m.unit.location)),
                m.type == 2,
            )
            for f in families
            for m in f.members[1:]
            if m.type > 1
        ]
        tasks = [jobs[i : i + TASK_DRIFTS] for i in range(0, len(jobs), TASK_DRIFTS)]
        computed = iter([d for done in ctx.pmap(_drifts, tasks) for d in done])
        ctx.shared[key] = {
            n: tuple(next(computed) if m.type > 1 else NO_DRIFT for m in f.members[1:]) for n, f in enumerate(families)
        }
    return ctx.shared[key]


def _key(what: str, ctx: ProjectContext) -> str:
    return f"{what}:" + "\x1f".join(sorted(ctx.payloads))


def _drifts(jobs: list[_DriftJob]) -> list[Drift]:
    return [drift(*job) for job in jobs]


def _where(loc: Location) -> str:
    cell = "" if loc.cell is None else f"cell {loc.cell}:"
    return f"{loc.path}:{cell}{loc.start_line}"


def _what(unit: Unit) -> str:
    if unit.kind == STATEMENTS:
        return f"{unit.lines}-line run of top-level statements"
    return f"{unit.kind} {unit.name}"


def _detail(family: Family, drifts: Sequence[Drift]) -> str:
    if family.type == 1:
        return "identical but for layout and comments"
    renamed: list[str] = []
    for d in drifts:
        renamed.extend(f"{a}->{b}" for a, b in d.renamings if f"{a}->{b}" not in renamed)
    parts = []
    if renamed:
        more = len(renamed) - MESSAGE_RENAMINGS
        parts.append("renamed " + ", ".join(renamed[:MESSAGE_RENAMINGS]) + (f" (+{more} more)" if more > 0 else ""))
    literals = list(dict.fromkeys(f"{a}->{b}" for d in drifts for a, b in d.literals))
    if 0 < len(literals) <= 2:
        parts.append("changed " + ", ".join(literals))
    elif literals:
        parts.append(f"{len(literals)} literals changed")
    changed = [d.summary() for d in drifts if d.summary()]
    if family.type == 3 and changed:
        parts.append(changed[0] if len(changed) == 1 else f"{len(changed)} copies drifted")
    return "; ".join(parts) or "same code up to renaming"


def _two_places(similarity: float) -> str:
    """``0.97``; a similarity below 1 never shows as ``1.00`` (one token changed in 300)."""
    return f"{min(similarity, 0.99) if similarity < 1 else similarity:.2f}"


def family_finding(rule: type[Rule] | Rule, family: Family, drifts: Sequence[Drift]) -> Finding:
    """One finding for a family (``drifts``: see :func:`family_drifts`): primary location the
    canonical member, then the others."""
    canonical = family.canonical
    message = (
        f"{_what(canonical)} duplicated in {len(family.members)} places "
        f"(type {family.type}, similarity {_two_places(family.similarity)}): {_detail(family, drifts)}; "
        f"canonical: {_where(canonical.location)}"
    )
    data = _data(family, drifts)
    keys = sorted(f"{m.unit.location.path}|{m.unit.name}|{m.unit.canonical}" for m in family.members)
    locations = tuple(m.unit.location for m in family.members)
    return make_finding(rule, message, locations, fingerprint(rule.code, *keys), data)


def _member(unit: Unit) -> dict[str, Any]:
    return {"name": unit.name, "kind": unit.kind, "lines": unit.lines, "location": unit.location.to_json()}


def _data(family: Family, drifts: Sequence[Drift]) -> dict[str, Any]:
    members = [{**_member(m.unit), "type": m.type, "similarity": round(m.similarity, 4)} for m in family.members]
    for entry, d in zip(members[1:], drifts, strict=True):
        entry.update(
            renamings=[list(pair) for pair in d.renamings],
            literals=[list(pair) for pair in d.literals],
            diff=d.diff,
        )
    return {
        "type": family.type,
        "similarity": round(family.similarity, 4),
        "unit": family.canonical.kind,
        "canonical": {**_member(family.canonical), "reason": family.reason},
        "members": members,
        "renamings": [
            {"member": i, "from": a, "to": b} for i, d in enumerate(drifts, start=1) for a, b in d.renamings
        ],
        "diff": "\n".join(d.diff for d in drifts if d.diff),
    }
