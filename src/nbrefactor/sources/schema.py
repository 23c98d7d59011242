"""nbformat 4 schema checks, fast: the structural rules of the official schema
(required keys, types, no extra cell keys, cell ids allowed from 4.5 on and
unique).

``jsonschema`` validation of every notebook costs more than parsing all of its
code, and compiling the schema costs more again in every worker process. The
checks here cover what the schema says about everything but outputs and
metadata sub-keys; only when they find a problem is nbformat's own validator
asked for its authoritative message. ``tests/test_schema.py`` checks that both
agree on every notebook of the robustness corpus.
"""

from __future__ import annotations

import copy
import re
import warnings
from typing import Any, Mapping

_ID = re.compile(r"^[a-zA-Z0-9-_]{1,64}$")
_CELL_KEYS = {
    "code": {"cell_type", "metadata", "source", "outputs", "execution_count"},
    "markdown": {"cell_type", "metadata", "source"},
    "raw": {"cell_type", "metadata", "source"},
}
_OPTIONAL_KEYS = {"code": set(), "markdown": {"attachments"}, "raw": {"attachments"}}
#: The keys a cell may have, by whether ids are allowed (nbformat 4.5 on), then cell type.
_ALLOWED_KEYS = {
    ids: {kind: frozenset(keys | _OPTIONAL_KEYS[kind] | ({"id"} if ids else set())) for kind, keys in _CELL_KEYS.items()}
    for ids in (False, True)
}
_TOP_KEYS = {"metadata", "nbformat_minor", "nbformat", "cells"}
NEWEST_MINOR = 5


def _is_source(value: Any) -> bool:
    """A string or a list of strings: ``join`` checks the items in C, faster than one
    ``isinstance`` per line (notebooks store sources as lists of lines)."""
    if isinstance(value, str):
        return True
    if not isinstance(value, list):
        return False
    try:
        "".join(value)
    except TypeError:
        return False
    return True


def _cell_problem(cell: Any, index: int, allowed: Mapping[str, frozenset[str]] | None) -> str | None:
    """The cell's first problem; ``allowed``: the keys each cell type may have (None: any, relaxed)."""
    if not isinstance(cell, dict):
        return f"cell {index} is not an object"
    kind = cell.get("cell_type")
    if kind not in _CELL_KEYS:
        return None if allowed is None and isinstance(kind, str) else f"cell {index} has unknown cell_type {kind!r}"
    # nbformat only warns about a missing id (MissingIDFieldWarning), so ids are optional here too.
    keys = cell.keys()
    if not (keys >= _CELL_KEYS[kind] and (allowed is None or keys <= allowed[kind])):
        missing, extra = _CELL_KEYS[kind] - keys, set() if allowed is None else keys - allowed[kind]
        return f"cell {index} has keys missing {sorted(missing)} or not allowed {sorted(extra)}"
    if not isinstance(cell["metadata"], dict) or not _is_source(cell["source"]):
        return f"cell {index} has malformed metadata or source"
    tags = cell["metadata"].get("tags")
    if tags is not None and not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
        return f"cell {index} has malformed tags"
    if "id" in cell and not (isinstance(cell["id"], str) and _ID.match(cell["id"])):
        return f"cell {index} has an invalid id"
    if kind == "code":
        count = cell["execution_count"]
        if not isinstance(cell["outputs"], list) or not (
            count is None or (isinstance(count, int) and not isinstance(count, bool) and count >= 0)
        ):
            return f"cell {index} has malformed outputs or execution_count"
    return None


def _metadata_problem(metadata: Any) -> str | None:
    if not isinstance(metadata, dict):
        return "notebook metadata is not an object"
    spec = metadata.get("kernelspec")
    if spec is not None and not (
        isinstance(spec, dict) and isinstance(spec.get("name"), str) and isinstance(spec.get("display_name"), str)
    ):
        return "kernelspec needs string 'name' and 'display_name'"
    info = metadata.get("language_info")
    if info is not None and not (isinstance(info, dict) and isinstance(info.get("name"), str)):
        return "language_info needs a string 'name'"
    return None


def quick_problem(raw: Mapping[str, Any]) -> str | None:
    """The first structural schema problem of an nbformat 4 notebook, or None."""
    minor = raw.get("nbformat_minor")
    if raw.get("nbformat") != 4 or not isinstance(minor, int) or minor < 0:
        return "nbformat must be 4 with a non-negative integer nbformat_minor"
    relaxed = minor > NEWEST_MINOR  # a newer minor version may add keys (nbformat relaxes the same way)
    keys = set(raw.keys())
    if not _TOP_KEYS <= keys or (keys - _TOP_KEYS and not relaxed):
        return f"top-level keys must be {sorted(_TOP_KEYS)}, found {sorted(keys)}"
    problem = _metadata_problem(raw["metadata"])
    if problem or not isinstance(raw["cells"], list):
        return problem or "'cells' is not a list"
    allowed = None if relaxed else _ALLOWED_KEYS[minor >= 5]
    ids = set()
    for index, cell in enumerate(raw["cells"]):
        problem = _cell_problem(cell, index, allowed)
        if problem:
            return problem
        if "id" in cell:
            if cell["id"] in ids:
                return f"cell {index} repeats the cell id {cell['id']!r}"
            ids.add(cell["id"])
    return None


def nbformat_problem(raw: Mapping[str, Any]) -> str | None:
    """nbformat's own verdict (outputs not checked). nbformat repairs duplicate
    ids in place, so it is given a deep copy."""
    import nbformat
    from nbformat.validator import ValidationError

    light = copy.deepcopy({k: v for k, v in raw.items() if k != "cells"})
    cells = raw.get("cells")
    light["cells"] = [
        {**copy.deepcopy({k: v for k, v in c.items() if k != "outputs"}), "outputs": []}
        if isinstance(c, dict) and "outputs" in c
        else copy.deepcopy(c)
        for c in (cells if isinstance(cells, list) else [])
    ]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            nbformat.validate(light, version=4)
        except ValidationError as exc:
            where = "/".join(str(p) for p in getattr(exc, "absolute_path", ()) or ())
            first = str(getattr(exc, "message", exc)).splitlines()[0]
            return f"{first} (at /{where})" if where else first
        except Exception as exc:  # noqa: BLE001 - any validator failure is a schema problem to report
            return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    duplicate = next((w for w in caught if "Non-unique cell id" in str(w.message)), None)
    return str(duplicate.message).split(" Corrected")[0] if duplicate else None


def schema_problem(raw: Mapping[str, Any]) -> str | None:
    """The first nbformat schema violation of a v4 notebook, or None (fast when valid)."""
    if quick_problem(raw) is None:
        return None
    return nbformat_problem(raw)
