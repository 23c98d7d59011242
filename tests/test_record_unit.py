"""record without a kernel: the recorder wraps a real module in this process, the writer turns
its calls into a test file, and pytest runs that file against the module and against a mutant."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nbrefactor.refactor.recorded_tests import MARKER, recorded_test_file
from nbrefactor.verify import _record_state, _recorder
from nbrefactor.verify import _record_values as values
from nbrefactor.verify.record import read_events

CALC = """\
import random

import numpy as np

SCALE = 3


def add(a, b):
    return a + b


def scale(values, *, factor=SCALE):
    return np.asarray(values, dtype=float) * factor


def stats(xs):
    return {"mean": sum(xs) / len(xs), "n": len(xs), "name": "xs"}


def append_to(items, x):
    items.append(x * 2)


def noisy(n):
    return [round(random.random(), 6) for _ in range(n)]


def shout(msg):
    print(msg.upper())
    return len(msg)


def fails(x):
    raise ValueError(f"bad value: {x}")


def count_up(n):
    yield from range(n)


def threshold(t):
    def above(x):
        return x >= t
    return above


def first_line(fh):
    return fh.readline()


def draw(rng):
    return int(rng.integers(0, 1000))


def save(name, text):
    with open(name, "w") as fh:
        fh.write(text)


class Counter:
    def __init__(self, start):
        self.count = start

    def bump(self, by=1):
        self.count += by
        return self.count
"""


@pytest.fixture
def recorded(tmp_path: Path, monkeypatch):
    """Install the recorder for ``recpkg``, import it, make calls; yield (root, calls, skips)."""
    package = tmp_path / "src" / "recpkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "calc.py").write_text(CALC, encoding="utf-8")
    config = {"packages": ["recpkg"], "out": str(tmp_path / "out"), "root": str(tmp_path), "max_calls": 2,
              "call_bytes": 10**6, "function_bytes": 10**7, "total_bytes": 10**8, "literal_chars": 200}  # fmt: skip
    sys.path.insert(0, str(tmp_path / "src"))
    monkeypatch.chdir(tmp_path)  # the notebook's folder: what the calls write is noted relative to it
    recorder = _recorder.install(config)
    try:
        import recpkg.calc as calc

        _exercise(calc, tmp_path)
    finally:
        sys.meta_path[:] = [f for f in sys.meta_path if getattr(f, "recorder", None) is not recorder]
        sys.path.remove(str(tmp_path / "src"))
        for name in [n for n in sys.modules if n.startswith("recpkg")]:
            del sys.modules[name]
    calls, skips = read_events(tmp_path / "out", "nb.ipynb")
    return tmp_path, calls, skips


def _exercise(calc, tmp_path: Path) -> None:
    assert calc.add(2, 3) == 5 and calc.add(2, 3) == 5 and calc.add("a", "b") == "ab" and calc.add(1, 1) == 2
    calc.scale([1, 2])
    calc.stats([1.0, 2.5])
    items = [1]
    calc.append_to(items, 4)
    calc.noisy(3)
    calc.shout("hi")
    with pytest.raises(ValueError):
        calc.fails(7)
    assert list(calc.count_up(2)) == [0, 1]
    assert calc.threshold(2)(2) is True
    (tmp_path / "data.txt").write_text("one\ntwo\n", encoding="utf-8")
    with open(tmp_path / "data.txt", encoding="utf-8") as fh:
        calc.first_line(fh)
    assert calc.Counter(5).bump(2) == 7
    import numpy as np

    calc.draw(np.random.default_rng(3))
    (tmp_path / "results").mkdir()
    calc.save("results/note.txt", "hi")


def _write_tests(root: Path, calls, skips) -> Path:
    made = recorded_test_file("recpkg.calc", calls, skips, defined=["add", "scale", "stats", "append_to", "noisy", "shout",
                              "fails", "count_up", "threshold", "first_line", "Counter.bump", "draw", "save", "unused"], fixtures="fixtures/calc", folders=["results"])  # fmt: skip
    fixtures = root / "tests" / "fixtures" / "calc"
    fixtures.mkdir(parents=True)
    for name, source in made.fixtures.items():
        (fixtures / name).write_bytes(Path(source).read_bytes())
    test = root / "tests" / "test_calc_recorded.py"
    test.write_text(made.text, encoding="utf-8")
    return test


def _pytest(root: Path, test: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
                          cwd=root, env=env, capture_output=True, text=True, timeout=120)  # fmt: skip


def test_a_bounded_sample_of_distinct_calls_is_recorded(recorded) -> None:
    _, calls, _ = recorded
    adds = [c for c in calls if c.function == "add"]
    assert [c.spec["args"]["a"]["text"] for c in adds] == [
        "2",
        "'a'",
    ]  # the repeat is dropped, the 4th call is over the cap
    assert {c.function for c in calls} == {
        "add",
        "scale",
        "stats",
        "append_to",
        "noisy",
        "shout",
        "fails",
        "threshold",
        "Counter.bump",
        "draw",
        "save",
    }


def test_what_cannot_be_recorded_is_skipped_with_the_reason(recorded) -> None:
    _, _, skips = recorded
    reasons = {s.function: s.reason for s in skips}
    assert "generator" in reasons["count_up"]
    assert reasons["first_line"].startswith("cannot be pickled (TypeError")


def test_the_call_details_are_recorded(recorded) -> None:
    _, calls, _ = recorded
    by = {c.function: c.spec for c in calls}
    assert by["append_to"]["after"]["items"] == {"kind": "literal", "text": "[1, 8]", "approx": False}
    assert by["noisy"]["rng"] is True and "rng" not in by["stats"]
    assert by["shout"]["stdout"] == "HI\n"
    assert by["fails"]["raised"] == {"module": "builtins", "name": "ValueError", "message": "bad value: 7"}
    assert by["scale"]["result"]["kind"] == "ndarray" and by["scale"]["args"]["values"]["kind"] == "literal"
    assert by["threshold"]["inner"]["names"] == ["x"]
    assert by["save"]["wrote"] == [{"path": "results/note.txt", "text": "hi"}]
    assert by["draw"]["after"]["rng"]["attr"] == ".bit_generator.state"  # a generator is checked through its state
    assert by["Counter.bump"]["after"]["self"] == {
        "kind": "attrs",
        "type": "Counter",
        "items": [["count", {"kind": "literal", "text": "7", "approx": False}]],
    }


def test_generated_tests_pass_and_catch_a_mutant(recorded) -> None:
    root, calls, skips = recorded
    test = _write_tests(root, calls, skips)
    text = test.read_text(encoding="utf-8")
    assert text.startswith(MARKER)
    assert "result = recpkg.calc.add(a, b)\n    assert result == 5" in text
    assert "assert result['mean'] == pytest.approx(1.75, rel=RTOL, abs=ATOL)" in text
    assert "with pytest.raises(ValueError, match='bad\\\\ value:\\\\ 7'):" in text
    assert "recpkg.calc.threshold(t)(x)" in text
    assert "# - count_up: a generator" in text and "# - unused: not called while the notebooks ran" in text
    done = _pytest(root, test)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "12 passed" in done.stdout
    assert "assert Path('results/note.txt').read_text(encoding='utf-8') == 'hi'" in text
    assert "assert rng.bit_generator.state == {'bit_generator': 'PCG64'" in text
    calc = root / "src" / "recpkg" / "calc.py"
    for old, new in (
        ("x * 2", "x * 3"),
        ("x >= t", "x > t"),
        ("* factor", "* (factor + 1)"),
        ("+= by", "-= by"),
        ("fh.write(text)", "pass"),
        ("rng.integers(0, 1000)", "rng.integers(0, 1000, size=2)[1]"),
        ("print(msg.upper())\n", ""),
    ):
        calc.write_text(CALC.replace(old, new), encoding="utf-8")
        assert _pytest(root, test).returncode == 1, f"mutant {old!r} -> {new!r} survived"


def test_literals_round_trip_or_are_stored() -> None:
    assert values.literal({"a": (1, 2.5), "b": None}, 200) == "{'a': (1, 2.5), 'b': None}"
    assert values.literal(float("nan"), 200) is None
    assert values.literal("x" * 300, 200) is None
    assert values.literal(object(), 200) is None


def test_nested_floats_are_compared_part_by_part() -> None:
    bundles = values.Bundles()
    spec = values.encode_expected({"loss": [0.5, 0.25], "epoch": 3, "tag": "a"}, "result", bundles, 200)
    assert spec["kind"] == "mapping"
    assert [k for k, _ in spec["items"]] == ["'loss'", "'epoch'", "'tag'"]
    assert spec["items"][0][1] == {"kind": "literal", "text": "[0.5, 0.25]", "approx": True}


def test_caps_stop_recording_with_a_reason(tmp_path: Path) -> None:
    config = {"packages": ["nothing"], "out": str(tmp_path), "root": str(tmp_path), "max_calls": 3,
              "call_bytes": 100, "function_bytes": 10**6, "total_bytes": 10**6, "literal_chars": 200}  # fmt: skip
    recorder = _recorder.Recorder(config)
    big = recorder.wrap(lambda xs: len(xs), "mod")
    assert [big(list(range(1000 + n))) for n in range(7)] == [1000 + n for n in range(7)]
    (state,) = recorder.functions.values()
    assert state.stopped and state.failures == 6  # after 2 x max_calls failures it stops pickling
    _, skips = read_events(tmp_path, "nb")
    assert len(skips) == 1 and "over the per-call cap of 0.0 MB" in skips[0].reason


def test_the_per_function_cap_stops_a_function(tmp_path: Path) -> None:
    config = {"packages": ["nothing"], "out": str(tmp_path), "root": str(tmp_path), "max_calls": 3,
              "call_bytes": 10**6, "function_bytes": 400, "total_bytes": 10**6, "literal_chars": 10}  # fmt: skip
    recorder = _recorder.Recorder(config)
    total = recorder.wrap(sum, "mod")
    assert [total(list(range(n))) for n in (100, 101, 102)] == [4950, 5050, 5151]
    calls, skips = read_events(tmp_path, "nb")
    assert len(calls) == 1  # the second call's pickled list would take the function past 400 bytes
    assert [s.reason for s in skips] == ["its recorded calls would take over the per-function cap of 0.0 MB"]


def test_a_user_file_is_never_overwritten(tmp_path: Path) -> None:
    from nbrefactor.refactor.record import _work, _write_all, resolve_module

    (tmp_path / "src" / "pkg").mkdir(parents=True)
    (tmp_path / "src" / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "src" / "pkg" / "mod.py").write_text("def f():\n    return 1\n", encoding="utf-8")
    (tmp_path / "tests").mkdir()
    mine = tmp_path / "tests" / "test_mod_recorded.py"
    mine.write_text("def test_mine():\n    pass\n", encoding="utf-8")
    target = resolve_module(str(tmp_path / "src" / "pkg" / "mod.py"), None)
    assert target.module == "pkg.mod" and target.import_root == tmp_path / "src"
    work = _work(target, tmp_path, [], [])
    _write_all([work], target.import_root, (1e-6, 1e-9))
    result = work.result(tmp_path)
    assert result.reason and "was not written by nbrefactor record" in result.reason
    assert mine.read_text(encoding="utf-8") == "def test_mine():\n    pass\n"


def test_the_recorder_imports_nothing_from_nbrefactor() -> None:
    """The kernel loads the recorder by path: it must work where nbrefactor is not installed."""
    import ast

    for module in (_recorder, _record_state, values):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and not n.level}
        assert not {m for m in imported if m.startswith("nbrefactor")}
