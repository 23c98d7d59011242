"""What git knows: the tracked files, the changed ones, and their bytes.

The pre-commit gate judges the commit being made, so content is read from
git's index (the staged blob, ``git show :path``), never from the working
tree: a partially staged file is judged as it will be committed. For
pre-push and CI the same questions are asked of two commits (a
:class:`Change`). Every function runs one git command, whatever the number
of files.
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


@dataclass(frozen=True)
class Change:
    """What the gate judges: revision ``new`` against revision ``old``.

    ``new`` None is git's index (the commit being made); ``old`` None means
    there is nothing before it (the first commit). Both are commit ids.
    """

    old: str | None
    new: str | None = None


def staged_change(root: Path) -> Change:
    """The commit being made: the index against ``HEAD``."""
    return Change(_commit(root, "HEAD"))


def ref_change(root: Path, from_ref: str, to_ref: str) -> Change:
    """The commits ``to_ref`` adds since it left ``from_ref`` (pre-push, CI): to_ref against their merge base."""
    new = _commit(root, to_ref)
    if new is None:
        raise GitError(f"not a commit: {to_ref}")
    try:
        old: str | None = _git(root, "merge-base", from_ref, new).decode().strip()
    except GitError:
        old = _commit(root, from_ref)
    return Change(old, new)


def _commit(root: Path, ref: str) -> str | None:
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        return None


def tracked_files(root: Path, rev: str | None = None) -> list[TrackedFile]:
    """Every file of commit ``rev``, or of the index (stage 0: what the next commit holds), in path order."""
    if rev is not None:
        return _tree_files(root, rev)
    out = []
    for record in _git(root, "ls-files", "--stage", "-z").split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, blob, stage = meta.decode().split()
        if stage == "0" and mode != "160000":  # skip merge conflicts and submodules
            out.append(TrackedFile(path.decode("utf-8", "surrogateescape"), blob))
    return out


def _tree_files(root: Path, rev: str) -> list[TrackedFile]:
    out = []
    for record in _git(root, "ls-tree", "-r", "-z", "--full-tree", rev).split(b"\0"):
        meta, _, path = record.partition(b"\t")
        if record and meta.split()[1] == b"blob":
            out.append(TrackedFile(path.decode("utf-8", "surrogateescape"), meta.split()[2].decode()))
    return out


def changed_paths(root: Path, change: Change) -> list[str]:
    """Files added, copied or modified by ``change`` (renames count as added)."""
    if change.old is None:
        return [f.path for f in tracked_files(root, change.new)]
    args = ["diff", "--name-only", "-z", "--diff-filter=ACMR", "--no-renames"]
    args += [change.old] if change.new is None else [change.old, change.new]
    if change.new is None:
        args.insert(1, "--cached")
    return [p.decode("utf-8", "surrogateescape") for p in _git(root, *args).split(b"\0") if p]


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


def read_versions(root: Path, change: Change, paths: Iterable[str]) -> tuple[Mapping[str, bytes], Mapping[str, bytes]]:
    """The new and the old bytes of ``paths`` under ``change`` (a path the change adds has no old bytes)."""
    paths = list(paths)
    new_names = {p: f"{change.new or ''}:{p}" for p in paths}
    old_names = {p: f"{change.old}:{p}" for p in paths} if change.old else {}
    found = read_objects(root, [*new_names.values(), *old_names.values()])
    return (
        {p: found[name] for p, name in new_names.items() if name in found},
        {p: found[name] for p, name in old_names.items() if name in found},
    )
