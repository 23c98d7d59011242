"""One copy of each helper: reuse a definition that already exists, report copies that drifted.

The clone index of :mod:`nbrefactor.analysis.clones` groups every definition of
the run (and of the target package's modules) into families. A moving
definition reuses another member instead of being written again when both are
the same code (type 1, or type 2 with only identifiers renamed and the same
parameters) *and* need the same things: the same added parameters, the same
constants with the same values, the same imports and the same helpers. Members
that differ in more than names (type 3, or changed literals) are reported with
their diff and never merged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from nbrefactor.analysis.clones import Family, Matcher, find_families
from nbrefactor.analysis.drift import Drift, drift
from nbrefactor.analysis.units import CLASS, FUNCTION, Unit, extract_units
from nbrefactor.config import Config
from nbrefactor.refactor.decide import Decision
from nbrefactor.refactor.inventory import Definition, Inventory

#: Where a definition lives after the run: (dotted module, name in that module).
Home = tuple[str, str]


@dataclass(frozen=True)
class DriftNote:
    """A copy of a moving definition that differs in more than names."""

    name: str
    other: str  # where the other copy is: ``path:cell N:line``
    summary: str
    diff: str


@dataclass(frozen=True)
class Source:
    """A document taking part in the run: its inventory, its decision (None when nothing
    moves out of it) and its module; ``package`` marks a module of the target package."""

    inventory: Inventory
    decision: Decision | None
    module: str
    package: bool = False


def _units(source: Source, config: Config) -> list[Unit]:
    facts = source.inventory.facts
    loose = replace(config, settings={**config.settings, "clone-min-lines": 1, "clone-min-tokens": 1})
    return [u for u in extract_units(facts.document, facts.outlines, loose) if u.kind in (FUNCTION, CLASS)]


def _where(unit: Unit) -> str:
    loc = unit.location
    return f"{loc.path}:{'' if loc.cell is None else f'cell {loc.cell}:'}{loc.start_line}"


class Deduper:
    """Resolves where each moving definition lives and which copies drifted."""

    def __init__(self, sources: Sequence[Source], config: Config) -> None:
        self.sources = list(sources)
        units = [(i, u) for i, s in enumerate(self.sources) for u in _units(s, config)]
        threshold = float(config.setting("clone-similarity"))
        self.owner = {id(u): i for i, u in units}
        self.families = find_families([u for _, u in units], lambda _u: threshold)
        self.family_of: dict[tuple[str, int | None, int], tuple[Family, Unit]] = {}
        for family in self.families:
            for member in family.members:
                loc = member.unit.location
                self.family_of[(loc.path, loc.cell, loc.start_line)] = (family, member.unit)
        self.matcher = Matcher()
        self.homes: dict[tuple[int, str], Home] = {}
        self.notes: dict[int, list[DriftNote]] = {}

    def _unit(self, i: int, d: Definition) -> tuple[Family, Unit] | None:
        inv = self.sources[i].inventory
        cell = d.span.cell if inv.document.is_notebook else None
        return self.family_of.get((inv.document.relpath, cell, d.node.lineno))

    def home(self, i: int, name: str) -> Home:
        """Where definition ``name`` of source ``i`` will live (its own module unless reused)."""
        key = (i, name)
        if key not in self.homes:
            self.homes[key] = (self.sources[i].module, name)  # provisional: breaks recursion
            self.homes[key] = self._resolve(i, name)
        return self.homes[key]

    def _resolve(self, i: int, name: str) -> Home:
        source = self.sources[i]
        decision = source.decision
        own = (source.module, name)
        if decision is None or name not in decision.moved:
            return own
        d = decision.moved[name]
        found = self._unit(i, d)
        if found is None:
            return own
        family, unit = found
        for member in family.members:
            j = self.owner[id(member.unit)]
            theirs = self.sources[j]
            if member.unit is unit or (j >= i and theirs.decision is not None):
                continue
            other = self._definition(j, member.unit)
            if other is None:
                continue
            why = self._differs(i, d, unit, j, other, member.unit)
            if why is None and (theirs.package or theirs.decision is not None):
                return self.home(j, other.name)
            if why is not None:
                self._note(i, d, member.unit, why)
        return own

    def _definition(self, j: int, unit: Unit) -> Definition | None:
        source = self.sources[j]
        for d in source.inventory.definitions:
            if d.node.lineno == unit.location.start_line and (unit.location.cell in (None, d.span.cell)):
                if source.decision is None or d.name in source.decision.moved:
                    return d
        return None

    def _differs(self, i: int, d: Definition, unit: Unit, j: int, other: Definition, o_unit: Unit) -> str | None:
        """Why ``d`` cannot reuse ``other`` (None when it can)."""
        if unit.raw != o_unit.raw:
            if unit.canonical != o_unit.canonical or self._drift(o_unit, unit).literals:
                return "drifted"
            if d.facts.params != other.facts.params:
                return "same code with renamed parameters"
        if self._needs(i, d) != self._needs(j, other):
            return "same code, but it needs different notebook values or helpers"
        return None

    def _needs(self, i: int, d: Definition) -> tuple[object, ...]:
        source = self.sources[i]
        inv = source.inventory
        if source.decision is None:  # a package module: everything it reads is its own
            needs = None
            params: tuple[str, ...] = ()
        else:
            needs = source.decision.needs[d.name]
            params = source.decision.params[d.name]
        reads = [u.name for u in d.facts.reads]
        constants = sorted((n, inv.constants[n].text) for n in reads if n in inv.constants)
        imports = sorted((n, inv.imports[n].text) for n in reads if n in inv.imports)
        helpers = sorted(self.home(i, f) for f in (needs.functions if needs else []))
        return (params, constants, imports, helpers, inv.star_imports)

    def _drift(self, canonical: Unit, other: Unit) -> Drift:
        blocks = self.matcher.compare(canonical, other)[1]
        return drift(canonical, other, blocks, (_where(canonical), _where(other)))

    def _note(self, i: int, d: Definition, other: Unit, why: str) -> None:
        found = self._unit(i, d)
        if found is None:
            return
        result = self._drift(other, found[1])
        summary = why if why != "drifted" else (result.summary() or "literals changed")
        notes = self.notes.setdefault(i, [])
        if not any(n.other == _where(other) and n.name == d.name for n in notes):
            notes.append(DriftNote(d.name, _where(other), summary, result.diff))
