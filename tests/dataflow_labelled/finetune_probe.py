# %% [markdown]
# Linear probe, then full fine-tune, of a tiny text encoder.

# %%
import math

import torch
from torch import nn

# %%
torch.manual_seed(0)
device = "cuda"  # expect: NBR304
VOCAB = 100
HIDDEN = 32

# %%
encoder = nn.Sequential(nn.Embedding(VOCAB, HIDDEN), nn.Dropout(0.1), nn.Linear(HIDDEN, HIDDEN)).to(device)
head = nn.Linear(HIDDEN, 2).to(device)
params = list(encoder.parameters()) + list(head.parameters())
optimizer = torch.optim.AdamW(params, lr=3e-5)
tokens = torch.randint(0, VOCAB, (256, 12))
targets = torch.randint(0, 2, (256,))


# %%
def forward(batch):  # expect: NBR201
    return head(encoder(batch).mean(1))


# %%
for p in encoder.parameters():
    p.requires_grad = False
encoder.eval()  # expect: NBR207


# %%
def train_head(steps=10):  # expect: NBR201
    for i in range(steps):
        idx = torch.randint(0, len(tokens), (32,))
        loss = nn.functional.cross_entropy(forward(tokens[idx].to(device)), targets[idx].to(device))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return loss.item()


# %%
def evaluate_probe():  # expect: NBR201
    with torch.no_grad():
        return forward(val_tokens.to(device)).argmax(1)


print(evaluate_probe())  # expect: NBR203

# %%
val_tokens = torch.randint(0, VOCAB, (64, 12))
print(train_head(20))

# %%
metrics = {}


def log_metric(name, value):  # expect: NBR202
    metrics[name] = value


log_metric("probe_loss", train_head(5))

# %%
print(math.exp(metrics["probe_loss"]), perplexty)  # expect: NBR206

# %%
n_batches = math.ceil(len(tokens) / 32)

# %%
tokens = torch.randint(0, VOCAB, (512, 16))  # expect: NBR205
for p in encoder.parameters():
    p.requires_grad = True
for _ in range(n_batches):
    train_head(1)
