"""Reading throughput of the sources layer, against bare ``ast.parse`` of what it reads.

Discovers every document under the given folders (default: the robustness corpus
``tests/corpus/real``), reads them all once (imports, caches), then times in this one
process, as CPU time, best of ``--repeat``:

* ``read_document`` of every discovered path, split by suffix;
* ``ast.parse`` of every code cell's Python (the peer: the least any analysis does
  with what was read);

and prints MB of cell code per second for both and their ratio. ``--against SRC``
runs the same measurement with another checkout's ``src`` folder first (for
example the sources before a change), in a subprocess on the same machine.

    PYTHONPATH=src python benchmarks/reading.py [folder ...] [--repeat N] [--against SRC]
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path

from nbrefactor.sources import SourceError, discover, read_document

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "real"


def _read(paths: list[tuple[Path, Path]]) -> list:  # type: ignore[type-arg]
    documents = []
    for path, root in paths:
        try:
            documents.append(read_document(path, root))
        except SourceError:
            continue
    return documents


def _cpu(run, repeat: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def _parse_all(codes: list[str]) -> None:
    for code in codes:
        try:
            ast.parse(code)
        except (SyntaxError, ValueError):
            pass


def measure(folders: list[Path], repeat: int) -> None:
    warnings.simplefilter("ignore")
    paths = [(path, folder) for folder in folders for path in discover([folder], folder, [])]
    documents = [d for d in _read(paths) if d is not None]
    codes = [c.code for d in documents if d.is_python for c in d.code_cells]
    megabytes = sum(len(c.encode("utf-8", "surrogatepass")) for c in codes) / 1e6
    by_suffix: dict[str, list[tuple[Path, Path]]] = defaultdict(list)
    for path, root in paths:
        by_suffix[path.suffix.lower()].append((path, root))
    reading = _cpu(lambda: _read(paths), repeat)
    parsing = _cpu(lambda: _parse_all(codes), repeat)
    print(f"{len(paths)} files, {len(documents)} documents, {len(codes)} code cells, {megabytes:.2f} MB of cell code")
    for suffix, some in sorted(by_suffix.items()):
        print(f"  reading {suffix:9s} {len(some):5d} files: {_cpu(lambda some=some: _read(some), repeat):7.3f} s")
    print(f"reading (sources layer): {reading:7.3f} s  {megabytes / reading:6.2f} MB/s")
    print(f"ast.parse only         : {parsing:7.3f} s  {megabytes / parsing:6.2f} MB/s")
    print(f"ratio (reading / ast.parse throughput): {parsing / reading:.2f}")


def main(argv: list[str]) -> int:
    options = {"--repeat": "3", "--against": ""}
    folders = []
    args = iter(argv)
    for arg in args:
        if arg in options:
            options[arg] = next(args)
        else:
            folders.append(Path(arg).resolve())
    if options["--against"]:
        print(f"== sources from {options['--against']}", flush=True)
        command = [sys.executable, __file__, *map(str, folders), "--repeat", options["--repeat"]]
        subprocess.run(command, env={**os.environ, "PYTHONPATH": options["--against"]}, check=True)
        print(f"== sources from {os.environ.get('PYTHONPATH', '(installed)')}", flush=True)
    measure(folders or [DEFAULT], int(options["--repeat"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
