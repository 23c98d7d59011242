"""The least work a Python clone detector of the issue's three types must do, against the real thing.

Times, in one command and on the same corpus, with the same number of worker processes:

* **floor**: read every file (a notebook's code cells from its JSON), split each file or cell
  into tokens with nbrefactor's unit tokenizer (one regular-expression pass), map every token to
  one normal form (one character per token) and hash its 5-token shingles. No units, no renaming,
  no candidate search, no verification, no report: what any detector of types 1-3 written in
  Python pays before it starts to decide anything;
* **nbrefactor**: ``nbrefactor audit CORPUS --select NBR1 --no-cache`` (cold), in a new process;
* **jscpd** (when installed under benchmarks/.work/node, see run.py), on the same files.

    python benchmarks/clones/floor.py [CORPUS] [--jobs N]

It prints each time and the ratios to jscpd: a target of "within 3x jscpd" leaves, for all
the work beyond the floor, 3x jscpd's time minus the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import zlib
from multiprocessing import get_context
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "src"))

from nbrefactor.analysis.fingerprint import tokens  # noqa: E402

WORK = REPO / "benchmarks" / ".work"
JSCPD = WORK / "node" / "node_modules" / ".bin" / "jscpd"


def _floor(paths: list[str]) -> int:
    """Read, tokenize, normalise and shingle ``paths``; the number of distinct shingles (so that
    nothing is optimised away)."""
    count = 0
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        if path.endswith(".ipynb"):
            cells = json.loads(text)["cells"]
            codes = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
        else:
            codes = [text]
        for code in codes:
            chars = "".join([chr(0x10000 + zlib.crc32(t.encode()) % 0xFFFF0) for t in tokens(code)])
            data = chars.encode("utf-32-le")
            count += len({zlib.crc32(data[i : i + 20]) for i in range(0, len(data) - 16, 4)})
    return count


def floor(corpus: Path, jobs: int) -> float:
    """Seconds of the floor's work on ``corpus`` with ``jobs`` processes (forked, as nbrefactor's)."""
    start = time.perf_counter()
    files = sorted(str(p) for p in corpus.rglob("*") if p.suffix in (".py", ".ipynb"))
    with get_context("fork").Pool(jobs) as pool:
        sum(pool.map(_floor, [files[i::jobs] for i in range(jobs)]))
    return time.perf_counter() - start


def timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=WORK / "clones-10000-s1")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the fastest is kept")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus}: run benchmarks/clones/run.py first (it generates it)")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    ours = [sys.executable, "-m", "nbrefactor", "audit", str(args.corpus), "--root", str(args.corpus), "--select", "NBR1",
            "--format", "json", "-o", os.devnull, "-q", "--exit-zero", "--no-cache", "-j", str(args.jobs)]
    times: dict[str, list[float]] = {"floor": [], "nbrefactor": [], "jscpd": []}
    for _ in range(args.repeat):  # alternated, so that load on the machine falls on all alike
        times["floor"].append(floor(args.corpus, args.jobs))
        times["nbrefactor"].append(timed(ours, env))
        if JSCPD.exists():
            times["jscpd"].append(timed([str(JSCPD), str(args.corpus), "--format", "python", "--min-tokens", "40",
                                         "--min-lines", "5", "--ignore-identifiers", "--ignore-literals",
                                         "--max-gap-lines", "2", "--silent", "--reporters", "json",
                                         "--output", str(WORK / "floor.jscpd")]))
    best = {name: min(values) for name, values in times.items() if values}
    print(f"{args.corpus.name}, {args.jobs} processes, fastest of {args.repeat}")
    for name, seconds in best.items():
        ratio = f"  {seconds / best['jscpd']:.2f}x jscpd" if "jscpd" in best else ""
        print(f"  {name:<11} {seconds:6.2f} s{ratio}")
    if "jscpd" in best:
        budget = 3 * best["jscpd"] - best["floor"]
        print(f"  3x jscpd leaves {budget:.2f} s beyond the floor; nbrefactor spends {best['nbrefactor'] - best['floor']:.2f} s there")


if __name__ == "__main__":
    main()
