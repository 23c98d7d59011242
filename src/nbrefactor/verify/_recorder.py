"""Kernel side of ``record``: wrap a package's functions and save a bounded sample of their calls.

The startup cell that :mod:`nbrefactor.verify.record` injects into the
executed copy loads this file by path (it imports nothing from nbrefactor, so
the kernel needs only its own packages) and calls :func:`install`. From then
on, every module of the recorded packages has its top-level functions wrapped
the moment it is imported. A wrapped function records its first call and a
few more with distinct arguments: the arguments (before the call), the random
generators' state (when the call draws random numbers), what it printed, its
result or exception, and the state of its arguments after the call. Each
recorded call, and each call that cannot be recorded faithfully (with the
reason), is one JSON line in ``calls.jsonl``; fixtures go next to it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.abc
import importlib.util
import inspect
import io
import json
import os
import sys
import sysconfig
from pathlib import Path
from typing import Any, Callable


def _sibling(name: str) -> Any:
    """A sibling kernel-side module: imported within the package, loaded by path in the kernel."""
    if __package__:
        return importlib.import_module(f"{__package__}.{name}")
    spec = importlib.util.spec_from_file_location(f"_nbrefactor{name}", Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


values = _sibling("_record_values")
effects = _sibling("_record_state")
Unrecordable = effects.Unrecordable
_MB = 1024 * 1024


class _Function:
    """What has been recorded of one function so far."""

    def __init__(self) -> None:
        self.recorded = 0
        self.bytes = 0
        self.digests: set[str] = set()
        self.reasons: set[str] = set()
        self.stopped = False
        self.failures = 0  # calls that could not be recorded: past a few, stop trying (pickling costs)


class Recorder:
    """Wraps functions and writes their recorded calls into ``config["out"]``."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.out = Path(config["out"])
        self.packages = tuple(config["packages"])
        self.functions: dict[tuple[str, str], _Function] = {}
        self.total = 0
        self.calls = 0
        site = {sysconfig.get_paths().get(k, "") for k in ("purelib", "platlib", "stdlib", "platstdlib")}
        self.site = tuple(os.path.realpath(p) for p in site if p)

    def wants(self, name: str) -> bool:
        return any(name == p or name.startswith(p + ".") for p in self.packages)

    def _event(self, event: dict[str, Any]) -> None:
        with open(self.out / "calls.jsonl", "a", encoding="utf-8") as fh:
            fh.write(json.dumps(event) + "\n")

    def skip(self, key: tuple[str, str], reason: str, stop: bool = False) -> None:
        state = self.functions[key]
        state.stopped = state.stopped or stop
        if reason not in state.reasons:
            state.reasons.add(reason)
            self._event({"event": "skip", "module": key[0], "function": key[1], "reason": reason})

    def wrap_module(self, module: Any) -> None:
        """Wrap the module's own functions, and the public methods of its own classes."""
        classes = [c for c in vars(module).values() if inspect.isclass(c) and c.__module__ == module.__name__]
        for owner in [module, *classes]:
            for name, obj in list(vars(owner).items()):
                if owner is not module and name.startswith("_"):
                    continue
                if (
                    inspect.isfunction(obj)
                    and obj.__module__ == module.__name__
                    and not getattr(obj, "__nbrefactor_wrapped__", False)
                ):
                    setattr(owner, name, self.wrap(obj, module.__name__))

    def wrap(self, fn: Callable[..., Any], module: str) -> Callable[..., Any]:
        key = (module, fn.__qualname__)
        self.functions[key] = _Function()

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return self.call(key, fn, args, kwargs)

        wrapper.__nbrefactor_wrapped__ = True  # type: ignore[attr-defined]
        return wrapper

    def call(self, key: tuple[str, str], fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        state = self.functions[key]
        if state.stopped or state.recorded >= self.config["max_calls"]:
            return fn(*args, **kwargs)
        if inspect.isgeneratorfunction(fn) or inspect.iscoroutinefunction(fn) or inspect.isasyncgenfunction(fn):
            self.skip(
                key,
                "a generator or coroutine function: its calls return an iterator to consume, not a value",
                stop=True,
            )
            return fn(*args, **kwargs)
        try:
            prepared = self._before(key, fn, args, kwargs)
        except Unrecordable as exc:
            state.failures += 1
            self.skip(key, str(exc), stop=state.failures >= 2 * self.config["max_calls"])
            return fn(*args, **kwargs)
        if prepared is None:
            return fn(*args, **kwargs)
        return self._observe(key, fn, args, kwargs, prepared, prepared)

    def _observe(self, key: tuple[str, str], fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
                 prepared: dict[str, Any], checked: dict[str, Any]) -> Any:  # fmt: skip
        """Make the call with stdout teed and the random state and files noted, then record it."""
        rng, buffer, files = effects.rng_state(), io.StringIO(), effects.files_state()
        try:
            with contextlib.redirect_stdout(effects.Tee(sys.stdout, buffer)):
                result = fn(*args, **kwargs)
        except Exception as exc:
            done = {**prepared, "wrote": effects.written(files)}
            self._after(key, done, checked, [*args, *kwargs.values()], rng, buffer.getvalue(), None, exc)
            raise
        if inspect.isfunction(result) and "inner" not in prepared:
            return self._returned(key, prepared, result)
        done = {**prepared, "wrote": effects.written(files)}
        self._after(key, done, checked, [*args, *kwargs.values()], rng, buffer.getvalue(), result, None)
        return result

    def _returned(
        self, key: tuple[str, str], prepared: dict[str, Any], inner: Callable[..., Any]
    ) -> Callable[..., Any]:
        """A function that returns a function is recorded with the first call of what it returned."""
        pending = [True]

        @functools.wraps(inner)
        def returned(*args: Any, **kwargs: Any) -> Any:
            state = self.functions[key]
            if not pending or state.stopped or state.recorded >= self.config["max_calls"]:
                return inner(*args, **kwargs)
            pending.clear()
            try:
                called = self._before(
                    key, inner, args, kwargs, role="inner", stem=prepared["stem"], seen=prepared["digest"]
                )
            except Unrecordable as exc:
                self.skip(key, f"the function it returns: {exc}")
                return inner(*args, **kwargs)
            if called is None:
                return inner(*args, **kwargs)
            merged = dict(
                prepared, inner=called, digest=called["digest"], files={**prepared["files"], **called["files"]}
            )
            return self._observe(key, inner, args, kwargs, merged, called)

        return returned

    def _import_paths(self, modules: set[str]) -> list[str]:
        """Folders a test must put on ``sys.path`` to unpickle; Unrecordable for the notebook's own classes."""
        if "__main__" in modules:
            raise Unrecordable(
                "an argument holds a class or function defined in the notebook itself, which a test cannot import"
            )
        paths = set()
        root = os.path.realpath(self.config["root"])
        for name in {m.split(".")[0] for m in modules if m} - {"builtins"}:
            if self.wants(name) or name not in sys.modules:
                continue
            file = getattr(sys.modules[name], "__file__", None)
            if not file:
                continue
            entry = os.path.dirname(os.path.dirname(file) if file.endswith("__init__.py") else file)
            entry = os.path.realpath(entry)
            if entry.startswith(self.site) or not entry.startswith(root + os.sep):
                continue
            paths.add(os.path.relpath(entry, root))
        return sorted(paths)

    def _names(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[str]:
        kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        try:
            positional = [p.name for p in inspect.signature(fn).parameters.values() if p.kind in kinds]
        except (TypeError, ValueError):
            positional = []
        names = [positional[i] if i < len(positional) else f"arg{i}" for i in range(len(args))]
        bad = [k for k in kwargs if not k.isidentifier()]
        if bad:
            raise Unrecordable(f"keyword argument {bad[0]!r} is not an identifier")
        return [*names, *kwargs]

    def _before(self, key: tuple[str, str], fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
                role: str = "args", stem: str | None = None, seen: str = "") -> dict[str, Any] | None:  # fmt: skip
        """Save the arguments (before the call can change them); None for a call already recorded."""
        state = self.functions[key]
        joint, modules = effects.dumps((args, kwargs))
        cap = self.config["call_bytes"]
        if len(joint) > cap:
            raise Unrecordable(
                f"its arguments take {len(joint) / _MB:.1f} MB, over the per-call cap of {cap / _MB:.1f} MB"
            )
        digest = hashlib.sha1(seen.encode() + joint).hexdigest()
        if digest in state.digests:
            return None
        paths = self._import_paths(modules)
        names = self._names(fn, args, kwargs)
        given = [*args, *kwargs.values()]
        bundles = values.Bundles()
        specs = {
            n: values.encode_arg(v, n, bundles, self.config["literal_chars"], role)
            for n, v in zip(names, given, strict=True)
        }
        if stem is None:
            stem = f"c{self.calls}"
            self.calls += 1
        files = self._write(bundles, stem)
        before = {n: effects.digest(v) for n, v in zip(names, given, strict=True)}
        return {"digest": digest, "names": names, "positional": len(args), "args": specs, "files": files,
                "paths": paths, "before": before, "stem": stem}  # fmt: skip

    def _after_specs(self, prepared: dict[str, Any], given: list[Any], bundles: Any) -> dict[str, Any]:
        after = {}
        for name, value in zip(prepared["names"], given, strict=True):
            spec = prepared["args"][name]
            try:
                changed = effects.digest(value) != prepared["before"][name]
            except Unrecordable:
                changed = True
            if changed:
                after[name] = values.encode_expected(value, f"after_{name}", bundles, self.config["literal_chars"])
            elif spec["kind"] in ("ndarray", "tensor", "frame", "series") or (
                spec["kind"] == "literal" and isinstance(value, (list, dict, set))
            ):
                after[name] = spec
        return after

    def _after(self, key: tuple[str, str], prepared: dict[str, Any], checked: dict[str, Any], given: list[Any],
               rng: dict[str, Any], stdout: str, result: Any, exc: BaseException | None) -> None:  # fmt: skip
        """Record the outcome; ``checked`` holds the arguments to check after the call."""
        state = self.functions[key]
        if exc is None and (
            inspect.isroutine(result) or inspect.isgenerator(result) or isinstance(result, type(iter(())))
        ):
            self.skip(key, f"returns a {type(result).__name__}, which a test cannot compare with a recorded value")
            return
        bundles = values.Bundles()
        limit = self.config["literal_chars"]
        spec = dict(prepared, after=self._after_specs(checked, given, bundles), stdout=stdout)
        spec["result"] = values.encode_expected(result, "result", bundles, limit) if exc is None else None
        spec["raised"] = (
            None
            if exc is None
            else {"module": type(exc).__module__, "name": type(exc).__qualname__, "message": str(exc)}
        )
        if not effects.same_rng(rng, effects.rng_state()):
            bundles.put("rng", "pkl", "state", rng, "rng")
            spec["rng"] = True
        spec["files"].update(self._write(bundles, prepared["stem"]))
        size = sum((self.out / f).stat().st_size for f in spec["files"].values())
        reason = self._over_cap(state, size)
        if reason:
            self.skip(key, reason, stop=True)
            return
        state.recorded += 1
        state.bytes += size
        state.digests.add(prepared["digest"])
        self.total += size
        for name in ("before", "stem"):
            spec.pop(name)
        inner = spec.get("inner")
        if inner:
            spec["inner"] = {k: inner[k] for k in ("names", "positional", "args")}
            spec["paths"] = sorted({*spec["paths"], *inner["paths"]})
        self._event({"event": "call", "module": key[0], "function": key[1], "bytes": size, **spec})

    def _over_cap(self, state: _Function, size: int) -> str | None:
        if state.bytes + size > self.config["function_bytes"]:
            return f"its recorded calls would take over the per-function cap of {self.config['function_bytes'] / _MB:.1f} MB"
        if self.total + size > self.config["total_bytes"]:
            return f"the recording reached the total cap of {self.config['total_bytes'] / _MB:.1f} MB"
        return None

    def _write(self, bundles: Any, stem: str) -> dict[str, str]:
        files = {}
        for (role, store), found in bundles.values.items():
            path = self.out / f"{stem}_{role}.{store}"
            if store == "npz":
                sys.modules["numpy"].savez(path, **found)
            elif store == "pt":
                sys.modules["torch"].save(found, path)
            else:
                path.write_bytes(effects.dumps(found)[0])
            files[f"{role}.{store}"] = path.name
        return files


class _Finder(importlib.abc.MetaPathFinder):
    """Wraps a recorded module's functions right after the module runs."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if not self.recorder.wants(fullname):
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        if spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        exec_module = spec.loader.exec_module

        def recorded(module: Any) -> None:
            exec_module(module)
            self.recorder.wrap_module(module)

        spec.loader.exec_module = recorded  # type: ignore[method-assign]
        return spec


def install(config: dict[str, Any]) -> Recorder:
    """Start recording: wrap the packages' modules already imported and those imported later."""
    recorder = Recorder(config)
    recorder.out.mkdir(parents=True, exist_ok=True)
    for name, module in list(sys.modules.items()):
        if recorder.wants(name) and module is not None:
            recorder.wrap_module(module)
    sys.meta_path.insert(0, _Finder(recorder))
    return recorder
