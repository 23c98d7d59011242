"""Kernel side of ``record``: turn a recorded value into a spec and fixture bundles.

Loaded into the kernel by :mod:`._recorder` (it imports nothing from nbrefactor,
and numpy, pandas and torch only when the value comes from them). A spec is
JSON: ``{"kind": "literal", "text": ...}`` for small values whose ``repr``
round-trips, or a leaf stored in a bundle (``{"kind": "ndarray", "store":
"npz", "role": "args", "key": "X"}``), or a container or object whose parts are
specs. Bundles are one file per call, role and store: ``.npz`` for arrays,
``torch.save`` (loaded with ``weights_only``) for tensors and state dicts,
pickle for frames and everything else.
"""

from __future__ import annotations

import ast
import math
from typing import Any

_PLAIN = (type(None), bool, int, float, complex, str, bytes)
_CONTAINERS = (tuple, list, set, frozenset, dict)
MAX_ITEMS = 20
MAX_ATTRS = 12
MAX_DEPTH = 3


def type_name(value: Any) -> str:
    kind = type(value)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def _plain(value: Any, depth: int = 0) -> bool:
    if type(value) in _PLAIN:
        return True
    if type(value) not in _CONTAINERS or depth > MAX_DEPTH:
        return False
    items = [x for kv in value.items() for x in kv] if isinstance(value, dict) else list(value)
    return all(_plain(x, depth + 1) for x in items)


def _has_float(value: Any) -> bool:
    if isinstance(value, (float, complex)):
        return True
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    return isinstance(value, (tuple, list, set, frozenset)) and any(_has_float(v) for v in value)


def literal(value: Any, limit: int) -> str | None:
    """``repr(value)`` when it is short and evaluates back to an equal value of the same type."""
    if not _plain(value):
        return None
    text = repr(value)
    if len(text) > limit:
        return None
    try:
        back = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return text if type(back) is type(value) and back == value else None


def _approx_able(value: Any) -> bool:
    """A number, or a flat list/tuple/dict of numbers: ``pytest.approx`` compares it whole."""
    number = lambda x: type(x) in (int, float) and math.isfinite(x)  # noqa: E731
    if isinstance(value, dict):
        return all(number(v) for v in value.values())
    if type(value) in (list, tuple):
        return all(number(v) for v in value)
    return number(value)


class Bundles:
    """The fixture values of one call, grouped by role (``args``, ``expected``) and store."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], dict[str, Any]] = {}

    def put(self, role: str, store: str, key: str, value: Any, kind: str, **extra: Any) -> dict[str, Any]:
        self.values.setdefault((role, store), {})[key] = value
        return {"kind": kind, "role": role, "store": store, "key": key, **extra}


def _module_of(value: Any, name: str) -> Any:
    """``sys.modules[name]`` if imported (a value of its types can exist only then), else None."""
    import sys

    return sys.modules.get(name)


def _array_spec(value: Any, role: str, key: str, bundles: Bundles) -> dict[str, Any] | None:
    np = _module_of(value, "numpy")
    if np is None or not isinstance(value, np.ndarray) or value.dtype.hasobject:
        return None
    numeric = value.dtype.kind in "fc"
    return bundles.put(role, "npz", key, value, "ndarray", dtype=str(value.dtype), numeric=numeric)


def _torch_spec(value: Any, role: str, key: str, bundles: Bundles) -> dict[str, Any] | None:
    torch = _module_of(value, "torch")
    if torch is None:
        return None
    if isinstance(value, torch.Tensor) and type(value) is torch.Tensor:
        return bundles.put(role, "pt", key, value.detach().clone(), "tensor")
    if role == "expected" and isinstance(value, torch.optim.Optimizer):
        return {
            "kind": "uncompared",
            "type": type_name(value),
            "why": "optimizer state: the parameters it updates are compared",
        }
    if role == "expected" and isinstance(value, torch.nn.Module):
        state = {k: v.detach().clone() for k, v in value.state_dict().items()}
        return bundles.put(role, "pt", key, state, "module", type=type_name(value))
    return None


def _frame_spec(value: Any, role: str, key: str, bundles: Bundles) -> dict[str, Any] | None:
    pd = _module_of(value, "pandas")
    if pd is None:
        return None
    if isinstance(value, pd.DataFrame):
        return bundles.put(role, "pkl", key, value.copy(), "frame")
    if isinstance(value, pd.Series):
        return bundles.put(role, "pkl", key, value.copy(), "series")
    return None


def encode_arg(value: Any, key: str, bundles: Bundles, limit: int, role: str = "args") -> dict[str, Any]:
    """How a test rebuilds an argument: a literal, an array, a tensor, a frame, or an object from the pickle."""
    text = literal(value, limit)
    if text is not None:
        return {"kind": "literal", "text": text}
    for store in (_array_spec, _torch_spec, _frame_spec):
        spec = store(value, role, key, bundles)
        if spec is not None:
            return spec
    return bundles.put(role, "pkl", key, value, "object", type=type_name(value))


def _numpy_scalar(value: Any) -> Any:
    np = _module_of(value, "numpy")
    if np is not None and isinstance(value, np.generic) and value.dtype.kind in "biuf":
        return value.item()
    return None


def encode_expected(value: Any, key: str, bundles: Bundles, limit: int, depth: int = 0) -> dict[str, Any]:
    """How a test checks a value: compare it whole (literal, approx, array, frame...) or part by part."""
    np = _module_of(value, "numpy")
    if np is not None and isinstance(value, np.random.Generator):  # compared through its state
        state = encode_expected(value.bit_generator.state, key, bundles, limit, depth + 1)
        return {"kind": "via", "attr": ".bit_generator.state", "spec": state}
    scalar = _numpy_scalar(value)
    if scalar is not None:
        return {"kind": "literal", "text": repr(scalar), "approx": _approx_able(scalar), "type": type_name(value)}
    text = literal(value, limit)
    if text is not None and (not _has_float(value) or _approx_able(value)):
        return {"kind": "literal", "text": text, "approx": _has_float(value)}
    for store in (_array_spec, _torch_spec, _frame_spec):
        spec = store(value, "expected", key, bundles)
        if spec is not None:
            return spec
    return _parts(value, key, bundles, limit, depth)


def _parts(value: Any, key: str, bundles: Bundles, limit: int, depth: int) -> dict[str, Any]:
    if depth >= MAX_DEPTH:
        return {"kind": "uncompared", "type": type_name(value), "why": "nested too deep"}
    if type(value) in (tuple, list) and len(value) <= MAX_ITEMS:
        parts = [encode_expected(v, f"{key}_{i}", bundles, limit, depth + 1) for i, v in enumerate(value)]
        return {"kind": "sequence", "type": type(value).__name__, "items": parts}
    if type(value) is dict and len(value) <= MAX_ITEMS and all(literal(k, limit) for k in value):
        entries = [
            [literal(k, limit), encode_expected(v, f"{key}_{i}", bundles, limit, depth + 1)]
            for i, (k, v) in enumerate(value.items())
        ]
        return {"kind": "mapping", "items": entries}
    attrs = getattr(value, "__dict__", None)
    if isinstance(attrs, dict) and type(value).__module__ != "__main__" and not callable(value) and depth <= 1:
        public = [(k, v) for k, v in attrs.items() if not k.startswith("_") and k.isidentifier()][:MAX_ATTRS]
        items = [[k, encode_expected(v, f"{key}_{k}", bundles, limit, depth + 1)] for k, v in public]
        items = [item for item in items if item[1]["kind"] != "uncompared" or depth == 0]
        return {"kind": "attrs", "type": type(value).__qualname__, "items": items}
    return {"kind": "uncompared", "type": type_name(value), "why": "no known way to compare it"}
