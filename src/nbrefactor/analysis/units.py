"""Code units: the pieces of a document that can be copied and pasted.

A unit is a function, a method, a class with methods, or a run of top-level
statements in a cell (or between the definitions of a script). Runs leave out
boilerplate: imports, docstrings, IPython syntax and one-line plotting calls;
classes of attributes only (declarations, not logic) are not units. Units
smaller than ``clone-min-lines`` code lines or ``clone-min-tokens`` tokens
are left out.

A :class:`Unit` is a frozen, picklable value that carries its location, its
source text and its fingerprints (see :mod:`nbrefactor.analysis.fingerprint`),
so it can be cached with its file and compared with units of other files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain
from typing import Iterator, Sequence

from nbrefactor.analysis import fingerprint as fp
from nbrefactor.analysis.outline import CALL, CLASSDEF, CONSTANT, DEF, IMPORT, PASS, Statement
from nbrefactor.config import Config
from nbrefactor.model import Cell, Document, Location
from nbrefactor.sources.ipython import IPYTHON_BUILTINS

FUNCTION, METHOD, CLASS, STATEMENTS = "function", "method", "class", "statements"
#: Statements that are never part of a run: imports, ``pass``, a docstring or a bare literal, and
#: one-line call chains on the boilerplate names (the outline marks those: see :func:`boilerplate_calls`).
_SKIPPED = (IMPORT, PASS, CONSTANT, CALL)
#: A cell's code and its top-level statements (see :mod:`nbrefactor.analysis.outline`).
CellOutline = tuple[Cell, Sequence[Statement]]


@dataclass(frozen=True)
class Unit:
    """One unit of code with what clone detection compares.

    ``text`` is the unit's source without its docstring; ``raw`` and
    ``canonical`` hash the type-1 and type-2 token streams; ``chars`` is the
    blinded stream (one character per token) and ``features`` its shingles.
    ``module`` is True for units of a plain script (an importable module).
    """

    kind: str
    name: str
    location: Location
    lines: int
    text: str
    raw: str
    canonical: str
    chars: str
    features: tuple[int, ...]
    module: bool

    @property
    def category(self) -> str:
        """Units are compared within a category: definitions, classes, statement runs."""
        return "def" if self.kind in (FUNCTION, METHOD) else self.kind

    @property
    def tokens(self) -> int:
        return len(self.chars)


@dataclass(frozen=True)
class _Limits:
    min_lines: int
    min_tokens: int


def boilerplate_calls(config: Config) -> frozenset[str]:
    """The names whose one-line call chains are boilerplate (``plt``, ``display``, ...): the outline
    a document's units come from marks such calls as CALL statements."""
    return frozenset(config.setting("clone-boilerplate-calls")) | IPYTHON_BUILTINS


def _limits(config: Config) -> _Limits:
    return _Limits(int(config.setting("clone-min-lines")), int(config.setting("clone-min-tokens")))


def extract_units(document: Document, outlines: Sequence[CellOutline], config: Config) -> tuple[Unit, ...]:
    """Every unit of ``document`` at least as large as the configured minimum, from its cells' outlines."""
    limits = _limits(config)
    units: list[Unit] = []
    for cell, statements in outlines:
        lines: list[str] = []  # split on first use: most cells hold no unit
        for kind, name, nodes in _candidates(statements):
            if _spanned_lines(nodes) < limits.min_lines:  # too few lines for enough code lines
                continue
            lines = lines or cell.code.split("\n")
            unit = _unit(document, cell, lines, kind, name, nodes, limits)
            if unit is not None:
                units.append(unit)
    return tuple(units)


def _candidates(body: Sequence[Statement]) -> Iterator[tuple[str, str, list[Statement]]]:
    """(kind, name, statements) of every unit in a cell's top-level statements."""
    run: list[Statement] = []
    for node in body:
        if node.kind in (DEF, CLASSDEF):
            if run:
                yield STATEMENTS, "", run
                run = []
            if node.kind == CLASSDEF:
                if node.children:
                    yield CLASS, node.name, [node]  # a class of attributes only is declarative
                for item in node.children:
                    yield METHOD, f"{node.name}.{item.name}", [item]
            else:
                yield FUNCTION, node.name, [node]
        elif node.kind not in _SKIPPED:
            run.append(node)
    if run:
        yield STATEMENTS, "", run


#: Where a name is bound, in source text: assignment targets at the start of a line,
#: annotated assignments, ``for``/``as`` targets, the walrus, nested ``def``/``class`` and
#: ``lambda`` parameters.
#: Each pattern with the substrings one of which it needs (a cheap test before the regular expression).
#: A keyword is matched before the lookbehind that checks it starts a word, so that
#: the regular expression engine can search for the keyword's letters quickly.
_ASSIGNED = r"\n[ \t]*\(?([A-Za-z_][\w, \t*]*+)\)?[ \t]*(?:=(?!=)|[-+*/%&|^@]=|//=|\*\*=|>>=|<<=)"
_BINDINGS = (
    (("=",), re.compile(_ASSIGNED)),
    (("for ", "for\t", "as ", "as\t"), re.compile(r"(?:for(?<!\wfor)|as(?<!\was))[ \t]+\(?([A-Za-z_][\w, \t*]*)")),
    ((":=",), re.compile(r"([A-Za-z_]\w*)[ \t]*:=")),
    # an annotated assignment, ``total: float = 0.0`` (not ``else: x = 1``, a block on one line)
    ((":",), re.compile(r"\n[ \t]*(?!(?:else|try|finally|except|lambda)\b)([A-Za-z_]\w*)[ \t]*:[^=\n]+=(?!=)")),
    (("def",), re.compile(r"def(?<!\wdef)[ \t]+([A-Za-z_]\w*)")),
    (("class",), re.compile(r"class(?<!\wclass)[ \t]+([A-Za-z_]\w*)")),
    (("lambda",), re.compile(r"lambda(?<!\wlambda)\b([^:\n]*):")),
)
#: The names in binding targets (one a line); a ``for`` target ends at ``in`` (an empty group).
_TARGET_NAME = re.compile(r"\bin\b[^\n]*|([A-Za-z_]\w*)")
#: A line with code: neither blank nor a comment.
_CODE_LINE = re.compile(r"^[^\S\n]*[^\s#]", re.M)


def _bound_names(text: str, nodes: list[Statement]) -> frozenset[str]:
    """Names a definition binds itself (its name, parameters, locals): a copy may rename them.

    Parameters come from the outline; other bindings from a few regular expressions
    over the source (a binding spelled in a string may count too, which only makes
    a renaming look consistent).
    """
    names: set[str] = set()
    for node in nodes:
        for item in (node, *node.children):
            names.update(item.params)
    text = "\n" + text  # every line starts after a newline, the first too
    found = [pattern.findall(text) for needed, pattern in _BINDINGS if any(n in text for n in needed)]
    targets = "\n".join(chain.from_iterable(found))
    names.update(_TARGET_NAME.findall(targets))
    names.discard("")
    return frozenset(names - fp.KEPT_NAMES)


def _spanned_lines(nodes: list[Statement]) -> int:
    """The lines the statements span, each counted once per statement: at least their source's lines."""
    return sum(node.end_line - node.line for node in nodes) + len(nodes)


def _source(lines: list[str], nodes: list[Statement]) -> list[str]:
    """The source lines of ``nodes``, docstrings dropped."""
    out: list[str] = []
    for node in nodes:
        skip = node.docstring
        if skip:
            out += lines[node.line - 1 : skip.start - 1]
            out += lines[skip.stop - 1 : node.end_line]
        else:
            out += lines[node.line - 1 : node.end_line]
    return out


def _unit(
    document: Document,
    cell: Cell,
    lines: list[str],
    kind: str,
    name: str,
    nodes: list[Statement],
    limits: _Limits,
) -> Unit | None:
    text = "\n".join(_source(lines, nodes))
    code_lines = len(_CODE_LINE.findall(text))
    if code_lines < limits.min_lines:
        return None
    tokens = fp.tokens(text)
    if len(tokens) < limits.min_tokens and fp.count(tokens) < limits.min_tokens:
        return None
    canonical, chars, raw = fp.streams(tokens, None if kind == STATEMENTS else _bound_names(text, nodes))
    first, last = nodes[0], nodes[-1]
    location = document.location(cell, first.line, first.column + 1, last.end_line, last.end_column + 1)
    if kind == STATEMENTS:
        name = f"lines {first.line}-{last.end_line}"
    return Unit(
        kind=kind,
        name=name,
        location=location,
        lines=code_lines,
        text=text,
        raw=raw,
        canonical=canonical,
        chars=chars,
        features=fp.features(chars),
        module=not document.is_notebook,
    )
