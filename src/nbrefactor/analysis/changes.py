"""Which lines of a document a change touched, in the coordinates findings use.

Two versions of one document (before and after a commit, say) are compared
cell source against cell source, not as files on disk: the JSON of an
``.ipynb`` moves with outputs, execution counts and metadata, none of which
is code. Every code line of the new version is flattened into one sequence
(cell by cell) and aligned with the old one, so a cell moved, split or merged
costs only the lines that really changed.
"""

from __future__ import annotations

import difflib
from typing import Iterable, Optional

from nbrefactor.model import Document, Location

#: A line of a document: (cell index or None for a plain script, 1-based line in the cell).
LineKey = tuple[Optional[int], int]


def _code_lines(document: Document | None) -> tuple[list[LineKey], list[str]]:
    keys: list[LineKey] = []
    texts: list[str] = []
    if document is None:
        return keys, texts
    for cell in document.code_cells:
        key = cell.index if document.is_notebook else None
        for number, text in enumerate(cell.source.split("\n"), start=1):
            keys.append((key, number))
            texts.append(text.rstrip())
    return keys, texts


def changed_lines(new: Document, old: Document | None) -> frozenset[LineKey]:
    """The code lines of ``new`` that are not in ``old`` (all of them when ``old`` is None)."""
    keys, texts = _code_lines(new)
    if old is None:
        return frozenset(keys)
    _, old_texts = _code_lines(old)
    changed: set[LineKey] = set()
    matcher = difflib.SequenceMatcher(None, old_texts, texts, autojunk=False)
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            changed.update(keys[j1:j2])
    return frozenset(changed)


def touches(location: Location, lines: Iterable[LineKey] | frozenset[LineKey]) -> bool:
    """Whether a span of code contains any of ``lines``."""
    wanted = lines if isinstance(lines, frozenset) else frozenset(lines)
    end = location.end_line or location.start_line
    return any((location.cell, n) in wanted for n in range(location.start_line, end + 1))
