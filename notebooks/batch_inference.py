"""Nightly batch scoring for the pump fault model.

Usage (from the notebooks/ folder, after 01-04 have been run):

    python batch_inference.py

The real job reads last night's SCADA export; here we fake a small batch with the
same (already clean) column names. Writes data/predictions.csv.
"""
import json
import os

import numpy as np
import pandas as pd
import torch

from utils_old import PumpMLP

MODEL_PATH = "models/model.pt"
EPS = 1e-6
THRESHOLD = 0.5
NEW_BATCH_SEED = 7
# must match 02_features.ipynb !!
FEATURE_COLS = ["temp", "vibration", "pressure", "rpm", "current",
                "temp_per_rpm", "power", "vib_roll_mean", "vib_delta", "hour"]


def fake_new_batch(n_pumps=5, hours=24, seed=NEW_BATCH_SEED):
    rng = np.random.default_rng(seed)
    n = n_pumps * hours
    return pd.DataFrame({
        "pump_id": np.repeat([f"N{i:03d}" for i in range(n_pumps)], hours),
        "timestamp": np.tile(pd.date_range("2024-03-01", periods=hours, freq="h"), n_pumps),
        "temp": rng.normal(68, 6, n).round(2),
        "vibration": np.abs(rng.normal(3.5, 1.2, n)).round(3),
        "pressure": np.where(rng.uniform(size=n) < 0.03, np.nan, rng.normal(4.3, 0.6, n).round(3)),
        "rpm": rng.normal(1450, 40, n).round(0),
        "current": rng.normal(10.2, 0.6, n).round(2),
    })


def make_features(frame):
    feats = frame.sort_values(["pump_id", "timestamp"]).copy()
    feats["temp_per_rpm"] = feats["temp"] / (feats["rpm"] + EPS)
    feats["power"] = feats["current"] * feats["pressure"]
    grp = feats.groupby("pump_id")["vibration"]
    feats["vib_roll_mean"] = grp.transform(lambda s: s.rolling(3, min_periods=1).mean())
    feats["vib_delta"] = grp.diff().fillna(0.0)
    feats["hour"] = pd.to_datetime(feats["timestamp"]).dt.hour
    return feats.reset_index(drop=True)


def preprocess(df, stats):
    out = df[FEATURE_COLS].copy()
    for col in FEATURE_COLS:
        out[col] = out[col].fillna(0.0)
        out[col] = (out[col] - stats[col]["mean"]) / (stats[col]["std"] + EPS)
        out[col] = out[col].clip(-5, 5)  # the new feed has spikes
    out = out.astype("float32")
    return out


def main():
    data_dir = os.environ.get("DATA_DIR", "data")
    out_path = os.path.join(data_dir, "predictions.csv")
    with open(os.path.join(data_dir, "stats.json")) as f:
        stats = json.load(f)
    model = PumpMLP(len(FEATURE_COLS))
    model.load_state_dict(torch.load(MODEL_PATH, map_location="cpu"))
    model.eval()

    batch = make_features(fake_new_batch())
    X = torch.from_numpy(preprocess(batch, stats).to_numpy())
    with torch.no_grad():
        probs = torch.sigmoid(model(X).squeeze(1)).numpy()

    out = batch[["pump_id", "timestamp"]].assign(p_fault=probs.round(4), alarm=(probs >= THRESHOLD).astype(int))
    out.to_csv(out_path, index=False)
    print(f"scored {len(out)} rows, {out['alarm'].sum()} alarms -> {out_path}")


if __name__ == "__main__":
    main()
