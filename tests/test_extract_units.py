"""The pieces of extract on their own: names, layout, text edits, module merging, signatures."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from nbrefactor.errors import NbrefactorError
from nbrefactor.refactor.edits import apply_insertions, keyword_insertion, map_column, rewrite_lines
from nbrefactor.refactor.layout import identifier, module_name, resolve_layout
from nbrefactor.refactor.render import ConflictError, add_params, merge_python


@pytest.mark.parametrize(
    ("text", "expected"),
    [("03_train", "train"), ("My Notebook (v2)", "my_notebook_v2"), ("class", "class_"), ("2024", "nb"), ("données", "données")],
)
def test_identifiers_are_valid_python_names(text: str, expected: str) -> None:
    assert identifier(text, fallback="nb") == expected
    assert expected.isidentifier()


def test_module_name_from_the_stem_or_checked_when_given() -> None:
    assert module_name(Path("nb/01_data-prep.ipynb"), None) == "data_prep"
    assert module_name(Path("x.ipynb"), "helpers") == "helpers"
    with pytest.raises(NbrefactorError):
        module_name(Path("x.ipynb"), "not valid")


def test_layout_defaults_to_src_and_the_project_name(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "Pump-Faults"\n')
    (tmp_path / "nb").mkdir()
    layout = resolve_layout([tmp_path / "nb" / "a.ipynb"], None)
    assert layout.package_dir == tmp_path / "src" / "pump_faults"
    assert layout.module_path("a") == tmp_path / "src" / "pump_faults" / "a.py"
    assert layout.test_path("a") == tmp_path / "tests" / "test_a.py"
    assert "PYTHONPATH=src" in layout.import_hint()


def test_layout_refuses_targets_outside_the_root(tmp_path: Path) -> None:
    (tmp_path / "proj" / "nb").mkdir(parents=True)
    (tmp_path / "proj" / "pyproject.toml").write_text("")
    with pytest.raises(NbrefactorError, match="outside the project root"):
        resolve_layout([tmp_path / "proj" / "nb" / "a.ipynb"], "../escape")
    with pytest.raises(NbrefactorError, match="outside the project root"):
        resolve_layout([tmp_path / "other.ipynb"], None, root=tmp_path / "proj")


def test_columns_map_from_analysed_code_to_ipython_source() -> None:
    assert map_column("%time x = f(a)", "x = f(a)", 7) == 13
    assert map_column("x = f(a)", "x = f(a)", 7) == 7
    assert map_column("!ls", "__nbr_shell__('ls')", 5) is None


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("f()", "f(a=a)"),
        ("f(x)", "f(x, a=a)"),
        ("f(x,)", "f(x, a=a,)"),
        ("f(\n    x,  # why\n)", "f(\n    x, a=a,  # why\n)"),
        ("f(*args, **kw)", "f(*args, **kw, a=a)"),
        ("f('é', y=1)", "f('é', y=1, a=a)"),
    ],
)
def test_keywords_are_added_after_the_last_argument(call: str, expected: str) -> None:
    lines = call.split("\n")
    node = ast.parse(call).body[0].value  # type: ignore[attr-defined]
    insertion = keyword_insertion(lines, node, ["a"])
    assert insertion is not None
    assert "\n".join(apply_insertions(lines, [insertion])) == expected
    compile(expected, "<call>", "eval")


def test_a_bare_generator_argument_cannot_take_keywords() -> None:
    node = ast.parse("f(x for x in y)").body[0].value  # type: ignore[attr-defined]
    assert keyword_insertion(["f(x for x in y)"], node, ["a"]) is None


def test_removed_lines_take_their_trailing_blank_lines_with_them() -> None:
    lines = ["import os", "def f():", "    pass", "", "", "f()"]
    assert rewrite_lines(lines, [(2, 3)], (1, "from m import f")) == ["import os", "from m import f", "f()"]
    assert rewrite_lines(lines, []) == lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("def f(x):\n    return x", "def f(x, *, a, b):\n    return x"),
        ("def f(x, *, k=1):\n    return x", "def f(x, *, k=1, a, b):\n    return x"),
        ("def f(*args, **kw):\n    return args", "def f(*args, a, b, **kw):\n    return args"),
        ("async def f(\n    x,  # the input\n) -> int:\n    return x", "async def f(\n    x,  # the input\n*, a, b) -> int:\n    return x"),
    ],
)
def test_parameters_are_added_keyword_only(text: str, expected: str) -> None:
    assert add_params(text, ["a", "b"]) == expected
    compile(expected, "<def>", "exec")


def test_merging_adds_only_what_is_missing_and_refuses_conflicts() -> None:
    base = '"""Doc."""\n\nimport os\n\n\ndef f():\n    return os.sep\n'
    merged = merge_python(base, ["import os", "import re"], [("f", "def f():\n    return os.sep"), ("g", "def g():\n    return re")])
    assert merged == '"""Doc."""\n\nimport os\nimport re\n\n\ndef f():\n    return os.sep\n\n\ndef g():\n    return re\n'
    assert merge_python(merged, ["import re"], [("g", "def g():\n    return re")]) == merged
    with pytest.raises(ConflictError):
        merge_python(merged, [], [("g", "def g():\n    return 1")])
