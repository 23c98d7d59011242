"""Where the per-document analysis spends its time, in CPU seconds, against bare ``ast.parse``.

On documents already read (default: the robustness corpus ``tests/corpus/real``), times
in one process, best of ``--repeat`` runs, with CPU time (``time.process_time``) so that
other work on a shared machine disturbs the figures less than wall time would:

* ``ast.parse`` of every code cell (the floor: what any analysis must do);
* the analysis loop of ``benchmarks/audit_throughput.py`` (its own function): per
  document, fresh :class:`DocumentFacts` and every document rule, garbage collector on;
* the same work split by stage, with the collector off and every document's facts kept:
  parsing (``facts.parsed``), the scope walk (``facts.scans``), the dataflow graph
  (``facts.dataflow``) and the rules.

    PYTHONPATH=src python benchmarks/dataflow/analysis_stages.py [folder ...] [--repeat N]
"""

from __future__ import annotations

import gc
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from audit_throughput import CORPUS, best_cpu, options, read_all, time_analysis, time_parse

from nbrefactor.analysis import DocumentFacts
from nbrefactor.config import Config
from nbrefactor.model import Document
from nbrefactor.rules import ALL_RULES, ProjectRule, RuleContext

RULES = [rule for rule in ALL_RULES if not issubclass(rule, ProjectRule)]
STAGES = ("parsed", "scans", "dataflow")


def stages(documents: list[Document]) -> list[float]:
    gc.disable()
    try:
        facts = [DocumentFacts(d, Config()) for d in documents]
        out = []
        for stage in STAGES:
            start = time.process_time()
            for f in facts:
                getattr(f, stage)
            out.append(time.process_time() - start)
        start = time.process_time()
        for f in facts:
            ctx = RuleContext(f)
            for rule in RULES:
                list(rule().check(ctx))
        return [*out, time.process_time() - start]
    finally:
        gc.enable()


def main(argv: list[str]) -> int:
    folders, repeat, _ = options(argv, 7)
    warnings.simplefilter("ignore")
    documents = read_all(folders or [CORPUS])
    codes = [c.code for d in documents for c in d.code_cells]
    parse, _ = best_cpu(repeat, lambda: time_parse(codes))
    whole, _ = best_cpu(repeat, lambda: time_analysis(documents))
    splits = [min(s) for s in zip(*(stages(documents) for _ in range(repeat)), strict=True)]
    print(f"{len(documents)} documents, {len(codes)} code cells; CPU seconds, best of {repeat}")
    print(f"ast.parse only                 : {parse:6.3f} s")
    print(f"analysis (parse + {len(RULES)} rules)    : {whole:6.3f} s  ratio {parse / whole:.2f}")
    labels = ("parse (facts.parsed)", "scope walk (facts.scans)", "dataflow (facts.dataflow)", "document rules")
    for label, seconds in zip(labels, splits, strict=True):
        print(f"  {label:28} : {seconds:6.3f} s")
    print(f"  {'garbage collector, rest':28} : {whole - sum(splits):6.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
