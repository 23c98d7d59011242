# %% [markdown]
# # House prices: ridge baseline

# %%
import json
import random

import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error
from sklearn.model_selection import train_test_split

# %%
CSV = "data/houses.csv"
TARGET = "price"
ALPHAS = [0.1, 1.0, 10.0]
np.random.seed(0)

# %%
df = pd.read_csv(CSV)
df = df.dropna(subset=[TARGET])
features = [c for c in df.columns if c != TARGET]
random.shuffle(features)  # expect: NBR302


# %%
def add_ratios(frame):
    frame = frame.copy()
    frame["rooms_per_area"] = frame["rooms"] / frame["area"]
    return frame


# %%
df = add_ratios(df)
X = df[features + ["rooms_per_area"]]
y = df[TARGET]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)


# %%
def fit_ridge(alpha):  # expect: NBR201
    model = Ridge(alpha=alpha)
    model.fit(X_train, y_train)
    return mean_absolute_error(y_test, model.predict(X_test))


# %%
scores = {a: fit_ridge(a) for a in ALPHAS}
best_alpha = min(scores, key=scores.get)
print(best_alpah)  # expect: NBR206

# %%
sample = df.sample(n=5)
sample

# %%
print(f"baseline MAE: {baseline:.2f}")  # expect: NBR203

# %%
baseline = mean_absolute_error(y_test, np.full(len(y_test), y_train.mean()))

# %%
results = {}


def remember(name, value):  # expect: NBR202
    results[name] = value


remember("mae", scores[best_alpha])

# %%
df = pd.read_csv("data/houses_2024.csv")  # expect: NBR205
print(X_train.shape, df.shape)

# %%
with open("/Users/jsmith/Desktop/results.json", "w") as fh:  # expect: NBR303
    json.dump(results, fh)
