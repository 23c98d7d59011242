"""The statement outline of Python code, read from its text without parsing it.

Clone detection needs little of a syntax tree: where each top-level statement
starts and ends, which are definitions (their names, parameters, docstrings
and the definitions directly in their bodies), and which are boilerplate
(imports, ``pass``, a bare literal, a one-line call chain). :func:`outline`
finds exactly that, several times faster than ``ast.parse`` (which builds
every node of every expression), so that ``nbrefactor audit --select NBR1``
never parses.

How: one regular expression blanks strings and comments into a *skeleton*
of the same lines and columns (a string's characters become ``\\x02``; a line
that starts inside a string starts with ``\\x01``), so brackets, colons and
keywords in the skeleton are code. A line starts a logical line when it holds
code, no bracket is open before it and the line before does not end with a
backslash. Statements are the logical lines at one indentation, with the
lines below them; ``else``/``elif``/``except``/``finally`` continue the
statement before, and decorators belong to the definition after them.

On code that parses, the outline agrees with ``ast`` on every statement it
reports (``tests/test_outline.py`` checks this on real notebooks). Code whose
strings or brackets do not close has no outline (None): its statements cannot
be told apart. Other syntax errors are outlined as the text reads.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from keyword import iskeyword
from typing import Container, Iterator, NamedTuple

DEF, CLASSDEF, IMPORT, PASS, CONSTANT, CALL, OTHER = "def", "classdef", "import", "pass", "constant", "call", "other"

#: A comment or a string without its prefix (a prefix stays in the skeleton: ``f`` matters).
_STRINGS = re.compile(
    r"""\#[^\n]*|'''(?:\\[\s\S]|[^\\])*?'''|\"\"\"(?:\\[\s\S]|[^\\])*?\"\"\"|'(?:\\[\s\S]|[^'\\\n])*'|"(?:\\[\s\S]|[^"\\\n])*\""""
)
_BRACKETS = str.maketrans("[{]}", "(())")
#: The first word of a logical line (``async def`` as one), or its first character.
_HEAD = re.compile(r"[ \t\f]*(?:(async[ \t\f]+def)\b|([^\W\d]\w*)|(\S))")


def _word(line: str) -> str:
    """The first word of a line (``async def`` as one word, any tabs or spaces as one space), or its first character."""
    head = _HEAD.match(line)
    if head is None:
        return ""
    return "async def" if head[1] else (head[2] or head[3])
_NAME_AFTER = re.compile(r"[ \t\f\\\n]*([^\W\d]\w*)")
_CONTINUATIONS = frozenset({"else", "elif", "except", "finally"})
_DEFINITIONS = frozenset({"def", "async def", "class"})
_COMPOUND = frozenset({"if", "for", "while", "with", "try", "async"}) | _CONTINUATIONS
#: A line of a body that opens a function definition (group 1: ``def`` or ``async def``).
_DEF_LINE = re.compile(r"^[ \t\f]*(def|async[ \t\f]+def)\b", re.M)
#: A blanked string (``\x02``s, its later lines opening with ``\x01``).
_STRING = r"\x02[\x02\x01\n]*+"
_OPEN, _CLOSE = r"[\s(]*+", r"[\s)]*+"
_DOCSTRING = re.compile(_OPEN + rf"(?:[rRuU]?{_STRING}\s*+)++" + _CLOSE)
_NUMBER = r"(?:0[xXoObB][\da-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)"
_CONSTANT = re.compile(_OPEN + rf"(?:(?:(?:[rRbBuU]|[rR][bB]|[bB][rR])?{_STRING}\s*+)++|{_NUMBER}|None|True|False|\.\.\.)" + _CLOSE)
#: A trailer of a call chain: ``.name`` or an opening bracket of arguments.
_TRAILER = re.compile(r"[ \t\f]*(?:\.[ \t\f]*[^\W\d]\w*|(\())")
_PUNCTUATION = re.compile(r"[()\[\]{},:]")
_LAMBDA = re.compile(r"\blambda\b")
_PARAMETER = re.compile(r"[\s\\]*\*{0,2}[\s\\]*([^\W\d]\w*)")


class Statement(NamedTuple):
    """One statement: lines 1-based and inclusive, columns as ``ast`` counts them (UTF-8 bytes from 0).

    ``name`` is a definition's name, or the root name of a one-line call
    chain (``plt`` for ``plt.gca().plot(x)``). Definitions carry their
    ``params``, their ``docstring`` lines and ``children``, the definitions
    directly in their body.
    """

    kind: str
    name: str
    line: int
    end_line: int
    column: int
    end_column: int
    docstring: range = range(0)
    params: tuple[str, ...] = ()
    children: tuple[Statement, ...] = ()


def _blank(match: re.Match[str]) -> str:
    text = match[0]
    if text[0] == "#":
        return ""
    if "\n" not in text:
        return "\x02" * len(text)
    first, *rest = text.split("\n")
    return "\n".join(["\x02" * len(first), *("\x01" + "\x02" * (len(r) - 1) for r in rest)])


class _Code:
    """A cell's lines, their skeleton, the bracket depth before each line and the logical line starts."""

    def __init__(self, code: str, skeleton: str, calls: Container[str]) -> None:
        self.calls = calls
        self.lines = code.split("\n")
        self.sk = sk = skeleton.split("\n")
        deltas = (line.count("(") - line.count(")") for line in skeleton.translate(_BRACKETS).split("\n"))
        self.depth = depth = list(accumulate(deltas, initial=0))
        self.starts = [
            i
            for i, line in enumerate(sk)
            if line
            and not depth[i]
            and line[0] != "\x01"
            and not line.isspace()
            and not (i and sk[i - 1].rstrip().endswith("\\"))
        ]

    def indent(self, i: int) -> int:
        line = self.sk[i]
        prefix = line[: _lead(line)]
        return len(prefix.expandtabs(8)) if "\t" in prefix else len(prefix)

    def column(self, i: int) -> int:
        line = self.sk[i]
        return self.byte_column(i, _lead(line))

    def last_code_line(self, start: int, stop: int) -> int:
        """The last line in [start, stop) that holds code."""
        end = stop - 1
        while end > start and (not self.sk[end] or self.sk[end].isspace()):
            end -= 1
        return end

    def byte_column(self, i: int, column: int) -> int:
        line = self.lines[i]
        return column if line.isascii() else len(line[:column].encode("utf-8", "surrogatepass"))

    def end_column(self, i: int) -> int:
        """Where the code of line ``i`` ends (a compound statement's end counts a last ``;``, as ``ast`` does)."""
        return self.byte_column(i, len(_code_end(self.sk[i])))

    def next_start(self, line: int, stop: int) -> int:
        """The first logical line start after ``line`` (``stop`` if none is before it)."""
        following = bisect_right(self.starts, line)
        return min(self.starts[following], stop) if following < len(self.starts) else stop

    def text(self, start: int, end: int) -> str:
        return "\n".join(self.sk[start : end + 1])

    def top_level(self) -> list[Statement]:
        """The statements at indentation 0."""
        sk = self.sk
        boundaries = [i for i in self.starts if sk[i][0] not in " \t\f"]
        return self.statements(boundaries, len(sk))

    def statements(self, boundaries: list[int], stop: int) -> list[Statement]:
        """The statements starting at ``boundaries`` (lines at one indentation; the last ends before ``stop``)."""
        out: list[Statement] = []
        kept = [(i, _word(self.sk[i])) for i in boundaries]
        kept = [(i, word) for k, (i, word) in enumerate(kept) if not k or word not in _CONTINUATIONS]
        for k, (i, word) in enumerate(kept):
            if word == "@":
                continue  # a decorator: the definition after it is the statement
            end = self.last_code_line(i, kept[k + 1][0] if k + 1 < len(kept) else stop)
            if word in _DEFINITIONS:
                out.append(self._definition(i, end, word))
            elif word in _COMPOUND or (word == "match" and self.text(i, self.next_start(i, end + 1) - 1).rstrip().endswith(":")):
                out.append(Statement(OTHER, "", i + 1, end + 1, self.column(i), self.end_column(end)))
            else:
                out.extend(self._simple(i, end))
        return out

    def _simple(self, start: int, end: int) -> list[Statement]:
        """The simple statements of a logical line, split at its semicolons."""
        sk = self.sk
        if start == end and ";" not in sk[start]:  # the common case: one statement on one line
            text = _code_end(sk[start]).strip()
            column = _lead(sk[start])
            kind, name = _simple_kind(text, True, self.calls)
            return [Statement(kind, name, start + 1, end + 1, self.byte_column(start, column), self.byte_column(start, column + len(text)))]
        pieces: list[tuple[int, int, int, int]] = []  # (line, column, end line, end column) in characters
        line, column = start, _lead(sk[start])
        for i in range(start, end + 1):
            at = sk[i].find(";")
            while at != -1:
                pieces.append((line, column, i, at))
                line, column = i, at + 1
                at = sk[i].find(";", at + 1)
        pieces.append((line, column, end, len(_code_end(sk[end]))))
        out = []
        for line, column, end_line, end_column in pieces:
            if end_line == line:
                text = sk[line][column:end_column]
            else:
                text = "\n".join([sk[line][column:], *sk[line + 1 : end_line], sk[end_line][:end_column]])
            stripped = text.strip()
            if not stripped:
                continue
            column += _lead(text)
            if end_line == line:
                end_column = column + len(stripped)
            else:
                end_column = len(sk[end_line][:end_column].rstrip())
            kind, name = _simple_kind(stripped, end_line == line, self.calls)
            out.append(Statement(kind, name, line + 1, end_line + 1, self.byte_column(line, column), self.byte_column(end_line, end_column)))
        return out

    def _definition(self, start: int, end: int, word: str) -> Statement:
        keyword = "class" if word == "class" else "def"
        is_def = keyword == "def"
        header_end = self.next_start(start, end + 1) - 1
        header = self.text(start, header_end)
        name_at = header.index(keyword) + len(keyword)
        found = _NAME_AFTER.match(header, name_at)
        params = _parameters(header, header.find("(", name_at)) if is_def else ()
        docstring: range = range(0)
        children: tuple[Statement, ...] = ()
        first = self.next_start(header_end, end + 1)
        if first <= end:
            first_end = self.last_code_line(first, self.next_start(first, end + 1))
            docstring = _docstring(self.text(first, first_end), first)
            children = self._child_definitions(first, end)
        else:  # the body is on the header's line: after the colon that ends the header
            colon = _header_colon(header, name_at)
            if colon != -1:
                docstring = _docstring(header[colon + 1 :], start + header.count("\n", 0, colon))
        return Statement(
            DEF if is_def else CLASSDEF, found[1] if found else "", start + 1, end + 1,
            self.column(start), self.end_column(end), docstring, params, children,
        )

    def _child_definitions(self, first: int, end: int) -> tuple[Statement, ...]:
        """The definitions directly in a body that starts at line ``first`` and ends at ``end``."""
        text = self.text(first, end)
        if "def" not in text:
            return ()
        indent = self.indent(first)
        starts = self.starts
        children = []
        line, at = first, 0
        for found in _DEF_LINE.finditer(text):
            line += text.count("\n", at, found.start())
            at = found.start()
            if self.indent(line) != indent or not self.is_start(line):
                continue
            following = bisect_right(starts, line)
            while following < len(starts) and starts[following] <= end and self.indent(starts[following]) > indent:
                following += 1
            stop = starts[following] if following < len(starts) and starts[following] <= end else end + 1
            children.append(self._definition(line, self.last_code_line(line, stop), found[1]))
        return tuple(children)

    def is_start(self, line: int) -> bool:
        at = bisect_left(self.starts, line)
        return at < len(self.starts) and self.starts[at] == line


def _lead(text: str) -> int:
    """The length of the whitespace ``text`` starts with."""
    return len(text) - len(text.lstrip())


def _docstring(body: str, line: int) -> range:
    """The lines (1-based) of the docstring opening ``body`` (a skeleton starting at 0-based ``line``), if any."""
    statement = body.split(";", 1)[0]
    if not _DOCSTRING.fullmatch(statement):
        return range(0)
    lead = _lead(statement)
    first = line + statement.count("\n", 0, lead)
    return range(first + 1, line + statement.rstrip().count("\n") + 2)


def _header_colon(header: str, at: int) -> int:
    """Where the colon that ends a definition's header is (the first one outside brackets after ``at``)."""
    return next((i for i, char, depth in _punctuation(header, at) if char == ":" and not depth), -1)


def _punctuation(text: str, at: int) -> Iterator[tuple[int, str, int]]:
    """Each bracket, comma and colon of a skeleton from ``at``: (position, character, depth outside it)."""
    depth = 0
    for found in _PUNCTUATION.finditer(text, at):
        char = found[0]
        if char in "([{":
            yield found.start(), char, depth
            depth += 1
            continue
        if char in ")]}":
            depth -= 1
        yield found.start(), char, depth


def _code_end(line: str) -> str:
    """A skeleton line without what follows its code: spaces, a comment (blanked already), a last backslash."""
    line = line.rstrip()
    return line[:-1].rstrip() if line.endswith("\\") else line


def _parameters(header: str, at: int) -> tuple[str, ...]:
    """The parameter names in the brackets opening at ``at``."""
    if at < 0:
        return ()
    names: list[str] = []
    piece = at + 1
    for i, char, depth in _punctuation(header, at):
        closing = char == ")" and not depth
        if not closing and (char != "," or depth != 1):
            continue
        if char == ",":
            lambdas = [found.end() for found in _LAMBDA.finditer(header, piece, i)]
            if lambdas and ":" not in header[lambdas[-1] : i]:
                continue  # a comma between a default's lambda parameters
        found = _PARAMETER.match(header, piece, i)
        if found:
            names.append(found[1])
        if closing:
            break
        piece = i + 1
    return tuple(names)


def _simple_kind(text: str, one_line: bool, calls: Container[str]) -> tuple[str, str]:
    head = _HEAD.match(text)
    word: str = (head[2] or "") if head else ""
    if word in ("import", "from"):
        return IMPORT, ""
    if text == "pass":
        return PASS, ""
    if _CONSTANT.fullmatch(text):
        return CONSTANT, ""
    if head and one_line and word in calls and not iskeyword(word) and _is_call_chain(text, head.end()):
        return CALL, word
    return OTHER, ""


def _is_call_chain(text: str, at: int) -> bool:
    """Whether ``text[at:]`` is a chain of ``.name`` and ``(...)`` trailers ending with a call."""
    called = False
    while at < len(text):
        trailer = _TRAILER.match(text, at)
        if trailer is None:
            return False
        at = trailer.end()
        called = trailer[1] is not None
        if called:  # past the brackets the trailer opens
            at = next((i + 1 for i, char, depth in _punctuation(text, at - 1) if char in ")]}" and not depth), -1)
            if at == -1:
                return False
    return called


def outline(code: str, calls: Container[str]) -> list[Statement] | None:
    """The top-level statements of ``code``; None when its strings or brackets do not close.

    A one-line call chain is a CALL statement when its root name is in ``calls``.
    """
    skeleton = _STRINGS.sub(_blank, code)
    if "'" in skeleton or '"' in skeleton:
        return None  # a string that does not close
    lines = _Code(code, skeleton, calls)
    if lines.depth[-1] or min(lines.depth) < 0:
        return None
    return lines.top_level()


def from_tree(tree: ast.Module, calls: Container[str]) -> list[Statement]:
    """The same outline read from a syntax tree (cheaper when the code was parsed anyway)."""
    return [_from_node(node, calls) for node in tree.body]


def _from_node(node: ast.stmt, calls: Container[str]) -> Statement:
    position = (node.lineno, node.end_lineno or node.lineno, node.col_offset, node.end_col_offset or 0)
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        params: tuple[str, ...] = ()
        if not isinstance(node, ast.ClassDef):
            a = node.args
            params = tuple(arg.arg for arg in (*a.posonlyargs, *a.args, a.vararg, *a.kwonlyargs, a.kwarg) if arg)
        body = node.body
        docstring = range(0)
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            if isinstance(body[0].value.value, str):
                docstring = range(body[0].lineno, (body[0].end_lineno or body[0].lineno) + 1)
        children = tuple(_from_node(c, calls) for c in body if isinstance(c, (ast.FunctionDef, ast.AsyncFunctionDef)))
        kind = CLASSDEF if isinstance(node, ast.ClassDef) else DEF
        return Statement(kind, node.name, *position, docstring, params, children)
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return Statement(IMPORT, "", *position)
    if isinstance(node, ast.Pass):
        return Statement(PASS, "", *position)
    if isinstance(node, ast.Expr):
        value = node.value
        if isinstance(value, ast.Constant):
            return Statement(CONSTANT, "", *position)
        if isinstance(value, ast.Call) and position[0] == position[1]:
            root = value.func
            while isinstance(root, (ast.Attribute, ast.Call)):
                root = root.func if isinstance(root, ast.Call) else root.value
            if isinstance(root, ast.Name) and root.id in calls:
                return Statement(CALL, root.id, *position)
    return Statement(OTHER, "", *position)
