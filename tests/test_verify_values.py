"""Data recovered from reprs and pixels, compared with tolerances."""

from __future__ import annotations

import base64
import math
import struct
import zlib

import pytest

from nbrefactor.verify.images import ImageError, compare_pixels, decode_image, decode_png
from nbrefactor.verify.model import Tolerances
from nbrefactor.verify.normalize import make_normalizer
from nbrefactor.verify.outputs import (
    compare_error,
    compare_table,
    compare_text,
    compare_views,
    view_of,
)
from nbrefactor.verify.values import compare_numbers, data_kind, html_table, split_numbers

NORM, TOL = make_normalizer(), Tolerances()


def test_split_numbers_ignores_alignment_and_keeps_identifiers() -> None:
    a = split_numbers("array([[ 0.3287,  1.773 ],\n       [-0.6688, -0.9373]])")
    b = split_numbers("array([[0.3287, 1.773],\n [-0.6688, -0.9373]])")
    assert a == b
    assert a.numbers == (0.3287, 1.773, -0.6688, -0.9373)
    assert split_numbers("P000 x1 1e-3 nan").numbers[0] == 0.001
    assert math.isnan(split_numbers("P000 x1 1e-3 nan").numbers[1])


def test_compare_numbers_reports_errors() -> None:
    diff = compare_numbers([1.0, 2.0, float("nan")], [1.0, 2.5, float("nan")], rtol=1e-5, atol=1e-8)
    assert (diff.mismatched, diff.first, diff.max_abs, diff.max_rel) == (1, 1, 0.5, 0.25)
    assert compare_numbers([1.0], [1.0 + 1e-9], rtol=1e-5, atol=0).mismatched == 0
    # counts are exact: a million and five is not a million, whatever the tolerance
    counts = split_numbers("rows: 1000000"), split_numbers("rows: 1000005")
    assert compare_numbers(counts[0].numbers, counts[1].numbers, rtol=1e-5, atol=0).mismatched == 1
    floats = split_numbers("mean: 1000000.0"), split_numbers("mean: 1000005.0")
    assert compare_numbers(floats[0].numbers, floats[1].numbers, rtol=1e-5, atol=0).mismatched == 0


@pytest.mark.parametrize(
    ("text", "kind"),
    [("tensor([0.5100, 0.3800])", "tensor"), ("array([1, 2])", "array"), ("[[1. 2.]\n [3. 4.]]", "array"),
     ("a    1\nb    2\nName: x, dtype: int64", "series"), ("hello", None)],
)
def test_data_kind(text: str, kind: str | None) -> None:
    assert data_kind(text) == kind


def test_tensor_within_tolerance_matches_and_beyond_is_reported() -> None:
    expected = "tensor([0.5100, 0.3800, 0.6200])"
    assert compare_text(expected, "tensor([0.51, 0.38, 0.62])", "output", NORM, TOL) is None
    found = compare_text(expected, "tensor([0.5100, 0.3900, 0.6200])", "output", NORM, TOL)
    assert found is not None
    kind, message, details = found
    assert kind == "numbers" and details["data"] == "tensor"
    assert details["mismatched"] == 1 and details["max_abs_error"] == pytest.approx(0.01)
    assert "0.38 -> 0.39" in message


def test_text_that_changes_shape_gets_a_diff() -> None:
    kind, _, details = compare_text("loss 0.5\n", "accuracy 0.5\n", "stdout", NORM, TOL)  # type: ignore[misc]
    assert kind == "stdout" and "-loss 0.5" in details["diff"] and "+accuracy 0.5" in details["diff"]


TABLE = "<table><thead><tr><th></th><th>x</th><th>name</th></tr></thead><tbody>{rows}</tbody></table>"


def _table(*rows: tuple[str, str, str]) -> tuple[tuple[str, ...], ...]:
    body = "".join(f"<tr><th>{a}</th><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
    parsed = html_table(TABLE.format(rows=body))
    assert parsed is not None
    return parsed


def test_tables_compare_cell_by_cell() -> None:
    base = _table(("mean", "1.50", "a"), ("std", "0.25", "b"))
    assert base[0] == ("", "x", "name")
    assert compare_table(base, _table(("mean", "1.5", "a"), ("std", "0.25", "b")), NORM, TOL) is None
    kind, message, details = compare_table(base, _table(("mean", "1.50", "a"), ("std", "0.26", "b")), NORM, TOL)  # type: ignore[misc]
    assert kind == "numbers" and "row 'std', column 'x'" in message
    assert details["cells"] == [{"row": 2, "column": 1, "where": "row 'std', column 'x'", "expected": "0.25", "actual": "0.26"}]
    kind, message, _ = compare_table(base, _table(("mean", "1.50", "a"), ("std", "0.25", "c")), NORM, TOL)  # type: ignore[misc]
    assert kind == "table" and "'b' -> 'c'" in message
    kind, _, _ = compare_table(base, _table(("mean", "1.50", "a")), NORM, TOL)  # type: ignore[misc]
    assert kind == "table"


def test_errors_compare_by_type_and_message() -> None:
    assert compare_error(("KeyError", "'x'"), ("KeyError", "'x'"), NORM) is None
    found = compare_error(("KeyError", "'x'"), ("NameError", "name 'x' is not defined"), NORM)
    assert found is not None and found[0] == "error" and "KeyError" in found[1] and "NameError" in found[1]


def test_a_change_of_output_kind_is_reported() -> None:
    text = view_of({"output_type": "execute_result", "data": {"text/plain": "1"}})
    error = view_of({"output_type": "error", "ename": "ValueError", "evalue": "bad", "traceback": []})
    assert compare_views(text, error, NORM, TOL) == (
        "mime", "a text output became error ValueError", {"expected": "text", "actual": "error"}
    )


def png_bytes(width: int, height: int, pixel, color: int = 2, level: int = 9) -> bytes:
    """A PNG written in pure Python (each row with the 'none' filter)."""
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, color, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, level)) + chunk(b"IEND", b"")


def test_pure_python_decoder_agrees_with_pillow() -> None:
    pil = pytest.importorskip("PIL.Image")
    import io

    buffer = io.BytesIO()
    img = pil.new("RGB", (7, 5))
    img.putdata([(x * 30, y * 50, (x * y) % 256) for y in range(5) for x in range(7)])
    img.save(buffer, format="PNG", optimize=True)  # Pillow picks real PNG filters (sub, up, paeth)
    raw = buffer.getvalue()
    ours = decode_png(raw)
    theirs = decode_image(base64.b64encode(raw))
    assert (ours.width, ours.height) == (7, 5) and ours == theirs


def test_grey_and_rgba_pngs_decode() -> None:
    grey = decode_png(png_bytes(2, 1, lambda x, y: (100 + x,), color=0))
    assert grey.data == bytes([100, 100, 100, 255, 101, 101, 101, 255])
    rgba = decode_png(png_bytes(1, 1, lambda x, y: (1, 2, 3, 4), color=6))
    assert rgba.data == bytes([1, 2, 3, 4])
    with pytest.raises(ImageError):
        decode_png(b"GIF89a")


def test_pixels_not_bytes() -> None:
    def pixel(x: int, y: int) -> tuple[int, int, int]:
        return (x * 16, y * 32, 160)

    a = decode_png(png_bytes(16, 8, pixel, level=9))
    b = decode_png(png_bytes(16, 8, pixel, level=1))
    assert png_bytes(16, 8, pixel, level=9) != png_bytes(16, 8, pixel, level=1)
    assert compare_pixels(a, b, pixel_delta=0).changed == 0
    c = decode_png(png_bytes(16, 8, lambda x, y: (x * 16, y * 32, 161 if x == 0 else 160)))
    assert compare_pixels(a, c, pixel_delta=0).changed == 8
    assert compare_pixels(a, c, pixel_delta=2).changed == 0
