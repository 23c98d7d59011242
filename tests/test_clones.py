"""Clone detection (NBR101-104): units, fingerprints, families, drift, determinism."""

from __future__ import annotations

import difflib
import itertools
from pathlib import Path

import pytest

from conftest import NOTEBOOKS
from conftest import write_files as write
from nbrefactor import audit
from nbrefactor.analysis import DocumentFacts, align
from nbrefactor.analysis import clones as clone_analysis
from nbrefactor.analysis import fingerprint as fp
from nbrefactor.analysis.clones import compare
from nbrefactor.config import Config, from_table
from nbrefactor.engine import files as engine_files
from nbrefactor.engine.files import PoolMap
from nbrefactor.model import Finding
from nbrefactor.rules import clone_report, notebook_json
from nbrefactor.rules.duplication import (
    CELL,
    SCALE,
    SCALE_DRIFTED,
    SCALE_RENAMED,
    SUMMARY,
    DriftedClone,
    DuplicatedCell,
    IdenticalClone,
    RenamedClone,
)
from nbrefactor.sources import read_document

CLONE_RULES = (IdenticalClone, RenamedClone, DriftedClone, DuplicatedCell)

NORMALIZE, RENAMED, DRIFTED = SCALE, SCALE_RENAMED, SCALE_DRIFTED


def clones(root: Path, config: Config | None = None, paths: list[Path] | None = None, **kwargs) -> list[Finding]:
    config = config or Config(select=("NBR1",))
    result = audit(paths or [root], root=root, config=config, cache=kwargs.pop("cache", False), **kwargs)
    return [f for f in result.findings if f.code.startswith("NBR1")]


def units_of(path: Path, config: Config | None = None):
    document = read_document(path, path.parent)
    assert document is not None
    return DocumentFacts(document, config or Config()).units


# --- units -----------------------------------------------------------------------------------


def test_units_of_a_real_module() -> None:
    units = {u.name: u for u in units_of(NOTEBOOKS / "utils_old.py")}
    assert units["PumpMLP"].kind == "class"
    assert units["PumpMLP.__init__"].kind == "method"
    assert "ensure_dir" not in units, "three-line helpers are below clone-min-lines"
    assert units["PumpMLP"].module and units["PumpMLP"].location.cell is None
    assert '"""3-layer MLP' not in units["PumpMLP"].text, "docstrings are not part of a unit"


def test_units_of_a_notebook_are_cell_relative(tmp_path: Path) -> None:
    body = "x = load()\ny = x + 1\nz = y * 2\nprint(x, y, z)\nw = z - y\nprint(w, z, y, x, 'done')"
    nb = notebook_json("md:# title", "import os\nimport re", "plt.plot(x)\n" + body, NORMALIZE)
    units = units_of(write(tmp_path, {"a.ipynb": nb}) / "a.ipynb")
    kinds = {(u.kind, u.location.cell, u.location.start_line) for u in units}
    assert kinds == {("statements", 2, 2), ("function", 3, 1)}, "imports and plotting one-liners are boilerplate"
    run = next(u for u in units if u.kind == "statements")
    assert "plt" not in run.text and run.lines == 6 and not run.module


def test_minimum_size_is_configurable(tmp_path: Path) -> None:
    path = write(tmp_path, {"a.py": NORMALIZE}) / "a.py"
    assert [u.name for u in units_of(path)] == ["scale"]
    assert units_of(path, from_table({"clone-min-lines": 8})) == ()
    assert units_of(path, from_table({"clone-min-tokens": 500})) == ()


# --- fingerprints ----------------------------------------------------------------------------


def test_type_1_fingerprint_ignores_layout_and_comments() -> None:
    a = fp.raw_tokens("x = f(a,\n      b)  # call\n")
    b = fp.raw_tokens("# note\nx=f( a, b )\n")
    assert fp.digest(a) == fp.digest(b)


def test_type_2_fingerprint_needs_a_consistent_renaming() -> None:
    def canon(code: str) -> str:
        return fp.streams(fp.tokens(code))[0]

    assert canon("y = g(x, 1)\nreturn y.mean()") == canon("z = g(w, 2)\nreturn z.mean()")
    assert canon("y = g(x, 1)\nreturn y.mean()") != canon("y = g(x, 1)\nreturn x.mean()"), "inconsistent renaming"
    assert canon("return y.mean()") != canon("return y.median()"), "attribute names are kept"


def test_strings_hide_comment_markers() -> None:
    assert fp.raw_tokens("s = '# not a comment'  # a comment") == ["s", "=", "'# not a comment'"]


@pytest.mark.parametrize("code", [
    "y = df . mean(axis=0)  # spaced\nz = df.\\\n    std()\n",
    "x = (frame  # first\n     .groupby('k')  # then\n     . # odd\n     sum())\n",
    "s = rb'x' + f\"{a!r}\" + u'y'\nt = x if c else'z'\nv = 1.5e3 + .5j + 0x_ff + ...\n",
    "from . import mod\nfrom .pkg import name\na **= b // c; d := e\n",
])
def test_blinded_stream_has_one_character_per_raw_token(code: str) -> None:
    """The drift display aligns raw tokens with the blinded stream, one to one."""
    canonical, chars, raw = fp.streams(fp.tokens(code))
    assert len(chars) == len(fp.raw_tokens(code)) == fp.count(fp.tokens(code))


def test_layout_inside_an_attribute_is_type_1() -> None:
    a = fp.streams(fp.tokens("y = df.mean()\n"))
    b = fp.streams(fp.tokens("y = df. mean()  # spaced\n"))
    c = fp.streams(fp.tokens("y = df.median()\n"))
    assert a == b and a[2] != c[2] and a[0] != c[0], "an attribute name is kept, its layout is not"


# --- clone types and families ----------------------------------------------------------------


@pytest.mark.parametrize("code, copy, kind", [
    ("NBR101", NORMALIZE.replace("    out = df.copy()", "    # copy first\n    out = df.copy()\n"), 1),
    ("NBR102", RENAMED, 2),
    ("NBR103", DRIFTED, 3),
])
def test_each_clone_type_gets_its_code(tmp_path: Path, code: str, copy: str, kind: int) -> None:
    [finding] = clones(write(tmp_path, {"a.py": NORMALIZE, "b.py": copy}))
    assert (finding.code, finding.data["type"]) == (code, kind)
    assert f"(type {kind}, similarity " in finding.message


def test_annotated_locals_renamed_consistently_are_type_2(tmp_path: Path) -> None:
    annotated = """def scale(df, cols):
    out: pd.DataFrame = df.copy()
    for col in cols:
        centre: float = out[col].mean()
        spread: float = out[col].std()
        out[col] = (out[col] - centre) / (spread + 1e-9)
    return out
"""
    renamed = annotated.replace("centre", "mu").replace("spread", "sigma").replace("out", "res")
    [finding] = clones(write(tmp_path, {"a.py": annotated, "b.py": renamed}))
    assert (finding.code, finding.data["type"]) == ("NBR102", 2), finding.message


def test_a_family_takes_the_type_of_its_most_changed_member(tmp_path: Path) -> None:
    [finding] = clones(write(tmp_path, {"a.py": NORMALIZE, "b.py": RENAMED, "c.py": DRIFTED}))
    assert finding.code == "NBR103" and [m["type"] for m in finding.data["members"]] == [0, 2, 3]


def test_renamed_clone_reports_renamings_and_literals(tmp_path: Path) -> None:
    [finding] = clones(write(tmp_path, {"a.py": NORMALIZE, "b.py": RENAMED}))
    assert "renamed df->frame, out->res" in finding.message
    assert finding.data["members"][1]["renamings"] == [["df", "frame"], ["out", "res"]]
    assert finding.data["members"][1]["literals"] == [["1e-9", "1e-6"]]
    assert "1e-6" in finding.data["diff"] and "frame" not in finding.data["diff"], "the diff is renamed back"


def test_drifted_clone_shows_the_statements_that_differ(tmp_path: Path) -> None:
    [finding] = clones(write(tmp_path, {"a.py": NORMALIZE, "b.py": DRIFTED}))
    diff = finding.data["diff"].splitlines()
    assert "-    out = df.copy()" in diff and "+    out = df.fillna(0.0)" in diff
    assert "+        out[col] = out[col].clip(-5, 5)" in diff
    assert "2 lines differ (1 changed, 1 added)" in finding.message
    assert 0.8 <= finding.data["similarity"] < 1


FIT = """def fit(self, data, epochs=2):
    self.guide(None, None)
    loader = make_loader(data, self.batch)
    losses = []
    for epoch in range(epochs):
        for batch in loader:
            losses.append(self.step(batch))
    self.done = True
    return losses
"""
#: pyro's ProfileHMM.fit_svi in small: a statement moved, so one ``self`` lines up with ``loader``.
FIT_EDITED = FIT.replace(
    "    self.guide(None, None)\n    loader = make_loader(data, self.batch)\n",
    "    loader = make_loader(data, self.batch)\n    for batch in loader:\n        self.guide(batch, None)\n        break\n",
)
#: pyro's Householder ``_call`` and ``_inverse`` in small: ``x`` and ``y`` swapped throughout.
FORWARD = """def forward(self, x):
    y = x
    for idx in range(self.size):
        proj = (self.u[idx] * y).sum() * self.u[idx]
        y = y - 2.0 * proj
        y = y / self.scale
    return y
"""
INVERSE = """def inverse(self, y):
    x = y
    for idx in reversed(range(self.size)):
        proj = (self.u[idx] * x).sum() * self.u[idx]
        x = x - 2.0 * proj
        x = x / self.scale
    return x
"""


def test_a_name_that_mostly_stays_itself_is_not_reported_renamed(tmp_path: Path) -> None:
    [finding] = clones(write(tmp_path, {"a.py": FIT, "b.py": FIT_EDITED}))
    assert finding.data["members"][1]["renamings"] == [], "self stays self, loader stays loader"
    diff = finding.data["diff"].splitlines()
    assert "+    for batch in loader:" in diff and not any("self = " in line for line in diff)


def test_swapped_names_are_a_renaming(tmp_path: Path) -> None:
    [finding] = clones(write(tmp_path, {"a.py": FORWARD, "b.py": INVERSE}))
    assert finding.data["members"][1]["renamings"] == [["forward", "inverse"], ["x", "y"], ["y", "x"]]
    assert "1 line differ (1 changed)" in finding.message


#: Keras 2.2.4's neural_doodle.py and neural_style_transfer.py in small: the same top-level loop,
#: one line rewritten (``np`` lines up with ``preprocess_image``), one setting changed (``lr``
#: lines up with ``momentum``), and one name really renamed.
DOODLE = """evaluator = Evaluator()
lr = 0.1
x = np.random.uniform(0, 255, (1, img_nrows, img_ncols, 3)) - 128.0
for i in range(50):
    print("Start of iteration", i)
    x, min_val, info = fmin_l_bfgs_b(evaluator.loss, x.flatten(), fprime=evaluator.grads, maxfun=20)
    print("Current loss value:", min_val)
    img = deprocess_image(x.copy())
    fname = target_img_prefix + "_at_iteration_%d.png" % i
    save_img(fname, img)
"""
STYLE = (
    DOODLE.replace("np.random.uniform(0, 255, (1, img_nrows, img_ncols, 3)) - 128.0", "preprocess_image(base_image_path)")
    .replace("range(50)", "range(iterations)")
    .replace("target_img_prefix", "result_prefix")
    .replace("lr = 0.1", "momentum = 0.9")
)


def test_names_lined_up_in_a_rewritten_line_are_not_a_renaming(tmp_path: Path) -> None:
    [finding] = clones(write(tmp_path, {"doodle.py": DOODLE, "style.py": STYLE}))
    assert finding.data["type"] == 3
    assert finding.data["members"][1]["renamings"] == [["target_img_prefix", "result_prefix"]]
    diff = finding.data["diff"].splitlines()
    assert "+x = preprocess_image(base_image_path)" in diff, "the copy's own line, not np(img_ncols)"
    assert "+momentum = 0.9" in diff
    assert not any("result_prefix" in line for line in diff), "the renamed line is equal once renamed back"


#: gluonts' M5 notebooks in small: seven copies of a helper, six with ``verbose=False``.
REDUCE = """def reduce_mem_usage(df, verbose=True):
    start = df.memory_usage().sum() / 1024**2
    for col in df.columns:
        if df[col].dtype == "float64":
            df[col] = df[col].astype("float32")
    end = df.memory_usage().sum() / 1024**2
    if verbose:
        print("Mem. usage decreased to {:5.2f} Mb ({:.1f}% reduction)".format(end, 100 * (start - end) / start))
    return df
"""


def test_true_false_and_none_are_literals(tmp_path: Path) -> None:
    quiet = REDUCE.replace("verbose=True", "verbose=False")
    [finding] = clones(write(tmp_path, {"a.py": REDUCE, "b.py": quiet, "c.py": quiet}))
    assert finding.code == "NBR102" and finding.data["type"] == 2
    assert "changed True->False;" in finding.message, "one change, however many copies make it"


def test_a_type_3_similarity_never_reads_1_00(tmp_path: Path) -> None:
    long = REDUCE + "".join(f"    df = df.assign(c{i}=df[col].mean() * {i})\n" for i in range(20))
    [finding] = clones(write(tmp_path, {"a.py": long, "b.py": long.replace("df.memory_usage().sum()", "df.memory_usage(deep=True).sum()", 1)}))
    assert finding.data["type"] == 3 and 0.99 < finding.data["similarity"] < 1
    assert "(type 3, similarity 0.99)" in finding.message


def test_a_family_is_one_finding_with_every_member(tmp_path: Path) -> None:
    nb = notebook_json("import pandas as pd", NORMALIZE)
    write(tmp_path, {"a.ipynb": nb, "b.ipynb": notebook_json(RENAMED), "lib/helpers.py": NORMALIZE})
    [finding] = clones(tmp_path)
    assert finding.code == "NBR102" and "duplicated in 3 places" in finding.message
    assert [loc.display() for loc in finding.locations] == ["lib/helpers.py:1:1", "a.ipynb:cell 1:1:1", "b.ipynb:cell 0:1:1"]
    assert finding.data["canonical"]["reason"].startswith("the only copy in an importable module")
    assert [m["type"] for m in finding.data["members"]] == [0, 1, 2]
    assert finding.message.endswith("canonical: lib/helpers.py:1")


def test_copied_class_is_one_family_not_one_per_method(tmp_path: Path) -> None:
    cls = "class Scaler:\n    def fit(self, df, cols):\n" + "\n".join("    " + line for line in NORMALIZE.splitlines()[2:])
    cls += "\n\n    def transform(self, df):\n        out = df.copy()\n        out = out.fillna(0)\n        out = out.clip(-1, 1)\n        out = out.round(3)\n        return out.astype('float32')\n"
    [finding] = clones(write(tmp_path, {"a.py": cls, "b.py": cls}))
    assert finding.data["unit"] == "class" and finding.code == "NBR101"


def test_copied_cells_are_nbr104(tmp_path: Path) -> None:
    cell = CELL
    write(tmp_path, {"a.ipynb": notebook_json("import pandas as pd", cell), "b.py": cell.replace("summary", "s")})
    [finding] = clones(tmp_path)
    assert finding.code == "NBR104" and finding.data["type"] == 2 and "(type 2," in finding.message
    assert {loc.display() for loc in finding.locations} == {"a.ipynb:cell 1:1:1", "b.py:1:1"}


# --- hard negatives --------------------------------------------------------------------------

SAME_SHAPE = SUMMARY
BLOCK = "    log.info('start %s', name)\n    started = time.time()\n    counters.clear()\n"
FIRST = f'''def load(name, path):
{BLOCK}    with open(path) as f:
        rows = [line.split(",") for line in f]
    header, body = rows[0], rows[1:]
    return pd.DataFrame(body, columns=header)
'''
SECOND = f'''def train(name, model, loader):
{BLOCK}    for epoch in range(10):
        for xb, yb in loader:
            loss = model.step(xb, yb)
    model.save(name + ".pt")
    return loss
'''


def test_hard_negatives_are_not_clones(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": NORMALIZE + "\n\n" + FIRST, "b.ipynb": notebook_json(SAME_SHAPE, SECOND)})
    assert clones(tmp_path) == []


# Two methods of rich's Windows console: one template, but the names do not correspond
# (``start`` is a new coordinate in one, the cursor position in the other).
ERASE_START = """def erase_start_of_line(self) -> None:
    row, col = self.cursor_position
    start = WindowsCoordinates(row, 0)
    FillConsoleOutputCharacter(self._handle, " ", length=col, start=start)
    FillConsoleOutputAttribute(
        self._handle, self._default_attrs, length=col, start=start
    )
"""
ERASE_END = """def erase_end_of_line(self) -> None:
    cursor_position = self.cursor_position
    cells_to_erase = self.screen_size.col - cursor_position.col
    FillConsoleOutputCharacter(
        self._handle, " ", length=cells_to_erase, start=cursor_position
    )
    FillConsoleOutputAttribute(
        self._handle,
        self._default_attrs,
        length=cells_to_erase,
        start=cursor_position,
    )
"""


def _blinded_ratio(a, b) -> float:
    return difflib.SequenceMatcher(None, a.chars, b.chars, autojunk=False).ratio()


def test_siblings_binding_different_names_are_not_drifted_clones(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": ERASE_START, "b.ipynb": notebook_json(ERASE_END)})
    start, end = units_of(tmp_path / "a.py")[0], units_of(tmp_path / "b.ipynb")[0]
    assert _blinded_ratio(start, end) >= 0.8  # alike once every name is blinded
    assert compare(start, end).similarity < 0.8
    assert clones(tmp_path) == []


def test_a_consistent_renaming_costs_no_similarity(tmp_path: Path) -> None:
    renamed_and_drifted = DRIFTED.replace("df", "frame").replace("out", "res")
    write(tmp_path, {"a.py": NORMALIZE, "b.py": renamed_and_drifted})
    original, copy = units_of(tmp_path / "a.py")[0], units_of(tmp_path / "b.py")[0]
    member = compare(original, copy)
    assert member.type == 3 and member.similarity == round(_blinded_ratio(original, copy), 4)
    assert [f.code for f in clones(tmp_path)] == ["NBR103"]


def test_similarity_threshold_is_configurable(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": NORMALIZE, "b.py": DRIFTED})
    assert clones(tmp_path, from_table({"select": ["NBR1"], "clone-similarity": 0.95})) == []


def test_suppression_on_the_canonical_member(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": NORMALIZE.replace("cols):", "cols):  # nbrefactor: ignore[NBR102]"), "b.py": RENAMED})
    assert clones(tmp_path) == []


# --- scale: the same result with and without the pool and the cache --------------------------


def _corpus(root: Path) -> Path:
    files = {}
    for i in range(12):
        code = [NORMALIZE.replace("scale", f"scale{i % 3}"), FIRST if i % 2 else SECOND]
        if i % 4 == 0:
            code.append(DRIFTED if i % 8 else RENAMED)
        text = "\n\n".join(code)
        files[f"m{i:02d}.py" if i % 3 else f"n{i:02d}.ipynb"] = text if i % 3 else notebook_json(*code)
    return write(root, files)


def _key(findings: list[Finding]) -> list[tuple]:
    return [(f.code, f.message, f.locations, f.fingerprint, f.data) for f in findings]


def test_same_result_with_and_without_pool_and_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _corpus(tmp_path / "corpus")
    serial = _key(clones(root, jobs=1))
    assert len(serial) >= 2 and all(len(f[2]) > 2 for f in serial)
    assert _key(clones(root, jobs=2)) == serial
    monkeypatch.setattr(clone_analysis, "TASK_PAIRS", 1)  # each pair verified as its own task, in workers
    monkeypatch.setattr(clone_report, "TASK_DRIFTS", 1)  # and each drift
    pooled: list[str] = []
    real = PoolMap.__call__

    def spy(self: PoolMap, fn, items):  # type: ignore[no-untyped-def]
        out = list(real(self, fn, items))
        if len(items) > 1 and self._pool is not None:
            pooled.append(fn.__name__)
        return out

    monkeypatch.setattr(PoolMap, "__call__", spy)
    started: list[int] = []
    real_executor = engine_files._executor
    monkeypatch.setattr(engine_files, "_executor", lambda jobs: started.append(jobs) or real_executor(jobs))
    assert _key(clones(root, jobs=2)) == serial
    assert any(pooled), "several verification tasks ran on the worker processes"
    assert {"_verify", "_drifts"} <= set(pooled), "the pair verification and the drifts ran there"
    assert started == [2], "the files and the project rules share one pool of workers"
    cache = tmp_path / "cache"
    assert _key(clones(root, jobs=2, cache=cache)) == serial
    assert any(cache.rglob("*.pickle"))
    assert _key(clones(root, jobs=1, cache=cache)) == serial


# --- the example project ---------------------------------------------------------------------


def test_planted_clones_of_the_example_project() -> None:
    findings = {f.code: f for f in clones(NOTEBOOKS.parent, paths=[NOTEBOOKS], jobs=1)}
    assert {code: f.data["canonical"]["name"] for code, f in findings.items() if code != "NBR104"} == {
        "NBR101": "clean_columns", "NBR102": "make_features", "NBR103": "preprocess"}
    renamed = findings["NBR102"].data["members"][1]
    assert findings["NBR102"].location.path == "notebooks/batch_inference.py", "the script copy is canonical"
    assert ["frame", "df"] in renamed["renamings"] and ["3", "5"] in renamed["literals"]
    drift = findings["NBR103"].data["diff"]
    assert "clip(-5, 5)" in drift and 'fillna(stats[col]["median"])' in drift
    assert {loc.path for loc in findings["NBR104"].locations} == {"notebooks/01_data_prep.ipynb", "notebooks/05_explore.ipynb"}


@pytest.mark.parametrize("rule", CLONE_RULES, ids=lambda r: r.code)
def test_rule_examples(tmp_path: Path, rule) -> None:
    for i, example in enumerate(rule.valid):
        root = write(tmp_path / f"valid{i}", dict(example.all_files()))
        assert [f for f in clones(root, jobs=1) if f.code == rule.code] == []
    for i, example in enumerate(rule.invalid):
        root = write(tmp_path / f"invalid{i}", dict(example.all_files()))
        found = [f.location.display() for f in clones(root, jobs=1) if f.code == rule.code]
        assert found and sorted(found) == sorted(example.expect)


def test_cached_project_findings_follow_an_edit(tmp_path: Path) -> None:
    root = write(tmp_path / "p", {"a.py": NORMALIZE, "b.py": RENAMED})
    cache = tmp_path / "cache"
    assert [f.code for f in clones(root, cache=cache)] == ["NBR102"]
    assert [f.code for f in clones(root, cache=cache)] == ["NBR102"]
    (root / "b.py").write_text(SAME_SHAPE, encoding="utf-8")
    assert clones(root, cache=cache) == []


def test_text_report_shows_the_drift_on_request(run_cli) -> None:
    code, out, _ = run_cli("audit", str(NOTEBOOKS), "--root", str(NOTEBOOKS.parent), "--select", "NBR103", "--diff", "--no-cache")
    assert code == 1
    assert "    -        out[col] = out[col].clip(-5, 5)" in out.splitlines()
    code, out, _ = run_cli("audit", str(NOTEBOOKS), "--root", str(NOTEBOOKS.parent), "--select", "NBR103", "--no-cache")
    assert "clip(-5, 5)" not in out


def test_matching_blocks_are_difflibs_and_stop_once_the_limit_is_out_of_reach() -> None:
    import random

    rng = random.Random(7)
    for _ in range(300):
        a = "".join(rng.choice("$$$()=.,xy") for _ in range(rng.randint(0, 60)))
        b = "".join(rng.choice("$$$()=.,xz") for _ in range(rng.randint(0, 60)))
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        expected = tuple((m.a, m.b, m.size) for m in sm.get_matching_blocks() if m.size)
        assert align.matching_blocks(sm, len(a), len(b)) == expected
        matched = sum(size for _, _, size in expected)
        assert align.matching_blocks(sm, len(a), len(b), matched) == expected
        assert align.matching_blocks(sm, len(a), len(b), matched + 0.5) is None


def test_long_units_are_aligned_line_by_line_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # generated code (sympy's, scipy's) holds functions of 10,000 tokens, whose token-by-token
    # alignment costs seconds; above LINE_FIRST token pairs the lines are aligned first
    shapes = ["-{k}*p**2*q + r*s", "t[{k}]/(q + {k}) - p", "max(p, q)*{k} + s**3", "(r - s)*(p + {k})/q"]
    body = "\n".join(f"    o[{k}] = " + shapes[k % 4].format(k=k + 16) + f" + w{k // 4}" for k in range(40))
    names = ", ".join(f"w{k}" for k in range(10))
    original = f"def coeffs(p, q, r, s, t, {names}):\n    o = [0]*40\n{body}\n    return o\n"
    copy = original.replace("-20*p", "+20*p").replace("    return o\n", "    o.reverse()\n    return o\n")
    write(tmp_path, {"a.py": original, "b.py": copy})
    monkeypatch.setattr(align, "LINE_FIRST", 10**12)
    [token_level] = clones(tmp_path, jobs=1)
    monkeypatch.setattr(align, "LINE_FIRST", 100_000)
    calls: list[int] = []
    real = align.line_first_blocks
    monkeypatch.setattr(align, "line_first_blocks", lambda *args: calls.append(1) or real(*args))
    [line_first] = clones(tmp_path, jobs=1)
    assert calls, "the long pair was aligned line by line"
    assert line_first.code == token_level.code == "NBR103"
    assert abs(line_first.data["similarity"] - token_level.data["similarity"]) < 0.02
    assert "+    o.reverse()" in line_first.data["diff"].splitlines()
    a, b = (units_of(tmp_path / name)[0] for name in ("a.py", "b.py"))
    blocks = align.line_first_blocks(a, b)
    assert blocks and all(a.chars[i : i + k] == b.chars[j : j + k] for i, j, k in blocks)
    assert all(i1 + k1 <= i2 and j1 + k1 <= j2 for (i1, j1, k1), (i2, j2, _) in itertools.pairwise(blocks))
