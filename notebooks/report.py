# %% [markdown]
# # Weekly model report
#
# Run after `04_evaluate.ipynb`. Prints a plain-text summary that goes into the Monday e-mail.
# Open it as a notebook with jupytext, or just `python report.py`.

# %%
import json
import os

import pandas as pd

# %%
MODELS_DIR = "models"
with open(os.path.join(MODELS_DIR, "metrics.json")) as f:
    metrics = json.load(f)
history = pd.DataFrame(json.load(open(os.path.join(MODELS_DIR, "history.json"))))


# %%
def fmt_row(name):
    return f"{name:<10} {metrics[name]:.3f}"


# %%
print("== test metrics ==")
for k in ["accuracy", "precision", "recall", "f1"]:
    print(fmt_row(k))
print(f"confusion: tp={metrics['tp']} fp={metrics['fp']} fn={metrics['fn']} tn={metrics['tn']}")

# %% [markdown]
# Loss curve – the last two epochs are the LR/10 fine-tune from 03.

# %%
print("== training loss by epoch ==")
print(history.to_string(index=False))
