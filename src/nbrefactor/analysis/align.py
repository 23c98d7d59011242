"""Aligning two units' blinded token streams: which tokens of one match tokens of the other.

:func:`matching_blocks` finds :mod:`difflib`'s matching blocks (the longest match of a
range, then the ranges on either side) and gives up as soon as a pair can no longer reach
the similarity it needs; two long units (see :data:`LINE_FIRST`) are aligned line by line
first (:func:`line_first_blocks`). :func:`renaming` reads, from the names an alignment
pairs (:func:`aligned_names`), the one-to-one renaming a copy follows: the similarity
counts the pairs that break it, and the drift reports it.
"""

from __future__ import annotations

import difflib
from bisect import bisect_right
from collections import Counter, defaultdict
from typing import Protocol, Sequence

from nbrefactor.analysis import fingerprint as fp

#: Two units whose lengths multiply to more tokens than this are aligned line by line first:
#: difflib's cost grows with that product, and generated code holds functions of 10,000 tokens.
LINE_FIRST = 1_500_000

#: Matching blocks ``(i, j, size)``: ``a[i:i + size] == b[j:j + size]``, in order.
Blocks = tuple[tuple[int, int, int], ...]


class Aligned(Protocol):
    """What alignment reads of a unit: its source text and its blinded stream (one
    character per raw token of the text)."""

    @property
    def text(self) -> str: ...

    @property
    def chars(self) -> str: ...


def matching_blocks(
    sm: difflib.SequenceMatcher[str], la: int, lb: int, needed: float = 0.0
) -> Blocks | None:
    """``sm.get_matching_blocks()`` (of sequences of lengths ``la`` and ``lb``) as ``(i, j, size)``
    tuples: the same blocks, found the same way (the longest match of a range, then the ranges
    on either side), or None as soon as fewer than ``needed`` elements can still match (what is
    matched so far, plus, for each range left, the shorter of its two sides)."""
    queue = [(0, la, 0, lb)]
    possible = min(la, lb)
    found: list[tuple[int, int, int]] = []
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        possible -= min(ahi - alo, bhi - blo)
        i, j, k = sm.find_longest_match(alo, ahi, blo, bhi)
        if k:
            found.append((i, j, k))
            possible += k
            if alo < i and blo < j:
                queue.append((alo, i, blo, j))
                possible += min(i - alo, j - blo)
            if i + k < ahi and j + k < bhi:
                queue.append((i + k, ahi, j + k, bhi))
                possible += min(ahi - i - k, bhi - j - k)
        if possible < needed:
            return None
    return _merged(found)


def _merged(found: list[tuple[int, int, int]]) -> Blocks:
    """Blocks in order, adjacent ones made one (as difflib does)."""
    found.sort()
    merged: list[tuple[int, int, int]] = []
    for i, j, k in found:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + k)
        else:
            merged.append((i, j, k))
    return tuple(merged)


def line_first_blocks(a: Aligned, b: Aligned, needed: float = 0.0) -> Blocks | None:
    """Matching blocks of two long units' blinded streams, found line by line: :mod:`difflib`
    aligns their lines (each line's tokens as one element), equal lines match token for token,
    and the tokens of lines that differ are aligned within each differing region (when that
    region is small enough; see :data:`LINE_FIRST`). None when fewer than ``needed`` match."""
    lines_a, lines_b = _lines(a), _lines(b)
    ends_a, ends_b = [start for start, _ in lines_a] + [len(a.chars)], [start for start, _ in lines_b] + [len(b.chars)]
    found: list[tuple[int, int, int]] = []
    ops = difflib.SequenceMatcher(None, [t for _, t in lines_a], [t for _, t in lines_b], autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        x0, x1, y0, y1 = ends_a[i1], ends_a[i2], ends_b[j1], ends_b[j2]
        if tag == "equal":
            found.append((x0, y0, x1 - x0))
        elif 0 < (x1 - x0) * (y1 - y0) <= LINE_FIRST:
            region = difflib.SequenceMatcher(None, a.chars[x0:x1], b.chars[y0:y1], autojunk=False)
            found += [(x0 + i, y0 + j, k) for i, j, k in matching_blocks(region, x1 - x0, y1 - y0) or ()]
    blocks = _merged(found)
    return blocks if sum(k for _, _, k in blocks) >= needed else None


def _lines(unit: Aligned) -> list[tuple[int, str]]:
    """(index of its first token, its blinded characters) of each line of ``unit`` with tokens."""
    newlines = [i for i, c in enumerate(unit.text) if c == "\n"]
    starts: list[int] = []
    line, count = -1, 0
    for match in fp.TOKEN_RE.finditer(unit.text):  # the raw tokens, one per blinded character
        if match.group()[0] == "#":
            continue
        at = bisect_right(newlines, match.start())
        if at != line:
            starts.append(count)
            line = at
        count += 1
    ends = starts[1:] + [count]
    return [(start, unit.chars[start:end]) for start, end in zip(starts, ends, strict=True)]


def aligned_names(
    ta: Sequence[str], tb: Sequence[str], chars: str, blocks: Sequence[tuple[int, int, int]]
) -> list[tuple[str, str]]:
    """The pairs of renamable names (``$`` in the blinded ``chars`` of ``ta``) that the matching
    ``blocks`` align, in order: raw tokens ``ta[i]`` and ``tb[j]``, equal or not."""
    return [(ta[i + k], tb[j + k]) for i, j, size in blocks for k in range(size) if chars[i + k] == fp.DOLLAR]


def renaming(names: Sequence[tuple[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    """The renaming an alignment's name pairs follow: each name's most frequent partner, forward
    (first copy to second) and back, in order of first appearance. A name aligned with itself
    most often is not renamed; a pair ``x, y`` follows the renaming when ``to[x] == y`` and
    ``back[y] == x`` (one-to-one: a swap of two names is a renaming, two names merged are not)."""
    forward: dict[str, Counter[str]] = defaultdict(Counter)
    backward: dict[str, Counter[str]] = defaultdict(Counter)
    for x, y in names:
        forward[x][y] += 1
        backward[y][x] += 1
    return (
        {x: c.most_common(1)[0][0] for x, c in forward.items()},
        {y: c.most_common(1)[0][0] for y, c in backward.items()},
    )
