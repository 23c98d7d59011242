"""Large and hostile inputs: bounded memory, clear located messages, the batch goes on."""

from __future__ import annotations

import base64
import json
import os
import tracemalloc

import pytest

from nbrefactor import audit
from nbrefactor.rules.base import notebook_json


def _image_notebook(cells: int, image_bytes: int) -> str:
    payload = base64.b64encode(os.urandom(image_bytes)).decode()
    nb = json.loads(notebook_json(*[(f"x{i} = {i}", i + 1) for i in range(cells)]))
    for cell in nb["cells"]:
        cell["outputs"] = [{"output_type": "display_data", "data": {"image/png": payload, "text/plain": "<Figure>"}, "metadata": {}}]
    return json.dumps(nb, indent=1)


def _peak_during(func):
    tracemalloc.start()
    try:
        result = func()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("cells, image_bytes", [(40, 960_000), (1, 6_000_000)], ids=["50MB-notebook", "one-huge-image"])
def test_notebooks_with_megabytes_of_output_use_bounded_memory(project, cells, image_bytes) -> None:
    root = project({"big.ipynb": _image_notebook(cells, image_bytes), "bad.ipynb": "{"})
    size = (root / "big.ipynb").stat().st_size
    result, peak = _peak_during(lambda: audit([root], root=root, cache=False, jobs=1))
    assert [f.code for f in result.findings] == ["NBR902"], "the big notebook is read; the broken one reported"
    assert [f.code_cells for f in result.files if f.relpath == "big.ipynb"] == [cells]
    assert peak < 4 * size + 20 * 2**20, f"peak {peak / 2**20:.0f} MiB for a {size / 2**20:.0f} MiB file"


def test_files_over_the_limit_are_reported_not_read(project) -> None:
    root = project({"pyproject.toml": "[tool.nbrefactor]\nmax-file-size-mb = 1\n", "big.ipynb": _image_notebook(2, 800_000), "ok.py": "x = 1\n"})
    result = audit([root], root=root, cache=False, jobs=1)
    (finding,) = result.findings
    assert finding.code == "NBR904" and finding.location.path == "big.ipynb"
    assert "over the 1 MiB limit" in finding.message
    assert result.exit_code() == 2


def test_huge_code_cell_is_skipped_with_a_finding(project) -> None:
    big = "data = [\n" + "    1.0,\n" * 120_000 + "]\n"
    root = project({"nb.ipynb": notebook_json(("import os", 1), (big, 2), ("print 'x'", 3))})
    result = audit([root], root=root, cache=False, jobs=1)
    assert [(f.code, f.location.cell) for f in result.findings] == [("NBR906", 1), ("NBR905", 2)]


@pytest.mark.parametrize(
    "name, content, code, where",
    [
        ("merge.ipynb", '{\n "cells": [\n<<<<<<< HEAD\n', "NBR902", "merge.ipynb:3:1"),
        ("latin.py", "s = 'caf\xe9'\n".encode("latin-1"), "NBR901", "latin.py:1:9"),
        ("binary.ipynb", b"\x89PNG\r\n\x1a\n\x00\x00", "NBR901", "binary.ipynb:1:1"),
        ("list.ipynb", "[1, 2]", "NBR902", "list.ipynb:1:1"),
        ("py2.py", "print 'hello'\n", "NBR905", "py2.py:1:1"),
    ],
)
def test_each_bad_input_is_located_and_the_batch_goes_on(project, name, content, code, where) -> None:
    root = project({name: content, "fine.ipynb": notebook_json(("y = 2", 2), ("x = 1", 1))})
    result = audit([root], root=root, cache=False, jobs=1)
    assert sorted((f.code, f.location.display()) for f in result.findings) == sorted(
        [(code, where), ("NBR301", "fine.ipynb:cell 0:1:1")]
    )
