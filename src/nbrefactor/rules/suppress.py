"""Suppressions, handled in one place for every rule.

* a line comment: ``# nbrefactor: ignore`` or ``# nbrefactor: ignore[NBR201, NBR3]``
  on the line a finding points at;
* a cell tag: ``nbrefactor:ignore`` or ``nbrefactor:ignore[NBR201]`` (also
  ``nbrefactor:ignore:NBR201``) on the cell a finding points at;
* per path: ``ignore`` in a ``[tool.nbrefactor.per-path."pattern"]`` section
  (see :mod:`nbrefactor.config`).

Codes are prefixes, so ``NBR2`` silences the whole dataflow band.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from nbrefactor.model import Document, Finding, Location

_COMMENT = re.compile(r"#\s*nbrefactor:\s*ignore(?:\[([^\]]*)\])?", re.IGNORECASE)
_TAG = re.compile(r"^nbrefactor[:-]\s*ignore(?:\[([^\]]*)\]|:(\S+))?$", re.IGNORECASE)
ALL: frozenset[str] = frozenset({""})  # the empty prefix matches every code


def _codes(spec: str | None) -> frozenset[str]:
    if not spec:
        return ALL
    return frozenset(c.strip().upper() for c in re.split(r"[,\s]+", spec) if c.strip())


@dataclass(frozen=True)
class Suppressions:
    """The suppressions written in one document, keyed by (cell, line) and by cell."""

    lines: Mapping[tuple[int | None, int], frozenset[str]] = field(default_factory=dict)
    cells: Mapping[int | None, frozenset[str]] = field(default_factory=dict)

    def silences(self, code: str, location: Location) -> bool:
        for codes in (self.cells.get(location.cell), self.lines.get((location.cell, location.start_line))):
            if codes and any(code.startswith(prefix) for prefix in codes):
                return True
        return False


def collect(document: Document) -> Suppressions:
    """Every suppression comment and tag in ``document``."""
    lines: dict[tuple[int | None, int], frozenset[str]] = {}
    cells: dict[int | None, frozenset[str]] = {}
    notebook = document.is_notebook
    for cell in document.cells:
        if not cell.tags and "nbrefactor" not in cell.source:  # most cells: nothing to look at
            continue
        key = cell.index if notebook else None
        for tag in cell.tags:
            m = _TAG.match(tag.strip())
            if m:
                cells[key] = cells.get(key, frozenset()) | _codes(m.group(1) or m.group(2))
        if "nbrefactor" not in cell.source:
            continue
        for number, text in enumerate(cell.source.split("\n"), start=1):
            for m in _COMMENT.finditer(text):
                lines[(key, number)] = lines.get((key, number), frozenset()) | _codes(m.group(1))
    return Suppressions(lines, cells)


def is_suppressed(finding: Finding, suppressions: Mapping[str, Suppressions]) -> bool:
    """Whether the finding's primary location is silenced in its own document."""
    loc = finding.location
    found = suppressions.get(loc.path)
    return bool(found and found.silences(finding.code, loc))
