"""Normalised token streams and fingerprints of code, for clone detection.

A unit's source is split into tokens by one regular expression (comments and
layout disappear, as in a type-1 clone), then normalised two ways:

* **canonical** (type 2): every identifier that is not a keyword, a builtin or
  an attribute name becomes ``$n``, numbered by first occurrence, and every
  literal becomes ``S`` or ``N``; two units with equal canonical streams are
  the same code under a consistent renaming and changed literals;
* **blinded** (type 3): the same, but every identifier becomes ``$``, so that
  an inserted statement does not renumber the rest.

Every hash here is stable across processes and runs (``zlib.crc32`` and
``blake2b``, never :func:`hash`), so fingerprints can be cached and compared
between worker processes. The blinded stream is stored as a string with one
character per token, which :mod:`difflib` compares quickly.
"""

from __future__ import annotations

import builtins
import hashlib
import keyword
import re
import zlib
from dataclasses import dataclass

TOKEN_RE = re.compile(
    r"""
    [rRbBuUfF]{0,3}(?:'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")
    |\#[^\n]*
    |0[xXoObB][\da-fA-F_]+
    |(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?
    |[^\W\d]\w*
    |\*\*=?|//=?|>>=?|<<=?|->|:=|\.\.\.|[-+*/%&|^@<>=!]=|\S
    """,
    re.VERBOSE,
)
#: Names a renaming never touches: keywords and builtins.
KEPT_NAMES = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))
#: Token classes in a :class:`Token` stream.
NAME, LITERAL, OTHER = "name", "literal", "other"
#: Tokens per shingle (see :func:`features`).
SHINGLE = 5


@dataclass(frozen=True)
class Token:
    """One token of source: its text, its class and its 1-based line in the text."""

    text: str
    kind: str
    line: int


def _kind(text: str) -> str:
    first = text[0]
    if first in "'\"" or text[-1] in "'\"":
        return LITERAL
    if first.isdigit() or (first == "." and len(text) > 1):
        return LITERAL
    if first.isalpha() or first == "_":
        return NAME
    return OTHER


def raw_tokens(code: str) -> list[str]:
    """The tokens of ``code``, comments dropped (layout never produces tokens)."""
    return [t for t in TOKEN_RE.findall(code) if t[0] != "#"]


def located_tokens(code: str) -> list[Token]:
    """The tokens of ``code`` with their class and line (for diffs and renamings)."""
    out = []
    line, pos = 1, 0
    for match in TOKEN_RE.finditer(code):
        text = match.group()
        if text[0] == "#":
            continue
        line += code.count("\n", pos, match.start())
        pos = match.start()
        out.append(Token(text, _kind(text), line))
    return out


def normalise(tokens: list[str]) -> tuple[list[str], list[str]]:
    """The canonical (``$n``) and blinded (``$``) streams of a raw token list."""
    canonical: list[str] = []
    blinded: list[str] = []
    numbers: dict[str, str] = {}
    previous = ""
    for text in tokens:
        kind = _kind(text)
        if kind == LITERAL:
            text = "S" if text[-1] in "'\"" else "N"
            canonical.append(text)
            blinded.append(text)
        elif kind == NAME and previous != "." and text not in KEPT_NAMES:
            canonical.append(numbers.setdefault(text, f"${len(numbers)}"))
            blinded.append("$")
        else:
            canonical.append(text)
            blinded.append(text)
        previous = text
    return canonical, blinded


def digest(tokens: list[str]) -> str:
    """A stable 16-hex-digit hash of a token stream."""
    data = "\x00".join(tokens).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=8).hexdigest()


_CHARS: dict[str, str] = {}


def as_chars(tokens: list[str]) -> str:
    """One stable character per token (a 20-bit hash), for fast sequence comparison."""
    out = []
    for text in tokens:
        char = _CHARS.get(text)
        if char is None:
            char = chr(0x10000 + zlib.crc32(text.encode("utf-8", "surrogatepass")) % 0xFFFF0)
            if len(_CHARS) < 200_000:
                _CHARS[text] = char
        out.append(char)
    return "".join(out)


def features(chars: str) -> tuple[int, ...]:
    """The sorted, distinct hashes of the :data:`SHINGLE`-token shingles of ``chars``.

    Indexed by :mod:`nbrefactor.analysis.clones`: two units that share a rare
    shingle are compared; common shingles (``$ = $ ( $``) are left out there.
    """
    data = chars.encode("utf-32-le")
    width = 4 * SHINGLE
    return tuple(sorted({zlib.crc32(data[i : i + width]) for i in range(0, len(data) - width + 4, 4)}))
