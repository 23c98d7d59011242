"""IPython syntax mapped to analysable Python, line for line.

IPython's own transformer turns ``%%time`` bodies into strings and shell
escapes into calls whose line numbers no longer match the cell. Analysis needs
the opposite: every construct becomes Python that *means* the same thing to a
reader of names (what is read, what is bound), on the same line, so that line
``n`` of the result is line ``n`` of the cell.

=====================  ==============================================
IPython                Python seen by analysis
=====================  ==============================================
``%magic args``        ``__nbr_magic__('magic', 'args')``
``%time stmt``         ``stmt`` (also ``%timeit``, ``%prun``)
``!cmd``               ``__nbr_shell__('cmd')``
``x = !cmd``           ``x = __nbr_shell__('cmd')`` (binds ``x``)
``x = %sx cmd``        ``x = __nbr_magic__('sx', 'cmd')``
``obj?`` / ``??obj``   ``__nbr_help__(obj)`` (reads ``obj``)
``%%time`` + body      ``__nbr_cell_magic__('time')`` + body as Python
``%%capture out``      ``out = __nbr_cell_magic__('capture')`` + body
``%%bash`` + body      ``__nbr_cell_magic__('bash')`` + blank lines
=====================  ==============================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nbrefactor.model import Magic

#: Names that exist in every IPython session or that this module introduces.
IPYTHON_BUILTINS = frozenset(
    {
        "__nbr_magic__",
        "__nbr_shell__",
        "__nbr_help__",
        "__nbr_cell_magic__",
        "get_ipython",
        "display",
        "In",
        "Out",
        "_",
        "__",
        "___",
        "_i",
        "_ii",
        "_iii",
        "_oh",
        "_ih",
        "_dh",
        "exit",
        "quit",
    }
)

#: Cell magics whose body runs as Python in the user namespace.
PYTHON_BODY_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "memit", "mprun"})
#: Line magics whose argument is a Python statement run in the user namespace.
PYTHON_ARG_LINE_MAGICS = frozenset({"time", "timeit", "prun", "debug", "memit"})

_NAME = r"[A-Za-z_][\w]*"
_ASSIGN_TARGET = re.compile(rf"^({_NAME}(?:\s*,\s*{_NAME})*)\s*=\s*(?=[!%])")
_HELP_OBJ = re.compile(r"^[A-Za-z_][\w.]*(\[[^\]]*\])?(\(\))?$")
_OPTION = re.compile(r"^(?:-[A-Za-z](?:\s*\d+)?\s+|--[\w-]+(?:=\S+)?\s+)")
#: Magics IPython runs without the ``%`` (automagic) when the line is not Python.
_AUTOMAGIC_NAMES = (
    "pip|conda|mamba|ls|ll|cd|pwd|cat|cp|mv|rm|rmdir|mkdir|less|more|man|clear|alias|env|who|whos|"
    "history|hist|reset|load_ext|reload_ext|matplotlib|pylab|run|store|pushd|popd|dhist|bookmark|sx|system"
)
_AUTOMAGIC = re.compile(
    rf"^({_AUTOMAGIC_NAMES})"
    r"(\s+(?!=|[-+*/%&|^@<>]=|//=|\*\*=|[(\[,:])\S.*)?$"  # `env = (` starts an assignment, not a magic
)


def _alternatives(words: list[str]) -> str:
    """A regex matching exactly ``words``, factored by common prefixes (``c(?:d|at)``) so
    that the regex engine tests a few letters per line instead of every word."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    parts = []
    for first, rests in sorted(groups.items()):
        longer = [r for r in rests if r]
        tail = f"(?:{_alternatives(longer)})" + ("?" if "" in rests else "") if longer else ""
        parts.append(re.escape(first) + tail)
    return "|".join(parts)


# The cheap test below searches ``"\n" + source`` so that each pattern starts with a
# literal (the regex engine then jumps from newline to newline instead of trying every
# position); ``\n`` there stands for a line start (``^`` in multi-line mode).
#: A line that starts with ``%``, ``!`` or ``?``, or may be an automagic: a magic's name,
#: blanks, then what cannot follow a Python name.
_MAYBE_MAGIC_LINE = re.compile(
    rf"\n[ \t]*(?:[%!?]|(?:{_alternatives(_AUTOMAGIC_NAMES.split('|'))})"
    r"[ \t]+(?:[^\s=(\[.,:+\-*/%<>!|&^@]|\.\.|\./))"
)
#: ``name?`` or ``name??`` alone on a line (searched in ``"\n" + source + "\n"``).
_MAYBE_HELP_LINE = re.compile(r"\n[ \t]*[\w.*\[\]()]+\?\??[ \t]*\r?(?=\n)")
#: An assignment from a shell escape or a line magic.
_MAYBE_MAGIC_ASSIGN = re.compile(r"=[ \t]*[%!][A-Za-z]")
#: A line that ``_transform_line`` might rewrite (it needs ``!``, ``%``, ``?`` or an automagic).
_MAYBE_REWRITTEN = re.compile(rf"[!%?]|^\s*(?:{_alternatives(_AUTOMAGIC_NAMES.split('|'))})")
#: Interactive prompts IPython strips before running a cell (classic ``>>>`` and ``In [1]:``).
_PROMPTS = (re.compile(r"^(>>> ?|\.\.\. ?)"), re.compile(r"^(In \[\d+\]: ?|\s*\.\.\.+: ?)"))


#: What changes the scanner's state: comments, brackets and string openings.
_INTERESTING = re.compile(r"""#|'\'\'|\"\"\"|['"()\[\]{}]""")
#: The end of a string opened by each quote (backslash escapes skipped).
_STRING_END = {q: re.compile(r"(?:[^\\]|\\.)*?" + re.escape(q), re.DOTALL) for q in ("'", '"', "\'\'\'", '\"\"\"')}


@dataclass
class _Scan:
    """Where a line leaves us: inside a string, brackets or a continuation."""

    string: str | None = None
    depth: int = 0
    continued: bool = False

    @property
    def at_statement_start(self) -> bool:
        return self.string is None and self.depth == 0 and not self.continued

    def feed(self, line: str) -> None:
        i = 0
        in_comment = False
        while True:
            if self.string is not None:
                m = _STRING_END[self.string].search(line, i)
                if m is None:
                    break
                i, self.string = m.end(), None
                continue
            m = _INTERESTING.search(line, i)
            if m is None:
                break
            token, i = m.group(), m.end()
            if token == "#":
                in_comment = True
                break
            if token in "([{":
                self.depth += 1
            elif token in ")]}":
                self.depth = max(0, self.depth - 1)
            else:
                self.string = token
        ends_with_backslash = not in_comment and line.endswith("\\")
        if self.string is not None and len(self.string) == 1 and not ends_with_backslash:
            self.string = None  # unterminated one-line string: let the parser complain
        self.continued = ends_with_backslash


@dataclass
class Transformed:
    """A cell's analysable Python and the IPython syntax found in it."""

    code: str
    magics: list[Magic] = field(default_factory=list)


def _call(func: str, *args: str) -> str:
    return f"{func}({', '.join(repr(a) for a in args)})"


def _is_python(text: str) -> bool:
    try:
        compile(text, "<magic>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def _strip_options(args: str) -> str:
    while True:
        m = _OPTION.match(args)
        if not m:
            return args
        args = args[m.end() :]


def _line_magic(
    indent: str, body: str, lineno: int, magics: list[Magic], target: str = "", binds: str | None = None
) -> str:
    """``%name args`` (``body`` has the ``%`` removed), maybe assigned: ``target`` is ``x = ``."""
    name, _, args = body.partition(" ")
    name, args = name.strip(), args.strip()
    magics.append(Magic("line", name, args, lineno, binds=binds))
    prefix = f"{indent}{target}"
    if name in PYTHON_ARG_LINE_MAGICS:
        stmt = _strip_options(args)
        if stmt and _is_python(stmt) and (not target or _is_python(f"_ = {stmt}")):
            return prefix + stmt
    return prefix + _call("__nbr_magic__", name, args)


def _transform_line(line: str, lineno: int, magics: list[Magic]) -> str | None:
    """The Python for one logical-line-start ``line``, or None if it is plain Python."""
    stripped = line.lstrip()
    if not stripped:
        return None
    indent = line[: len(line) - len(stripped)]
    match = _ASSIGN_TARGET.match(stripped)
    if match:
        target, rest = stripped[: match.end()], stripped[match.end() :]
        if rest.startswith("!"):
            command = rest.lstrip("!").strip()
            magics.append(Magic("shell", "!", command, lineno, binds=match.group(1)))
            return f"{indent}{target}{_call('__nbr_shell__', command)}"
        if rest.startswith("%") and not rest.startswith("%%"):
            return _line_magic(indent, rest[1:], lineno, magics, target, match.group(1))
        return None
    if stripped.startswith("!"):
        command = stripped.lstrip("!").strip()
        magics.append(Magic("shell", "!", command, lineno))
        return indent + _call("__nbr_shell__", command)
    if stripped.startswith("%") and not stripped.startswith("%%"):
        return _line_magic(indent, stripped[1:], lineno, magics)
    if _AUTOMAGIC.match(stripped) and not _is_python(stripped.rstrip(":")):
        name, _, args = stripped.partition(" ")
        magics.append(Magic("line", name, args.strip(), lineno))
        return indent + _call("__nbr_magic__", name, args.strip())
    if stripped.startswith("?") or (stripped.endswith("?") and "#" not in stripped):
        obj = stripped.strip("?").strip()
        if not obj or _HELP_OBJ.match(obj) or ("*" in obj and " " not in obj):
            magics.append(Magic("help", "?", obj, lineno))
            reads = obj if _HELP_OBJ.match(obj) else ""  # `?` alone and `*int*?` searches read nothing
            return f"{indent}__nbr_help__({reads})"
    return None


def _cell_magic(first: str, lineno: int, magics: list[Magic]) -> tuple[str, bool]:
    """The Python for a ``%%name args`` first line, and whether the body is Python."""
    name, _, args = first.lstrip()[2:].partition(" ")
    name, args = name.strip(), args.strip()
    python_body = name in PYTHON_BODY_CELL_MAGICS
    binds = None
    if name == "capture":
        words = [w for w in args.split() if not w.startswith("-")]
        binds = words[-1] if words and re.fullmatch(_NAME, words[-1]) else None
    magics.append(Magic("cell", name, args, lineno, binds=binds, python_body=python_body))
    call = _call("__nbr_cell_magic__", name, args) if args else _call("__nbr_cell_magic__", name)
    return (f"{binds} = {call}" if binds else call), python_body


def _join_continuation(lines: list[str], i: int) -> tuple[str, int]:
    """A magic line continued with trailing backslashes, and how many lines it takes."""
    parts, j = [lines[i]], i
    while parts[-1].endswith("\\") and j + 1 < len(lines):
        parts[-1] = parts[-1][:-1]
        j += 1
        parts.append(lines[j].strip())
    return " ".join(p.rstrip() for p in parts), j - i + 1


def _strip_prompts(lines: list[str]) -> list[str]:
    """Remove ``>>>``/``...`` or ``In [1]:``/``...:`` prompts, as IPython does,
    when the cell's first non-blank line starts with one."""
    first = next((ln for ln in lines if ln.strip()), "")
    for prompt in _PROMPTS:
        if prompt.match(first):
            return [prompt.sub("", ln, count=1) for ln in lines]
    return lines


def _plain_python(source: str) -> bool:
    """A cheap test that a cell has no IPython syntax at all (most cells): no line that
    starts with ``%``, ``!`` or ``?``, assigns from one, ends in ``?``, or may be an
    automagic or a prompt. False alarms only cost the full scan."""
    first = source.lstrip()[:4]
    if first.startswith((">>>", "...", "In [")):  # prompts count only on the first line
        return False
    lines = "\n" + source
    if _MAYBE_MAGIC_LINE.search(lines):
        return False
    if ("%" in source or "!" in source) and _MAYBE_MAGIC_ASSIGN.search(source):
        return False
    return "?" not in source or not _MAYBE_HELP_LINE.search(lines + "\n")


def _last_rewritable(lines: list[str], start: int) -> int:
    """The last line the scan may rewrite: one rewritten even when it stands alone at the
    start of a statement (``start - 1`` if none). After it the scan only copies lines, so it
    stops there: cells the cheap test flags falsely (``"a=%s" % x``, a ``% (a, b)``
    continuation line) and cells with one magic on top cost almost nothing."""
    scratch: list[Magic] = []
    for i in range(len(lines) - 1, start - 1, -1):
        if _MAYBE_REWRITTEN.search(lines[i]) and _transform_line(lines[i], 0, scratch) is not None:
            return i
    return start - 1


def transform_cell(source: str) -> Transformed:
    """Rewrite one code cell's IPython syntax into Python, keeping line numbers."""
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    return Transformed(text) if _plain_python(text) else _transform(text)


def _transform(text: str, every_line: bool = False) -> Transformed:
    """The full line-by-line rewrite (``transform_cell`` skips it for plain Python). It stops
    scanning after the last line it may rewrite, unless ``every_line`` (the reference, for tests)."""
    lines = _strip_prompts(text.split("\n"))
    out: list[str] = []
    magics: list[Magic] = []
    start = 0
    while start < len(lines) and not lines[start].strip():
        out.append(lines[start])
        start += 1
    if start < len(lines) and lines[start].lstrip().startswith("%%"):
        first, python_body = _cell_magic(lines[start], start + 1, magics)
        out.append(first)
        if not python_body:
            out.extend("" for _ in lines[start + 1 :])
            return Transformed("\n".join(out), magics)
        start += 1
    scan = _Scan()
    i = start
    last = len(lines) - 1 if every_line else _last_rewritable(lines, start)
    while i <= last:
        line = lines[i]
        replaced = _transform_line(line, i + 1, magics) if scan.at_statement_start else None
        if replaced is None:
            out.append(line)
            scan.feed(line)
            i += 1
            continue
        joined, taken = _join_continuation(lines, i)
        if taken > 1:
            magics.pop()
            replaced = _transform_line(joined, i + 1, magics) or replaced
        out.append(replaced)
        out.extend("" for _ in range(taken - 1))
        i += taken
    out.extend(lines[i:])
    return Transformed("\n".join(out), magics)
