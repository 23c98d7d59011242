"""A persistent index of a repository's code units, for the pre-commit gate.

One SQLite file (``.nbrefactor_cache/hook-index.sqlite3``) maps each tracked
file to the content key its units were computed from, and indexes the units'
canonical hashes and shingles, so that a commit asks only for the units that
could be copies of what it changes: a warm run reads a few pages of the file,
never every unit of the repository.

Shingles are indexed per distinct canonical hash (as
:mod:`nbrefactor.analysis.clones` indexes representatives), and a shingle
shared by more than :data:`~nbrefactor.analysis.clones.MAX_POSTING` of them is
too common to propose candidates. A missing or corrupt index is rebuilt.
"""

from __future__ import annotations

import pickle
import sqlite3
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence

from nbrefactor.analysis.clones import MAX_POSTING
from nbrefactor.analysis.units import Unit

SCHEMA_VERSION = "1"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS units (path TEXT NOT NULL, canonical INTEGER NOT NULL, data BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS units_path ON units (path);
CREATE INDEX IF NOT EXISTS units_canonical ON units (canonical);
CREATE TABLE IF NOT EXISTS postings (
    feature INTEGER NOT NULL, canonical INTEGER NOT NULL, PRIMARY KEY (feature, canonical)
) WITHOUT ROWID;
"""
#: SQLite's limit on parameters in one statement is 32766; stay well below it.
_CHUNK = 900


def _signed(hex_digest: str) -> int:
    """A 64-bit hex digest as the signed integer SQLite stores."""
    value = int(hex_digest, 16)
    return value - (1 << 64) if value >= 1 << 63 else value


def _chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


class UnitIndex:
    """The units of every indexed file, queryable by shingle and canonical hash."""

    def __init__(self, path: Path | None) -> None:
        """Open (or create) the index at ``path``; None keeps it in memory."""
        self.path = path
        self.db = self._open(path)

    @staticmethod
    def _open(path: Path | None) -> sqlite3.Connection:
        target = ":memory:" if path is None else str(path)
        try:
            db = sqlite3.connect(target, isolation_level=None)
            db.executescript(_SCHEMA)
            row = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
            if row is None or row[0] != SCHEMA_VERSION:
                db.executescript("DELETE FROM files; DELETE FROM units; DELETE FROM postings;")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            return db
        except sqlite3.DatabaseError:
            if path is None:
                raise
            path.unlink(missing_ok=True)  # corrupt: start again
            return UnitIndex._open(path)

    def close(self) -> None:
        self.db.close()

    def keys(self) -> dict[str, str]:
        """The content key each indexed file's units were computed from, by path."""
        return dict(self.db.execute("SELECT path, key FROM files"))

    def update(self, files: Mapping[str, tuple[str, Sequence[Unit]]], removed: Iterable[str] = ()) -> None:
        """Replace the units of ``files`` (path -> (key, units)) and forget ``removed`` paths."""
        paths = [*files, *removed]
        if not paths:
            return
        db = self.db
        db.execute("BEGIN")
        try:
            stale = self._drop(paths)
            for path, (key, units) in files.items():
                db.execute("INSERT INTO files VALUES (?, ?)", (path, key))
                rows = [(path, _signed(u.canonical), pickle.dumps(u, pickle.HIGHEST_PROTOCOL)) for u in units]
                db.executemany("INSERT INTO units VALUES (?, ?, ?)", rows)
                db.executemany(
                    "INSERT OR IGNORE INTO postings VALUES (?, ?)",
                    ((f, _signed(u.canonical)) for u in units for f in u.features),
                )
            for canonical in stale:
                if db.execute("SELECT 1 FROM units WHERE canonical = ? LIMIT 1", (canonical,)).fetchone() is None:
                    db.execute("DELETE FROM postings WHERE canonical = ?", (canonical,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _drop(self, paths: Sequence[str]) -> set[int]:
        """Delete the units of ``paths``; return their canonical hashes."""
        stale: set[int] = set()
        for path in paths:
            stale.update(c for (c,) in self.db.execute("SELECT canonical FROM units WHERE path = ?", (path,)))
            self.db.execute("DELETE FROM units WHERE path = ?", (path,))
            self.db.execute("DELETE FROM files WHERE path = ?", (path,))
        return stale

    def units(self, paths: Iterable[str] | None = None) -> list[Unit]:
        """The units of ``paths`` (default: every indexed file), in path order."""
        if paths is None:
            rows = self.db.execute("SELECT data FROM units ORDER BY path, rowid")
            return [pickle.loads(data) for (data,) in rows]
        out: list[Unit] = []
        for path in sorted(set(paths)):
            out.extend(pickle.loads(d) for (d,) in self.db.execute("SELECT data FROM units WHERE path = ? ORDER BY rowid", (path,)))
        return out

    def candidates(self, probe: Sequence[Unit]) -> list[Unit]:
        """Indexed units that could be copies of a ``probe`` unit.

        Those with the same canonical hash, and those sharing a shingle with it
        that is not too common. The probe units themselves are included when indexed.
        """
        features = sorted({f for u in probe for f in u.features})
        canonicals = {_signed(u.canonical) for u in probe}
        for chunk in _chunks(features):
            marks = ",".join("?" * len(chunk))
            rare = [
                f
                for (f,) in self.db.execute(
                    f"SELECT feature FROM postings WHERE feature IN ({marks}) GROUP BY feature HAVING COUNT(*) <= ?",
                    (*chunk, MAX_POSTING),
                )
            ]
            for part in _chunks(rare):
                sql = f"SELECT DISTINCT canonical FROM postings WHERE feature IN ({','.join('?' * len(part))})"
                canonicals.update(c for (c,) in self.db.execute(sql, tuple(part)))
        out: list[Unit] = []
        for part in _chunks(sorted(canonicals)):
            sql = f"SELECT data FROM units WHERE canonical IN ({','.join('?' * len(part))})"
            out.extend(pickle.loads(d) for (d,) in self.db.execute(sql, tuple(part)))
        return out
