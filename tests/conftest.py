"""Shared test helpers: write example files, run the CLI, validate notebooks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, Mapping

import pytest

from nbrefactor.model import Document
from nbrefactor.sources import SourceError, read_document

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
CORPUS = REPO / "tests" / "corpus" / "real"


def real_files() -> list[Path]:
    """The files of the example project and of the corpus of notebooks other people wrote."""
    return [p for p in [*sorted(NOTEBOOKS.iterdir()), *sorted(CORPUS.rglob("*"))] if p.is_file()]


def real_documents() -> Iterator[tuple[Path, Document]]:
    """Each notebook, text notebook and script of :func:`real_files` that reads, with its path."""
    for path in real_files():
        if path.suffix not in (".ipynb", ".py", ".md"):
            continue
        try:
            document = read_document(path, path.parent)
        except SourceError:
            continue
        if document is not None:
            yield path, document


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``{relative name: text or bytes}`` under ``root``; return ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path):
    """A function that writes files into a fresh folder and returns it."""

    def make(files: Mapping[str, str | bytes]) -> Path:
        return write_files(tmp_path, files)

    return make


@pytest.fixture
def run_cli(capsys):
    """Run ``nbrefactor`` in-process; returns (exit code, stdout, stderr)."""
    from nbrefactor.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def load_json(text: str) -> dict:
    return json.loads(text)


def assert_golden(path: Path, text: str) -> None:
    """``text`` equals the golden file ``path``; a missing golden file is written,
    ``NBREFACTOR_UPDATE_GOLDEN=1`` refreshes it (never silently otherwise)."""
    import os

    if os.environ.get("NBREFACTOR_UPDATE_GOLDEN") or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"differs from {path}; NBREFACTOR_UPDATE_GOLDEN=1 refreshes it"


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (relative POSIX path -> bytes), caches left out."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".pytest_cache" not in p.parts
    }


@pytest.fixture(scope="session")
def recorded_example(tmp_path_factory):
    """A copy of the example project after ``extract`` then ``record`` (once per session: it runs
    every notebook). Returns (project root, RecordResult)."""
    import shutil

    from nbrefactor import extract
    from nbrefactor.refactor.record import record_extracted

    root = tmp_path_factory.mktemp("recorded") / "pumps-project"
    shutil.copytree(NOTEBOOKS, root / "notebooks")
    (root / "pyproject.toml").write_text('[project]\nname = "pumps"\nversion = "0.1"\n', encoding="utf-8")
    result = record_extracted(extract([root / "notebooks"], root=root, verify=False))
    return root, result
