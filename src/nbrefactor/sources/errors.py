"""The one way the sources layer says that an input could not be read."""

from __future__ import annotations


class SourceError(Exception):
    """An input that cannot be read as a document, with where the problem is.

    ``kind`` is one of ``unreadable`` (the OS refused), ``undecodable`` (bytes
    that are not text in the declared encoding), ``invalid-json``,
    ``not-a-notebook`` (JSON, but not a notebook), ``too-large``.
    Lines and columns are 1-based within the file.
    """

    def __init__(self, kind: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column

    def __reduce__(self) -> tuple[object, ...]:
        return (SourceError, (self.kind, self.message, self.line, self.column))


def decode_error(data: bytes, exc: UnicodeDecodeError, encoding: str) -> SourceError:
    """A located :class:`SourceError` for bytes that do not decode."""
    before = data[: exc.start]
    line = before.count(b"\n") + 1
    column = exc.start - (before.rfind(b"\n") + 1) + 1
    bad = data[exc.start : exc.end].hex(" ")
    return SourceError(
        "undecodable",
        f"bytes {bad} are not valid {encoding} ({exc.reason})",
        line,
        column,
    )
