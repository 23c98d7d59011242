"""The robustness corpus: real notebooks and text notebooks other people wrote,
taken unmodified from PyPI sdists (tests/corpus/README.md). The audit must read
every one without an internal error, and writing one cell back must leave every
other byte of the file as it was."""

from __future__ import annotations

import json

import pytest

from conftest import CORPUS
from nbrefactor import audit
from nbrefactor.sources import SourceError
from nbrefactor.sources.jsonsplice import cell_spans
from nbrefactor.sources.notebook import parse_notebook_text, replace_sources

#: Files in the corpus that are broken on purpose (their packages test error handling).
DELIBERATELY_BROKEN = {
    "black-26.10.1/tests/data/jupyter/notebook_which_cant_be_parsed.ipynb": "NBR902",
    "jupytext-1.19.6/tests/functional/others/invalid_file_896.md": "NBR901",
}

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not present")


@pytest.fixture(scope="module")
def corpus_result():
    return audit([CORPUS], root=CORPUS, cache=False)


def test_corpus_is_large_and_varied(corpus_result) -> None:
    kinds = {f.kind.value for f in corpus_result.files if f.kind}
    assert len(corpus_result.files) > 500
    assert kinds == {"notebook", "percent", "light", "markdown", "script"}


def test_audit_reads_every_real_notebook_without_an_internal_error(corpus_result) -> None:
    assert [f for f in corpus_result.findings if f.code == "NBR900"] == []
    unreadable = {f.location.path: f.code for f in corpus_result.input_errors}
    assert unreadable == DELIBERATELY_BROKEN


def _v4_notebooks():
    for path in sorted(CORPUS.rglob("*.ipynb")):
        try:
            nbfile = parse_notebook_text(path.read_bytes())
        except SourceError:
            continue
        if isinstance(nbfile.raw.get("cells"), list) and any(
            isinstance(c, dict) and c.get("cell_type") == "code" for c in nbfile.raw["cells"]
        ):
            yield path, nbfile


def test_rewriting_one_cell_keeps_every_other_byte() -> None:
    checked = 0
    for path, nbfile in _v4_notebooks():
        index = next(i for i, c in enumerate(nbfile.raw["cells"]) if isinstance(c, dict) and c.get("cell_type") == "code")
        source = nbfile.raw["cells"][index].get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        changed = replace_sources(nbfile, {index: text + "\n# edited"}).dumps()
        start, end = cell_spans(nbfile.text)[index]
        new_start, new_end = cell_spans(changed)[index]
        assert changed[:start] == nbfile.text[:start] and new_start == start, path
        assert changed[new_end:] == nbfile.text[end:], path
        reread = json.loads(changed)
        assert reread["cells"][index]["source"] in (text + "\n# edited", (text + "\n# edited").splitlines(keepends=True))
        assert reread["cells"][:index] == nbfile.raw["cells"][:index], path
        assert reread["cells"][index + 1 :] == nbfile.raw["cells"][index + 1 :], path
        checked += 1
    assert checked > 400
