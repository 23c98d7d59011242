"""The statement outline read from text agrees with the one read from ``ast`` (clone units rest on it)."""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

import pytest

from conftest import NOTEBOOKS, real_documents
from nbrefactor import audit
from nbrefactor.analysis.outline import CALL, CLASSDEF, CONSTANT, DEF, IMPORT, OTHER, PASS, from_tree, outline
from nbrefactor.config import Config

CALLS = frozenset({"plt", "sns", "display"})


def _both(code: str):
    return outline(code, CALLS), from_tree(ast.parse(code), CALLS)


def _real_cells():
    for path, document in real_documents():
        if not document.is_python:
            continue
        for cell in document.code_cells:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    tree = ast.parse(cell.code)
                except (SyntaxError, ValueError):
                    continue
            yield path, cell.index, cell.code, tree


def test_the_text_outline_agrees_with_ast_on_every_real_cell_that_parses():
    checked, differing = 0, []
    for path, index, code, tree in _real_cells():
        checked += 1
        if outline(code, CALLS) != from_tree(tree, CALLS):
            differing.append(f"{path}:cell {index}")
    assert checked > 2500  # the corpus and the example project: thousands of cells
    assert differing == []


@pytest.mark.parametrize(
    "code",
    [
        # decorators, a docstring, a nested definition, async
        '@decorator(\n    1)\ndef f(a, /, b=(1, 2), *args, c: "int" = 3, **kw):\n    """Doc."""\n    def inner(x):\n        return x\n    return inner\n\nasync def g():\n    pass\n',
        # a class: attributes, decorated methods, a nested class
        "class A(Base):\n    x = 1\n    @property\n    def y(self):\n        '''doc\n\nmore'''\n        return 1\n    class B:\n        def z(self): pass\n",
        # compound statements continue across else/elif/except/finally at column 0
        "if a:\n    b = 1\nelif c:\n    b = 2\nelse:\n    b = 3\ntry:\n    x()\nexcept E:\n    pass\nfinally:\n    y()\n",
        # semicolons split simple statements, not compound ones; a compound statement's end counts its last ';'
        "import os; x = 1; plt.plot(x);\nfor i in r: a(i); b(i);\n",
        # brackets and strings at column 0, a backslash continuation
        'x = f(\n1,\n2)\ns = """\ndef not_code():\n"""\ny = 1 + \\\n2\n',
        # a docstring-looking f-string is code; bare literals are constants; a string's method call is not a call chain
        'def f():\n    f"""not a docstring"""\n    return 1\n"text"\n42\n...\n("a"\n "b")\n"{}".format(x)\n',
        # one-line call chains on boilerplate names (not subscripts, not operators, not keywords)
        "plt.figure(figsize=(3, 4)).add_subplot(1)\nplt.plot(x)[0]\nplt.plot(x) + 1\nsns.heatmap(d)\nx.plot()\nassert (x)\nplt.plot(\n  x)\n",
        # non-ASCII text before the end of a line: columns are UTF-8 bytes
        "def café(x):\n    return 'é' + x  # ü\n",
        # tabs, a lambda with several parameters in a default
        "def f(a=lambda d, m: d, b=None):\n\tif a:\n\t\treturn b\n",
        # a match statement and a name called match
        "match = 1\nmatch command:\n    case 1:\n        pass\n",
        # found on the standard library and site-packages: a docstring on the header's line, a name that
        # starts with async or lambda, a parameter after a backslash, a statement ending in a backslash
        'def test(): r"""doc\n"""\nclass T:\n    def f(self, a): "doc"; return a\nasyncdef = """x"""\n',
        "def f(lambda_, b=1, \\\n      wireframe=False):\n    assert f(1) \\\n\n    return 2\nx = (1) \\\n\ny = 2\n",
    ],
)
def test_the_text_outline_agrees_with_ast_on_tricky_code(code):
    text, tree = _both(code)
    assert text == tree


def test_statement_kinds():
    statements = outline('import os\npass\n"doc"\nplt.show()\nx = 1\ndef f():\n    pass\nclass A:\n    pass\n', CALLS)
    assert statements is not None
    assert [s.kind for s in statements] == [IMPORT, PASS, CONSTANT, CALL, OTHER, DEF, CLASSDEF]
    assert statements[3].name == "plt"


@pytest.mark.parametrize("code", ["x = '''never closed\n", "x = (1,\n", "x = 1)\n", "s = 'open\n"])
def test_code_whose_strings_or_brackets_do_not_close_has_no_outline(code):
    assert outline(code, CALLS) is None


def test_a_cell_that_does_not_parse_has_the_same_units_whatever_rules_run(tmp_path: Path):
    """Units of a cell with a syntax error come from its text, in a full audit and in --select NBR1 alike."""
    body = "\n".join(f"    total = total + values[{i}] * weights[{i}]" for i in range(8))
    broken = f"def weighted(values, weights):\n    total = 0\n{body}\n    return total\n\nprint 'python 2'\n"
    for name in ("a.py", "b.py"):
        (tmp_path / name).write_text(broken)
    full = audit([tmp_path], root=tmp_path, config=Config(), cache=False)
    only = audit([tmp_path], root=tmp_path, config=Config(select=("NBR1",)), cache=False)
    clones_full = [f for f in full.findings if f.code.startswith("NBR1")]
    assert clones_full and clones_full == list(only.findings)
    assert any(f.code.startswith("NBR9") for f in full.findings)  # the syntax error is still reported


def test_a_full_audit_reads_the_outline_from_its_trees_and_nbr1_alone_never_parses(monkeypatch):
    from nbrefactor.analysis import facts as facts_module
    from nbrefactor.engine.files import analyse_file

    path = NOTEBOOKS / "03_train.ipynb"
    outlined: list[str] = []
    parsed: list[int] = []
    real_outline, real_parse = facts_module.outline, facts_module.parse_cells

    def counting_outline(code, calls):
        outlined.append(code)
        return real_outline(code, calls)

    def counting_parse(cells, limit):
        cells = tuple(cells)
        parsed.append(len(cells))
        return real_parse(cells, limit)

    monkeypatch.setattr(facts_module, "outline", counting_outline)
    monkeypatch.setattr(facts_module, "parse_cells", counting_parse)
    full = analyse_file(str(path), path.name, Config())
    assert parsed and outlined == []  # every cell parsed once; the units reuse the trees
    assert full.payloads["NBR101"]  # and the notebook has clone units

    parsed.clear()
    only = analyse_file(str(path), path.name, Config(select=("NBR1",)))
    assert parsed == [] and outlined  # no parse: the outline is read from the text
    assert only.payloads["NBR101"] == full.payloads["NBR101"]
