"""Mutation check of recorded tests: simple AST mutants of each function, and a runner.

``mutants(source)`` makes a handful of mutants per top-level function: a
numeric constant changed, a statement replaced by ``pass``, a comparison
flipped. Run as a script (``python record_mutants.py JOB.json``), it imports
the module and its recorded test file once, checks that every test passes,
then for each mutant executes the mutated source into the module's namespace,
runs every test function and notes which fail; it prints JSON. One process
per module keeps the check fast (the tests import torch and pandas once).
"""

from __future__ import annotations

import ast
import copy
import importlib
import importlib.util
import json
import os
import sys
import tempfile
from dataclasses import asdict, dataclass
from typing import Any, Callable, Iterator

PER_KIND = 2
_FLIP = {ast.Lt: ast.GtE, ast.GtE: ast.Lt, ast.Gt: ast.LtE, ast.LtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}


@dataclass(frozen=True)
class Mutant:
    function: str
    kind: str
    what: str
    source: str


def _docstring(node: ast.AST, parent: ast.FunctionDef) -> bool:
    first = parent.body[0]
    return isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and node in (first, first.value)


def _sites(fn: ast.FunctionDef) -> dict[str, list[ast.AST]]:
    nodes = [n for n in ast.walk(fn) if n is not fn and not _docstring(n, fn)]
    numbers = [n for n in nodes if isinstance(n, ast.Constant) and type(n.value) in (int, float)]
    statements = [n for n in nodes if isinstance(n, ast.stmt)]
    compares = [n for n in nodes if isinstance(n, ast.Compare) and type(n.ops[0]) in _FLIP]
    return {"constant": numbers, "delete": statements, "compare": compares}


def _mutate(node: ast.AST, kind: str) -> tuple[Callable[[], None], str]:
    if kind == "constant":
        assert isinstance(node, ast.Constant)
        old = node.value
        return (lambda: setattr(node, "value", old + 1)), f"{old!r} -> {old + 1!r} (line {node.lineno})"
    if kind == "compare":
        assert isinstance(node, ast.Compare)
        old_op = node.ops[0]
        return (
            lambda: node.ops.__setitem__(0, _FLIP[type(old_op)]())
        ), f"flip {type(old_op).__name__} (line {node.lineno})"
    text = ast.unparse(node).splitlines()[0]
    return (lambda: None), f"drop `{text}` (line {node.lineno})"


def _replace_statement(tree: ast.Module, target_line: int, target_col: int) -> None:
    for parent in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(parent, field, None)
            if isinstance(block, list):
                for i, stmt in enumerate(block):
                    if isinstance(stmt, ast.stmt) and (stmt.lineno, stmt.col_offset) == (target_line, target_col):
                        block[i] = ast.copy_location(ast.Pass(), stmt)
                        return


def _pick(found: list[ast.AST]) -> list[ast.AST]:
    """A few sites spread over the function: the first ones and the last."""
    chosen = found[:PER_KIND] + found[-1:]
    return list({id(n): n for n in chosen}.values())


def _functions(tree: ast.Module) -> Iterator[tuple[str, ast.FunctionDef]]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for method in node.body:
                if isinstance(method, ast.FunctionDef) and not method.name.startswith("_"):
                    yield f"{node.name}.{method.name}", method


def mutants(source: str) -> Iterator[Mutant]:
    """A handful of mutants of every function (and public method) of ``source``."""
    tree = ast.parse(source)
    for name, fn in _functions(tree):
        for kind, found in _sites(fn).items():
            for node in _pick(found):
                mutated = copy.deepcopy(tree)
                twin = _find(mutated, node)
                apply, what = _mutate(twin, kind)
                apply()
                if kind == "delete":
                    _replace_statement(mutated, node.lineno, node.col_offset)
                yield Mutant(name, kind, what, ast.unparse(mutated))


def _find(fn: ast.AST, node: ast.AST) -> ast.AST:
    key = (type(node), getattr(node, "lineno", None), getattr(node, "col_offset", None))
    return next(n for n in ast.walk(fn) if (type(n), getattr(n, "lineno", None), getattr(n, "col_offset", None)) == key)


def _scratch(folders: list[str], base: str | None = None) -> None:
    """What the generated tests' autouse fixture does: a fresh folder with the notebooks' subfolders."""
    scratch = tempfile.mkdtemp(prefix="mutants-", dir=base)
    for folder in folders:
        os.makedirs(os.path.join(scratch, folder), exist_ok=True)
    os.chdir(scratch)


def _failing(tests: Any, first: str = "", stop: bool = False, base: str | None = None) -> list[str]:
    """The recorded tests that fail (those of ``first`` run first; ``stop`` at the first failure)."""
    prefix = f"test_{first.replace('.', '_')}_"
    names = sorted((n for n in vars(tests) if n.startswith("test_")), key=lambda n: not n.startswith(prefix))
    failed = []
    for name in names:
        _scratch(getattr(tests, "FOLDERS", []), base)
        try:
            getattr(tests, name)()
        except BaseException:  # noqa: BLE001 - any failure of a test kills the mutant
            failed.append(name)
            if stop:
                break
    return failed


def main(job_file: str) -> int:
    job = json.loads(open(job_file, encoding="utf-8").read())
    sys.path[:0] = job["paths"]
    module = importlib.import_module(job["module"])
    spec = importlib.util.spec_from_file_location("recorded_tests", job["tests"])
    assert spec is not None and spec.loader is not None
    tests = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tests)
    original = open(module.__file__, encoding="utf-8").read()
    base = job.get("scratch")
    report: dict[str, Any] = {"baseline": _failing(tests, base=base), "mutants": []}
    for mutant in job["mutants"]:
        exec(compile(mutant["source"], module.__file__, "exec"), module.__dict__)  # noqa: S102
        report["mutants"].append(
            {**mutant, "source": "", "failed": _failing(tests, mutant["function"], stop=True, base=base)}
        )
        exec(compile(original, module.__file__, "exec"), module.__dict__)  # noqa: S102
    print(json.dumps(report))
    return 0


def job(
    module: str, tests: str, paths: list[str], source: str, functions: Any = None, scratch: str | None = None
) -> dict[str, Any]:
    """The JSON job for :func:`main`: the mutants of ``source`` (of ``functions`` only, if given);
    each test runs in a fresh folder under ``scratch`` (default: the system's temporary folder)."""
    chosen = [asdict(m) for m in mutants(source) if functions is None or m.function in functions]
    return {"module": module, "tests": tests, "paths": paths, "mutants": chosen, "scratch": scratch}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
