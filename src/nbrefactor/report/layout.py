"""JSON laid out for people and line-based tools, written by the C encoder.

``json.dumps(indent=...)`` selects the pure-Python encoder, about twenty times
slower than the C one; on a report of 25,000 findings that was most of a warm
audit. Here a *layout* names the fields to expand: their lists get one element
a line (``grep`` finds a finding, ``diff`` shows one), everything else is
encoded on one line by the C encoder.
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Optional

#: Field name -> how to lay its value out: None for one element a line, a layout for a
#: nested object (or for each object of a list) to expand in turn.
Layout = Mapping[str, Optional["Layout"]]

_encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), default=str).encode


def render_layout(value: Mapping[str, Any], layout: Layout) -> str:
    """``value`` as JSON text: one field a line, the fields named in ``layout`` expanded."""
    return _object(value, layout, "") + "\n"


def _object(value: Mapping[str, Any], layout: Layout, indent: str) -> str:
    inner = indent + "  "
    fields = []
    for key, item in value.items():
        text = _expanded(item, layout[key], inner) if key in layout and item else _encode(item)
        fields.append(f"{inner}{_encode(key)}: {text}")
    return "{\n" + ",\n".join(fields) + f"\n{indent}}}" if fields else "{}"


def _expanded(value: Any, layout: Layout | None, indent: str) -> str:
    if isinstance(value, list):
        inner = indent + "  "
        items = [_object(v, layout, inner) if layout and isinstance(v, dict) else _encode(v) for v in value]
        return "[\n" + ",\n".join(inner + item for item in items) + f"\n{indent}]"
    if isinstance(value, dict) and layout:
        return _object(value, layout, indent)
    return _encode(value)
