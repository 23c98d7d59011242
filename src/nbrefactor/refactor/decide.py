"""Which definitions of one document move, which stay (and why), and the parameters they gain.

A definition moves when everything it reads is an import, a constant, a
builtin, another moving definition, or (for functions only) a notebook
variable that can be passed in: those become keyword-only parameters, and
every call is updated to pass them. Otherwise it stays, with the reason.
The decision is a fixpoint: a function that calls one that stays, stays too.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from nbrefactor.analysis.names import BUILTIN_NAMES
from nbrefactor.analysis.scopes import CellScan
from nbrefactor.refactor.edits import Insertion, char_column, keyword_insertion, to_source
from nbrefactor.refactor.inventory import CLASS, Definition, Inventory, definition_time_names


@dataclass
class Needs:
    """What one definition reads from the notebook, sorted by what extract does with it."""

    imports: list[str] = field(default_factory=list)
    constants: list[str] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)
    params: list[str] = field(default_factory=list)
    problem: str | None = None
    #: The global a function rebinds (``global x``): it becomes a parameter, the function
    #: returns its new value, and each call becomes ``x = f(...)``.
    returns: str | None = None


@dataclass(frozen=True)
class CallSite:
    """A call of a notebook function by name: where its closing parenthesis is."""

    function: str
    cell: int
    node: ast.Call
    resolves_locally: frozenset[str]  # names that the caller's scope binds itself
    statement: ast.Expr | None = None  # the call is this whole statement, run at module level


@dataclass
class Decision:
    """The outcome for one document."""

    moved: dict[str, Definition]
    kept: dict[str, tuple[Definition, str]]
    needs: dict[str, Needs]
    params: dict[str, tuple[str, ...]]
    sites: list[CallSite]


def _classify(inv: Inventory, d: Definition, name: str, needs: Needs, passable: bool) -> str | None:
    """File ``name`` under ``needs``; a reason to keep ``d`` when it cannot be handled."""
    bindings = inv.flow.bindings.get(name, ())
    if not bindings:
        if name in BUILTIN_NAMES or inv.star_imports:  # a star import may define it: the module repeats them
            return None
        return f"reads `{name}`, which the notebook never defines"
    hows = {b.how for b in bindings}
    if hows <= {"def", "class"}:
        if len(bindings) > 1:
            return f"calls `{name}`, which is defined more than once"
        needs.functions.append(name)
    elif hows == {"import"} and name not in inv.imports:
        return f"needs `{name}`, imported inside a block (try/if): the module would have to repeat it"
    elif hows == {"import"}:
        spec = inv.imports[name]
        if spec.relative:
            return f"needs `{name}` from a relative import"
        if inv.local_module(spec):
            return f"needs `{spec.top_module}`, a module beside the notebook that the package cannot import"
        needs.imports.append(name)
    elif name in inv.constants:
        needs.constants.append(name)
    elif d.kind == CLASS:
        return f"class reads notebook variable `{name}` (only functions get parameters)"
    elif not passable:
        return f"its decorators, defaults or annotations read notebook variable `{name}`"
    else:
        needs.params.append(name)
    return None


def _rebind_problem(d: Definition) -> str | None:
    """Why a function that rebinds a global cannot return the new value instead (None: it can)."""
    names = sorted({w.name for w in d.facts.writes})
    first = f"rebinds global `{names[0]}` (`global {names[0]}`)"
    if d.kind == CLASS or len(names) > 1 or any(w.kind == "del" for w in d.facts.writes):
        return f"rebinds globals {', '.join(f'`{n}`' for n in names)}" if len(names) > 1 else first
    if getattr(d.node, "decorator_list", None):
        return f"{first} and is decorated: the new value cannot be returned through the decorator"
    inner = [n for n in ast.walk(d.node) if n is not d.node]
    if any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)) for n in inner):
        return f"{first} and defines nested functions or classes"
    if any(isinstance(n, ast.Return) and n.value is not None for n in inner):
        return f"{first} and returns a value: a caller cannot take both back"
    if any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in inner):
        return f"{first} in a generator"
    return None


def _static(inv: Inventory, d: Definition) -> Needs:
    needs = Needs()
    facts = d.facts
    line = inv.ipython_line(d.span)
    magic = next((m for m in inv.cells[d.span.cell].magics if m.kind == "cell"), None)
    twice = inv.flow.bindings.get(d.name, ())
    if inv.flow.open_namespace and (inv.hidden_names or not inv.star_imports):
        needs.problem = "the notebook may define names nobody can see (%run, exec, a star import of its own folder)"
    elif magic is not None:
        needs.problem = f"its cell runs under `%%{magic.name}`"
    elif line is not None:
        needs.problem = f"line {line} is IPython syntax"
    elif inv.ipython_names(d.node):
        needs.problem = f"uses IPython's `{inv.ipython_names(d.node)[0]}`"
    elif len(twice) > 1:
        needs.problem = "defined twice (cells " + " and ".join(sorted({str(b.cell) for b in twice})) + ")"
    elif inv.exposed_expression(d) is not None:
        needs.problem = (
            f"without it, the expression on line {inv.exposed_expression(d)} would become the cell's result "
            "and Jupyter would display it"
        )
    elif inv.displayed_instance(d) is not None:
        needs.problem = (
            f"cell {inv.displayed_instance(d)} displays an instance with the default repr, which names the module "
            "the class lives in"
        )
    elif facts.writes:
        needs.problem = _rebind_problem(d)
        needs.returns = None if needs.problem else facts.writes[0].name
    if needs.problem:
        return needs
    names = list(dict.fromkeys([u.name for u in (*facts.reads, *facts.mutates)]))
    for name in names:
        needs.problem = _classify(inv, d, name, needs, passable=True)
        if needs.problem:
            return needs
    for name in definition_time_names(d.node):
        if name not in names and name != d.name:
            needs.problem = _classify(inv, d, name, needs, passable=False)
            if needs.problem:
                return needs
    if needs.returns and needs.returns not in needs.params:
        needs.params.append(needs.returns)
    return needs


def call_sites(inv: Inventory, names: set[str]) -> tuple[list[CallSite], dict[str, int]]:
    """Every call of the named functions, and how often each name is read at all."""
    sites: list[CallSite] = []
    reads: dict[str, int] = {}
    for cell, scan in inv.facts.scans:
        for scope in scan.module.walk():
            for use in scope.uses:
                if use.kind == "read" and use.name in names and scope.resolve(use.name) is scan.module:
                    reads[use.name] = reads.get(use.name, 0) + 1
        sites.extend(_cell_sites(cell.index, scan, names, inv.trees.get(cell.index)))
    return sites, reads


def _cell_sites(cell: int, scan: CellScan, names: set[str], tree: ast.Module | None) -> list[CallSite]:
    statements = {id(n.value): n for n in ast.walk(tree) if isinstance(n, ast.Expr)} if tree else {}
    out = []
    for site in scan.calls:
        func = site.node.func
        if isinstance(func, ast.Name) and func.id in names and site.scope.resolve(func.id) is scan.module:
            local = frozenset(n for n in _bound_names(site.scope) if site.scope.resolve(n) is not scan.module)
            statement = statements.get(id(site.node)) if site.scope is scan.module else None
            out.append(CallSite(func.id, cell, site.node, local, statement))
    return out


def _bound_names(scope: object) -> set[str]:
    names: set[str] = set()
    while scope is not None:
        names |= set(getattr(scope, "bound", {}))
        scope = getattr(scope, "parent", None)
    return names


def _params(moved: dict[str, Definition], needs: dict[str, Needs]) -> dict[str, tuple[str, ...]]:
    params = {name: list(needs[name].params) for name in moved}
    changed = True
    while changed:
        changed = False
        for name in moved:
            for callee in needs[name].functions:
                for p in params.get(callee, []):
                    if p not in params[name]:
                        params[name].append(p)
                        changed = True
    return {name: tuple(p) for name, p in params.items()}


def _assign_problem(inv: Inventory, site: CallSite, returns: str) -> str | None:
    where = f"(cell {site.cell}, line {site.node.lineno})"
    if site.statement is None:
        return f"rebinds global `{returns}`, and a call {where} is not a statement of its own to assign the new value"
    code = inv.code_lines(site.cell)
    column = char_column(code[site.statement.lineno - 1], site.statement.col_offset)
    if to_source(Insertion(site.statement.lineno, column, ""), inv.source_lines(site.cell), code) is None:
        return f"rebinds global `{returns}`, and a call {where} is IPython syntax that cannot be rewritten"
    return None


def _call_problem(
    inv: Inventory, name: str, params: tuple[str, ...], sites: list[CallSite], reads: dict[str, int], returns: str | None
) -> str | None:
    mine = [s for s in sites if s.function == name]
    if returns:
        problem = next((p for p in (_assign_problem(inv, s, returns) for s in mine) if p), None)
        if problem:
            return problem
    if reads.get(name, 0) > len(mine):
        return f"used without being called (passed as a value), so it cannot gain parameters {', '.join(params)}"
    for site in mine:
        clash = sorted(set(params) & site.resolves_locally)
        if clash:
            return f"a caller (cell {site.cell}, line {site.node.lineno}) has its own `{clash[0]}`"
        if any(k.arg in params for k in site.node.keywords):
            return f"a call (cell {site.cell}, line {site.node.lineno}) already passes a keyword named like a global"
        code = inv.code_lines(site.cell)
        insertion = keyword_insertion(code, site.node, params)
        if insertion is None or to_source(insertion, inv.source_lines(site.cell), code) is None:
            return f"a call (cell {site.cell}, line {site.node.lineno}) is IPython syntax that cannot be rewritten"
    return None


def decide(inv: Inventory) -> Decision:
    """Move or keep every top-level definition of ``inv``; see the module docstring."""
    defs = {d.name: d for d in inv.definitions}
    needs = {name: _static(inv, d) for name, d in defs.items()}
    kept = {name: (defs[name], n.problem) for name, n in needs.items() if n.problem}
    sites, reads = call_sites(inv, set(defs))
    while True:
        moved = {name: d for name, d in defs.items() if name not in kept}
        params = _params(moved, needs)
        newly: dict[str, str] = {}
        for name, d in moved.items():
            stays = next((f for f in needs[name].functions if f in kept), None)
            if stays:
                newly[name] = f"calls `{stays}`, which stays in the notebook"
            elif params[name] and d.kind == CLASS:
                newly[name] = f"calls functions that need notebook variables ({', '.join(params[name])})"
            elif params[name] and getattr(d.node, "decorator_list", None):
                newly[name] = "is decorated, and a decorator may not accept the extra parameters " + ", ".join(params[name])
            elif params[name] and not inv.facts.complete:
                newly[name] = "needs parameters, but a cell does not parse so not every call can be updated"
            elif params[name]:
                problem = _call_problem(inv, name, params[name], sites, reads, needs[name].returns)
                if problem:
                    newly[name] = problem
        if not newly:
            return Decision(moved, kept, needs, params, [s for s in sites if params.get(s.function)])
        kept.update({name: (defs[name], reason) for name, reason in newly.items()})
