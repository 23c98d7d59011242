"""Output normalisation: nbval-style sanitisers that erase what is noise.

A :class:`Sanitizer` is a regular expression and its replacement. The
defaults erase memory addresses, object ids, timestamps, durations, progress
bars and temporary paths; users add their own (or replace the defaults) in
code, or with an nbval sanitize file::

    [regex1]
    regex: \\d{1,2}/\\d{1,2}/\\d{2,4}
    replace: DATE-STAMP

Normalisation is applied to both sides before comparison, so a sanitiser can
never create a difference, only hide one.
"""

from __future__ import annotations

import configparser
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from nbrefactor.errors import NbrefactorError


@dataclass(frozen=True)
class Sanitizer:
    """Replace every match of ``pattern`` by ``replace`` (``re.sub`` syntax)."""

    pattern: str
    replace: str
    name: str = ""

    def apply(self, text: str) -> str:
        return _compiled(self.pattern).sub(self.replace, text)


_CACHE: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    if pattern not in _CACHE:
        _CACHE[pattern] = re.compile(pattern)
    return _CACHE[pattern]


_UNIT = r"(?:ns|µs|us|ms|s|sec|secs|seconds?|min|mins|minutes?|h|hours?)"
_NUM = r"\d+(?:\.\d+)?"

#: The default sanitisers, in the order they are applied.
DEFAULT_SANITIZERS: tuple[Sanitizer, ...] = (
    Sanitizer(r"(?m)^.*(?:\d+%\|[^|\n]*\||\d+/\d+ \[[\d:<?]+,).*$", "<progress>", "progress-bars"),
    Sanitizer(r"(?m)^(CPU times: |Wall time: ).*$", r"\1<duration>", "ipython-time"),
    Sanitizer(r"\b0x[0-9a-fA-F]{6,16}\b", "0x<address>", "memory-addresses"),
    Sanitizer(
        r"\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?",
        "<timestamp>",
        "iso-timestamps",
    ),
    Sanitizer(
        r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
        r" +\d{1,2} \d{2}:\d{2}:\d{2} \d{4}\b",
        "<timestamp>",
        "ctime-timestamps",
    ),
    # the time of day alone (statsmodels' summaries: "Time: 19:45:03"; logging: "19:45:03,120")
    Sanitizer(r"(?<![\d:.])\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?![\d:])", "<time>", "clock-times"),
    # an RFC 2822 date (statsmodels' summaries: "Date: Thu, 26 Nov 2026"), which changes at midnight
    Sanitizer(
        r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b",
        "<date>",
        "rfc2822-dates",
    ),
    Sanitizer(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", "<uuid>", "uuids"),
    Sanitizer(r'"model_id": "[0-9a-f]{32}"', '"model_id": "<widget>"', "widget-ids"),
    Sanitizer(r"(?m)^\S.*?:\d+: (\w*Warning\b)", r"<location>: \1", "warning-locations"),
    Sanitizer(rf"\b{_NUM} ?{_UNIT}\b(?: ± {_NUM} ?{_UNIT})?", "<duration>", "durations"),
    Sanitizer(
        r"(?:/tmp|/var/folders|/private/var/folders|[A-Za-z]:\\Users\\[^\\\s]+\\AppData\\Local\\Temp)"
        r"[/\\][^\s'\"),\]]*",
        "<tmp-path>",
        "temporary-paths",
    ),
)


def _object_ids(text: str) -> str:
    """Erase decimal ``id()`` values: 12-16 digit integers aligned to 16 bytes,
    as CPython's allocator returns them on 64-bit platforms."""

    def repl(match: re.Match[str]) -> str:
        value = int(match.group())
        return "<id>" if value % 16 == 0 else match.group()

    return _compiled(r"(?<![\d.])\d{12,16}(?![\d.])").sub(repl, text)


def _carriage_returns(text: str) -> str:
    """What a terminal shows: text before a ``\\r`` on the same line is overwritten."""
    if "\r" not in text:
        return text
    lines = text.replace("\r\n", "\n").split("\n")
    return "\n".join(line.rsplit("\r", 1)[-1] if "\r" in line.rstrip("\r") else line.rstrip("\r") for line in lines)


@dataclass(frozen=True)
class Normalizer:
    """Applies sanitisers (and the built-in id and carriage-return handling) to text."""

    sanitizers: tuple[Sanitizer, ...] = DEFAULT_SANITIZERS
    object_ids: bool = True

    def __call__(self, text: str) -> str:
        steps: list[Callable[[str], str]] = [_carriage_returns]
        steps.extend(s.apply for s in self.sanitizers)
        if self.object_ids:
            steps.append(_object_ids)
        for step in steps:
            text = step(text)
        return text

    def extended(self, extra: Iterable[Sanitizer]) -> Normalizer:
        return Normalizer((*self.sanitizers, *extra), self.object_ids)


def read_sanitize_file(path: str | Path) -> tuple[Sanitizer, ...]:
    """Sanitisers from an nbval sanitize file (INI sections with ``regex`` and ``replace``)."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        with open(path, encoding="utf-8") as fh:
            parser.read_file(fh)
    except (OSError, configparser.Error) as exc:
        raise NbrefactorError(f"cannot read sanitize file {path}: {exc}") from None
    found = []
    for name in parser.sections():
        section = parser[name]
        if "regex" not in section:
            raise NbrefactorError(f"{path}: section [{name}] has no 'regex'")
        pattern = section["regex"]
        try:
            re.compile(pattern)
        except re.error as exc:
            raise NbrefactorError(f"{path}: section [{name}]: bad regex: {exc}") from None
        found.append(Sanitizer(pattern, section.get("replace", ""), name))
    return tuple(found)


def make_normalizer(
    sanitizers: Sequence[Sanitizer] | None = None, *, defaults: bool = True
) -> Normalizer:
    """The defaults plus ``sanitizers`` (or only ``sanitizers`` when ``defaults`` is False)."""
    base = Normalizer() if defaults else Normalizer((), object_ids=False)
    return base.extended(sanitizers or ())
