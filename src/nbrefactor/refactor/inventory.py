"""What one document offers to extract: its top-level definitions, imports and constants.

Everything here reads the parse trees and the dataflow facts that
:class:`~nbrefactor.analysis.DocumentFacts` already computed; it decides
nothing (that is :mod:`nbrefactor.refactor.plan`). Line numbers are 1-based
within a cell, as everywhere else.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from nbrefactor.analysis import DocumentFacts, FunctionFacts
from nbrefactor.analysis.scope_walk import is_literal
from nbrefactor.model import Cell
from nbrefactor.sources import IPYTHON_BUILTINS

FUNCTION, CLASS = "function", "class"
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class Span:
    """Lines ``start``..``end`` (inclusive) of a cell."""

    cell: int
    start: int
    end: int


@dataclass(frozen=True)
class Definition:
    """A top-level ``def`` or ``class`` of a cell, with the lines it owns.

    ``span`` starts at the first decorator or at the comment lines directly
    above it; ``node`` is its ``ast`` node (planning only, never stored in a plan).
    """

    name: str
    kind: str
    span: Span
    node: ast.stmt
    facts: FunctionFacts


@dataclass(frozen=True)
class ImportSpec:
    """How the notebook binds an imported name: the statement that recreates it."""

    name: str
    text: str
    top_module: str
    relative: bool


@dataclass(frozen=True)
class Constant:
    """``NAME = <literal>`` on lines of its own, bound once and never changed."""

    name: str
    span: Span
    text: str


class Inventory:
    """The definitions, imports and constants of one analysed document."""

    def __init__(self, facts: DocumentFacts) -> None:
        self.facts = facts
        self.document = facts.document
        self.flow = facts.dataflow
        self.cells: dict[int, Cell] = {c.index: c for c in self.document.cells}
        self.trees: dict[int, ast.Module] = {p.cell.index: p.tree for p in facts.trees if p.tree is not None}
        self.definitions = tuple(self._definitions())
        self.imports = self._imports()
        self.import_order = self._import_order()
        self.star_imports, self.hidden_names = self._star_imports()
        self.constants = self._constants()

    def source_lines(self, cell: int) -> list[str]:
        return self.cells[cell].source.replace("\r\n", "\n").split("\n")

    def code_lines(self, cell: int) -> list[str]:
        return self.cells[cell].code.split("\n")

    def text(self, span: Span) -> str:
        return "\n".join(self.source_lines(span.cell)[span.start - 1 : span.end])

    def _definitions(self) -> Iterator[Definition]:
        facts = {(f.cell, f.line): f for f in (*self.flow.functions, *self.facts.class_facts) if "." not in f.name}
        for cell, tree in self.trees.items():
            body = tree.body
            for i, node in enumerate(body):
                if not isinstance(node, (*_DEFS, ast.ClassDef)):
                    continue
                found = facts.get((cell, node.lineno))
                if found is None:
                    continue
                previous_end = body[i - 1].end_lineno or 0 if i else 0
                start = self._attached_start(cell, node, previous_end)
                kind = CLASS if isinstance(node, ast.ClassDef) else FUNCTION
                yield Definition(node.name, kind, Span(cell, start, node.end_lineno or node.lineno), node, found)

    def _attached_start(self, cell: int, node: ast.stmt, previous_end: int) -> int:
        """The first decorator line, moved up over comment lines directly above it."""
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        lines = self.code_lines(cell)
        while start - 1 > previous_end and lines[start - 2].lstrip().startswith("#"):
            start -= 1
        return start

    def _imports(self) -> dict[str, ImportSpec]:
        out: dict[str, ImportSpec] = {}
        for tree in self.trees.values():
            for node in tree.body:
                for spec in import_specs(node):
                    out.setdefault(spec.name, spec)
        return out

    def _import_order(self) -> dict[str, int]:
        """Each top-level import statement's text (one per name, and ``from m import *``), by
        its place in the notebook."""
        order: dict[str, int] = {}
        for tree in self.trees.values():
            for node in tree.body:
                star = star_import_text(node)
                if star:
                    order.setdefault(star, len(order))
                for spec in import_specs(node):
                    order.setdefault(spec.text, len(order))
        return order

    def _star_imports(self) -> tuple[tuple[str, ...], bool]:
        """The notebook's top-level ``from m import *`` statements (in order), which a module can
        repeat, and whether it may also bind names a module cannot see or repeat: ``%run``,
        ``exec``, ``globals()`` (the dataflow's unseen bindings), a star import inside a block,
        relative or from a module beside the notebook."""
        stars: list[str] = []
        hidden = self.flow.unseen_bindings
        for cell, scan in self.facts.scans:
            tree = self.trees.get(cell.index)
            found = False
            for node in tree.body if tree else []:
                star = star_import_text(node)
                if star is None or not isinstance(node, ast.ImportFrom):
                    continue
                found = True
                top = (node.module or "").split(".")[0]
                hidden |= node.level > 0 or self.local_module(ImportSpec("*", star, top, False))
                stars.append(star)
            hidden |= scan.star_import and not found
        return tuple(dict.fromkeys(stars)), hidden

    def _constants(self) -> dict[str, Constant]:
        out: dict[str, Constant] = {}
        for cell, tree in self.trees.items():
            if "parameters" in self.cells[cell].tags:
                continue  # papermill injects values here: these stay notebook parameters
            for i, node in enumerate(tree.body):
                if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
                    continue
                if not is_literal(node.value) or not self.flow.is_constant(node.targets[0].id):
                    continue
                span = Span(cell, node.lineno, node.end_lineno or node.lineno)
                if self._shares_lines(tree.body, i, span) or self.ipython_line(span):
                    continue
                out[node.targets[0].id] = Constant(node.targets[0].id, span, self.text(span))
        return out

    @staticmethod
    def _shares_lines(body: list[ast.stmt], i: int, span: Span) -> bool:
        before = body[i - 1].end_lineno if i else 0
        after = body[i + 1].lineno if i + 1 < len(body) else None
        return (before or 0) >= span.start or (after is not None and after <= span.end)

    def ipython_line(self, span: Span) -> int | None:
        """The first line of ``span`` that is IPython syntax (its code differs from its source), or None."""
        source, code = self.source_lines(span.cell), self.code_lines(span.cell)
        for line in range(span.start, span.end + 1):
            if line > len(source) or source[line - 1] != code[line - 1]:
                return line
        return None

    def ipython_names(self, node: ast.stmt) -> list[str]:
        """IPython session names a definition uses (``display``, ``get_ipython``, magics)."""
        return sorted({n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in IPYTHON_BUILTINS})

    def exposed_expression(self, d: Definition) -> int | None:
        """The line of the expression that would become its cell's displayed result if ``d``
        and the definitions after it were removed (None when the cell's result would not change)."""
        body = self.trees[d.span.cell].body
        k = len(body)
        while k and (isinstance(body[k - 1], (*_DEFS, ast.ClassDef)) or self._constant_statement(body[k - 1])):
            k -= 1
        trailing = body[k:]
        if k and d.node in trailing and isinstance(body[k - 1], ast.Expr):
            return body[k - 1].lineno
        return None

    def _constant_statement(self, node: ast.stmt) -> bool:
        if not (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)):
            return False
        constant = self.constants.get(node.targets[0].id)
        return constant is not None and constant.span.start == node.lineno

    def displayed_instance(self, d: Definition) -> int | None:
        """A cell whose displayed result is an instance of class ``d`` shown by the default
        ``repr`` (which names the class's module), or None."""
        if d.kind != CLASS or any(getattr(n, "name", "") == "__repr__" for n in getattr(d.node, "body", [])):
            return None
        for cell, tree in self.trees.items():
            last = tree.body[-1] if tree.body else None
            if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
                func = last.value.func
                if isinstance(func, ast.Name) and func.id == d.name:
                    return cell
        return None

    def local_module(self, spec: ImportSpec) -> bool:
        """Whether an import names a module that lives beside the notebook (not importable by a package)."""
        folder = Path(self.document.path).parent
        return (folder / f"{spec.top_module}.py").is_file() or (folder / spec.top_module / "__init__.py").is_file()


def star_import_text(node: ast.stmt) -> str | None:
    """``from m import *`` for a star import statement, else None."""
    if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names):
        return f"from {'.' * node.level}{node.module or ''} import *"
    return None


def import_specs(node: ast.stmt) -> list[ImportSpec]:
    """One :class:`ImportSpec` per name a top-level import statement binds."""
    out = []
    if isinstance(node, ast.Import):
        for alias in node.names:
            bound = alias.asname or alias.name.split(".")[0]
            text = f"import {alias.name}" + (f" as {alias.asname}" if alias.asname else "")
            out.append(ImportSpec(bound, text, alias.name.split(".")[0], False))
    elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
        module = "." * node.level + (node.module or "")
        for alias in node.names:
            if alias.name == "*":
                continue
            text = f"from {module} import {alias.name}" + (f" as {alias.asname}" if alias.asname else "")
            out.append(ImportSpec(alias.asname or alias.name, text, (node.module or "").split(".")[0], node.level > 0))
    return out


def definition_time_names(node: ast.stmt) -> list[str]:
    """Names read when the ``def``/``class`` statement itself runs: decorators, defaults,
    annotations, base classes."""
    parts: list[ast.AST] = list(getattr(node, "decorator_list", []))
    if isinstance(node, _DEFS):
        args = node.args
        parts += [*args.defaults, *(d for d in args.kw_defaults if d is not None)]
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        parts += [a.annotation for a in every if a is not None and a.annotation is not None]
        if node.returns is not None:
            parts.append(node.returns)
    elif isinstance(node, ast.ClassDef):
        parts += [*node.bases, *(k.value for k in node.keywords)]
    names: list[str] = []
    for part in parts:
        for sub in ast.walk(part):
            if isinstance(sub, ast.Name) and sub.id not in names:
                names.append(sub.id)
    return names
