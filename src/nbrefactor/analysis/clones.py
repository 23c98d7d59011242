"""Clone families: units grouped by exact fingerprints and by similarity.

Candidate generation is sub-quadratic:

1. units with the same canonical (type-2) hash form exact groups, one
   representative each (a helper pasted thirty times costs one comparison);
2. representatives are indexed by their token shingles; a shingle shared by
   more than :data:`MAX_POSTING` representatives carries no information and
   is dropped (SourcererCC-style), so the index costs O(n * MAX_POSTING);
3. representatives sharing enough rare shingles (:data:`MIN_SHARED`) are
   compared: a length bound, then :mod:`difflib` similarity of the blinded
   token streams, less the aligned names that break a one-to-one renaming
   (:class:`Matcher`), against the type-3 threshold.

Families are star clusters, not connected components (which chain A~B~C
into one family although A and C differ): representatives are taken in
order (a module's copy first, then the most connected), each with the
untaken representatives similar to it, so every member is similar to the
family's centre. The result is a deterministic function of the units and
thresholds (no randomness, stable hashes).
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain
from typing import Any, Callable, Iterable, Mapping, NamedTuple, Sequence, Union

from nbrefactor.analysis import align
from nbrefactor.analysis import fingerprint as fp
from nbrefactor.analysis.units import CLASS, METHOD, Unit

#: A shingle shared by more representatives than this is too common to index.
MAX_POSTING = 32
#: Pairs sharing fewer rare shingles than this fraction of the smaller unit's are not compared.
MIN_SHARED = 0.15


#: A unit, or the part of it that a similarity needs (:class:`Streams`).
Comparable = Union[Unit, "Streams"]


class Matcher:
    """Similarity of two units, memoised per pair of canonical streams.

    The blinded streams are aligned with :mod:`difflib`; the similarity is
    2 * matched / total tokens, where an aligned pair of renamable names counts
    as matched only when it follows the renaming of the whole alignment: a
    copy renames its names one-to-one (``df`` to ``frame`` everywhere), while
    two different functions of one shape bind different names in the same
    places (``alias = self._get_param(...)`` against ``filters = ...``). The
    renaming is each name's most frequent partner, in both directions. The
    result is the same for every unit of a canonical group (their names differ
    by a one-to-one renaming), so it is memoised per pair of groups.
    """

    def __init__(self) -> None:
        self._done: dict[tuple[str, str], tuple[float, tuple[tuple[int, int, int], ...]]] = {}
        self._tokens: dict[str, list[str]] = {}
        #: A sequence matcher per second stream: difflib indexes its second sequence once
        #: for every first one compared with it (candidate pairs share units).
        self._by_second: dict[str, difflib.SequenceMatcher[str]] = {}

    def _sequences(self, a: Comparable, b: Comparable) -> difflib.SequenceMatcher[str]:
        """A matcher of ``a.chars`` against ``b.chars`` (``a`` the smaller canonical hash)."""
        matcher = self._by_second.get(b.chars)
        if matcher is None:
            if len(self._by_second) >= 64:
                self._by_second.clear()
            matcher = self._by_second[b.chars] = difflib.SequenceMatcher(None, "", b.chars, autojunk=False)
        matcher.set_seq1(a.chars)
        return matcher

    def bound(self, a: Comparable, b: Comparable) -> float:
        """An upper bound of the similarity (``difflib``'s quick ratio: the token multisets' overlap)."""
        return self._sequences(*sorted((a, b), key=lambda u: u.canonical)).quick_ratio()

    def compare(self, a: Comparable, b: Comparable) -> tuple[float, tuple[tuple[int, int, int], ...]]:
        """(similarity, matching blocks ``(i, j, size)`` of ``a.chars`` and ``b.chars``)."""
        found = self.reaching(a, b, 0.0)
        assert found is not None  # every alignment reaches 0
        return found

    def reaching(
        self, a: Comparable, b: Comparable, limit: float
    ) -> tuple[float, tuple[tuple[int, int, int], ...]] | None:
        """:meth:`compare`, or None as soon as the alignment shows the similarity is below ``limit``."""
        if a.canonical > b.canonical:
            found = self.reaching(b, a, limit)
            return found and (found[0], tuple((j, i, size) for i, j, size in found[1]))
        key = (a.canonical, b.canonical)
        if key not in self._done:
            if a.chars == b.chars:
                self._done[key] = (1.0, ((0, 0, len(a.chars)),))
            else:
                la, lb = len(a.chars), len(b.chars)
                needed = limit * (la + lb) / 2
                if la * lb > align.LINE_FIRST:
                    blocks = align.line_first_blocks(a, b, needed)
                else:
                    blocks = align.matching_blocks(self._sequences(a, b), la, lb, needed)
                if blocks is None:
                    return None
                matched = sum(size for _, _, size in blocks) - self._renaming_breaks(a, b, blocks)
                self._done[key] = (2 * matched / (la + lb), blocks)
        return self._done[key]

    def remember(self, a: Comparable, b: Comparable, score: float, blocks: tuple[tuple[int, int, int], ...]) -> None:
        """Record ``compare(a, b)`` computed elsewhere (another process)."""
        if a.canonical > b.canonical:
            a, b, blocks = b, a, tuple((j, i, size) for i, j, size in blocks)
        self._done[(a.canonical, b.canonical)] = (score, blocks)

    def _renaming_breaks(self, a: Comparable, b: Comparable, blocks: Sequence[tuple[int, int, int]]) -> int:
        """Aligned pairs of renamable names that do not follow the alignment's one-to-one renaming."""
        names = align.aligned_names(self._raw(a), self._raw(b), a.chars, blocks)
        to, back = align.renaming(names)
        return sum(1 for x, y in names if to[x] != y or back[y] != x)

    def _raw(self, unit: Comparable) -> list[str]:
        if unit.raw not in self._tokens:
            self._tokens[unit.raw] = fp.raw_tokens(unit.text)
        return self._tokens[unit.raw]


@dataclass(frozen=True)
class Member:
    """A unit in a family, compared with the family's canonical member."""

    unit: Unit
    type: int  # 1 identical, 2 renamed, 3 drifted (0 for the canonical member)
    similarity: float
    #: Matching blocks ``(i, j, size)`` of the canonical member's and this member's blinded streams.
    blocks: tuple[tuple[int, int, int], ...] = ()


@dataclass(frozen=True)
class Family:
    """Units that are copies of each other; ``members[0]`` is the canonical one."""

    members: tuple[Member, ...]
    reason: str

    @property
    def canonical(self) -> Unit:
        return self.members[0].unit

    @property
    def type(self) -> int:
        return max(m.type for m in self.members[1:])

    @property
    def similarity(self) -> float:
        return min(m.similarity for m in self.members[1:])


def candidate_pairs(reps: Sequence[Unit]) -> list[tuple[int, int]]:
    """Pairs of representatives sharing rare shingles: at least :data:`MIN_SHARED` of the smaller one's.

    Representatives are added to the index one at a time, each first counting
    the earlier ones it shares rare shingles with (one C-level count per
    representative, no pair tuples): every pair is counted once.
    """
    df = Counter(chain.from_iterable(unit.features for unit in reps))
    rare = {f for f, n in df.items() if 1 < n <= MAX_POSTING}
    limits = [MIN_SHARED * len(unit.features) for unit in reps]
    postings: defaultdict[int, list[int]] = defaultdict(list)
    pairs: list[tuple[int, int]] = []
    for i, unit in enumerate(reps):
        lists = list(map(postings.__getitem__, rare.intersection(unit.features)))
        shared = Counter(chain.from_iterable(lists))
        limit = limits[i]
        pairs += [(j, i) for j, n in shared.items() if n >= limit or n >= limits[j]]
        for ids in lists:
            ids.append(i)
    return sorted(pairs)


#: A parallel ``map`` (same results and order as the builtin): the engine passes one over
#: its worker processes; the verification below is the costly part of a clone search.
ParallelMap = Callable[[Callable[[Any], Any], Sequence[Any]], Iterable[Any]]
#: Candidate pairs per verification task (each task carries its pairs' units to a worker).
TASK_PAIRS = 64

_Verified = tuple[int, int, float, tuple[tuple[int, int, int], ...]]


class Streams(NamedTuple):
    """What :class:`Matcher` reads of a unit (all a verification task carries to a worker)."""

    canonical: str
    chars: str
    raw: str
    text: str


def streams(unit: Unit) -> Streams:
    """What a task in another process needs of ``unit`` to compare it (or show its drift)."""
    return Streams(unit.canonical, unit.chars, unit.raw, unit.text)


def _verify(task: tuple[list[tuple[int, int, float]], dict[int, Streams]]) -> list[_Verified]:
    """(i, j, similarity, blocks) of the task's pairs that reach their limit."""
    pairs, units = task
    matcher = Matcher()
    out = []
    for i, j, limit in pairs:
        a, b = units[i], units[j]
        if matcher.bound(a, b) < limit:
            continue
        found = matcher.reaching(a, b, limit)
        if found is not None and found[0] >= limit:
            out.append((i, j, *found))
    return out


def _todo(reps: Sequence[Unit], threshold: Callable[[Unit], float]) -> list[tuple[int, int, float]]:
    """Candidate pairs with the stricter of the two units' thresholds, those the lengths allow."""
    todo: list[tuple[int, int, float]] = []
    for i, j in candidate_pairs(reps):
        a, b = reps[i], reps[j]
        limit = max(threshold(a), threshold(b))
        la, lb = len(a.chars), len(b.chars)
        if 2 * min(la, lb) / (la + lb) >= limit:
            todo.append((i, j, limit))
    return todo


def similar_pairs(
    reps: Sequence[Unit], todo: Sequence[tuple[int, int, float]], matcher: Matcher, pmap: ParallelMap = map
) -> Iterable[tuple[int, int, float]]:
    """The pairs of ``todo`` (indexes into ``reps``, limits) that reach their limit, in order.

    The alignments are computed in tasks through ``pmap`` and remembered by ``matcher``
    (family members are compared with their centre again to show the drift).
    """
    tasks = []
    for start in range(0, len(todo), TASK_PAIRS):
        pairs = todo[start : start + TASK_PAIRS]
        tasks.append((pairs, {k: streams(reps[k]) for i, j, _ in pairs for k in (i, j)}))
    found = [v for verified in pmap(_verify, tasks) for v in verified]
    for i, j, score, blocks in found:
        matcher.remember(reps[i], reps[j], score, blocks)
        yield i, j, score


class _Category(NamedTuple):
    """The units of one category grouped by canonical hash, a representative each; ``first`` is
    the index of its first representative among all categories'."""

    groups: dict[str, list[Unit]]
    reps: list[Unit]
    first: int


def find_families(
    units: Sequence[Unit], threshold: Callable[[Unit], float], pmap: ParallelMap = map
) -> list[Family]:
    """Clone families among ``units`` (in the given order), canonical member first.

    ``pmap`` runs the pair verification, every category's in one go (a parallel map gives
    the same families)."""
    by_category: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        by_category[unit.category].append(unit)
    categories: list[_Category] = []
    reps: list[Unit] = []
    todo: list[tuple[int, int, float]] = []
    for members in by_category.values():
        groups: dict[str, list[Unit]] = {}
        for unit in members:
            groups.setdefault(unit.canonical, []).append(unit)
        category = _Category(groups, [group[0] for group in groups.values()], len(reps))
        todo += [(category.first + i, category.first + j, limit) for i, j, limit in _todo(category.reps, threshold)]
        reps += category.reps
        categories.append(category)
    matcher = Matcher()
    near: dict[int, list[int]] = defaultdict(list)
    for i, j, _score in similar_pairs(reps, todo, matcher, pmap):
        near[i].append(j)
        near[j].append(i)
    families = [f for category in categories for f in _stars(category, near, matcher)]
    families = _drop_subsumed(families)
    families.sort(key=lambda f: _order(f.canonical))
    return families


def _order(unit: Unit) -> tuple[str, int, int, int]:
    loc = unit.location
    return (loc.path, -1 if loc.cell is None else loc.cell, loc.start_line, loc.start_column)


def _stars(category: _Category, near: Mapping[int, list[int]], matcher: Matcher) -> list[Family]:
    """Star clusters of one category: each family is a centre and the copies similar to it
    (never a chain). ``near`` holds the similar pairs, by index among all categories' representatives."""
    groups, first = category.groups, category.first
    reps = category.reps

    def neighbours(i: int) -> list[int]:
        return [n - first for n in near.get(first + i, ())]

    def rank(i: int) -> tuple[bool, int, int]:
        return (not any(u.module for u in groups[reps[i].canonical]), -len(neighbours(i)), i)

    taken: set[int] = set()
    out = []
    for centre in sorted(range(len(reps)), key=rank):
        if centre in taken:
            continue
        ids = [centre, *sorted(n for n in neighbours(centre) if n not in taken)]
        taken.update(ids)
        members = [u for i in ids for u in groups[reps[i].canonical]]
        if len(members) > 1:
            out.append(_family(members, groups[reps[centre].canonical], len(neighbours(centre)), matcher))
    return out


def _family(members: list[Unit], centre: list[Unit], degree: int, matcher: Matcher) -> Family:
    """The canonical member (of the centre's exact copies, a module's first) compared with every member."""
    canonical = min(centre, key=lambda u: (not u.module, _order(u)))
    rest = sorted((u for u in members if u is not canonical), key=_order)
    compared = tuple(_compare(canonical, unit, matcher) for unit in rest)
    return Family((Member(canonical, 0, 1.0), *compared), _reason(canonical, members, degree))


def _compare(canonical: Unit, unit: Unit, matcher: Matcher) -> Member:
    if unit.raw == canonical.raw:
        return Member(unit, 1, 1.0)
    score, blocks = matcher.compare(canonical, unit)
    return Member(unit, 2 if unit.canonical == canonical.canonical else 3, round(score, 4), blocks)


def _reason(canonical: Unit, members: list[Unit], degree: int) -> str:
    modules = sum(1 for u in members if u.module)
    if canonical.module and modules == 1:
        return "the only copy in an importable module (.py script)"
    reason = "in an importable module; " if canonical.module and modules < len(members) else ""
    if degree > 1:
        return reason + f"similar to the most other versions ({degree})"
    return reason + "first in path order"


def _inside(inner: Unit, outer: Unit) -> bool:
    a, b = inner.location, outer.location
    return (
        a.path == b.path
        and a.cell == b.cell
        and b.start_line <= a.start_line
        and (a.end_line or 0) <= (b.end_line or 0)
    )


def _drop_subsumed(families: list[Family]) -> list[Family]:
    """Drop method families whose every member lies in one family of copied classes."""
    classes = [f for f in families if f.canonical.kind == CLASS]
    if not classes:
        return families

    def subsumed(family: Family) -> bool:
        if any(m.unit.kind != METHOD for m in family.members):
            return False
        return any(
            all(any(_inside(m.unit, c.unit) for c in cls.members) for m in family.members) for cls in classes
        )

    return [f for f in families if not subsumed(f)]


# --- Comparing one pair (used by the pre-commit gate, nbrefactor.engine.gate) ---


def compare(original: Unit, copy: Unit) -> Member:
    """``copy`` as a member compared with ``original``: its clone type and similarity."""
    return _compare(original, copy, Matcher())
