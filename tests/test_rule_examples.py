"""Every rule's own VALID and INVALID examples, run through the whole audit pipeline.

A new rule is tested by writing its examples: this file needs no change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_files
from nbrefactor import audit
from nbrefactor.rules import ALL_RULES
from nbrefactor.rules.base import Example, Rule

CASES = [
    pytest.param(rule, kind, example, id=f"{rule.code}-{kind}-{i}")
    for rule in ALL_RULES
    for kind, examples in (("valid", rule.valid), ("invalid", rule.invalid))
    for i, example in enumerate(examples)
]


def _findings(tmp_path: Path, rule: type[Rule], example: Example):
    write_files(tmp_path, example.all_files())
    result = audit([tmp_path], root=tmp_path, cache=False, jobs=1)
    return [f for f in result.findings if f.code == rule.code]


@pytest.mark.parametrize("rule, kind, example", CASES)
def test_rule_example(tmp_path: Path, rule: type[Rule], kind: str, example: Example) -> None:
    findings = _findings(tmp_path, rule, example)
    if kind == "valid":
        assert findings == [], f"{rule.code} flagged a valid example: {findings}"
        return
    assert findings, f"{rule.code} missed an invalid example"
    if example.expect:
        assert sorted(f.location.display() for f in findings) == sorted(example.expect)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_has_both_kinds_of_example(rule: type[Rule]) -> None:
    assert rule.valid
    assert rule.invalid or rule.code == "NBR900", "only the internal-error rule has no input that triggers it"
