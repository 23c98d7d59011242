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
from nbrefactor.engine.gate import GateResult, NewCopy, check_commit
from nbrefactor.errors import NbrefactorError
from nbrefactor.model import Cell, Document, DocumentKind, Finding, Location, Severity
from nbrefactor.sources import SourceError, read_document

__version__ = "0.1.0"

__all__ = [
    "AuditResult",
    "Cell",
    "Config",
    "ConfigError",
    "Document",
    "DocumentKind",
    "FileSummary",
    "Finding",
    "GateResult",
    "Location",
    "NbrefactorError",
    "NewCopy",
    "Severity",
    "SourceError",
    "__version__",
    "audit",
    "check_commit",
    "load_config",
    "read_document",
]
