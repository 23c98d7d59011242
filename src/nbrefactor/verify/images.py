"""Images compared by decoded pixels, not bytes.

A PNG written twice by the same plotting code often differs in its bytes (a
timestamp chunk, the compressor's choices) but not in its pixels. Decoding
uses Pillow when it is installed; otherwise a small pure-Python decoder reads
8-bit, non-interlaced PNGs (what matplotlib and most libraries write).
"""

from __future__ import annotations

import base64
import binascii
import struct
import zlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Pixels:
    """An image as RGBA rows: ``data`` holds ``width * height * 4`` bytes."""

    width: int
    height: int
    data: bytes


class ImageError(ValueError):
    """Image data that cannot be decoded."""


def decode_image(payload: str | bytes) -> Pixels:
    """Decode a base64 PNG (or JPEG, with Pillow) as nbformat stores it."""
    try:
        raw = base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError) as exc:
        raise ImageError(f"bad base64: {exc}") from None
    try:
        from PIL import Image
    except ImportError:
        return decode_png(raw)
    import io

    try:
        with Image.open(io.BytesIO(raw)) as img:
            rgba = img.convert("RGBA")
            return Pixels(rgba.width, rgba.height, rgba.tobytes())
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types on corrupt data
        raise ImageError(f"cannot decode image: {exc}") from None


def _chunks(raw: bytes) -> dict[bytes, bytes]:
    if raw[:8] != b"\x89PNG\r\n\x1a\n":
        raise ImageError("not a PNG (install Pillow to compare other image formats)")
    pos, found = 8, {b"IDAT": b""}
    while pos + 8 <= len(raw):
        length, kind = struct.unpack(">I4s", raw[pos : pos + 8])
        body = raw[pos + 8 : pos + 8 + length]
        found[kind] = found[kind] + body if kind == b"IDAT" else body
        pos += 12 + length
        if kind == b"IEND":
            break
    return found


_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def _unfilter(data: bytes, width: int, height: int, bpp: int) -> list[bytearray]:
    stride, rows, prev = width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        start = y * (stride + 1)
        kind, row = data[start], bytearray(data[start + 1 : start + 1 + stride])
        for i in range(stride):
            a = row[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                row[i] = (row[i] + a) & 0xFF
            elif kind == 2:
                row[i] = (row[i] + b) & 0xFF
            elif kind == 3:
                row[i] = (row[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(row)
        prev = row
    return rows


def _to_rgba(pixel: bytes, color: int, palette: bytes) -> bytes:
    if color == 0:
        return bytes((pixel[0],) * 3 + (255,))
    if color == 2:
        return pixel + b"\xff"
    if color == 3:
        return palette[pixel[0] * 3 : pixel[0] * 3 + 3] + b"\xff"
    if color == 4:
        return bytes((pixel[0],) * 3 + (pixel[1],))
    return pixel


def decode_png(raw: bytes) -> Pixels:
    """Decode an 8-bit non-interlaced PNG with the standard library only."""
    chunks = _chunks(raw)
    if b"IHDR" not in chunks:
        raise ImageError("PNG without IHDR")
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    if depth != 8 or interlace or color not in _CHANNELS:
        raise ImageError(f"PNG with bit depth {depth}, colour type {color}, interlace {interlace}: install Pillow")
    bpp = _CHANNELS[color]
    try:
        data = zlib.decompress(chunks[b"IDAT"])
    except zlib.error as exc:
        raise ImageError(f"corrupt PNG data: {exc}") from None
    rows = _unfilter(data, width, height, bpp)
    palette = chunks.get(b"PLTE", b"")
    out = bytearray()
    for row in rows:
        for x in range(width):
            out += _to_rgba(bytes(row[x * bpp : (x + 1) * bpp]), color, palette)
    return Pixels(width, height, bytes(out))


@dataclass(frozen=True)
class PixelDiff:
    """Pixels whose largest channel difference exceeds the tolerance."""

    size: tuple[int, int]
    other_size: tuple[int, int]
    changed: int
    max_delta: int

    @property
    def fraction(self) -> float:
        return self.changed / max(self.size[0] * self.size[1], 1)


def compare_pixels(expected: Pixels, actual: Pixels, pixel_delta: int) -> PixelDiff:
    size, other = (expected.width, expected.height), (actual.width, actual.height)
    if size != other:
        return PixelDiff(size, other, expected.width * expected.height, 255)
    changed, max_delta = 0, 0
    a, b = expected.data, actual.data
    if a != b:
        for i in range(0, len(a), 4):
            delta = max(abs(a[i + k] - b[i + k]) for k in range(4))
            if delta:
                max_delta = max(max_delta, delta)
                changed += delta > pixel_delta
    return PixelDiff(size, other, changed, max_delta)
