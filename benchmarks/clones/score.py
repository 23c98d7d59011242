"""Score clone reports against a generated corpus's ``truth.json``.

Every tool's report becomes a list of *reports*, each a set of function ids:

* nbrefactor: a finding (a clone family) -> the functions its locations fall in;
  each pair of them is one report;
* jscpd / pylint: a duplicated block pair -> the functions each block overlaps
  (line blocks, so a report may touch several functions: it is counted
  correct when any pair it touches was planted - lenient to block tools).

Precision = correct reports / reports; recall per clone type = planted pairs
found / planted pairs, also split by where the two copies live (script or
notebook).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path


@dataclass
class Score:
    reports: int = 0
    correct: int = 0
    found: dict[str, int] = field(default_factory=dict)
    planted: dict[str, int] = field(default_factory=dict)
    negatives_hit: dict[str, int] = field(default_factory=dict)
    #: Wrong reports between two untouched real functions (natural near-duplicates, unlabelled).
    unlabelled: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.reports if self.reports else 1.0

    @property
    def labelled_precision(self) -> float:
        """Precision over reports that touch a planted copy or a hard negative."""
        labelled = self.reports - self.unlabelled
        return self.correct / labelled if labelled else 1.0

    def recall(self, key: str) -> float:
        return self.found.get(key, 0) / self.planted[key] if self.planted.get(key) else float("nan")


class Truth:
    """Where each function of a corpus is, and which pairs were planted."""

    def __init__(self, corpus: Path) -> None:
        data = json.loads((corpus / "truth.json").read_text())
        self.places = data["functions"]
        self.pairs = {frozenset((p["a"], p["b"])): p["type"] for p in data["pairs"]}
        self.negatives = {frozenset((p["a"], p["b"])): p["kind"] for p in data["negatives"]}
        self.touched = {i for pair in (*self.pairs, *self.negatives) for i in pair}
        self._index: dict[tuple[str, int | None], tuple[list[int], list[int]]] = {}
        spans: dict[tuple[str, int | None], list[tuple[int, int]]] = defaultdict(list)
        for i, place in enumerate(self.places):
            spans[(place["path"], place["cell"])].append((place["line"], i))
        for key, items in spans.items():
            items.sort()
            self._index[key] = ([line for line, _ in items], [i for _, i in items])

    def at(self, path: str, cell: int | None, line: int) -> int | None:
        """The function whose span holds ``line``."""
        starts, ids = self._index.get((path, cell), ([], []))
        k = bisect_right(starts, line) - 1
        if k < 0:
            return None
        i = ids[k]
        return i if line <= self.places[i]["end_line"] else None

    def overlapping(self, path: str, first: int, last: int) -> set[int]:
        ids = self._index.get((path, None), ([], []))[1]
        return {i for i in ids if self.places[i]["line"] <= last and first <= self.places[i]["end_line"]}

    def where(self, pair: frozenset[int]) -> str:
        kinds = sorted("nb" if self.places[i]["cell"] is not None else "py" for i in pair)
        return "-".join(kinds)

    def score(self, reports: list[set[int]]) -> Score:
        result = Score()
        for pair, kind in self.pairs.items():
            for key in (f"type {kind}", self.where(pair)):
                result.planted[key] = result.planted.get(key, 0) + 1
        hit: set[frozenset[int]] = set()
        for ids in reports:
            pairs = {frozenset(p) for p in combinations(sorted(ids), 2)}
            result.reports += 1
            planted = pairs & self.pairs.keys()
            result.correct += bool(planted)
            result.unlabelled += not planted and not (ids & self.touched)
            hit |= planted
            for p in pairs & self.negatives.keys():
                result.negatives_hit[self.negatives[p]] = result.negatives_hit.get(self.negatives[p], 0) + 1
        for pair in hit:
            for key in (f"type {self.pairs[pair]}", self.where(pair)):
                result.found[key] = result.found.get(key, 0) + 1
        return result


def nbrefactor_reports(truth: Truth, report: Path) -> list[set[int]]:
    """One report per pair of members of each clone family (NBR101-103)."""
    out = []
    for finding in json.loads(report.read_text())["findings"]:
        if finding["code"] not in ("NBR101", "NBR102", "NBR103"):
            continue
        ids = {truth.at(loc["path"], loc["cell"], loc["start_line"]) for loc in finding["locations"]}
        ids.discard(None)
        out.extend({a, b} for a, b in combinations(sorted(ids), 2))  # type: ignore[arg-type]
    return out


def jscpd_reports(truth: Truth, report: Path, corpus: Path) -> list[set[int]]:
    out = []
    for dup in json.loads(report.read_text()).get("duplicates", []):
        sides = []
        for side in (dup["firstFile"], dup["secondFile"]):
            name = Path(side["name"])
            rel = (name if not name.is_absolute() else name.relative_to(corpus.resolve())).as_posix()
            first = side.get("startLoc", {}).get("line", side.get("start"))
            last = side.get("endLoc", {}).get("line", side.get("end"))
            sides.append(truth.overlapping(rel.removeprefix(corpus.as_posix() + "/"), first, last))
        out.append(_cross(*sides))
    return out


_PYLINT = re.compile(r"^==([\w.]+):\[(\d+):(\d+)\]", re.MULTILINE)


def pylint_reports(truth: Truth, output: str) -> list[set[int]]:
    paths = {Path(p["path"]).stem: p["path"] for p in truth.places if p["cell"] is None}
    out = []
    for block in output.split("R0801")[1:]:
        sides = [
            truth.overlapping(paths.get(m.group(1).split(".")[-1], ""), int(m.group(2)) + 1, int(m.group(3)))
            for m in _PYLINT.finditer(block)
        ]
        if len(sides) >= 2:
            out.append(set().union(*sides) if len(sides) > 2 else _cross(*sides))
    return out


def _cross(a: set[int], b: set[int]) -> set[int]:
    """The functions of a block pair: the report is correct when any planted pair lies across it."""
    return a | b
