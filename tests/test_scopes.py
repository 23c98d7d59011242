"""Scope analysis: agreement with the standard library's symtable, and the facts rules rely on."""

from __future__ import annotations

import ast
import sys
import sysconfig
from pathlib import Path

import pytest
from scope_compare import disagreements

from nbrefactor.analysis.scopes import MODULE, Scope, scan_cell

REFERENCE = Path(__file__).parent / "fixtures" / "scope_reference"


def _stdlib_sample(step: int = 10) -> list[Path]:
    files = sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py"))
    return files[::step]


@pytest.mark.parametrize("path", sorted(REFERENCE.glob("*.py")), ids=lambda p: p.name)
def test_reference_constructs_agree_with_symtable(path: Path) -> None:
    if path.stem.endswith("_py311") and sys.version_info < (3, 11):
        pytest.skip("needs Python 3.11 syntax")
    assert disagreements(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", _stdlib_sample(), ids=lambda p: p.name)
def test_standard_library_modules_agree_with_symtable(path: Path) -> None:
    assert disagreements(path.read_text(encoding="utf-8")) == []


def _scopes(source: str) -> dict[str, Scope]:
    scan = scan_cell(ast.parse(source))
    return {s.qualname() or "<module>": s for s in scan.module.walk()}


def _where(scope: Scope, name: str) -> str:
    home = scope.resolve(name)
    return "global" if home.kind == MODULE else ("local" if home is scope else "free")


def test_comprehension_variables_stay_in_the_comprehension_but_walrus_escapes() -> None:
    scopes = _scopes("def f(rows):\n    out = [y for r in rows if (y := r)]\n    return r, y\n")
    assert _where(scopes["f"], "y") == "local"
    assert _where(scopes["f"], "r") == "global"  # the loop variable did not leak
    assert _where(scopes["f.<listcomp>"], "r") == "local"


def test_methods_do_not_see_class_attributes_but_class_bodies_see_enclosing_functions() -> None:
    scopes = _scopes(
        "def outer(k):\n    class C:\n        a = k\n        def m(self):\n            return a\n    return C\n"
    )
    assert _where(scopes["outer.C"], "k") == "free"
    assert _where(scopes["outer.C.m"], "a") == "global"


def test_global_and_nonlocal_declarations() -> None:
    scopes = _scopes("def f():\n    global g\n    g = 1\n    x = 0\n    def h():\n        nonlocal x\n        x = 2\n")
    assert _where(scopes["f"], "g") == "global"
    assert _where(scopes["f.h"], "x") == "free"


def test_reads_before_writes_in_evaluation_order() -> None:
    scan = scan_cell(ast.parse("df = df.dropna()\n"))
    read, write = scan.module.uses
    assert (read.kind, write.kind) == ("read", "write") and read.seq < write.seq


def test_mutations_of_objects_are_recorded_on_their_root_name() -> None:
    source = "xs.append(1)\nd['k'] = 2\nobj.a.b = 3\ndf.drop(columns='x', inplace=True)\nopt.step()\n"
    mutated = [u.name for u in scan_cell(ast.parse(source)).module.uses if u.kind == "mutate"]
    assert mutated == ["xs", "d", "obj", "df"]


def test_binding_kinds_are_recorded() -> None:
    source = "import numpy as np\nK = [1, 2]\nm = make()\nfor i in m: pass\nclass C: pass\ndef f(): pass\n"
    hows = {u.name: u.how for u in scan_cell(ast.parse(source)).module.uses if u.kind == "write"}
    assert hows == {
        "np": "import",
        "K": "literal",
        "m": "assign",
        "i": "for",
        "C": "class",
        "f": "def",
    }


def test_docstrings_are_not_string_sites_but_fstrings_are() -> None:
    scan = scan_cell(ast.parse('"""/home/a/b"""\np = f"/home/{user}/data"\n'))
    assert [s.text for s in scan.strings] == ["/home/{}/data"]  # nbrefactor: ignore[NBR303]
