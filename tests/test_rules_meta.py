"""The catalogue's own consistency: codes, names, documentation."""

from __future__ import annotations

import os
import re

import pytest

from conftest import REPO
from nbrefactor.report.rules_doc import BANDS, render_rules
from nbrefactor.rules import ALL_RULES
from nbrefactor.rules.base import Rule

SECTIONS = ("**What it does:**", "**Why it matters:**", "**Example:**", "**Instead:**")


def test_codes_are_unique_and_in_a_band() -> None:
    codes = [r.code for r in ALL_RULES]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert re.fullmatch(r"NBR\d{3}", code) and code[:4] in BANDS


def test_names_are_unique_kebab_case() -> None:
    names = [r.name for r in ALL_RULES]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", n) for n in names)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_docstring_has_every_section(rule: type[Rule]) -> None:
    docs = rule.docs()
    positions = [docs.find(section) for section in SECTIONS]
    assert all(p > 0 for p in positions), f"{rule.code} docstring lacks a section"
    assert positions == sorted(positions)


def test_rule_reference_is_generated_from_the_rules() -> None:
    """docs/rules.md is the generator's output; NBREFACTOR_UPDATE_GOLDEN=1 refreshes it."""
    path = REPO / "docs" / "rules.md"
    expected = render_rules("markdown")
    if os.environ.get("NBREFACTOR_UPDATE_GOLDEN") or not path.exists():
        path.write_text(expected, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == expected, "run: NBREFACTOR_UPDATE_GOLDEN=1 pytest tests/test_rules_meta.py"
