"""Clone-detection benchmark: nbrefactor against jscpd and pylint on generated corpora.

For each corpus size it generates the corpus (once, under benchmarks/.work),
then runs, each in a fresh process timed with ``/usr/bin/time``:

* nbrefactor cold (``--no-cache``), and warm (a second run on a filled cache);
* jscpd (``npx``-installed under benchmarks/.work/node; tuned for renamed and
  near-miss clones: ``--ignore-identifiers --ignore-literals --max-gap-lines 2``); it reads no
  ``.ipynb``, so it is also timed on the same code with each notebook's code cells written as
  one ``.py`` file (time only: its reports there are not scored);
* pylint's duplicate-code (``R0801``; skipped above ``--pylint-max`` functions);

and prints precision, recall per clone type and per placement (``py-py``,
``nb-py``, ``nb-nb``), wall time, peak memory, and the growth exponent of time
between consecutive sizes.

    python benchmarks/clones/run.py                 # 1k and 10k functions
    python benchmarks/clones/run.py --sizes 1000 10000 60000
    npm install --prefix benchmarks/.work/node jscpd@5 jscpd-linux-x64-gnu@5   # once
    pip install pylint                                                        # once
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import score

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
WORK = REPO / "benchmarks" / ".work"
JSCPD = WORK / "node" / "node_modules" / ".bin" / "jscpd"
#: CPU seconds (user + system, children included) of each timed command, in order.
CPU: list[float] = []


#: The Python tools run as installed tools do: with their bytecode cached (a sandbox may set
#: PYTHONDONTWRITEBYTECODE, which makes every run compile every module again).
PYTHON_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], timeout: float, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(seconds, peak MiB, stdout) of one command run under /usr/bin/time; CPU seconds go to CPU.

    Python commands (``sys.executable``) run with bytecode caching allowed and, when they
    take a folder, first untimed on a folder of one small file (the folder argument
    replaced), so that each is timed with its bytecode cached, as installed tools are."""
    if cmd[0] == sys.executable:
        env = {**PYTHON_ENV, **(env or {})}
        folder = next((a for a in cmd[1:] if Path(a).is_dir()), None)
        if folder is not None:
            with tempfile.TemporaryDirectory() as tiny:
                Path(tiny, "one.py").write_text("def f(a):\n    return [a + i for i in range(9)]\n")
                warm = [tiny if a == folder else a for a in cmd]
                subprocess.run(warm, env=env, capture_output=True, check=False, timeout=timeout)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        proc = subprocess.run(
            ["/usr/bin/time", "-o", stats.name, "-f", "%e %M %U %S", *cmd],
            capture_output=True, text=True, timeout=timeout, env=env, check=False,
        )
        wall, rss, user, system = stats.read().strip().split("\n")[-1].split()
    CPU.append(float(user) + float(system))
    return float(wall), int(rss) / 1024, proc.stdout


def corpus(n: int, seed: int) -> Path:
    folder = WORK / f"clones-{n}-s{seed}"
    if not (folder / "truth.json").exists():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(folder), "--functions", str(n), "--seed", str(seed)], check=True)
    return folder


def run_nbrefactor(folder: Path, cache: Path | None) -> tuple[float, float, Path]:
    out = folder.parent / f"{folder.name}.nbrefactor.json"
    cmd = [sys.executable, "-m", "nbrefactor", "audit", str(folder), "--root", str(folder), "--select", "NBR1",
           "--format", "json", "-o", str(out), "-q", "--exit-zero"]
    cmd += ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    wall, rss, _ = timed(cmd, 3600, env)
    return wall, rss, out


def run_jscpd(folder: Path) -> tuple[float, float, Path]:
    out = folder.parent / f"{folder.name}.jscpd"
    cmd = [str(JSCPD), str(folder), "--format", "python", "--min-tokens", "40", "--min-lines", "5",
           "--ignore-identifiers", "--ignore-literals", "--max-gap-lines", "2", "--reporters", "json", "--output", str(out), "--silent"]
    wall, rss, _ = timed(cmd, 3600)
    return wall, rss, out / "jscpd-report.json"


def run_pylint(folder: Path, timeout: float) -> tuple[float, float, str] | None:
    cmd = [sys.executable, "-m", "pylint", "--disable=all", "--enable=duplicate-code", "--min-similarity-lines=5",
           "--ignore-comments=y", "--ignore-docstrings=y", "--ignore-imports=y", "--recursive=y", "--score=n", str(folder)]
    try:
        return timed(cmd, timeout)
    except subprocess.TimeoutExpired:
        return None


def _row(name: str, s: score.Score | None, wall: float, rss: float) -> str:
    if s is None:
        return f"{name:<22} " + " ".join(f"{'-':>6}" for _ in range(8)) + f" {wall:>8.2f} {CPU[-1]:>7.2f} {rss:>8.0f}"
    cols = [s.precision, s.labelled_precision] + [s.recall(k) for k in ("type 1", "type 2", "type 3", "py-py", "nb-py", "nb-nb")]
    return f"{name:<22} " + " ".join(f"{c:>6.3f}" for c in cols) + f" {wall:>8.2f} {CPU[-1]:>7.2f} {rss:>8.0f}"


def bench(n: int, seed: int, pylint_max: int) -> dict[str, float]:
    folder = corpus(n, seed)
    truth = score.Truth(folder)
    print(f"\n== {n} functions asked, {len(truth.places)} in the corpus ({len(truth.pairs)} planted pairs,"
          f" {len(truth.negatives)} hard negatives), {folder}")
    print(f"{'tool':<22} {'prec':>6} {'prec*':>6} {'rec1':>6} {'rec2':>6} {'rec3':>6} {'py-py':>6} {'nb-py':>6} {'nb-nb':>6} {'time s':>8} {'cpu s':>7} {'peak MiB':>8}")
    cold, rss, out = run_nbrefactor(folder, None)
    result = truth.score(score.nbrefactor_reports(truth, out))
    print(_row("nbrefactor (cold)", result, cold, rss))
    cache = WORK / f"cache-{folder.name}"
    shutil.rmtree(cache, ignore_errors=True)
    run_nbrefactor(folder, cache)
    warm, rss, out = run_nbrefactor(folder, cache)
    print(_row("nbrefactor (warm)", truth.score(score.nbrefactor_reports(truth, out)), warm, rss))
    print(f"   nbrefactor: hard negatives reported {result.negatives_hit or 'none'}; "
          f"{result.unlabelled} reports between two untouched real functions (natural near-duplicates,"
          f" listed in {_unlabelled(truth, out, folder)})")
    times = {"nbrefactor": cold, "warm": warm, "functions": len(truth.places)}
    if JSCPD.exists():
        wall, rss, out = run_jscpd(folder)
        print(_row("jscpd " + _version(), truth.score(score.jscpd_reports(truth, out, folder)), wall, rss))
        times["jscpd"] = wall
        # jscpd reads no .ipynb: on the same files it sees half the code. The same code for it to read:
        wall, rss, _ = run_jscpd(_as_python(folder))
        print(_row("jscpd, nb as .py", None, wall, rss))
        times["jscpd, nb as .py"] = wall
    if n <= pylint_max:
        done = run_pylint(folder, timeout=1800)
        if done:
            wall, rss, text = done
            print(_row("pylint duplicate-code", truth.score(score.pylint_reports(truth, text)), wall, rss))
            times["pylint"] = wall
    for peer in ("jscpd", "jscpd, nb as .py", "pylint"):
        if peer in times:
            print(f"   cold / {peer}: {cold / times[peer]:.2f}x   warm / {peer}: {warm / times[peer]:.2f}x")
    return times


def _as_python(folder: Path) -> Path:
    """A copy of ``folder`` with each notebook's code cells written as one ``.py`` file (for jscpd's timing),
    made again on every run (a corpus generated again must not be timed through an old copy)."""
    out = folder.parent / f"{folder.name}.as-py"
    shutil.rmtree(out, ignore_errors=True)
    for path in sorted(folder.rglob("*")):
        target = out / path.relative_to(folder)
        if path.suffix == ".py":
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        elif path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            code = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.with_suffix(".py").write_text(code + "\n", encoding="utf-8")
    return out


def _unlabelled(truth: score.Truth, report: Path, folder: Path) -> Path:
    """Write the wrong reports between untouched functions, for a reader to judge."""
    out = folder.parent / f"{folder.name}.unlabelled.txt"
    lines = []
    for ids in score.nbrefactor_reports(truth, report):
        if frozenset(ids) not in truth.pairs and not ids & truth.touched:
            lines.append("  <->  ".join(f"{p['path']}:{p['cell'] if p['cell'] is not None else ''}:{p['line']}" for p in (truth.places[i] for i in sorted(ids))))
    out.write_text("\n".join(lines) + "\n")
    return out


def _version() -> str:
    proc = subprocess.run([str(JSCPD), "--version"], capture_output=True, text=True, check=False)
    return proc.stdout.strip().split()[-1] if proc.returncode == 0 else "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Clone-detection benchmark (see module docstring).")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pylint-max", type=int, default=10000, help="skip pylint above this many functions")
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} CPUs; precision over reported pairs/blocks (prec* leaves out reports between two"
          " untouched real functions, which the generator cannot label); recall over planted pairs")
    # growth over the functions a corpus really holds (the 60k corpus holds fewer: the real
    # functions installed run out once natural clones are left out)
    results = [(int(t["functions"]), t) for t in (bench(n, args.seed, args.pylint_max) for n in args.sizes)]
    for (n1, t1), (n2, t2) in itertools.pairwise(results):
        for tool in ("nbrefactor", "warm", "jscpd"):
            if tool in t1 and tool in t2:
                exponent = math.log(t2[tool] / t1[tool]) / math.log(n2 / n1)
                print(f"growth {n1}->{n2} {tool}: time x{t2[tool] / t1[tool]:.1f} for x{n2 / n1:.1f} functions, exponent {exponent:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
