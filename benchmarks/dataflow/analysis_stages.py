"""Where the per-document analysis spends its time, in CPU seconds, against bare ``ast.parse``.

On documents already read (default: the robustness corpus ``tests/corpus/real``), times
in one process, best of ``--repeat`` runs, with CPU time (``time.process_time``) so that
other work on a shared machine disturbs the figures less than wall time would:

* ``ast.parse`` of every code cell (the floor: what any analysis must do);
* the analysis loop of ``benchmarks/audit_throughput.py`` (its own function): per
  document, fresh :class:`DocumentFacts`, every document rule and the clone rules'
  payload (the document's units), as ``engine.files.analyse_file`` does;
* the same loop split by stage, each stage timed document by document: parsing
  (``facts.parsed``), the scope walk (``facts.scans``), the dataflow graph
  (``facts.dataflow``), the document rules (made per document by ``active_rules``, as
  in the audit) and the clone units (``facts.units``).

Both run with the garbage collector's batch thresholds (``engine.gcpolicy``), as the
CLI, ``audit()`` and the pool's workers do: collections under the default thresholds
would cost the benchmark a third more than the audit pays. The collections that remain
land in the stage that triggers them, so the stages add up to the whole loop (within noise).

    PYTHONPATH=src python benchmarks/dataflow/analysis_stages.py [folder ...] [--repeat N]
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from audit_throughput import CORPUS, best_cpu, options, read_all, time_analysis, time_parse

from nbrefactor.analysis import DocumentFacts
from nbrefactor.config import Config
from nbrefactor.engine.files import active_rules
from nbrefactor.engine.gcpolicy import batch_thresholds
from nbrefactor.model import Document
from nbrefactor.rules import ALL_RULES, ProjectRule, RuleContext

RULES = [rule for rule in ALL_RULES if not issubclass(rule, ProjectRule)]
STAGES = ("parsed", "scans", "dataflow")
LABELS = (
    "parse (facts.parsed)",
    "scope walk (facts.scans)",
    "dataflow (facts.dataflow)",
    "document rules",
    "clone units (facts.units)",
)


def stages(documents: list[Document]) -> list[float]:
    """CPU seconds of each stage (as :data:`LABELS`), summed over the documents."""
    out = [0.0] * len(LABELS)
    clock = time.process_time
    with batch_thresholds():
        for document in documents:
            config = Config()
            facts = DocumentFacts(document, config)
            for i, stage in enumerate(STAGES):
                start = clock()
                getattr(facts, stage)
                out[i] += clock() - start
            start = clock()
            ctx = RuleContext(facts)
            for rule in active_rules(config):
                if not isinstance(rule, ProjectRule):
                    list(rule.check(ctx))
            middle = clock()
            facts.units  # noqa: B018 - computed on first access
            out[-2] += middle - start
            out[-1] += clock() - middle
    return out


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
    print(f"analysis (parse, {len(RULES)} rules, units): {whole:6.3f} s  ratio {parse / whole:.2f}")
    for label, seconds in zip(LABELS, splits, strict=True):
        print(f"  {label:28} : {seconds:6.3f} s")
    print(f"  {'sum of the stages':28} : {sum(splits):6.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
