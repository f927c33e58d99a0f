#!/usr/bin/python3
"""Reference attention for nabla.nn.attention.AttentionOracleTest, in float64.

Run with Debian's python (PyTorch 1.13 installed):  /usr/bin/python3 attention.py
It writes attention.json beside this file; the Java test only reads that file (CI never runs Python).

The oracles are plain torch formulas as Keras documents them, evaluated in float64 on float32-representable
inputs and weights, so Java starts from exactly the same values:
  Attention (score_mode "dot"):     scores = scale * q @ k^T
  Attention (score_mode "concat"):  scores = concat_score_weight * sum_d tanh(scale * (q_i + k_j))
  AdditiveAttention:                scores = sum_d scale_d * tanh(q_i + k_j)
  then scores -= 1e9 * (1 - mask) (value mask, and j <= i with the causal mask), softmax over the keys,
  out = weights @ v, out rows of padded queries set to 0.
  MultiHeadAttention (Keras' einsum layout, torch.einsum):
    Q = einsum("abc,cde->abde", query, Wq) + bq   (likewise K from key, V from value)
    Q = Q / sqrt(key_dim); scores = einsum("aecd,abcd->acbe", K, Q)          (batch, heads, Tq, Tv)
    keep = query_mask[:, :, None] & value_mask[:, None, :] & causal; scores += -1e9 * (1 - keep)
    weights = softmax(scores, -1) * keep; O = einsum("acbe,aecd->abcd", weights, V)
    out = einsum("abcd,cde->abe", O, Wo) + bo
No case has a query (that is not itself padded) whose keys are all hidden: in float32 the -1e9 swallows the
scores there, in float64 it does not.
For each case the file holds the inputs, masks, weights, the output, the attention weights and the gradients of
L = sum(out * r) (r a fixed float32 projection) with respect to every input and weight, from torch autograd.
"""
import json
import math
import os

import torch

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))


def f32(t):
    return t.to(torch.float32).to(torch.float64)


def rand(g, *shape, lo=-1.0, hi=1.0):
    return f32(torch.rand(shape, generator=g) * (hi - lo) + lo)


def flat(t):
    return t.detach().flatten().tolist()


def keep_matrix(b, tq, tv, qmask, vmask, causal):
    keep = torch.ones(b, tq, tv)
    if qmask is not None:
        keep = keep * qmask[:, :, None]
    if vmask is not None:
        keep = keep * vmask[:, None, :]
    if causal:
        keep = keep * torch.tril(torch.ones(tq, tv))[None]
    return keep


def dense_case(kind, seed, b, tq, tv, dim, dv, use_scale, qmask, vmask, causal, own_key):
    g = torch.Generator().manual_seed(seed)
    q = rand(g, b, tq, dim)
    v = rand(g, b, tv, dv)
    k = rand(g, b, tv, dim) if own_key else v
    weights = {}
    if kind == "additive":
        if use_scale:
            weights["scale"] = rand(g, dim)
    else:
        if use_scale:
            weights["scale"] = rand(g, lo=0.5, hi=1.5)
        if kind == "concat":
            weights["concat_score_weight"] = rand(g, lo=0.5, hi=1.5)
    leaves = {"query": q.clone().requires_grad_(True), "value": v.clone().requires_grad_(True)}
    if own_key:
        leaves["key"] = k.clone().requires_grad_(True)
    for n, w in weights.items():
        leaves[n] = w.clone().requires_grad_(True)
    qq, vv = leaves["query"], leaves["value"]
    kk = leaves["key"] if own_key else vv
    if kind == "dot":
        s = qq @ kk.transpose(1, 2)
        if use_scale:
            s = s * leaves["scale"]
    else:
        summed = qq[:, :, None, :] + kk[:, None, :, :]
        if kind == "concat":
            if use_scale:
                summed = summed * leaves["scale"]
            s = leaves["concat_score_weight"] * torch.tanh(summed).sum(-1)
        else:
            t = torch.tanh(summed)
            if use_scale:
                t = t * leaves["scale"]
            s = t.sum(-1)
    keep = keep_matrix(b, tq, tv, None, vmask, causal)
    s = s - 1e9 * (1 - keep)
    w = torch.softmax(s, -1)
    out = w @ vv
    if qmask is not None:
        out = out * qmask[:, :, None]
    r = rand(g, *out.shape)
    (out * r).sum().backward()
    case = {
        "kind": kind,
        "use_scale": use_scale,
        "causal": causal,
        "own_key": own_key,
        "shapes": {n: list(t.shape) for n, t in leaves.items()},
        "inputs": {n: flat(t) for n, t in leaves.items()},
        "grads": {n: flat(t.grad) for n, t in leaves.items()},
        "r": flat(r),
        "out": flat(out),
        "out_shape": list(out.shape),
        "scores": flat(w),
    }
    if qmask is not None:
        case["query_mask"] = flat(qmask)
    if vmask is not None:
        case["value_mask"] = flat(vmask)
    return case


def mha_case(seed, b, tq, tv, dq, dv, dk, heads, key_dim, value_dim, out_dim, use_bias, qmask, vmask, causal):
    g = torch.Generator().manual_seed(seed)
    leaves = {
        "query": rand(g, b, tq, dq),
        "value": rand(g, b, tv, dv),
        "key": rand(g, b, tv, dk),
        "query_kernel": rand(g, dq, heads, key_dim),
        "query_bias": rand(g, heads, key_dim, lo=-0.2, hi=0.2),
        "key_kernel": rand(g, dk, heads, key_dim),
        "key_bias": rand(g, heads, key_dim, lo=-0.2, hi=0.2),
        "value_kernel": rand(g, dv, heads, value_dim),
        "value_bias": rand(g, heads, value_dim, lo=-0.2, hi=0.2),
        "output_kernel": rand(g, heads, value_dim, out_dim),
        "output_bias": rand(g, out_dim, lo=-0.2, hi=0.2),
    }
    if not use_bias:
        leaves = {n: t for n, t in leaves.items() if not n.endswith("_bias")}
    leaves = {n: t.clone().requires_grad_(True) for n, t in leaves.items()}
    L = leaves

    def proj(x, kern, bias):
        y = torch.einsum("abc,cde->abde", x, L[kern])
        return y + L[bias] if use_bias else y

    Q = proj(L["query"], "query_kernel", "query_bias") / math.sqrt(key_dim)
    K = proj(L["key"], "key_kernel", "key_bias")
    V = proj(L["value"], "value_kernel", "value_bias")
    s = torch.einsum("aecd,abcd->acbe", K, Q)
    keep = keep_matrix(b, tq, tv, qmask, vmask, causal)[:, None]
    s = s + -1e9 * (1 - keep)
    w = torch.softmax(s, -1) * keep
    O = torch.einsum("acbe,aecd->abcd", w, V)
    out = torch.einsum("abcd,cde->abe", O, L["output_kernel"])
    if use_bias:
        out = out + L["output_bias"]
    r = rand(g, *out.shape)
    (out * r).sum().backward()
    case = {
        "heads": heads,
        "key_dim": key_dim,
        "value_dim": value_dim,
        "out_dim": out_dim,
        "use_bias": use_bias,
        "causal": causal,
        "shapes": {n: list(t.shape) for n, t in leaves.items()},
        "inputs": {n: flat(t) for n, t in leaves.items()},
        "grads": {n: flat(t.grad) for n, t in leaves.items()},
        "r": flat(r),
        "out": flat(out),
        "out_shape": list(out.shape),
        "scores": flat(w),
    }
    if qmask is not None:
        case["query_mask"] = flat(qmask)
    if vmask is not None:
        case["value_mask"] = flat(vmask)
    return case


def main():
    qmask = torch.tensor([[1.0, 1, 1, 0], [1, 1, 0, 0]])
    vmask = torch.tensor([[1.0, 1, 1, 1, 0], [1, 1, 1, 0, 0]])
    golden = {
        "torch": torch.__version__,
        "dense": [
            dense_case("dot", 21, 2, 4, 5, 3, 3, False, None, None, False, False),
            dense_case("dot", 22, 2, 4, 5, 3, 6, True, qmask, vmask, False, True),
            dense_case("dot", 23, 2, 4, 5, 3, 6, True, None, vmask, True, True),
            dense_case("concat", 24, 2, 4, 5, 3, 6, True, qmask, vmask, False, True),
            dense_case("concat", 25, 2, 4, 5, 3, 3, False, None, None, True, False),
            dense_case("additive", 26, 2, 4, 5, 3, 6, True, qmask, vmask, True, True),
            dense_case("additive", 27, 2, 4, 5, 3, 3, False, None, None, False, False),
        ],
        "mha": [
            mha_case(31, 2, 4, 5, 6, 7, 3, 2, 3, 4, 5, True, None, None, False),
            mha_case(32, 2, 4, 5, 6, 7, 3, 3, 2, 2, 6, True, qmask, vmask, True),
            mha_case(33, 2, 4, 5, 6, 7, 3, 2, 3, 3, 6, False, None, vmask, False),
        ],
    }
    with open(os.path.join(HERE, "attention.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
