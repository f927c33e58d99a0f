#!/usr/bin/env python3
"""Reads every fixture .keras and .h5 file back with h5py and predicts with NumPy from what it reads alone.

This is a check of the writer (keras_formats.py) by a separate reader: it does not import the writer, it opens
the zip and the HDF5 files, follows Keras's documented layouts to find each weight (Keras 3: config.json and the
`layers/<snake_case class>[_n]/.../vars/<i>` groups; Keras 2: model_config, layer_names, weight_names), runs a
small float64 NumPy implementation of the Keras layers on the stored inputs, and compares with the stored outputs
(tfjs's, or torch's for gru_reset_after) at 1e-5 relative. It also fails when a file holds a weight that the
model never reads, a vars group is missing, or the archive has other entries.

No Keras is installed here (nor any other independent reader of these formats), so this is the closest check
available offline; the Java importer is the next independent reader.

Usage: python3 check_keras_files.py [FIXTURES_ROOT]
"""

import io
import json
import os
import re
import sys
import zipfile

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "src", "test", "resources",
                                                                          "fixtures"))
RNN = ("LSTM", "GRU", "SimpleRNN")


def snake(name):
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def activation(name, x):
    if name in ("linear", None):
        return x
    if name == "relu":
        return np.maximum(x, 0)
    if name == "tanh":
        return np.tanh(x)
    if name == "sigmoid":
        return sigmoid(x)
    if name == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    raise ValueError(f"activation {name} is not implemented in the checker")


def same_pads(size, k, s):
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return out, total // 2, total - total // 2


def conv2d(x, kernel, bias, strides, padding):
    n, h, w, c = x.shape
    kh, kw, _, f = kernel.shape
    sh, sw = strides
    if padding == "same":
        oh, pt, pb = same_pads(h, kh, sh)
        ow, pl, pr = same_pads(w, kw, sw)
        x = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)))
    else:
        oh, ow = (h - kh) // sh + 1, (w - kw) // sw + 1
    out = np.zeros((n, oh, ow, f))
    for i in range(oh):
        for j in range(ow):
            patch = x[:, i * sh:i * sh + kh, j * sw:j * sw + kw, :]
            out[:, i, j, :] = np.tensordot(patch, kernel, axes=([1, 2, 3], [0, 1, 2]))
    return out + bias


def pool2d(x, pool, strides, padding, kind):
    n, h, w, c = x.shape
    ph, pw = pool
    sh, sw = strides
    if padding == "same":
        oh, pt, _ = same_pads(h, ph, sh)
        ow, pl, _ = same_pads(w, pw, sw)
    else:
        oh, ow, pt, pl = (h - ph) // sh + 1, (w - pw) // sw + 1, 0, 0
    out = np.zeros((n, oh, ow, c))
    for i in range(oh):
        for j in range(ow):
            r0, c0 = i * sh - pt, j * sw - pl
            win = x[:, max(r0, 0):min(r0 + ph, h), max(c0, 0):min(c0 + pw, w), :]  # padding cells never count
            out[:, i, j, :] = win.max(axis=(1, 2)) if kind == "max" else win.mean(axis=(1, 2))
    return out


def run_rnn(cls, cfg, weights, x, mask):
    kernel, recurrent, bias = weights
    units = recurrent.shape[0]
    n, t, _ = x.shape
    steps = list(range(t))
    if cfg.get("go_backwards"):
        steps = steps[::-1]
    h = np.zeros((n, units))
    c = np.zeros((n, units))
    outs = []
    for step in steps:
        xt = x[:, step, :]
        if cls == "LSTM":
            z = xt @ kernel + h @ recurrent + bias
            i, f = sigmoid(z[:, :units]), sigmoid(z[:, units:2 * units])
            g, o = np.tanh(z[:, 2 * units:3 * units]), sigmoid(z[:, 3 * units:])
            c_new = f * c + i * g
            h_new = o * np.tanh(c_new)
        elif cls == "GRU":
            if cfg.get("reset_after"):
                xp = xt @ kernel + bias[0]
                hp = h @ recurrent + bias[1]
                z = sigmoid(xp[:, :units] + hp[:, :units])
                r = sigmoid(xp[:, units:2 * units] + hp[:, units:2 * units])
                hh = np.tanh(xp[:, 2 * units:] + r * hp[:, 2 * units:])
            else:
                xp = xt @ kernel + bias
                z = sigmoid(xp[:, :units] + h @ recurrent[:, :units])
                r = sigmoid(xp[:, units:2 * units] + h @ recurrent[:, units:2 * units])
                hh = np.tanh(xp[:, 2 * units:] + (r * h) @ recurrent[:, 2 * units:])
            h_new = z * h + (1 - z) * hh
            c_new = c
        else:
            h_new = np.tanh(xt @ kernel + h @ recurrent + bias)
            c_new = c
        if mask is not None:
            m = mask[:, step][:, None]
            h_new = np.where(m, h_new, h)
            c_new = np.where(m, c_new, c)
        h, c = h_new, c_new
        outs.append(h)
    if cfg.get("return_sequences"):
        return np.stack(outs, axis=1), mask
    return h, None


class Net:
    """A Keras model read from a file: layer configs and, per layer name, its weight arrays in Keras order."""

    def __init__(self, kind, config, weights, sub=None, keras2=False):
        self.kind = kind  # "Sequential" or "Functional"
        self.keras2 = keras2
        self.config = config
        self.weights = weights  # {layer name: [arrays]} or {layer name: Net} for a nested model
        self.sub = sub or {}

    def layer(self, layer_cfg, x, mask):
        cls = layer_cfg["class_name"]
        c = layer_cfg["config"]
        name = c.get("name") or layer_cfg.get("name")
        w = self.weights.get(name)
        if cls == "Sequential":
            return self.sub[name].predict([x])[0], None
        if cls == "Dense":
            return activation(c["activation"], x @ w[0] + w[1]), None
        if cls in ("Conv2D", "Conv1D"):
            if cls == "Conv1D":
                y = conv2d(x[:, None], w[0][None], w[1], (1, c["strides"][0]), c["padding"])[:, 0]
            else:
                y = conv2d(x, w[0], w[1], c["strides"], c["padding"])
            return activation(c["activation"], y), None
        if cls == "BatchNormalization":
            gamma, beta, mean, var = w
            return (x - mean) / np.sqrt(var + c["epsilon"]) * gamma + beta, None
        if cls in ("MaxPooling2D", "AveragePooling2D"):
            return pool2d(x, c["pool_size"], c["strides"], c["padding"], "max" if cls[0] == "M" else "avg"), None
        if cls == "Flatten":
            return x.reshape(x.shape[0], -1), None
        if cls == "GlobalMaxPooling1D":
            return x.max(axis=1), None
        if cls == "GlobalAveragePooling2D":
            return x.mean(axis=(1, 2)), None
        if cls == "Embedding":
            ids = x.astype(np.int64)
            return w[0][ids], (ids != 0) if c.get("mask_zero") else None
        if cls in RNN:
            return run_rnn(cls, c, w, x, mask)
        if cls == "Bidirectional":
            inner = c["layer"]
            fw, _ = run_rnn(inner["class_name"], dict(inner["config"], go_backwards=False), w[:3], x, mask)
            bw, _ = run_rnn(inner["class_name"], dict(inner["config"], go_backwards=True), w[3:], x, mask)
            if inner["config"]["return_sequences"]:
                bw = bw[:, ::-1]
            mode = c["merge_mode"]
            y = {"concat": lambda: np.concatenate([fw, bw], -1), "sum": lambda: fw + bw,
                 "ave": lambda: (fw + bw) / 2, "mul": lambda: fw * bw}[mode]()
            return y, None
        if cls == "TimeDistributed":
            inner = c["layer"]
            assert inner["class_name"] == "Dense", "the checker wraps Dense only"
            return activation(inner["config"]["activation"], x @ w[0] + w[1]), None
        if cls == "Add":
            return x[0] + x[1], None
        if cls == "Concatenate":
            return np.concatenate(x, axis=c.get("axis", -1)), None
        if cls == "ZeroPadding2D":
            (t, b), (l, r) = c["padding"]
            return np.pad(x, ((0, 0), (t, b), (l, r), (0, 0))), None
        if cls == "LeakyReLU":
            slope = c.get("negative_slope", c.get("alpha"))
            return np.where(x > 0, x, slope * x), None
        if cls == "PReLU":
            return np.maximum(x, 0) + w[0] * np.minimum(x, 0), None
        if cls == "ELU":
            return np.where(x > 0, x, c["alpha"] * (np.exp(x) - 1)), None
        if cls == "Dropout":
            return x, None
        if cls == "Activation":
            return activation(c["activation"], x), None
        if cls == "Reshape":
            return x.reshape((x.shape[0],) + tuple(c["target_shape"])), None
        raise ValueError(f"layer class {cls} is not implemented in the checker")

    def predict(self, inputs):
        layers = self.config["layers"]
        if self.kind == "Sequential":
            x, mask = inputs[0], None
            for lc in layers:
                if lc["class_name"] == "InputLayer":
                    continue
                x, mask = self.layer(lc, x, mask)
            return [x]
        values = {}
        ins = self.config["input_layers"]
        ins = [ins] if isinstance(ins[0], str) else ins
        for (name, _, _), x in zip(ins, inputs):
            values[(name, 0)] = x
        pending = [lc for lc in layers if lc["class_name"] != "InputLayer"]

        def first_node(lc):
            # A nested model starts with its own node 0 (input to output), so its calls in this graph count from
            # 1: in Keras 2 for Sequential and Functional, in Keras 3 for Functional only (functional.py
            # get_config / functional_from_config).
            nested = ("Sequential", "Functional") if self.keras2 else ("Functional",)
            return 1 if lc["class_name"] in nested else 0
        while pending:
            progressed = False
            for lc in list(pending):
                nodes = lc["inbound_nodes"]
                base = first_node(lc)
                for k, node in enumerate(nodes, start=base):
                    if (lc["name"], k) in values:
                        continue
                    srcs = node_sources(node)
                    if all((s, n) in values for s, n in srcs):
                        args = [values[(s, n)] for s, n in srcs]
                        y, _ = self.layer(lc, args if len(args) > 1 else args[0], None)
                        values[(lc["name"], k)] = y
                        progressed = True
                if all((lc["name"], k) in values for k in range(base, base + len(nodes))):
                    pending.remove(lc)
            if not progressed:
                raise ValueError("the functional graph cannot be evaluated")
        outs = self.config["output_layers"]
        outs = [outs] if isinstance(outs[0], str) else outs
        return [values[(name, node)] for name, node, _ in outs]


def node_sources(node):
    """[(layer, node index)] for a Keras 3 {"args", "kwargs"} node or a Keras 2 [[layer, node, tensor, {}]] one."""
    if isinstance(node, dict):
        flat = []

        def walk(a):
            if isinstance(a, dict) and a.get("class_name") == "__keras_tensor__":
                flat.append(tuple(a["config"]["keras_history"][:2]))
            elif isinstance(a, list):
                for item in a:
                    walk(item)
        walk(node["args"])
        return flat
    return [(e[0], e[1]) for e in node]


# ------------------------------------------------------------------ Keras 3 reader -----------------------------


class VarReader:
    def __init__(self, h5):
        self.h5 = h5
        self.read = set()
        self.groups = set()

    def vars(self, path):
        gpath = f"{path}/vars" if path else "vars"
        if gpath not in self.h5:
            raise ValueError(f"group {gpath} is missing from model.weights.h5")
        self.groups.add(gpath)
        g = self.h5[gpath]
        out = []
        for i in range(len(g)):
            out.append(np.asarray(g[str(i)], dtype=np.float64))
            self.read.add(f"{gpath}/{i}")
        return out

    def unread(self):
        seen = []
        self.h5.visititems(lambda n, o: seen.append(n) if isinstance(o, h5py.Dataset) else None)
        left = [n for n in seen if n not in self.read]
        groups = []
        self.h5.visititems(lambda n, o: groups.append(n) if isinstance(o, h5py.Group) and n.endswith("vars")
                           else None)
        left += [g + " (group)" for g in groups if g not in self.groups]
        return left


def k3_net(cfg, reader, path):
    kind = "Sequential" if cfg["class_name"] == "Sequential" else "Functional"
    c = cfg["config"]
    reader.vars(path)
    weights, sub, used = {}, {}, {}
    for lc in c["layers"]:
        cls = lc["class_name"]
        if kind == "Sequential" and cls == "InputLayer":
            continue
        key = snake(cls)
        if key in used:
            used[key] += 1
            key = f"{key}_{used[key]}"
        else:
            used[key] = 0
        p = f"{path}/layers/{key}" if path else f"layers/{key}"
        name = lc["config"]["name"]
        if cls == "Sequential":
            sub[name] = k3_net(lc, reader, p)
            continue
        reader.vars(p)
        if cls in RNN:
            weights[name] = reader.vars(p + "/cell")
        elif cls == "Bidirectional":
            for d in ("forward_layer", "backward_layer"):
                reader.vars(f"{p}/{d}")
            weights[name] = reader.vars(p + "/forward_layer/cell") + reader.vars(p + "/backward_layer/cell")
        elif cls == "TimeDistributed":
            weights[name] = reader.vars(p + "/layer")
        else:
            weights[name] = reader.vars(p)
    return Net(kind, c, weights, sub)


def load_keras3(path):
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        if names != ["metadata.json", "config.json", "model.weights.h5"]:
            raise ValueError(f"{path}: unexpected archive entries {names}")
        meta = json.loads(zf.read("metadata.json"))
        if not meta["keras_version"].startswith("3."):
            raise ValueError(f"{path}: metadata.json keras_version {meta['keras_version']}")
        cfg = json.loads(zf.read("config.json"))
        h5 = h5py.File(io.BytesIO(zf.read("model.weights.h5")), "r")
    reader = VarReader(h5)
    net = k3_net(cfg, reader, "")
    left = reader.unread()
    if left:
        raise ValueError(f"{path}: weights file entries the model does not read: {left}")
    return net


# ------------------------------------------------------------------ Keras 2 reader -----------------------------


def attr_list(g, name):
    return [x.decode("utf8") if isinstance(x, bytes) else str(x) for x in g.attrs[name]]


def load_h5(path):
    with h5py.File(path, "r") as f:
        for key in ("keras_version", "backend", "model_config"):
            if key not in f.attrs:
                raise ValueError(f"{path}: root attribute {key} is missing")
        if not str(f.attrs["keras_version"]).startswith("2."):
            raise ValueError(f"{path}: keras_version {f.attrs['keras_version']}")
        cfg = json.loads(f.attrs["model_config"])
        mw = f["model_weights"]
        layer_names = attr_list(mw, "layer_names")
        per_layer = {}
        for name in layer_names:
            wn = attr_list(mw[name], "weight_names")
            per_layer[name] = [np.asarray(mw[name][n], dtype=np.float64) for n in wn]
        groups = set(mw.keys()) - {"top_level_model_weights"}
        if groups != set(layer_names):
            raise ValueError(f"{path}: layer groups {sorted(groups)} differ from layer_names {layer_names}")
        if "training_config" in f.attrs:
            json.loads(f.attrs["training_config"])
    return k2_net(cfg, per_layer)


def k2_net(cfg, per_layer):
    kind = "Sequential" if cfg["class_name"] == "Sequential" else "Functional"
    c = cfg["config"]
    weights, sub = {}, {}
    for lc in c["layers"]:
        name = lc["config"]["name"]
        if lc["class_name"] == "InputLayer":
            continue
        values = per_layer.get(name, [])
        if lc["class_name"] == "Sequential":
            # A nested model's group holds its layers' weights in order; hand them out by each layer's count.
            counts = {"Dense": 2, "Conv2D": 2, "Conv1D": 2, "BatchNormalization": 4, "Embedding": 1}
            inner, k = {}, 0
            for ilc in lc["config"]["layers"]:
                n = counts.get(ilc["class_name"], 0)
                inner[ilc["config"]["name"]] = values[k:k + n]
                k += n
            if k != len(values):
                raise ValueError(f"nested model {name}: {len(values)} weights, {k} used")
            sub[name] = k2_net(lc, inner)
        else:
            weights[name] = values
    return Net(kind, c, weights, sub, keras2=True)


# ------------------------------------------------------------------ comparison ---------------------------------


def read_bin(d, e):
    dtype = {"float32": "<f4", "int64": "<i8"}[e["dtype"]]
    return np.fromfile(os.path.join(d, e["file"]), dtype=dtype).reshape(e["shape"]).astype(np.float64)


def check(fmt, d):
    manifest = json.load(open(os.path.join(d, "manifest.json")))
    path = os.path.join(d, manifest["model_file"])
    net = load_keras3(path) if fmt == "keras3" else load_h5(path)
    outs = net.predict([read_bin(d, e) for e in manifest["inputs"]])
    worst = 0.0
    for y, e in zip(outs, manifest["outputs"]):
        expected = read_bin(d, e)
        if y.shape != expected.shape:
            raise ValueError(f"{path}: output shape {y.shape}, expected {expected.shape}")
        err = np.max(np.abs(y - expected) / np.maximum(1.0, np.abs(expected)))
        if not err <= 1e-5:
            raise ValueError(f"{path}: relative error {err} against the {manifest['oracle']['name']} outputs")
        worst = max(worst, err)
    return worst, manifest["oracle"]["name"]


def main():
    passed = failed = 0
    for fmt in ("keras3", "h5"):
        for name in sorted(os.listdir(os.path.join(ROOT, fmt))):
            d = os.path.join(ROOT, fmt, name)
            try:
                worst, oracle = check(fmt, d)
                print(f"ok {fmt}/{name} (worst relative error {worst:.1e} against {oracle})")
                passed += 1
            except Exception as e:  # report every fixture, then fail
                print(f"FAILED {fmt}/{name}: {e}")
                failed += 1
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
