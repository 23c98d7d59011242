"""The clone benchmark's generator: real functions that are natural clones of each other stay out."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from test_clones import ERASE_END, ERASE_START

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks" / "clones"))  # generate.py imports mutate.py beside it
_spec = importlib.util.spec_from_file_location("clone_generate", REPO / "benchmarks" / "clones" / "generate.py")
assert _spec and _spec.loader
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)

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


def test_normalised_lines_blank_names_and_literals_and_drop_the_docstring() -> None:
    lines = generate._normalised_lines(TTYPE_NAME)
    assert lines[0] == "def N ( N ) :" and "L" not in lines[0]
    assert lines[4] == "N = L" and len(lines) == 10


def test_an_edited_copy_of_a_function_taken_is_left_out() -> None:
    taken = generate._Taken()
    assert taken.add("_get_ttype_class", TTYPE_CLASS)
    assert not taken.add("_get_ttype_name", TTYPE_NAME)
    assert taken.names == {"_get_ttype_class"}


def test_a_different_function_of_one_template_is_taken() -> None:
    taken = generate._Taken()
    assert taken.add("erase_start_of_line", ERASE_START)
    assert taken.add("erase_end_of_line", ERASE_END)
