"""The dataflow and reproducibility rules on the labelled set: precision and recall >= 0.95 per rule."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("dataflow_score", REPO / "benchmarks" / "dataflow" / "score.py")
assert _spec and _spec.loader
score = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score)

TABLE = score.score()


@pytest.mark.parametrize("code", score.CODES)
def test_precision_and_recall_per_rule(code: str) -> None:
    row = TABLE[code]
    assert row["tp"] + row["fn"] >= 10, f"{code}: fewer than 10 planted cases"
    assert row["precision"] >= 0.95, f"{code}: precision {row['precision']:.3f}; {score.misses()[0]}"
    assert row["recall"] >= 0.95, f"{code}: recall {row['recall']:.3f}; {score.misses()[1]}"


def test_label_file_matches_the_expect_comments() -> None:
    rows = json.loads((score.FOLDER / "labels.json").read_text(encoding="utf-8"))
    labels = {(r["path"], r["code"], r["cell"], r["line"]) for r in rows}
    assert labels == score.expected(), "run: python benchmarks/dataflow/score.py --write-labels"
