"""What recording costs: each rewritten example notebook run plainly and with the recorder.

    python benchmarks/record_overhead.py

On a copy of notebooks/ after ``extract``, each notebook runs once through the
verify runner (the peer) and once through ``record_notebook`` (same runner,
plus the startup cell and the wrapped functions); it prints both times, their
ratio, the calls recorded and the fixture bytes, then the time the generated
suite takes under pytest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nbrefactor import extract
from nbrefactor.refactor.record import record
from nbrefactor.verify import RunSpec, execute
from nbrefactor.verify.record import record_notebook

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="nbr-record-bench-") as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(REPO / "notebooks", root / "notebooks")
        (root / "pyproject.toml").write_text('[project]\nname = "pumps"\n', encoding="utf-8")
        result = extract([root / "notebooks"], root=root, verify=False)
        changed = [r for r in result.changed if r.notebook.endswith(".ipynb") and Path(r.plan.module_path).is_file()]
        modules = [Path(r.plan.module_path).stem for r in changed]
        names = [f"pumps.{m}" for m in modules]
        env = {"PYTHONPATH": str(root / "src")}
        print(f"{'notebook':<28} {'plain s':>8} {'record s':>9} {'ratio':>6} {'calls':>6} {'bytes':>9}")
        plain_total = record_total = 0.0
        for i, r in enumerate(changed):
            notebook = root / r.notebook
            start = time.perf_counter()
            execute(RunSpec(str(notebook), cwd=str(notebook.parent), env=env))
            plain = time.perf_counter() - start
            start = time.perf_counter()
            rec = record_notebook(notebook, names, root=root, import_root=root / "src", out=Path(tmp) / f"rec{i}")
            recorded = time.perf_counter() - start
            plain_total, record_total = plain_total + plain, record_total + recorded
            size = sum(c.size for c in rec.calls)
            print(
                f"{r.notebook:<28} {plain:8.2f} {recorded:9.2f} {recorded / plain:6.2f} {len(rec.calls):6d} {size:9d}"
            )
        print(f"{'total':<28} {plain_total:8.2f} {record_total:9.2f} {record_total / plain_total:6.2f}")
        start = time.perf_counter()
        written = record([r.plan.module_path for r in changed], [root / r.notebook for r in changed], root=root)
        print(
            f"record (runs, writes, replays): {time.perf_counter() - start:.2f} s, {sum(m.cases for m in written.modules)} tests"
        )
        start = time.perf_counter()
        tests = [m.test_path for m in written.modules if m.cases]
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
            cwd=root, env={**os.environ, **env}, capture_output=True, text=True,
        )  # fmt: skip
        print(
            f"generated suite under pytest: {time.perf_counter() - start:.2f} s: {done.stdout.strip().splitlines()[-1]}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
