"""Deterministic twin runs: the seed cell injected into the executed copy only.

The cell seeds Python's ``random`` at once, and numpy's and torch's global
generators the moment the notebook imports them (an import hook, so a notebook
that never imports torch never pays for importing it). ``PYTHONHASHSEED`` is
set in the kernel's environment by the runner. The cell defines no names in
the user's namespace and is removed before outputs are compared; the notebook
on disk is never changed.
"""

from __future__ import annotations

from typing import Any

#: Tag of cells nbrefactor (or papermill: ``injected-parameters``) adds to the executed copy.
INJECTED_TAGS = frozenset({"nbrefactor-injected", "injected-parameters"})

_SEED_SOURCE = '''\
def __nbrefactor_seed__(seed):
    import importlib.abc, random, sys
    random.seed(seed)
    pending = {"numpy", "torch"}

    def seed_module(name, module):
        if name == "numpy":
            module.random.seed(seed)
        elif name == "torch":
            module.manual_seed(seed)

    class Seeder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path, target=None):
            if fullname not in pending:
                return None
            for finder in sys.meta_path:
                if finder is self or not hasattr(finder, "find_spec"):
                    continue
                spec = finder.find_spec(fullname, path, target)
                if spec is not None:
                    break
            else:
                return None
            exec_module = spec.loader.exec_module

            def seeded(module):
                exec_module(module)
                pending.discard(fullname)
                seed_module(fullname, module)

            spec.loader.exec_module = seeded
            return spec

    for name in sorted(pending):
        if name in sys.modules:
            pending.discard(name)
            seed_module(name, sys.modules[name])
    sys.meta_path.insert(0, Seeder())


__nbrefactor_seed__({seed})
del __nbrefactor_seed__
'''


def seed_source(seed: int) -> str:
    """The Python source of the seed cell for ``seed``."""
    return _SEED_SOURCE.replace("{seed}", str(int(seed)))


def injected_cell(cell_id: str, source: str) -> dict[str, Any]:
    """An nbformat v4 code cell for the executed copy, tagged so that it is removed before
    outputs are compared (the seed cell; record's startup cell)."""
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": cell_id,
        "metadata": {"tags": ["nbrefactor-injected"]},
        "outputs": [],
        "source": source,
    }


def seed_cell(seed: int) -> dict[str, Any]:
    """An nbformat v4 code cell that seeds the kernel (tagged so it can be removed)."""
    return injected_cell("nbrefactor-seed", seed_source(seed))


def is_injected(cell: Any) -> bool:
    """Whether ``cell`` was added to the executed copy (the seed cell, papermill's parameters)."""
    tags = (cell.get("metadata") or {}).get("tags") or []
    return any(tag in INJECTED_TAGS for tag in tags)
