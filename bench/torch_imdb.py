"""Keras-equivalent PyTorch reference for the IMDB examples, trained on exactly the sequences Nabla trains on.

Measures the reference framework's own accuracy and its spread over seeds, to set beside `./nabla train imdb-lstm`
and `imdb-cnn-lstm` (the issue's targets are single Keras runs from a course). First export the sequences:
  java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar nabla.bench.ImdbExport DATA_DIR /tmp/imdb-seq
then: python3 bench/torch_imdb.py lstm|cnn-lstm --seq-dir /tmp/imdb-seq --seeds 1 2 3

Models as Keras builds them: Embedding 5000x32 (uniform +-0.05) [-> Conv1D 32x3 'same' ReLU -> MaxPooling1D 2]
-> LSTM 100 (Glorot-uniform kernel, orthogonal recurrent kernel, zero bias with the forget block at 1, one bias)
-> Dense 1 sigmoid (Glorot-uniform); binary cross-entropy, Adam(1e-3, eps 1e-7), batch 64 reshuffled each epoch,
3 epochs. Prints per epoch and `seed S test accuracy: A`.
"""
import argparse, os, time
import numpy as np
import torch
import torch.nn as nn

p = argparse.ArgumentParser()
p.add_argument("model", choices=["lstm", "cnn-lstm"])
p.add_argument("--seq-dir", required=True)
p.add_argument("--seeds", type=int, nargs="+", default=[1])
p.add_argument("--epochs", type=int, default=3)
p.add_argument("--batch", type=int, default=64)
p.add_argument("--threads", type=int, default=2)
a = p.parse_args()
torch.set_num_threads(a.threads)


def load(name, cols):
    v = np.fromfile(os.path.join(a.seq_dir, name), dtype="<i4")
    return torch.from_numpy(v.reshape(-1, cols).astype(np.int64) if cols > 1 else v.astype(np.float32))


steps = os.path.getsize(os.path.join(a.seq_dir, "train_x.i32")) // 4 // (os.path.getsize(os.path.join(a.seq_dir, "train_y.i32")) // 4)
xtr, ytr, xte, yte = load("train_x.i32", steps), load("train_y.i32", 1), load("test_x.i32", steps), load("test_y.i32", 1)
words = int(max(xtr.max(), xte.max())) + 1


class Net(nn.Module):
    def __init__(self, conv):
        super().__init__()
        self.emb = nn.Embedding(max(words, 5000), 32)
        nn.init.uniform_(self.emb.weight, -0.05, 0.05)
        self.conv = nn.Conv1d(32, 32, 3, padding=1) if conv else None
        if conv:
            nn.init.xavier_uniform_(self.conv.weight); nn.init.zeros_(self.conv.bias)
        self.lstm = nn.LSTM(32, 100, batch_first=True)
        nn.init.xavier_uniform_(self.lstm.weight_ih_l0)      # (400, 32): fan_in 32, fan_out 400, as Keras' (32, 400)
        nn.init.orthogonal_(self.lstm.weight_hh_l0)          # (400, 100): the transpose of Keras' (100, 400)
        with torch.no_grad():
            self.lstm.bias_ih_l0.zero_(); self.lstm.bias_ih_l0[100:200] = 1.0
            self.lstm.bias_hh_l0.zero_()
        self.lstm.bias_hh_l0.requires_grad_(False)           # Keras has one bias
        self.out = nn.Linear(100, 1)
        nn.init.xavier_uniform_(self.out.weight); nn.init.zeros_(self.out.bias)

    def forward(self, x):
        e = self.emb(x)
        if self.conv is not None:
            e = torch.max_pool1d(torch.relu(self.conv(e.transpose(1, 2))), 2).transpose(1, 2)
        _, (h, _) = self.lstm(e)
        return self.out(h[-1]).squeeze(1)


for seed in a.seeds:
    torch.manual_seed(seed)
    model = Net(a.model == "cnn-lstm")
    opt = torch.optim.Adam([q for q in model.parameters() if q.requires_grad], lr=1e-3, eps=1e-7)
    loss_fn = nn.BCEWithLogitsLoss()
    n = xtr.shape[0]
    for epoch in range(a.epochs):
        model.train(); t0 = time.time(); total = 0.0; correct = 0
        for idx in torch.randperm(n).split(a.batch):
            logits = model(xtr[idx]); loss = loss_fn(logits, ytr[idx])
            opt.zero_grad(); loss.backward(); opt.step()
            total += loss.item() * len(idx); correct += ((logits > 0).float() == ytr[idx]).sum().item()
        print(f"seed {seed} epoch {epoch + 1}/{a.epochs} - {time.time() - t0:.1f}s - loss: {total / n:.4f} - accuracy: {correct / n:.4f}", flush=True)
    model.eval(); correct = 0
    with torch.no_grad():
        for i in range(0, xte.shape[0], 500):
            correct += ((model(xte[i:i + 500]) > 0).float() == yte[i:i + 500]).sum().item()
    print(f"seed {seed} test accuracy: {correct / xte.shape[0]:.4f}", flush=True)
