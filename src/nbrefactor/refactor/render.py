"""Turn a plan into file texts: the module, its tests and the notebook's new cell sources.

Moved code is the notebook's own text (comments, decorators, docstrings, type
hints and layout kept); the only change libcst makes to it is the keyword-only
parameters a function gains. An existing module or test file made by extract
is added to, never rewritten: new imports go after its imports, new
definitions at its end, and a name it already defines identically is skipped.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Sequence

from nbrefactor.errors import NbrefactorError
from nbrefactor.refactor.edits import apply_insertions, join_like, rewrite_lines
from nbrefactor.refactor.inventory import Inventory, import_specs, star_import_text
from nbrefactor.refactor.layout import MARKER
from nbrefactor.refactor.plan import NotebookPlan


class ConflictError(NbrefactorError):
    """The target file already defines a name differently."""


def add_params(text: str, params: Sequence[str], returns: str | None = None) -> str:
    """``text`` (one top-level ``def``) with keyword-only ``params`` added to its signature.

    With ``returns``, the function's ``global returns`` statement is dropped and it
    returns that name's value (every bare ``return`` too). libcst keeps every other
    byte (comments, decorators, docstring, annotations, layout).
    """
    if not params:
        return text
    import libcst as cst

    class AddParams(cst.CSTTransformer):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return self.depth == 0

        def __init__(self) -> None:
            super().__init__()
            self.depth = 0

        def visit_IndentedBlock(self, node: cst.IndentedBlock) -> bool:
            self.depth += 1
            return True

        def leave_IndentedBlock(self, original: cst.IndentedBlock, updated: cst.IndentedBlock) -> cst.IndentedBlock:
            self.depth -= 1
            if self.depth or not returns:
                return updated
            body = list(updated.body)
            last = body[-1] if body else None
            ends = isinstance(last, cst.SimpleStatementLine) and isinstance(last.body[-1], cst.Return)
            if not ends:
                body.append(cst.SimpleStatementLine([cst.Return(cst.Name(returns))]))
            return updated.with_changes(body=body)

        def leave_SimpleStatementLine(
            self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
        ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
            kept = [s for s in updated.body if not (returns and isinstance(s, cst.Global) and _only(s, returns))]
            return updated.with_changes(body=kept) if kept else cst.RemovalSentinel.REMOVE

        def leave_Return(self, original: cst.Return, updated: cst.Return) -> cst.Return:
            return updated.with_changes(value=cst.Name(returns)) if returns and updated.value is None else updated

        def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.FunctionDef:
            if self.depth:
                return updated
            signature = updated.params
            star = signature.star_arg if isinstance(signature.star_arg, (cst.Param, cst.ParamStar)) else cst.ParamStar()
            extra = [cst.Param(cst.Name(p)) for p in params]
            return updated.with_changes(
                params=signature.with_changes(star_arg=star, kwonly_params=[*signature.kwonly_params, *extra])
            )

    def _only(statement: cst.Global, name: str) -> bool:
        return [n.name.value for n in statement.names] == [name]

    return cst.parse_module(text + "\n").visit(AddParams()).code[:-1]


def header(source: str | None, docstring: str) -> str:
    """The first lines of a file extract creates: the ownership marker, then a docstring."""
    origin = f" from {source}" if source else ""
    return f"{MARKER}{origin}; it only ever adds to this file.\n" f'"""{docstring}"""\n'


def _bound(tree: ast.Module) -> dict[str, str]:
    """Top-level names of a module and the source of the statement that binds them."""
    out: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out[node.name] = ast.dump(node)
        elif isinstance(node, ast.Assign):
            out.update({t.id: ast.dump(node) for t in node.targets if isinstance(t, ast.Name)})
        for spec in import_specs(node):
            out[spec.name] = spec.text
    return out


def merge_python(existing: str, imports: Sequence[str], blocks: Sequence[tuple[str, str]]) -> str:
    """``existing`` with the missing ``imports`` after its imports and the missing blocks at its end.

    Raises :class:`ConflictError` when a block's name is already bound differently.
    """
    tree = ast.parse(existing)
    bound = _bound(tree)
    lines = existing.rstrip("\n").split("\n")
    new_imports = []
    stars = {star for star in map(star_import_text, tree.body) if star}
    for text in imports:
        statement = ast.parse(text).body[0]
        star = star_import_text(statement)
        if star:  # binds no name we can see: added once
            if star not in stars:
                new_imports.append(text)
                stars.add(star)
            continue
        names = [s.name for s in import_specs(statement)]
        if any(n not in bound for n in names):
            new_imports.append(text)
            bound.update({n: text for n in names})
    new_blocks = []
    for name, text in blocks:
        dumped = ast.dump(ast.parse(text).body[0])
        if name in bound and bound[name] != dumped:
            raise ConflictError(f"`{name}` is already defined differently in the target file")
        if name not in bound:
            new_blocks.append(text)
            bound[name] = dumped
    if new_imports:
        tops = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        docs = [n for n in tree.body[:1] if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)]
        after = (tops[-1].end_lineno if tops else docs[0].end_lineno if docs else 0) or 0
        gap = [] if tops else [""]
        lines[after:after] = [*gap, *new_imports] if after else [*new_imports, ""]
    after_constant = False
    for text in new_blocks:
        definition = _is_definition(text)
        lines += ["", "", text] if definition else [text] if after_constant else ["", text]
        after_constant = not definition
    return "\n".join(lines).strip("\n") + "\n"


def _is_definition(text: str) -> bool:
    first = next((ln for ln in text.split("\n") if ln.strip() and not ln.lstrip().startswith("#")), "")
    return first.startswith(("def ", "class ", "async ", "@"))


def module_text(plan: NotebookPlan, existing: str | None) -> str:
    """The module's new text (``existing``: its current text, None when it is new)."""
    base = existing if existing is not None else header(plan.relpath, f"Code extracted from ``{plan.relpath}`` by nbrefactor.")
    blocks = [(name, text) for name, text in plan.code.constants]
    blocks += [(d.name, add_params(d.text, d.params, d.returns)) for d in plan.code.definitions]
    return merge_python(base, plan.code.imports, blocks)


def test_text(plan: NotebookPlan, existing: str | None) -> str:
    """The generated test file's new text."""
    base = existing if existing is not None else header(
        plan.relpath, f"Tests of ``{plan.module}``: each call uses arguments the notebook itself used."
    )
    imports: list[str] = [f"import {plan.module}"]
    blocks: list[tuple[str, str]] = []
    for case in plan.tests:
        imports += case.imports
        imports.append(f"from {plan.module} import {case.function}")
        body = f"    result = {case.call}\n    {case.check}\n"
        blocks.append((case.name, f"def {case.name}():\n{body}".rstrip("\n")))
    tested = {c.function for c in plan.tests}
    for d in plan.code.definitions:
        if d.name not in tested:
            name = f"test_{d.name}_is_importable"
            blocks.append((name, f"def {name}():\n    assert callable({plan.module}.{d.name})"))
    if plan.relpath.endswith(".ipynb"):  # text notebooks store no outputs to compare with
        imports += ["import os", "from pathlib import Path", "import pytest"]
        blocks.append(_notebook_rerun_test(plan))
    return merge_python(base, list(dict.fromkeys(imports)), blocks)


def _notebook_rerun_test(plan: NotebookPlan) -> tuple[str, str]:
    """An opt-in test that re-runs the rewritten notebook and compares it with its stored
    outputs (``nbrefactor.testing.assert_verified``), with the package's import root on
    ``PYTHONPATH`` as ``extract --verify`` runs it. Slow, and it needs nbrefactor's
    ``verify`` extra, so it runs only when ``NBREFACTOR_RUN_NOTEBOOKS=1``."""
    root = Path(plan.test_path).parents[1]
    import_root = Path(plan.module_path).parents[plan.module.count(".")]
    stem = re.sub(r"\W+", "_", Path(plan.relpath).stem).strip("_").lower() or "notebook"
    name = f"test_notebook_{stem}_reproduces_its_stored_outputs"
    text = (
        '@pytest.mark.skipif(not os.environ.get("NBREFACTOR_RUN_NOTEBOOKS"), reason="slow: set NBREFACTOR_RUN_NOTEBOOKS=1")\n'
        f"def {name}():\n"
        f'    """Re-run {plan.relpath} (importing the package) and compare with its stored outputs."""\n'
        "    from nbrefactor.testing import assert_verified\n"
        "\n"
        "    root = Path(__file__).resolve().parents[1]\n"
        f"    path = os.pathsep.join([str(root / {import_root.relative_to(root).as_posix()!r}), os.environ.get('PYTHONPATH', '')])\n"
        f'    assert_verified(root / {plan.relpath!r}, against="stored", env={{"PYTHONPATH": path}})'
    )
    return name, text


def notebook_sources(plan: NotebookPlan, inv: Inventory) -> tuple[dict[int, str], list[int]]:
    """New sources of the changed cells, and the cells left empty (to remove)."""
    cells = {s.cell for s in plan.removals} | {e.cell for e in plan.call_edits}
    if plan.import_text:
        cells.add(plan.import_after[0])
    sources: dict[int, str] = {}
    empty: list[int] = []
    for cell in sorted(cells):
        original = inv.cells[cell].source
        lines = original.replace("\r\n", "\n").split("\n")
        lines = apply_insertions(lines, [e.insertion for e in plan.call_edits if e.cell == cell])
        removals = [(s.start, s.end) for s in plan.removals if s.cell == cell]
        insert = (plan.import_after[1], plan.import_text) if plan.import_text and plan.import_after[0] == cell else None
        new = rewrite_lines(lines, removals, insert)
        if not any(line.strip() for line in new):
            empty.append(cell)
        else:
            sources[cell] = join_like(new, original)
    return sources, empty
