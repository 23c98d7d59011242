"""NBR9xx: inputs that cannot be read, or parts of them that cannot be analysed.

A file that cannot be read at all (NBR901, NBR902, NBR904) makes ``audit`` exit
with code 2; the other files are still analysed and reported.
"""

from __future__ import annotations

from typing import Iterator

from nbrefactor.model import Finding, Location, Severity
from nbrefactor.rules.base import Example, Rule, RuleContext, fingerprint, make_finding, notebook_json
from nbrefactor.sources import SourceError


class InternalError(Rule):
    """nbrefactor itself failed on a file: a bug, reported instead of stopping the batch.

    **What it does:** when reading a file or running a rule raises an unexpected
    exception, the file gets this finding (naming the rule and the exception) and
    every other file and rule still runs. The traceback is kept in the finding's
    ``data`` so it can be reported.

    **Why it matters:** the file was not fully analysed; the exit code is 2.

    **Example:** a rule that crashes on an unusual construct.

    **Instead:** report it with the traceback from ``--format json``; meanwhile,
    exclude the file or ignore the rule for its path.
    """

    code = "NBR900"
    name = "internal-error"
    severity = Severity.ERROR
    input_error = True
    valid = (Example("x = 1\n"),)
    #: No input can be written to trigger a bug on purpose; tests/test_engine.py injects one.
    invalid = ()


class UnreadableFile(Rule):
    """A file that cannot be read as text.

    **What it does:** reports a file whose bytes are not valid in its encoding
    (UTF-8 for notebooks; the PEP 263 declaration or UTF-8 for scripts), or that
    the operating system refuses to read. The location is the first bad byte.

    **Why it matters:** nothing in the file can be analysed, so the audit is
    incomplete; the exit code is 2.

    **Example:** a script saved as Latin-1 (``caf\\xe9``) with no coding declaration.

    **Instead:** re-save the file as UTF-8, or declare its encoding
    (``# -*- coding: latin-1 -*-``).
    """

    code = "NBR901"
    name = "unreadable-file"
    severity = Severity.ERROR
    input_error = True
    valid = (Example("# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n".encode("latin-1")),)
    invalid = (Example("x = 1\nname = 'caf\xe9'\n".encode("latin-1"), expect=("example.py:2:12",)),)


class InvalidJson(Rule):
    """A notebook file that is not valid JSON, or JSON that is not a notebook.

    **What it does:** reports an ``.ipynb`` file that does not parse as JSON
    (located at the parser's line and column), or whose JSON lacks the ``cells``
    of nbformat 4 and the ``worksheets`` of nbformat 3.

    **Why it matters:** Jupyter cannot open it either; often a merge conflict
    or a truncated save. The exit code is 2.

    **Example:** a notebook with ``<<<<<<< HEAD`` left in it by a merge.

    **Instead:** resolve the conflict (``nbdime`` merges notebooks) or restore the file.
    """

    code = "NBR902"
    name = "invalid-json"
    severity = Severity.ERROR
    input_error = True
    valid = (Example(notebook_json("x = 1"), "example.ipynb"),)
    invalid = (
        Example('{\n "cells": [\n<<<<<<< HEAD\n', "example.ipynb", expect=("example.ipynb:3:1",)),
        Example('{"metadata": {}}', "example.ipynb"),
    )


class InvalidNotebook(Rule):
    """A notebook that breaks the nbformat schema.

    **What it does:** validates each notebook against its nbformat schema (cell
    outputs excepted) and reports the first violation. The notebook is still
    analysed as far as it can be.

    **Why it matters:** other tools (nbconvert, papermill, JupyterLab) may refuse
    or silently repair it, so what runs may differ from what is stored.

    **Example:** a code cell with no ``execution_count`` key, or a cell type ``"Code"``.

    **Instead:** open and save it in Jupyter, or run ``jupyter nbconvert --to notebook --inplace``.
    """

    code = "NBR903"
    name = "invalid-notebook"
    severity = Severity.WARNING
    valid = (Example(notebook_json("x = 1"), "example.ipynb"),)
    invalid = (
        Example(
            '{"cells": [{"cell_type": "code", "metadata": {}, "source": "x = 1", "outputs": []}],'
            ' "metadata": {}, "nbformat": 4, "nbformat_minor": 4}',
            "example.ipynb",
        ),
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for problem in ctx.document.read_warnings:
            yield ctx.report(self, f"notebook does not follow the nbformat schema: {problem}", None, key=problem)


class FileTooLarge(Rule):
    """A file larger than the configured limit.

    **What it does:** reports files over ``max-file-size-mb`` (64 MiB by default)
    without reading them, so that one huge notebook cannot exhaust memory.

    **Why it matters:** the file is not analysed; the exit code is 2. Huge
    notebooks are nearly always huge because of stored outputs.

    **Example:** a 300 MB notebook full of embedded images.

    **Instead:** clear the outputs (``jupyter nbconvert --clear-output``) or raise the limit.
    """

    code = "NBR904"
    name = "file-too-large"
    severity = Severity.ERROR
    input_error = True
    valid = (Example("x = 1\n"),)
    invalid = (Example("x = 1\n" * 400, files={"pyproject.toml": "[tool.nbrefactor]\nmax-file-size-mb = 0.001\n"}),)


class CellSyntaxError(Rule):
    """A code cell that does not parse, even after IPython syntax is understood.

    **What it does:** parses every code cell (magics, shell escapes and help
    syntax rewritten first) and reports the syntax error's line and column.

    **Why it matters:** the cell cannot have run as stored (or was written for
    Python 2), and nothing in it can be analysed.

    **Example:** ``print "done"`` in a Python 3 notebook.

    **Instead:** fix the cell, or make it a raw cell if it is not meant to run.
    """

    code = "NBR905"
    name = "cell-syntax-error"
    severity = Severity.WARNING
    valid = (Example("# %%\n%matplotlib inline\nfiles = !ls\n# %%\nprint(files)\n"),)
    invalid = (Example("# %%\nx = 1\n# %%\nprint 'done'\n", expect=("example.py:cell 1:1:1",)),)

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for parsed in ctx.facts.parsed:
            problem = parsed.problem
            if problem and problem.kind == "syntax":
                yield ctx.report(self, f"cell does not parse: {problem.message}", parsed.cell, problem.line, problem.column)


class CellTooLarge(Rule):
    """A code cell larger than the configured limit.

    **What it does:** skips and reports code cells over ``max-cell-kb``
    (512 KiB by default), typically data pasted into a cell.

    **Why it matters:** the cell is not analysed, so findings about it are missing.

    **Example:** a cell holding a 5 MB list literal.

    **Instead:** load the data from a file, or raise the limit.
    """

    code = "NBR906"
    name = "cell-too-large"
    severity = Severity.WARNING
    valid = (Example("# %%\nx = [1, 2, 3]\n"),)
    invalid = (
        Example("# %%\nx = [" + "1, " * 2000 + "]\n", files={"pyproject.toml": "[tool.nbrefactor]\nmax-cell-kb = 1\n"}),
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for parsed in ctx.facts.parsed:
            if parsed.problem and parsed.problem.kind == "too-large":
                yield ctx.report(self, f"cell not analysed: {parsed.problem.message}", parsed.cell)


_BY_KIND: dict[str, type[Rule]] = {
    "unreadable": UnreadableFile,
    "undecodable": UnreadableFile,
    "invalid-json": InvalidJson,
    "not-a-notebook": InvalidJson,
    "too-large": FileTooLarge,
}


def rule_for_error(error: SourceError) -> type[Rule]:
    return _BY_KIND.get(error.kind, UnreadableFile)


def internal_error_finding(relpath: str, stage: str, exc: BaseException) -> Finding:
    """The finding for an unexpected exception while handling one file."""
    import traceback

    location = Location(relpath, None, 1, 1)
    message = f"nbrefactor failed while {stage}: {type(exc).__name__}: {exc} (this is a bug; please report it)"
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return make_finding(InternalError, message, (location,), fingerprint("NBR900", relpath, stage), {"traceback": trace})


def error_finding(error: SourceError, relpath: str) -> Finding:
    """The finding for a file that could not be read at all."""
    rule = rule_for_error(error)
    location = Location(relpath, None, error.line, error.column, file_line=error.line)
    return make_finding(rule, error.message, (location,), fingerprint(rule.code, relpath, error.kind))
