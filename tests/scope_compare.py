"""Compare nbrefactor's scope walk with the standard library's symtable (test helper)."""

from __future__ import annotations

import _symtable
import ast
import symtable

from nbrefactor.analysis.scopes import CLASS, MODULE, Scope, scan_cell


def _symtable_kind(sym: symtable.Symbol) -> str:
    # Symbol.is_global() misreports the parameters of a function named "top" (it takes
    # that table for the module), so read the symbol's resolved scope directly.
    scope = getattr(sym, "_Symbol__scope", None)
    if scope in (_symtable.GLOBAL_IMPLICIT, _symtable.GLOBAL_EXPLICIT):
        return "global"
    if scope == _symtable.FREE or sym.is_nonlocal():
        return "free"
    return "local"


def _my_kind(scope: Scope, name: str) -> str:
    home = scope.resolve(name)
    if home.kind == MODULE:
        return "global" if scope.kind != MODULE else "local"
    return "local" if home is scope else "free"


def _key(kind: str, line: int) -> tuple[str, int]:
    return ("class" if kind == CLASS else "function" if kind != MODULE else "module", line)


def _pairs(mine: Scope, table: symtable.SymbolTable) -> list[tuple[Scope, symtable.SymbolTable]]:
    out = [(mine, table)]
    theirs: dict[tuple[str, int], list[symtable.SymbolTable]] = {}
    for child in table.get_children():
        kind = str(getattr(child.get_type(), "value", child.get_type()))
        theirs.setdefault((kind, child.get_lineno()), []).append(child)
    mine_by: dict[tuple[str, int], list[Scope]] = {}
    for child in mine.children:
        mine_by.setdefault(_key(child.kind, child.line), []).append(child)
    for key, scopes in mine_by.items():
        for scope, other in zip(scopes, theirs.get(key, []), strict=False):
            out.extend(_pairs(scope, other))
    return out


def disagreements(source: str) -> list[str]:
    """Every name whose classification (local / global / free) differs, per scope."""
    tree = ast.parse(source)
    scan = scan_cell(tree)
    table = symtable.symtable(source, "<reference>", "exec")
    problems = []
    pairs = _pairs(scan.module, table)
    if len(pairs) != len(scan.module.walk()):
        problems.append(f"scope trees differ: {len(pairs)} matched of {len(scan.module.walk())}")
    for scope, other in pairs:
        names = {u.name for u in scope.uses} | set(scope.params) | set(scope.bound)
        for sym in other.get_symbols():
            name = sym.get_name()
            if name.startswith(".") or name == "__class__" or name not in names:
                continue
            if scope.kind == MODULE:
                continue
            theirs, mine = _symtable_kind(sym), _my_kind(scope, name)
            if theirs != mine:
                problems.append(f"{scope.qualname()}:{scope.line} {name}: symtable {theirs}, nbrefactor {mine}")
    return problems
