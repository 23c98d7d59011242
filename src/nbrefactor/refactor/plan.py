"""The plan: what moves where, decided without touching a file.

:func:`make_plan` turns analysed documents into frozen values: for each
notebook, the definitions that move (and the parameters they gain), those that
stay (with the reason), the constants and imports that go with them, the
cell edits, the module's code and the generated tests. :mod:`.render` turns a
plan into file texts and :mod:`.apply` writes them.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Sequence

from nbrefactor.config import Config
from nbrefactor.refactor.decide import CallSite, Decision, decide
from nbrefactor.refactor.dedupe import Deduper, DriftNote, Source
from nbrefactor.refactor.edits import Insertion, apply_insertions, char_column, keyword_insertion, to_source
from nbrefactor.refactor.inventory import Definition, Inventory, Span
from nbrefactor.refactor.testgen import GeneratedTest, generate_tests


@dataclass(frozen=True)
class MovedDefinition:
    """A definition that leaves the notebook; ``home`` is the module it is imported from."""

    name: str
    kind: str
    cell: int
    line: int
    params: tuple[str, ...]
    home: str
    home_name: str
    written: bool  # False: an equal copy already lives in ``home``
    returns: str | None = None  # the global it rebound, now returned (calls assign it)


@dataclass(frozen=True)
class KeptDefinition:
    """A definition that stays in the notebook, and why."""

    name: str
    kind: str
    cell: int
    line: int
    reason: str


@dataclass(frozen=True)
class CallSiteEdit:
    """Keywords added to a call in a notebook cell (source coordinates)."""

    function: str
    cell: int
    insertion: Insertion


@dataclass(frozen=True)
class DefinitionCode:
    """A definition as it will be written into the module."""

    name: str
    text: str  # the cell's lines, call edits applied
    params: tuple[str, ...]  # keyword-only parameters to add
    returns: str | None = None  # drop ``global returns`` and return its value


@dataclass(frozen=True)
class ModuleCode:
    """The code a notebook contributes to its module."""

    imports: tuple[str, ...]
    constants: tuple[tuple[str, str], ...]
    definitions: tuple[DefinitionCode, ...]


@dataclass(frozen=True)
class NotebookPlan:
    """Everything extract will do to one notebook and the files made from it."""

    relpath: str
    path: str
    module: str  # dotted
    module_path: str
    test_path: str
    moved: tuple[MovedDefinition, ...]
    kept: tuple[KeptDefinition, ...]
    constants: tuple[str, ...]
    removals: tuple[Span, ...]
    import_text: str
    import_after: tuple[int, int]  # (cell, line): the import goes after this line (0: at the top)
    call_edits: tuple[CallSiteEdit, ...]
    code: ModuleCode
    tests: tuple[GeneratedTest, ...]
    notes: tuple[DriftNote, ...] = ()

    @property
    def changes(self) -> bool:
        return bool(self.moved)


@dataclass(frozen=True)
class Plan:
    """The plan of a whole run."""

    package: str
    notebooks: tuple[NotebookPlan, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Target:
    """A notebook to extract and where its code goes."""

    inventory: Inventory
    module: str  # dotted
    module_path: str
    test_path: str


def _import_statement(groups: dict[str, list[str]]) -> str:
    lines = []
    for module, names in groups.items():
        names = sorted(set(names), key=lambda n: (not n.isupper(), n.lower()))
        one = f"from {module} import {', '.join(names)}"
        lines.append(one if len(one) <= 99 else f"from {module} import (\n" + "".join(f"    {n},\n" for n in names) + ")")
    return "\n".join(lines)


def _merge_imports(texts: Sequence[str]) -> list[str]:
    """Single-name ``from m import x`` statements of the same module merged into one, in order
    (``from m import *`` stays a statement of its own)."""
    merged: dict[str, list[str]] = {}  # "from m": names, or a whole statement: []
    for text in texts:
        head, sep, name = text.partition(" import ")
        if head.startswith("from ") and name != "*":
            merged.setdefault(head, []).append(name)
        else:
            merged.setdefault(text, [])
    return [f"{key} import {', '.join(names)}" if names else key for key, names in merged.items()]


def _imported_as(home: tuple[str, str], name: str) -> str:
    return home[1] if home[1] == name else f"{home[1]} as {name}"


def _import_after(inv: Inventory, first: Span) -> tuple[int, int]:
    """After the last top-level import above ``first``, else just before ``first``."""
    best: tuple[int, int] | None = None
    for cell, tree in sorted(inv.trees.items()):
        for node in tree.body:
            end = node.end_lineno or node.lineno
            if (cell, end) < (first.cell, first.start) and isinstance(node, (ast.Import, ast.ImportFrom)):
                best = (cell, end)
    return best or (first.cell, first.start - 1)


def _inside(span: Span, cell: int, line: int) -> bool:
    return span.cell == cell and span.start <= line <= span.end


class _NotebookPlanner:
    def __init__(self, index: int, target: Target, decision: Decision, deduper: Deduper) -> None:
        self.i, self.target, self.decision, self.deduper = index, target, decision, deduper
        self.inv = target.inventory
        self.homes = {name: deduper.home(index, name) for name in decision.moved}
        self.written = [d for name, d in decision.moved.items() if self.homes[name] == (target.module, name)]

    def plan(self) -> NotebookPlan:
        inv, decision, target = self.inv, self.decision, self.target
        constants = [n for n in inv.constants if any(n in decision.needs[d.name].constants for d in self.written)]
        removals = sorted(
            [d.span for d in decision.moved.values()] + [inv.constants[n].span for n in constants],
            key=lambda s: (s.cell, s.start),
        )
        groups: dict[str, list[str]] = {}
        if self.written or constants:
            groups[target.module] = [d.name for d in self.written] + constants
        for name, home in self.homes.items():
            if home[0] != target.module:
                groups.setdefault(home[0], []).append(_imported_as(home, name))
        edits, insertions = self._call_edits()
        return NotebookPlan(
            relpath=inv.document.relpath,
            path=inv.document.path,
            module=target.module,
            module_path=target.module_path,
            test_path=target.test_path,
            moved=tuple(self._moved(d) for d in decision.moved.values()),
            kept=tuple(KeptDefinition(d.name, d.kind, d.span.cell, d.node.lineno, why) for d, why in decision.kept.values()),
            constants=tuple(constants),
            removals=tuple(removals),
            import_text=_import_statement(groups),
            import_after=_import_after(inv, removals[0]) if removals else (0, 0),
            call_edits=tuple(edits),
            code=self._code(constants, insertions),
            tests=tuple(generate_tests(inv, self.written, decision, constants)),
            notes=tuple(self.deduper.notes.get(self.i, ())),
        )

    def _moved(self, d: Definition) -> MovedDefinition:
        home = self.homes[d.name]
        params = self.decision.params[d.name]
        written = home[0] == self.target.module
        returns = self.decision.needs[d.name].returns
        return MovedDefinition(d.name, d.kind, d.span.cell, d.node.lineno, params, home[0], home[1], written, returns)

    def _call_edits(self) -> tuple[list[CallSiteEdit], dict[str, list[Insertion]]]:
        """Notebook edits, and the insertions that fall inside written definitions (by name)."""
        edits: list[CallSiteEdit] = []
        inside: dict[str, list[Insertion]] = {}
        for site in self.decision.sites:
            code = self.inv.code_lines(site.cell)
            insertion = keyword_insertion(code, site.node, self.decision.params[site.function])
            assert insertion is not None  # decide() kept functions whose calls cannot take keywords
            owner = next((d for d in self.decision.moved.values() if _inside(d.span, site.cell, insertion.line)), None)
            if owner is None:
                for edit in (insertion, self._assignment(site, code)):
                    placed = to_source(edit, self.inv.source_lines(site.cell), code) if edit else None
                    if placed is not None:
                        edits.append(CallSiteEdit(site.function, site.cell, placed))
            elif owner in self.written:
                inside.setdefault(owner.name, []).append(insertion)
        return edits, inside

    def _assignment(self, site: CallSite, code: list[str]) -> Insertion | None:
        """``x = `` before a call of a function that now returns the global ``x`` it rebound."""
        returns = self.decision.needs[site.function].returns
        if not returns or site.statement is None:
            return None
        column = char_column(code[site.statement.lineno - 1], site.statement.col_offset)
        return Insertion(site.statement.lineno, column, f"{returns} = ")

    def _import_order(self, text: str) -> tuple[int, str]:
        order = self.inv.import_order
        return (order.get(text, len(order)), text)

    def _code(self, constants: list[str], insertions: dict[str, list[Insertion]]) -> ModuleCode:
        inv, target = self.inv, self.target
        imports: list[str] = []
        for d in self.written:
            needs = self.decision.needs[d.name]
            imports += [inv.imports[n].text for n in needs.imports]
            for f in needs.functions:
                home = self.deduper.home(self.i, f)
                if home[0] != target.module:
                    imports.append(f"from {home[0]} import {_imported_as(home, f)}")
        if self.written:  # names the moved code reads may come from them, as in the notebook
            imports += inv.star_imports
        definitions = []
        for d in self.written:
            lines = inv.source_lines(d.span.cell)[d.span.start - 1 : d.span.end]
            text = "\n".join(apply_insertions(lines, insertions.get(d.name, []), d.span.start))
            returns = self.decision.needs[d.name].returns
            definitions.append(DefinitionCode(d.name, text, self.decision.params[d.name], returns))
        return ModuleCode(
            imports=tuple(_merge_imports(sorted(set(imports), key=self._import_order))),
            constants=tuple((n, inv.constants[n].text) for n in constants),
            definitions=tuple(definitions),
        )


def make_plan(targets: Sequence[Target], package: str, config: Config, others: Sequence[Source] = ()) -> Plan:
    """Plan a run: ``targets`` in order; ``others`` are the package's modules and documents
    that only take part in clone detection (earlier sources are reused first)."""
    decisions = [decide(t.inventory) for t in targets]
    sources = [*others, *(Source(t.inventory, d, t.module) for t, d in zip(targets, decisions, strict=True))]
    deduper = Deduper(sources, config)
    offset = len(others)
    plans = tuple(
        _NotebookPlanner(offset + k, t, d, deduper).plan() for k, (t, d) in enumerate(zip(targets, decisions, strict=True))
    )
    return Plan(package, plans)
