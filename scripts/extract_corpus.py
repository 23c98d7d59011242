"""Run ``extract`` over a copy of the robustness corpus and count what happened.

    python scripts/extract_corpus.py [CORPUS] [--verify] [--importable] [--limit N] [--timeout S]

Each package folder of the corpus is treated as a project (its own root, package
``src/<name>``). Nothing in the corpus itself is touched: everything runs on a
copy in a temporary folder. With ``--verify`` each extracted notebook and its
original are run (papermill, offline) and compared, and the figures say how many
re-run unchanged and why the others did not.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat

from nbrefactor import extract
from nbrefactor.analysis import DocumentFacts
from nbrefactor.config import Config
from nbrefactor.refactor import ExtractResult, Skipped, Success
from nbrefactor.sources import read_document

REPO = Path(__file__).resolve().parents[1]


def _first_words(text: str, n: int = 6) -> str:
    return " ".join(text.replace("`", "").split()[:n])


def importable(notebook: Path) -> bool:
    """Whether every module ``notebook`` imports can be imported here (read statically)."""
    try:
        document = read_document(notebook, notebook.parent)
    except Exception:  # noqa: BLE001 - an unreadable notebook cannot run either
        return False
    if document is None:
        return False
    modules = {m.split(".")[0] for _, scan in DocumentFacts(document, Config()).scans for m in scan.imports.values()}
    return all(importlib.util.find_spec(m) is not None for m in modules)


def extracted_packages(
    packages: list[Path], prefix: str, *, verify: bool, timeout: float, only_importable: bool = False
) -> Iterator[tuple[Path, ExtractResult]]:
    """Each package folder copied into a temporary folder (the corpus is never touched) and
    its notebooks extracted there, as a project of its own (package ``src/extracted``);
    ``only_importable``: only the notebooks whose imports this environment has."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        for package in packages:
            copy = work / package.name
            shutil.copytree(package, copy)
            notebooks = sorted(p for p in copy.rglob("*.ipynb") if not only_importable or importable(p))
            if notebooks:
                paths = [str(p) for p in notebooks]
                yield copy, extract(paths, root=copy, package="src/extracted", verify=verify, verify_timeout=timeout)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(REPO / "tests" / "corpus" / "real"))
    parser.add_argument("--verify", action="store_true", help="run originals and rewrites and compare")
    parser.add_argument("--limit", type=int, default=0, help="at most this many packages")
    parser.add_argument("--timeout", type=float, default=60, help="verify: seconds per cell")
    parser.add_argument("--importable", action="store_true", help="only notebooks whose imports this environment has")
    args = parser.parse_args(argv)
    source = Path(args.corpus)
    counts: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    kept: collections.Counter[str] = collections.Counter()
    invalid = moved = 0
    start = time.monotonic()
    packages = sorted(p for p in source.iterdir() if p.is_dir())[: args.limit or None]
    extracted = extracted_packages(packages, "nbr-corpus-", verify=args.verify, timeout=args.timeout, only_importable=args.importable)
    for copy, result in extracted:
        for r in result.results:
            if isinstance(r, Success):
                counts["extracted" + (" and verified" if r.verified else "")] += 1
                moved += sum(1 for m in r.plan.moved if m.written)
                kept.update(_first_words(k.reason, 3) for k in r.plan.kept)
                try:
                    nbformat.validate(json.loads(Path(copy / r.notebook).read_text(encoding="utf-8")))
                except Exception:  # noqa: BLE001 - counted, not fatal
                    invalid += 1
            elif isinstance(r, Skipped):
                counts["skipped"] += 1
                reasons[_first_words(r.reason, 4 if "language" in r.reason else 6)] += 1
                kept.update(_first_words(k.reason, 3) for k in r.kept)
            else:
                counts["failed"] += 1
                reasons["failed: " + _first_words(r.error, 9)] += 1
                if args.verify:
                    print(f"  {r.notebook}: {r.error[:300]}", flush=True)
    print(f"{sum(counts.values())} notebooks in {len(packages)} packages, {time.monotonic() - start:.1f}s")
    print(dict(counts), f"definitions moved: {moved}", f"invalid notebooks written: {invalid}")
    print("why skipped/failed:")
    for reason, n in reasons.most_common():
        print(f"  {n:4d}  {reason}")
    print("why definitions stayed (first words):")
    for reason, n in kept.most_common(15):
        print(f"  {n:4d}  {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
