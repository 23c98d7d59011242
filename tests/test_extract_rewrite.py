"""extract on small real notebooks: what moves, how calls change, what stays and why.

Each rewrite test has a paired no-op test; every notebook written is validated
with nbformat; the module and the notebook are checked as the files on disk.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from conftest import tree_bytes
from nbrefactor import extract
from nbrefactor.refactor import Failed, Skipped, Success
from nbrefactor.rules.base import notebook_json

TRAIN = notebook_json(
    "md:# Train\nSome words.",
    "import torch\nfrom torch import nn",
    "LR = 0.1  # learning rate\nhistory = []",
    "model = nn.Linear(2, 1)\noptimizer = torch.optim.SGD(model.parameters(), lr=LR)",
    "def step(x):\n    # one step\n    optimizer.zero_grad()\n    loss = model(x).sum()\n    history.append(float(loss))\n    return loss\n",
    "%time loss = step(torch.ones(1, 2))\nprint(len(history))",
)


def _project(project, files: dict[str, str]) -> Path:
    return project({"pyproject.toml": '[project]\nname = "demo-pkg"\n', **files})


def _cells(path: Path) -> list[dict]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    nbformat.validate(nb)
    return nb["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_globals_become_keyword_parameters_and_calls_pass_them(project) -> None:
    root = _project(project, {"nb/train.ipynb": TRAIN})
    result = extract([root / "nb" / "train.ipynb"], verify=False)
    assert [type(r) for r in result.results] == [Success]
    module = (root / "src" / "demo_pkg" / "train.py").read_text()
    assert "def step(x, *, optimizer, model, history):\n    # one step\n" in module
    assert "LR = 0.1  # learning rate" not in module  # LR is read by the notebook, not by step
    cells = _cells(root / "nb" / "train.ipynb")
    sources = [_source(c) for c in cells]
    assert "from demo_pkg.train import step" in sources[1]
    assert sources[-1].startswith("%time loss = step(torch.ones(1, 2), optimizer=optimizer, model=model, history=history)\n")
    assert not any("def step" in s for s in sources)
    assert [c["id"] for c in cells] == ["c0", "c1", "c2", "c3", "c5"]  # the emptied cell is removed
    compile(module, "train.py", "exec")


def test_notebook_without_definitions_is_left_alone(project) -> None:
    root = _project(project, {"nb/plain.ipynb": notebook_json("import os", "print(os.sep)")})
    before = tree_bytes(root)
    result = extract([root / "nb"], verify=False)
    assert isinstance(result.results[0], Skipped) and result.results[0].reason == "nothing to extract"
    assert result.exit_code() == 0
    assert tree_bytes(root) == before


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (("def show(x):\n    display(x)\n",), "uses IPython's `display`"),
        (("n = 0", "def bump():\n    global n\n    n += 1\n", "print(bump())"), "not a statement of its own"),
        (("n = 0", "def bump():\n    global n\n    n += 1\n    return n\n", "bump()"), "returns a value"),
        (("a = b = 0", "def two():\n    global a, b\n    a, b = 1, 2\n", "two()"), "rebinds globals `a`, `b`"),
        (("def f():\n    return 1\n", "def f():\n    return 2\n"), "defined twice"),
        (("%%time\ndef f():\n    return 1\n",), "runs under `%%time`"),
        (("def f():\n    return missing_name\n",), "never defines"),
        (("x = list(range(3))", "def f(k):\n    return x[k]\n", "list(map(f, [0]))"), "used without being called"),
        (("def g(a):\n    return a\n", "def g(a):\n    return a\n", "def h():\n    return g(1)\n"), "calls `g`"),
        (("from helpers_local import thing", "def f():\n    return thing()\n"), "beside the notebook"),
        (("try:\n    import ujson as json\nexcept ImportError:\n    import json", "def f():\n    return json.dumps(1)\n"), "inside a block"),
        (("def f():\n    return 1\n", "@f\ndef g():\n    return 2\n", "dec = f", "@dec\ndef h():\n    pass\n"), "decorators, defaults or annotations"),
        (("x = int('1')", "def k(x):\n    return use(x)\n", "def use(y):\n    return y + x\n"), "has its own `x`"),
        (("%run setup.py", "def f():\n    return 1\n"), "names nobody can see"),
    ],
)
def test_definitions_that_cannot_move_stay_with_a_reason(project, cells, reason) -> None:
    root = _project(project, {"nb/n.ipynb": notebook_json(*cells), "nb/helpers_local.py": "def thing():\n    return 1\n"})
    result = extract([root / "nb" / "n.ipynb"], verify=False)
    item = result.results[0]
    kept = item.kept if isinstance(item, Skipped) else item.plan.kept
    assert any(reason in k.reason for k in kept), [k.reason for k in kept]


def test_moved_code_keeps_comments_decorators_docstrings_and_hints(project) -> None:
    code = (
        "# cache the slow part\n"
        "@functools.lru_cache(maxsize=None)\n"
        "def area(r: float) -> float:\n"
        '    """Area of a circle."""\n'
        "    return math.pi * r ** 2  # pi r squared\n"
    )
    root = _project(project, {"nb/geo.ipynb": notebook_json("import functools\nimport math", code, "area(2.0)")})
    extract([root / "nb" / "geo.ipynb"], verify=False)
    module = (root / "src" / "demo_pkg" / "geo.py").read_text()
    assert code.rstrip("\n") in module
    assert "import functools\nimport math\n" in module
    assert [_source(c) for c in _cells(root / "nb" / "geo.ipynb")] == ["import functools\nimport math\nfrom demo_pkg.geo import area", "area(2.0)"]


def test_markdown_outputs_metadata_and_untouched_cells_keep_their_bytes(project) -> None:
    nb = json.loads(TRAIN)
    nb["cells"][3]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["ok\n"]}]
    nb["cells"][3]["execution_count"] = 3
    nb["metadata"]["custom"] = {"kept": True}
    root = _project(project, {"nb/train.ipynb": json.dumps(nb, indent=2)})
    before = (root / "nb" / "train.ipynb").read_text()
    extract([root / "nb" / "train.ipynb"], verify=False)
    after = (root / "nb" / "train.ipynb").read_text()
    cells = _cells(root / "nb" / "train.ipynb")
    assert cells[0] == nb["cells"][0] and cells[3] == nb["cells"][3]
    assert json.loads(after)["metadata"] == nb["metadata"]
    for unchanged in (0, 2, 3):
        text = json.dumps(nb["cells"][unchanged], indent=2).replace("\n", "\n    ")
        assert text in before and text in after


def test_copies_in_two_notebooks_end_up_once_in_the_package(project) -> None:
    helper = "def clean(names):\n    return [n.strip().lower() for n in names]\n"
    renamed = "def clean(names):\n    # same helper, other comments\n    return [x.strip().lower() for x in names]\n"
    root = _project(
        project,
        {
            "nb/a.ipynb": notebook_json(helper, "clean([' A'])"),
            "nb/b.ipynb": notebook_json(renamed, "clean(['B '])"),
        },
    )
    result = extract([root / "nb"], verify=False)
    assert [type(r) for r in result.results] == [Success, Success]
    package = root / "src" / "demo_pkg"
    assert sum(p.read_text().count("def clean(") for p in package.glob("*.py")) == 1
    assert not (package / "b.py").exists()
    assert "from demo_pkg.a import clean" in _source(_cells(root / "nb" / "b.ipynb")[0])


def test_copies_that_drifted_are_reported_not_merged(project) -> None:
    a = (
        "def summary(rows):\n    total = sum(r['n'] for r in rows)\n    seen = sorted({r['k'] for r in rows})\n"
        "    mean = total / max(len(rows), 1)\n    return {'total': total, 'keys': seen, 'mean': mean}\n"
    )
    b = a.replace("    mean =", "    rows = [r for r in rows if r['n'] > 0]\n    mean =")
    root = _project(project, {"nb/a.ipynb": notebook_json(a), "nb/b.ipynb": notebook_json(b)})
    result = extract([root / "nb"], verify=False)
    second = result.results[1]
    assert isinstance(second, Success)
    (note,) = second.plan.notes
    assert note.other == "nb/a.ipynb:cell 0:1" and "added" in note.summary and note.diff.startswith("--- nb/a.ipynb")
    assert "def summary" in (root / "src" / "demo_pkg" / "b.py").read_text()


def test_a_copy_already_in_the_package_is_imported(project) -> None:
    helper = "def clean(names):\n    return [n.strip().lower() for n in names]\n"
    root = _project(project, {"src/demo_pkg/__init__.py": "", "src/demo_pkg/text.py": helper, "nb/a.ipynb": notebook_json(helper, "clean([' A'])")})
    result = extract([root / "nb"], verify=False)
    assert isinstance(result.results[0], Success)
    assert "from demo_pkg.text import clean" in _source(_cells(root / "nb" / "a.ipynb")[0])
    assert not (root / "src" / "demo_pkg" / "a.py").exists()


def test_second_run_changes_nothing(project) -> None:
    root = _project(project, {"nb/train.ipynb": TRAIN})
    extract([root / "nb"], verify=False)
    first = tree_bytes(root)
    again = extract([root / "nb"], verify=False)
    assert tree_bytes(root) == first
    assert all(isinstance(r, Skipped) and r.benign for r in again.results)


def test_dry_run_writes_nothing_and_shows_the_diffs(project) -> None:
    root = _project(project, {"nb/train.ipynb": TRAIN})
    before = tree_bytes(root)
    result = extract([root / "nb"], dry_run=True)
    assert tree_bytes(root) == before
    diff = result.results[0].diff
    assert "+++ b/src/demo_pkg/train.py" in diff and "+++ b/tests/test_train.py" in diff
    assert "-def step(x):" in diff and "+++ b/nb/train.ipynb" in diff


def test_refuses_a_module_it_did_not_create_unless_forced(project) -> None:
    root = _project(project, {"nb/train.ipynb": TRAIN, "src/demo_pkg/train.py": "VALUE = 1\n"})
    before = tree_bytes(root)
    result = extract([root / "nb"], verify=False)
    assert isinstance(result.results[0], Skipped) and "not created by nbrefactor" in result.results[0].reason
    assert result.exit_code() == 1 and tree_bytes(root) == before
    forced = extract([root / "nb"], force=True, verify=False)
    assert isinstance(forced.results[0], Success)
    text = (root / "src" / "demo_pkg" / "train.py").read_text()
    assert text.startswith("VALUE = 1\n") and "def step(" in text


def test_a_name_defined_differently_in_the_module_fails_without_writing(project) -> None:
    root = _project(project, {"nb/train.ipynb": TRAIN, "src/demo_pkg/train.py": "# Generated by nbrefactor extract\ndef step():\n    pass\n"})
    before = tree_bytes(root)
    result = extract([root / "nb"], verify=False)
    assert isinstance(result.results[0], Failed) and "already defined differently" in result.results[0].error
    assert tree_bytes(root) == before


def test_backup_keeps_the_originals(project) -> None:
    root = _project(project, {"nb/train.ipynb": TRAIN})
    result = extract([root / "nb"], backup=True, verify=False)
    assert (root / "nb" / "train.ipynb.bak").read_text() == TRAIN
    assert [Path(b).name for b in result.results[0].backups] == ["train.ipynb.bak"]


def test_no_backup_without_the_option(project) -> None:
    root = _project(project, {"nb/train.ipynb": TRAIN})
    extract([root / "nb"], verify=False)
    assert not list(root.rglob("*.bak"))


PERCENT = '''# %% [markdown]
# A report

# %%
import json

# %%
metrics = json.loads('{"f1": 0.5}')


# %%
def fmt(name):
    return f"{name}: {metrics[name]}"


# %%
print(fmt("f1"))
'''


def test_percent_script_is_rewritten_line_for_line(project) -> None:
    root = _project(project, {"nb/report.py": PERCENT})
    result = extract([root / "nb" / "report.py"], verify=False)
    assert isinstance(result.results[0], Success)
    text = (root / "nb" / "report.py").read_text()
    assert text == PERCENT.replace("import json\n", "import json\nfrom demo_pkg.report import fmt\n").replace(
        '# %%\ndef fmt(name):\n    return f"{name}: {metrics[name]}"\n\n\n', ""
    ).replace('print(fmt("f1"))', 'print(fmt("f1", metrics=metrics))')
    assert "def fmt(name, *, metrics):" in (root / "src" / "demo_pkg" / "report.py").read_text()


def test_percent_script_without_definitions_is_left_alone(project) -> None:
    root = _project(project, {"nb/report.py": "# %%\nimport json\n\n# %%\nprint(json.dumps(1))\n"})
    before = tree_bytes(root)
    assert isinstance(extract([root / "nb"], verify=False).results[0], Skipped)
    assert tree_bytes(root) == before


def test_recursive_and_nested_calls_pass_parameters_on(project) -> None:
    cells = (
        "scale = int('3')",
        "def times(x):\n    return x * scale\n",
        "def total(xs):\n    if not xs:\n        return 0\n    return times(xs[0]) + total(xs[1:])\n",
        "total([1, 2])",
    )
    root = _project(project, {"nb/calc.ipynb": notebook_json(*cells)})
    extract([root / "nb"], verify=False)
    module = (root / "src" / "demo_pkg" / "calc.py").read_text()
    assert "def total(xs, *, scale):" in module
    assert "return times(xs[0], scale=scale) + total(xs[1:], scale=scale)" in module
    assert _source(_cells(root / "nb" / "calc.ipynb")[-1]) == "total([1, 2], scale=scale)"
    namespace: dict = {}
    exec(compile(module, "calc.py", "exec"), namespace)
    assert namespace["total"]([1, 2], scale=3) == 9


def test_a_rebound_global_is_returned_and_assigned_back(project) -> None:
    cells = ("n = int('0')", "def bump(step):\n    global n\n    if step:\n        n += step\n", "bump(2)\nbump(0)\nbump(3)")
    root = _project(project, {"nb/count.ipynb": notebook_json(*cells)})
    extract([root / "nb"], verify=False)
    module = (root / "src" / "demo_pkg" / "count.py").read_text()
    assert "def bump(step, *, n):\n    if step:\n        n += step\n    return n\n" in module
    assert "global" not in module
    rewritten = [_source(c) for c in _cells(root / "nb" / "count.ipynb")]
    assert rewritten[-1] == "n = bump(2, n=n)\nn = bump(0, n=n)\nn = bump(3, n=n)"
    namespace: dict = {}
    exec(compile(module, "count.py", "exec"), namespace)
    exec("\n".join(c for c in rewritten if not c.startswith("from")), namespace)
    assert namespace["n"] == 5


def test_when_the_notebook_holding_a_shared_helper_fails_the_others_write_their_own(project) -> None:
    helper = "def clean(names):\n    return [n.strip().lower() for n in names]\n"
    root = _project(
        project,
        {
            "src/demo_pkg/__init__.py": "",
            "src/demo_pkg/a.py": "# Generated by nbrefactor extract\ndef clean():\n    return 0\n",
            "nb/a.ipynb": notebook_json(helper, "clean([' A'])"),
            "nb/b.ipynb": notebook_json(helper, "clean(['B '])"),
        },
    )
    result = extract([root / "nb"], verify=False)
    assert [type(r) for r in result.results] == [Failed, Success]
    assert "def clean(names):" in (root / "src" / "demo_pkg" / "b.py").read_text()
    assert "from demo_pkg.b import clean" in _source(_cells(root / "nb" / "b.ipynb")[0])


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (('"""Shown if it became the last line."""\ndef f():\n    return 1\n', "f()"), "would become the cell's result"),
        (("class Note:\n    def __init__(self, text):\n        self.text = text\n", "Note('hi')"), "default repr"),
    ],
)
def test_definitions_whose_removal_would_change_a_displayed_output_stay(project, cells, reason) -> None:
    root = _project(project, {"nb/n.ipynb": notebook_json(*cells)})
    before = tree_bytes(root)
    item = extract([root / "nb" / "n.ipynb"], verify=False).results[0]
    assert isinstance(item, Skipped) and any(reason in k.reason for k in item.kept)
    assert tree_bytes(root) == before


def test_a_class_with_its_own_repr_or_a_result_that_stays_last_moves(project) -> None:
    cells = ("class Note:\n    def __repr__(self):\n        return 'Note'\n", "x = 1\ndef f():\n    return 1\n", "Note()")
    root = _project(project, {"nb/n.ipynb": notebook_json(*cells)})
    item = extract([root / "nb" / "n.ipynb"], verify=False).results[0]
    assert isinstance(item, Success) and {m.name for m in item.plan.moved} == {"Note", "f"}


def test_a_renamed_copy_is_imported_under_its_own_name(project) -> None:
    a = "def clean(names):\n    return [n.strip().lower() for n in names if n]\n"
    b = "def tidy(names):\n    return [n.strip().lower() for n in names if n]\n"
    root = _project(project, {"nb/a.ipynb": notebook_json(a, "clean([' A'])"), "nb/b.ipynb": notebook_json(b, "tidy(['B '])")})
    result = extract([root / "nb"], verify=False)
    assert [type(r) for r in result.results] == [Success, Success]
    assert "from demo_pkg.a import clean as tidy" in _source(_cells(root / "nb" / "b.ipynb")[0])
    assert not (root / "src" / "demo_pkg" / "b.py").exists()


def test_every_generated_call_test_asserts_on_what_the_call_returns(project) -> None:
    cells = (
        "import random",
        "def seed(n):\n    random.seed(n)\n",  # returns nothing
        "def double(x):\n    return 2 * x\n",  # always a value
        "def half(x):\n    if x:\n        return x / 2\n",  # None on some paths
        "def count(n):\n    for i in range(n):\n        yield i\n",  # a generator: a call runs nothing
        "seed(1)\nprint(double(2), half(4), list(count(3)))",
    )
    root = _project(project, {"nb/calc.ipynb": notebook_json(*cells)})
    extract([root / "nb" / "calc.ipynb"], verify=False)
    tests = (root / "tests" / "test_calc.py").read_text()
    assert "    result = seed(1)\n    assert result is None\n" in tests
    assert "    result = double(2)\n    assert result is not None\n" in tests
    assert "half(4)" not in tests and "count(3)" not in tests, "no test that cannot check what it calls"
    assert "def test_half_is_importable" in tests and "def test_count_is_importable" in tests


def test_config_magic_binds_no_name(project) -> None:
    """``%config InlineBackend.figure_format = 'retina'`` (44 of the real notebooks) configures
    IPython; it used to make every definition of the notebook stay."""
    cells = ("%config InlineBackend.figure_format = 'retina'\nimport math", "def area(r):\n    return math.pi * r ** 2\n", "area(2.0)")
    root = _project(project, {"nb/geo.ipynb": notebook_json(*cells)})
    result = extract([root / "nb" / "geo.ipynb"], verify=False)
    assert isinstance(result.results[0], Success), result.results[0]
    assert "def area(r):" in (root / "src" / "demo_pkg" / "geo.py").read_text()
    assert [_source(c) for c in _cells(root / "nb" / "geo.ipynb")][0].startswith("%config InlineBackend.figure_format = 'retina'\n")


def test_a_star_import_is_repeated_in_the_module(project) -> None:
    """``from math import *`` (``from pylab import *`` in 27 of the real notebooks): the names a
    moved function reads from it resolve the same way in the module, which repeats it in order."""
    cells = (
        "import os\nfrom math import *\nfrom math import tau",
        "def circle(r):\n    return pi * r ** 2 + floor(tau)\n",
        "print(circle(1.0), sqrt(4))",
    )
    root = _project(project, {"nb/geo.ipynb": notebook_json(*cells)})
    result = extract([root / "nb" / "geo.ipynb"], verify=False)
    assert isinstance(result.results[0], Success), result.results[0]
    module = (root / "src" / "demo_pkg" / "geo.py").read_text()
    assert "from math import *\nfrom math import tau\n" in module and "import os" not in module
    assert "def circle(r):" in module and "circle(r, *" not in module, "pi and floor are not parameters"
    assert _source(_cells(root / "nb" / "geo.ipynb")[0]).startswith("import os\nfrom math import *\n"), "the notebook keeps it"
    namespace: dict[str, object] = {}
    exec(compile(module, "geo.py", "exec"), namespace)
    assert namespace["circle"](1.0) == 3.141592653589793 + 6  # type: ignore[operator]


def test_a_star_import_from_beside_the_notebook_keeps_definitions(project) -> None:
    cells = ("from helpers_local import *", "def f():\n    return thing()\n")
    root = _project(project, {"nb/n.ipynb": notebook_json(*cells), "nb/helpers_local.py": "def thing():\n    return 1\n"})
    item = extract([root / "nb" / "n.ipynb"], verify=False).results[0]
    assert isinstance(item, Skipped) and "names nobody can see" in item.kept[0].reason


def test_a_copy_is_reused_only_under_the_same_star_imports(project) -> None:
    """After ``from numpy import *``, ``sum`` is numpy's: the copy in a notebook without that
    import is not the same function."""
    helper = "def total(values):\n    return sum(values) * 2\n"
    root = _project(
        project,
        {
            "nb/a.ipynb": notebook_json(helper, "total([1, 2])"),
            "nb/b.ipynb": notebook_json("from math import *", helper, "total([3])"),
            "nb/c.ipynb": notebook_json("from math import *", helper, "total([4])"),
        },
    )
    result = extract([root / "nb"], verify=False)
    assert [type(r) for r in result.results] == [Success, Success, Success]
    package = root / "src" / "demo_pkg"
    assert (package / "a.py").read_text().count("def total(") == 1
    assert "from math import *" in (package / "b.py").read_text() and "def total(" in (package / "b.py").read_text()
    assert not (package / "c.py").exists(), "c has the same star imports as b: it reuses b's copy"
    assert "from demo_pkg.b import total" in "\n".join(_source(c) for c in _cells(root / "nb" / "c.ipynb"))
