"""Precision and recall of the dataflow (NBR2xx) and reproducibility (NBR302-304) rules
on the labelled set in tests/fixtures/dataflow_labelled/.

Labels are ``# expect: NBR201 NBR202`` comments on the line where a finding must
be reported; every other finding of these codes is a false positive.
``labels.json`` (written with ``--write-labels``) is the same labels in JSON.

    PYTHONPATH=src python benchmarks/dataflow/score.py [folder] [--write-labels]
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from nbrefactor import audit
from nbrefactor.sources import discover, read_document

FOLDER = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "dataflow_labelled"
CODES = (
    "NBR201",
    "NBR202",
    "NBR203",
    "NBR204",
    "NBR205",
    "NBR206",
    "NBR207",
    "NBR302",
    "NBR303",
    "NBR304",
)
_MARKER = re.compile(r"#\s*expect:\s*((?:NBR\d{3}\s*)+)")

Label = tuple[str, str, "int | None", int]  # path, code, cell, line


def expected(folder: Path = FOLDER) -> set[Label]:
    """Every ``# expect:`` marker in the documents of ``folder``."""
    labels = set()
    for path in discover([folder], folder, []):
        document = read_document(path, folder)
        if document is None:
            continue
        for cell in document.cells:
            for number, text in enumerate(cell.source.split("\n"), start=1):
                match = _MARKER.search(text)
                for code in match.group(1).split() if match else ():
                    labels.add(
                        (
                            document.relpath,
                            code,
                            cell.index if document.is_notebook else None,
                            number,
                        )
                    )
    return labels


def found(folder: Path = FOLDER) -> set[Label]:
    result = audit([folder], root=folder, cache=False, jobs=1)
    return {
        (f.location.path, f.code, f.location.cell, f.location.start_line) for f in result.findings if f.code in CODES
    }


def score(folder: Path = FOLDER) -> dict[str, dict[str, float]]:
    """Per rule: true positives, false positives, false negatives, precision, recall."""
    want, got = expected(folder), found(folder)
    tp = Counter(label[1] for label in want & got)
    fp = Counter(label[1] for label in got - want)
    fn = Counter(label[1] for label in want - got)
    table = {}
    for code in CODES:
        t, p, n = tp[code], fp[code], fn[code]
        table[code] = {
            "tp": t,
            "fp": p,
            "fn": n,
            "precision": t / (t + p) if t + p else 1.0,
            "recall": t / (t + n) if t + n else 1.0,
        }
    return table


def _order(label: Label) -> tuple[str, int, int, str]:
    return (label[0], -1 if label[2] is None else label[2], label[3], label[1])


def misses(folder: Path = FOLDER) -> tuple[list[Label], list[Label]]:
    want, got = expected(folder), found(folder)
    return sorted(got - want, key=_order), sorted(want - got, key=_order)


def main(argv: list[str]) -> int:
    folder = Path(next((a for a in argv if not a.startswith("--")), FOLDER))
    if "--write-labels" in argv:
        labels = sorted(expected(folder), key=_order)
        rows = [{"path": p, "code": c, "cell": cell, "line": line} for p, c, cell, line in labels]
        (folder / "labels.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print(f"{'rule':8} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8}")
    for code, row in score(folder).items():
        print(f"{code:8} {row['tp']:4} {row['fp']:4} {row['fn']:4} {row['precision']:10.3f} {row['recall']:8.3f}")
    false_positives, false_negatives = misses(folder)
    for label in false_positives:
        print("false positive:", *label)
    for label in false_negatives:
        print("missed:", *label)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
