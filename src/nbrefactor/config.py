"""``[tool.nbrefactor]`` in ``pyproject.toml``: which rules run where, and their thresholds.

.. code-block:: toml

    [tool.nbrefactor]
    select = ["NBR"]            # code prefixes to run (default: every rule)
    ignore = ["NBR302"]         # code prefixes to skip
    exclude = ["scratch/"]      # gitignore-style patterns, relative to this file
    max-file-size-mb = 64       # thresholds and settings, see docs/configuration.md

    [tool.nbrefactor.per-path."experiments/**"]
    ignore = ["NBR2"]           # added to the global ignore for matching paths
    clone-min-lines = 10        # settings override the global ones

Later per-path sections win over earlier ones; a path's effective ``select``
is the global one unless a section sets its own.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import pathspec

from nbrefactor.errors import NbrefactorError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


class ConfigError(NbrefactorError, ValueError):
    """A configuration file that cannot be used, with what is wrong in it."""


#: Every setting a user may put in ``[tool.nbrefactor]`` with its default and meaning.
SETTINGS: dict[str, tuple[Any, str]] = {
    "max-file-size-mb": (64, "Files larger than this are reported (NBR904) and not read."),
    "max-cell-kb": (512, "Code cells larger than this are reported (NBR906) and not analysed."),
    "clone-min-lines": (5, "Clone detection ignores units with fewer code lines than this (NBR1xx)."),
    "clone-min-tokens": (40, "Clone detection ignores units with fewer tokens than this (NBR1xx)."),
    "clone-similarity": (
        0.8,
        "Type-3 (drifted) clones: the least similarity of normalised token streams, 0 to 1 (NBR103, NBR104).",
    ),
    "clone-boilerplate-calls": (
        ["plt", "ax", "axs", "axes", "fig", "sns"],
        "One-line calls on these names are boilerplate, left out of statement runs (NBR104).",
    ),
    "verify-timeout": (600, "verify: seconds a cell may run before the run is stopped and reported."),
    "verify-rtol": (1e-5, "verify: relative tolerance for numbers in outputs (text, tensors, arrays, tables)."),
    "verify-atol": (1e-8, "verify: absolute tolerance for numbers in outputs."),
    "verify-pixel-delta": (2, "verify: per-channel difference (0-255) below which a pixel is unchanged."),
    "verify-image-tolerance": (0.0, "verify: fraction of an image's pixels allowed to change."),
    "record-max-calls": (3, "record: calls recorded per function (the first, then distinct ones)."),
    "record-call-mb": (4.0, "record: a call whose arguments pickle to more than this is skipped."),
    "record-function-mb": (10.0, "record: fixtures of one function stop growing past this."),
    "record-total-mb": (50.0, "record: fixtures of one recording run stop growing past this."),
    "record-rtol": (1e-6, "record: relative tolerance of the generated tests' numeric comparisons."),
    "record-atol": (1e-9, "record: absolute tolerance of the generated tests' numeric comparisons."),
}
_LIST_KEYS = ("select", "ignore", "exclude", "extend-exclude")


@lru_cache(maxsize=256)
def _spec(pattern: str) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines([pattern])


@lru_cache(maxsize=4096)
def _enabled(select: tuple[str, ...], ignore: tuple[str, ...], code: str) -> bool:
    """:meth:`Config.enabled`, remembered: it is asked for every rule of every file."""
    sel = max((len(p) for p in select if code.startswith(p)), default=-1)
    ign = max((len(p) for p in ignore if code.startswith(p)), default=-1)
    return sel >= 0 and sel > ign


@dataclass(frozen=True)
class PathRules:
    """One ``per-path`` section: a pattern and what it changes."""

    pattern: str
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)

    def matches(self, relpath: str) -> bool:
        return _spec(self.pattern).match_file(relpath)


@dataclass(frozen=True)
class Config:
    """The effective configuration; ``base`` is the folder the patterns are relative to."""

    select: tuple[str, ...] = ("NBR",)
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)
    per_path: tuple[PathRules, ...] = ()
    base: str | None = None
    source: str | None = None

    def enabled(self, code: str) -> bool:
        """Whether ``code`` is selected and not ignored (longest prefix wins, as in ruff)."""
        return _enabled(tuple(self.select), tuple(self.ignore), code)

    def setting(self, key: str) -> Any:
        if key in self.settings:
            return self.settings[key]
        if key not in SETTINGS:
            raise KeyError(f"unknown nbrefactor setting {key!r}")
        return SETTINGS[key][0]

    def for_path(self, path: str | Path) -> Config:
        """The configuration in force for one file (absolute path or relative to ``base``)."""
        if not self.per_path:
            return self
        rel = _relative(path, self.base)
        result = self
        for section in self.per_path:
            if rel is not None and section.matches(rel):
                result = replace(
                    result,
                    select=section.select if section.select is not None else result.select,
                    ignore=(*result.ignore, *section.ignore),
                    settings={**result.settings, **section.settings},
                )
        return replace(result, per_path=())

    def with_overrides(
        self, select: list[str] | None = None, ignore: list[str] | None = None
    ) -> Config:
        """Command-line ``--select`` replaces the selection; ``--ignore`` adds to it."""
        return replace(
            self,
            select=tuple(select) if select else self.select,
            ignore=(*self.ignore, *(ignore or ())),
        )

    def digest(self) -> str:
        """A stable hash of everything that changes analysis results (for the cache)."""
        payload = json.dumps(
            [self.select, self.ignore, sorted(self.settings.items())], default=str, sort_keys=True
        )
        return hashlib.blake2b(payload.encode(), digest_size=8).hexdigest()


def _relative(path: str | Path, base: str | None) -> str | None:
    p = Path(path)
    if not p.is_absolute():
        return p.as_posix()
    if base is None:
        return None
    try:
        return p.resolve().relative_to(Path(base)).as_posix()
    except ValueError:
        return None


def _codes(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return tuple(v.strip().upper() if key in ("select", "ignore") else v for v in value)


def _settings(table: Mapping[str, Any], where: str) -> dict[str, Any]:
    settings = {}
    for key, value in table.items():
        if key in _LIST_KEYS or key == "per-path":
            continue
        if key not in SETTINGS:
            known = ", ".join(sorted(SETTINGS))
            raise ConfigError(f"{where}: unknown setting '{key}' (known: {known})")
        default = SETTINGS[key][0]
        if isinstance(default, (int, float)) and not isinstance(value, (int, float)):
            raise ConfigError(f"{where}: '{key}' must be a number")
        if isinstance(default, list) and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise ConfigError(f"{where}: '{key}' must be a list of strings")
        settings[key] = value
    return settings


def from_table(table: Mapping[str, Any], base: str | None = None, source: str | None = None) -> Config:
    """A :class:`Config` from a parsed ``[tool.nbrefactor]`` table."""
    where = source or "[tool.nbrefactor]"
    per_path = []
    sections = table.get("per-path", {})
    if not isinstance(sections, dict):
        raise ConfigError(f"{where}: 'per-path' must be a table of pattern = {{...}}")
    for pattern, section in sections.items():
        if not isinstance(section, dict):
            raise ConfigError(f"{where}: per-path '{pattern}' must be a table")
        per_path.append(
            PathRules(
                pattern=pattern,
                select=_codes(section["select"], "select", where) if "select" in section else None,
                ignore=_codes(section.get("ignore", []), "ignore", where),
                settings=_settings(section, f"{where} per-path '{pattern}'"),
            )
        )
    return Config(
        select=_codes(table.get("select", ["NBR"]), "select", where),
        ignore=_codes(table.get("ignore", []), "ignore", where),
        exclude=(
            *_codes(table.get("exclude", []), "exclude", where),
            *_codes(table.get("extend-exclude", []), "extend-exclude", where),
        ),
        settings=_settings(table, where),
        per_path=tuple(per_path),
        base=base,
        source=source,
    )


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` that has ``[tool.nbrefactor]``."""
    folder = start if start.is_dir() else start.parent
    for parent in [folder, *folder.parents]:
        candidate = parent / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if "nbrefactor" in data.get("tool", {}):
                return candidate
    return None


def load_config(path: Path | None) -> Config:
    """Load ``[tool.nbrefactor]`` from a ``pyproject.toml``; defaults when ``path`` is None."""
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("nbrefactor", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.nbrefactor] must be a table")
    return from_table(table, base=str(path.parent.resolve()), source=str(path))
