"""Mutation check: every simple mutant of an extracted function fails a recorded test.

On the example project after ``extract`` and ``record`` (the session fixture
``recorded_example``), each function with recorded tests gets a handful
of mutants (a numeric constant changed, a statement dropped, a comparison
flipped: see record_mutants.py). Each module's mutants run in one child
process that executes the mutated source into the module and calls the
recorded tests; a mutant that no test notices is a gap in the recording.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import record_mutants

pytestmark = pytest.mark.slow  # the example project's notebooks run once per session (recorded_example)

#: Mutants that no input the notebooks pass can tell from the original: (function, mutation) -> why.
EQUIVALENT: dict[tuple[str, str], str] = {
    ("scores", "1 -> 2"): "max(count, 1) guards against empty classes; every recorded count is far above 2",
}


def _run(root: Path, module: str, tests: str, functions: tuple[str, ...], workdir: Path) -> dict:
    source = (root / "src" / Path(*module.split("."))).with_suffix(".py").read_text(encoding="utf-8")
    job = record_mutants.job(module, str(root / tests), [str(root / "src")], source, functions, str(workdir))
    job_file = workdir / f"{module}.json"
    job_file.write_text(json.dumps(job), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, record_mutants.__file__, str(job_file)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def mutation_reports(recorded_example, tmp_path_factory):
    root, result = recorded_example
    workdir = tmp_path_factory.mktemp("mutants")
    modules = [m for m in result.modules if m.cases]
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(lambda m: _run(root, m.module, m.test_path, m.tested, workdir), modules))
    return dict(zip((m.module for m in modules), reports, strict=True))


def test_the_recorded_tests_pass_before_mutation(mutation_reports) -> None:
    assert mutation_reports
    for module, report in mutation_reports.items():
        assert report["baseline"] == [], f"{module}: recorded tests fail on the unchanged module"


def test_every_mutant_fails_a_recorded_test(mutation_reports) -> None:
    survivors = []
    total = 0
    for module, report in mutation_reports.items():
        for mutant in report["mutants"]:
            total += 1
            key = (mutant["function"], mutant["what"].split(" (line")[0])
            if not mutant["failed"] and key not in EQUIVALENT:
                survivors.append(f"{module}.{mutant['function']}: {mutant['kind']} {mutant['what']}")
    assert total >= 40
    assert not survivors, "mutants no recorded test noticed:\n" + "\n".join(survivors)


def test_every_function_with_tests_has_mutants(recorded_example, mutation_reports) -> None:
    _, result = recorded_example
    for module in result.modules:
        mutated = {m["function"] for m in mutation_reports.get(module.module, {"mutants": []})["mutants"]}
        assert set(module.tested) <= mutated | {"make_loader", "count_params"}, module.module  # no site to mutate
