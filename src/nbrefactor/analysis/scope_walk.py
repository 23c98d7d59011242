"""The single ``ast`` walk behind :func:`nbrefactor.analysis.scopes.scan_cell`.

Nodes are visited in the order Python evaluates them (the value of an
assignment before its targets, a comprehension's first iterable in the
enclosing scope, decorators and defaults before the function's name is bound),
so the ``seq`` of each :class:`~nbrefactor.analysis.scopes.Use` tells whether a
cell reads a name before or after binding it.

The walk is the hot loop of every audit, so it avoids the per-node costs of
``ast.NodeVisitor``: one dispatch table from node type to handler (filled once,
see :mod:`nbrefactor.analysis.walk_table`), the common children (names,
constants) handled in place, and the named tuples built without their
Python-level constructors.
"""

from __future__ import annotations

import ast
from ast import Attribute, Call, Constant, Del, Load, Name

from nbrefactor.analysis.names import UNKNOWN_BINDING_CALLS
from nbrefactor.analysis.nodes import (
    assigned_how,
    interesting_string,
    is_literal,
    literal_text,
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
    MUTATING_METHODS,
    CallSite,
    Scope,
    StringSite,
    Use,
    is_mutating_method,
)
from nbrefactor.analysis.walk_table import VISIT, dispatch_table

#: Calls that end a test or a program, like ``return`` and ``raise`` end a function.
_EXIT_CALLS = frozenset({"exit", "quit", "_exit", "skip", "skipTest"})


def _exits(body: list[ast.stmt]) -> bool:
    """Whether a block ends by leaving it: ``return``, ``raise``, ``continue``, ``break``,
    ``sys.exit()``, ``pytest.skip()``, ``self.skipTest()``."""
    last = body[-1]
    if isinstance(last, (ast.Return, ast.Raise, ast.Continue, ast.Break)):
        return True
    if isinstance(last, ast.Expr) and isinstance(last.value, Call):
        func = last.value.func
        return (func.attr if isinstance(func, Attribute) else getattr(func, "id", "")) in _EXIT_CALLS
    return False


_new = tuple.__new__  # Use(...) without the named tuple's Python-level __new__ (one per name occurrence)


class ScopeWalker:
    """Builds the scope tree of one cell; see the module docstring for the order."""

    __slots__ = ("module", "scope", "calls", "strings", "conditions", "stmt", "seq", "imports",
                 "star_import", "dynamic_names", "callees", "call_roots", "_with_item", "_how", "_value",
                 "_comparing")  # fmt: skip

    def __init__(self) -> None:
        self.module = Scope(MODULE, "<module>", None)
        self.scope = self.module
        self.calls: list[CallSite] = []
        self.strings: list[StringSite] = []
        self.conditions: tuple[ast.expr, ...] = ()
        self.stmt = 0
        self.seq = 0
        self.imports: dict[str, str] = {}
        self.star_import = False
        self.dynamic_names = False
        self.callees: set[str] = set()
        self.call_roots: set[str] = set()
        self._with_item: ast.expr | None = None
        self._comparing = False  # inside an operand of a comparison: its strings are compared against
        self._how = "assign"
        self._value = ""

    def run(self, tree: ast.Module) -> None:
        visit = VISIT
        for index, stmt in enumerate(tree.body):
            self.stmt = index
            visit[type(stmt)](self, stmt)

    def visit(self, node: ast.AST | None) -> None:
        """Visit one node (None is ignored)."""
        VISIT[type(node)](self, node)

    def visit_all(self, nodes: list) -> None:  # type: ignore[type-arg]
        """Visit a list of nodes: a block's statements, or expressions. The conditions an early
        exit adds (see :meth:`visit_If`) hold until the end of its block."""
        visit = VISIT
        saved = self.conditions
        for node in nodes:
            visit[type(node)](self, node)
        self.conditions = saved

    # -- recording -------------------------------------------------------
    def _use(self, scope: Scope, name: str, node: ast.AST, kind: str, how: str = "", value: str = "") -> Use:
        self.seq += 1
        line, column = getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1
        use: Use = _new(Use, (name, line, column, kind, self.seq, self.stmt, how, value))
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
        parent = self.scope
        scope = Scope(kind, name, parent, node.lineno, node.col_offset + 1, node)  # type: ignore[attr-defined]
        parent.children = (*parent.children, scope)
        return scope

    def _conditional(self, test: ast.expr, *branches: list | ast.expr) -> None:  # type: ignore[type-arg]
        VISIT[type(test)](self, test)
        saved = self.conditions
        for branch in branches:
            self.conditions = (*saved, test)
            if type(branch) is list:
                self.visit_all(branch)
            else:
                VISIT[type(branch)](self, branch)
        self.conditions = saved

    # -- names and targets ----------------------------------------------
    def visit_Name(self, node: ast.Name) -> None:
        ctx = type(node.ctx)
        if ctx is Load:
            self.seq = seq = self.seq + 1
            use = (node.id, node.lineno, node.col_offset + 1, "read", seq, self.stmt, "", "")
            self.scope.uses.append(_new(Use, use))
        else:
            self._bind(node.id, node, "del" if ctx is Del else self._how)

    def _target(self, target: ast.AST, how: str) -> None:
        saved, self._how = self._how, how
        VISIT[type(target)](self, target)
        self._how = saved

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if type(node.ctx) is not Load:
            self._mutate(node.value)
        value = node.value
        VISIT[type(value)](self, value)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if type(node.ctx) is not Load:
            self._mutate(node.value)
        value, index = node.value, node.slice
        VISIT[type(value)](self, value)
        VISIT[type(index)](self, index)

    def visit_Starred(self, node: ast.Starred) -> None:
        VISIT[type(node.value)](self, node.value)

    # -- statements ------------------------------------------------------
    def visit_Assign(self, node: ast.Assign) -> None:
        value = node.value
        VISIT[type(value)](self, value)
        how = "assign" if type(value) is Call else assigned_how(value)  # a call: two thirds of assignments
        self._value = literal_text(value) if how == "literal" and small_literal(value) else ""
        for target in node.targets:
            if type(target) is Name:  # the common case, as _target would do it
                self._bind(target.id, target, how)
            else:
                self._target(target, how if names_only(target) else "assign")
        self._value = ""

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        target = node.target
        if type(target) is Name:
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
        elif type(node.target) is Name:
            self._bind(node.target.id, node.target, "annotation")
        else:
            self.visit(node.target)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        self._bind(node.target.id, node.target, "walrus", walrus=True)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit(node.iter)
        self._target(node.target, "for")
        self.visit_all(node.body)
        self.visit_all(node.orelse)

    visit_AsyncFor = visit_For

    def visit_While(self, node: ast.While) -> None:
        self._conditional(node.test, node.body, node.orelse)

    def visit_If(self, node: ast.If) -> None:
        self._conditional(node.test, node.body, node.orelse)
        if _exits(node.body) or (node.orelse and _exits(node.orelse)):
            # ``if not torch.cuda.is_available(): return``: the rest of the block runs under the test
            self.conditions = (*self.conditions, node.test)

    def visit_IfExp(self, node: ast.IfExp) -> None:
        self._conditional(node.test, node.body, node.orelse)

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            self._with_item = item.context_expr
            self.visit(item.context_expr)
            if item.optional_vars is not None:
                self._target(item.optional_vars, "with")
        self.visit_all(node.body)

    visit_AsyncWith = visit_With

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        self.visit(node.type)
        if node.name:
            self._bind(node.name, node, "except")
        self.visit_all(node.body)

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

    def visit_Global(self, node: ast.Global) -> None:
        self.scope.globals = self.scope.globals.union(node.names)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        self.scope.nonlocals = self.scope.nonlocals.union(node.names)

    def visit_Expr(self, node: ast.Expr) -> None:
        value = node.value
        if not (type(value) is Constant and type(value.value) is str):
            VISIT[type(value)](self, value)  # a bare string is a docstring or a comment, not data

    # -- match patterns ----------------------------------------------------
    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        self.visit(node.pattern)
        if node.name:
            self._bind(node.name, node, "match")

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self._bind(node.name, node, "match")

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        self.visit_all(node.keys)
        self.visit_all(node.patterns)
        if node.rest:
            self._bind(node.rest, node, "match")

    # -- scopes ------------------------------------------------------------
    def _argument_values(self, args: ast.arguments) -> None:
        """Defaults and annotations, evaluated in the enclosing scope."""
        self.visit_all(args.defaults)
        self.visit_all(args.kw_defaults)
        self.visit_all([a.annotation for a in parameters(args)])

    def _parameters(self, args: ast.arguments, scope: Scope) -> None:
        every = parameters(args)
        for arg in every:
            use = self._use(scope, arg.arg, arg, "write", "param")
            scope.bound.setdefault(arg.arg, use)
        scope.params = tuple(arg.arg for arg in every)

    def _in_scope(self, scope: Scope, body: list, guards: list[ast.expr] | None = None) -> None:  # type: ignore[type-arg]
        """Visit a scope's body: it runs under the conditions its definition stands under, and under
        its decorators (``@pytest.mark.skipif(not torch.cuda.is_available(), ...)``)."""
        saved, saved_conditions = self.scope, self.conditions
        self.scope, self.conditions = scope, (*saved_conditions, *(guards or ()))
        self.visit_all(body)
        self.scope, self.conditions = saved, saved_conditions

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._argument_values(node.args)  # the order symtable uses, so that scopes pair up
        self.visit(node.returns)
        self.visit_all(node.decorator_list)
        scope = self._enter(FUNCTION, node.name, node)
        self._parameters(node.args, scope)
        self._bind(node.name, node, "def")
        self._in_scope(scope, node.body, node.decorator_list)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._argument_values(node.args)
        scope = self._enter(LAMBDA, "<lambda>", node)
        self._parameters(node.args, scope)
        self._in_scope(scope, [node.body])

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.visit_all(node.decorator_list)
        self.visit_all(node.bases)
        self.visit_all(node.keywords)
        scope = self._enter(CLASS, node.name, node)
        self._in_scope(scope, node.body, node.decorator_list)
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
            self.visit_all(gen.ifs)
        self.visit_all(results)
        self.scope = saved

    def visit_ListComp(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp) -> None:
        self._comprehension(node, node.generators, [node.elt])

    visit_SetComp = visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._comprehension(node, node.generators, [node.key, node.value])

    # -- calls and literals --------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        kind = type(func)
        if kind is Attribute:
            name = func.attr  # type: ignore[attr-defined]
            if (name in MUTATING_METHODS or name[-1:] == "_" or node.keywords) and is_mutating_method(name, node):
                self._mutate(func.value)  # type: ignore[attr-defined]
            root = func.value  # type: ignore[attr-defined]
            while type(root) is Attribute:
                root = root.value
            if type(root) is Name:
                self.call_roots.add(root.id)
        else:
            name = func.id if kind is Name else ""  # type: ignore[attr-defined]
            if name in UNKNOWN_BINDING_CALLS:
                self.dynamic_names = True
        self.callees.add(name)
        self.calls.append(_new(CallSite, (node, self.scope, self.stmt, self.conditions, node is self._with_item)))
        VISIT[kind](self, func)
        visit = VISIT
        for arg in node.args:
            if type(arg) is Constant:
                self._argument(arg, name)
            else:
                visit[type(arg)](self, arg)
        for keyword in node.keywords:
            value = keyword.value
            if type(value) is Constant:
                self._argument(value, name, keyword)
            else:
                visit[type(value)](self, value)

    def visit_Compare(self, node: ast.Compare) -> None:
        # `device == "cuda"`, `device in ("cuda", "gpu")`, `x.device == torch.device("cuda")` hard-code nothing
        saved, self._comparing = self._comparing, True
        for operand in (node.left, *node.comparators):
            if type(operand) is not Constant:
                VISIT[type(operand)](self, operand)
        self._comparing = saved

    def visit_Constant(self, node: ast.Constant) -> None:
        text = node.value
        if type(text) is str and interesting_string(text):
            self._string(text, node)

    def _argument(self, node: ast.Constant, callee: str, keyword: ast.keyword | None = None) -> None:
        """A constant passed to ``callee``: its strings keep the callee's name (``to``, ``load=map_location``)."""
        text = node.value
        if type(text) is str and interesting_string(text):
            self._string(text, node, callee if keyword is None else f"{callee}={keyword.arg}")

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)  # type: ignore[misc]
        if interesting_string(text):
            self._string(text, node)
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                self.visit(value)

    def _string(self, text: str, node: ast.AST, context: str = "") -> None:
        if self._comparing:
            return
        line, column = node.lineno, node.col_offset + 1  # type: ignore[attr-defined]
        self.strings.append(_new(StringSite, (text, line, column, self.scope, self.conditions, context)))


dispatch_table(ScopeWalker)
