"""Parser throughput on the clone corpus: the standard library's ``ast`` against libcst.

Fingerprinting needs token streams and statement boundaries, not concrete
syntax, so nbrefactor parses with ``ast`` (each cell once, shared by every
rule) and keeps libcst for rewriting code. This prints the measurement behind
that choice, on the same sources, in one process:

    python benchmarks/clones/parsers.py [--functions 1000]
"""

from __future__ import annotations

import argparse
import ast
import json
import time
from pathlib import Path

import libcst

WORK = Path(__file__).resolve().parents[1] / ".work"


def sources(folder: Path) -> list[str]:
    """Every script and every notebook code cell of a generated corpus."""
    out = []
    for path in sorted(folder.rglob("*.py")):
        out.append(path.read_text(encoding="utf-8"))
    for path in sorted(folder.rglob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        out.extend("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return out


def rate(parse, texts: list[str]) -> tuple[float, float]:
    """(seconds, MB/s) to parse every text once."""
    start = time.perf_counter()
    for text in texts:
        parse(text)
    seconds = time.perf_counter() - start
    return seconds, sum(len(t.encode()) for t in texts) / 1e6 / seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ast vs libcst throughput on the clone corpus")
    parser.add_argument("--functions", type=int, default=1000, help="which generated corpus (run run.py first)")
    args = parser.parse_args(argv)
    folder = WORK / f"clones-{args.functions}-s1"
    if not folder.exists():
        parser.error(f"{folder} does not exist: run benchmarks/clones/run.py --sizes {args.functions} first")
    texts = sources(folder)
    size = sum(len(t.encode()) for t in texts) / 1e6
    print(f"{len(texts)} sources, {size:.1f} MB")
    a_s, a_rate = rate(ast.parse, texts)
    c_s, c_rate = rate(libcst.parse_module, texts)
    print(f"ast.parse            {a_s:6.2f} s  {a_rate:5.1f} MB/s")
    print(f"libcst.parse_module  {c_s:6.2f} s  {c_rate:5.1f} MB/s   ({c_s / a_s:.1f}x slower)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
