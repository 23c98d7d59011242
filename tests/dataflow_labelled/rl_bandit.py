# %%
import random

import numpy as np

# %%
random.seed(1)
rng = np.random.default_rng(1)
N_ARMS = 5
true_means = rng.normal(0, 1, N_ARMS)
counts = np.zeros(N_ARMS)
values = np.zeros(N_ARMS)
EPSILON = 0.1


# %%
def pull(arm):  # expect: NBR201
    return rng.normal(true_means[arm], 1)


# %%
def choose():  # expect: NBR201
    if random.random() < EPSILON:
        return random.randrange(N_ARMS)
    return int(np.argmax(values))


# %%
def update(arm, reward):  # expect: NBR202
    counts[arm] += 1
    values[arm] += (reward - values[arm]) / counts[arm]


# %%
def make_counter():
    total = 0

    def step():
        nonlocal total
        total += 1
        return total

    return step


ticks = make_counter()
for t in range(1000):
    arm = choose()
    update(arm, pull(arm))
    ticks()

# %%
print(values.round(2), true_means.round(2))
regret = np.max(true_means) * 1000 - np.sum(values * counts)
print(f"regret {regret:.1f}, {ticks()} ticks, best arm {best_arm}")  # expect: NBR206

# %%
noise = np.random.normal(0, 0.1, N_ARMS)  # expect: NBR302
print(values + noise)

# %%
device = "mps"  # expect: NBR304

# %%
print(summary_table)  # expect: NBR203

# %%
summary_table = {"values": values.tolist(), "counts": counts.tolist()}

# %%
true_means = rng.normal(0, 2, N_ARMS)  # expect: NBR205
print(regret, summary_table["values"])
