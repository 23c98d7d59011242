"""The baseline: clone families a team already knows about, committed beside the code.

``.nbrefactor-baseline.json`` lists each known family with a stable
fingerprint and its members. A member is named by a key that survives
unrelated edits (line numbers and cell positions are left out):
``path::kind::name`` for functions, methods and classes, and
``path::statements::<canonical hash>`` for runs of top-level statements.

A copy is *known* when its key is in a baseline family together with another
member of its current family (an edited copied cell: see :meth:`Baseline.knows`);
anything else (a new family, a new member of a known family) is new.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from nbrefactor.analysis.clones import Family
from nbrefactor.analysis.units import STATEMENTS, Unit
from nbrefactor.errors import NbrefactorError
from nbrefactor.rules.base import fingerprint
from nbrefactor.rules.clone_report import family_code

BASELINE_NAME = ".nbrefactor-baseline.json"
FORMAT_VERSION = 1


def member_key(unit: Unit) -> str:
    """A name for a copy that does not change when code above it moves."""
    name = unit.canonical if unit.kind == STATEMENTS else unit.name
    return f"{unit.location.path}::{unit.kind}::{name}"


def family_fingerprint(family: Family) -> str:
    """A stable hash of a family's member keys."""
    return fingerprint("clone-family", *sorted(member_key(m.unit) for m in family.members))


@dataclass(frozen=True)
class Baseline:
    """Known families: fingerprint -> member keys."""

    families: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def knows(self, unit: Unit, family: Family) -> bool:
        """Whether ``unit`` is recorded as a copy of another current member of ``family``.

        A copied run of cell statements is named by its content, which any edit
        changes; it is known when a baseline family pairs its partners with as
        many copied runs in its file as the current family has.
        """
        key = member_key(unit)
        others = {member_key(m.unit) for m in family.members if m.unit is not unit}
        for members in self.families.values():
            if not members & others:
                continue
            if key in members or (unit.kind == STATEMENTS and self._enough_runs(unit, family, members)):
                return True
        return False

    @staticmethod
    def _enough_runs(unit: Unit, family: Family, members: frozenset[str]) -> bool:
        path = unit.location.path
        recorded = sum(1 for k in members if k.startswith(f"{path}::{STATEMENTS}::"))
        current = sum(1 for m in family.members if m.unit.kind == STATEMENTS and m.unit.location.path == path)
        return current <= recorded

    def __len__(self) -> int:
        return len(self.families)


def baseline_json(families: Iterable[Family]) -> str:
    """The baseline file's text for ``families``: sorted, one member per line, diff-friendly.

    Only what identifies a family is written (no similarity, no lines), so
    the file changes when the copies change, not when the code around them does.
    """
    entries: list[dict[str, Any]] = []
    for family in families:
        entries.append(
            {
                "fingerprint": family_fingerprint(family),
                "code": family_code(family),
                "members": sorted(member_key(m.unit) for m in family.members),
            }
        )
    entries.sort(key=lambda e: (str(e["members"][0]), str(e["fingerprint"])))
    doc = {"version": FORMAT_VERSION, "tool": "nbrefactor", "families": entries}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def read_baseline(path: Path) -> Baseline:
    """The baseline at ``path``; an empty one when the file does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Baseline()
    except OSError as exc:
        raise NbrefactorError(f"cannot read the baseline {path}: {exc.strerror or exc}") from None
    try:
        doc: Any = json.loads(text)
        if doc.get("version") != FORMAT_VERSION:
            raise ValueError(f"unknown version {doc.get('version')!r}")
        families = {str(e["fingerprint"]): frozenset(str(m) for m in e["members"]) for e in doc["families"]}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise NbrefactorError(f"{path} is not an nbrefactor baseline ({exc}); refresh it with `nbrefactor baseline --refresh`") from None
    return Baseline(families)
