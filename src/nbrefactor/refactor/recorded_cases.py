"""The body of one recorded test: rebuild the arguments, make the call, check what it did.

Pure text generation from a recorded call's spec (see :mod:`nbrefactor.verify.record`):
:func:`case_body` returns the lines of one test and notes in ``needs`` what the
file must import or define (``numpy``, ``pkl``, ``rng``...). The file around the
bodies is :mod:`nbrefactor.refactor.recorded_tests`.
"""

from __future__ import annotations

import keyword
import re
from typing import Any, Mapping

from nbrefactor.model import RecordedCall

_RESERVED = frozenset(
    {"result", "out", "numpy", "pandas", "torch", "pytest", "pickle", "contextlib", "io", "sys", "Path"}
    | {"FIXTURES", "FOLDERS", "RTOL", "ATOL", "ROOT"}
)
_MAX_STDOUT = 2000
_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")  # printed memory addresses change from run to run


def _var(name: str) -> str:
    name = name if name.isidentifier() else re.sub(r"\W", "_", name)
    return (
        name + "_"
        if name in _RESERVED
        or keyword.iskeyword(name)
        or name.startswith(("args_", "expected_", "before_", "inner_", "rng_", "_"))
        else name
    )


class _Case:
    """The body of one test; knows which bundles it has loaded and what the file must import."""

    def __init__(self, stem: str, needs: set[str]) -> None:
        self.stem = stem
        self.needs = needs
        self.lines: list[str] = []
        self.loaded: set[str] = set()

    def bundle(self, spec: Mapping[str, Any], fresh: bool = False) -> str:
        role, store = spec["role"], spec["store"]
        var = f"{'before' if fresh else role}_{store}"
        if var not in self.loaded:
            self.loaded.add(var)
            self.needs.add(store)
            self.lines.append(f"{var} = _load({f'{self.stem}_{role}.{store}'!r})")
        return f"{var}[{spec['key']!r}]"

    def check(self, spec: Mapping[str, Any], expr: str, fresh: bool = False) -> None:
        kind = spec["kind"]

        def emit(text: str) -> None:
            self.lines.extend(text.split("\n"))

        if kind == "literal":
            text = spec["text"]
            if spec.get("approx"):
                self.needs.add("pytest")
                emit(f"assert {expr} == pytest.approx({text}, rel=RTOL, abs=ATOL)")
            else:
                emit(f"assert {expr} {'is' if text in ('None', 'True', 'False') else '=='} {text}")
        elif kind in _LEAVES:
            self.needs.add(_LEAVES[kind][0])
            emit(_LEAVES[kind][1].format(expr=expr, expected=self.bundle(spec, fresh)))
        elif kind == "sequence":
            emit(f"assert type({expr}) is {spec['type']} and len({expr}) == {len(spec['items'])}")
            for i, item in enumerate(spec["items"]):
                self.check(item, f"{expr}[{i}]", fresh)
        elif kind == "mapping":
            emit(f"assert list({expr}) == [{', '.join(k for k, _ in spec['items'])}]")
            for key, item in spec["items"]:
                self.check(item, f"{expr}[{key}]", fresh)
        elif kind == "via":
            self.check(spec["spec"], f"{expr}{spec['attr']}", fresh)
        elif kind == "attrs":
            emit(f"assert type({expr}).__qualname__ == {spec['type']!r}")
            for name, item in spec["items"]:
                self.check(item, f"{expr}.{name}", fresh)
        else:
            emit(f"# not compared: {expr} is a {spec.get('type', '?')} ({spec.get('why', 'unknown kind')})")


_TOL = "rtol=RTOL, atol=ATOL"
_LEAVES = {
    "ndarray": (
        "numpy",
        "numpy.testing.assert_allclose({expr}, {expected}, " + _TOL + ")\nassert {expr}.dtype == {expected}.dtype",
    ),
    "tensor": ("torch", "torch.testing.assert_close({expr}, {expected}, " + _TOL + ", equal_nan=True)"),
    "module": ("torch", "torch.testing.assert_close({expr}.state_dict(), {expected}, " + _TOL + ")"),
    "frame": ("pandas", "pandas.testing.assert_frame_equal({expr}, {expected}, " + _TOL + ")"),
    "series": ("pandas", "pandas.testing.assert_series_equal({expr}, {expected}, " + _TOL + ")"),
}


def _arguments(part: Mapping[str, Any], variables: Mapping[str, str]) -> str:
    names, count = part["names"], part["positional"]
    return ", ".join([*(variables[n] for n in names[:count]), *(f"{n}={variables[n]}" for n in names[count:])])


def _variables(spec: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Test variable names for the arguments of the call (and of the call of what it returned)."""
    outer = {n: _var(n) for n in spec["names"]}
    inner = {
        n: _var(n if _var(n) not in outer.values() else f"{n}_inner")
        for n in (spec.get("inner") or {}).get("names", ())
    }
    return outer, inner


def case_name(call: RecordedCall, number: int) -> str:
    raised = call.spec.get("raised")
    suffix = f"_raises_{raised['name'].lower()}" if raised else ""
    return f"test_{stem(call.function)}_{number}{suffix}"


def stem(function: str) -> str:
    """``Report.show`` -> ``Report_show``: a method's name in test and fixture names."""
    return function.replace(".", "_")


def case_body(call: RecordedCall, number: int, module: str, needs: set[str]) -> _Case:
    spec = call.spec
    case = _Case(f"{stem(call.function)}_{number}", needs)
    outer, inner = _variables(spec)
    parts = [(spec, outer)] + ([(spec["inner"], inner)] if spec.get("inner") else [])
    for part, variables in parts:
        for name in part["names"]:
            arg = part["args"][name]
            case.lines.append(f"{variables[name]} = {arg['text'] if arg['kind'] == 'literal' else case.bundle(arg)}")
    if spec.get("rng"):
        needs.add("rng")
        case.lines.append(f"_restore_rng({case.bundle({'role': 'rng', 'store': 'pkl', 'key': 'state'})})")
    call_text = "".join(f"({_arguments(part, variables)})" for part, variables in parts)
    call_text = f"{module}.{call.function}{call_text}"
    raised = spec.get("raised")
    if raised:
        needs.add("pytest")
        needs.update({"import:" + raised["module"]} if raised["module"] != "builtins" else set())
        exc = raised["name"] if raised["module"] == "builtins" else f"{raised['module']}.{raised['name']}"
        case.lines += [f"with pytest.raises({exc}, match={re.escape(raised['message'][:120])!r}):", f"    {call_text}"]
    elif spec["stdout"] and len(spec["stdout"]) <= _MAX_STDOUT and not _ADDRESS.search(spec["stdout"]):
        needs.add("stdout")
        case.lines += ["with contextlib.redirect_stdout(io.StringIO()) as out:", f"    result = {call_text}"]
        case.lines.append(f"assert out.getvalue() == {spec['stdout']!r}")
    else:
        case.lines.append(f"result = {call_text}")
    if spec.get("result") is not None:
        case.check(spec["result"], "result")
    if spec["after"]:
        case.lines.append("# the arguments after the call")
    if spec.get("wrote"):
        case.lines.append("# the files the call wrote (relative to the notebook's folder)")
        for wrote in spec["wrote"]:
            path, text = wrote["path"], wrote["text"]
            check = (
                f"assert Path({path!r}).is_file()"
                if text is None
                else f"assert Path({path!r}).read_text(encoding='utf-8') == {text!r}"
            )
            case.lines.append(check)
    checked = inner if spec.get("inner") else outer
    for name, after in spec["after"].items():
        case.check(after, checked[name], fresh=after.get("role") in ("args", "inner"))
    return case
