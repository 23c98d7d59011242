"""Snapshot.take / restore: every file back byte for byte, new files and folders gone."""

from __future__ import annotations

import os
import stat

from nbrefactor.sources import Snapshot


def test_restore_brings_back_bytes_modes_and_absence(tmp_path) -> None:
    notebook = tmp_path / "nb.ipynb"
    notebook.write_bytes(b'{"cells": []}\r\n\xef\xbb\xbf odd bytes kept\n')
    script = tmp_path / "run.sh"
    script.write_bytes(b"#!/bin/sh\n")
    script.chmod(0o755)
    module = tmp_path / "pkg" / "sub" / "helpers.py"
    before = {p: p.read_bytes() for p in (notebook, script)}

    snap = Snapshot.take([notebook, script, module, notebook])
    assert len(snap.files) == 3 and snap.changed() == []

    notebook.write_bytes(b"rewritten")
    script.chmod(0o644)
    module.parent.mkdir(parents=True)
    module.write_text("def f(): ...\n")
    assert sorted(snap.changed()) == sorted(str(p.resolve()) for p in (notebook, script, module))

    restored = snap.restore()
    assert len(restored) == 3
    assert {p: p.read_bytes() for p in (notebook, script)} == before
    assert stat.S_IMODE(script.stat().st_mode) == 0o755
    assert not module.exists() and not (tmp_path / "pkg").exists()
    assert snap.changed() == [] and snap.restore() == []


def test_restore_keeps_folders_that_hold_other_files(tmp_path) -> None:
    module = tmp_path / "pkg" / "helpers.py"
    snap = Snapshot.take([module])
    module.parent.mkdir()
    module.write_text("x = 1\n")
    (tmp_path / "pkg" / "other.py").write_text("y = 2\n")
    snap.restore()
    assert not module.exists() and (tmp_path / "pkg" / "other.py").exists()
    assert [name for name in os.listdir(tmp_path)] == ["pkg"]
