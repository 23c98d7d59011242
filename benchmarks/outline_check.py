"""The statement outline read from the text against the one read from ``ast``, on real code.

The clone search reads each cell's statements without parsing it
(:func:`nbrefactor.analysis.outline.outline`); a full audit reads the same outline
from the trees it parsed anyway (:func:`nbrefactor.analysis.outline.from_tree`).
The two must agree on every cell that parses. This reads every notebook, text
notebook and script under the given folders (as the audit reads them), outlines
each code cell that parses both ways, and prints the cells compared, the first
differences (the first statement field that differs) and the CPU time of each.

    PYTHONPATH=src python benchmarks/outline_check.py [folder ...]

Default folders: the real notebooks of ``benchmarks/realnb/fetch.py``, the test
corpus and ``notebooks/``. The standard library and site-packages are good
folders too (``python -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'``).
"""

from __future__ import annotations

import ast
import sys
import time
import warnings
from pathlib import Path
from typing import Any

from nbrefactor.analysis.outline import from_tree, outline
from nbrefactor.sources import SourceError, read_document

REPO = Path(__file__).resolve().parents[1]
DEFAULT = [REPO / "benchmarks" / ".work" / "realnb", REPO / "tests" / "corpus" / "real", REPO / "notebooks"]
SHOWN = 10


class _Every:
    """Every name counts as a boilerplate call root, so that call chains are compared too."""

    def __contains__(self, name: object) -> bool:
        return True


def first_difference(expected: Any, got: Any, path: str = "") -> tuple[str, Any, Any]:
    """Where two outlines first differ: (path of the field, its value from ast, from the text)."""
    if isinstance(expected, tuple) and isinstance(got, tuple) and len(expected) == len(got):
        fields = getattr(expected, "_fields", range(len(expected)))
        for field, a, b in zip(fields, expected, got, strict=True):
            if a != b:
                return first_difference(a, b, f"{path}/{field}")
    return path, expected, got


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [f for f in DEFAULT if f.exists()]
    every = _Every()
    cells = differing = unread = 0
    parse_time = outline_time = 0.0
    warnings.simplefilter("ignore")
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".ipynb", ".py", ".md") or not path.is_file():
                continue
            try:
                document = read_document(path, folder)
            except SourceError:
                unread += 1
                continue
            if document is None or not document.is_python:
                continue
            for cell in document.code_cells:
                start = time.process_time()
                try:
                    tree = ast.parse(cell.code)
                except (SyntaxError, ValueError, RecursionError, MemoryError):
                    continue
                parsed = time.process_time()
                text = outline(cell.code, every)
                outline_time += time.process_time() - parsed
                parse_time += parsed - start
                cells += 1
                expected = from_tree(tree, every)
                if text != expected:
                    differing += 1
                    if differing <= SHOWN:
                        where = first_difference(tuple(expected), tuple(text or ()))
                        print(f"{path}:cell {cell.index}: {where[0]}: ast {where[1]!r}, text {where[2]!r}")
    print(f"{cells} cells that parse ({unread} files unreadable), {differing} outlined differently")
    print(f"CPU: ast.parse {parse_time:.2f} s, outline {outline_time:.2f} s (ratio {outline_time / max(parse_time, 1e-9):.2f})")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
