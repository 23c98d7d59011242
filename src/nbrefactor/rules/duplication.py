"""NBR1xx duplication: copy-pasted functions, classes and cells, grouped in families.

One finding per clone family: the primary location is the member suggested as
canonical, the other locations are the other members; ``data`` holds the
type, similarity, members, canonical member with the reason, renamings and
the drift diff (see docs/duplication.md).
"""

from __future__ import annotations

from typing import Any, Iterator

from nbrefactor.analysis import DocumentFacts
from nbrefactor.model import Finding, Severity
from nbrefactor.rules.base import Example, ProjectContext, ProjectRule, notebook_json
from nbrefactor.rules.clone_report import clone_families, family_code, family_drifts, family_finding

# The examples' code, shared by the rules' examples below and tests/test_clones.py.

SCALE = '''def scale(df, cols):
    out = df.copy()
    for col in cols:
        mean = out[col].mean()
        std = out[col].std()
        out[col] = (out[col] - mean) / (std + 1e-9)
    return out
'''
SCALE_LAYOUT = '''def scale(df, cols):
    # never modify the caller's frame
    out = df.copy()

    for col in cols:
        mean = out[col].mean()
        std = out[col].std()
        out[col] = (out[col] - mean) / (
            std + 1e-9
        )
    return out
'''
SCALE_RENAMED = SCALE.replace("df", "frame").replace("out", "res").replace("1e-9", "1e-6")
SCALE_DRIFTED = SCALE.replace("    return out", "        out[col] = out[col].clip(-5, 5)\n    return out").replace(
    "out = df.copy()", "out = df.fillna(0.0)"
)
SUMMARY = '''def summarise(df, cols):
    rows = []
    for col in cols:
        rows.append({"col": col, "missing": int(df[col].isna().sum())})
    table = pd.DataFrame(rows).set_index("col")
    return table.sort_values("missing", ascending=False)
'''
CELL = '''print(df.shape)
print(df["fault"].value_counts(normalize=True).round(3).to_dict())
missing = df.isna().mean().round(3)
print(missing[missing > 0].to_dict())
summary = df.groupby("fault")[["temp", "rpm"]].mean().round(2)
summary
'''
OTHER_CELL = '''model = build_model(len(FEATURES))
model.load_state_dict(torch.load("models/model.pt", map_location="cpu"))
model.eval()
with torch.no_grad():
    scores = torch.sigmoid(model(X)).squeeze(1)
print(scores.mean().item(), scores.max().item())
'''


class _CloneRule(ProjectRule):
    """Shared collection and family building of the NBR1xx rules."""

    severity = Severity.WARNING

    def collect(self, facts: DocumentFacts) -> Any:
        return facts.units

    def check_project(self, ctx: ProjectContext) -> Iterator[Finding]:
        drifts = family_drifts(ctx)
        for n, family in enumerate(clone_families(ctx)):
            if family_code(family) == self.code:
                yield family_finding(self, family, drifts[n])


class IdenticalClone(_CloneRule):
    """A function, method or class copied unchanged (type-1 clone).

    **What it does:** finds functions, methods and classes that are identical
    but for layout, comments and docstrings, in notebooks and scripts, and
    reports each family of copies once, at the copy suggested as canonical.

    **Why it matters:** every copy must be fixed separately, and one day only
    some of them are: the copies drift apart without anyone deciding it.

    **Example:** ``clean_columns`` pasted into two notebooks so that each runs
    standalone.

    **Instead:** keep one copy in a module and import it (``nbrefactor extract``
    moves it for you).
    """

    code = "NBR101"
    name = "identical-clone"
    valid = (
        Example(SCALE, "a.py", files={"b.py": SUMMARY}),
        Example(SCALE, "a.py", files={"b.py": SCALE_DRIFTED}),
    )
    invalid = (
        Example(SCALE, "a.py", files={"b.py": SCALE_LAYOUT}, expect=("a.py:1:1",)),
        Example(notebook_json("import pandas as pd", SCALE), "a.ipynb", files={"b.py": SCALE_LAYOUT}, expect=("b.py:1:1",)),
    )


class RenamedClone(_CloneRule):
    """A function, method or class copied with identifiers renamed or literals changed (type 2).

    **What it does:** finds copies that are the same code under a consistent
    renaming of identifiers and changed literals, and shows the renamings and
    the changed literals.

    **Why it matters:** renamed copies hide from text search and from
    line-based duplicate finders, and a changed literal (a window size, a
    threshold) is often a silent difference between training and inference.

    **Example:** ``make_features(df)`` in a notebook and ``make_features(frame)``
    in the inference script, with a rolling window of 5 in one and 3 in the other.

    **Instead:** keep one copy, with the differing literals as parameters.
    """

    code = "NBR102"
    name = "renamed-clone"
    valid = (Example(SCALE, "a.py", files={"b.py": SCALE_LAYOUT}),)
    invalid = (
        Example(SCALE, "a.py", files={"b.py": SCALE_RENAMED}, expect=("a.py:1:1",)),
        Example(notebook_json(SCALE_RENAMED), "a.ipynb", files={"b.ipynb": notebook_json("x = 1", SCALE)}, expect=("a.ipynb:cell 0:1:1",)),
    )


class DriftedClone(_CloneRule):
    """A function, method or class copied and then edited (type-3 clone).

    **What it does:** finds copies where statements were added, removed or
    changed, with a similarity of their normalised tokens of at least
    ``clone-similarity`` (default 0.8), and shows the renamings and a diff of
    the statements that differ.

    **Why it matters:** drifted copies are where training and inference quietly
    disagree: a fill value changed in one copy, a clipping step added in another.

    **Example:** ``preprocess`` in the training notebook fills gaps with the
    median; its copy in the batch script fills them with 0 and clips.

    **Instead:** decide which behaviour is right, keep one function, and make the
    intended differences explicit parameters.
    """

    code = "NBR103"
    name = "drifted-clone"
    valid = (
        Example(SCALE, "a.py", files={"b.py": SUMMARY}),
        Example(SCALE, "a.py", files={"b.py": SCALE_RENAMED}),
    )
    invalid = (Example(SCALE, "a.py", files={"b.py": SCALE_DRIFTED}, expect=("a.py:1:1",)),)


class DuplicatedCell(_CloneRule):
    """A run of top-level statements copied between cells or scripts.

    **What it does:** finds runs of top-level statements (a cell, or the code
    between definitions of a script; imports, plotting one-liners and IPython
    syntax left out) that are copies of each other, of any clone type (stated
    in the message and in ``data.type``).

    **Why it matters:** copy-pasted cells are the commonest duplication in
    notebooks; the copies are edited independently and results stop matching.

    **Example:** the same six-line data summary cell in the data-prep and the
    exploration notebook.

    **Instead:** turn the cell into a function in a module and call it from both.
    """

    code = "NBR104"
    name = "duplicated-cell"
    valid = (
        Example(notebook_json(CELL), "a.ipynb", files={"b.ipynb": notebook_json(OTHER_CELL)}),
        Example(notebook_json("import pandas as pd\nimport numpy as np\nimport torch\nimport os\nimport re"), "a.ipynb",
                files={"b.ipynb": notebook_json("import pandas as pd\nimport numpy as np\nimport torch\nimport os\nimport re")}),
    )
    invalid = (
        Example(notebook_json("x = 1", CELL), "a.ipynb", files={"b.ipynb": notebook_json(CELL)}, expect=("a.ipynb:cell 1:1:1",)),
        Example(CELL, "a.py", files={"b.ipynb": notebook_json(CELL.replace("df", "frame"))}, expect=("a.py:1:1",)),
    )
