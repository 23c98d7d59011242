"""Scope-analysis engines compared on the same code: why nbrefactor walks ``ast`` itself.

Times, on the code cells of the given folders (default: the robustness corpus):

* ``ast.parse``                       (the tree every rule shares; paid anyway)
* ``symtable.symtable``               (C; parses again; no positions, order or mutations)
* nbrefactor ``scan_cell``            (on trees already parsed)
* libcst ``ScopeProvider``            (parse + metadata; on a capped sample, it is slow)

and prints MB/s for each, so the choice can be re-checked on any machine.

    PYTHONPATH=src python benchmarks/scope_engines.py [folder ...] [--libcst-kb 300]
"""

from __future__ import annotations

import ast
import symtable
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from audit_throughput import CORPUS, read_all

from nbrefactor.analysis.scopes import scan_cell


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except (SyntaxError, ValueError, RecursionError):
        return False
    return True


def rate(label: str, codes: list[str], run: Callable[[str], object]) -> float:
    megabytes = sum(len(c.encode("utf-8", "surrogatepass")) for c in codes) / 1e6
    start = time.perf_counter()
    for code in codes:
        run(code)
    elapsed = time.perf_counter() - start
    print(f"{label:34} {megabytes:6.2f} MB  {elapsed:7.3f} s  {megabytes / elapsed:7.2f} MB/s")
    return megabytes / elapsed


def libcst_scopes(code: str) -> object:
    import libcst
    from libcst.metadata import MetadataWrapper, ScopeProvider

    return MetadataWrapper(libcst.parse_module(code)).resolve(ScopeProvider)


def main(argv: list[str]) -> int:
    warnings.simplefilter("ignore")
    cap = int(argv[argv.index("--libcst-kb") + 1]) * 1000 if "--libcst-kb" in argv else 300_000
    folders = [Path(a) for a in argv if not a.startswith("--") and not a.isdigit()] or [CORPUS]
    codes = [c.code for d in read_all(folders) for c in d.code_cells if c.code.strip() and _parses(c.code)]
    trees = {id(c): ast.parse(c) for c in codes}
    rate("ast.parse", codes, ast.parse)
    rate("symtable.symtable", codes, lambda c: symtable.symtable(c, "<cell>", "exec"))
    rate("nbrefactor scan_cell (tree given)", codes, lambda c: scan_cell(trees[id(c)]))
    sample, size = [], 0
    for code in codes:
        if size > cap:
            break
        sample.append(code)
        size += len(code)
    rate("libcst ScopeProvider (sample)", sample, libcst_scopes)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
