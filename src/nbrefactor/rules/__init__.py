"""The rule catalogue: every rule, by code. Rules turn analysis facts into Findings.

A new rule is a class in the module of its family, added to :data:`ALL_RULES`;
its examples are tested and its documentation generated from it.
"""

from __future__ import annotations

from nbrefactor.rules.base import Example, ProjectRule, Rule, RuleContext, notebook_json
from nbrefactor.rules.duplication import DriftedClone, DuplicatedCell, IdenticalClone, RenamedClone
from nbrefactor.rules.execution import OutOfOrderExecution
from nbrefactor.rules.input import (
    CellSyntaxError,
    CellTooLarge,
    FileTooLarge,
    InternalError,
    InvalidJson,
    InvalidNotebook,
    UnreadableFile,
    error_finding,
    internal_error_finding,
)

ALL_RULES: tuple[type[Rule], ...] = (
    IdenticalClone,
    RenamedClone,
    DriftedClone,
    DuplicatedCell,
    OutOfOrderExecution,
    InternalError,
    UnreadableFile,
    InvalidJson,
    InvalidNotebook,
    FileTooLarge,
    CellSyntaxError,
    CellTooLarge,
)

RULES_BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in ALL_RULES}

__all__ = [
    "ALL_RULES",
    "RULES_BY_CODE",
    "Example",
    "ProjectRule",
    "Rule",
    "RuleContext",
    "error_finding",
    "internal_error_finding",
    "notebook_json",
]
