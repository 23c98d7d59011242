"""Read-only facts over Documents: parse trees and, built on them, units,
fingerprints, clone indexes and dataflow. Imports only ``model``, ``config``
and ``sources``."""

from nbrefactor.analysis.facts import DocumentFacts
from nbrefactor.analysis.parse import ParsedCell, ParseProblem

__all__ = ["DocumentFacts", "ParseProblem", "ParsedCell"]
