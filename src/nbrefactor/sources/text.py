"""Scripts and jupytext text notebooks (percent, light, Markdown, MyST).

A ``.py`` file is a *percent notebook* when it has ``# %%`` cell markers, a
*light notebook* when it carries a jupytext header, and a plain *script*
otherwise (one cell, reported without a cell index). A ``.md`` file is read
only when it is a notebook: it has a jupytext header or MyST ``{code-cell}``
directives; other Markdown is not a document.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import Iterable, Mapping, Sequence

from nbrefactor.model import Cell, Document, DocumentKind
from nbrefactor.sources.errors import SourceError, decode_error
from nbrefactor.sources.fastjupytext import fast_jupytext
from nbrefactor.sources.notebook import build_cell
from nbrefactor.sources.percent import read_plain_percent

_PERCENT_MARKER = re.compile(r"^\s*#\s*%%", re.MULTILINE)
#: ``_PERCENT_MARKER`` searched in ``"\n" + text``: led by a literal, so the regex engine
#: jumps from line to line instead of trying every position.
_PERCENT_MARKER_LINE = re.compile(r"\n[^\S\n]*#\s*%%")
_JUPYTEXT_HEADER = re.compile(r"\A(?:#!.*\n)?(?:# -\*-.*\n)?#? ?---\s*\n(?:#.*\n){0,40}?#? ?\s*jupytext:", re.MULTILINE)
_MD_HEADER = re.compile(r"\A---\s*\n(?:.*\n){0,40}?\s*(?:jupytext|kernelspec):", re.MULTILINE)
_MYST_CELL = re.compile(r"^```\{code-cell\}", re.MULTILINE)
_LIGHT_FORMAT = re.compile(r"format_name:\s*light")
_PANDOC_FORMAT = re.compile(r"(format_name:\s*)pandoc\b")

NOTEBOOK_MARKDOWN_SUFFIXES = (".md", ".markdown", ".myst", ".mystnb")


def decode_python(data: bytes) -> str:
    """Decode a Python source file the way Python does (PEP 263 coding cookie)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        declared_error = None
    except SyntaxError as exc:  # a bad cookie, or undecodable bytes in the first two lines
        encoding, declared_error = "utf-8", SourceError("undecodable", f"bad encoding declaration: {exc.msg}", exc.lineno or 1)
    try:
        text = data.decode(encoding)
        if declared_error is not None:
            raise declared_error
    except UnicodeDecodeError as exc:
        raise decode_error(data, exc, encoding) from None
    except LookupError:
        raise SourceError("undecodable", f"unknown encoding {encoding!r} declared") from None
    return text.removeprefix("\ufeff")


def _locate(sources: Sequence[str], lines: list[str]) -> list[int | None]:
    """The 1-based file line where each cell's source starts.

    jupytext drops cell markers and may comment or uncomment lines (magics, Markdown), so each
    cell's lines are searched for, in order, in either form: first where all of them stand
    (a cell of comments often starts with a line, ``#``, that many cells start with), else
    where its first non-blank line does.
    """
    cursor = 0
    located: list[int | None] = []
    for source in sources:
        source_lines = source.split("\n")
        leading = next((i for i, ln in enumerate(source_lines) if ln.strip()), None)
        found = None
        if leading is not None:
            start = _start(source_lines[leading:], lines, cursor)
            if start is not None:
                found, cursor = start + 1 - leading, start + 1
        located.append(found)
    return located


def _start(body: list[str], lines: list[str], cursor: int) -> int | None:
    """The first line from ``cursor`` on where all of ``body`` stands, else where its first line does."""
    first = _forms(body[0])
    fallback = None
    for i in range(cursor, len(lines)):
        if lines[i].rstrip() in first:
            if _stands_at(body, lines, i):
                return i
            if fallback is None:
                fallback = i
    return fallback


def _forms(line: str) -> set[str]:
    """A source line as it may stand in the file: as is, or commented out by jupytext."""
    line = line.rstrip()
    return {line, f"# {line}", f"#{line}"}


def _stands_at(body: list[str], lines: list[str], start: int) -> bool:
    """Whether every line of ``body`` stands in ``lines`` from ``start`` on (see :func:`_forms`)."""
    if start + len(body) > len(lines):
        return False
    return all(lines[start + k].rstrip() in _forms(line) for k, line in enumerate(body))


def _read_cells(text: str, fmt: str) -> tuple[list[tuple[str, str, tuple[str, ...]]], str]:
    """Each cell's type, source and tags as jupytext reads ``text`` (as ``fmt``; plain
    percent scripts are read directly, see :mod:`nbrefactor.sources.percent`), and the
    notebook's kernel language."""
    import jupytext

    with fast_jupytext():
        plain = read_plain_percent(text) if fmt == "py:percent" else None
        if plain is not None:
            return [(cell_type, source, ()) for cell_type, source in plain], "python"
        try:
            nb = jupytext.reads(text, fmt=fmt)
        except Exception as exc:  # jupytext raises assorted errors on malformed headers
            raise SourceError("not-a-notebook", f"jupytext cannot read this file as {fmt}: {exc}") from None
    cells = [(raw.cell_type, raw.source, tuple(map(str, raw.get("metadata", {}).get("tags", [])))) for raw in nb.cells]
    return cells, str(nb.metadata.get("kernelspec", {}).get("language", "python")).lower()


def _jupytext_cells(text: str, fmt: str, lines: list[str]) -> tuple[tuple[Cell, ...], str]:
    """The cells of a text notebook, located in the file's ``lines``, and its kernel language."""
    raw, language = _read_cells(text, fmt)
    first_lines = _locate([source for _, source, _ in raw], lines)
    cells = tuple(
        build_cell(index, cell_type, source, tags=tags, first_line=first_line)
        for index, ((cell_type, source, tags), first_line) in enumerate(zip(raw, first_lines, strict=True))
    )
    return cells, language


def has_percent_marker(text: str) -> bool:
    """Whether a ``.py`` file has ``# %%`` cell markers (is a percent notebook)."""
    return "%%" in text and bool(_PERCENT_MARKER_LINE.search("\n" + text))


def read_python_file(path: str, relpath: str, data: bytes, content_hash: str) -> Document:
    """A ``.py`` file as a percent notebook, a light notebook or a plain script."""
    text = decode_python(data)
    if has_percent_marker(text):
        kind, fmt = DocumentKind.PERCENT, "py:percent"
    elif _JUPYTEXT_HEADER.search(text) and _LIGHT_FORMAT.search(text[:4000]):
        kind, fmt = DocumentKind.LIGHT, "py:light"
    else:
        cell = build_cell(0, "code", text, first_line=1)
        return Document(path, relpath, DocumentKind.SCRIPT, (cell,), content_hash=content_hash)
    cells, language = _jupytext_cells(text, fmt, text.split("\n"))
    return Document(path, relpath, kind, cells, language=language, content_hash=content_hash)


def is_markdown_notebook(text: str) -> bool:
    return bool(_MD_HEADER.search(text) or _MYST_CELL.search(text))


def read_markdown_file(path: str, relpath: str, data: bytes, content_hash: str) -> Document | None:
    """A jupytext Markdown or MyST notebook, or None for plain Markdown."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise decode_error(data, exc, "UTF-8") from None
    if not is_markdown_notebook(text):
        return None
    # Pandoc Markdown notebooks would need the pandoc binary; jupytext's own
    # Markdown reader finds the same fenced code cells without it.
    fmt = "md:myst" if _MYST_CELL.search(text) else "md:markdown"
    cells, language = _jupytext_cells(_PANDOC_FORMAT.sub(r"\1markdown", text, count=1), fmt, text.split("\n"))
    return Document(path, relpath, DocumentKind.MARKDOWN, cells, language=language, content_hash=content_hash)


def replace_text_cells(text: str, cells: Sequence[Cell], sources: Mapping[int, str], remove: Iterable[int] = ()) -> str:
    """A percent (or light) text notebook with some code cells' sources replaced and some
    cells removed (with their ``# %%`` marker); every other line is kept as it was.

    A cell can only be rewritten when its source stands in the file line for line
    (no magic that jupytext comments out); otherwise :class:`SourceError` is raised.
    """
    lines = text.split("\n")
    removed = set(remove)
    changed = sorted(set(sources) | removed, key=lambda i: cells[i].first_line or 0, reverse=True)
    for index in changed:
        cell = cells[index]
        source = cell.source.split("\n")
        start = (cell.first_line or 0) - 1
        if start < 0 or lines[start : start + len(source)] != source:
            raise SourceError("read-only", f"cell {index} does not stand in the file line for line; it cannot be rewritten")
        end = start + len(source)
        if index in removed:
            first = start - 1 if start > 0 and _PERCENT_MARKER.match(lines[start - 1]) else start
            while end < len(lines) and not lines[end].strip():
                end += 1
            del lines[first:end]
        else:
            lines[start:end] = sources[index].rstrip("\n").split("\n")
    return "\n".join(lines)
