"""The architecture, enforced: every import inside nbrefactor points to its own layer or one below.

Layers, lowest first (docs/architecture.md). ``verify`` sits below ``refactor``: it knows nothing
of refactoring, and ``extract --verify`` / ``--record`` call it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "nbrefactor"
LAYERS = [
    {"model", "config", "errors"},
    {"sources"},
    {"analysis"},
    {"rules"},
    {"engine"},
    {"verify"},
    {"refactor"},
    {"report"},
    {"cli", "hook", "testing", "__init__", "__main__"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names] if node.module == "nbrefactor" else [node.module]
            found += [(node.lineno, n) for n in names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return [(line, name) for line, name in found if name.startswith("nbrefactor.")]


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    own = _layer("nbrefactor." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts))
    assert own in RANK, f"{path} is in no layer: add it to LAYERS and docs/architecture.md"
    upward = [
        f"line {line}: {name}"
        for line, name in _imports(path)
        if RANK.get(_layer(name), -1) > RANK[own]
    ]
    assert upward == [], f"{path.relative_to(PACKAGE)} imports a higher layer: {upward}"
