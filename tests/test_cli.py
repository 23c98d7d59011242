"""The command line over the API: formats, options and exit codes."""

from __future__ import annotations

import json

from nbrefactor.rules import ALL_RULES
from nbrefactor.rules.base import notebook_json

GOOD = notebook_json(("import os", 1), ("x = os.sep", 5), ("print(len(os.sep))", 3))
CLEAN = notebook_json(("import os", 1), ("print(os.sep)", 2))


def test_broken_notebook_beside_good_ones_exits_2_and_reports_the_rest(project, run_cli) -> None:
    root = project({"good.ipynb": GOOD, "clean.ipynb": CLEAN, "sub/broken.ipynb": '{"cells": [\n  {"cell_type": "code",\n'})
    code, out, err = run_cli("audit", str(root), "--root", str(root), "--no-cache")
    assert code == 2
    assert "good.ipynb:cell 1:1:1: NBR301" in out
    assert "sub/broken.ipynb:3:1: NBR902 invalid JSON" in out
    assert "error: cannot read sub/broken.ipynb:3:1: invalid JSON" in err


def test_exit_codes(project, run_cli) -> None:
    root = project({"clean.ipynb": CLEAN, "good.ipynb": GOOD})
    assert run_cli("audit", str(root / "clean.ipynb"), "--no-cache")[0] == 0
    assert run_cli("audit", str(root), "--no-cache")[0] == 1
    assert run_cli("audit", str(root), "--no-cache", "--exit-zero")[0] == 0
    assert run_cli("audit", str(root), "--no-cache", "--ignore", "NBR3")[0] == 0
    code, _, err = run_cli("audit", str(root / "missing"), "--no-cache")
    assert code == 2 and "no such file or folder" in err
    assert run_cli("audit", str(root), "--format", "xml")[0] == 2


def test_select_limits_the_rules(project, run_cli) -> None:
    root = project({"good.ipynb": GOOD, "bad.py": "# %%\nprint 'x'\n"})
    _, out, _ = run_cli("audit", str(root), "--root", str(root), "--no-cache", "--format", "json", "--select", "NBR905")
    assert {f["code"] for f in json.loads(out)["findings"]} == {"NBR905"}


def test_output_file_is_written_and_summary_goes_to_stderr(project, run_cli, tmp_path) -> None:
    root = project({"good.ipynb": GOOD})
    target = tmp_path / "out" / "report.sarif"
    code, out, err = run_cli("audit", str(root / "good.ipynb"), "--format", "sarif", "-o", str(target), "--no-cache")
    assert code == 1 and out == ""
    assert json.loads(target.read_text())["version"] == "2.1.0"
    assert "1 finding in 1 file" in err


def test_bad_configuration_is_a_usage_error(project, run_cli) -> None:
    root = project({"pyproject.toml": "[tool.nbrefactor]\nclone-min-linez = 3\n", "a.py": "x = 1\n"})
    code, _, err = run_cli("audit", str(root), "--no-cache")
    assert code == 2 and "unknown setting 'clone-min-linez'" in err


def test_rules_command_lists_the_catalogue(run_cli) -> None:
    code, out, _ = run_cli("rules")
    lines = out.splitlines()
    assert code == 0 and any(line.startswith("NBR301  out-of-order-execution") for line in lines)
    assert [line.split()[0] for line in lines] == sorted(rule.code for rule in ALL_RULES)


def test_internal_errors_point_to_a_log(monkeypatch, project, run_cli) -> None:
    import nbrefactor.engine.audit as engine

    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(engine, "discover", boom)
    code, _, err = run_cli("audit", str(project({"a.py": "x = 1\n"})), "--no-cache")
    assert code == 2 and "internal error: RuntimeError: kaboom" in err
    log = err.split("details are in ")[1].strip()
    assert "kaboom" in open(log).read()


def test_progress_bar_only_on_a_terminal() -> None:
    import io

    from nbrefactor.cli import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe = Terminal(), io.StringIO()
    for stream in (tty, pipe):
        bar = ProgressBar(stream, enabled=True)
        bar(1, 2, "a.ipynb")
        bar(2, 2, "b.ipynb")
        bar.close()
    assert pipe.getvalue() == ""
    assert "[############............] 1/2 a.ipynb" in tty.getvalue()
    assert "2/2 b.ipynb" in tty.getvalue() and tty.getvalue().endswith("\r")
