"""IPython syntax becomes analysable Python on the same lines."""

from __future__ import annotations

import ast

import pytest

from nbrefactor.sources.ipython import transform_cell


def _check(source: str) -> tuple[str, list]:
    result = transform_cell(source)
    assert len(result.code.split("\n")) == len(source.split("\n")), "line count must be kept"
    ast.parse(result.code)
    return result.code, result.magics


@pytest.mark.parametrize(
    "source, expected",
    [
        ("%matplotlib inline", "__nbr_magic__('matplotlib', 'inline')"),
        ("!pip install torch", "__nbr_shell__('pip install torch')"),
        ("files = !ls data", "files = __nbr_shell__('ls data')"),
        ("a, b = !echo 1 2", "a, b = __nbr_shell__('echo 1 2')"),
        ("%time y = f(x)", "y = f(x)"),
        ("%timeit -n 10 -r 2 g(y)", "g(y)"),
        ("t = %timeit -o g(y)", "t = g(y)"),
        ("out = %sx ls", "out = __nbr_magic__('sx', 'ls')"),
        ("df.head?", "__nbr_help__(df.head)"),
        ("??np.mean", "__nbr_help__(np.mean)"),
        ("%run helpers.py", "__nbr_magic__('run', 'helpers.py')"),
        ("pip install numpy", "__nbr_magic__('pip', 'install numpy')"),
        ("x = 5 % 3", "x = 5 % 3"),
        ("if ok:\n    !echo yes", "if ok:\n    __nbr_shell__('echo yes')"),
    ],
)
def test_line_syntax(source: str, expected: str) -> None:
    code, _ = _check(source)
    assert code == expected


def test_shell_assignment_binds_the_name() -> None:
    _, magics = _check("files = !ls data")
    assert [(m.kind, m.binds, m.args) for m in magics] == [("shell", "files", "ls data")]


def test_python_bodied_cell_magics_are_analysed() -> None:
    code, magics = _check("%%time\nfor i in range(3):\n    total = i\n")
    assert code.splitlines()[1:] == ["for i in range(3):", "    total = i"]
    assert magics[0].python_body and magics[0].name == "time"


def test_capture_binds_its_variable() -> None:
    code, magics = _check("%%capture --no-stderr captured\nprint(1)")
    assert code.startswith("captured = __nbr_cell_magic__(")
    assert magics[0].binds == "captured"


def test_other_cell_magics_keep_no_body() -> None:
    code, magics = _check("%%bash\nfor f in *; do echo $f; done\nls")
    assert code == "__nbr_cell_magic__('bash')\n\n"
    assert not magics[0].python_body


def test_magic_lookalikes_inside_strings_and_brackets_are_left_alone() -> None:
    source = "s = '''\n%notmagic\n!notshell\n'''\nw = (1,\n    2)\nq = x != y"
    code, magics = _check(source)
    assert code == source
    assert magics == []


def test_continued_magic_lines_keep_the_line_count() -> None:
    code, magics = _check("!pip install \\\n    torch\nx = 1")
    assert code == "__nbr_shell__('pip install torch')\n\nx = 1"
    assert magics[0].args == "pip install torch"


def test_leading_blank_lines_before_a_cell_magic() -> None:
    code, magics = _check("\n%%time\nx = 1")
    assert code == "\n__nbr_cell_magic__('time')\nx = 1"


@pytest.mark.parametrize(
    "source, expected",
    [
        ("?", "__nbr_help__()"),
        ("*int*?", "__nbr_help__()"),
        ("ls nbpackage", "__nbr_magic__('ls', 'nbpackage')"),
        ("cd ..", "__nbr_magic__('cd', '..')"),
        ("ls = [1]", "ls = [1]"),
        ("env = (\n    os.environ\n)", "env = (\n    os.environ\n)"),
        ("history += [\n    1]", "history += [\n    1]"),
        (">>> a, b = 0, 1\n>>> while b < 10:\n...     b += a", "a, b = 0, 1\nwhile b < 10:\n    b += a"),
        ("In [1]: for i in range(3):\n   ...:     print(i)", "for i in range(3):\n    print(i)"),
        ("x = 1  # really?", "x = 1  # really?"),
    ],
)
def test_help_automagic_and_prompts(source: str, expected: str) -> None:
    code, _ = _check(source)
    assert code == expected


def test_the_fast_path_never_skips_ipython_syntax() -> None:
    """Every code cell of the example project and the corpus: when the cheap test calls a
    cell plain Python, the full rewrite must leave it unchanged."""
    from conftest import real_documents
    from nbrefactor.sources.ipython import _plain_python, _transform

    cells = plain = 0
    for path, doc in real_documents():
        for cell in doc.code_cells:
            text = cell.source.replace("\r\n", "\n").replace("\r", "\n")
            cells += 1
            if _plain_python(text):
                plain += 1
                assert _transform(text, every_line=True).code == text, (path, cell.index)
    assert cells > 3000 and plain > cells // 2

