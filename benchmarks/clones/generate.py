"""Generate a clone-detection corpus from real functions, with ground truth.

Real functions come from the standard library and the installed packages
(module-level functions and methods, one per name, 6-60 lines, no
triple-quoted strings besides the docstring). The corpus of
``n`` functions holds:

* clone pairs (15 % of ``n`` originals, each with one copy) of type 1, 2 and 3
  in equal shares (see :mod:`mutate`);
* hard negatives: pairs of different functions of the same shape (the same
  sequence of statement kinds, similar length), and pairs of different
  functions into which one same 3-line block was inserted;
* other real functions as background.

Functions are non-trivial (at least 6 code lines and 50 tokens besides the
docstring; type-3 edits keep at least 5 code lines) and at most four come
from one source file (more only when the packages installed offer too few
functions, as for 60k; when even those run out, the corpus holds fewer functions
than asked, with the same shares of clones and negatives), none of them sharing over 30 % of its lines with
another of its file (difflib). No two functions are natural clones of each
other, so every clone in the corpus is a planted one: with every name and
literal blanked, neither their code lines (longest common subsequence) nor
their token sequences (difflib) match at 0.7 or more, BigCloneBench's lower
bound of a strongly similar type-3 clone (see :mod:`natural`: a measure of
the generator's own, from the standard library's ``tokenize``, that owes
nothing to nbrefactor's, so the corpus does not bend to the tool under test).

Functions are shuffled into ``.py`` files and ``.ipynb`` notebooks (one function
per cell), about ten per file, half of each. ``truth.json`` lists every function's
place and the planted pairs.

    python benchmarks/clones/generate.py OUT_DIR --functions 1000 [--seed 1]
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import random
import sys
import sysconfig
import textwrap
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import mutate
import natural

MIN_LINES, MAX_LINES = 6, 60
#: Non-trivial functions only: at least this many code lines and tokens without the docstring.
MIN_CODE_LINES, MIN_TOKENS = 6, 50
#: At most this many functions per source file, to keep natural near-duplicates (siblings) rare.
PER_FILE = 4
SHARES = {"clone": 0.15, "shape": 0.05, "block": 0.05}
#: Real functions taken per corpus function: a clone pair takes one for two, a same-shape pair two
#: for two, a shared-block pair three for two (the block's source), the background one each.
REAL_PER_FUNCTION = SHARES["clone"] + 2 * SHARES["shape"] + 3 * SHARES["block"] + (1 - 2 * sum(SHARES.values()))


def _roots() -> list[Path]:
    paths = sysconfig.get_paths()
    return [Path(paths["stdlib"]), Path(paths["purelib"])]


def harvest(limit: int) -> list[str]:
    """Up to ``limit`` distinct real functions (dedented source, no decorators), in a stable order.

    A first pass takes at most :data:`PER_FILE` functions per file, one per name; when
    that is not enough (the 60k corpus), a second pass takes the rest of each file's
    functions, names repeated. No function taken is a near-duplicate of another
    (see :mod:`natural`).
    """
    taken = natural.Taken()
    out: list[str] = []
    for per_file in (PER_FILE, None):
        for root in _roots():
            for file in sorted(root.rglob("*.py")):
                if "test" in file.name or "/tests/" in file.as_posix() or "site-packages/nbrefactor" in file.as_posix():
                    continue
                out.extend(_functions(file, taken, per_file))
                if len(out) >= limit:
                    return out[:limit]
    return out


def _functions(file: Path, taken: natural.Taken, per_file: int | None) -> list[str]:
    try:
        text = file.read_text(encoding="utf-8")
        tree = ast.parse(text)
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError):
        return []
    lines = text.split("\n")
    out: list[str] = []
    nodes = [*tree.body, *(n for c in tree.body if isinstance(c, ast.ClassDef) for n in c.body)]
    for node in nodes:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("__"):
            continue
        if per_file is not None and node.name in taken.names:  # one function per name, but in the second pass
            continue
        size = (node.end_lineno or 0) - node.lineno + 1
        if not MIN_LINES <= size <= MAX_LINES:
            continue
        code = textwrap.dedent("\n".join(lines[node.lineno - 1 : node.end_lineno]))
        if "\t" in code or not mutate.parses(code) or _has_long_string(code) or not _substantial(code):
            continue
        if any(difflib.SequenceMatcher(None, code.split("\n"), o.split("\n")).ratio() > 0.3 for o in out):
            continue  # a sibling too much like one already taken: a natural near-duplicate
        if not taken.add(node.name, code):
            continue
        out.append(code)
        if len(out) == per_file:
            break
    return out


def _substantial(code: str) -> bool:
    lines, tokens = mutate.size(code)
    return lines >= MIN_CODE_LINES and tokens >= MIN_TOKENS


def _has_long_string(code: str) -> bool:
    """A triple-quoted string other than the docstring (edits inside it would change a literal)."""
    skip = mutate.docstring_lines(code)
    rest = "\n".join(code.split("\n")[skip[-1] if skip else 1 :])
    return '"""' in rest or "'''" in rest


def shape(code: str) -> tuple[str, ...]:
    func = ast.parse(code).body[0]
    return tuple(type(s).__name__ for s in func.body)  # type: ignore[attr-defined]


def _block(code: str) -> list[str] | None:
    """Three consecutive one-line statements of a function, dedented."""
    spots = [i for i, _ in mutate.statement_lines(code)]
    lines = code.split("\n")
    for i in spots:
        if {i + 1, i + 2} <= set(spots) and len({mutate._indent(lines[k]) for k in (i, i + 1, i + 2)}) == 1:
            return [lines[k].strip() for k in (i, i + 1, i + 2)]
    return None


def _with_block(code: str, block: list[str]) -> str:
    lines = code.split("\n")
    spots = mutate.statement_lines(code)
    i = spots[len(spots) // 2][0] if spots else 1
    indent = mutate._indent(lines[i])
    new = "\n".join(lines[:i] + [indent + b for b in block] + lines[i:])
    return new if mutate.parses(new) else code


def build(n: int, seed: int) -> tuple[list[str], list[dict], list[dict]]:
    """Functions of the corpus, planted clone pairs and hard-negative pairs (by index)."""
    rng = random.Random(seed)
    pool = harvest(int(n * 1.1) + 200)
    rng.shuffle(pool)
    # every real function taken makes at least 1/REAL_PER_FUNCTION of a corpus function: when the
    # installed code runs out, the corpus shrinks with the same shares (clone density), so that
    # corpora of every size can be compared (the growth of time with n)
    n = min(n, int(len(pool) / REAL_PER_FUNCTION))
    n_clone, n_shape, n_block = (int(n * SHARES[k]) for k in ("clone", "shape", "block"))
    funcs: list[str] = []
    pairs: list[dict] = []
    negatives: list[dict] = []
    for k in range(n_clone):
        original = pool.pop()
        kind = 1 + k % 3
        copy = {1: mutate.layout, 2: mutate.rename, 3: mutate.edit}[kind](original, rng)
        funcs += [original, copy]
        pairs.append({"a": len(funcs) - 2, "b": len(funcs) - 1, "type": kind})
    by_shape: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for code in pool:
        by_shape[shape(code)].append(code)
    used: set[str] = set()
    for group in sorted(by_shape.values(), key=len, reverse=True):
        group.sort(key=lambda c: c.count("\n"))
        for a, b in zip(group[::2], group[1::2], strict=False):
            if len(negatives) >= n_shape or abs(a.count("\n") - b.count("\n")) > 3:
                continue
            funcs += [a, b]
            used.update((a, b))
            negatives.append({"a": len(funcs) - 2, "b": len(funcs) - 1, "kind": "same-shape"})
    pool = [c for c in pool if c not in used]
    for _ in range(n_block):
        if len(pool) < 3:
            break
        block = _block(pool.pop())
        a, b = pool.pop(), pool.pop()
        if block is None:
            continue
        funcs += [_with_block(a, block), _with_block(b, block)]
        negatives.append({"a": len(funcs) - 2, "b": len(funcs) - 1, "kind": "shared-block"})
    while len(funcs) < n and pool:
        funcs.append(pool.pop())
    return funcs, pairs, negatives


def write(out: Path, funcs: list[str], seed: int) -> list[dict]:
    """Write functions into .py files and notebooks; where each function is."""
    rng = random.Random(seed + 1)
    order = list(range(len(funcs)))
    rng.shuffle(order)
    places: list[dict] = [{}] * len(funcs)
    out.mkdir(parents=True, exist_ok=True)
    for f, start in enumerate(range(0, len(order), 10)):
        chunk = order[start : start + 10]
        folder = out / f"pkg{f // 100:03d}"
        folder.mkdir(exist_ok=True)
        if f % 2:
            path = folder / f"nb{f:05d}.ipynb"
            cells = [_cell(funcs[i], c) for c, i in enumerate(chunk)]
            nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}, "language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}
            path.write_text(json.dumps(nb, indent=1) + "\n")
            for c, i in enumerate(chunk):
                places[i] = {"path": path.relative_to(out).as_posix(), "cell": c, "line": 1, "end_line": funcs[i].count("\n") + 1}
        else:
            path = folder / f"mod{f:05d}.py"
            line, parts = 1, []
            for i in chunk:
                places[i] = {"path": path.relative_to(out).as_posix(), "cell": None, "line": line, "end_line": line + funcs[i].count("\n")}
                parts.append(funcs[i])
                line += funcs[i].count("\n") + 3
            path.write_text("\n\n\n".join(parts) + "\n")
    return places


def _cell(code: str, index: int) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": f"c{index}", "metadata": {}, "outputs": [], "source": code}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--functions", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    funcs, pairs, negatives = build(args.functions, args.seed)
    places = write(args.out, funcs, args.seed)
    truth = {"functions": places, "pairs": pairs, "negatives": negatives, "seed": args.seed}
    (args.out / "truth.json").write_text(json.dumps(truth, indent=1) + "\n")
    print(f"{len(funcs)} functions, {len(pairs)} clone pairs, {len(negatives)} hard-negative pairs -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
