"""nbrefactor: turn legacy notebooks and scripts into tested, importable modules, safely.

The public API; the command line is a thin layer over it.

>>> from nbrefactor import audit
>>> result = audit(["notebooks/"])          # doctest: +SKIP
>>> for finding in result.findings:         # doctest: +SKIP
...     print(finding.location.display(), finding.code, finding.message)

The heavier entry points (``audit``, ``extract``, ``verify``, ``check_commit``)
are imported on first use, so ``import nbrefactor`` stays cheap for the
pre-commit hook, which runs on every commit.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from nbrefactor.config import Config, ConfigError, load_config
from nbrefactor.errors import NbrefactorError
from nbrefactor.model import Cell, Document, DocumentKind, Finding, Location, Severity

if TYPE_CHECKING:
    from nbrefactor.engine.audit import AuditResult, FileSummary, audit
    from nbrefactor.engine.gate import GateResult, NewCopy, check_commit
    from nbrefactor.refactor import ExtractResult
    from nbrefactor.refactor.extract import extract
    from nbrefactor.sources import Snapshot, SourceError, read_document
    from nbrefactor.verify import Status, Tolerances, VerifyResult, verify

__version__ = "0.1.0"

_LAZY = {
    "AuditResult": "nbrefactor.engine.audit",
    "FileSummary": "nbrefactor.engine.audit",
    "audit": "nbrefactor.engine.audit",
    "GateResult": "nbrefactor.engine.gate",
    "NewCopy": "nbrefactor.engine.gate",
    "check_commit": "nbrefactor.engine.gate",
    "ExtractResult": "nbrefactor.refactor",
    "extract": "nbrefactor.refactor",
    "Snapshot": "nbrefactor.sources",
    "SourceError": "nbrefactor.sources",
    "read_document": "nbrefactor.sources",
    "Status": "nbrefactor.verify",
    "Tolerances": "nbrefactor.verify",
    "VerifyResult": "nbrefactor.verify",
    "verify": "nbrefactor.verify",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'nbrefactor' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "AuditResult",
    "Cell",
    "Config",
    "ConfigError",
    "Document",
    "DocumentKind",
    "ExtractResult",
    "FileSummary",
    "Finding",
    "GateResult",
    "Location",
    "NbrefactorError",
    "NewCopy",
    "Severity",
    "Snapshot",
    "SourceError",
    "Status",
    "Tolerances",
    "VerifyResult",
    "__version__",
    "audit",
    "check_commit",
    "extract",
    "load_config",
    "read_document",
    "verify",
]
