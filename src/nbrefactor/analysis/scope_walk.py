"""The single ``ast`` walk behind :func:`nbrefactor.analysis.scopes.scan_cell`.

Nodes are visited in the order Python evaluates them (the value of an
assignment before its targets, a comprehension's first iterable in the
enclosing scope, decorators and defaults before the function's name is bound),
so the ``seq`` of each :class:`~nbrefactor.analysis.scopes.Use` tells whether a
cell reads a name before or after binding it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any, ClassVar

from nbrefactor.analysis.nodes import (
    attribute_chain,
    interesting_string,
    is_literal,
    names_only,
    parameters,
    root_name,
    small_literal,
)
from nbrefactor.analysis.scopes import (
    CLASS,
    COMPREHENSION,
    FUNCTION,
    LAMBDA,
    MODULE,
    CallSite,
    Scope,
    StringSite,
    Use,
    is_mutating_method,
)


class ScopeWalker(ast.NodeVisitor):
    """Builds the scope tree of one cell; see the module docstring for the order."""

    _dispatch: ClassVar[dict[type, Callable[[Any, Any], None]]] = {}

    def visit(self, node: ast.AST) -> None:
        """``NodeVisitor.visit`` with the method lookup cached per node type."""
        method = self._dispatch.get(type(node))
        if method is None:
            name = "visit_" + type(node).__name__
            found: Callable[[Any, Any], None] = getattr(type(self), name, ast.NodeVisitor.generic_visit)
            self._dispatch[type(node)] = method = found
        method(self, node)

    def __init__(self) -> None:
        self.module = Scope(MODULE, "<module>", None)
        self.scope = self.module
        self.calls: list[CallSite] = []
        self.strings: list[StringSite] = []
        self.conditions: tuple[ast.expr, ...] = ()
        self.stmt = 0
        self.seq = 0
        self.imports: dict[str, str] = {}
        self._with_item: ast.expr | None = None

    def run(self, tree: ast.Module) -> None:
        for index, stmt in enumerate(tree.body):
            self.stmt = index
            self.visit(stmt)

    # -- recording -------------------------------------------------------
    def _use(self, scope: Scope, name: str, node: ast.AST, kind: str, how: str = "", value: str = "") -> Use:
        self.seq += 1
        line, column = getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1
        use = Use(name, line, column, kind, self.seq, self.stmt, how, value)
        scope.uses.append(use)
        return use

    def _bind(self, name: str, node: ast.AST, how: str, walrus: bool = False) -> None:
        scope = self.scope
        if walrus:
            while scope.kind == COMPREHENSION and scope.parent is not None:
                scope = scope.parent
        use = self._use(
            scope,
            name,
            node,
            "del" if how == "del" else "write",
            how,
            self._value if how == "literal" else "",
        )
        scope.bound.setdefault(name, use)

    def _mutate(self, target: ast.AST) -> None:
        name = root_name(target)
        if name is not None:
            self._use(self.scope, name.id, name, "mutate")

    def _enter(self, kind: str, name: str, node: ast.AST) -> Scope:
        scope = Scope(
            kind,
            name,
            self.scope,
            getattr(node, "lineno", 1),
            getattr(node, "col_offset", 0) + 1,
            node,
        )
        self.scope.children.append(scope)
        return scope

    def _visit_all(self, nodes: list) -> None:  # type: ignore[type-arg]
        for node in nodes:
            if node is not None:
                self.visit(node)

    def _conditional(self, test: ast.expr, branches: list) -> None:  # type: ignore[type-arg]
        self.visit(test)
        saved = self.conditions
        self.conditions = (*saved, test)
        for branch in branches:
            if isinstance(branch, list):
                self._visit_all(branch)
            else:
                self.visit(branch)
        self.conditions = saved

    # -- names and targets ----------------------------------------------
    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self._use(self.scope, node.id, node, "read")
        else:
            self._bind(node.id, node, "del" if isinstance(node.ctx, ast.Del) else self._how)

    _how = "assign"
    _value = ""

    def _target(self, target: ast.AST, how: str) -> None:
        saved, self._how = self._how, how
        self.visit(target)
        self._how = saved

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if not isinstance(node.ctx, ast.Load):
            self._mutate(node.value)
        self.visit(node.value)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if not isinstance(node.ctx, ast.Load):
            self._mutate(node.value)
        self.visit(node.value)
        self.visit(node.slice)

    def visit_Starred(self, node: ast.Starred) -> None:
        self.visit(node.value)

    # -- statements ------------------------------------------------------
    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        how = "literal" if is_literal(node.value) else "alias" if attribute_chain(node.value) else "assign"
        self._value = ast.dump(node.value) if how == "literal" and small_literal(node.value) else ""
        for target in node.targets:
            self._target(target, how if names_only(target) else "assign")
        self._value = ""

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        target = node.target
        if isinstance(target, ast.Name):
            self._use(self.scope, target.id, target, "read")
            self.visit(node.value)
            self._bind(target.id, target, "augassign")
            return
        self._mutate(target)
        self.visit(target.value)  # type: ignore[union-attr]
        if isinstance(target, ast.Subscript):
            self.visit(target.slice)
        self.visit(node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.visit(node.annotation)
        if node.value is not None:
            self.visit(node.value)
            self._target(node.target, "literal" if is_literal(node.value) else "assign")
        elif isinstance(node.target, ast.Name):
            self._bind(node.target.id, node.target, "annotation")
        else:
            self.visit(node.target)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        self._bind(node.target.id, node.target, "walrus", walrus=True)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit(node.iter)
        self._target(node.target, "for")
        self._visit_all(node.body)
        self._visit_all(node.orelse)

    visit_AsyncFor = visit_For

    def visit_While(self, node: ast.While) -> None:
        self._conditional(node.test, [node.body, node.orelse])

    def visit_If(self, node: ast.If) -> None:
        self._conditional(node.test, [node.body, node.orelse])

    def visit_IfExp(self, node: ast.IfExp) -> None:
        self._conditional(node.test, [node.body, node.orelse])

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            self._with_item = item.context_expr
            self.visit(item.context_expr)
            if item.optional_vars is not None:
                self._target(item.optional_vars, "with")
        self._visit_all(node.body)

    visit_AsyncWith = visit_With

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self._bind(node.name, node, "except")
        self._visit_all(node.body)

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        module = node.module if isinstance(node, ast.ImportFrom) and not node.level else None
        for alias in node.names:
            if alias.name == "*":
                self.star_import = True
                continue
            local = alias.asname or alias.name.split(".")[0]
            self._bind(local, node, "import")
            if isinstance(node, ast.Import):
                self.imports[local] = alias.name if alias.asname else local
            elif module:
                self.imports[local] = f"{module}.{alias.name}"

    visit_ImportFrom = visit_Import
    star_import = False

    def visit_Global(self, node: ast.Global) -> None:
        self.scope.globals.update(node.names)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        self.scope.nonlocals.update(node.names)

    def visit_Expr(self, node: ast.Expr) -> None:
        if not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            self.visit(node.value)  # a bare string is a docstring or a comment, not data

    # -- match patterns ----------------------------------------------------
    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        if node.pattern is not None:
            self.visit(node.pattern)
        if node.name:
            self._bind(node.name, node, "match")

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self._bind(node.name, node, "match")

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        self._visit_all(node.keys)
        self._visit_all(node.patterns)
        if node.rest:
            self._bind(node.rest, node, "match")

    # -- scopes ------------------------------------------------------------
    def _argument_values(self, args: ast.arguments) -> None:
        """Defaults and annotations, evaluated in the enclosing scope."""
        self._visit_all(args.defaults)
        self._visit_all(args.kw_defaults)
        self._visit_all([a.annotation for a in parameters(args)])

    def _parameters(self, args: ast.arguments, scope: Scope) -> None:
        for arg in parameters(args):
            use = self._use(scope, arg.arg, arg, "write", "param")
            scope.bound.setdefault(arg.arg, use)
            scope.params.append(arg.arg)

    def _in_scope(self, scope: Scope, body: list) -> None:  # type: ignore[type-arg]
        saved, saved_conditions = self.scope, self.conditions
        self.scope, self.conditions = scope, ()
        self._visit_all(body)
        self.scope, self.conditions = saved, saved_conditions

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._argument_values(node.args)  # the order symtable uses, so that scopes pair up
        if node.returns is not None:
            self.visit(node.returns)
        self._visit_all(node.decorator_list)
        scope = self._enter(FUNCTION, node.name, node)
        self._parameters(node.args, scope)
        self._bind(node.name, node, "def")
        self._in_scope(scope, node.body)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._argument_values(node.args)
        scope = self._enter(LAMBDA, "<lambda>", node)
        self._parameters(node.args, scope)
        self._in_scope(scope, [node.body])

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._visit_all(node.decorator_list)
        self._visit_all(node.bases)
        self._visit_all(node.keywords)
        scope = self._enter(CLASS, node.name, node)
        self._in_scope(scope, node.body)
        self._bind(node.name, node, "class")

    def _comprehension(self, node: ast.AST, generators: list[ast.comprehension], results: list[ast.expr]) -> None:
        self.visit(generators[0].iter)  # evaluated in the enclosing scope
        scope = self._enter(COMPREHENSION, "<" + type(node).__name__.lower() + ">", node)
        saved = self.scope
        self.scope = scope
        for i, gen in enumerate(generators):
            if i:
                self.visit(gen.iter)
            self._target(gen.target, "for")
            self._visit_all(gen.ifs)
        self._visit_all(results)
        self.scope = saved

    def visit_ListComp(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp) -> None:
        self._comprehension(node, node.generators, [node.elt])

    visit_SetComp = visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._comprehension(node, node.generators, [node.key, node.value])

    # -- calls and literals --------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and is_mutating_method(func.attr, node):
            self._mutate(func.value)
        self.calls.append(CallSite(node, self.scope, self.stmt, self.conditions, node is self._with_item))
        self.visit(func)
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        for arg in node.args:
            self._argument(arg, name)
        for keyword in node.keywords:
            self._argument(keyword.value, f"{name}={keyword.arg}")

    def _argument(self, value: ast.expr, context: str) -> None:
        if isinstance(value, ast.Constant) and isinstance(value.value, str) and interesting_string(value.value):
            self._string(value.value, value, context)
        else:
            self.visit(value)

    def visit_Compare(self, node: ast.Compare) -> None:
        for operand in (node.left, *node.comparators):
            if not isinstance(operand, ast.Constant):  # `device == "cuda"` hard-codes nothing
                self.visit(operand)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and interesting_string(node.value):
            self._string(node.value, node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)  # type: ignore[misc]
        if interesting_string(text):
            self._string(text, node)
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                self.visit(value)

    def _string(self, text: str, node: ast.AST, context: str = "") -> None:
        line, column = node.lineno, node.col_offset + 1  # type: ignore[attr-defined]
        site = StringSite(text, line, column, self.scope, self.conditions, context)
        self.strings.append(site)
