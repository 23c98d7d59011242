"""The fast paths of reading decide and read exactly as the slower references they replace.

Each shortcut is compared with its reference on every file of the example project and the
robustness corpus, and on generated texts built from what the shortcut looks at.
"""

from __future__ import annotations

import functools
import random
import re

from conftest import CORPUS, real_documents, real_files
from nbrefactor.sources.ipython import _AUTOMAGIC_NAMES, Transformed, _plain_python, _transform, transform_cell
from nbrefactor.sources.text import has_percent_marker

#: The cheap IPython test's specification: the multi-line regexes it was first written as
#: (they try every position of a cell, so the module searches literal-led forms of them).
_AUTOMAGIC_WORDS = (
    "pip|conda|mamba|ls|ll|cd|pwd|cat|cp|mv|rm|rmdir|mkdir|less|more|man|clear|alias|env|who|whos|"
    "history|hist|reset|load_ext|reload_ext|matplotlib|pylab|run|store|pushd|popd|dhist|bookmark|sx|system"
)
_SPEC_MAGIC = re.compile(r"^[ \t]*[%!?]|^[ \t]*[\w.*\[\]()]+\?\??[ \t]*\r?$|=[ \t]*[%!][A-Za-z]", re.MULTILINE)
_SPEC_AUTOMAGIC = re.compile(
    rf"^[ \t]*(?:{_AUTOMAGIC_WORDS})[ \t]+(?:[^\s=(\[.,:+\-*/%<>!|&^@]|\.\.|\./)", re.MULTILINE
)
_SPEC_PERCENT_MARKER = re.compile(r"^\s*#\s*%%", re.MULTILINE)


def _spec_plain_python(source: str) -> bool:
    if source.lstrip()[:4].startswith((">>>", "...", "In [")):
        return False
    return not _SPEC_MAGIC.search(source) and not _SPEC_AUTOMAGIC.search(source)


def _generated(words: list[str], count: int, length: int, seed: int = 20261126) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(words) for _ in range(rng.randint(0, length))) for _ in range(count)]


#: Pieces of text the cheap tests look at: blanks, line ends, magic marks, automagic names
#: and their prefixes, prompts, operators, comments, quotes and non-ASCII blanks.
_PIECES = [" ", "\t", "\n", "\r", "%", "!", "?", "??", "=", "x", "ls", "pip", "run", "env", "rm", "rmdir", "his",
           "history", "who", "whos", ".", "..", "./", "(", "[", ")", "*", ",", ":", "+", "#", "'", ">>>", "...",
           "In [", "a.b", "_", "\x0c", "\u00a0", "é", "1", "%%", "# %%", "#"]  # fmt: skip
#: Whole lines for generated cells: magics, their look-alikes in strings, brackets and continuations.
_LINES = ["x = 1", "%time y = f(x)", "'a=%s' % x", "    % (a, b)", "s = '''", "'''", 's = """a', '"""', "f(", ")",
          "!ls", "x = !ls", "x = %sx ls", "ls -l", "ls = 3", "ls", "df.head?", "# why?", "a = b \\", "  c", ">>> x",
          "... y", "%%time", "%%bash", "", "  ", "env = (", "print('!')", "y = x % 2", "?x", "x?", "*int*?",
          "if a:", "    !echo hi", "cd ..", "pip install numpy", "'unterminated", "z = 'it''s' # %notmagic",
          "\x0c%matplotlib inline", "%%capture out", "t = %timeit -o f(x)", "run(x)", "history += [1]"]  # fmt: skip


@functools.lru_cache(maxsize=None)
def _corpus_cells() -> tuple[str, ...]:
    cells = []
    for _, doc in real_documents():
        cells.extend(c.source.replace("\r\n", "\n").replace("\r", "\n") for c in doc.code_cells)
    return tuple(cells)


def test_the_cheap_ipython_test_decides_as_its_specification() -> None:
    assert _AUTOMAGIC_NAMES == _AUTOMAGIC_WORDS
    texts = _generated(_PIECES, 30000, 14) + list(_corpus_cells())
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in real_files() if p.suffix == ".py"]
    decisions = [_plain_python(t) for t in texts]
    assert [t for t, d in zip(texts, decisions, strict=True) if d != _spec_plain_python(t)][:5] == []
    assert 1000 < sum(decisions) < len(texts) - 1000  # both answers are exercised


def test_cells_are_rewritten_as_by_the_full_scan() -> None:
    """transform_cell skips the scan for plain cells and stops it after the last line that may
    be rewritten; the result is that of the scan of every line, on every corpus and generated cell."""
    rng = random.Random(3)
    generated = ["\n".join(rng.choice(_LINES) for _ in range(rng.randint(1, 8))) for _ in range(10000)]
    changed = 0
    for text in [*_corpus_cells(), *generated]:
        expected = Transformed(text) if _spec_plain_python(text) else _transform(text, every_line=True)
        assert transform_cell(text) == expected, text
        changed += expected.code != text
    assert changed > 3000


def test_percent_markers_are_found_as_by_the_multi_line_regex() -> None:
    texts = _generated(_PIECES, 30000, 10)
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in real_files() if p.suffix == ".py"]
    found = [has_percent_marker(t) for t in texts]
    assert [t for t, f in zip(texts, found, strict=True) if f != bool(_SPEC_PERCENT_MARKER.search(t))][:5] == []
    assert 100 < sum(found) < len(texts) - 100


def test_quote_tracking_agrees_with_jupytext() -> None:
    """The patched ``StringParser.read_line`` leaves jupytext's parser in the same state
    after every line of every corpus text file and of generated texts, in every language."""
    from jupytext.languages import _COMMENT
    from jupytext.stringparser import StringParser

    from nbrefactor.sources.fastjupytext import read_line

    texts = [p.read_text(encoding="utf-8", errors="replace") for p in real_files() if p.suffix in (".py", ".md")]
    pieces = ["'", '"', "'''", '"""', "\\", "#", "//", "/*", "(*", "--", ";", "%", " ", "x", "\n", "\\'", "r'"]
    texts += _generated(pieces, 3000, 30)
    one_per_comment = {comment: language for language, comment in sorted(_COMMENT.items(), reverse=True)}
    languages = [None, "R", "python", *sorted(one_per_comment.values())]
    for language in languages:
        reference, fast = StringParser(language), StringParser(language)
        for text in texts:
            for line in text.split("\n"):
                reference.read_line(line)
                read_line(fast, line)
                state = (fast.single, fast.triple, fast.triple_start, fast.is_quoted())
                assert state == (reference.single, reference.triple, reference.triple_start, reference.is_quoted()), (
                    language,
                    line,
                )


_HEADERS = [
    "",
    "# ---\n# jupyter:\n#   jupytext:\n#     text_representation:\n#       extension: .py\n#       format_name: percent\n"
    "#       format_version: '1.3'\n#       jupytext_version: 1.16.0\n#   kernelspec:\n#     display_name: Python 3\n"
    "#     language: python\n#     name: python3\n# ---\n\n",
    "# ---\n# jupyter:\n#   jupytext:\n#     formats: ipynb,py:percent\n#     text_representation:\n#       extension: .py\n"
    "#       format_name: percent\n#   kernelspec:\n#     language: R\n#     name: ir\n# ---\n",
    "# ---\n# jupyter:\n#   jupytext:\n#     text_representation:\n#       extension: .py\n#       format_name: light\n# ---\n",
    "# ---\n# title: root level\n# jupyter:\n#   kernelspec:\n#     name: python3\n# ---\n\n",
    "#!/usr/bin/env python\n",
    "# -*- coding: utf-8 -*-\n",
]
#: Lines of generated percent scripts: plain markers, code, strings holding markers, magics
#: (plain, commented, continued), Markdown and blank lines; then lines jupytext treats specially.
_PERCENT_LINES = ["# %%", "# %% [markdown]", "#%%", "  # %%", "# <codecell>", "# In[3]:", "# %%time", "%%time", "x = 1",
                  "def f():", "    return 1", "    # %%", "# comment", "# Title", "#", "", "", "", "   ", 's = """',
                  '"""', "'''", "x = 'a' \\", "y = '''# %%'''", "%matplotlib inline", "# %matplotlib inline", "!ls",
                  "# !ls -l \\", "  more", "x = !ls", "df?", "# df?", "cd ..", "# cd ..", "ls = 1", "print('100%')",
                  "a != b", "# 50% done?", "# %% [markdown]", "# %%", "x = 1"]  # fmt: skip
_UNUSUAL_PERCENT_LINES = ["# %% Title", "# %% [raw]", "# %% tags=['a']", "# +", "# # +", '"""Markdown as a string"""', "```"]


def _generated_percent(count: int) -> list[str]:
    rng = random.Random(7)
    scripts = []
    for _ in range(count):
        words = _PERCENT_LINES + (_UNUSUAL_PERCENT_LINES if rng.random() < 0.3 else [])
        body = "\n".join(rng.choice(words) for _ in range(rng.randint(0, 16)))
        header = rng.choice(_HEADERS[:2] * 4 + _HEADERS[2:])
        scripts.append(header + body + rng.choice(["", "\n", "\n\n"]))
    return scripts


def test_plain_percent_scripts_are_read_as_jupytext_reads_them() -> None:
    import jupytext

    from nbrefactor.sources.fastjupytext import fast_jupytext
    from nbrefactor.sources.percent import read_plain_percent
    from nbrefactor.sources.text import decode_python

    scripts = [decode_python(p.read_bytes()) for p in [*real_files(), *(CORPUS.parent.parent / "fixtures").rglob("*.py")]
               if p.suffix == ".py" and has_percent_marker(p.read_text(encoding="utf-8", errors="replace"))]  # fmt: skip
    corpus = len(scripts)
    scripts += [s for s in _generated_percent(4000) if has_percent_marker(s)]
    native = []
    for text in scripts:
        with fast_jupytext():
            cells = read_plain_percent(text)
            if cells is None:
                continue
            notebook = jupytext.reads(text, fmt="py:percent")
        native.append(text)
        assert cells == [(c.cell_type, c.source) for c in notebook.cells], text
        assert not any(c.metadata.get("tags") for c in notebook.cells), text
        assert notebook.metadata.get("kernelspec", {}).get("language", "python") == "python", text
    assert len([t for t in native if t in scripts[:corpus]]) > corpus // 2
    assert len(native) > len(scripts) // 3


def test_patched_jupytext_reads_every_text_notebook_as_jupytext_does() -> None:
    """Inside ``fast_jupytext`` (shared markdown-it parser, quote tracking, no per-cell
    validation, C YAML loader) every corpus text notebook reads to the same cells and language."""
    import jupytext

    from nbrefactor.sources.fastjupytext import fast_jupytext
    from nbrefactor.sources.text import NOTEBOOK_MARKDOWN_SUFFIXES, decode_python, is_markdown_notebook

    def cells(text: str, fmt: str) -> object:
        try:
            notebook = jupytext.reads(text, fmt=fmt)
        except Exception as exc:  # noqa: BLE001 - both must fail alike
            return type(exc).__name__
        shape = [(c.cell_type, c.source, c.metadata.get("tags")) for c in notebook.cells]
        return shape, notebook.metadata.get("kernelspec", {}).get("language")

    read = 0
    for path in real_files():
        if path.suffix == ".py":
            text, fmt = decode_python(path.read_bytes()), "py:percent"
            if not has_percent_marker(text):
                continue
        elif path.suffix in NOTEBOOK_MARKDOWN_SUFFIXES:
            text = path.read_bytes().decode("utf-8-sig", errors="replace")
            fmt = "md:myst" if "{code-cell}" in text else "md:markdown"
            if not is_markdown_notebook(text):
                continue
        else:
            continue
        with fast_jupytext():
            fast = cells(text, fmt)
        assert fast == cells(text, fmt), path
        read += 1
    assert read > 200
