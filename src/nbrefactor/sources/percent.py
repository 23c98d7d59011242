"""Plain percent scripts read directly, cell for cell as jupytext reads them.

jupytext reads a percent script in about half a millisecond: several readers,
regexes and metadata passes per cell. Most percent scripts are plain (``# %%``
and ``# %% [markdown]`` markers, code, commented Markdown), and for those
:func:`read_plain_percent` gives the same cells directly. It answers None for
anything unusual, which jupytext then reads:

* a marker other than exactly ``# %%`` or ``# %% [markdown]`` (titles, cell
  metadata, ``[raw]``, indented markers, ``<codecell>``, ``In[1]``);
* a header with more than a percent ``text_representation``, ``formats``,
  metadata filters and a Python kernelspec, or root-level metadata, a shebang
  or an encoding line;
* a line jupytext would uncomment or unescape: a magic by jupytext's own
  ``is_magic``, a ``# +`` code start;
* code fences, Markdown cells written as strings, and line breaks other than
  ``\\n``.

``tests/test_fast_reading.py`` compares both readers on every percent script
of the corpus and on generated ones.
"""

from __future__ import annotations

import re
from typing import Any

from nbrefactor.sources.fastjupytext import read_line

_MARKDOWN = "# %% [markdown]"
#: jupytext's two cell marker patterns: with options (title, metadata, cell type), and bare.
_MARKER_WITH_OPTIONS = re.compile(r"^\s*#\s*%%(%*)\s(.*)$")
_BARE_MARKER = re.compile(r"^\s*#\s*(%%|<codecell>|In\[[0-9 ]*\]:?)\s*$")
#: Lines that may be a marker, a magic or an escaped code start (then checked exactly).
_SUSPECT = re.compile(
    r"[%!?]|<codecell>|In\[|^(?:# |#)*(?:#|# )\+|^(?:# |#)*(?:cat|cd|cp|mv|rm|mkdir|copy|ddir|echo|ls|ldir|ren)"
)
_CODE_START = re.compile(r"^(?:# |#)*(?:#|# )\+")
_OTHER_LINE_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_JUPYTEXT_KEYS = {"text_representation", "formats", "notebook_metadata_filter", "cell_metadata_filter"}
_STRING_STARTS = tuple(p + q for p in ("", "r", "R") for q in ('"""', "'''"))


def _plain_header(lines: list[str]) -> int | None:
    """Where the cells start after a plain header (0 without one), or None."""
    from jupytext.header import header_to_metadata_and_cell

    try:
        metadata, _, header_cell, start = header_to_metadata_and_cell(lines, "#", "", ".py", True)
    except Exception:  # noqa: BLE001 - jupytext reports it
        return None
    jupytext = metadata.get("jupytext", {})
    kernelspec = metadata.get("kernelspec", {})
    representation = jupytext.get("text_representation", {}) if isinstance(jupytext, dict) else None
    plain = (
        header_cell is None
        and set(metadata) <= {"jupytext", "kernelspec", "language_info"}
        and isinstance(representation, dict)
        and set(jupytext) <= _JUPYTEXT_KEYS
        and (not jupytext or (representation.get("extension"), representation.get("format_name")) == (".py", "percent"))
        and isinstance(kernelspec, dict)
        and kernelspec.get("language", "python") == "python"
    )
    return start if plain else None


def _is_marker(line: str) -> bool:
    return bool(_MARKER_WITH_OPTIONS.match(line) or _BARE_MARKER.match(line))


def _cell_end(lines: list[str], parser_class: type) -> tuple[int, int]:
    """Where a cell's content ends and the next cell starts (jupytext's
    ``DoublePercentScriptCellReader.find_cell_end``: markers inside strings do not count)."""
    parser = parser_class("python")
    next_cell = len(lines)
    for i, line in enumerate(lines):
        quoted = parser.is_quoted()
        read_line(parser, line)
        if not quoted and i > 0 and _is_marker(line):
            next_cell = i
            break
    body = lines[:next_cell]
    if len(body) >= 3 and body[-3].strip() and not body[-2].strip() and not body[-1].strip():
        return next_cell - 2, next_cell
    return (next_cell - 1 if next_cell > 0 and body[-1] == "" else next_cell), next_cell


def _uncomment(line: str) -> str:
    return line[2:] if line.startswith("# ") else line[1:] if line.startswith("#") else line


def _unusual(line: str) -> bool:
    """A marker with options other than ``[markdown]``, or an escaped code start."""
    return bool((_MARKER_WITH_OPTIONS.match(line) and line != _MARKDOWN) or _CODE_START.match(line))


def _content(cell_type: str, source: list[str], magics: Any) -> list[str] | None:
    """A cell's lines as jupytext gives them: magics uncommented (jupytext's own
    ``uncomment_magic``), Markdown uncommented; None for a Markdown cell written as a string."""
    if cell_type == "markdown" and "\n".join(source).strip().startswith(_STRING_STARTS):
        return None
    if any(_SUSPECT.search(line) and magics.is_magic(line, "python", True, True) for line in source):
        source = magics.uncomment_magic(list(source), "python", explicitly_code=True)
    return [_uncomment(line) for line in source] if cell_type == "markdown" else source


def read_plain_percent(text: str) -> list[tuple[str, str]] | None:
    """The (cell type, source) of each cell of a plain percent script, or None."""
    from jupytext import magics
    from jupytext.stringparser import StringParser

    if _OTHER_LINE_BREAKS.search(text) or "```" in text or "~~~" in text:
        return None
    lines = text.splitlines()
    start = _plain_header(lines)
    if start is None or any(_SUSPECT.search(ln) and _unusual(ln) for ln in lines[start:]):
        return None
    lines = lines[start:]
    cells = []
    while lines:
        marked = _is_marker(lines[0])
        cell_type = "markdown" if lines[0] == _MARKDOWN else "code"
        content_end, next_cell = _cell_end(lines, StringParser)
        content = _content(cell_type, lines[1 if marked else 0 : content_end], magics)
        if content is None:
            return None
        cells.append((cell_type, "\n".join(content)))
        lines = lines[next_cell:]
    return cells
