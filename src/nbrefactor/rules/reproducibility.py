"""NBR302: random numbers drawn from a generator that nothing seeded."""

from __future__ import annotations

import ast
from ast import Attribute, Name
from collections.abc import Collection, Container, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import NamedTuple

from nbrefactor.analysis.dataflow import runs_now
from nbrefactor.analysis.functions import calls_by_function
from nbrefactor.analysis.names import dotted
from nbrefactor.analysis.scopes import CallSite, CellScan
from nbrefactor.model import Cell, Finding, Severity
from nbrefactor.rules.base import Example, Rule, RuleContext, notebook_json
from nbrefactor.rules.dataflow import cell_at

NUMPY, RANDOM, TORCH = "numpy", "random", "torch"
_NUMPY_SAFE = frozenset(
    {"seed", "default_rng", "RandomState", "Generator", "SeedSequence", "get_state", "set_state",
     "PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64", "BitGenerator", "bit_generator"}
)  # fmt: skip
_RANDOM_DRAWS = frozenset(
    {"random", "randint", "choice", "choices", "shuffle", "sample", "uniform", "gauss", "randrange",
     "normalvariate", "triangular", "betavariate", "expovariate", "getrandbits", "lognormvariate",
     "vonmisesvariate", "paretovariate", "weibullvariate", "randbytes", "binomialvariate"}
)  # fmt: skip
_TORCH_DRAWS = frozenset(
    {"rand", "randn", "randint", "randperm", "rand_like", "randn_like", "randint_like", "normal",
     "bernoulli", "multinomial", "poisson"}
)  # fmt: skip
_SEEDS = {
    "numpy.random.seed": (NUMPY,),
    "random.seed": (RANDOM,),
    "torch.manual_seed": (TORCH,),
    "torch.random.manual_seed": (TORCH,),
    "torch.cuda.manual_seed": (TORCH,),
    "torch.cuda.manual_seed_all": (TORCH,),
}
_UNSEEDED_GENERATORS = frozenset({"numpy.random.default_rng", "numpy.random.RandomState", "random.Random"})
_SHUFFLED_SPLITS = frozenset({"KFold", "StratifiedKFold", "GroupKFold", "RepeatedKFold"})
_MODULES = frozenset({"numpy", "random", "torch"})
_CALLEES = frozenset({"DataLoader", "random_split", "train_test_split", "sample", *_SHUFFLED_SPLITS})


def _keywords(call: ast.Call) -> dict[str, ast.expr]:
    return {k.arg: k.value for k in call.keywords if k.arg}


def _is_true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def draw_family(call: ast.Call, name: str) -> str | None:
    """The global generator a call draws from (None: it draws from none, or from its own)."""
    parts = name.split(".")
    last = parts[-1]
    if parts[0] not in _MODULES and last not in _CALLEES:
        return None
    kw = _keywords(call)
    if name.startswith("numpy.random.") and len(parts) == 3 and last not in _NUMPY_SAFE:
        return NUMPY
    if name.startswith("random.") and len(parts) == 2 and last in _RANDOM_DRAWS:
        return RANDOM
    if (name.startswith("torch.") and len(parts) == 2 and last in _TORCH_DRAWS) or name.startswith("torch.nn.init."):
        return TORCH
    if last in ("DataLoader", "random_split") and "generator" not in kw:
        if last == "random_split" or _is_true(kw.get("shuffle")):
            return TORCH
    if "random_state" in kw:
        return None
    if last == "train_test_split" and not (isinstance(kw.get("shuffle"), ast.Constant) and not _is_true(kw["shuffle"])):
        return NUMPY
    if last in _SHUFFLED_SPLITS and _is_true(kw.get("shuffle")):
        return NUMPY
    if last == "sample" and isinstance(call.func, ast.Attribute) and {"frac", "n"} & set(kw):
        return NUMPY  # DataFrame.sample without random_state uses numpy's global generator
    return None


def seeded_families(name: str) -> tuple[str, ...]:
    """The global generators a call seeds (``set_seed``-like helpers seed them all)."""
    if name in _SEEDS:
        return _SEEDS[name]
    last = name.split(".")[-1]
    if "seed" in last and last[:1].islower() and not name.startswith(("numpy.", "random.", "torch.")):
        return (NUMPY, RANDOM, TORCH)
    return ()


def unseeded_generator(call: ast.Call, name: str) -> bool:
    """``np.random.default_rng()`` and friends with no seed: a private stream, different each run."""
    if name not in _UNSEEDED_GENERATORS:
        return False
    values = [*call.args, *(k.value for k in call.keywords)]
    return not values or (isinstance(values[0], ast.Constant) and values[0].value is None)


@dataclass(frozen=True)
class _Call:
    cell: int
    site: CallSite
    name: str
    deferred: bool  # inside a function body: runs when called


def _candidate(func: ast.expr, imports: Mapping[str, str], roots: frozenset[str], seeders: Container[str] = ()) -> str | None:
    """The dotted name of a call that may draw, seed or make a generator (None: it does none of these).

    Cheap enough to run on every call: the full name is built only when the
    callee's last name or the start of its chain (``roots``) could matter.
    """
    kind = type(func)
    if kind is Attribute:
        last = func.attr  # type: ignore[attr-defined]
        if last not in _CALLEES and "seed" not in last:
            root = func.value  # type: ignore[attr-defined]
            while type(root) is Attribute:
                root = root.value
            if type(root) is not Name or root.id not in roots:
                return None
        return dotted(func, imports)
    if kind is Name:
        name = imports.get(func.id, func.id)  # type: ignore[attr-defined]
        last = name.rpartition(".")[2]
        if func.id in roots or last in _CALLEES or "seed" in last or name in seeders:  # type: ignore[attr-defined]
            return name
    return None


_Scans = Sequence[tuple[Cell, CellScan]]


class _Names(NamedTuple):
    """What tells, for one document, the calls :func:`_candidate` may keep."""

    imports: Mapping[str, str]
    roots: frozenset[str]  # names a call's chain can start from to reach numpy, random or torch
    seeders: Container[str]  # notebook functions that seed
    callees: frozenset[str]  # callee names that may be candidates: roots, _CALLEES, seeders, imports of those

    def may_call(self, callees: AbstractSet[str], call_roots: AbstractSet[str]) -> bool:
        """Whether a cell (or a document) with these callees may call a candidate (False: skip it)."""
        return (
            not self.callees.isdisjoint(callees)
            or not self.roots.isdisjoint(call_roots)
            or "seed" in "\x00".join(callees)
        )


def _names(imports: Mapping[str, str], seeders: Collection[str] = ()) -> _Names:
    roots = {m for m in _MODULES if m not in imports}
    special = set(seeders)
    for local, path in imports.items():
        if path.partition(".")[0] in _MODULES:
            roots.add(local)
        last = path.rpartition(".")[2]
        if last in _CALLEES or "seed" in last or path in seeders:
            special.add(local)
    frozen = frozenset(roots)
    return _Names(imports, frozen, seeders, frozen | _CALLEES | special)


def _calls(scans: _Scans, names: _Names) -> list[_Call]:
    out = []
    for cell, scan in scans:
        if not names.may_call(scan.callees, scan.call_roots):
            continue
        for site in scan.calls:
            name = _candidate(site.node.func, names.imports, names.roots, names.seeders)
            if name is not None:
                out.append(_Call(cell.index, site, name, not runs_now(site.scope)))
    return out


def _function_seeds(scans: _Scans, names: _Names) -> dict[str, set[str]]:
    """Families seeded inside each top-level function that seeds any (so that calling it seeds them)."""
    out: dict[str, set[str]] = {}
    for _, scan in scans:
        if not scan.module.children or not names.may_call(scan.callees, scan.call_roots):
            continue
        for function, sites in calls_by_function(scan).items():
            for site in sites:
                name = _candidate(site.node.func, names.imports, names.roots)
                families = seeded_families(name) if name else ()
                if families:
                    out.setdefault(function.name, set()).update(families)
    return out


class UnseededRandomness(Rule):
    """Random numbers drawn from a global generator that no earlier cell seeds.

    **What it does:** reports draws from numpy's, Python's or torch's global
    generator (``np.random.rand``, ``random.shuffle``, ``torch.randn``,
    ``DataLoader(shuffle=True)``, ``train_test_split`` or ``df.sample`` without
    ``random_state``) when no seeding call (``np.random.seed``, ``random.seed``,
    ``torch.manual_seed``, a ``set_seed``-like helper) comes before it in document
    order, and new generators made without a seed (``np.random.default_rng()``).
    Draws inside functions count as seeded if the document seeds that generator
    anywhere. One finding per generator per cell.

    **Why it matters:** every run gives different numbers, so results, plots and
    metrics cannot be reproduced or compared.

    **Example:** ``mask = np.random.rand(len(df)) < 0.02`` with no ``np.random.seed``.

    **Instead:** seed once at the top (``np.random.seed(SEED)``), or better, pass
    a seeded generator: ``rng = np.random.default_rng(SEED)``; ``rng.random(n)``.
    """

    code = "NBR302"
    name = "unseeded-randomness"
    severity = Severity.WARNING
    valid = (
        Example("# %%\nimport numpy as np\nrng = np.random.default_rng(42)\n# %%\nx = rng.normal(size=3)\n"),
        Example("# %%\nimport numpy as np\nnp.random.seed(0)\n# %%\nx = np.random.rand(3)\n"),
        Example("# %%\nimport random\nfrom utils import seed_everything\nseed_everything(0)\n# %%\nrandom.shuffle(xs)\n"),
        Example(
            notebook_json(
                "import torch\ntorch.manual_seed(1)",
                "from torch.utils.data import DataLoader\ndl = DataLoader(ds, shuffle=True)",
            ),
            "example.ipynb",
        ),
    )
    invalid = (
        Example(
            "# %%\nimport numpy as np\n# %%\nx = np.random.rand(3)\n# %%\nnp.random.seed(0)\n",
            expect=("example.py:cell 1:1:5",),
        ),
        Example("import random\nrandom.shuffle(items)\n"),
        Example("# %%\nfrom sklearn.model_selection import train_test_split\na, b = train_test_split(X)\n"),
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        scans = ctx.facts.scans
        imports = ctx.facts.dataflow.imports
        names = _names(imports)
        if not names.may_call(ctx.facts.callees, ctx.facts.call_roots):
            return  # no call in the document can draw or seed
        function_seeds = _function_seeds(scans, names)
        calls = _calls(scans, _names(imports, function_seeds) if function_seeds else names)
        seeds: list[tuple[tuple[int, int], str]] = []
        anywhere: set[str] = set()
        for call in calls:
            families = set(seeded_families(call.name))
            if not call.deferred and call.name in function_seeds:
                families |= function_seeds[call.name]
            anywhere |= families
            if not call.deferred:
                seeds += [((call.cell, call.site.node.lineno), family) for family in families]
        reported: set[tuple[int, str]] = set()
        for call in calls:
            family = draw_family(call.site.node, call.name)
            if unseeded_generator(call.site.node, call.name):
                yield self._finding(ctx, call, "generator", f"{call.name}() makes a generator with no seed")
            if family is None or (call.cell, family) in reported:
                continue
            position = (call.cell, call.site.node.lineno)
            seeded = family in anywhere if call.deferred else any(at < position and f == family for at, f in seeds)
            if not seeded:
                reported.add((call.cell, family))
                later = sorted(at for at, f in seeds if f == family and at > position)
                when = f"seeded only later (cell {later[0][0]})" if later else "never seeded"
                message = f"{call.name} draws from the {family} global generator, which is {when}"
                yield self._finding(ctx, call, family, message)

    def _finding(self, ctx: RuleContext, call: _Call, family: str, message: str) -> Finding:
        node = call.site.node
        data = {"call": call.name, "generator": family, "in_function": call.deferred}
        return ctx.report(
            self,
            message,
            cell_at(ctx, call.cell),
            node.lineno,
            node.col_offset + 1,
            key=f"{family}:{call.name}",
            data=data,
        )
