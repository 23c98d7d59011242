"""Clone-detection stages against bare ``ast.parse`` over the same code.

Reads every document under the given folder (default: the 10k-function clone
corpus, ``benchmarks/.work/clones-10000-s1``, made by
``benchmarks/clones/run.py``), parses every code cell once, then times in this
one process (CPU seconds, ``time.process_time``, best of ``--repeat``):

* parsing every code cell with ``ast`` (the reference: what any analysis of the trees must do);
* the statement outline read from each cell's text, which the clone search uses instead
  (:func:`nbrefactor.analysis.outline.outline`);
* unit extraction and fingerprinting from the outlines
  (:func:`nbrefactor.analysis.units.extract_units`);
* candidate generation (:func:`nbrefactor.analysis.clones.candidate_pairs`)
  and the whole family search (:func:`nbrefactor.analysis.clones.find_families`)
  over every unit;

and prints each with its ratio to ``ast.parse``. ``--digest`` also prints a
hash of every unit's fingerprints and of the families found, to check that a
change to the pipeline leaves its output unchanged.

    PYTHONPATH=src python benchmarks/clone_units.py [folder] [--repeat N] [--digest]
"""

from __future__ import annotations

import hashlib
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path
from typing import TypeVar

from nbrefactor.analysis.clones import candidate_pairs, find_families
from nbrefactor.analysis.outline import outline
from nbrefactor.analysis.parse import parse_cell
from nbrefactor.analysis.units import Unit, boilerplate_calls, extract_units
from nbrefactor.config import Config
from nbrefactor.model import Document

sys.path.insert(0, str(Path(__file__).resolve().parent))
from audit_throughput import best_cpu, options, read_all  # noqa: E402

DEFAULT = Path(__file__).resolve().parent / ".work" / "clones-10000-s1"
T = TypeVar("T")


def per_document(documents: list[Document], config: Config) -> tuple[float, float, float, list[Unit]]:
    """(CPU seconds parsing with ``ast``, outlining the text, extracting units from the outlines; the units),
    one document at a time.

    The audit's clone search never parses (``--select NBR1``): the parse is timed as the reference
    only. Each document's trees are dropped before the next is parsed, as in an audit (holding every
    tree would make the garbage collector dominate the times).
    """
    parse = outlining = extract = 0.0
    calls = boilerplate_calls(config)
    units: list[Unit] = []
    for document in documents:
        start = time.process_time()
        for cell in document.code_cells:
            parse_cell(cell, 1 << 30)
        parsed = time.process_time()
        outlines = [(c, s) for c in document.code_cells if (s := outline(c.code, calls)) is not None]
        outlined = time.process_time()
        units.extend(extract_units(document, outlines, config))
        parse += parsed - start
        outlining += outlined - parsed
        extract += time.process_time() - outlined
    return parse, outlining, extract, units


def digest(units: list[Unit], families: list) -> tuple[str, str]:  # type: ignore[type-arg]
    """Hashes of the units' fingerprints and of the families (members, types, similarities)."""
    h = hashlib.blake2b(digest_size=8)
    for u in units:
        h.update(repr((u.location, u.kind, u.name, u.lines, u.raw, u.canonical, u.chars, u.features)).encode())
    f = hashlib.blake2b(digest_size=8)
    for family in families:
        f.update(repr([(m.unit.location, m.type, m.similarity) for m in family.members]).encode())
    return h.hexdigest(), f.hexdigest()


def main(argv: list[str]) -> int:
    folders, repeat, _ = options(argv, 3)
    folder = folders[0] if folders else DEFAULT
    warnings.simplefilter("ignore")
    config = Config()
    documents = read_all([folder])
    cells = [c for d in documents for c in d.code_cells]
    megabytes = sum(len(c.code.encode("utf-8", "surrogatepass")) for c in cells) / 1e6
    best = [float("inf")] * 3
    for _ in range(repeat):
        *times, units = per_document(documents, config)
        best = [min(b, t) for b, t in zip(best, times, strict=True)]
    parse, outline_time, units_time = best
    by_category: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        by_category[unit.category].append(unit)
    reps = [list({u.canonical: u for u in group}.values()) for group in by_category.values()]
    cand_time, _ = best_cpu(repeat, lambda: [candidate_pairs(r) for r in reps])
    threshold = float(config.setting("clone-similarity"))
    fam_time, families = best_cpu(repeat, lambda: find_families(units, lambda u: threshold))
    print(f"{len(documents)} documents, {len(cells)} code cells, {megabytes:.2f} MB, {len(units)} units")
    print(f"ast.parse            : {parse:6.3f} s CPU  (reference: the clone search does not parse)")
    for label, seconds in (("outline (no parse)", outline_time), ("units + fingerprints", units_time), ("candidate_pairs", cand_time), ("find_families", fam_time)):
        print(f"{label:21}: {seconds:6.3f} s CPU  ratio to ast.parse {seconds / parse:5.2f}")
    if "--digest" in argv:
        print("digest (units, families):", *digest(units, families))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
