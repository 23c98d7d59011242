"""Where each cell of a notebook's JSON text starts and ends, to rewrite only some.

Re-serialising a whole notebook reformats cells nobody touched whenever the
file was not written by nbformat's own writer (other indentation, unsorted
keys, CRLF, escaped Unicode). Splicing the new text of the changed cells into
the original text keeps every other byte as it was.
"""

from __future__ import annotations

import json
from typing import Mapping

_DECODER = json.JSONDecoder()
_WS = " \t\n\r"


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WS:
        i += 1
    return i


def _expect(text: str, i: int, char: str) -> int:
    i = _skip(text, i)
    if i >= len(text) or text[i] != char:
        raise ValueError(f"expected {char!r} at offset {i}")
    return i + 1


def cell_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of each element of the top-level ``cells`` array."""
    i = _expect(text, 0, "{")
    while True:
        i = _skip(text, i)
        if text[i] == "}":
            raise ValueError("no top-level 'cells' array")
        key, i = _DECODER.raw_decode(text, i)
        i = _skip(text, _expect(text, i, ":"))
        if key == "cells":
            return _array_spans(text, i)
        _, i = _DECODER.raw_decode(text, i)
        i = _skip(text, i)
        if text[i] == ",":
            i += 1


def _array_spans(text: str, i: int) -> list[tuple[int, int]]:
    i = _skip(text, _expect(text, i, "["))
    spans: list[tuple[int, int]] = []
    if text[i] == "]":
        return spans
    while True:
        start = _skip(text, i)
        _, end = _DECODER.raw_decode(text, start)
        spans.append((start, end))
        i = _skip(text, end)
        if text[i] == "]":
            return spans
        i = _expect(text, i, ",")


def splice(text: str, spans: list[tuple[int, int]], replacements: Mapping[int, str | None]) -> str:
    """``text`` with cell ``i`` replaced by ``replacements[i]`` (None removes the cell).

    Every byte outside the replaced cells is kept; replacement texts are
    inserted as given (the caller indents them to match).
    """
    if not spans:
        return text
    seps = [text[spans[i - 1][1] : spans[i][0]] for i in range(1, len(spans))]
    default_sep = seps[0] if seps else ",\n"
    kept: list[tuple[int, str]] = []
    for index, (start, end) in enumerate(spans):
        value = replacements[index] if index in replacements else text[start:end]
        if value is not None:
            kept.append((index, value))
    prefix, suffix = text[: spans[0][0]], text[spans[-1][1] :]
    if not kept:
        return prefix.rstrip(_WS) + suffix.lstrip(_WS)
    out = [prefix, kept[0][1]]
    for index, value in kept[1:]:
        out.append(seps[index - 1] if index > 0 else default_sep)
        out.append(value)
    out.append(suffix)
    return "".join(out)
