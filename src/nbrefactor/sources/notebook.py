"""``.ipynb`` files: read into Documents, write back without disturbing bytes.

Reading keeps the raw JSON (key order and all) beside the Document, so that a
write changes only the cells that were changed: the JSON style of the original
(indentation, key order, escaping, final newline) is detected and reused, and a
notebook written back with no change is byte-identical.
"""

from __future__ import annotations

import copy
import json
import logging
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from nbrefactor.model import Cell, Document, DocumentKind, Magic
from nbrefactor.sources.errors import SourceError, decode_error
from nbrefactor.sources.ipython import transform_cell
from nbrefactor.sources.jsonsplice import cell_spans, splice
from nbrefactor.sources.schema import schema_problem


@dataclass(frozen=True)
class JsonStyle:
    """How a notebook's JSON was laid out on disk."""

    indent: int | None = 1
    sort_keys: bool = True
    ensure_ascii: bool = False
    final_newline: bool = True

    def encode(self, value: Any) -> str:
        """One JSON value in this style (no final newline)."""
        return json.dumps(
            value,
            indent=self.indent,
            sort_keys=self.sort_keys,
            ensure_ascii=self.ensure_ascii,
            separators=(",", ": ") if self.indent is not None else (",", ":"),
        )

    def dumps(self, raw: Mapping[str, Any]) -> str:
        """A whole notebook file in this style."""
        text = self.encode(raw)
        return text + "\n" if self.final_newline else text


@dataclass(frozen=True)
class NotebookFile:
    """The raw JSON of an ``.ipynb`` file, its text on disk and its detected style."""

    raw: Mapping[str, Any]
    style: JsonStyle
    text: str

    @property
    def exact(self) -> bool:
        """Whether the detected style reproduces the file byte for byte (costs a dump): the
        style spliced cells are written in then matches every untouched cell's."""
        return self.style.dumps(self.raw) == self.text

    def dumps(self) -> str:
        """The text to write: the file's own text, with any replaced cells spliced in."""
        return self.text


def _source_text(source: Any) -> str:
    if isinstance(source, list):
        try:
            return "".join(source)
        except TypeError:  # not all strings
            return "".join(str(s) for s in source)
    return source if isinstance(source, str) else ""


def _indent(text: str) -> int | None:
    """The indentation of the second line when the first is a lone ``{``, else None (found
    without splitting the text: that would copy megabytes of outputs to read two lines)."""
    first_end = text.find("\n")
    if first_end < 0 or text[:first_end].rstrip() != "{":
        return None
    second_end = text.find("\n", first_end + 1)
    second = text[first_end + 1 : second_end if second_end >= 0 else len(text)]
    return len(second) - len(second.lstrip(" "))


def _detect_style(text: str, raw: Mapping[str, Any]) -> JsonStyle:
    keys = list(raw.keys())
    return JsonStyle(
        indent=_indent(text),
        sort_keys=keys == sorted(keys),
        ensure_ascii=text.isascii(),
        final_newline=text.endswith("\n"),
    )


def parse_notebook_text(data: bytes) -> NotebookFile:
    """Decode and parse an ``.ipynb`` file's bytes, or raise a located SourceError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise decode_error(data, exc, "UTF-8") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError("invalid-json", f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    if not isinstance(raw, dict) or not ("cells" in raw or "worksheets" in raw or "nbformat" in raw):
        raise SourceError(
            "not-a-notebook", "JSON is not a notebook: no 'cells' (nbformat 4), 'worksheets' (nbformat 3) or 'nbformat'"
        )
    return NotebookFile(raw=raw, style=_detect_style(text, raw), text=text)


def _upgrade(nbfile: NotebookFile) -> dict[str, Any]:
    """nbformat 4 JSON for any readable version (3 and older are converted).

    Old notebooks are often slightly malformed (no metadata, worksheets without
    cells); those gaps are filled before nbformat's own reader converts them.
    """
    raw = nbfile.raw
    major = raw.get("nbformat", 4)
    if isinstance(major, int) and major >= 4:
        return dict(raw)
    import nbformat

    patched = copy.deepcopy(dict(raw))
    patched.setdefault("metadata", {})
    worksheets = patched.setdefault("worksheets", [])
    for sheet in worksheets if isinstance(worksheets, list) else []:
        if isinstance(sheet, dict):
            sheet.setdefault("cells", [])
            sheet.setdefault("metadata", {})
    logger = logging.getLogger("traitlets")  # nbformat logs conversion problems we report ourselves
    was_disabled, logger.disabled = logger.disabled, True
    try:
        upgraded = dict(nbformat.reads(json.dumps(patched), as_version=4))
    except Exception as exc:  # nbformat raises a variety of errors on malformed input
        raise SourceError("not-a-notebook", f"cannot upgrade nbformat {major} notebook: {exc}") from None
    finally:
        logger.disabled = was_disabled
    for cell in upgraded.get("cells", []):  # ids are random on each conversion: the file has none
        cell.pop("id", None)
    return upgraded


def _language(metadata: Mapping[str, Any]) -> str:
    info = metadata.get("language_info") or {}
    spec = metadata.get("kernelspec") or {}
    for value in (
        info.get("name") if isinstance(info, dict) else None,
        spec.get("language") if isinstance(spec, dict) else None,
    ):
        if isinstance(value, str) and value:
            return value.lower()
    name = spec.get("name", "") if isinstance(spec, dict) else ""
    if isinstance(name, str) and name and not name.lower().startswith(("python", "conda", "py")):
        return name.lower()
    return "python"


def build_cell(
    index: int,
    cell_type: str,
    source: str,
    *,
    execution_count: int | None = None,
    cell_id: str | None = None,
    tags: tuple[str, ...] = (),
    first_line: int | None = None,
    has_outputs: bool = False,
) -> Cell:
    """A :class:`Cell`, with IPython syntax transformed for code cells."""
    code: str = ""
    magics: tuple[Magic, ...] = ()
    if cell_type == "code":
        transformed = transform_cell(source)
        code, magics = transformed.code, tuple(transformed.magics)
    return Cell(
        index=index,
        cell_type=cell_type,
        source=source,
        code=code,
        execution_count=execution_count,
        cell_id=cell_id,
        tags=tags,
        magics=magics,
        first_line=first_line,
        has_outputs=has_outputs,
    )


def _int(value: Any, default: int | None) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _execution_count(value: Any) -> int | None:
    """The stored count, or None when the cell did not run. Jupyter counts from 1: the 0
    that tools resetting counts write says nothing about order, so it reads as not run."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _cell(index: int, raw: Any) -> Cell:
    """One cell of the JSON, whatever its shape (the schema check reports what is wrong)."""
    if not isinstance(raw, dict):
        raw = {}
    metadata = raw.get("metadata")
    tags = metadata.get("tags") if isinstance(metadata, dict) else None
    cell_id = raw.get("id")
    return build_cell(
        index,
        str(raw.get("cell_type", "code")),
        _source_text(raw.get("source", "")),
        execution_count=_execution_count(raw.get("execution_count")),
        cell_id=cell_id if isinstance(cell_id, str) else None,
        tags=tuple(map(str, tags)) if isinstance(tags, list) else (),
        has_outputs=bool(raw.get("outputs")),
    )


def read_notebook(
    path: str, relpath: str, data: bytes, content_hash: str, validate: bool = True
) -> tuple[Document, NotebookFile]:
    """Read an ``.ipynb`` file's bytes into a Document and its raw JSON.

    ``validate=False`` skips the nbformat schema check (no ``read_warnings``),
    for callers that do not report schema problems (the commit hook).
    """
    nbfile = parse_notebook_text(data)
    raw = _upgrade(nbfile)
    raw_cells = raw.get("cells")
    if not isinstance(raw_cells, list):
        raise SourceError("not-a-notebook", "notebook 'cells' is not a list")
    metadata = _dict(raw.get("metadata"))
    doc = Document(
        path=path,
        relpath=relpath,
        kind=DocumentKind.NOTEBOOK,
        cells=tuple([_cell(index, raw) for index, raw in enumerate(raw_cells)]),
        language=_language(metadata),
        nbformat=(_int(nbfile.raw.get("nbformat"), 4) or 4, _int(nbfile.raw.get("nbformat_minor"), 0) or 0),
        content_hash=content_hash,
        metadata=metadata,
        read_warnings=tuple(filter(None, [schema_problem(raw) if validate else None])),
    )
    return doc, nbfile


def _cell_text(cell: Mapping[str, Any], style: JsonStyle, newline: str) -> str:
    """One cell's JSON in the file's style, indented to sit inside the ``cells`` array."""
    text = style.encode(cell)
    if style.indent:
        text = text.replace("\n", "\n" + " " * (2 * style.indent))
    return text.replace("\n", newline)


def replace_sources(nbfile: NotebookFile, sources: Mapping[int, str], remove: Iterable[int] = ()) -> NotebookFile:
    """A copy of ``nbfile`` with new sources for some cells and some cells removed.

    Only the changed cells' bytes change: their new JSON is spliced into the
    original text. A new source keeps the representation of the old one (a
    list of lines or a string). nbformat 3 notebooks cannot be written back.
    """
    if not isinstance(nbfile.raw.get("cells"), list):
        raise SourceError("read-only", "nbformat 3 notebooks are read-only: upgrade with `jupyter nbconvert --to notebook`")
    newline = "\r\n" if "\r\n" in nbfile.text[:1000] else "\n"
    raw = dict(nbfile.raw)
    cells = list(raw["cells"])
    replacements: dict[int, str | None] = {index: None for index in remove}
    for index, text in sources.items():
        if index in replacements:
            continue
        cell = dict(cells[index])
        cell["source"] = text.splitlines(keepends=True) if isinstance(cell.get("source"), list) else text
        cells[index] = cell
        replacements[index] = _cell_text(cell, nbfile.style, newline)
    raw["cells"] = [cell for index, cell in enumerate(cells) if replacements.get(index, "") is not None]
    new_text = splice(nbfile.text, cell_spans(nbfile.text), replacements)
    return NotebookFile(raw=raw, style=nbfile.style, text=new_text)
