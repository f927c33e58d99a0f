#!/usr/bin/python3
"""Reference layer normalization for nabla.nn.normalization.LayerNormalizationTest, in float64.

Run with Debian's python (PyTorch 1.13 installed):  /usr/bin/python3 layer_norm.py
It writes layer_norm.json beside this file; the Java test only reads that file (CI never runs Python).

The oracle is torch.nn.functional.layer_norm over the last axis with eps 1e-3 (Keras' LayerNormalization
default; torch's is 1e-5), evaluated in float64 on float32-representable inputs, so Java starts from exactly the
same values. Cases:
  x (2, 3, 37) features last (two 16-float vectors plus a scalar tail of 5 in Java), with gamma and beta;
  x (5, 7) without gamma and beta (center=False, scale=False).
For each case the file holds the output y and the gradients of L = sum(y * r), r a fixed float32 projection, with
respect to x, gamma and beta, all from torch autograd.
"""
import json
import os

import torch

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
EPS = 1e-3


def f32(t):
    return t.to(torch.float32).to(torch.float64)


def case(shape, affine, seed):
    g = torch.Generator().manual_seed(seed)
    x = f32(torch.rand(shape, generator=g) * 4 - 2 + torch.linspace(-1, 1, shape[-1]))
    r = f32(torch.rand(shape, generator=g) * 2 - 1)
    c = shape[-1]
    gamma = f32(torch.rand(c, generator=g) + 0.5) if affine else None
    beta = f32(torch.rand(c, generator=g) - 0.5) if affine else None
    xs = x.clone().requires_grad_(True)
    params = [xs]
    if affine:
        gs = gamma.clone().requires_grad_(True)
        bs = beta.clone().requires_grad_(True)
        params += [gs, bs]
    else:
        gs = bs = None
    y = torch.nn.functional.layer_norm(xs, (c,), gs, bs, EPS)
    (y * r).sum().backward()
    out = {
        "shape": list(shape),
        "x": x.flatten().tolist(),
        "r": r.flatten().tolist(),
        "y": y.detach().flatten().tolist(),
        "dx": xs.grad.flatten().tolist(),
    }
    if affine:
        out.update(gamma=gamma.tolist(), beta=beta.tolist(), dgamma=gs.grad.tolist(), dbeta=bs.grad.tolist())
    return out


def main():
    golden = {
        "epsilon": EPS,
        "torch": torch.__version__,
        "affine": case((2, 3, 37), True, 11),
        "plain": case((5, 7), False, 12),
    }
    with open(os.path.join(HERE, "layer_norm.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
