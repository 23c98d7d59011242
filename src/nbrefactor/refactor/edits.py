"""Text edits on a cell's source, placed by positions found on its analysable code.

Analysis reads ``Cell.code`` (IPython syntax rewritten line for line); edits
are made on ``Cell.source``, so no sentinel ever reaches a notebook. A line
that is plain Python is the same in both; on a line of IPython syntax
(``%time x = f()``) the Python statement is found inside the source line and
the column shifted; where it cannot be found, the edit is refused.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass(frozen=True)
class Insertion:
    """Insert ``text`` before character ``column`` (0-based) of line ``line`` (1-based)."""

    line: int
    column: int
    text: str


def char_column(line: str, byte_column: int) -> int:
    """The character offset of an ``ast`` column (which counts UTF-8 bytes)."""
    return len(line.encode("utf-8")[:byte_column].decode("utf-8", errors="ignore"))


def map_column(source_line: str, code_line: str, column: int) -> int | None:
    """Where character ``column`` of ``code_line`` is in ``source_line``, or None."""
    if source_line == code_line:
        return column
    indent = len(code_line) - len(code_line.lstrip())
    stripped = code_line.strip()
    found = source_line.find(stripped) if stripped else -1
    if found < 0 or source_line.find(stripped, found + 1) >= 0:
        return None
    return column - indent + found


def keyword_insertion(code_lines: Sequence[str], call: ast.Call, names: Sequence[str]) -> Insertion | None:
    """The edit that passes ``name=name`` for each of ``names`` to ``call`` (code coordinates).

    The keywords go right after the last argument (so trailing commas and
    comments stay where they were), or inside the empty parentheses. None when
    the call cannot take them (a bare generator argument).
    """
    if any(isinstance(a, ast.GeneratorExp) for a in call.args) or call.end_lineno is None:
        return None
    text = ", ".join(f"{n}={n}" for n in names)
    arguments: list[ast.expr | ast.keyword] = [*call.args, *call.keywords]
    last = max(arguments, key=lambda a: (a.end_lineno or 0, a.end_col_offset or 0), default=None)
    if last is None or last.end_lineno is None or last.end_col_offset is None:
        line = code_lines[call.end_lineno - 1]
        return Insertion(call.end_lineno, char_column(line, (call.end_col_offset or 1) - 1), text)
    line = code_lines[last.end_lineno - 1]
    return Insertion(last.end_lineno, char_column(line, last.end_col_offset), ", " + text)


def to_source(insertion: Insertion, source_lines: Sequence[str], code_lines: Sequence[str]) -> Insertion | None:
    """``insertion`` moved from code to source coordinates, or None when it cannot be placed."""
    i = insertion.line - 1
    if i >= len(source_lines) or i >= len(code_lines):
        return None
    column = map_column(source_lines[i], code_lines[i], insertion.column)
    return None if column is None else Insertion(insertion.line, column, insertion.text)


def apply_insertions(lines: list[str], insertions: Iterable[Insertion], first_line: int = 1) -> list[str]:
    """``lines`` (line ``first_line`` first) with the insertions made, right to left."""
    out = list(lines)
    for ins in sorted(insertions, key=lambda i: (i.line, i.column), reverse=True):
        k = ins.line - first_line
        out[k] = out[k][: ins.column] + ins.text + out[k][ins.column :]
    return out


def rewrite_lines(
    lines: list[str],
    removals: Iterable[tuple[int, int]],
    insert_after: tuple[int, str] | None = None,
) -> list[str]:
    """``lines`` without the removed (1-based, inclusive) ranges and the blank lines that
    followed them, with ``insert_after = (line, text)`` placed after ``line`` (0: at the top)."""
    drop: set[int] = set()
    for start, end in removals:
        drop.update(range(start, end + 1))
        nxt = end + 1
        while nxt <= len(lines) and not lines[nxt - 1].strip():
            drop.add(nxt)
            nxt += 1
    out: list[str] = []
    if insert_after is not None and insert_after[0] == 0:
        out.extend(insert_after[1].split("\n"))
    for number, line in enumerate(lines, start=1):
        if number not in drop:
            out.append(line)
        if insert_after is not None and insert_after[0] == number:
            out.extend(insert_after[1].split("\n"))
    while out and not out[-1].strip():
        out.pop()
    while out and not out[0].strip():
        out.pop(0)
    return out


def join_like(lines: list[str], original: str) -> str:
    """Join edited lines with the original's line ending, keeping its final newline (if any)."""
    newline = "\r\n" if "\r\n" in original else "\n"
    text = newline.join(lines)
    return text + newline if text and original.endswith(("\n", "\r")) else text
