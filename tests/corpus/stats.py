"""Describe the robustness corpus: formats, breakage, kernels, IPython syntax.

Run with the project's venv (needs nbformat)::

    .venv/bin/python tests/corpus/stats.py [tests/corpus/real] [--list]

It only reads the corpus. ``--list`` also prints the files behind each count.
"""

from __future__ import annotations

import json
import re
import sys
import warnings
from collections import Counter, defaultdict
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from fetch_corpus import classify_md, classify_py

HERE = Path(__file__).resolve().parent


def _src(cell: dict) -> str:
    src = cell.get("source", cell.get("input", ""))
    return "".join(src) if isinstance(src, list) else str(src)


def raw_code_cells(raw: dict) -> list[str]:
    """Code cell sources of a v4 or a v1-v3 (worksheets) notebook, read raw."""
    cells = raw.get("cells")
    if cells is None:
        cells = [c for ws in raw.get("worksheets") or [] for c in ws.get("cells") or []]
    return [_src(c) for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"]


def kernel_language(raw: dict) -> str:
    md = raw.get("metadata")
    md = md if isinstance(md, dict) else {}
    ks = md.get("kernelspec")
    ks = ks if isinstance(ks, dict) else {}
    li = md.get("language_info")
    li = li if isinstance(li, dict) else {}
    lang = ks.get("language") or li.get("name") or md.get("language")
    if not lang and ks.get("name"):
        lang = ks["name"]
    if not lang:
        return "(none)"
    lang = str(lang).lower()
    return "python" if lang.startswith(("python", "ipython")) else lang


CELL_MAGIC = re.compile(r"^\s*%%\w")
LINE_MAGIC = re.compile(r"^\s*(?:[\w.,\s\[\]()]+=\s*)?%(?!%)\w")
SHELL = re.compile(r"^\s*(?:[\w.,\s]+=\s*)?!(?!=)\S")
HELP = re.compile(r"^\s*(\?\??[\w.]+|[\w.\]\[()]+\?\??)\s*$")


def main(argv: list[str]) -> int:
    show = "--list" in argv
    args = [a for a in argv if not a.startswith("--")]
    root = Path(args[0]) if args else HERE / "real"
    ipynbs = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".ipynb")
    others = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".md")
                    and p.name != "SOURCES.md" and not p.name.upper().startswith("LICEN"))
    lists: dict[str, list[str]] = defaultdict(list)
    versions: Counter[str] = Counter()
    kernels: Counter[str] = Counter()

    def rel(p: Path) -> str:
        return str(p.relative_to(root))

    for p in ipynbs:
        data = p.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            lists["non-UTF-8 bytes"].append(rel(p))
        if data.startswith(b"\xef\xbb\xbf"):
            lists["UTF-8 BOM"].append(rel(p))
        if b"\r\n" in data:
            lists["CRLF line endings"].append(rel(p))
        try:
            raw = json.loads(data)
        except (ValueError, UnicodeDecodeError):
            lists["json.loads fails"].append(rel(p))
            versions["(not JSON)"] += 1
            lists["nbformat.read fails"].append(rel(p))
            continue
        if not isinstance(raw, dict):
            versions["(JSON, not an object)"] += 1
            lists["JSON but not an object"].append(rel(p))
            continue
        versions[f"{raw.get('nbformat')}.{raw.get('nbformat_minor')}"] += 1
        md = raw.get("metadata")
        if md is not None and not isinstance(md, dict) or isinstance(md, dict) and any(
                k in md and not isinstance(md[k], dict)
                for k in ("kernelspec", "language_info")):
            lists["malformed notebook metadata"].append(rel(p))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                nb = nbformat.read(p, as_version=4)
            except Exception as exc:  # noqa: BLE001 - any failure is a data point
                lists["nbformat.read fails"].append(f"{rel(p)}  [{type(exc).__name__}]")
                nb = None
            if nb is not None:
                try:
                    nbformat.validate(nb)
                except Exception as exc:  # noqa: BLE001
                    lists["nbformat.validate fails (after read as v4)"].append(
                        f"{rel(p)}  [{type(exc).__name__}]")
        lang = kernel_language(raw)
        kernels[lang] += 1
        if lang not in ("python", "(none)"):
            lists["non-Python kernel"].append(f"{rel(p)}  [{lang}]")
        if lang == "(none)":
            lists["no kernel/language metadata"].append(rel(p))
        sources = raw_code_cells(raw)
        lines = [ln for s in sources for ln in s.splitlines()]
        if any(CELL_MAGIC.match(s.lstrip("\n")) for s in sources):
            lists["cell magics (%%)"].append(rel(p))
        if any(LINE_MAGIC.match(ln) for ln in lines):
            lists["line magics (%)"].append(rel(p))
        if any(SHELL.match(ln) for ln in lines):
            lists["shell escapes (!)"].append(rel(p))
        if any(HELP.match(ln) for ln in lines):
            lists["help (?)"].append(rel(p))
        if raw.get("nbformat") == 4 and raw.get("nbformat_minor", 0) >= 5:
            ids = [c.get("id") for c in raw.get("cells", []) if isinstance(c, dict)]
            if len(set(ids)) != len(ids):
                lists["duplicate cell ids"].append(rel(p))
        if "attachments" in data.decode("utf-8", "replace"):
            lists["mentions attachments"].append(rel(p))

    text_formats: Counter[str] = Counter()
    for p in others:
        data = p.read_bytes()
        fmt = classify_py(data) if p.suffix == ".py" else classify_md(data)
        text_formats[f"{p.suffix[1:]}:{fmt or 'light (no header)'}"] += 1
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            lists["non-UTF-8 bytes"].append(rel(p))

    every = [p for p in root.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in every)
    largest = sorted(ipynbs + others, key=lambda p: p.stat().st_size, reverse=True)[:5]
    print(f"corpus: {root}")
    print(f"files: {len(every)} ({total / 1e6:.1f} MB); .ipynb: {len(ipynbs)}; "
          f"text notebooks: {len(others)}")
    print("nbformat versions (raw nbformat.nbformat_minor):")
    for v, n in sorted(versions.items()):
        print(f"  {v}: {n}")
    print("kernel languages:", dict(kernels.most_common()))
    print("text notebooks by format:", dict(sorted(text_formats.items())))
    print("largest:", ", ".join(f"{rel(p)} ({p.stat().st_size / 1e6:.2f} MB)" for p in largest))
    for key, items in lists.items():
        print(f"{key}: {len(items)}")
        if show or len(items) <= 8:
            for item in items:
                print(f"    {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
