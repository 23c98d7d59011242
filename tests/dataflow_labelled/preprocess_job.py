"""Nightly preprocessing job: reads the raw export, writes tensors for training."""
import os
import random

import numpy as np
import torch

OUTPUT = "/srv/pipeline/output"  # expect: NBR303
LOG_FILE = os.path.join(OUTPUT, "job.log")
THRESHOLD = 0.3
config = {"batch": 32}
seen = []


def load_rows(path):
    with open(path) as fh:
        rows = [line.strip().split(",") for line in fh]
    random.shuffle(rows)  # expect: NBR302
    seen.append(path)
    return rows


def to_tensor(rows):
    arr = np.array(rows, dtype="float32")
    device = torch.device("cuda:0")  # expect: NBR304
    return torch.from_numpy(arr).to(device)


def summarize(rows):
    kept = [r for r in rows if float(r[0]) > THRESHOLD]
    return len(kept) / max(len(rows), 1), config["batch"]


def main():
    rows = load_rows(os.environ.get("INPUT", "input.csv"))
    print(summarize(rows), LOG_FILE, to_tensor(rows).shape)
    print(rowcount)  # expect: NBR206


if __name__ == "__main__":
    main()
