"""``nbrefactor verify`` end to end: reports, exit codes, usage errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from nbrefactor.cli import main
from nbrefactor.report.verify import render_verify_json, render_verify_text, verify_schema
from nbrefactor.verify.model import Difference, RunFailure, Status, VerifyResult

FIXTURES = Path(__file__).parent / "fixtures" / "verify"


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("pipeline.ipynb", "pipeline_extracted.ipynb", "broken_constant.ipynb", "hang.ipynb", "pipeline_helpers.py"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_changed_refactoring_exits_1_with_a_located_json_report(folder: Path, capsys) -> None:
    assert main(["verify", "pipeline.ipynb", "broken_constant.ipynb", "--format", "json", "-o", "report.json"]) == 1
    report = json.loads((folder / "report.json").read_text())
    jsonschema.validate(report, verify_schema())
    assert report["schema_version"] == "1.0" and report["kind"] == "verify"
    assert report["summary"] == {"pairs": 1, "unchanged": 0, "changed": 1, "failed": 0}
    (result,) = report["results"]
    assert (result["original"], result["refactored"], result["status"]) == ("pipeline.ipynb", "broken_constant.ipynb", "changed")
    first = result["differences"][0]
    assert first["locations"][0] == {
        "path": "broken_constant.ipynb", "cell": 6, "start_line": 1, "start_column": 1, "end_line": 1, "end_column": 1,
    }
    assert first["locations"][1]["path"] == "pipeline.ipynb"
    assert first["details"]["max_abs_error"] > 0 and first["kind"] == "numbers"


def test_unchanged_refactoring_exits_0(folder: Path, capsys) -> None:
    assert main(["verify", "pipeline.ipynb", "pipeline_extracted.ipynb", "--timeout", "60"]) == 0
    out = capsys.readouterr().out
    assert "pipeline.ipynb -> pipeline_extracted.ipynb: unchanged (8 cells compared" in out
    assert out.endswith("verified 1 notebook pair: 1 unchanged, 0 changed, 0 failed\n")


def test_a_hang_exits_2_with_the_cell(folder: Path, capsys) -> None:
    assert main(["verify", "hang.ipynb", "--timeout", "2"]) == 2
    out = capsys.readouterr().out
    assert "hang.ipynb:cell 1: original run failed (timeout)" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["verify", "missing.ipynb"], "no such notebook: missing.ipynb"),
        (["verify", "pipeline.ipynb", "--against", "stored", "--runs", "2"], "needs --against fresh"),
        (["verify", "pipeline.ipynb", "--runs", "0"], "at least 1"),
        (["verify", "pipeline.ipynb", "--sanitize-with", "nope.cfg"], "cannot read sanitize file"),
    ],
)
def test_usage_errors_exit_2_without_running(folder: Path, capsys, argv: list[str], message: str) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_text_report_shows_evidence_and_nondeterminism() -> None:
    result = VerifyResult(
        original="a.ipynb",
        refactored="b.ipynb",
        status=Status.CHANGED,
        against="fresh",
        runs=2,
        differences=(
            Difference(3, 2, "stdout", "stdout differs", output=0, details={"diff": ["--- expected", "+++ actual", "@@ -1 +1 @@", "-x 1", "+x 2"]}),
        ),
        nondeterministic=(Difference(1, 1, "numbers", "stdout: 1 of 1 numbers beyond tolerance", output=0, nondeterministic=True),),
        failures=(),
        cells_compared=4,
    )
    text = render_verify_text([result])
    assert "a.ipynb -> b.ipynb: changed (1 difference, 4 cells compared against 2 fresh runs" in text
    assert "  b.ipynb:cell 2:1:1: output 0: stdout differs [original cell 3]\n      @@ -1 +1 @@\n      -x 1\n      +x 2\n" in text
    assert "nondeterministic (differed between the original's own runs, not counted):\n    b.ipynb:cell 1:1:1:" in text
    failed = VerifyResult("a.ipynb", "b.ipynb", Status.FAILED, "fresh", 1, failures=(("refactored", RunFailure("kernel-died", "the kernel died", 4)),))
    assert "  b.ipynb:cell 4: refactored run failed (kernel-died): the kernel died\n" in render_verify_text([failed])
    assert failed.exit_code == 2
    report = json.loads(render_verify_json([result, failed]))
    jsonschema.validate(report, verify_schema())
    assert report["summary"] == {"pairs": 2, "unchanged": 0, "changed": 1, "failed": 1}
    assert report["results"][1]["failures"] == [{
        "run": "refactored", "path": "b.ipynb", "reason": "kernel-died", "message": "the kernel died",
        "location": {"path": "b.ipynb", "cell": 4, "start_line": 1, "start_column": 1, "end_line": 1, "end_column": 1},
    }]
    assert report["results"][0]["nondeterministic"][0]["nondeterministic"] is True


def test_tolerances_come_from_pyproject_unless_given(folder: Path, capsys) -> None:
    (folder / "pyproject.toml").write_text(
        "[tool.nbrefactor]\nverify-rtol = 0.5\nverify-timeout = 60\n"
        '[tool.nbrefactor.per-path."other/**"]\nverify-rtol = 0.0\n'
    )
    # SCALE 2.5 -> 2.6 moves numbers by at most 21 %: inside a 50 % relative tolerance
    assert main(["verify", "pipeline.ipynb", "broken_constant.ipynb"]) == 0
    assert ": unchanged (" in capsys.readouterr().out


def test_config_and_flags_resolution(folder: Path) -> None:
    from nbrefactor.cli import _verify_config, build_parser

    (folder / "pyproject.toml").write_text('[tool.nbrefactor]\nverify-atol = 0.25\n[tool.nbrefactor.per-path."sub/*"]\nverify-atol = 0.5\n')
    (folder / "sub").mkdir()
    (folder / "sub" / "x.ipynb").write_text((folder / "pipeline.ipynb").read_text())
    args = _verify_config(build_parser().parse_args(["verify", "pipeline.ipynb", "--rtol", "0.01"]))
    assert (args.rtol, args.atol, args.timeout, args.pixel_delta) == (0.01, 0.25, 600, 2)
    args = _verify_config(build_parser().parse_args(["verify", "sub/x.ipynb"]))
    assert args.atol == 0.5


def test_assert_verified_fails_a_test_with_the_report(folder: Path) -> None:
    from nbrefactor.testing import assert_verified

    with pytest.raises(AssertionError) as info:
        assert_verified(folder / "pipeline.ipynb", folder / "broken_constant.ipynb", timeout=60)
    message = str(info.value)
    assert "broken_constant.ipynb: changed (3 differences" in message
    assert "broken_constant.ipynb:cell 6:1:1: output 0: stdout: 1 of 2 numbers beyond tolerance" in message


def test_missing_papermill_is_a_clear_user_error(folder: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "papermill" else real(name, *a))
    assert main(["verify", "pipeline.ipynb"]) == 2
    assert "pip install 'nbrefactor[verify]'" in capsys.readouterr().err
