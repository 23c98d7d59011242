"""The clone benchmark's generator: real functions that are natural clones of each other stay out."""

from __future__ import annotations

import difflib
import importlib.util
import sys
from pathlib import Path

from test_clones import ERASE_END, ERASE_START, SCALE

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks" / "clones"))  # generate.py imports mutate.py beside it
_spec = importlib.util.spec_from_file_location("clone_generate", REPO / "benchmarks" / "clones" / "generate.py")
assert _spec and _spec.loader
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)
import natural  # noqa: E402  (beside generate.py, on the path above)

# pygments' formatters: one copied from the other, then one line edited.
TTYPE_CLASS = '''def _get_ttype_class(ttype):
    fname = STANDARD_TYPES.get(ttype)
    if fname:
        return fname
    aname = ''
    while fname is None:
        aname = '-' + ttype[-1] + aname
        ttype = ttype.parent
        fname = STANDARD_TYPES.get(ttype)
    return fname + aname
'''
TTYPE_NAME = (
    TTYPE_CLASS.replace("_get_ttype_class(ttype):", '_get_ttype_name(ttype):\n    """The short name of a token type."""')
    .replace("'-' + ttype[-1]", "ttype[-1]")
)


# mypy's State: one method copied from the other, its two blocks swapped and their calls exchanged.
ADD_DEPENDENCY = """def add_dependency(self, dep: str) -> None:
    if dep not in self.dependencies_set:
        self.dependencies.append(dep)
        self.dependencies_set.add(dep)
    if dep in self.suppressed_set:
        self.suppressed.remove(dep)
        self.suppressed_set.remove(dep)
"""
SUPPRESS_DEPENDENCY = """def suppress_dependency(self, dep: str) -> None:
    if dep in self.dependencies_set:
        self.dependencies.remove(dep)
        self.dependencies_set.remove(dep)
    if dep not in self.suppressed_set:
        self.suppressed.append(dep)
        self.suppressed_set.add(dep)
"""


def _difflib(a: list[str], b: list[str]) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def test_normalised_lines_blank_names_and_literals_and_drop_the_docstring() -> None:
    lines = natural.normalised_lines(TTYPE_NAME)
    assert lines[0] == "def N ( N ) :" and "L" not in lines[0]
    assert lines[4] == "N = L" and len(lines) == 10
    assert natural.tokens(TTYPE_NAME) == " ".join(lines).split()


def test_an_edited_copy_of_a_function_taken_is_left_out() -> None:
    taken = natural.Taken()
    assert taken.add("_get_ttype_class", TTYPE_CLASS)
    assert not taken.add("_get_ttype_name", TTYPE_NAME)
    assert taken.names == {"_get_ttype_class"}


def test_a_copy_with_its_lines_rewrapped_is_left_out_by_its_tokens() -> None:
    rewrapped = TTYPE_NAME.replace("STANDARD_TYPES.get(ttype)", "STANDARD_TYPES.get(\n            ttype\n        )")
    lines = natural.normalised_lines(TTYPE_CLASS), natural.normalised_lines(rewrapped)
    assert _difflib(*lines) < natural.NEAR_DUPLICATE  # the line measure alone would take it
    taken = natural.Taken()
    assert taken.add("_get_ttype_class", TTYPE_CLASS)
    assert not taken.add("_get_ttype_name", rewrapped)


def test_a_copy_with_two_blocks_swapped_is_left_out_by_its_common_lines() -> None:
    lines = natural.normalised_lines(ADD_DEPENDENCY), natural.normalised_lines(SUPPRESS_DEPENDENCY)
    toks = natural.tokens(ADD_DEPENDENCY), natural.tokens(SUPPRESS_DEPENDENCY)
    assert max(_difflib(*lines), _difflib(*toks)) < natural.NEAR_DUPLICATE  # difflib aligns the swapped blocks
    taken = natural.Taken()
    assert taken.add("add_dependency", ADD_DEPENDENCY)
    assert not taken.add("suppress_dependency", SUPPRESS_DEPENDENCY)


def test_siblings_alike_once_every_name_is_blanked_are_left_out() -> None:
    """nbrefactor tells these apart by the names they bind (test_clones); a blind reader would not."""
    taken = natural.Taken()
    assert taken.add("erase_start_of_line", ERASE_START)
    assert not taken.add("erase_end_of_line", ERASE_END)


def test_different_functions_are_taken() -> None:
    taken = natural.Taken()
    for name, code in [("erase_start_of_line", ERASE_START), ("scale", SCALE), ("_get_ttype_class", TTYPE_CLASS), ("add_dependency", ADD_DEPENDENCY)]:
        assert taken.add(name, code), name
    assert len(taken.names) == 4

