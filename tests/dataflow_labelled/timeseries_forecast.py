# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

# %%
WINDOW = 24
HORIZON = 6
rng = np.random.default_rng()  # expect: NBR302
series = pd.Series(np.sin(np.arange(1000) / 20) + rng.normal(0, 0.1, 1000))


# %%
def make_windows(values, window=WINDOW):
    starts = range(len(values) - window - HORIZON)
    X = np.stack([values[i:i + window] for i in starts])
    y = np.stack([values[i + window:i + window + HORIZON] for i in starts])
    return X, y


# %%
X, y = make_windows(series.values)
split = int(len(X) * 0.8)
X_train, X_val = X[:split], X[split:]
y_train, y_val = y[:split], y[split:]


# %%
def naive_forecast(history):
    return np.repeat(history[:, -1:], HORIZON, axis=1)


def mae(a, b):
    return float(np.abs(a - b).mean())


# %%
baseline = mae(naive_forecast(X_val), y_val)
coef = np.linalg.lstsq(X_train, y_train, rcond=None)[0]


# %%
def predict(windows):  # expect: NBR201
    return windows @ coef


# %%
cache = {}


def cached_forecast(key, windows):  # expect: NBR202
    if key not in cache:
        cache[key] = predict(windows)
    return cache[key]


# %%
errors = []
for h in range(HORIZON):
    errors.append(mae(predict(X_val)[:, h], y_val[:, h]))
plt.plot(errors)
plt.savefig("/data/shared/forecast/errors.png")  # expect: NBR303

# %%
forecast = predict(last_window)  # expect: NBR203

# %%
last_window = series.values[-WINDOW:][None, :]

# %%
jitter = np.random.uniform(-0.01, 0.01, size=len(X_val))  # expect: NBR302
print(mae(predict(X_val + jitter[:, None]), y_val))

# %%
print(f"lstsq beats naive: {mae(predict(X_val), y_val) < baselin}")  # expect: NBR206

# %%
series = pd.Series(np.cos(np.arange(1000) / 20))  # expect: NBR205
print(mae(predict(X_val), y_val))
