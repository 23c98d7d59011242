"""Where libcst's ScopeProvider and nbrefactor's scope walk disagree, with symtable as the judge.

Classifies every name *read* in a file (local / global / free) three ways and
prints the reads on which libcst differs from nbrefactor, with symtable's
verdict for the scope. On ``tests/fixtures/scope_reference/constructs.py``
libcst (1.x) misses ``match`` captures and walrus targets inside
comprehensions; nbrefactor and symtable agree on every name.

    PYTHONPATH=src python benchmarks/scope_libcst_diff.py [file.py]
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import libcst
from libcst.metadata import BuiltinScope, GlobalScope, MetadataWrapper, PositionProvider, ScopeProvider

from nbrefactor.analysis.scopes import MODULE, scan_cell

REFERENCE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "scope_reference" / "constructs.py"
Key = tuple[int, int, str]


def libcst_reads(source: str) -> dict[Key, str]:
    wrapper = MetadataWrapper(libcst.parse_module(source))
    scopes, positions = wrapper.resolve(ScopeProvider), wrapper.resolve(PositionProvider)
    out: dict[Key, str] = {}
    for scope in {id(s): s for s in scopes.values() if s is not None}.values():
        for access in scope.accesses:
            if not isinstance(access.node, libcst.Name):
                continue
            start = positions[access.node].start
            referents = list(access.referents)
            home = referents[0].scope if referents else None
            kind = (
                "global"
                if home is None or isinstance(home, (GlobalScope, BuiltinScope))
                else ("local" if home is access.scope else "free")
            )
            out[(start.line, start.column + 1, access.node.value)] = kind
    return out


def nbrefactor_reads(source: str) -> dict[Key, str]:
    out: dict[Key, str] = {}
    for scope in scan_cell(ast.parse(source)).module.walk():
        for use in scope.uses:
            if use.kind == "read":
                home = scope.resolve(use.name)
                kind = "global" if home.kind == MODULE else ("local" if home is scope else "free")
                out[(use.line, use.column, use.name)] = kind
    return out


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else REFERENCE
    source = path.read_text(encoding="utf-8")
    theirs, mine = libcst_reads(source), nbrefactor_reads(source)
    common = sorted(set(theirs) & set(mine))
    differ = [key for key in common if theirs[key] != mine[key]]
    print(f"{len(common)} reads compared, libcst and nbrefactor differ on {len(differ)}:")
    for line, column, name in differ:
        print(
            f"  {path.name}:{line}:{column} {name}: libcst {theirs[(line, column, name)]}, nbrefactor {mine[(line, column, name)]}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
