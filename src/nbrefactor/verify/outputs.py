"""Compare two outputs of one cell, each by what it is.

An nbformat output becomes a :class:`View` (a stream, a text repr, a table,
an image, an error or some other MIME bundle); two views of the same kind are
compared by the comparator of that kind. Each comparator returns None when the
outputs match, or a ``(kind, message, details)`` triple.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from nbrefactor.verify.images import ImageError, compare_pixels, decode_image
from nbrefactor.verify.model import Tolerances
from nbrefactor.verify.normalize import Normalizer
from nbrefactor.verify.values import compare_numbers, data_kind, html_table, split_numbers

Found = tuple[str, str, dict[str, Any]]

_MAX_DIFF_LINES = 40


@dataclass(frozen=True)
class View:
    """What an output is, for comparison: ``kind`` and the payload that matters."""

    kind: str  # "stream:stdout", "stream:stderr", "text", "table", "image", "error", "mime"
    payload: Any


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def view_of(output: Mapping[str, Any]) -> View:
    kind = output.get("output_type")
    if kind == "stream":
        return View(f"stream:{output.get('name', 'stdout')}", _text(output.get("text", "")))
    if kind == "error":
        return View("error", (str(output.get("ename", "")), str(output.get("evalue", ""))))
    data = output.get("data") or {}
    for mime in ("image/png", "image/jpeg"):
        if mime in data:
            return View("image", _text(data[mime]))
    if "text/html" in data:
        table = html_table(_text(data["text/html"]))
        if table is not None:
            return View("table", table)
    if "text/plain" in data:
        return View("text", _text(data["text/plain"]))
    return View("mime", json.dumps(data, sort_keys=True, default=str))


def prepare(outputs: Sequence[Mapping[str, Any]], tolerances: Tolerances) -> list[View]:
    """Views of a cell's outputs: consecutive chunks of one stream joined (chunking
    depends on timing), stderr dropped unless compared."""
    views: list[View] = []
    for output in outputs:
        view = view_of(output)
        if view.kind == "stream:stderr" and not tolerances.compare_stderr:
            continue
        if views and view.kind.startswith("stream:") and views[-1].kind == view.kind:
            views[-1] = View(view.kind, views[-1].payload + view.payload)
        else:
            views.append(view)
    return views


def unified_diff(expected: str, actual: str) -> list[str]:
    lines = list(
        difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), "expected", "actual", lineterm="", n=1
        )
    )
    return lines if len(lines) <= _MAX_DIFF_LINES else [*lines[:_MAX_DIFF_LINES], "..."]


def _numbers_message(what: str, diff: Any) -> str:
    return (
        f"{what}: {diff.mismatched} of {diff.count} numbers beyond tolerance "
        f"(max abs error {diff.max_abs:.6g}, max rel error {diff.max_rel:.6g})"
    )


def compare_text(expected: str, actual: str, label: str, norm: Normalizer, tol: Tolerances) -> Found | None:
    """Exact after normalisation, except numbers, which match within tolerances."""
    e, a = norm(expected), norm(actual)
    if e == a:
        return None
    es, as_ = split_numbers(e), split_numbers(a)
    diff_lines = unified_diff(e, a)
    if es.skeleton == as_.skeleton and len(es.numbers) == len(as_.numbers):
        diff = compare_numbers(es.numbers, as_.numbers, tol.rtol, tol.atol)
        if not diff.mismatched:
            return None
        what = data_kind(e) or label
        i = diff.first or 0
        message = f"{_numbers_message(what, diff)}; first: {es.numbers[i]:g} -> {as_.numbers[i]:g}"
        return "numbers", message, {"data": what, **diff.to_json(), "diff": diff_lines}
    return label, f"{label} differs", {"diff": diff_lines}


def _cell_label(table: Any, row: int, col: int) -> str:
    """``row 'mean', column 'x'``: the header cells pandas writes, when there are some."""
    row_name = table[row][0] if table[row] and col else str(row)
    col_name = table[0][col] if col < len(table[0]) else str(col)
    return f"row {row_name!r}, column {col_name!r}"


def compare_table(expected: Any, actual: Any, norm: Normalizer, tol: Tolerances) -> Found | None:
    """Tables (pandas frames) cell by cell: labels exactly, numbers within tolerances."""
    shape = (len(expected), max(map(len, expected), default=0))
    other = (len(actual), max(map(len, actual), default=0))
    if shape != other or any(len(x) != len(y) for x, y in zip(expected, actual)):
        return "table", f"table shape {shape[0]}x{shape[1]} became {other[0]}x{other[1]}", {"shape": shape, "other_shape": other}
    mismatches: list[dict[str, Any]] = []
    e_all: list[float] = []
    a_all: list[float] = []
    relabelled = False
    for r, (e_row, a_row) in enumerate(zip(expected, actual)):
        for c, (x, y) in enumerate(zip(e_row, a_row)):
            es, as_ = split_numbers(norm(x)), split_numbers(norm(y))
            same_shape = es.skeleton == as_.skeleton and len(es.numbers) == len(as_.numbers)
            if same_shape:
                e_all.extend(es.numbers)
                a_all.extend(as_.numbers)
            relabelled = relabelled or not same_shape
            if not same_shape or compare_numbers(es.numbers, as_.numbers, tol.rtol, tol.atol).mismatched:
                mismatches.append({"row": r, "column": c, "where": _cell_label(expected, r, c), "expected": x, "actual": y})
    if not mismatches:
        return None
    diff = compare_numbers(e_all, a_all, tol.rtol, tol.atol)
    first = mismatches[0]
    message = (
        f"table: {len(mismatches)} of {sum(map(len, expected))} cells differ, first at {first['where']}: "
        f"{first['expected']!r} -> {first['actual']!r} (max abs error {diff.max_abs:.6g}, max rel error {diff.max_rel:.6g})"
    )
    details = {"data": "table", "shape": list(shape), **diff.to_json(), "cells": mismatches[:20]}
    return "table" if relabelled else "numbers", message, details


def compare_image(expected: str, actual: str, tol: Tolerances) -> Found | None:
    """Decoded pixels with a per-channel and a per-image tolerance."""
    if expected == actual:
        return None
    try:
        diff = compare_pixels(decode_image(expected), decode_image(actual), tol.pixel_delta)
    except ImageError as exc:
        return "image", f"image bytes differ and cannot be decoded: {exc}", {}
    details = {
        "size": list(diff.size),
        "other_size": list(diff.other_size),
        "changed_pixels": diff.changed,
        "changed_fraction": round(diff.fraction, 6),
        "max_channel_delta": diff.max_delta,
    }
    if diff.size != diff.other_size:
        return "image", f"image size {diff.size[0]}x{diff.size[1]} became {diff.other_size[0]}x{diff.other_size[1]}", details
    if diff.fraction <= tol.image_fraction:
        return None
    return "image", f"image: {diff.changed} of {diff.size[0] * diff.size[1]} pixels changed (max channel delta {diff.max_delta})", details


def compare_error(expected: Any, actual: Any, norm: Normalizer) -> Found | None:
    """Errors by type and (normalised) message; tracebacks hold line numbers a refactor moves."""
    (e_name, e_value), (a_name, a_value) = expected, actual
    if e_name == a_name and norm(e_value) == norm(a_value):
        return None
    return "error", f"error changed: {e_name}: {e_value} -> {a_name}: {a_value}", {
        "expected": f"{e_name}: {e_value}",
        "actual": f"{a_name}: {a_value}",
    }


def compare_views(expected: View, actual: View, norm: Normalizer, tol: Tolerances) -> Found | None:
    """Compare two views; a change of kind (text became an error) is a difference itself."""
    if expected.kind != actual.kind:
        return "mime", f"{describe(expected)} became {describe(actual)}", {"expected": expected.kind, "actual": actual.kind}
    comparators: dict[str, Callable[[], Found | None]] = {
        "table": lambda: compare_table(expected.payload, actual.payload, norm, tol),
        "image": lambda: compare_image(expected.payload, actual.payload, tol),
        "error": lambda: compare_error(expected.payload, actual.payload, norm),
    }
    if expected.kind in comparators:
        return comparators[expected.kind]()
    label = expected.kind.replace("stream:", "") if expected.kind.startswith("stream:") else "output"
    return compare_text(expected.payload, actual.payload, label, norm, tol)


def describe(view: View) -> str:
    if view.kind == "error":
        return f"error {view.payload[0]}"
    return {"text": "a text output", "table": "a table", "image": "an image", "mime": "a rich output"}.get(
        view.kind, view.kind.replace("stream:", "") + " output"
    )
