"""Normalised token streams and fingerprints of code, for clone detection.

A unit's source is split into tokens by one regular expression (comments and
layout disappear, as in a type-1 clone), then normalised two ways:

* **canonical** (type 2): every identifier that is not a keyword, a builtin or
  an attribute name becomes ``$n``, numbered by first occurrence, and every
  literal becomes ``S`` or ``N``; two units with equal canonical streams are
  the same code under a consistent renaming and changed literals;
* **blinded** (type 3): the same, but every identifier becomes ``$``, so that
  an inserted statement does not renumber the rest; kept as a string with one
  character per token (see :func:`streams`).

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
#: Token classes (see :func:`token_kind`).
NAME, LITERAL, OTHER = "name", "literal", "other"
#: Tokens per shingle, and one shingle in SAMPLE is kept (the same ones in every unit).
SHINGLE, SAMPLE = 5, 2


def token_kind(text: str) -> str:
    """NAME, LITERAL or OTHER."""
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


_MISSING = "\x00"  # no token is a NUL character
#: Per distinct token: its character in the blinded stream, or None for a renamable name.
_BLIND: dict[str, str | None] = {}
_CHARS: dict[str, str] = {}
_CACHE_LIMIT = 200_000


def char(text: str) -> str:
    """One stable character for a token (a 20-bit hash), for fast sequence comparison."""
    found = _CHARS.get(text)
    if found is None:
        found = chr(0x10000 + zlib.crc32(text.encode("utf-8", "surrogatepass")) % 0xFFFF0)
        if len(_CHARS) < _CACHE_LIMIT:
            _CHARS[text] = found
    return found


def _blind(text: str) -> str | None:
    kind = token_kind(text)
    if kind == LITERAL:
        return char("S" if text[-1] in "'\"" else "N")
    if kind == NAME and text not in KEPT_NAMES:
        return None
    return char(text)


def streams(tokens: list[str], bound: frozenset[str] | None = None) -> tuple[str, str]:
    """The canonical digest (type 2) and the blinded stream, one character per token (type 3).

    An identifier is renamable unless it is a keyword, a builtin or an
    attribute name (after ``.``), and, when ``bound`` is given, unless it is
    one of those names (the unit's own parameters and locals: free names such
    as imported helpers keep their identity); in the canonical stream it
    becomes ``$n`` (numbered by first occurrence), in the blinded stream ``$``.
    Literals become ``S`` (strings) or ``N`` (numbers) in both.
    """
    chars: list[str] = []
    canonical: list[str] = []
    numbers: dict[str, str] = {}
    dollar = char("$")
    after_dot = False
    for text in tokens:
        blind = _BLIND.get(text, _MISSING)
        if blind is _MISSING:
            blind = _blind(text)
            if len(_BLIND) < _CACHE_LIMIT:
                _BLIND[text] = blind
        if blind is None:
            if after_dot or (bound is not None and text not in bound):
                blind = char(text)
                canonical.append(text)
            else:
                blind = dollar
                canonical.append(numbers.setdefault(text, f"${len(numbers)}"))
        else:
            canonical.append(blind)
        chars.append(blind)
        after_dot = text == "."
    return digest(canonical), "".join(chars)


def digest(tokens: list[str]) -> str:
    """A stable 16-hex-digit hash of a token stream."""
    data = "\x00".join(tokens).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def features(chars: str) -> tuple[int, ...]:
    """The sorted, distinct hashes of the :data:`SHINGLE`-token shingles of ``chars``.

    Only hashes divisible by :data:`SAMPLE` are kept: a shingle is kept or
    dropped in every unit alike, so shared shingles stay shared.

    Indexed by :mod:`nbrefactor.analysis.clones`: two units that share a rare
    shingle are compared; common shingles (``$ = $ ( $``) are left out there.
    """
    data = chars.encode("utf-32-le")
    width = 4 * SHINGLE
    hashes = {zlib.crc32(data[i : i + width]) for i in range(0, len(data) - width + 4, 4)}
    return tuple(sorted(h for h in hashes if h % SAMPLE == 0))
