"""The dispatch table of the scope walk: node type -> handler, filled once.

:data:`VISIT` maps every ``ast`` node type (and ``NoneType``, for absent
children) to a function ``handler(walker, node)``: the walker's ``visit_<Type>``
method when it has one, else a handler that visits the node's children in
field order, as ``ast.NodeVisitor.generic_visit`` does, skipping the fields
that never hold anything to visit (``ctx``, operators). Looking a handler up
here costs one dictionary access; ``NodeVisitor.visit`` builds a method name
and calls ``getattr`` for every node.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

Handler = Callable[[Any, Any], None]

#: Node type -> handler; filled by :func:`dispatch_table`.
VISIT: dict[type, Handler] = {}

_SKIPPED_FIELDS = frozenset({"ctx", "op"})


def _node_types() -> list[type]:
    out: list[type] = []
    pending: list[type] = [ast.AST]
    while pending:
        kind = pending.pop()
        out.append(kind)
        pending.extend(kind.__subclasses__())
    return out


def _generic(fields: tuple[str, ...]) -> Handler:
    def visit_children(walker: Any, node: ast.AST) -> None:
        visit = VISIT
        for name in fields:
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        visit[type(item)](walker, item)
            elif isinstance(value, ast.AST):
                visit[type(value)](walker, value)

    return visit_children


def _nothing(walker: Any, node: Any) -> None:
    return None


def _elts(walker: Any, node: ast.List | ast.Tuple | ast.Set) -> None:
    visit = VISIT
    for item in node.elts:
        visit[type(item)](walker, item)


def _binop(walker: Any, node: ast.BinOp) -> None:
    left, right = node.left, node.right
    VISIT[type(left)](walker, left)
    VISIT[type(right)](walker, right)


def _dict(walker: Any, node: ast.Dict) -> None:
    visit = VISIT
    for key in node.keys:  # None for ``**mapping``
        visit[type(key)](walker, key)
    for value in node.values:
        visit[type(value)](walker, value)


_SPECIAL: dict[type, Handler] = {
    type(None): _nothing,
    ast.List: _elts,
    ast.Tuple: _elts,
    ast.Set: _elts,
    ast.BinOp: _binop,
    ast.Dict: _dict,
}


def dispatch_table(walker: type) -> None:
    """Fill :data:`VISIT` for every node type from ``walker``'s ``visit_<Type>`` methods."""
    for kind in _node_types():
        method = getattr(walker, "visit_" + kind.__name__, None)
        if method is not None:
            VISIT[kind] = method
        elif kind in _SPECIAL:
            VISIT[kind] = _SPECIAL[kind]
        else:
            fields = tuple(f for f in getattr(kind, "_fields", ()) if f not in _SKIPPED_FIELDS)
            VISIT[kind] = _generic(fields) if fields else _nothing
    VISIT[type(None)] = _nothing
