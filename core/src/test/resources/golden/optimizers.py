#!/usr/bin/python3
"""Reference optimizer trajectories for nabla.optim.OptimizerTrajectoryTest, in float64.

Run with Debian's python (PyTorch 1.13 and NumPy installed):  /usr/bin/python3 optimizers.py
It writes optimizers.json beside this file; the Java test only reads that file (CI never runs Python).

Two problems:
  quadratic  f(w) = 1/2 * sum(a_i * w_i^2), 19 weights (one 16-float vector plus a scalar tail in Java);
  net        a fixed 3-4-2 tanh MLP on 5 fixed samples, loss = mean((tanh(X W1 + b1) W2 + b2 - Y)^2),
             parameters [W1 (3x4), b1 (4), W2 (4x2), b2 (2)]; gradients by torch autograd in float64.
All fixed numbers are float32-representable so that Java starts from exactly the same values.

Each case is a Keras optimizer config (the keys Optimizers.fromConfig reads) run for STEPS steps; the expected
values are the weights after every step. Where to take them from:
  * torch's own optimizer where its semantics equal Keras 3's: SGD (momentum, Nesterov; torch's buf = -v/lr gives
    the same weights for a constant rate, so no case combines SGD momentum with a schedule) and Adadelta (same
    formula).
  * the Keras formula written out below in NumPy where torch differs: Adam / AMSGrad / AdamW (Keras adds eps to
    sqrt(v), torch to sqrt(v_hat)), RMSprop (Keras: eps inside the root), Adagrad (Keras: eps inside the root,
    accumulator starting at 0.1), Nadam (Keras 3 uses mu_t = beta1 * (1 - 0.5 * 0.96**t), torch's default
    momentum_decay 0.004 gives Keras 2's 0.96**(0.004 t); with momentum_decay=1 torch 1.13 would match but for a
    bug in its mu product, see keras_nadam). Each NumPy implementation is first checked against torch where the two
    coincide (eps = 0; for Nadam, momentum_decay = 1 and torch's product), so the NumPy code is tested too.
  * clipping (Keras: g * c / max(norm, c); torch's clip_grad_norm_ adds 1e-6 to the norm), decoupled weight decay
    (w -= lr * wd * w before the update) and schedules (evaluated at the 0-based step) are applied here around
    whichever optimizer computes the update.
"""
import json
import math
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
STEPS = 6
HERE = os.path.dirname(os.path.abspath(__file__))


def f32(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


# ---- problems ------------------------------------------------------------------------------------------------
A = f32([1.0, 0.5, 2.0, 3.0, 0.1, 1.5, 0.7, 2.2, 0.9, 1.1, 0.3, 4.0, 0.05, 2.5, 1.2, 0.8, 1.7, 0.6, 3.3])
W0 = f32([1.0, -2.0, 0.5, 0.3, -1.0, 2.0, -0.7, 1.1, 0.2, -0.4, 0.9, -1.5, 3.0, 0.1, -0.2, 0.6, -0.8, 1.4, -2.2])

rng = np.random.default_rng(20240611)
NET = {
    "x": f32(rng.uniform(-1, 1, (5, 3))),
    "y": f32(rng.uniform(-1, 1, (5, 2))),
    "w1": f32(rng.uniform(-0.8, 0.8, (3, 4))),
    "b1": f32(rng.uniform(-0.2, 0.2, (4,))),
    "w2": f32(rng.uniform(-0.8, 0.8, (4, 2))),
    "b2": f32(rng.uniform(-0.2, 0.2, (2,))),
}


def quadratic_params():
    return [torch.tensor(W0.copy(), requires_grad=True)]


def quadratic_loss(ps):
    return 0.5 * (torch.tensor(A) * ps[0] ** 2).sum()


def net_params():
    return [torch.tensor(NET[k].copy(), requires_grad=True) for k in ("w1", "b1", "w2", "b2")]


def net_loss(ps):
    w1, b1, w2, b2 = ps
    h = torch.tanh(torch.tensor(NET["x"]) @ w1 + b1)
    return ((h @ w2 + b2 - torch.tensor(NET["y"])) ** 2).mean()


PROBLEMS = {"quadratic": (quadratic_params, quadratic_loss), "net": (net_params, net_loss)}


# ---- Keras 3 formulas in NumPy (state per parameter, t from 1) ---------------------------------------------------
def keras_adam(c, amsgrad_default=False):
    b1, b2, eps = c.get("beta_1", 0.9), c.get("beta_2", 0.999), c.get("epsilon", 1e-7)
    ams = c.get("amsgrad", amsgrad_default)

    def step(w, g, s, t, lr):
        if not s:
            s.update(m=np.zeros_like(w), v=np.zeros_like(w), vmax=np.zeros_like(w))
        s["m"] = b1 * s["m"] + (1 - b1) * g
        s["v"] = b2 * s["v"] + (1 - b2) * g * g
        v = s["v"]
        if ams:
            s["vmax"] = np.maximum(s["vmax"], s["v"])
            v = s["vmax"]
        alpha = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        w -= alpha * s["m"] / (np.sqrt(v) + eps)
    return step


def keras_rmsprop(c):
    rho, mom, eps, centered = c.get("rho", 0.9), c.get("momentum", 0.0), c.get("epsilon", 1e-7), c.get("centered", False)

    def step(w, g, s, t, lr):
        if not s:
            s.update(v=np.zeros_like(w), mg=np.zeros_like(w), buf=np.zeros_like(w))
        s["v"] = rho * s["v"] + (1 - rho) * g * g
        den = s["v"]
        if centered:
            s["mg"] = rho * s["mg"] + (1 - rho) * g
            den = den - s["mg"] ** 2
        inc = lr * g / np.sqrt(den + eps)
        if mom > 0:
            s["buf"] = mom * s["buf"] + inc
            inc = s["buf"]
        w -= inc
    return step


def keras_adagrad(c):
    init, eps = c.get("initial_accumulator_value", 0.1), c.get("epsilon", 1e-7)

    def step(w, g, s, t, lr):
        if not s:
            s["acc"] = np.full_like(w, init)
        s["acc"] += g * g
        w -= lr * g / np.sqrt(s["acc"] + eps)
    return step


def keras_nadam(c, torch_113_product=False):
    b1, b2, eps = c.get("beta_1", 0.9), c.get("beta_2", 0.999), c.get("epsilon", 1e-7)
    mu = lambda i: b1 * (1 - 0.5 * 0.96 ** i)  # Keras 3: 0.96**t (Keras 2 and torch: 0.96**(0.004 t))

    def step(w, g, s, t, lr):
        if not s:
            s.update(m=np.zeros_like(w), v=np.zeros_like(w))
        prod = math.prod(mu(i) for i in range(1, t + 1))
        # torch 1.13 multiplies mu(t) in twice here (mu_product * mu * mu_next), fixed in later releases
        prod_next = prod * (mu(t) if torch_113_product else 1.0) * mu(t + 1)
        s["m"] = b1 * s["m"] + (1 - b1) * g
        s["v"] = b2 * s["v"] + (1 - b2) * g * g
        m_hat = mu(t + 1) * s["m"] / (1 - prod_next) + (1 - mu(t)) * g / (1 - prod)
        v_hat = s["v"] / (1 - b2 ** t)
        w -= lr * m_hat / (np.sqrt(v_hat) + eps)
    return step


NUMPY = {"nadam": keras_nadam, "adam": keras_adam, "adamw": keras_adam, "rmsprop": keras_rmsprop, "adagrad": keras_adagrad}


# ---- torch where it computes the Keras formula ------------------------------------------------------------------
def torch_optimizer(name, c, params, eps_zero=False):
    lr = 1.0  # set per step
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=c.get("momentum", 0.0), nesterov=c.get("nesterov", False))
    if name == "adadelta":
        return torch.optim.Adadelta(params, lr=lr, rho=c.get("rho", 0.95), eps=c.get("epsilon", 1e-7))
    if name == "nadam":
        return torch.optim.NAdam(params, lr=lr, betas=(c.get("beta_1", 0.9), c.get("beta_2", 0.999)),
                                 eps=c.get("epsilon", 1e-7), momentum_decay=1.0)
    assert eps_zero, name
    # cross-checks of the NumPy formulas, with eps = 0 where torch and Keras agree
    if name in ("adam", "adamw"):
        return torch.optim.Adam(params, lr=lr, betas=(c.get("beta_1", 0.9), c.get("beta_2", 0.999)), eps=0.0,
                                amsgrad=c.get("amsgrad", False))
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=c.get("rho", 0.9), eps=0.0, momentum=c.get("momentum", 0.0),
                                   centered=c.get("centered", False))
    if name == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, initial_accumulator_value=c.get("initial_accumulator_value", 0.1), eps=0.0)
    raise ValueError(name)


# ---- schedules (the Keras / Nabla formulas, 0-based step) -------------------------------------------------------
def schedule(cfg):
    n, c = cfg["class_name"], cfg["config"]
    if n == "ExponentialDecay":
        return lambda s: c["initial_learning_rate"] * c["decay_rate"] ** (
            math.floor(s / c["decay_steps"]) if c["staircase"] else s / c["decay_steps"])
    if n == "InverseSqrtDecay":
        return lambda s: c["initial_learning_rate"] / math.sqrt(s + 1)
    if n == "CosineDecay":
        return lambda s: c["initial_learning_rate"] * ((1 - c["alpha"]) * 0.5 * (
            1 + math.cos(math.pi * min(s, c["decay_steps"]) / c["decay_steps"])) + c["alpha"])
    if n == "LinearWarmup":
        after = schedule(c["after"])
        w, s0 = c["warmup_steps"], c["start_learning_rate"]
        return lambda s: after(s - w) if s >= w else s0 + (after(0) - s0) * s / w
    raise ValueError(n)


def run(problem, name, config, use_torch, eps_zero=False):
    make, loss_fn = PROBLEMS[problem]
    ps = make()
    lr_of = schedule(config["learning_rate"]) if isinstance(config["learning_rate"], dict) \
        else (lambda s: config["learning_rate"])
    wd = config.get("weight_decay", 0.004 if name == "adamw" else 0.0)
    opt = torch_optimizer(name, config, ps, eps_zero) if use_torch else None
    step_fn = None if use_torch else NUMPY[name](config)
    states = [dict() for _ in ps]
    traj = []
    for s in range(STEPS):
        for p in ps:
            p.grad = None
        loss_fn(ps).backward()
        grads = [p.grad.detach().numpy().copy() for p in ps]
        lr = lr_of(s)
        t = s + 1
        if "global_clipnorm" in config:
            c = config["global_clipnorm"]
            norm = math.sqrt(sum(float((g * g).sum()) for g in grads))
            grads = [g * c / max(norm, c) for g in grads]
        if "clipnorm" in config:
            c = config["clipnorm"]
            grads = [g * c / max(math.sqrt(float((g * g).sum())), c) for g in grads]
        if "clipvalue" in config:
            c = config["clipvalue"]
            grads = [np.clip(g, -c, c) for g in grads]
        with torch.no_grad():
            for p in ps:
                p.mul_(1 - lr * wd)
        if use_torch:
            for p, g in zip(ps, grads):
                p.grad = torch.tensor(g)
            for group in opt.param_groups:
                group["lr"] = lr
            opt.step()
        else:
            with torch.no_grad():
                for p, g, st in zip(ps, grads, states):
                    w = p.detach().numpy()
                    step_fn(w, g, st, t, lr)  # in place on the tensor's storage
        traj.append(np.concatenate([p.detach().numpy().ravel() for p in ps]).tolist())
    return traj


def exp_decay(lr, steps, rate, staircase=False):
    return {"class_name": "ExponentialDecay",
            "config": {"initial_learning_rate": lr, "decay_steps": steps, "decay_rate": rate, "staircase": staircase}}


CASES = [
    ("sgd", "sgd", {"learning_rate": 0.1}),
    ("sgd_momentum", "sgd", {"learning_rate": 0.05, "momentum": 0.9}),
    ("sgd_nesterov", "sgd", {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True}),
    ("adagrad", "adagrad", {"learning_rate": 0.1}),
    ("adagrad_no_initial", "adagrad", {"learning_rate": 0.1, "initial_accumulator_value": 0.0, "epsilon": 1e-3}),
    ("rmsprop", "rmsprop", {"learning_rate": 0.01}),
    ("rmsprop_momentum", "rmsprop", {"learning_rate": 0.01, "momentum": 0.5}),
    ("rmsprop_centered_momentum", "rmsprop", {"learning_rate": 0.01, "momentum": 0.9, "centered": True}),
    ("adadelta", "adadelta", {"learning_rate": 1.0}),
    ("adam", "adam", {"learning_rate": 0.01}),
    ("adam_amsgrad", "adam", {"learning_rate": 0.05, "beta_2": 0.5, "amsgrad": True}),
    ("adamw", "adamw", {"learning_rate": 0.01, "weight_decay": 0.1}),
    ("adamw_default_decay", "adamw", {"learning_rate": 0.05}),
    ("nadam", "nadam", {"learning_rate": 0.01}),
    ("nadam_betas", "nadam", {"learning_rate": 0.02, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-5}),
    ("sgd_global_clipnorm", "sgd", {"learning_rate": 0.1, "global_clipnorm": 1.0}),
    ("sgd_clipnorm", "sgd", {"learning_rate": 0.1, "clipnorm": 0.1}),
    ("sgd_clipvalue", "sgd", {"learning_rate": 0.1, "clipvalue": 0.5}),
    ("sgd_momentum_weight_decay", "sgd", {"learning_rate": 0.05, "momentum": 0.9, "weight_decay": 0.5}),
    ("adam_global_clipnorm", "adam", {"learning_rate": 0.01, "global_clipnorm": 0.5}),
    ("sgd_exponential_decay", "sgd", {"learning_rate": exp_decay(0.2, 2, 0.5)}),
    ("adam_warmup_cosine", "adam", {"learning_rate": {"class_name": "LinearWarmup", "config": {
        "warmup_steps": 2, "start_learning_rate": 0.0, "after": {"class_name": "CosineDecay", "config": {
            "initial_learning_rate": 0.05, "decay_steps": 3, "alpha": 0.1}}}}}),
    ("rmsprop_inverse_sqrt", "rmsprop", {"learning_rate": {"class_name": "InverseSqrtDecay", "config": {
        "initial_learning_rate": 0.02}}}),
]

TORCH_NATIVE = {"sgd", "adadelta"}


def main():
    # 1. the NumPy Keras formulas agree with torch where the two coincide (eps = 0)
    for label, name, config in CASES:
        if name in TORCH_NATIVE or name == "nadam" or "epsilon" in config:
            continue
        c = dict(config, epsilon=0.0)
        for problem in PROBLEMS:
            a = np.array(run(problem, name, c, use_torch=False))
            b = np.array(run(problem, name, c, use_torch=True, eps_zero=True))
            err = np.max(np.abs(a - b))
            assert err < 1e-12, (label, problem, err)
    # Nadam: torch 1.13's NAdam(momentum_decay=1) is Keras 3's formula except for one factor in the product
    # (see keras_nadam); the NumPy code with that factor must reproduce torch exactly.
    for label, name, config in CASES:
        if name != "nadam":
            continue
        for problem in PROBLEMS:
            NUMPY["nadam"] = lambda c: keras_nadam(c, torch_113_product=True)
            a = np.array(run(problem, name, config, use_torch=False))
            NUMPY["nadam"] = keras_nadam
            b = np.array(run(problem, name, config, use_torch=True, eps_zero=True))
            err = np.max(np.abs(a - b))
            assert err < 1e-12, (label, problem, err)
    # 2. the golden trajectories
    out = {
        "about": "Generated by optimizers.py (float64). Trajectories are the weights after each step; for 'net' the "
                 "parameters w1, b1, w2, b2 are concatenated in row-major order.",
        "steps": STEPS,
        "quadratic": {"a": A.tolist(), "w0": W0.tolist()},
        "net": {k: v.tolist() for k, v in NET.items()},
        "cases": [],
    }
    for label, name, config in CASES:
        use_torch = name in TORCH_NATIVE
        out["cases"].append({
            "label": label, "optimizer": name, "config": config,
            "source": "torch " + name if use_torch else "numpy (Keras formula; checked against torch, see the script)",
            "trajectories": {p: run(p, name, config, use_torch) for p in PROBLEMS},
        })
    cases = out.pop("cases")
    text = json.dumps(out, indent=1)[:-2]  # one case per line keeps diffs readable
    text += ',\n "cases": [\n' + ",\n".join("  " + json.dumps(c) for c in cases) + "\n ]\n}\n"
    json.loads(text)
    with open(os.path.join(HERE, "optimizers.json"), "w") as f:
        f.write(text)
    print("wrote", len(cases), "cases")


if __name__ == "__main__":
    main()
