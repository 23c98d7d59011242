"""[tool.nbrefactor]: selection, per-path sections, suppressions and settings."""

from __future__ import annotations

import pytest

from nbrefactor import audit
from nbrefactor.config import Config, ConfigError, from_table
from nbrefactor.rules.base import notebook_json

OUT_OF_ORDER = notebook_json(("a = 1", 5), ("b = 2", 6), ("print(1, 2)", 2))


def codes(root, **kwargs):
    return sorted((f.location.path, f.code) for f in audit([root], root=root, cache=False, jobs=1, **kwargs).findings)


def test_longest_prefix_wins() -> None:
    config = Config(select=("NBR",), ignore=("NBR3",))
    assert config.enabled("NBR905") and not config.enabled("NBR301")
    assert Config(select=("NBR301",), ignore=("NBR3",)).enabled("NBR301")


def test_per_path_sections_add_ignores_and_override_settings(project) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.nbrefactor]\n[tool.nbrefactor.per-path."scratch/**"]\nignore = ["NBR301"]\n'
            '[tool.nbrefactor.per-path."big/**"]\nmax-cell-kb = 1\n',
            "scratch/a.ipynb": OUT_OF_ORDER,
            "main/a.ipynb": OUT_OF_ORDER,
            "big/data.py": "x = [" + "1, " * 1000 + "]\n",
            "small/data.py": "x = [" + "1, " * 1000 + "]\n",
        }
    )
    assert codes(root) == [("big/data.py", "NBR906"), ("main/a.ipynb", "NBR301")]


def test_exclude_patterns_skip_files(project) -> None:
    root = project({"pyproject.toml": '[tool.nbrefactor]\nexclude = ["drafts/"]\n', "drafts/a.ipynb": OUT_OF_ORDER, "a.ipynb": OUT_OF_ORDER})
    assert codes(root) == [("a.ipynb", "NBR301")]


def test_line_comment_and_cell_tag_suppressions(project) -> None:
    tagged = OUT_OF_ORDER.replace('"metadata": {},\n   "outputs": [],\n   "source": "print(1, 2)"',
                                  '"metadata": {"tags": ["nbrefactor:ignore[NBR301]"]},\n   "outputs": [],\n   "source": "print(1, 2)"')
    assert tagged != OUT_OF_ORDER
    root = project(
        {
            "tagged.ipynb": tagged,
            "commented.py": "# %%\nx = 1\n# %%\nprint 'x'  # nbrefactor: ignore[NBR905]\n",
            "other_code.py": "# %%\nprint 'x'  # nbrefactor: ignore[NBR301]\n",
            "bare.py": "# %%\nprint 'x'  # nbrefactor: ignore\n",
            "plain.ipynb": OUT_OF_ORDER,
        }
    )
    assert codes(root) == [("other_code.py", "NBR905"), ("plain.ipynb", "NBR301")]


@pytest.mark.parametrize(
    "table, message",
    [
        ({"select": "NBR1"}, None),
        ({"select": [1]}, "'select' must be a list of strings"),
        ({"max-cell-kb": "big"}, "'max-cell-kb' must be a number"),
        ({"per-path": {"x/**": 3}}, r"per-path .x/\*\*. must be a table"),
    ],
)
def test_table_validation(table, message) -> None:
    if message is None:
        assert from_table(table).select == ("NBR1",)
        return
    with pytest.raises(ConfigError, match=message):
        from_table(table)


def test_invalid_toml_is_reported(project, run_cli) -> None:
    root = project({"pyproject.toml": "[tool.nbrefactor\n", "a.py": "x = 1\n"})
    code, _, err = run_cli("audit", str(root / "a.py"), "--config", str(root / "pyproject.toml"), "--no-cache")
    assert code == 2 and "invalid TOML" in err
