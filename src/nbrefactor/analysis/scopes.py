"""Python's scope rules over one cell's ``ast`` tree, in one pass.

:func:`scan_cell` walks a parsed cell once, in evaluation order, and builds a
tree of :class:`Scope` objects (module, function, lambda, class, comprehension)
holding every binding, ``global``/``nonlocal`` declaration and name use with
its position. :meth:`Scope.resolve` then answers where a name lives, following
Python's rules: a name bound anywhere in a function is local to it unless
declared ``global``/``nonlocal``; class bodies are skipped by the functions
nested in them; comprehension variables are local to the comprehension while
a walrus inside it binds in the enclosing function; the first iterable of a
comprehension is evaluated in the enclosing scope.

The standard library's :mod:`symtable` classifies names the same way (the
reference test ``tests/test_scopes.py`` checks that both agree) but it parses
the source a second time and records no positions, evaluation order or
mutations, which the dataflow rules need; this walk reuses the tree that
:mod:`nbrefactor.analysis.parse` already built.
"""

from __future__ import annotations

import ast
import weakref
from dataclasses import dataclass, field
from typing import NamedTuple

MODULE, FUNCTION, LAMBDA, CLASS, COMPREHENSION = (
    "module",
    "function",
    "lambda",
    "class",
    "comprehension",
)

#: Method names that change the object they are called on (list/dict/set
#: methods, torch module modes and in-place tensor methods are added by
#: :func:`is_mutating_method`).
MUTATING_METHODS = frozenset(
    {
        "append", "extend", "insert", "remove", "pop", "clear", "update", "setdefault",
        "popitem", "add", "discard", "sort", "reverse", "eval", "train", "load_state_dict",
        "fit", "partial_fit", "fit_transform",
    }
)  # fmt: skip


def is_mutating_method(name: str, call: ast.Call) -> bool:
    """Whether ``obj.name(...)`` changes ``obj`` (``add_``-style in-place methods and ``inplace=True`` too)."""
    if name in MUTATING_METHODS:
        return True
    if name.endswith("_") and not name.startswith("_"):
        return True
    return any(
        k.arg == "inplace" and isinstance(k.value, ast.Constant) and k.value.value is True for k in call.keywords
    )


class Use(NamedTuple):
    """One occurrence of a name: ``kind`` is "read", "write", "del" or "mutate".

    A named tuple: a cell has one per name occurrence, and tuples are cheap to make.
    """

    name: str
    line: int
    column: int
    kind: str
    seq: int  # evaluation order within the cell
    stmt: int  # index of the top-level statement of the cell
    how: str = ""  # for bindings: "assign", "literal", "alias", "import", "def", "class", "for", "param", ...
    value: str = ""  # for "literal" bindings: the literal (``ast.dump``), to tell a changed value from a repeated one


class Scope:
    """One scope: what it binds and declares, and every name used directly in it.

    A cell makes one per function, class, lambda and comprehension besides its
    module scope, so what most scopes never hold (parameters, declarations,
    nested scopes) are shared empty tuples and frozensets, replaced when set.

    A scope holds its ``children``; its ``parent`` is held weakly, so that a
    scope tree is no reference cycle and is freed as soon as its cell's facts
    are (the garbage collector would otherwise find and free every tree of
    every document, a fifth of an audit's time). Keep the module scope (or the
    :class:`CellScan`) while using nested scopes.
    """

    __slots__ = ("kind", "name", "line", "column", "node", "params", "bound", "globals", "nonlocals",
                 "uses", "children", "_parent", "_module", "__weakref__")  # fmt: skip

    def __init__(
        self,
        kind: str,
        name: str,
        parent: Scope | None,
        line: int = 1,
        column: int = 1,
        node: ast.AST | None = None,
    ) -> None:
        self.kind = kind
        self.name = name
        self.line = line
        self.column = column
        self.node = node
        self.params: tuple[str, ...] = ()
        self.bound: dict[str, Use] = {}  # first binding of each local name
        self.globals: frozenset[str] = frozenset()
        self.nonlocals: frozenset[str] = frozenset()
        self.uses: list[Use] = []
        self.children: tuple[Scope, ...] = ()
        self._parent: weakref.ref[Scope] | None = None if parent is None else weakref.ref(parent)
        self._module: weakref.ref[Scope] | None = None if parent is None else parent._module or self._parent

    def __repr__(self) -> str:
        return f"Scope({self.kind!r}, {self.name!r}, line={self.line}, column={self.column})"

    @property
    def parent(self) -> Scope | None:
        """The enclosing scope (None for the module scope)."""
        if self._parent is None:
            return None
        return _alive(self._parent())

    def module(self) -> Scope:
        return self if self._module is None else _alive(self._module())

    def resolve(self, name: str) -> Scope:
        """The scope that holds ``name`` as seen from here (the module scope for globals and builtins)."""
        if self._parent is None:
            return self
        if name in self.globals:
            return self.module()
        if name in self.bound and name not in self.nonlocals:
            return self
        scope = _alive(self._parent())
        while scope._parent is not None:
            if scope.kind != CLASS:
                if name in scope.globals:
                    break
                if name in scope.bound or name in scope.nonlocals:
                    return scope.resolve(name)
            scope = _alive(scope._parent())
        return self.module()

    def walk(self) -> list[Scope]:
        """This scope and every scope nested in it, parents first."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    def qualname(self) -> str:
        names = []
        scope: Scope | None = self
        while scope is not None and scope.parent is not None:
            names.append(scope.name)
            scope = scope.parent
        return ".".join(reversed(names))


def _alive(scope: Scope | None) -> Scope:
    if scope is None:
        raise ReferenceError("the scope tree was freed: keep its module scope (or CellScan) while using its scopes")
    return scope


@dataclass(slots=True)
class CellScan:
    """The result of :func:`scan_cell`: the module scope and the call and string sites met."""

    module: Scope
    calls: list[CallSite] = field(default_factory=list)
    strings: list[StringSite] = field(default_factory=list)
    star_import: bool = False
    imports: dict[str, str] = field(default_factory=dict)  # local name -> imported dotted path
    #: A call of ``exec``, ``globals``, ``vars``... (:data:`~nbrefactor.analysis.names.UNKNOWN_BINDING_CALLS`).
    dynamic_names: bool = False
    #: The last name of every callee (``append`` for ``xs.append(1)``, ``print``); "" for other callees.
    callees: set[str] = field(default_factory=set)
    #: The name each attribute callee's chain starts from (``np`` for ``np.random.rand()``).
    call_roots: set[str] = field(default_factory=set)
    #: Caches filled on first use by :mod:`nbrefactor.analysis.dataflow` and ``functions``.
    module_uses: list[Use] | None = None
    by_function: dict[Scope, list[CallSite]] | None = None


class CallSite(NamedTuple):
    """A call, with the scope it is in and the ``if``/conditional tests it runs under."""

    node: ast.Call
    scope: Scope
    stmt: int
    conditions: tuple[ast.expr, ...]
    with_item: bool = False  # the context expression of a ``with`` statement


class StringSite(NamedTuple):
    """A string literal (f-strings with ``{}`` for their fields) outside docstrings and comparisons."""

    text: str
    line: int
    column: int
    scope: Scope
    conditions: tuple[ast.expr, ...]
    #: For a direct argument of a call: the callee's last name (``to``), with ``=kw`` for keywords.
    context: str = ""


def scan_cell(tree: ast.Module) -> CellScan:
    """Walk one parsed cell and return its scope tree, calls and string literals."""
    walker = _walk.ScopeWalker()
    walker.run(tree)
    w = walker
    return CellScan(w.module, w.calls, w.strings, w.star_import, w.imports, w.dynamic_names, w.callees, w.call_roots)


# At the end: scope_walk needs this module's classes (an attribute looked up at call time).
import nbrefactor.analysis.scope_walk as _walk  # noqa: E402
