"""Small questions about ``ast`` nodes asked while walking scopes."""

from __future__ import annotations

import ast

_LITERALS = (ast.Constant, ast.List, ast.Tuple, ast.Set, ast.Dict, ast.UnaryOp, ast.BinOp)


def is_literal(node: ast.AST | None) -> bool:
    """A constant, or a container/arithmetic expression made only of constants."""
    if node is None or not isinstance(node, _LITERALS):
        return False
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return all(is_literal(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and is_literal(k) for k in node.keys) and all(is_literal(v) for v in node.values)
    if isinstance(node, ast.UnaryOp):
        return is_literal(node.operand)
    return is_literal(node.left) and is_literal(node.right)  # type: ignore[attr-defined]


def assigned_how(value: ast.AST) -> str:
    """How an assignment of ``value`` binds its names: "literal", "alias" (of an attribute chain) or "assign"."""
    return "literal" if is_literal(value) else "alias" if attribute_chain(value) else "assign"


def small_literal(node: ast.AST) -> bool:
    """Literals short enough to keep for comparison (a pasted data table is not)."""
    return getattr(node, "end_lineno", 0) - getattr(node, "lineno", 0) < 20


def literal_text(node: ast.AST) -> str:
    """A literal (see :func:`is_literal`) as ``ast.dump`` writes it, to tell a changed value from a repeated one.

    Written out for the node types of literals: ``ast.dump`` is several times
    slower, and its recursive closure is a reference cycle per call.
    """
    kind = type(node)
    if kind is ast.Constant:
        tag = node.kind  # type: ignore[attr-defined]
        value = node.value  # type: ignore[attr-defined]
        return f"Constant(value={value!r})" if tag is None else f"Constant(value={value!r}, kind={tag!r})"
    if kind is ast.List or kind is ast.Tuple:
        return f"{kind.__name__}(elts=[{_texts(node.elts)}], ctx=Load())"  # type: ignore[attr-defined]
    if kind is ast.Set:
        return f"Set(elts=[{_texts(node.elts)}])"  # type: ignore[attr-defined]
    if kind is ast.Dict:
        return f"Dict(keys=[{_texts(node.keys)}], values=[{_texts(node.values)}])"  # type: ignore[attr-defined]
    if kind is ast.UnaryOp:
        return f"UnaryOp(op={type(node.op).__name__}(), operand={literal_text(node.operand)})"  # type: ignore[attr-defined]
    if kind is ast.BinOp:
        left, right = literal_text(node.left), literal_text(node.right)  # type: ignore[attr-defined]
        return f"BinOp(left={left}, op={type(node.op).__name__}(), right={right})"  # type: ignore[attr-defined]
    return ast.dump(node)


def _texts(nodes: list) -> str:  # type: ignore[type-arg]
    return ", ".join(literal_text(n) for n in nodes)


def names_only(target: ast.AST) -> bool:
    """``x`` or ``a, b``: targets that bind names and nothing else."""
    if isinstance(target, (ast.Tuple, ast.List)):
        return all(isinstance(e, ast.Name) for e in target.elts)
    return isinstance(target, ast.Name)


def attribute_chain(node: ast.AST) -> bool:
    """``tfp.distributions``, ``np.float32``: a name's attribute, as module aliases are made."""
    return isinstance(node, ast.Attribute) and root_name(node) is not None and _plain(node)


def _plain(node: ast.AST) -> bool:
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def root_name(node: ast.AST) -> ast.Name | None:
    """``a`` for ``a``, ``a.b.c``, ``a[0].b``; None when the chain starts elsewhere (a call, a literal)."""
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node if isinstance(node, ast.Name) else None


def interesting_string(text: str) -> bool:
    """Cheap pre-filter for strings the reproducibility rules look at (paths, devices)."""
    return bool(text) and (text[0] in "/~" or text[:4] == "cuda" or text == "mps" or text[1:3] in (":\\", ":/"))


def parameters(args: ast.arguments) -> list[ast.arg]:
    every = [
        *args.posonlyargs,
        *args.args,
        *([args.vararg] if args.vararg else []),
        *args.kwonlyargs,
    ]
    return every + ([args.kwarg] if args.kwarg else [])
