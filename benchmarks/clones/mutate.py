"""Clone mutations after Roy and Cordy's editing taxonomy.

* type 1: layout and comments (blank lines, comment lines, trailing comments,
  spacing around ``=`` and ``,``);
* type 2: consistent renaming of the function's own identifiers (its name,
  parameters and assigned names) and changed literals;
* type 3: statements inserted, deleted or modified on 10-30 % of the lines,
  on top of a type-2 renaming half of the time.

Every mutation keeps the code parseable; edits touch only lines where a
one-line statement starts, never the inside of a string.
"""

from __future__ import annotations

import ast
import io
import keyword
import random
import re
import tokenize

COMMENTS = ["# TODO: check this", "# keep in sync with the other copy", "# see issue 42", "# NOTE: slow path"]
SUFFIXES = ["_v2", "_new", "2", "_tmp", "_x"]


def parses(code: str) -> bool:
    try:
        ast.parse(code)
    except (SyntaxError, ValueError):
        return False
    return True


def statement_lines(code: str) -> list[tuple[int, ast.stmt]]:
    """(0-based line, node) of every one-line statement below the ``def`` line."""
    tree = ast.parse(code)
    out = []
    for node in ast.walk(tree.body[0]):
        one_line = isinstance(node, ast.stmt) and node is not tree.body[0] and node.lineno == node.end_lineno
        if one_line and not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            out.append((node.lineno - 1, node))
    return sorted(out, key=lambda item: item[0])


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def layout(code: str, rng: random.Random) -> str:
    """A type-1 copy: same tokens, different layout and comments."""
    lines = code.split("\n")
    safe = {i for i, _ in statement_lines(code)}
    out = []
    for i, line in enumerate(lines):
        if i in safe and rng.random() < 0.25:
            out.append(_indent(line) + rng.choice(COMMENTS))
        if i in safe and "'" not in line and '"' not in line and "#" not in line:
            if rng.random() < 0.3:
                line = re.sub(r"(?<=[\w)\]]) = (?=[\w(\[])", "=", line) if " = " in line else line.replace(", ", " , ")
            if rng.random() < 0.25:
                line += "  " + rng.choice(COMMENTS)
        out.append(line)
        if i in safe and rng.random() < 0.15:
            out.append("")
    result = "\n".join(out)
    return result if parses(result) and result != code else code + "\n" + _indent(lines[-1]) + "# end"


def _own_names(code: str) -> list[str]:
    tree = ast.parse(code)
    func = tree.body[0]
    names = [func.name] if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) else []
    for node in ast.walk(func):
        if isinstance(node, ast.arg) and node.arg not in ("self", "cls"):
            names.append(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.append(node.id)
    return sorted(set(names) - set(keyword.kwlist), key=names.index)


def rename(code: str, rng: random.Random, literals: bool = True) -> str:
    """A type-2 copy: own identifiers renamed consistently, some literals changed."""
    names = _own_names(code)
    chosen = rng.sample(names, max(1, len(names) * 2 // 3)) if names else []
    mapping = {n: n + rng.choice(SUFFIXES) for n in chosen}
    tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    literal_ids = [i for i, t in enumerate(tokens) if t.type == tokenize.NUMBER or _plain_string(t)]
    changed = set(rng.sample(literal_ids, min(len(literal_ids), rng.randint(1, 2)))) if literals else set()
    out = []
    for i, tok in enumerate(tokens):
        text = tok.string
        previous = tokens[i - 1].string if i else ""
        if tok.type == tokenize.NAME and text in mapping and previous != ".":
            text = mapping[text]
        elif i in changed:
            text = str(int(text) + 1) if text.isdigit() else (text[:-1] + "_x" + text[-1] if tok.type == tokenize.STRING else text)
        out.append(tok._replace(string=text))
    result = tokenize.untokenize(out)
    return result if parses(result) else code


def _plain_string(tok: tokenize.TokenInfo) -> bool:
    text = tok.string
    return tok.type == tokenize.STRING and text[:1] in "'\"" and not text.startswith(("'''", '"""')) and "\n" not in text


def _insert(lines: list[str], i: int, node: ast.stmt, rng: random.Random, names: list[str]) -> None:
    name = rng.choice(names) if names else "value"
    stmt = rng.choice(
        [f"{name} = {name} if {name} is not None else None", f"log.debug('%s', {name})", f"assert {name} is not None", "counter += 1"]
    )
    lines.insert(i, _indent(lines[i]) + stmt)


def _modify(lines: list[str], i: int, node: ast.stmt, rng: random.Random, names: list[str]) -> None:
    line = lines[i]
    options = [
        (r"\.(\w+)\(", lambda m: f".{m.group(1)}_checked("),
        (r"\)\s*$", lambda m: ", strict=True)"),
        (r" == ", lambda m: " != "),
        (r" (<|>) ", lambda m: f" {m.group(1)}= "),
        (r"return (.+)$", lambda m: f"return ({m.group(1)}) or None"),
        (r"^(\s*)(\w+) = (.+)$", lambda m: f"{m.group(1)}{m.group(2)} = wrap({m.group(3)})"),
    ]
    rng.shuffle(options)
    for pattern, repl in options:
        new = re.sub(pattern, repl, line, count=1)
        if new != line:
            lines[i] = new
            return
    lines[i] = line + " or None" if isinstance(node, ast.Return) and node.value is not None else _indent(line) + "pass"


#: nbrefactor's default unit size (``clone-min-lines``, ``clone-min-tokens``): a type-3 copy
#: is never edited below it, or it would be a planted clone that no detector may report.
UNIT_LINES, UNIT_TOKENS = 5, 40


def docstring_lines(code: str) -> range:
    """The lines (1-based) of the function's docstring."""
    body = ast.parse(code).body[0].body  # type: ignore[attr-defined]
    first = body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        return range(first.lineno, (first.end_lineno or first.lineno) + 1)
    return range(0)


def size(code: str) -> tuple[int, int]:
    """A function's code lines and tokens, without its docstring, comments and blank lines."""
    skip = docstring_lines(code)
    lines = [line for n, line in enumerate(code.split("\n"), 1) if n not in skip]
    code_lines = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    skipped = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(code).readline) if t.type not in skipped]
    return len(code_lines), sum(1 for t in tokens if t.start[0] not in skip)


def _unit_sized(code: str) -> bool:
    lines, tokens = size(code)
    return lines >= UNIT_LINES and tokens >= UNIT_TOKENS


def edit(code: str, rng: random.Random) -> str:
    """A type-3 copy: statements inserted, deleted or modified on 10-30 % of the lines."""
    if rng.random() < 0.5:
        code = rename(code, rng, literals=rng.random() < 0.5)
    names = _own_names(code)[1:]
    total = sum(1 for line in code.split("\n") if line.strip())
    wanted = max(1, round(total * rng.uniform(0.10, 0.30)))
    done = 0
    for _ in range(wanted * 4):
        if done >= wanted:
            break
        spots = statement_lines(code)
        if not spots:
            break
        i, node = rng.choice(spots)
        lines = code.split("\n")
        op = rng.choice(("insert", "delete", "modify"))
        if op == "insert":
            _insert(lines, i, node, rng, names)
        elif op == "delete":
            del lines[i]
        else:
            _modify(lines, i, node, rng, names)
        candidate = "\n".join(lines)
        if parses(candidate) and candidate != code and _unit_sized(candidate):
            code, done = candidate, done + 1
    return code
