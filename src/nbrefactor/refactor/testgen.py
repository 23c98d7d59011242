"""Generated tests: call each moved definition with arguments the notebook itself used.

A call of a moved function in the notebook becomes a test when every argument
can be rebuilt without running the notebook: literals, the notebook's
constants (inlined), and calls on imported modules (``np.random.default_rng(SEED)``).
Functions that touch files or the network are not called (their tests would
depend on the machine); every definition at least gets a test that imports it.
Tests that pin results recorded from a real run are a separate capability.
"""

from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass
from typing import Iterator, Sequence

from nbrefactor.analysis.names import BUILTIN_NAMES
from nbrefactor.refactor.decide import Decision, call_sites
from nbrefactor.refactor.inventory import CLASS, Definition, Inventory

#: At most this many calls per definition become tests.
MAX_CASES = 2
_UNSAFE_BUILTINS = frozenset({"open", "exec", "eval", "input", "compile", "breakpoint", "exit", "quit", "globals", "locals", "vars", "__import__"})
_IO_METHODS = frozenset(
    {
        "read_csv", "read_json", "read_parquet", "read_excel", "read_pickle", "read_sql", "read_table",
        "to_csv", "to_json", "to_parquet", "to_excel", "to_pickle", "to_sql", "save", "savefig", "load",
        "dump", "makedirs", "mkdir", "remove", "unlink", "rmtree", "system", "write", "write_text",
        "write_bytes", "read_text", "read_bytes", "urlopen", "download",
    }
)  # fmt: skip
_IO_MODULES = frozenset({"shutil", "subprocess", "requests", "urllib", "socket", "http", "ftplib", "smtplib"})
_PATHLIKE = re.compile(r"[/\\]|\.\w{2,5}$")


@dataclass(frozen=True)
class GeneratedTest:
    """One generated test: call ``call``; ``check`` is the assertion on ``result``."""

    name: str
    function: str
    call: str
    imports: tuple[str, ...]
    check: str


def _root(node: ast.expr) -> ast.expr:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node


class _Rebuild(ast.NodeTransformer):
    """Inline constants, record imports; ``failed`` when the expression needs the notebook's state."""

    def __init__(self, inv: Inventory) -> None:
        self.inv = inv
        self.imports: list[str] = []
        self.failed = False

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in self.inv.constants:
            value = _constant_value(self.inv.trees[self.inv.constants[node.id].span.cell], node.id)
            return self.visit(value) if value is not None else node
        if node.id in self.inv.imports and self.inv.flow.is_constant(node.id) and not self.inv.local_module(self.inv.imports[node.id]):
            self.imports.append(self.inv.imports[node.id].text)
        elif node.id not in BUILTIN_NAMES or node.id in _UNSAFE_BUILTINS:
            self.failed = True
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, str) and _PATHLIKE.search(node.value):
            self.failed = True
        return node

    def generic_visit(self, node: ast.AST) -> ast.AST:
        if isinstance(node, (ast.Lambda, ast.NamedExpr, ast.Await, ast.Yield, ast.Starred, *_COMPREHENSIONS)):
            self.failed = True
            return node
        return super().generic_visit(node)


_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _constant_value(tree: ast.Module, name: str) -> ast.expr | None:
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and node.targets[0].id == name:
            return copy.deepcopy(node.value)
    return None


def _does_io(inv: Inventory, d: Definition, seen: set[str]) -> bool:
    seen.add(d.name)
    for node in ast.walk(d.node):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in _UNSAFE_BUILTINS:
            return True
        if isinstance(func, ast.Attribute):
            root = _root(func)
            module = inv.imports[root.id].top_module if isinstance(root, ast.Name) and root.id in inv.imports else ""
            if func.attr in _IO_METHODS or module in _IO_MODULES:
                return True
    callees = {x.name: x for x in inv.definitions}
    return any(_does_io(inv, callees[c], seen) for c in d.facts.calls if c in callees and c not in seen)


def _check(d: Definition) -> str | None:
    """The assertion on what a call of ``d`` returns, or None when a call would test nothing
    checkable: a generator (calling it runs none of its code), or a function that returns a
    value on some paths and None on others, or an async function."""
    if d.kind == CLASS:
        return f"assert isinstance(result, {d.name})"
    node = d.node
    if isinstance(node, ast.AsyncFunctionDef):
        return None  # a coroutine: calling it runs nothing
    own = list(_own_nodes(node))
    if any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in own):
        return None
    returns = [n for n in own if isinstance(n, ast.Return)]
    valued = [r for r in returns if r.value is not None and not (isinstance(r.value, ast.Constant) and r.value.value is None)]
    if not valued:
        return "assert result is None"
    body = getattr(node, "body", [])
    if body and isinstance(body[-1], ast.Return) and len(valued) == len(returns):
        return "assert result is not None"
    return None


def _own_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a function's body, not those of the functions, lambdas and classes inside it."""
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            yield child
            yield from _own_nodes(child)


def generate_tests(inv: Inventory, written: Sequence[Definition], decision: Decision, constants: Sequence[str]) -> list[GeneratedTest]:
    """The tests for the definitions written into this notebook's module."""
    testable = {d.name: d for d in written if not decision.params[d.name] and not _does_io(inv, d, set())}
    sites, _ = call_sites(inv, set(testable))
    cases: list[GeneratedTest] = []
    for site in sites:
        d = testable[site.function]
        if sum(1 for c in cases if c.name.startswith(f"test_{d.name}")) >= MAX_CASES or _inside_definition(inv, site.cell, site.node):
            continue
        rebuild = _Rebuild(inv)
        call = copy.deepcopy(site.node)
        call.args = [rebuild.visit(a) for a in call.args]
        call.keywords = [rebuild.visit(k) for k in call.keywords]
        if rebuild.failed:
            continue
        text = ast.unparse(call)
        if any(c.call == text for c in cases):
            continue
        check = _check(d)
        if check is None:
            continue
        number = sum(1 for c in cases if c.name.startswith(f"test_{d.name}"))
        name = f"test_{d.name}" + (f"_{number + 1}" if number else "")
        cases.append(GeneratedTest(name, d.name, text, tuple(dict.fromkeys(rebuild.imports)), check))
    return cases


def _inside_definition(inv: Inventory, cell: int, node: ast.Call) -> bool:
    return any(d.span.cell == cell and d.span.start <= node.lineno <= d.span.end for d in inv.definitions)
