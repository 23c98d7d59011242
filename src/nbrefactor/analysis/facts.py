"""Read-only facts about one document, computed once and shared by every rule.

Rules ask :class:`DocumentFacts` for what they need; each fact is computed on
first use (parse trees, and in later layers scopes and code units), so a run
with few rules selected does little work, and no cell is parsed twice.
"""

from __future__ import annotations

from functools import cached_property

from nbrefactor.analysis.parse import ParsedCell, parse_cell
from nbrefactor.analysis.units import Unit, extract_units
from nbrefactor.config import Config
from nbrefactor.model import Document


class DocumentFacts:
    """Lazily computed analysis of one :class:`Document` under one :class:`Config`."""

    def __init__(self, document: Document, config: Config) -> None:
        self.document = document
        self.config = config

    @cached_property
    def parsed(self) -> tuple[ParsedCell, ...]:
        """Every code cell of a Python document, parsed (problems recorded, not raised)."""
        if not self.document.is_python:
            return ()
        limit = int(self.config.setting("max-cell-kb")) * 1024
        return tuple(parse_cell(cell, limit) for cell in self.document.code_cells)

    @cached_property
    def trees(self) -> tuple[ParsedCell, ...]:
        """The code cells that parsed."""
        return tuple(p for p in self.parsed if p.tree is not None)

    @cached_property
    def units(self) -> tuple[Unit, ...]:
        """Functions, methods, classes and top-level statement runs, for clone detection."""
        return extract_units(self.document, self.trees, self.config)
