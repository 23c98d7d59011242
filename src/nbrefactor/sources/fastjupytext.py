"""jupytext reads made several times faster, with the same result.

For the duration of a read (:func:`fast_jupytext`):

* nbformat's ``new_*_cell`` skip validating each cell against the JSON schema
  (redundant here: cells are only read) and drawing a random id for it from
  ``os.urandom`` (the ids of a text notebook's cells are never read: it has none);
* PyYAML's C loader parses headers when it is available, each header text once
  (jupytext parses a header twice per read, and many files share theirs): later
  loads get a deep copy, since jupytext changes what it is given;
* the MyST reader reuses one markdown-it parser instead of building one per file;
* jupytext's ``StringParser.read_line`` (is the next line inside a string?) jumps
  from quote to quote instead of stepping through every character.

``tests/test_fast_reading.py`` checks that the quote tracking agrees with
jupytext's own on every line of the corpus, and that whole reads do.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import re
from typing import Any, Callable, Iterator

#: The characters that change ``StringParser``'s state, per comment marker.
_MARKS: dict[str | None, re.Pattern[str]] = {}


def _marks(comment: str | None) -> re.Pattern[str]:
    pattern = _MARKS.get(comment)
    if pattern is None:
        pattern = _MARKS[comment] = re.compile("[\"'" + (re.escape(comment[0]) if comment else "") + "]")
    return pattern


def read_line(self: Any, line: str) -> None:
    """``jupytext.stringparser.StringParser.read_line``, visiting only quotes and comment marks."""
    if self.ignore:
        return
    comment = self.comment
    if not (self.single or self.triple) and comment is not None and line.lstrip().startswith(comment):
        return
    self.triple_start = -1
    for match in _marks(comment).finditer(line):
        i = match.start()
        char = line[i]
        if self.single is None and self.triple is None and comment and line.startswith(comment, i):
            break
        if char not in "\"'" or (i > 0 and line[i - 1] == "\\"):
            continue
        if self.single == char:
            self.single = None
        elif self.single is not None or not self.python:
            continue
        elif line[i - 2 : i + 1] == 3 * char and i >= self.triple_start + 3:
            if self.triple == char:
                self.triple, self.triple_start = None, i
            elif self.triple is None:
                self.triple, self.triple_start = char, i
        elif self.triple is None:
            self.single = char
    if self.python:
        self.single = None


@functools.lru_cache(maxsize=256)
def _c_yaml(stream: str) -> Any:
    import yaml

    return yaml.load(stream, Loader=yaml.CSafeLoader)


def _safe_load(stream: Any) -> Any:
    """``yaml.safe_load`` with the C loader, each text parsed once (exceptions are not kept)."""
    if isinstance(stream, str):
        return copy.deepcopy(_c_yaml(stream))
    import yaml

    return yaml.load(stream, Loader=yaml.CSafeLoader)


@functools.lru_cache(maxsize=None)
def _shared(factory: Callable[[], Any]) -> Any:
    return factory()


@contextlib.contextmanager
def fast_jupytext() -> Iterator[None]:
    """Patch jupytext, nbformat and PyYAML for the duration of a read (see the module)."""
    import yaml
    from jupytext import myst
    from jupytext.stringparser import StringParser
    from nbformat.v4 import nbbase

    get_parser = myst.get_parser
    patches: list[tuple[Any, str, Any]] = [
        (nbbase, "validate", lambda *args, **kwargs: None),
        (nbbase, "random_cell_id", lambda: "cell"),
        (myst, "get_parser", lambda: _shared(get_parser)),
        (StringParser, "read_line", read_line),
    ]
    if getattr(yaml, "__with_libyaml__", False):
        patches.append((yaml, "safe_load", _safe_load))
        patches.append((yaml, "safe_load_all", lambda stream: yaml.load_all(stream, Loader=yaml.CSafeLoader)))
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    for owner, name, value in patches:
        setattr(owner, name, value)
    try:
        yield
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)
