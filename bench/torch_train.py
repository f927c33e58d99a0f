"""Training throughput of the reference workloads (shared/BENCHMARKS.md) in PyTorch, for side-by-side runs.

W1 mlp:   Dense 784 -> 500 ReLU -> 500 ReLU -> 10, softmax CE, MNIST flattened /255 (with --mnist-dir; random
          data of the same shapes otherwise), batch 100, Adam 1e-3
W2 cnn:   Conv 32 3x3 ReLU -> Conv 64 3x3 ReLU -> MaxPool 2 -> Dropout .25 -> Flatten -> Dense 128 ReLU
          -> Dropout .5 -> Dense 10, softmax CE, MNIST 28x28x1, batch 128, Adam 1e-3
W3 lenet: LeNet-5 (input zero-padded to 32x32): Conv 6 5x5 tanh -> AvgPool 2 -> Conv 16 5x5 tanh -> AvgPool 2
          -> Conv 120 5x5 tanh -> Dense 84 tanh -> Dense 10, softmax CE, batch 128, SGD 0.05 momentum 0.9
W4 lstm:  Embedding 20000x128 -> LSTM 128 (last state) -> Dense 1 sigmoid, BCE, ids of length 80, batch 32, Adam 1e-3
W5 tiny:  LSTM 1 input, 8 units, 30 steps (last state) -> Dense 3, MSE, batch 64, Adam 1e-3

Samples/s of forward + loss + backward + optimizer step on in-memory batches, after a warm-up of at least 20 batches and 5 s,
median of the timed runs. Prints `W<n> <name> torch samples/s: X`.
Usage: python3 bench/torch_train.py w1|w2|w3|w4|w5 [--mnist-dir DIR] [--threads 2] [--batches N] [--runs 5]
"""
import argparse, os, statistics, time
import numpy as np
import torch
import torch.nn as nn

p = argparse.ArgumentParser()
p.add_argument("workload", choices=["w1", "w2", "w3", "w4", "w5"])
p.add_argument("--mnist-dir")
p.add_argument("--threads", type=int, default=2)
p.add_argument("--batches", type=int, default=0)
p.add_argument("--runs", type=int, default=5)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(1)

if a.workload == "w1":
    batch, n = 100, 60000
    if a.mnist_dir and os.path.exists(os.path.join(a.mnist_dir, "train-images-idx3-ubyte")):
        img = np.fromfile(os.path.join(a.mnist_dir, "train-images-idx3-ubyte"), dtype=np.uint8)[16:]
        lab = np.fromfile(os.path.join(a.mnist_dir, "train-labels-idx1-ubyte"), dtype=np.uint8)[8:]
        x = torch.from_numpy(img.reshape(n, 784).astype(np.float32) / 255.0)
        y = torch.from_numpy(lab.astype(np.int64))
        print("data: MNIST from", a.mnist_dir)
    else:
        x = torch.rand(n, 784); y = torch.randint(0, 10, (n,))
        print("data: random with MNIST's shapes")
    model = nn.Sequential(nn.Linear(784, 500), nn.ReLU(), nn.Linear(500, 500), nn.ReLU(), nn.Linear(500, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3); loss_fn = nn.CrossEntropyLoss(); name = "W1 mlp"
    batches = a.batches or 200
elif a.workload == "w2":
    batch, n = 128, 60000
    x = torch.rand(n, 1, 28, 28); y = torch.randint(0, 10, (n,))
    model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Dropout(0.25), nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5),
                          nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3); loss_fn = nn.CrossEntropyLoss(); name = "W2 cnn"
    batches = a.batches or 30
elif a.workload == "w3":
    batch, n = 128, 60000
    x = torch.rand(n, 1, 32, 32); y = torch.randint(0, 10, (n,))
    model = nn.Sequential(nn.Conv2d(1, 6, 5), nn.Tanh(), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5), nn.Tanh(),
                          nn.AvgPool2d(2), nn.Conv2d(16, 120, 5), nn.Tanh(), nn.Flatten(), nn.Linear(120, 84),
                          nn.Tanh(), nn.Linear(84, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9); loss_fn = nn.CrossEntropyLoss(); name = "W3 lenet"
    batches = a.batches or 100
elif a.workload == "w4":
    batch, n = 32, 25000
    x = torch.randint(1, 20000, (n, 80)); y = torch.randint(0, 2, (n, 1)).float()

    class W4(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(20000, 128); self.lstm = nn.LSTM(128, 128, batch_first=True); self.out = nn.Linear(128, 1)

        def forward(self, t):
            _, (h, _) = self.lstm(self.emb(t))
            return self.out(h[-1])
    model = W4(); opt = torch.optim.Adam(model.parameters(), lr=1e-3); loss_fn = nn.BCEWithLogitsLoss(); name = "W4 lstm"
    batches = a.batches or 50
else:
    batch, n = 64, 6400
    x = torch.rand(n, 30, 1); y = torch.rand(n, 3)

    class W5(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(1, 8, batch_first=True); self.out = nn.Linear(8, 3)

        def forward(self, t):
            _, (h, _) = self.lstm(t)
            return self.out(h[-1])
    model = W5(); opt = torch.optim.Adam(model.parameters(), lr=1e-3); loss_fn = nn.MSELoss(); name = "W5 tiny"
    batches = a.batches or 300

model.train()
per_epoch = n // batch
cursor = 0


def step():
    global cursor
    xb, yb = x[cursor * batch:(cursor + 1) * batch], y[cursor * batch:(cursor + 1) * batch]
    cursor = (cursor + 1) % per_epoch
    opt.zero_grad(set_to_none=True)
    loss = loss_fn(model(xb), yb)
    loss.backward()
    opt.step()
    return loss


# Warm-up: at least 20 batches and 5 s, as nabla.bench.TrainThroughput does.
warmup_end = time.perf_counter() + 5
i = 0
while i < 20 or time.perf_counter() < warmup_end:
    step()
    i += 1
rates = []
for _ in range(a.runs):
    t0 = time.perf_counter()
    for _ in range(batches):
        loss = step()
    rates.append(batches * batch / (time.perf_counter() - t0))
print("torch", torch.__version__, "threads", torch.get_num_threads(), "runs (samples/s):", [round(r) for r in rates])
print("%s torch samples/s: %.0f" % (name, statistics.median(rates)))
