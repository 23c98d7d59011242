"""What each top-level function (and method) of a document needs from the module scope.

A function's *global reads* are the names it (or anything nested in it: inner
functions, lambdas, comprehensions) reads that resolve to the module scope;
its *global writes* are names it binds under ``global``; its *global
mutations* are module names whose object it changes (``xs.append``,
``d[k] = v``, ``obj.attr = v``, ``model.eval()``, ``inplace=True``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from nbrefactor.analysis.scopes import CLASS, FUNCTION, CallSite, CellScan, Scope, Use


@dataclass(frozen=True)
class GlobalUse:
    """A module-scope name a function uses: first position, and how (read / write / mutate)."""

    name: str
    line: int
    column: int
    kind: str


@dataclass(frozen=True)
class FunctionFacts:
    """A function defined at module level (or a method of a module-level class).

    ``reads``, ``writes`` and ``mutates`` list module-scope names in order of
    first use, builtins and names it binds itself excluded; ``calls`` names the
    module-level names it calls (to follow into other notebook functions).
    """

    name: str
    cell: int
    line: int
    column: int
    params: tuple[str, ...]
    reads: tuple[GlobalUse, ...]
    writes: tuple[GlobalUse, ...]
    mutates: tuple[GlobalUse, ...]
    calls: frozenset[str]
    is_method: bool = False

    def suggested_params(self, extra: tuple[str, ...]) -> tuple[str, ...]:
        """The parameter list ``extract`` would give it: its own, then ``extra`` (``self`` stays first)."""
        own = [p for p in self.params if p not in extra]
        return (*own, *[name for name in extra if name not in own])


def top_level_functions(scan: CellScan) -> list[Scope]:
    """Functions whose enclosing scopes are only the module and module-level classes."""
    out: list[Scope] = []
    if not scan.module.children:
        return out
    pending = list(scan.module.children)
    while pending:
        scope = pending.pop(0)
        if scope.kind == FUNCTION:
            out.append(scope)
        elif scope.kind == CLASS:
            pending.extend(scope.children)
    return out


def _global_uses(function: Scope) -> list[Use]:
    module = function.module()
    uses = [u for scope in function.walk() for u in module_level(scope, scope.uses, module)]
    uses.sort(key=lambda u: u.seq)
    return uses


def module_level(scope: Scope, uses: list[Use], module: Scope) -> list[Use]:
    """The ``uses`` made in ``scope`` of names that resolve to ``module`` (each name resolved once)."""
    homes: dict[str, bool] = {}
    out = []
    for use in uses:
        home = homes.get(use.name)
        if home is None:
            home = homes[use.name] = scope.resolve(use.name) is module
        if home:
            out.append(use)
    return out


def _firsts(uses: list[Use], kinds: tuple[str, ...], skip: frozenset[str]) -> tuple[GlobalUse, ...]:
    seen: dict[str, GlobalUse] = {}
    for u in uses:
        if u.kind in kinds and u.name not in seen and u.name not in skip:
            seen[u.name] = GlobalUse(u.name, u.line, u.column, u.kind)
    return tuple(seen.values())


def owner(scope: Scope | None) -> Scope | None:
    """The top-level function (or method of a top-level class) that ``scope`` is in, if any."""
    found = None
    while scope is not None and scope.parent is not None:
        if scope.kind == FUNCTION and all(s.kind == CLASS for s in _ancestors(scope)):
            found = scope
        scope = scope.parent
    return found


def _ancestors(scope: Scope) -> list[Scope]:
    out = []
    parent = scope.parent
    while parent is not None and parent.parent is not None:
        out.append(parent)
        parent = parent.parent
    return out


def calls_by_function(scan: CellScan) -> dict[Scope, list[CallSite]]:
    """The calls made inside each top-level function of a cell (cached on the scan)."""
    if scan.by_function is None:
        grouped: dict[Scope, list[CallSite]] = {}
        for site in scan.calls if scan.module.children else ():
            function = owner(site.scope)
            if function is not None:
                grouped.setdefault(function, []).append(site)
        scan.by_function = grouped
    return scan.by_function


def function_facts(scope: Scope, cell: int, scan: CellScan, builtins: frozenset[str]) -> FunctionFacts:
    """The facts of one top-level function found by :func:`top_level_functions`."""
    uses = _global_uses(scope)
    calls = frozenset(
        site.node.func.id
        for site in calls_by_function(scan).get(scope, ())
        if isinstance(site.node.func, ast.Name) and site.scope.resolve(site.node.func.id) is scan.module
    )
    return FunctionFacts(
        name=scope.qualname(),
        cell=cell,
        line=scope.line,
        column=scope.column,
        params=tuple(scope.params),
        reads=_firsts(uses, ("read",), builtins),
        writes=_firsts(uses, ("write", "del"), frozenset()),
        mutates=_firsts(uses, ("mutate",), builtins),
        calls=calls,
        is_method=scope.parent is not None and scope.parent.kind == CLASS,
    )


def class_facts(scan: CellScan, cell: int, builtins: frozenset[str]) -> list[FunctionFacts]:
    """Each module-level class seen as one function: what its body and methods use from the module.

    Added for ``extract``, which moves a class only when all it needs can move with it.
    """
    return [function_facts(scope, cell, scan, builtins) for scope in scan.module.children if scope.kind == CLASS]
