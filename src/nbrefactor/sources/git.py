"""What git knows: the tracked files, the staged ones, and their bytes.

The pre-commit gate judges the commit being made, so content is read from
git's index (the staged blob, ``git show :path``), never from the working
tree: a partially staged file is judged as it will be committed. Every
function runs one git command, whatever the number of files.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from nbrefactor.errors import NbrefactorError


class GitError(NbrefactorError):
    """A git command failed (not a repository, git missing, a corrupt index)."""


@dataclass(frozen=True)
class TrackedFile:
    """A file in git's index: its path relative to the top level and its blob id."""

    path: str
    blob: str


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=False)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else done.returncode}")
    return done.stdout


def toplevel(start: Path) -> Path:
    """The top folder of the git work tree holding ``start``."""
    return Path(_git(start, "rev-parse", "--show-toplevel").decode().strip()).resolve()


def tracked_files(root: Path) -> list[TrackedFile]:
    """Every file in the index (stage 0: what the next commit holds), in path order."""
    out = []
    for record in _git(root, "ls-files", "--stage", "-z").split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, blob, stage = meta.decode().split()
        if stage == "0" and mode != "160000":  # skip merge conflicts and submodules
            out.append(TrackedFile(path.decode("utf-8", "surrogateescape"), blob))
    return out


def staged_paths(root: Path) -> list[str]:
    """Files added, copied, modified or renamed in the index relative to HEAD."""
    head = _has_head(root)
    args = ["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", "--no-renames"]
    if not head:
        args = ["ls-files", "-z"]  # the first commit: everything staged is new
    return [p.decode("utf-8", "surrogateescape") for p in _git(root, *args).split(b"\0") if p]


def _has_head(root: Path) -> bool:
    try:
        _git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    except GitError:
        return False
    return True


def read_objects(root: Path, names: Iterable[str]) -> dict[str, bytes]:
    """The bytes of git objects by name (a blob id, ``:path``, ``HEAD:path``); missing ones left out.

    One ``git cat-file --batch`` process reads them all.
    """
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return {}
    if any("\n" in name for name in wanted):
        raise GitError("git object names cannot contain a newline")
    data = _git(root, "cat-file", "--batch", stdin="".join(f"{n}\n" for n in wanted).encode("utf-8", "surrogateescape"))
    found: dict[str, bytes] = {}
    pos = 0
    for name in wanted:
        end = data.index(b"\n", pos)
        header = data[pos:end]
        pos = end + 1
        if header.endswith((b" missing", b" ambiguous")):
            continue
        size = int(header.split()[2])
        found[name] = data[pos : pos + size]
        pos += size + 1
    return found


def staged_and_head(root: Path, paths: Iterable[str]) -> tuple[Mapping[str, bytes], Mapping[str, bytes]]:
    """The staged bytes and the HEAD bytes of ``paths`` (a path new in this commit has no HEAD bytes)."""
    paths = list(paths)
    staged = read_objects(root, [f":{p}" for p in paths])
    head = read_objects(root, [f"HEAD:{p}" for p in paths]) if _has_head(root) else {}
    return (
        {p: staged[f":{p}"] for p in paths if f":{p}" in staged},
        {p: head[f"HEAD:{p}"] for p in paths if f"HEAD:{p}" in head},
    )
