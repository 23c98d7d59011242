"""The shape every rule has, and the one method through which rules report.

A rule is a class with a stable ``code`` in its band (NBR1xx duplication,
NBR2xx hidden state and dataflow, NBR3xx reproducibility, NBR9xx input
problems), a kebab-case ``name``, a ``severity``, a docstring with the sections
*What it does / Why it matters / Example / Instead*, and ``valid`` and
``invalid`` :class:`Example` inputs that one parametrized test runs through the
whole audit pipeline.

Document rules look at one document (:meth:`Rule.check`). Project rules
(:class:`ProjectRule`) first :meth:`~ProjectRule.collect` a picklable,
cacheable summary per document, then :meth:`~ProjectRule.check_project` across
all of them (clone families span files).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable, Iterator, Mapping, Sequence

from nbrefactor.analysis import DocumentFacts
from nbrefactor.analysis.clones import ParallelMap
from nbrefactor.model import Cell, Document, Finding, Location, Severity


@dataclass(frozen=True)
class Example:
    """An input a rule must (``invalid``) or must not (``valid``) flag.

    ``source`` is written to ``filename`` (a ``.py`` file with ``# %%`` markers
    is a percent notebook; use :func:`notebook_json` for ``.ipynb`` content).
    ``files`` adds more files beside it. ``expect`` optionally lists the
    primary locations (``Location.display()`` form) the rule must report.
    """

    source: str | bytes
    filename: str = "example.py"
    files: Mapping[str, str | bytes] = field(default_factory=dict)
    expect: tuple[str, ...] = ()

    def all_files(self) -> dict[str, str | bytes]:
        return {self.filename: self.source, **self.files}


def notebook_json(*cells: str | tuple[str, int | None], language: str = "python") -> str:
    """A small nbformat 4.5 notebook: each cell is code, or ``(code, execution_count)``.

    A cell whose text starts with ``"md:"`` is a Markdown cell.
    """
    out: list[dict[str, Any]] = []
    for i, cell in enumerate(cells):
        text, count = (cell, None) if isinstance(cell, str) else cell
        if text.startswith("md:"):
            out.append({"cell_type": "markdown", "id": f"c{i}", "metadata": {}, "source": text[3:]})
        else:
            out.append(
                {
                    "cell_type": "code",
                    "execution_count": count,
                    "id": f"c{i}",
                    "metadata": {},
                    "outputs": [],
                    "source": text,
                }
            )
    nb = {
        "cells": out,
        "metadata": {
            "kernelspec": {"display_name": language, "language": language, "name": language},
            "language_info": {"name": language},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def fingerprint(*parts: object) -> str:
    """A short stable hash of the parts (content, never line numbers)."""
    text = "\x1f".join(str(p) for p in parts)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


class Rule:
    """Base class of every rule. Subclasses set the class attributes and ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    #: True for input problems that mean a file could not be read (exit code 2).
    input_error: ClassVar[bool] = False
    valid: ClassVar[Sequence[Example]] = ()
    invalid: ClassVar[Sequence[Example]] = ()

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        """Findings for one document. Project rules leave this empty."""
        return iter(())

    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring."""
        return (cls.__doc__ or "").strip().splitlines()[0]

    @classmethod
    def docs(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")


class ProjectRule(Rule):
    """A rule that needs every document at once (for example clone families)."""

    def collect(self, facts: DocumentFacts) -> Any:
        """A picklable per-document summary; cached with the document's results."""
        raise NotImplementedError

    def check_project(self, ctx: ProjectContext) -> Iterator[Finding]:
        raise NotImplementedError


@dataclass
class RuleContext:
    """What a document rule sees, and :meth:`report`, the one way to report."""

    facts: DocumentFacts

    @property
    def document(self) -> Document:
        return self.facts.document

    def report(
        self,
        rule: type[Rule] | Rule,
        message: str,
        cell: Cell | None,
        line: int = 1,
        column: int = 1,
        end_line: int | None = None,
        end_column: int | None = None,
        *,
        key: str = "",
        related: Iterable[Location] = (),
        data: Mapping[str, Any] | None = None,
    ) -> Finding:
        """Build a finding at ``cell``:``line``:``column`` (cell None: the whole file).

        ``key`` distinguishes findings of one rule on one line (a variable
        name, say) and goes into the stable fingerprint with the line's text.
        """
        doc = self.document
        if cell is None:
            primary = Location(doc.relpath, None, line, column, end_line, end_column)
            text = ""
        else:
            primary = doc.location(cell, line, column, end_line, end_column)
            lines = cell.source.split("\n", max(line, 0))  # the lines up to ``line``, then the rest in one piece
            text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        return make_finding(rule, message, (primary, *related), fingerprint(rule.code, doc.relpath, key, text), data)


def make_finding(
    rule: type[Rule] | Rule,
    message: str,
    locations: Sequence[Location],
    fp: str,
    data: Mapping[str, Any] | None = None,
) -> Finding:
    return Finding(
        code=rule.code,
        name=rule.name,
        message=message,
        severity=rule.severity,
        locations=tuple(locations),
        fingerprint=fp,
        data=dict(data or {}),
    )


@dataclass
class ProjectContext:
    """What a project rule sees: each document's collected summary, by relative path.

    ``shared`` is one dictionary for all project rules of one audit, where rules
    that share a computation (the NBR1xx clone families) keep its result; ``pmap``
    runs independent tasks, in parallel when the engine has workers.
    """

    payloads: Mapping[str, Any]
    config_for: Any  # Callable[[str], Config]: the configuration in force for a relpath
    shared: dict[str, Any] = field(default_factory=dict)
    #: A ``map`` for costly independent tasks: results in order, maybe from worker processes
    #: (task functions and items must be picklable).
    pmap: ParallelMap = map
