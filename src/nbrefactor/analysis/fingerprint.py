"""Normalised token streams and fingerprints of code, for clone detection.

A unit's source is split into tokens by one regular expression (comments and
layout disappear, as in a type-1 clone), then normalised two ways:

* **canonical** (type 2): every identifier that is not a keyword, a builtin or
  an attribute name becomes ``$n``, numbered by first occurrence, and every
  literal becomes ``S``, ``N`` or ``K`` (``True``, ``False``, ``None``); two units
  with equal canonical streams are the same code under a consistent renaming and
  changed literals;
* **blinded** (type 3): the same, but every identifier becomes ``$``, so that
  an inserted statement does not renumber the rest; kept as a string with one
  character per token (see :func:`streams`).

Every hash here is stable across processes and runs (``zlib.crc32`` and
``blake2b``, never :func:`hash`), so fingerprints can be cached and compared
between worker processes. The blinded stream is stored as a string with one
character per token, which :mod:`difflib` compares quickly.

Speed: the unit tokenizer skips layout and comments itself and reads an
attribute name together with its dot (``.mean``), so a token's normal forms
never depend on its neighbours: they are computed once per distinct token and
process (:func:`_learn`), and a unit costs one regular-expression pass, one
loop of table look-ups and one ``crc32`` per shingle. :func:`raw_tokens` (a
dot is a token of its own) gives the tokens the blinded stream has one
character for, which :mod:`nbrefactor.analysis.drift` aligns.
"""

from __future__ import annotations

import builtins
import hashlib
import keyword
import re
import zlib
from itertools import islice

#: Strings, numbers, names and operators (every other non-space character is a token too).
_TOKEN = r"""
    [rRbBuUfF]{0,3}(?:'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")
    |0[xXoObB][\da-fA-F_]+
    |(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?
    |[^\W\d]\w*
    |\*\*=?|//=?|>>=?|<<=?|->|:=|\.\.\.|[-+*/%&|^@<>=!]=|\S
"""
#: A comment or a token.
TOKEN_RE = re.compile(r"\#[^\n]*|" + _TOKEN, re.VERBOSE)
_LAYOUT = r"(?:\s+|\#[^\n]*)*+"
#: An attribute: a dot, layout or comments, the attribute name (group 1).
_ATTRIBUTE = re.compile(r"\." + _LAYOUT + r"([^\W\d]\w*)")
#: One token after any layout and comments (group 1, empty at the end of the code): the
#: most common tokens first (brackets, ``=``, names not followed by a quote: ``rb"x"`` is
#: a string), an attribute name with its dot (``.mean``), then any token as above.
_UNIT_TOKEN_RE = re.compile(
    _LAYOUT
    + r"""(?:([()\[\],]|=(?!=)|[^\W\d]\w*+(?!['"])|\."""
    + _LAYOUT
    + r"""[^\W\d]\w*+(?!['"])|"""
    + _TOKEN
    + r")|\Z)",
    re.VERBOSE,
)
#: Names a renaming never touches: keywords and builtins.
KEPT_NAMES = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))
#: Token classes (see :func:`token_kind`).
NAME, LITERAL, OTHER = "name", "literal", "other"
#: Tokens per shingle, and one shingle in SAMPLE is kept (the same ones in every unit).
SHINGLE, SAMPLE = 5, 2


#: The keywords that are literals: changing ``verbose=True`` to ``verbose=False`` changes a literal.
CONSTANTS = frozenset({"True", "False", "None"})


def token_kind(text: str) -> str:
    """NAME, LITERAL (strings, numbers, ``True``, ``False``, ``None``) or OTHER."""
    first = text[0]
    if first in "'\"" or text[-1] in "'\"":
        return LITERAL
    if first.isdigit() or (first == "." and len(text) > 1):
        return LITERAL
    if first.isalpha() or first == "_":
        return LITERAL if text in CONSTANTS else NAME
    return OTHER


def _literal_class(text: str) -> str:
    """What a literal becomes in the normal forms: ``S`` (a string), ``K`` (``True``,
    ``False``, ``None``) or ``N`` (a number)."""
    return "S" if text[-1] in "'\"" else "K" if text in CONSTANTS else "N"


def tokens(code: str) -> list[str]:
    """The tokens of ``code``, comments dropped, an attribute name read with its dot (``.mean``)."""
    found = _UNIT_TOKEN_RE.findall(code)
    while found and not found[-1]:
        found.pop()
    return found


def raw_tokens(code: str) -> list[str]:
    """The tokens of ``code``, comments dropped, every dot a token of its own."""
    return [t for t in TOKEN_RE.findall(code) if t[0] != "#"]


def _pieces(token: str) -> tuple[str, ...]:
    attribute = _ATTRIBUTE.fullmatch(token) if token[0] == "." else None
    return (".", attribute[1]) if attribute else (token,)


def char(text: str) -> str:
    """One stable character for a token (a 20-bit hash), for fast sequence comparison."""
    return chr(0x10000 + zlib.crc32(text.encode("utf-8", "surrogatepass")) % 0xFFFF0)


#: Per distinct token, learnt once: its blinded characters and its canonical
#: pieces joined with NUL (a renamable name as itself: its own character, its text).
_BLIND: dict[str, str] = {}
_CANON: dict[str, str] = {}
#: The renamable names: identifiers, neither keywords nor builtins.
_RENAMABLE: set[str] = set()
#: Attribute tokens with layout or a comment after the dot, and their raw form (``.mean``).
_SPACED: dict[str, str] = {}
_CACHE_LIMIT = 200_000
#: The blinded character of every renamable name (``$``).
DOLLAR = char("$")
_DOT = char(".")


def _normal(token: str) -> tuple[str, str, bool]:
    """(blinded character, canonical piece, renamable) of a token that is not an attribute."""
    kind = token_kind(token)
    if kind == LITERAL:
        blind = char(_literal_class(token))
        return blind, blind, False
    if kind == NAME and token not in KEPT_NAMES:
        return char(token), token, True
    blind = char(token)
    return blind, blind, False


def _learn(token: str) -> str:
    """Add the normal forms of a new token to the tables; its blinded characters."""
    if len(_BLIND) > _CACHE_LIMIT:
        for table in (_BLIND, _CANON, _RENAMABLE, _SPACED):
            table.clear()
    pieces = _pieces(token)
    if len(pieces) == 2:  # an attribute name: never renamed
        blind, canon, _ = _normal(pieces[1])
        _BLIND[token] = _DOT + blind
        _CANON[token] = _DOT + "\x00" + canon
        if len(token) != 1 + len(pieces[1]):
            _SPACED[token] = "." + pieces[1]
    else:
        _BLIND[token], _CANON[token], renamable = _normal(token)
        if renamable:
            _RENAMABLE.add(token)
    return _BLIND[token]


def streams(found: list[str], bound: frozenset[str] | None = None) -> tuple[str, str, str]:
    """The canonical digest (type 2), the blinded stream (type 3) and the raw digest (type 1) of ``found``.

    ``found`` are the tokens of a unit (see :func:`tokens`); the blinded
    stream has one character per raw token. An identifier is renamable unless
    it is a keyword, a builtin or an attribute name (after ``.``), and, when
    ``bound`` is given, unless it is one of those names (the unit's own
    parameters and locals: free names such as imported helpers keep their
    identity); in the canonical stream it becomes ``$n`` (numbered by first
    occurrence), in the blinded stream ``$``. Literals become ``S`` (strings),
    ``N`` (numbers) or ``K`` (``True``, ``False``, ``None``) in both. The raw
    digest hashes the tokens without layout (an attribute as ``.mean``).
    """
    blind_of, canon_of = _BLIND, _CANON
    renamable = _RENAMABLE if bound is None else bound
    numbers: dict[str, str] = {}
    chars: list[str] = []
    canonical: list[str] = []
    for token in found:
        blind = blind_of.get(token) or _learn(token)
        if token in renamable:
            chars.append(DOLLAR)
            number = numbers.get(token)
            if number is None:
                number = numbers[token] = f"${len(numbers)}"
            canonical.append(number)
        else:
            chars.append(blind)
            canonical.append(canon_of[token])
    raw = "\x00".join(map(_SPACED.get, found, found) if _SPACED else found)
    return _hash("\x00".join(canonical)), "".join(chars), _hash(raw)


def count(found: list[str]) -> int:
    """The number of raw tokens (an attribute counts its dot) in ``found``."""
    return sum(len(_pieces(token)) for token in found)


def _hash(joined: str) -> str:
    return hashlib.blake2b(joined.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def digest(found: list[str]) -> str:
    """A stable 16-hex-digit hash of a token stream."""
    return _hash("\x00".join(found))


#: ``_WINDOWS[i]`` slices the ``i``-th shingle out of a blinded stream encoded in UTF-32
#: (the slices are reused by every unit; the list grows with the longest unit).
_WINDOWS: list[slice] = []


def features(chars: str) -> tuple[int, ...]:
    """The distinct hashes of the :data:`SHINGLE`-token shingles of ``chars`` (in a deterministic order).

    Only hashes divisible by :data:`SAMPLE` are kept: a shingle is kept or
    dropped in every unit alike, so shared shingles stay shared.

    Indexed by :mod:`nbrefactor.analysis.clones`: two units that share a rare
    shingle are compared; common shingles (``$ = $ ( $``) are left out there.
    """
    count = len(chars) - SHINGLE + 1
    while len(_WINDOWS) < count:
        start = 4 * len(_WINDOWS)
        _WINDOWS.append(slice(start, start + 4 * SHINGLE))
    windows = map(chars.encode("utf-32-le").__getitem__, islice(_WINDOWS, max(count, 0)))
    return tuple([h for h in set(map(zlib.crc32, windows)) if not h % SAMPLE])
