"""Read-only facts over Documents: parse trees and, built on them, scopes,
the cross-cell dataflow graph, units, fingerprints and clone indexes. Imports
only ``model``, ``config`` and ``sources``."""

from nbrefactor.analysis.dataflow import Binding, CellFlow, Dataflow, Edge, Read
from nbrefactor.analysis.facts import DocumentFacts
from nbrefactor.analysis.functions import FunctionFacts, GlobalUse
from nbrefactor.analysis.parse import ParsedCell, ParseProblem

__all__ = [
    "Binding",
    "CellFlow",
    "Dataflow",
    "DocumentFacts",
    "Edge",
    "FunctionFacts",
    "GlobalUse",
    "ParseProblem",
    "ParsedCell",
    "Read",
]
