# %%
import torch
from torch import nn

# %%
torch.manual_seed(3)
VOCAB, EMB, HID = 500, 32, 64
x = torch.randint(0, VOCAB, (128, 20))
y = torch.randint(0, 2, (128,)).float()


# %%
class LSTMClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(VOCAB, EMB)
        self.lstm = nn.LSTM(EMB, HID, batch_first=True)
        self.drop = nn.Dropout(0.3)
        self.out = nn.Linear(HID, 1)

    def forward(self, tokens):
        _, (h, _) = self.lstm(self.emb(tokens))
        return self.out(self.drop(h[-1])).squeeze(1)


net = LSTMClassifier().cuda()  # expect: NBR304
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
loss_fn = nn.BCEWithLogitsLoss()

# %%
for step in range(30):
    opt.zero_grad()
    loss = loss_fn(net(x.cuda()), y.cuda())  # expect: NBR304
    loss.backward()
    opt.step()

# %%
net.eval()  # expect: NBR207
with torch.no_grad():
    acc = ((net(x.cuda()) > 0).float().cpu() == y).float().mean()  # expect: NBR304
print(acc)

# %%
for step in range(10):
    opt.zero_grad()
    loss = loss_fn(net(x.cuda()), y.cuda())  # expect: NBR304
    loss.backward()
    opt.step()

# %%
torch.set_grad_enabled(False)  # expect: NBR207
probs = torch.sigmoid(net(x.cuda()))  # expect: NBR304

# %%
net.train()
for step in range(5):
    loss = loss_fn(net(x.cuda()), y.cuda())  # expect: NBR304
    loss.backward()
