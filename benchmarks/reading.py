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

import os
import subprocess
import sys
import warnings
from collections import defaultdict
from pathlib import Path

from nbrefactor.sources import SourceError, discover, read_document

sys.path.insert(0, str(Path(__file__).resolve().parent))
from audit_throughput import CORPUS, best_cpu, options, time_parse  # noqa: E402


def _read(paths: list[tuple[Path, Path]]) -> list:  # type: ignore[type-arg]
    documents = []
    for path, root in paths:
        try:
            documents.append(read_document(path, root))
        except SourceError:
            continue
    return documents


def _cpu(run, repeat: int) -> float:  # type: ignore[no-untyped-def]
    return best_cpu(repeat, run)[0]


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
    parsing = _cpu(lambda: time_parse(codes), repeat)
    print(f"{len(paths)} files, {len(documents)} documents, {len(codes)} code cells, {megabytes:.2f} MB of cell code")
    for suffix, some in sorted(by_suffix.items()):
        print(f"  reading {suffix:9s} {len(some):5d} files: {_cpu(lambda some=some: _read(some), repeat):7.3f} s")
    print(f"reading (sources layer): {reading:7.3f} s  {megabytes / reading:6.2f} MB/s")
    print(f"ast.parse only         : {parsing:7.3f} s  {megabytes / parsing:6.2f} MB/s")
    print(f"ratio (reading / ast.parse throughput): {parsing / reading:.2f}")


def main(argv: list[str]) -> int:
    against = argv[argv.index("--against") + 1] if "--against" in argv else ""
    if against:
        i = argv.index("--against")
        argv = argv[:i] + argv[i + 2 :]
    folders, repeat, _ = options(argv, 3)
    folders = [f.resolve() for f in folders]
    if against:
        print(f"== sources from {against}", flush=True)
        command = [sys.executable, __file__, *map(str, folders), "--repeat", str(repeat)]
        subprocess.run(command, env={**os.environ, "PYTHONPATH": against}, check=True)
        print(f"== sources from {os.environ.get('PYTHONPATH', '(installed)')}", flush=True)
    measure(folders or [CORPUS], repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
