"""Reading documents of every kind, with lines mapped back to their cells."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest

from nbrefactor.model import DocumentKind
from nbrefactor.rules.base import notebook_json
from nbrefactor.sources import SourceError, read_document, replace_sources, write_atomic
from nbrefactor.sources.notebook import parse_notebook_text

V3 = {
    "metadata": {"name": ""},
    "nbformat": 3,
    "nbformat_minor": 0,
    "worksheets": [
        {
            "cells": [
                {"cell_type": "heading", "level": 1, "metadata": {}, "source": "Title"},
                {
                    "cell_type": "code",
                    "collapsed": False,
                    "input": "x = 1\nprint(x)",
                    "language": "python",
                    "metadata": {},
                    "outputs": [],
                    "prompt_number": 3,
                },
            ],
            "metadata": {},
        }
    ],
}


def read(path: Path):
    return read_document(path, path.parent)


def test_ipynb_cells_counts_tags_and_magics(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text(notebook_json("md:# Title", ("%matplotlib inline\nimport os", 2), ("files = !ls", 1)))
    doc = read(path)
    assert doc.kind is DocumentKind.NOTEBOOK and doc.relpath == "nb.ipynb"
    assert [c.cell_type for c in doc.cells] == ["markdown", "code", "code"]
    assert [c.execution_count for c in doc.code_cells] == [2, 1]
    assert doc.cells[2].magics[0].binds == "files"
    assert doc.cells[1].code.splitlines() == ["__nbr_magic__('matplotlib', 'inline')", "import os"]
    loc = doc.location(doc.cells[2], 1, 9)
    assert loc.display() == "nb.ipynb:cell 2:1:9" and loc.file_line is None


def test_nbformat_v3_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps(V3))
    doc = read(path)
    assert doc.nbformat == (3, 0)
    code = doc.code_cells[0]
    assert code.source == "x = 1\nprint(x)" and code.execution_count == 3
    assert code.cell_id is None  # nbformat's converter invents random ids; the file has none
    assert read(path) == doc  # so two reads agree


def test_non_python_notebook_is_read_but_marked(tmp_path: Path) -> None:
    path = tmp_path / "r.ipynb"
    path.write_text(notebook_json("x <- 1", language="R"))
    doc = read(path)
    assert doc.language == "r" and not doc.is_python


def test_percent_script_cells_and_file_lines(tmp_path: Path) -> None:
    path = tmp_path / "report.py"
    path.write_text("# %% [markdown]\n# # Report\n\n# %%\nimport os\n\nx = 1\n\n# %%\n%time y = x\n")
    doc = read(path)
    assert doc.kind is DocumentKind.PERCENT
    assert [c.cell_type for c in doc.cells] == ["markdown", "code", "code"]
    code_cell = doc.cells[1]
    assert code_cell.source.startswith("import os")
    assert code_cell.first_line == 5
    assert doc.location(code_cell, 3).file_line == 7
    assert doc.cells[2].code == "y = x" and doc.cells[2].first_line == 10


def test_percent_cells_opening_with_the_same_comment_line_are_located(tmp_path: Path) -> None:
    # scikit-learn's examples: code cells open with a "#" line and prose in comments
    path = tmp_path / "plot_example.py"
    cells = ["#\n# First we load.\nimport numpy as np", "#\n# Then we plot.\n#\nx = np.ones(3)", "#\n# Done.\nprint(x)"]
    path.write_text("".join(f"# %%\n{cell}\n\n\n" for cell in cells))
    doc = read(path)
    assert [c.source for c in doc.cells] == cells
    assert [c.first_line for c in doc.cells] == [2, 8, 15]
    assert doc.location(doc.cells[1], 4).file_line == 11


def test_plain_script_is_one_cell_without_index(tmp_path: Path) -> None:
    path = tmp_path / "tool.py"
    path.write_text("import sys\n\ndef main():\n    return 0\n")
    doc = read(path)
    assert doc.kind is DocumentKind.SCRIPT and len(doc.cells) == 1
    loc = doc.location(doc.cells[0], 3)
    assert loc.cell is None and loc.display() == "tool.py:3:1" and loc.file_line == 3


def test_light_script_with_jupytext_header(tmp_path: Path) -> None:
    header = (
        "# ---\n# jupyter:\n#   jupytext:\n#     text_representation:\n#       extension: .py\n"
        "#       format_name: light\n#   kernelspec:\n#     display_name: Python 3\n"
        "#     language: python\n#     name: python3\n# ---\n\n"
    )
    path = tmp_path / "light.py"
    path.write_text(header + "import os\n\n# A comment cell\n\nx = os.getcwd()\n")
    doc = read(path)
    assert doc.kind is DocumentKind.LIGHT
    assert any("x = os.getcwd()" in c.source for c in doc.code_cells)


def test_myst_notebook(tmp_path: Path) -> None:
    path = tmp_path / "nb.md"
    path.write_text(
        "---\njupytext:\n  text_representation:\n    format_name: myst\nkernelspec:\n  name: python3\n"
        "  display_name: Python 3\n  language: python\n---\n\n# Title\n\n```{code-cell} ipython3\n"
        "import math\nprint(math.pi)\n```\n"
    )
    doc = read(path)
    assert doc.kind is DocumentKind.MARKDOWN
    code = doc.code_cells[0]
    assert code.source == "import math\nprint(math.pi)" and code.first_line == 14


def test_plain_markdown_is_not_a_document(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text("# Hello\n\n```python\nx = 1\n```\n")
    assert read(path) is None


@pytest.mark.parametrize(
    "name, data, kind, line, column",
    [
        ("bad.ipynb", b'{\n "cells": [\n<<<<<<< HEAD\n', "invalid-json", 3, 1),
        ("bad.ipynb", b'{"metadata": {}}', "not-a-notebook", 1, 1),
        ("bad.ipynb", b'{"cells": []}\n\xff', "undecodable", 2, 1),
        ("bad.py", b"x = 1\ny = 'caf\xe9'\n", "undecodable", 2, 9),
    ],
)
def test_bad_input_raises_located_errors(tmp_path: Path, name, data, kind, line, column) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SourceError) as info:
        read(path)
    assert (info.value.kind, info.value.line, info.value.column) == (kind, line, column)


def test_declared_encoding_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "latin.py"
    path.write_bytes("# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n".encode("latin-1"))
    assert "café" in read(path).cells[0].source


def test_schema_violation_is_a_warning_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "loose.ipynb"
    path.write_text(
        '{"cells": [{"cell_type": "code", "metadata": {}, "source": "x = 1", "outputs": []}],'
        ' "metadata": {}, "nbformat": 4, "nbformat_minor": 4}'
    )
    doc = read(path)
    assert doc.code_cells[0].source == "x = 1"
    assert doc.read_warnings and "execution_count" in doc.read_warnings[0]


def _example_notebooks() -> list[Path]:
    from conftest import NOTEBOOKS

    return sorted(NOTEBOOKS.glob("*.ipynb"))


@pytest.mark.parametrize("path", _example_notebooks(), ids=lambda p: p.name)
def test_round_trip_is_byte_identical(path: Path) -> None:
    data = path.read_bytes()
    nbfile = parse_notebook_text(data)
    assert nbfile.exact
    # Rewrite every cell with its own source: each cell is re-encoded and spliced back.
    sources = {i: _source(c) for i, c in enumerate(nbfile.raw["cells"])}
    written = replace_sources(nbfile, sources).dumps()
    assert written.encode("utf-8") == data
    nbformat.validate(nbformat.reads(written, as_version=4))


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


@pytest.mark.parametrize("indent, sort_keys", [(1, True), (2, False), (4, True)])
def test_changing_one_cell_leaves_the_others_byte_identical(tmp_path: Path, indent, sort_keys) -> None:
    nb = json.loads(notebook_json(("a = 1\nb = 2\n", 1), ("print(a)", 2), ("print(b)", 3)))
    nb = {k: nb[k] for k in (sorted(nb) if sort_keys else ["nbformat", "nbformat_minor", "metadata", "cells"])}
    nb["cells"][0]["source"] = ["a = 1\n", "b = 2\n"]  # list-of-lines representation
    original = json.dumps(nb, indent=indent, sort_keys=sort_keys, ensure_ascii=False) + "\n"
    nbfile = parse_notebook_text(original.encode())
    assert nbfile.exact
    changed = replace_sources(nbfile, {1: "print(a + 1)"})
    out_path = tmp_path / "nb.ipynb"
    write_atomic(out_path, changed.dumps().encode())
    written = out_path.read_text()
    before = original.split("\n")
    after = written.split("\n")
    assert len(before) == len(after)
    assert [i for i, (x, y) in enumerate(zip(before, after, strict=True)) if x != y] == [
        next(i for i, line in enumerate(before) if '"print(a)"' in line)
    ]
    reread = json.loads(written)
    assert reread["cells"][0]["source"] == ["a = 1\n", "b = 2\n"]
    nbformat.validate(nbformat.reads(written, as_version=4))


def test_atomic_write_keeps_permissions_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_atomic_write_to_a_pipe_or_device_writes_in_place(tmp_path: Path) -> None:
    """`-o /dev/null` must never replace /dev/null with a regular file."""
    import stat
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    write_atomic(pipe, b"report")
    reader.join(timeout=10)
    assert received == [b"report"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_removing_cells_and_unusual_formatting_keep_other_bytes() -> None:
    nb = json.loads(notebook_json(("a = 1", 1), ("b = 2", 2), ("c = 3", 3)))
    text = json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": nb["cells"]}, indent=3).replace("\n", "\r\n")
    nbfile = parse_notebook_text(text.encode())
    out = replace_sources(nbfile, {2: "c = 4"}, remove=[1]).dumps()
    reread = json.loads(out)
    assert [c["source"] for c in reread["cells"]] == ["a = 1", "c = 4"]
    assert "\n" not in out.replace("\r\n", "")
    assert out.startswith(text[: text.index('"b = 2"') - 200])
    nbformat.validate(nbformat.reads(out, as_version=4))
    emptied = replace_sources(nbfile, {}, remove=[0, 1, 2]).dumps()
    assert json.loads(emptied)["cells"] == []


def test_nbformat_3_notebooks_are_read_only() -> None:
    nbfile = parse_notebook_text(json.dumps(V3).encode())
    with pytest.raises(SourceError, match="read-only"):
        replace_sources(nbfile, {0: "x = 2"})
