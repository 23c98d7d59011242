# %%
import os
import random
import time

from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import KFold, cross_val_score

# %%
X, y = make_classification(n_samples=500, random_state=0)
N_TRIALS = 20
SPACE = {"n_estimators": [50, 100, 200], "max_depth": [3, 5, None]}
best_score = 0.0
best_params = None
log = []


# %%
def sample_params():
    return {k: random.choice(v) for k, v in SPACE.items()}  # expect: NBR302


# %%
cv = KFold(n_splits=5, shuffle=True)  # expect: NBR302


# %%
def evaluate(params):  # expect: NBR201
    clf = RandomForestClassifier(random_state=0, **params)
    return cross_val_score(clf, X, y, cv=cv).mean()


# %%
def update_best(params, score):  # expect: NBR202
    global best_score, best_params
    if score > best_score:
        best_score, best_params = score, params
    log.append((params, score))


# %%
start = time.time()
for trial in range(N_TRIALS):
    params = sample_params()
    update_best(params, evaluate(params))
print(f"{time.time() - start:.1f}s", best_score, best_params)


# %%
def report(top=3):  # expect: NBR201
    ranked = sorted(log, key=lambda item: item[1], reverse=True)
    for params, score in ranked[:top]:
        print(f"{score:.3f} {params}")


report()

# %%
print(f"search took {elapsed:.1f}s")  # expect: NBR203

# %%
elapsed = time.time() - start
user = os.environ.get("USER", "me")
with open(f"/home/{user}/results/search.txt", "w") as fh:  # expect: NBR303
    fh.write(str(best_params))
