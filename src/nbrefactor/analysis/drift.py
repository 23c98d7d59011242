"""What differs between two copies: renamings, changed literals and a readable diff.

The tokens of both copies are aligned on their blinded streams; where they
line up, a different identifier is a renaming and a different literal a
changed literal. The diff compares the copies' code lines with comments and
blank lines dropped and the copy's identifiers renamed back, so it shows only
what a reviewer has to look at: statements added, removed or changed.
"""

from __future__ import annotations

import difflib
import textwrap
from dataclasses import dataclass
from typing import Mapping, Sequence

from nbrefactor.analysis import fingerprint as fp
from nbrefactor.analysis.align import Aligned, aligned_names, renaming

#: At most this many changed literals are listed.
MAX_LITERALS = 10


@dataclass(frozen=True)
class Drift:
    """How ``other`` differs from ``canonical``."""

    renamings: tuple[tuple[str, str], ...]  # (name in canonical, name in the copy)
    literals: tuple[tuple[str, str], ...]  # (literal in canonical, literal in the copy)
    diff: str  # unified diff, the copy renamed back to the canonical names
    added: int
    removed: int
    changed: int

    def summary(self) -> str:
        """``2 statements changed, 1 added`` (empty when no statement differs)."""
        parts = [f"{n} {word}" for n, word in ((self.changed, "changed"), (self.added, "added"), (self.removed, "removed")) if n]
        if not parts:
            return ""
        total = self.changed + self.added + self.removed
        return f"{total} line{'s' if total != 1 else ''} differ ({', '.join(parts)})"


def drift(
    canonical: Aligned,
    other: Aligned,
    blocks: Sequence[tuple[int, int, int]],
    labels: tuple[str, str],
    consistent: bool = False,
) -> Drift:
    """How ``other`` differs from ``canonical``, given the matching blocks of their blinded streams.

    ``consistent``: the copy is the canonical code under a consistent renaming (type 2), so
    every pair of the alignment's one-to-one renaming holds; otherwise only those that
    explain a line (:func:`_explaining`)."""
    ta, tb = fp.raw_tokens(canonical.text), fp.raw_tokens(other.text)
    literals: list[tuple[str, str]] = []
    for i, j, size in blocks:
        for a, b, blind in zip(ta[i : i + size], tb[j : j + size], canonical.chars[i : i + size], strict=True):
            if a != b and blind != fp.DOLLAR and fp.token_kind(a) == fp.LITERAL and (a, b) not in literals:
                literals.append((a, b))
    to, back = renaming(aligned_names(ta, tb, canonical.chars, blocks))
    lines_a = _code_lines(canonical.text, {})
    renamings = tuple((a, b) for a, b in to.items() if a != b and back[b] == a)
    if not consistent:
        renamings = _explaining(renamings, lines_a, other.text)
    lines_b = _code_lines(other.text, {new: old for old, new in renamings})
    added = removed = changed = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, lines_a, lines_b, autojunk=False).get_opcodes():
        if tag != "equal":
            common = min(i2 - i1, j2 - j1)
            changed += common
            removed += i2 - i1 - common
            added += j2 - j1 - common
    diff = "\n".join(difflib.unified_diff(lines_a, lines_b, *labels, n=1, lineterm=""))
    return Drift(renamings, tuple(literals[:MAX_LITERALS]), diff, added, removed, changed)


def _explaining(
    pairs: tuple[tuple[str, str], ...], lines_a: list[str], other: str
) -> tuple[tuple[str, str], ...]:
    """The pairs of a renaming (name in the canonical copy, name in the copy) that explain a line:
    a code line of the copy that holds the copy's name and another name or keyword and, renamed
    back, is a line of the canonical copy but for its literals (``lr = 0.1`` against
    ``momentum = 0.9`` explains nothing).

    Where statements changed, the alignment also pairs names that are not renamings (``np``
    with a function called in a rewritten line): no line renamed back with them reads as the
    canonical code, so they are neither reported nor applied to the diff, which then shows
    only code that exists.
    """
    if not pairs:
        return ()
    back = {new: old for old, new in pairs}
    canonical = {_literals_blinded(fp.raw_tokens(line)) for line in lines_a}
    used: set[str] = set()
    for line in _code_lines(other, {}):
        tokens = fp.raw_tokens(line)
        renamed = fp.raw_tokens(_rewrite(line, back))  # names only change: the tokens still pair up
        names = {a for a, b in zip(tokens, renamed, strict=True) if a != b}
        if names and not names <= used and _literals_blinded(renamed) in canonical:
            if any(t not in names and fp.token_kind(t) == fp.NAME for t in tokens):
                used |= names
    return tuple((a, b) for a, b in pairs if b in used)


def _literals_blinded(tokens: list[str]) -> tuple[str, ...]:
    """A line's tokens, every literal the same."""
    return tuple("\x00" if fp.token_kind(t) == fp.LITERAL else t for t in tokens)


def _code_lines(code: str, rename: Mapping[str, str]) -> list[str]:
    """Code lines without comments or blank lines, identifiers renamed, dedented.

    Lines are rewritten one at a time (only those with a comment or a renamed
    name): a display of a multi-line string may lose a ``#`` part, nothing else.
    """
    out = []
    for line in code.split("\n"):
        if "#" in line or (rename and any(name in line for name in rename)):
            line = _rewrite(line, rename)
        if line.strip():
            out.append(line.rstrip())
    return textwrap.dedent("\n".join(out)).split("\n")


def _rewrite(line: str, rename: Mapping[str, str]) -> str:
    parts: list[str] = []
    pos = 0
    previous = ""
    for match in fp.TOKEN_RE.finditer(line):
        text = match.group()
        parts.append(line[pos : match.start()])
        pos = match.end()
        if text[0] == "#":
            continue
        parts.append(rename.get(text, text) if previous != "." else text)
        previous = text
    parts.append(line[pos:])
    return "".join(parts)


#: No difference (type-1 copies).
NO_DRIFT = Drift((), (), "", 0, 0, 0)
