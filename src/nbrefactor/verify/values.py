"""Recover data from text: the numbers in a repr, the cells of an HTML table.

Tensors, arrays, data frames and dicts of metrics all print as text whose
*shape* (brackets, names, separators) must match exactly and whose *numbers*
must match within tolerances. Whitespace next to numbers and punctuation is
ignored in the shape: column alignment shifts with the width of the numbers. :func:`split_numbers` separates the two, so
``tensor([0.5100, 0.3800])`` and ``tensor([0.51, 0.38])`` compare as data.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Sequence

_NUMBER = re.compile(
    r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])|(?<![\w.])[-+]?(?:nan|inf|NaN|Inf)(?![\w.])"
)
_SPACE = re.compile(r"\s+")
_PUNCT_SPACE = re.compile(r" ?([#\[\](){},;:]) ?")

#: The reprs recognised as data, for the report: name -> pattern at the start of the text.
DATA_KINDS = (
    ("tensor", re.compile(r"^\s*tensor\(")),
    ("array", re.compile(r"^\s*(?:array\(|\[\[?\s*[-+]?[\d.])")),
    ("series", re.compile(r"(?s).*\n(?:Name: .*, )?[Dd]type: \w+\s*$")),
)


@dataclass(frozen=True)
class Split:
    """Text as a skeleton with ``#`` where numbers stood, and the numbers."""

    skeleton: str
    numbers: tuple[float, ...]  # integer literals stay ``int``: they are compared exactly


def split_numbers(text: str) -> Split:
    """Separate the numbers from the rest; ``42`` becomes an int, ``42.0`` a float."""
    numbers: list[float] = []

    def take(match: re.Match[str]) -> str:
        token = match.group()
        numbers.append(int(token) if token.lstrip("+-").isdigit() else float(token))
        return "#"

    skeleton = _SPACE.sub(" ", _NUMBER.sub(take, text)).strip()
    return Split(_PUNCT_SPACE.sub(r"\1", skeleton), tuple(numbers))


@dataclass(frozen=True)
class NumberDiff:
    """How far apart two equally long sequences of numbers are."""

    count: int
    mismatched: int
    max_abs: float
    max_rel: float
    first: int | None  # index of the first mismatch

    def to_json(self) -> dict[str, object]:
        return {
            "numbers": self.count,
            "mismatched": self.mismatched,
            "max_abs_error": _finite(self.max_abs),
            "max_rel_error": _finite(self.max_rel),
            "first_mismatch": self.first,
        }


def _finite(x: float) -> float | str:
    return x if math.isfinite(x) else str(x)


def compare_numbers(
    expected: Sequence[float], actual: Sequence[float], rtol: float, atol: float
) -> NumberDiff:
    """Compare pairwise with ``|a - e| <= atol + rtol * |e|``; NaN equals NaN.

    Two integers (counts, sizes, ids) must be equal: tolerances are for floats.
    """
    mismatched, max_abs, max_rel, first = 0, 0.0, 0.0, None
    for i, (e, a) in enumerate(zip(expected, actual)):
        if e == a or (math.isnan(e) and math.isnan(a)):
            continue
        err = abs(a - e) if math.isfinite(a) and math.isfinite(e) else math.inf
        rel = err / abs(e) if e else math.inf
        max_abs, max_rel = max(max_abs, err), max(max_rel, rel)
        exact = isinstance(e, int) and isinstance(a, int)
        if exact or not err <= atol + rtol * abs(e):
            mismatched += 1
            first = i if first is None else first
    return NumberDiff(len(expected), mismatched, max_abs, max_rel, first)


def data_kind(text: str) -> str | None:
    """``tensor``, ``array`` or ``series`` when ``text`` looks like one, else None."""
    for name, pattern in DATA_KINDS:
        if pattern.match(text):
            return name
    return None


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_table(html: str) -> tuple[tuple[str, ...], ...] | None:
    """The cells of the first HTML table in ``html`` (pandas' ``_repr_html_``), or None."""
    if "<table" not in html:
        return None
    parser = _TableParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - malformed HTML is compared as text instead
        return None
    return tuple(tuple(row) for row in parser.rows) if parser.rows else None
