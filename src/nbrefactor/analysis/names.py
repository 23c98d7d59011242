"""Names that need no definition, and dotted names of called things.

:data:`BUILTIN_NAMES` holds Python's builtins (of every supported version),
the module attributes every module has, and IPython's session names, so that
"undefined name" means undefined for a notebook kernel. :func:`dotted` resolves
``np.random.rand`` to ``numpy.random.rand`` through a document's imports.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Mapping

from nbrefactor.sources import IPYTHON_BUILTINS

_OTHER_VERSIONS = {
    "aiter",
    "anext",
    "EncodingWarning",
    "BaseExceptionGroup",
    "ExceptionGroup",
    "PythonFinalizationError",
}
_MODULE_ATTRS = {
    "__name__", "__file__", "__doc__", "__spec__", "__loader__", "__package__", "__builtins__",
    "__annotations__", "__path__", "__cached__", "__class__", "__debug__", "WindowsError",
}  # fmt: skip

#: Names that are defined without any binding in the document.
BUILTIN_NAMES: frozenset[str] = frozenset(dir(builtins)) | _OTHER_VERSIONS | _MODULE_ATTRS | IPYTHON_BUILTINS

#: Line and cell magics that may bind names nobody can see statically (not ``%config``, which
#: configures IPython: ``%config InlineBackend.figure_format = 'retina'`` binds nothing).
UNKNOWN_BINDING_MAGICS = frozenset(
    {
        "run",
        "store",
        "pylab",
        "load",
        "aimport",
        "sql",
        "R",
        "Rpull",
        "Rget",
        "octave",
        "julia",
        "macro",
        "recall",
    }
)
#: Calls that may bind names nobody can see statically.
UNKNOWN_BINDING_CALLS = frozenset({"exec", "execfile", "globals", "locals", "vars", "__import__"})


def dotted(node: ast.AST, imports: Mapping[str, str]) -> str | None:
    """``a.b.c`` for an attribute chain rooted at a name, with the root replaced by what it imports."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(imports.get(node.id, node.id))
    return ".".join(reversed(parts))
