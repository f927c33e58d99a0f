"""W1 (shared/BENCHMARKS.md) in PyTorch: 784-500-500-10 MLP, softmax CE, Adam 1e-3, batch 100.

Prints `W1 mlp torch samples/s: X` (median of timed runs after 20 warm-up batches), forward + loss +
backward + optimizer step on in-memory batches, exactly as nabla.bench.TrainThroughput does.
Usage: python3 bench/torch_w1.py [--mnist-dir DIR] [--threads 2] [--batches 200] [--runs 5]
"""
import argparse, os, statistics, time
import numpy as np
import torch

p = argparse.ArgumentParser()
p.add_argument("--mnist-dir")
p.add_argument("--threads", type=int, default=2)
p.add_argument("--batches", type=int, default=200)
p.add_argument("--runs", type=int, default=5)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(1)
n, batch = 60000, 100
if a.mnist_dir and os.path.exists(os.path.join(a.mnist_dir, "train-images-idx3-ubyte")):
    img = np.fromfile(os.path.join(a.mnist_dir, "train-images-idx3-ubyte"), dtype=np.uint8)[16:]
    lab = np.fromfile(os.path.join(a.mnist_dir, "train-labels-idx1-ubyte"), dtype=np.uint8)[8:]
    x = torch.from_numpy(img.reshape(n, 784).astype(np.float32) / 255.0)
    y = torch.from_numpy(lab.astype(np.int64))
    print("data: MNIST from", a.mnist_dir)
else:
    x = torch.rand(n, 784)
    y = torch.randint(0, 10, (n,))
    print("data: random with MNIST's shapes")
model = torch.nn.Sequential(torch.nn.Linear(784, 500), torch.nn.ReLU(), torch.nn.Linear(500, 500), torch.nn.ReLU(),
                            torch.nn.Linear(500, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()
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

for _ in range(20):
    step()
rates = []
for _ in range(a.runs):
    t0 = time.perf_counter()
    for _ in range(a.batches):
        loss = step()
    rates.append(a.batches * batch / (time.perf_counter() - t0))
print("torch", torch.__version__, "threads", torch.get_num_threads(), "runs (samples/s):", [round(r) for r in rates],
      "last loss %.4f" % loss.item())
print("W1 mlp torch samples/s: %.0f" % statistics.median(rates))
