"""NBR303-NBR304: values that tie a notebook to one machine (absolute paths, GPU devices)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from nbrefactor.analysis.names import dotted
from nbrefactor.analysis.scopes import CellScan, StringSite
from nbrefactor.model import Cell, Finding, Severity
from nbrefactor.rules.base import Example, Rule, RuleContext

#: First folders of absolute paths that belong to one machine or one platform (home folders,
#: mounts, cloud notebook and cluster storage); other roots (``/metadata/...`` JSON pointers,
#: URL routes) are too often not file paths at all.
_ROOTS = (
    "home|Users|root|mnt|media|Volumes|content|kaggle|data|datasets|opt|srv|var|scratch|gpfs|nfs|net"
    "|shared|workspace|Workspace|storage|projects|export|work|lustre|dbfs|private|group|nas"
)
_POSIX = re.compile(rf"/(?:{_ROOTS})(?:/[\w.@+ {{}}()-]+)+/?")
_WINDOWS = re.compile(r"[A-Za-z]:[\\/][\w.@+ {}()\\/-]+")
_DEVICE = re.compile(r"(?:cuda|mps)(?::\d+)?")
#: Callees whose string arguments are text, not a device to run on.
_TEXT_CALLS = frozenset(
    {"startswith", "endswith", "replace", "split", "rsplit", "find", "rfind", "index", "count", "get",
     "print", "format", "join", "strip", "contains", "isin", "info", "debug", "warning", "write", "log",
     "__nbr_magic__", "__nbr_shell__", "__nbr_cell_magic__", "getenv"}
)  # fmt: skip
_GUARD_CALLS = frozenset({"is_available", "device_count"})
#: Attributes that are true only where a GPU is: ``b.cuda() if a.is_cuda else b.cpu()``.
_GUARD_ATTRIBUTES = frozenset({"is_cuda"})


def is_absolute_path(text: str) -> bool:
    """A drive path, or a POSIX path of two or more parts under a machine-specific root (``/home``, ``/mnt``, ...)."""
    return bool(_POSIX.fullmatch(text) or _WINDOWS.fullmatch(text))


class HardCodedPath(Rule):
    """An absolute file path written into the code.

    **What it does:** reports string literals (and f-strings) that are absolute
    paths: ``/home/alice/data``, ``/content/drive/...``, ``C:\\\\Users\\\\...``.
    System locations (``/tmp``, ``/dev``, ``/usr``, ...) and relative paths are
    fine. Docstrings and comments are not read.

    **Why it matters:** the notebook runs on one machine only; on any other it
    fails, or silently reads or writes somewhere else.

    **Example:** ``BACKUP_DIR = "/home/alice/projects/pump/backup"``.

    **Instead:** use a path relative to the project, or read it from an
    environment variable or a config file: ``os.environ.get("BACKUP_DIR", "backup")``.
    """

    code = "NBR303"
    name = "hard-coded-path"
    severity = Severity.WARNING
    valid = (
        Example(
            "# %%\nimport os\nDATA = os.environ.get('DATA_DIR', 'data')\nout = 'models/model.pt'\nlog = '/tmp/run.log'\n"
        ),
        Example('"""Reads /home/alice/notes (docstring)."""\nparts = path.split("/")\n'),
        Example("# %%\nlang = nb_get(nb, '/metadata/language_info/name')\nroute = '/api/v1/items'\n"),
    )
    invalid = (
        Example("# %%\nBACKUP = '/home/alice/backup'\n", expect=("example.py:cell 0:1:10",)),
        Example("df = load(f'/mnt/data/{name}.csv')\n"),
        Example("# %%\nroot = r'C:\\Users\\bob\\data'\n"),
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for cell, site in ctx.facts.strings:
            if is_absolute_path(site.text):
                message = f"hard-coded absolute path {site.text!r}: the code runs on one machine only"
                yield _string_finding(ctx, self, cell, site, message, "path")


def _string_finding(ctx: RuleContext, rule: Rule, cell: Cell, site: StringSite, message: str, field: str) -> Finding:
    """A finding at a string literal, keyed by its text (which ``data[field]`` holds)."""
    return ctx.report(rule, message, cell, site.line, site.column, key=site.text, data={field: site.text})


def _guard_names(scans: tuple[tuple[object, CellScan], ...]) -> set[str]:
    """Names (and dotted attributes) assigned from an availability check: ``use_cuda = torch.cuda.is_available()``."""
    out: set[str] = set()
    for _, scan in scans:
        for site in scan.calls:
            func = site.node.func
            if isinstance(func, ast.Attribute) and func.attr in _GUARD_CALLS:
                for scope_use in site.scope.uses:
                    if scope_use.kind == "write" and scope_use.stmt == site.stmt and scope_use.line == site.node.lineno:
                        out.add(scope_use.name)
    return out


def _guarded(conditions: tuple[ast.expr, ...], guards: set[str]) -> bool:
    for test in conditions:
        for node in ast.walk(test):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _GUARD_CALLS:
                return True
            if isinstance(node, ast.Attribute) and node.attr in _GUARD_ATTRIBUTES:
                return True
            if isinstance(node, (ast.Name, ast.Attribute)) and dotted(node, {}) in guards:
                return True
    return False


class HardCodedDevice(Rule):
    """A GPU device chosen in the code with no check that one is there.

    **What it does:** reports ``"cuda"``, ``"cuda:0"`` and ``"mps"`` device strings
    and ``.cuda()`` calls that are not under a condition testing
    ``torch.cuda.is_available()`` (directly, or through a name assigned from it,
    as in ``device = "cuda" if torch.cuda.is_available() else "cpu"``), after a
    test of it that leaves the block (``if not torch.cuda.is_available(): return``,
    ``pytest.skip(...)``, ``sys.exit(...)``), or in a function or class whose
    decorator tests it (``@pytest.mark.skipif(not torch.cuda.is_available(), ...)``), or
    under a test of a tensor's ``is_cuda``. Strings compared against (``device.type == "cuda"``,
    ``x.device == torch.device("cuda")``) or used as text are fine.

    **Why it matters:** on a machine without that GPU (a laptop, CI, a colleague's
    Mac) the notebook crashes, or a flag like ``USE_GPU`` silently decides.

    **Example:** ``model = model.to("cuda")``.

    **Instead:** choose the device once from what is available:
    ``device = "cuda" if torch.cuda.is_available() else "cpu"``, then ``.to(device)``.
    """

    code = "NBR304"
    name = "hard-coded-device"
    severity = Severity.WARNING
    valid = (
        Example("# %%\nimport torch\ndevice = 'cuda' if torch.cuda.is_available() else 'cpu'\nmodel.to(device)\n"),
        Example(
            "# %%\nuse_cuda = torch.cuda.is_available()\n# %%\nif use_cuda:\n    model.cuda()\nif device.type == 'cuda':\n    print('gpu')\n"
        ),
        Example(
            "needs_gpu = pytest.mark.skipif(not torch.cuda.is_available(), reason='no GPU')\n\n"
            "@needs_gpu\nclass TestGPU:\n    def test_to(self):\n        assert model.to('cuda:0').is_cuda\n\n"
            "@pytest.mark.skipif(not torch.cuda.is_available(), reason='no GPU')\n"
            "def test_forward():\n    model.cuda()\n"
        ),
        Example(
            "def test_move(x):\n    if not torch.cuda.is_available():\n        pytest.skip('no GPU')\n"
            "    assert x.to('cuda').is_cuda\n\n"
            "for batch in loader:\n    if not torch.cuda.is_available():\n        break\n    batch.cuda()\n"
        ),
        Example(
            "b = b.cuda(device=a.get_device()) if a.is_cuda else b.cpu()\n"
            "if x.device == torch.device('cuda') or backend in ['cuda', 'gpu']:\n    print('on the GPU')\n"
        ),
    )
    invalid = (
        Example("# %%\nmodel = model.to('cuda')\n", expect=("example.py:cell 0:1:18",)),
        Example("# %%\nUSE_GPU = False\nif USE_GPU:\n    x = x.cuda()\n"),
        Example("def load(p):\n    return torch.load(p, map_location='cuda:0')\n"),
        Example(  # an early exit guards the rest of its own block only
            "def f(x, flag):\n    if flag:\n        if not torch.cuda.is_available():\n            return x\n"
            "    else:\n        x = x.cuda()\n    return x.to('cuda')\n",
            expect=("example.py:6:13", "example.py:7:17"),
        ),
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        scans = ctx.facts.scans
        if "cuda" not in ctx.facts.callees and not any(_DEVICE.fullmatch(s.text) for _, s in ctx.facts.strings):
            return  # no device string and no .cuda(): nothing to check
        guards = _guard_names(scans)
        for cell, scan in ctx.facts.scans:
            for site in scan.strings:
                if _DEVICE.fullmatch(site.text) and site.context.split("=")[0] not in _TEXT_CALLS:
                    if not _guarded(site.conditions, guards):
                        message = f"device {site.text!r} is hard-coded with no availability check"
                        yield _string_finding(ctx, self, cell, site, message, "device")
            for call in scan.calls:
                func = call.node.func
                if isinstance(func, ast.Attribute) and func.attr == "cuda" and not _guarded(call.conditions, guards):
                    line, column = call.node.lineno, call.node.col_offset + 1
                    message = ".cuda() moves to a GPU with no availability check"
                    yield ctx.report(self, message, cell, line, column, key="cuda()", data={"call": ".cuda()"})
