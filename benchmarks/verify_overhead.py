"""What verify costs beyond running the notebooks.

    python benchmarks/verify_overhead.py [REPEATS] [NOTEBOOK]

Times `verify(original, refactored)` (two seeded runs, each in a child process
under a wall-clock guard, plus normalisation and comparison) against its peer:
the same two notebooks executed with plain `papermill.execute_notebook` in
this process (papermill imported once). Default pair: the pipeline fixture and
its extracted refactoring; with NOTEBOOK, that notebook against itself.
Prints both medians and the ratio.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

FIXTURES = Path(__file__).parents[1] / "tests" / "fixtures" / "verify"
PAIR = (
    (Path(sys.argv[2]),) * 2 if len(sys.argv) > 2 else (FIXTURES / "pipeline.ipynb", FIXTURES / "pipeline_extracted.ipynb")
)


def papermill_pair() -> None:
    import papermill

    with tempfile.TemporaryDirectory() as tmp:
        for i, path in enumerate(PAIR):
            papermill.execute_notebook(
                str(path), f"{tmp}/{i}.ipynb", cwd=str(path.parent), progress_bar=False, kernel_name="python3"
            )


def verify_pair() -> None:
    from nbrefactor.verify import Status, verify

    result = verify(*PAIR, timeout=120)
    assert result.status is Status.UNCHANGED, result


def median_seconds(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    peer = median_seconds(papermill_pair, repeats)
    ours = median_seconds(verify_pair, repeats)
    print(f"papermill, 2 runs (peer): {peer:.2f} s median of {repeats}")
    print(f"nbrefactor verify:        {ours:.2f} s median of {repeats}")
    print(f"ratio verify / papermill: {ours / peer:.2f}")


if __name__ == "__main__":
    main()
