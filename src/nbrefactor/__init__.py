"""nbrefactor: turn legacy notebooks and scripts into tested, importable modules, safely.

The public API; the command line is a thin layer over it.

>>> from nbrefactor import audit
>>> result = audit(["notebooks/"])          # doctest: +SKIP
>>> for finding in result.findings:         # doctest: +SKIP
...     print(finding.location.display(), finding.code, finding.message)
"""

from __future__ import annotations

from nbrefactor.config import Config, ConfigError, load_config
from nbrefactor.engine.audit import AuditResult, FileSummary, audit
from nbrefactor.errors import NbrefactorError
from nbrefactor.model import Cell, Document, DocumentKind, Finding, Location, Severity
from nbrefactor.refactor import ExtractResult, extract
from nbrefactor.sources import Snapshot, SourceError, read_document
from nbrefactor.verify import Status, Tolerances, VerifyResult, verify

__version__ = "0.1.0"

__all__ = [
    "AuditResult",
    "Cell",
    "Config",
    "ConfigError",
    "Document",
    "ExtractResult",
    "DocumentKind",
    "FileSummary",
    "Finding",
    "Location",
    "NbrefactorError",
    "Severity",
    "Snapshot",
    "SourceError",
    "Status",
    "Tolerances",
    "VerifyResult",
    "__version__",
    "audit",
    "extract",
    "load_config",
    "read_document",
    "verify",
]
