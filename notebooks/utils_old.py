"""Odds and ends shared by the notebooks and batch_inference.py.

Old – half of this is probably unused by now. TODO: turn into a proper package.
"""
import json
import os
import random

import numpy as np
import torch
from torch import nn


class PumpMLP(nn.Module):
    """3-layer MLP, one logit out (fault / no fault)."""

    HIDDEN = 32
    DROPOUT = 0.2

    def __init__(self, n_in):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(n_in, self.HIDDEN),
            nn.ReLU(),
            nn.Dropout(self.DROPOUT),
            nn.Linear(self.HIDDEN, self.HIDDEN),
            nn.ReLU(),
            nn.Dropout(self.DROPOUT),
            nn.Linear(self.HIDDEN, 1),
        )

    def forward(self, x):
        return self.net(x)


def ensure_dir(path):
    os.makedirs(path, exist_ok=True)
    return path


def load_json(path):
    with open(path) as f:
        return json.load(f)


def make_scaler(mean, std):
    # closure, used to be handy before stats.json existed
    def _apply(x):
        return (x - mean) / std

    return _apply


def set_seed(seed=42):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
