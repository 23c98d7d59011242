"""Refactoring: plan (pure: what moves where), then render and apply (write modules,
tests and rewritten notebooks, all or nothing per notebook)."""

from nbrefactor.refactor.extract import extract
from nbrefactor.refactor.result import ExtractResult, Failed, NotebookResult, Skipped, Success

__all__ = ["ExtractResult", "Failed", "NotebookResult", "Skipped", "Success", "extract"]
