"""Pre-commit hook benchmark: a one-file commit in a repository of 1,000 notebooks and 1,000 scripts.

The repository is the clone benchmark's generated corpus (real functions, ten
per file, half in ``.ipynb`` notebooks and half in ``.py`` scripts; see
benchmarks/clones/generate.py), committed in a git repository under
benchmarks/.work. The commit pastes a function from a script, renamed, into
one notebook, so the hook has real work to do (and must block it).

Each run is a fresh process (as pre-commit starts it), timed with /usr/bin/time:

* **cold**: no unit index; every tracked file is read from git and analysed;
* **warm, one file changed**: the index is current for HEAD, the staged
  notebook is new to it (the everyday case: edit, ``git add``, commit);
* **warm, repeated**: the same commit again, nothing to re-analyse;

then jscpd on the same repository, twice (it has no cache; it reads ``.py``
files only, since it does not understand ``.ipynb``, and scanning only the
staged file would not see copies of other files), and the ratio.

    npm install --prefix benchmarks/.work/node jscpd@5 jscpd-linux-x64-gnu@5   # once
    python benchmarks/hook/run.py [--files 2000]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "clones"))
_spec = importlib.util.spec_from_file_location("clone_benchmark", HERE.parent / "clones" / "run.py")
assert _spec and _spec.loader
clone_benchmark = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(clone_benchmark)  # the clone benchmark's corpus, paths and timer
JSCPD, REPO, WORK, corpus, timed = (
    clone_benchmark.JSCPD, clone_benchmark.REPO, clone_benchmark.WORK, clone_benchmark.corpus, clone_benchmark.timed
)

ENV = {**os.environ, "PYTHONPATH": str(REPO / "src"), "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "b@example.com",
       "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "b@example.com"}
HOOK = [sys.executable, "-m", "nbrefactor", "hook", "-v"]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env=ENV, check=True, capture_output=True, text=True).stdout


def repository(files: int) -> Path:
    """The generated corpus with ``files`` files, committed in a git repository (built once)."""
    source = corpus(files * 10, 1)
    repo = WORK / f"hook-repo-{files}"
    if not (repo / ".git").exists():
        shutil.rmtree(repo, ignore_errors=True)
        shutil.copytree(source, repo, ignore=shutil.ignore_patterns("truth.json"))
        git(repo, "init", "-q")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "corpus")
    git(repo, "reset", "-q", "--hard", "HEAD")
    return repo


def paste(repo: Path) -> str:
    """Paste the first function of the first script, renamed, into the first notebook; stage it."""
    script = sorted(repo.glob("pkg000/mod*.py"))[0]
    function = script.read_text().split("\n\n\n")[0]
    notebook = sorted(repo.glob("pkg000/nb*.ipynb"))[0]
    nb = json.loads(notebook.read_text())
    renamed = function.replace("self", "this").replace("name", "label")
    nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "pasted", "metadata": {}, "outputs": [], "source": renamed})
    notebook.write_text(json.dumps(nb, indent=1) + "\n")
    rel = notebook.relative_to(repo).as_posix()
    git(repo, "add", rel)
    return rel


Run = tuple[float, float, float, str]  # wall s, peak MiB, CPU s (with child processes), stdout


def measure(cmd: list[str], cwd: Path = REPO, timeout: float = 3600) -> Run:
    os.chdir(cwd)
    try:
        wall, rss, out = timed(cmd, timeout, env=ENV)
    finally:
        os.chdir(REPO)
    return wall, rss, clone_benchmark.CPU[-1], out


def _row(label: str, run: Run, note: str = "") -> None:
    wall, rss, cpu, _ = run
    print(f"{label:<50}{wall:>8.2f}{cpu:>8.2f}{rss:>10.0f}  {note}")


def _median(runs: list[Run]) -> Run:
    return sorted(runs)[len(runs) // 2]


def _copies(run: Run) -> str:
    return f"{run[3].count('new copy of')} new copy"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2000, help="files in the repository, half notebooks (default 2000)")
    parser.add_argument("--repeat", type=int, default=3, help="warm runs of each kind; the median is shown (default 3)")
    args = parser.parse_args(argv)
    repo = repository(args.files)
    shutil.rmtree(repo / ".nbrefactor_cache", ignore_errors=True)
    print(f"repository: {repo} ({args.files // 2} notebooks, {args.files - args.files // 2} scripts, one-file commit)")
    print(f"{'run':<50}{'wall s':>8}{'CPU s':>8}{'peak MiB':>10}  result")
    _row("python -c pass (interpreter start)", measure([sys.executable, "-c", "pass"]))
    _row("python -c 'import nbrefactor.hook'", measure([sys.executable, "-c", "import nbrefactor.hook"]))
    staged = paste(repo)
    cold = measure(HOOK, repo)
    _row("nbrefactor hook, cold", cold, f"{_copies(cold)} in {staged}")
    fresh = []
    for _ in range(args.repeat):
        git(repo, "reset", "-q", "--hard", "HEAD")
        measure(HOOK, repo)  # the index now holds HEAD; the pasted notebook is new to it
        paste(repo)
        fresh.append(measure(HOOK, repo))
    warm = _median(fresh)
    _row(f"nbrefactor hook, warm, 1 file new (median of {args.repeat})", warm, _copies(warm))
    again = _median([measure(HOOK, repo) for _ in range(args.repeat)])
    _row(f"nbrefactor hook, warm, repeated (median of {args.repeat})", again, _copies(again))
    git(repo, "reset", "-q", "--hard", "HEAD")
    if not JSCPD.exists():
        print(f"jscpd not installed at {JSCPD}: npm install --prefix benchmarks/.work/node jscpd@5 jscpd-linux-x64-gnu@5")
        return 0
    cmd = [str(JSCPD), str(repo), "--format", "python", "--min-tokens", "40", "--min-lines", "5",
           "--ignore-identifiers", "--ignore-literals", "--silent", "--reporters", "console", "--ignore", "**/.nbrefactor_cache/**"]
    jscpd = _median([measure(cmd) for _ in range(args.repeat)])
    _row(f"jscpd, whole repository (median of {args.repeat})", jscpd, ".py files only (no .ipynb support)")
    print(f"jscpd / nbrefactor warm one-file commit: {jscpd[0] / warm[0]:.1f}x wall, {jscpd[2] / warm[2]:.1f}x CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
