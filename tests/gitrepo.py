"""A scratch git repository for tests of the commit gate and the pre-commit hook."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Mapping

from conftest import write_files

GIT_ENV = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


class GitRepo:
    """A git work tree in a temporary folder, with helpers to write, stage and commit."""

    def __init__(self, root: Path, env: Mapping[str, str] | None = None) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        config = root.parent / f"{root.name}.gitconfig"  # no personal hooksPath, signing or templates
        config.touch()
        self.env = {**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": str(config), **(env or {})}
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=self.root, env=self.env, capture_output=True, text=True, check=check)

    def write(self, files: Mapping[str, str | bytes]) -> None:
        write_files(self.root, files)

    def stage(self, files: Mapping[str, str | bytes]) -> None:
        self.write(files)
        self.git("add", "--", *files)

    def commit(self, files: Mapping[str, str | bytes] | None = None, message: str = "change") -> subprocess.CompletedProcess[str]:
        """Stage ``files`` and commit (running any installed hooks); the result is not checked."""
        if files:
            self.stage(files)
        return self.git("commit", "-m", message, check=False)

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").stdout.strip()
