"""Natural clones among real functions: the clone generator's own near-duplicate measure.

Real packages hold copies of their own functions: vendored copies, and
functions copied and edited (numpy's ``cheb2poly``/``herme2poly``/``lag2poly``,
torch's ``should_use_remote_autograd_cache``/``should_use_remote_dynamo_pgo_cache``).
Such a pair in the corpus is a clone the labels would not know about, so the
generator takes no function that is a near-duplicate of one already taken.

Two functions are near-duplicates when, with every name blanked to ``N`` and
every literal to ``L`` (keywords and operators kept; docstring and comments
dropped), either

* their **code lines** match at least :data:`NEAR_DUPLICATE`: 2 x the longest
  common subsequence of lines / all lines (difflib's greedy alignment would
  miss a copy whose two blocks were swapped: ``add_dependency`` and
  ``suppress_dependency`` in mypy), or
* their **token sequences** match at least :data:`NEAR_DUPLICATE` (difflib
  ratio over tokens): this sees copies edited inside their lines and copies
  whose lines were rewrapped, which the line measure misses (jinja's
  ``_make_new_gettext`` and ``_make_new_npgettext``).

and they share rare lines, or, for the tokens, rare runs of :data:`SHINGLE`
blanked tokens (at least :data:`MIN_SHARED` of the shorter one's runs; rare:
found in at most :data:`COMMON` functions). That evidence of copying is part
of the definition, not only a speed-up: once every name is blanked, unrelated
functions of one shape reach 0.7 too (a wider net, runs found in up to 1,000
functions and 5 % shared, over 6,000 functions of the 45k corpus found 257
more pairs, 254 of them below 0.8, most of them unrelated code), so the
filter keeps out copies, not look-alikes.

0.7 is BigCloneBench's lower bound of a strongly similar type-3 clone. The
measure owes nothing to nbrefactor, so the corpus does not bend to the tool
under test: it reads tokens with the standard library's ``tokenize``, blanks
*every* name (bound or free, attribute names too) with no renaming analysis,
compares whole sequences (no sampling), and finds candidates through its own
indexes (shared rare lines; shared rare runs of tokens).
"""

from __future__ import annotations

import difflib
import io
import keyword
import tokenize
from collections import Counter, defaultdict
from collections.abc import Sequence

import mutate

#: Blanked code lines or tokens matching this much (difflib ratio) make two functions near-duplicates.
NEAR_DUPLICATE = 0.7
#: An index item (a line, a run of tokens) found in more functions than this (``return N``) proposes no candidate.
COMMON = 200
#: Tokens in a run: functions sharing rare runs of this many blanked tokens are compared...
SHINGLE = 10
#: ... when the rare runs they share are at least this share of the shorter one's runs.
MIN_SHARED = 0.1


def blanked(code: str) -> list[list[str]]:
    """The code lines' tokens (docstring and comments dropped), names blanked to ``N`` and literals to ``L``."""
    skip = mutate.docstring_lines(code)
    rows: dict[int, list[str]] = defaultdict(list)
    for tok in tokenize.generate_tokens(io.StringIO(code).readline):
        if tok.start[0] in skip:
            continue
        if tok.type == tokenize.NAME:
            rows[tok.start[0]].append(tok.string if keyword.iskeyword(tok.string) else "N")
        elif tok.type in (tokenize.NUMBER, tokenize.STRING):
            rows[tok.start[0]].append("L")
        elif tok.type == tokenize.OP:
            rows[tok.start[0]].append(tok.string)
    return [row for _, row in sorted(rows.items())]


def normalised_lines(code: str) -> list[str]:
    """The blanked code lines (see :func:`blanked`), each as one string."""
    return [" ".join(row) for row in blanked(code)]


def tokens(code: str) -> list[str]:
    """The blanked tokens (see :func:`blanked`), one sequence."""
    return [tok for row in blanked(code) for tok in row]


class _Index:
    """Sequences indexed by items (a sequence's lines, or its runs of tokens) to find those near one."""

    def __init__(self, items, min_shared: float = 0.0) -> None:  # type: ignore[no-untyped-def]
        self._items = items
        self._min_shared = min_shared
        self._sizes: list[int] = []
        self._seqs: list[Sequence[str]] = []
        self._postings: dict[str, list[int]] = defaultdict(list)

    def add(self, seq: Sequence[str]) -> None:
        items = _occurrences(self._items(seq))
        for item in items:
            self._postings[item].append(len(self._seqs))
        self._seqs.append(seq)
        self._sizes.append(len(items))

    def near(self, seq: Sequence[str]) -> bool:
        """Whether ``seq`` matches a sequence indexed at least :data:`NEAR_DUPLICATE`.

        Sequences sharing items found in at most :data:`COMMON` of them are candidates
        (at least ``min_shared`` of the fewer items); for lines, the lines shared (as
        multisets, rare ones counted, common ones assumed) bound the ratio before difflib runs.
        """
        shared: Counter[int] = Counter()
        items = _occurrences(self._items(seq))
        common = 0
        for item in items:
            ids = self._postings.get(item, ())
            if len(ids) > COMMON:
                common += 1
            else:
                shared.update(ids)
        for i, n in shared.items():
            other = self._seqs[i]
            if n < self._min_shared * min(len(items), self._sizes[i]):
                continue
            if self._items is list and 2 * (n + common) < NEAR_DUPLICATE * (len(seq) + len(other)):
                continue
            if 2 * min(len(seq), len(other)) < NEAR_DUPLICATE * (len(seq) + len(other)):
                continue
            if self._ratio(seq, other) >= NEAR_DUPLICATE:
                return True
        return False

    def _ratio(self, a: Sequence[str], b: Sequence[str]) -> float:
        if self._items is list:
            return 2 * _common_subsequence(a, b) / (len(a) + len(b))
        return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _common_subsequence(a: Sequence[str], b: Sequence[str]) -> int:
    """The length of the longest common subsequence (difflib's greedy blocks miss swapped ones)."""
    row = [0] * (len(b) + 1)
    for x in a:
        previous = 0
        for j, y in enumerate(b):
            previous, row[j + 1] = row[j + 1], previous + 1 if x == y else max(row[j + 1], row[j])
    return row[-1]


def _shingles(seq: Sequence[str]) -> list[str]:
    if len(seq) < SHINGLE:
        return [" ".join(seq)]
    return [" ".join(seq[k : k + SHINGLE]) for k in range(len(seq) - SHINGLE + 1)]


def _occurrences(items: list[str]) -> list[str]:
    """Each item with its occurrence number: shared items of two sequences are shared as multisets."""
    seen: Counter[str] = Counter()
    out = []
    for item in items:
        out.append(f"{item}\x00{seen[item]}")
        seen[item] += 1
    return out


class Taken:
    """The functions taken so far, indexed to keep natural clones out (see the module docstring)."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self._keys: set[str] = set()
        self._lines = _Index(list)
        self._tokens = _Index(_shingles, MIN_SHARED)

    def add(self, name: str, code: str) -> bool:
        """Take ``code`` unless it is a near-duplicate of a function already taken."""
        rows = blanked(code)
        lines = [" ".join(row) for row in rows]
        toks = [tok for row in rows for tok in row]
        key = "\x00".join(toks)
        if key in self._keys or self._lines.near(lines) or self._tokens.near(toks):
            return False
        self._keys.add(key)
        self.names.add(name)
        self._lines.add(lines)
        self._tokens.add(toks)
        return True
