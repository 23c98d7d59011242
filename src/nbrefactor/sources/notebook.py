"""``.ipynb`` files: read into Documents, write back without disturbing bytes.

Reading keeps the raw JSON (key order and all) beside the Document, so that a
write changes only the cells that were changed: the JSON style of the original
(indentation, key order, escaping, final newline) is detected and reused, and a
notebook written back with no change is byte-identical.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from nbrefactor.model import Cell, Document, DocumentKind
from nbrefactor.sources.errors import SourceError, decode_error
from nbrefactor.sources.ipython import transform_cell


@dataclass(frozen=True)
class JsonStyle:
    """How a notebook's JSON was laid out on disk."""

    indent: int | None = 1
    sort_keys: bool = True
    ensure_ascii: bool = False
    final_newline: bool = True

    def dumps(self, raw: Mapping[str, Any]) -> str:
        text = json.dumps(
            raw,
            indent=self.indent,
            sort_keys=self.sort_keys,
            ensure_ascii=self.ensure_ascii,
            separators=(",", ": ") if self.indent is not None else (",", ":"),
        )
        return text + "\n" if self.final_newline else text


#: nbformat's own writer style, used when the original's cannot be reproduced.
NBFORMAT_STYLE = JsonStyle()


@dataclass(frozen=True)
class NotebookFile:
    """The raw JSON of an ``.ipynb`` file, its text on disk and its detected style."""

    raw: Mapping[str, Any]
    style: JsonStyle
    text: str

    @property
    def exact(self) -> bool:
        """Whether the detected style reproduces the file byte for byte (costs a dump)."""
        return self.style.dumps(self.raw) == self.text

    def dumps(self) -> str:
        """The JSON to write: the original style when it round-trips, else nbformat's."""
        return (self.style if self.exact else NBFORMAT_STYLE).dumps(self.raw)


def _source_text(source: Any) -> str:
    if isinstance(source, list):
        return "".join(str(s) for s in source)
    return source if isinstance(source, str) else ""


def _detect_style(text: str, raw: Mapping[str, Any]) -> JsonStyle:
    lines = text.split("\n", 2)
    indent: int | None = None
    if len(lines) > 1 and lines[0].rstrip() == "{":
        second = lines[1]
        indent = len(second) - len(second.lstrip(" "))
    keys = list(raw.keys())
    return JsonStyle(
        indent=indent,
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
    if not isinstance(raw, dict) or not ("cells" in raw or "worksheets" in raw):
        raise SourceError("not-a-notebook", "JSON is not a notebook: no 'cells' (nbformat 4) or 'worksheets' (nbformat 3)")
    return NotebookFile(raw=raw, style=_detect_style(text, raw), text=text)


def _upgrade(raw: Mapping[str, Any]) -> dict[str, Any]:
    """nbformat 4 JSON for any readable version (v3 and older are converted)."""
    import nbformat

    major = raw.get("nbformat", 4)
    if isinstance(major, int) and major >= 4:
        return dict(raw)
    try:
        node = nbformat.from_dict(copy.deepcopy(dict(raw)))
        return dict(nbformat.convert(node, 4))
    except Exception as exc:  # nbformat raises a variety of errors on malformed input
        raise SourceError("not-a-notebook", f"cannot upgrade nbformat {major} notebook: {exc}") from None


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


def build_cell(index: int, cell_type: str, source: str, **fields: Any) -> Cell:
    """A :class:`Cell`, with IPython syntax transformed for code cells."""
    if cell_type != "code":
        return Cell(index=index, cell_type=cell_type, source=source, **fields)
    transformed = transform_cell(source)
    return Cell(
        index=index,
        cell_type=cell_type,
        source=source,
        code=transformed.code,
        magics=tuple(transformed.magics),
        **fields,
    )


def _int(value: Any, default: int | None) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _cells(raw_cells: Iterable[Any]) -> tuple[Cell, ...]:
    cells = []
    for index, raw in enumerate(raw_cells):
        if not isinstance(raw, dict):
            raw = {}
        metadata = _dict(raw.get("metadata"))
        tags = metadata.get("tags")
        tags = tags if isinstance(tags, list) else []
        count = raw.get("execution_count")
        cell_id = raw.get("id")
        cells.append(
            build_cell(
                index,
                str(raw.get("cell_type", "code")),
                _source_text(raw.get("source", "")),
                execution_count=_int(count, None),
                cell_id=cell_id if isinstance(cell_id, str) else None,
                tags=tuple(str(t) for t in tags),
                has_outputs=bool(raw.get("outputs")),
            )
        )
    return tuple(cells)


def schema_problem(raw: Mapping[str, Any]) -> str | None:
    """The first nbformat schema violation of a v4 notebook (outputs not checked), or None."""
    import nbformat
    from nbformat.validator import ValidationError

    light = dict(raw)
    cells = raw.get("cells")
    if isinstance(cells, list):
        light["cells"] = [
            {**c, "outputs": []} if isinstance(c, dict) and "outputs" in c else c for c in cells
        ]
    try:
        nbformat.validate(light, version=4)
    except ValidationError as exc:
        where = "/".join(str(p) for p in getattr(exc, "absolute_path", ()) or ())
        first = str(getattr(exc, "message", exc)).splitlines()[0]
        return f"{first} (at /{where})" if where else first
    except Exception as exc:  # noqa: BLE001 - any validator failure is a schema problem to report
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return None


def read_notebook(path: str, relpath: str, data: bytes, content_hash: str) -> tuple[Document, NotebookFile]:
    """Read an ``.ipynb`` file's bytes into a Document and its raw JSON."""
    nbfile = parse_notebook_text(data)
    raw = _upgrade(nbfile.raw)
    raw_cells = raw.get("cells")
    if not isinstance(raw_cells, list):
        raise SourceError("not-a-notebook", "notebook 'cells' is not a list")
    metadata = _dict(raw.get("metadata"))
    doc = Document(
        path=path,
        relpath=relpath,
        kind=DocumentKind.NOTEBOOK,
        cells=_cells(raw_cells),
        language=_language(metadata),
        nbformat=(_int(nbfile.raw.get("nbformat"), 4) or 4, _int(nbfile.raw.get("nbformat_minor"), 0) or 0),
        content_hash=content_hash,
        metadata=metadata,
        read_warnings=tuple(filter(None, [schema_problem(raw)])),
    )
    return doc, nbfile


def replace_sources(nbfile: NotebookFile, sources: Mapping[int, str], remove: Iterable[int] = ()) -> NotebookFile:
    """A copy of ``nbfile`` with new sources for some cells and some cells removed.

    Untouched cells keep their raw JSON, so they serialise to the same bytes.
    A new source keeps the representation of the old one (list of lines or string).
    """
    raw = dict(nbfile.raw)
    removed = set(remove)
    cells = []
    for index, cell in enumerate(raw["cells"]):
        if index in removed:
            continue
        if index in sources:
            cell = dict(cell)
            text = sources[index]
            if isinstance(cell.get("source"), list):
                cell["source"] = text.splitlines(keepends=True)
            else:
                cell["source"] = text
        cells.append(cell)
    raw["cells"] = cells
    return NotebookFile(raw=raw, style=nbfile.style if nbfile.exact else NBFORMAT_STYLE, text=nbfile.style.dumps(raw))
