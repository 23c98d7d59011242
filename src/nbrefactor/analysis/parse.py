"""Each code cell parsed once, with the standard library's ``ast``.

``ast`` reads several times faster than libcst; libcst is used only where
concrete syntax matters (rewriting code in :mod:`nbrefactor.refactor`).
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from nbrefactor.model import Cell


@dataclass(frozen=True)
class ParseProblem:
    """Why a cell was not analysed: a syntax error, or the cell is too large."""

    kind: str  # "syntax" | "too-large"
    message: str
    line: int = 1
    column: int = 1


class ParsedCell(NamedTuple):
    """A code cell and its syntax tree (``tree`` is None when ``problem`` is set).

    A named tuple (one per code cell of every document): cheaper to make than a frozen dataclass.
    """

    cell: Cell
    tree: ast.Module | None
    problem: ParseProblem | None = None


def parse_cells(cells: Iterable[Cell], max_bytes: int) -> tuple[ParsedCell, ...]:
    """:func:`parse_cell` for each cell, with the parser's warnings silenced once for all of them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tuple(_parse(cell, max_bytes) for cell in cells)


def parse_cell(cell: Cell, max_bytes: int) -> ParsedCell:
    """Parse a code cell's analysable Python (IPython syntax already rewritten)."""
    return parse_cells((cell,), max_bytes)[0]


def too_large(code: str, max_bytes: int) -> ParseProblem | None:
    """The problem of a cell over ``max_bytes`` of UTF-8 (not analysed), else None."""
    if len(code) * 4 <= max_bytes:  # it fits: UTF-8 takes at most 4 bytes a character
        return None
    size = len(code.encode("utf-8", "surrogatepass"))
    if size <= max_bytes:
        return None
    return ParseProblem("too-large", f"cell is {size / 1024:.0f} KiB, over the {max_bytes // 1024} KiB limit (setting max-cell-kb)")


def _parse(cell: Cell, max_bytes: int) -> ParsedCell:
    code = cell.code
    problem = too_large(code, max_bytes)
    if problem is not None:
        return ParsedCell(cell, None, problem)
    try:
        tree = ast.parse(code, type_comments=False)  # warnings silenced by parse_cells
    except SyntaxError as exc:
        message = exc.msg or "invalid syntax"
        return ParsedCell(cell, None, ParseProblem("syntax", message, exc.lineno or 1, exc.offset or 1))
    except (ValueError, RecursionError, MemoryError) as exc:
        return ParsedCell(cell, None, ParseProblem("syntax", f"cannot parse: {type(exc).__name__}: {exc}"))
    return ParsedCell(cell, tree)
