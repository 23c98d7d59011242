"""Run ``extract --verify`` then ``record`` over a copy of the robustness corpus; count what happened.

    python scripts/record_corpus.py [CORPUS] [--limit N] [--timeout S] [--mutants]

Each package folder of the corpus is a project (its own root, package
``src/extracted``). Only notebooks whose extraction verified (they run offline,
before and after) are recorded. The figures: functions extracted from them,
functions their runs called, functions with recorded tests, why the others
have none, and whether the generated tests pass (pytest, in a child process).
With ``--mutants`` every recorded module also gets the mutation check of
tests/record_mutants.py. The corpus itself is never touched.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from nbrefactor.refactor.record import record_extracted

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_corpus import extracted_packages  # noqa: E402 - the loop both corpus scripts share


def _pytest(root: Path, tests: list[str]) -> tuple[int, int]:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--junit-xml=junit.xml", *tests],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    text = (root / "junit.xml").read_text(encoding="utf-8") if (root / "junit.xml").exists() else ""
    import re

    found = re.search(r'tests="(\d+)"', text)
    failures = sum(int(x) for x in re.findall(r'(?:failures|errors)="(\d+)"', text)[:2])
    if failures:
        print(done.stdout[-3000:], flush=True)
    return (int(found.group(1)) if found else 0), failures


def _mutants(root: Path, module: str, tests: str, functions: tuple[str, ...]) -> tuple[int, list[str]]:
    import record_mutants

    source = (root / "src" / Path(*module.split("."))).with_suffix(".py").read_text(encoding="utf-8")
    job = record_mutants.job(module, str(root / tests), [str(root / "src")], source, functions, str(root))
    job_file = root / f"mutants-{module}.json"
    job_file.write_text(json.dumps(job), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, record_mutants.__file__, str(job_file)], cwd=root, capture_output=True, text=True, timeout=900
    )
    if done.returncode:
        return 0, [f"{module}: mutation run failed: {done.stderr[-300:]}"]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    survivors = [f"{module}.{m['function']}: {m['kind']} {m['what']}" for m in report["mutants"] if not m["failed"]]
    return len(report["mutants"]), survivors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(REPO / "tests" / "corpus" / "real"))
    parser.add_argument("--limit", type=int, default=0, help="at most this many packages")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per cell")
    parser.add_argument("--mutants", action="store_true", help="also run the mutation check on each recorded module")
    args = parser.parse_args(argv)
    counts: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    survivors: list[str] = []
    start = time.monotonic()
    packages = sorted(p for p in Path(args.corpus).iterdir() if p.is_dir())[: args.limit or None]
    for copy, result in extracted_packages(packages, "nbr-record-corpus-", verify=True, timeout=args.timeout):
        counts["notebooks extracted and verified"] += sum(1 for r in result.changed if r.verified)
        recorded = record_extracted(result)  # a rewrite that did not verify was undone: not in result.changed
        if recorded is None:
            continue
        for rec in recorded.recordings:
            counts["recording runs with a problem"] += bool(rec.problem)
        for mod in recorded.modules:
            counts["functions extracted"] += len(mod.functions)
            called = set(mod.tested) | {s.function for s in mod.skips}
            counts["functions called by the notebooks"] += len(called)
            counts["functions with recorded tests"] += len(mod.tested)
            counts["recorded tests"] += mod.cases
            counts["fixture bytes"] += mod.fixture_bytes
            for skip in mod.skips:
                reasons[skip.reason.split(" (")[0][:90]] += 1
                print(f"  skip {copy.name}: {mod.module}.{skip.function}: {skip.reason}", flush=True)
            if args.mutants and mod.cases:
                total, left = _mutants(copy, mod.module, mod.test_path, mod.tested)
                counts["mutants"] += total
                survivors += left
        tests = [m.test_path for m in recorded.modules if m.cases]
        if tests:
            ran, failed = _pytest(copy, tests)
            counts["generated tests run"] += ran
            counts["generated tests failing"] += failed
        print(f"{copy.name}: {dict(counts)}", flush=True)
    print(f"{len(packages)} packages, {time.monotonic() - start:.1f}s")
    for key, value in counts.items():
        print(f"  {key}: {value}")
    print("why calls were not recorded:")
    for reason, n in reasons.most_common():
        print(f"  {n:4d}  {reason}")
    if args.mutants:
        print(f"mutants not killed: {len(survivors)}")
        for line in survivors:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
