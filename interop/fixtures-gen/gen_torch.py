#!/usr/bin/env python3
"""PyTorch oracle fixtures: ONNX import fixtures, and the Keras GRU(reset_after=True) fixture.

1. fixtures/onnx/<model>/: small PyTorch models with fixed weights, exported with torch.onnx.export at opset 17
   (the highest that torch 1.13 exports), accepted by onnx.checker.check_model(full_check=True), with fixed inputs
   and torch's own outputs beside each model.onnx.
2. fixtures/keras3/gru_reset_after/ and fixtures/h5/gru_reset_after/: a Keras model of GRU layers with
   reset_after=True (bias of shape [2, 3*units]), which tfjs cannot build. torch.nn.GRU computes exactly that
   form (the recurrent bias inside the reset gate's product), so it is the oracle: the Keras weights are mapped to
   torch's (gate order z,r,h -> r,z,n, kernels transposed, bias row 0 -> bias_ih, row 1 -> bias_hh) and torch's
   outputs are the expected predictions.

Usage: python3 gen_torch.py [FIXTURES_ROOT]   (Debian's python3 with python3-torch, python3-onnx, python3-h5py)
"""

import json
import os
import shutil
import sys

import numpy as np
import onnx
import torch
from torch import nn

import keras_formats as kf

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "src", "test", "resources",
                                                                          "fixtures"))
OPSET = 17
BATCH = 3
TOLERANCE = {"relative": 1e-5, "note": "compare |a-b| <= 1e-5 * max(1, |b|)"}

torch.use_deterministic_algorithms(True)
torch.set_num_threads(1)


def fixed(rs, shape, lo=-0.5, hi=0.5):
    # Multiples of 1/1024: exact in float32 and short in text, as in gen_tfjs.js.
    return (np.round(rs.uniform(lo, hi, size=shape) * 1024) / 1024).astype(np.float32)


def set_fixed_weights(module, seed):
    rs = np.random.RandomState(seed)
    with torch.no_grad():
        for name, p in module.named_parameters():
            positive = name.endswith("weight") and isinstance(dict(module.named_modules())[name.rsplit(".", 1)[0]],
                                                              nn.BatchNorm2d)
            p.copy_(torch.from_numpy(fixed(rs, tuple(p.shape), 0.5, 1.5) if positive else fixed(rs, tuple(p.shape))))
        for name, b in module.named_buffers():
            if name.endswith("running_mean"):
                b.copy_(torch.from_numpy(fixed(rs, tuple(b.shape))))
            elif name.endswith("running_var"):
                b.copy_(torch.from_numpy(fixed(rs, tuple(b.shape), 0.5, 1.5)))


def write_array(path, arr):
    dtype = {np.float32: "<f4", np.int64: "<i8"}[arr.dtype.type]
    with open(path, "wb") as f:
        f.write(np.ascontiguousarray(arr).astype(dtype).tobytes())


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 8)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(8, 4)
        self.softmax = nn.Softmax(dim=1)

    def forward(self, x):
        return self.softmax(self.fc2(self.relu(self.fc1(x))))


class Cnn(nn.Module):
    """MNIST-style, channels first: [N, 1, 12, 12]."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, kernel_size=3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.relu1 = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(4, 6, kernel_size=3, stride=1, padding=0)
        self.relu2 = nn.ReLU()
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(6 * 4 * 4, 5)

    def forward(self, x):
        x = self.pool(self.relu1(self.bn(self.conv1(x))))
        return self.fc(self.flatten(self.relu2(self.conv2(x))))


class Conv1dNet(nn.Module):
    """Channels first: [N, 3, 12]."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv1d(3, 5, kernel_size=3)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv1d(5, 4, kernel_size=3, stride=2, padding=1)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        x = self.conv2(self.relu(self.conv1(x)))
        return self.fc(torch.amax(x, dim=2))


class EmbeddingLstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10, 4)
        self.lstm = nn.LSTM(4, 5, batch_first=True)
        self.fc = nn.Linear(5, 2)

    def forward(self, ids):
        seq, _ = self.lstm(self.embed(ids))
        return seq, self.fc(seq[:, -1, :])


class GruNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(3, 4, batch_first=True)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        _, h = self.gru(x)
        return self.fc(h[-1])


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 8)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(16, 3)

    def forward(self, x):
        r = x + self.relu(self.fc1(x))
        return self.fc2(torch.cat([x, r], dim=1))


ONNX_MODELS = [
    {"name": "mlp", "module": Mlp, "seed": 11, "inputs": [("input", (BATCH, 6), "float")], "outputs": ["probs"],
     "description": "Linear -> ReLU -> Linear -> Softmax(dim=1)."},
    {"name": "cnn", "module": Cnn, "seed": 12, "inputs": [("input", (BATCH, 1, 12, 12), "float")],
     "outputs": ["logits"],
     "description": "MNIST-style CNN in NCHW: Conv2d(pad 1) -> BatchNorm2d (eval, fixed running statistics) -> "
                    "ReLU -> MaxPool2d(2) -> Conv2d (valid) -> ReLU -> Flatten -> Linear. Constant folding is off, "
                    "so BatchNormalization stays a node."},
    {"name": "conv1d", "module": Conv1dNet, "seed": 13, "inputs": [("input", (BATCH, 3, 12), "float")],
     "outputs": ["logits"],
     "description": "NCL: Conv1d (valid) -> ReLU -> Conv1d (stride 2, pad 1) -> max over time (ReduceMax) -> Linear."},
    {"name": "embedding_lstm", "module": EmbeddingLstm, "seed": 14, "inputs": [("ids", (BATCH, 6), "ids")],
     "outputs": ["sequence", "logits"],
     "description": "Embedding (Gather, int64 ids) -> LSTM (batch_first; ONNX LSTM op) -> all steps as one "
                    "output, Linear on the last step as the other."},
    {"name": "gru", "module": GruNet, "seed": 15, "inputs": [("input", (BATCH, 6, 3), "float")],
     "outputs": ["logits"],
     "description": "GRU (batch_first; ONNX GRU op with linear_before_reset=1) -> Linear on the final hidden state."},
    {"name": "residual", "module": Residual, "seed": 16, "inputs": [("input", (BATCH, 8), "float")],
     "outputs": ["logits"],
     "description": "Residual add (x + ReLU(Linear(x))) and Concat([x, r], dim=1) -> Linear."},
]


def onnx_fixture(spec):
    d = os.path.join(ROOT, "onnx", spec["name"])
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    module = spec["module"]()
    set_fixed_weights(module, spec["seed"])
    module.eval()
    rs = np.random.RandomState(spec["seed"] + 1000)
    inputs = []
    entries = []
    for i, (name, shape, kind) in enumerate(spec["inputs"]):
        if kind == "ids":
            arr = rs.randint(0, 10, size=shape).astype(np.int64)
        else:
            arr = fixed(rs, shape, -1.0, 1.0)
        file = f"input_{i}.bin"
        write_array(os.path.join(d, file), arr)
        inputs.append(torch.from_numpy(arr))
        entries.append({"name": name, "file": file, "shape": list(shape),
                        "dtype": "int64" if kind == "ids" else "float32", "byte_order": "little",
                        "dynamic_axes": {"0": "batch"}})
    with torch.no_grad():
        outs = module(*inputs)
    if not isinstance(outs, tuple):
        outs = (outs,)
    out_entries = []
    for i, (name, t) in enumerate(zip(spec["outputs"], outs)):
        file = f"output_{i}.bin"
        write_array(os.path.join(d, file), t.numpy().astype(np.float32))
        out_entries.append({"name": name, "file": file, "shape": list(t.shape), "dtype": "float32",
                            "byte_order": "little", "dynamic_axes": {"0": "batch"}})
    path = os.path.join(d, "model.onnx")
    dynamic = {e["name"]: {0: "batch"} for e in entries + out_entries}
    torch.onnx.export(module, tuple(inputs), path, opset_version=OPSET, input_names=[e["name"] for e in entries],
                      output_names=spec["outputs"], dynamic_axes=dynamic, do_constant_folding=False,
                      training=torch.onnx.TrainingMode.PRESERVE,
                      export_params=True)
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    ops = sorted({n.op_type for n in model.graph.node})
    manifest = {
        "model": spec["name"],
        "description": spec["description"],
        "format": "onnx",
        "files": ["model.onnx"] + [e["file"] for e in entries + out_entries],
        "model_file": "model.onnx",
        "opset": OPSET,
        "ir_version": model.ir_version,
        "onnx_ops": ops,
        "inputs": entries,
        "outputs": out_entries,
        "layers": [{"name": n, "class_name": type(m).__name__} for n, m in module.named_children()],
        "tolerance": TOLERANCE,
        "oracle": {"name": "torch", "version": torch.__version__, "exporter": "torch.onnx.export",
                   "checker": f"onnx {onnx.__version__} onnx.checker.check_model(full_check=True): passed"},
        "weights_seed": spec["seed"],
    }
    with open(os.path.join(d, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print(f"onnx fixture {spec['name']}: opset {OPSET}, ops {ops}")


# ------------------------------------------------------------------ GRU(reset_after=True) for Keras -------------


def keras_gru_to_torch(kernel, recurrent, bias, gru):
    """Keras GRU(reset_after=True) weights -> torch.nn.GRU (one layer). Keras gates z,r,h; torch r,z,n."""
    u = recurrent.shape[0]

    def reorder(m):  # columns z|r|h -> r|z|n
        return np.concatenate([m[..., u:2 * u], m[..., 0:u], m[..., 2 * u:3 * u]], axis=-1)

    with torch.no_grad():
        gru.weight_ih_l0.copy_(torch.from_numpy(reorder(kernel).T.copy()))
        gru.weight_hh_l0.copy_(torch.from_numpy(reorder(recurrent).T.copy()))
        gru.bias_ih_l0.copy_(torch.from_numpy(reorder(bias[0]).copy()))
        gru.bias_hh_l0.copy_(torch.from_numpy(reorder(bias[1]).copy()))


def gru_layer(name, units, return_sequences, batch_input_shape=None):
    cfg = {"name": name, "units": units, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True,
           "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
           "recurrent_initializer": {"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": None}},
           "bias_initializer": {"class_name": "Zeros", "config": {}}, "dropout": 0.0, "recurrent_dropout": 0.0,
           "reset_after": True, "return_sequences": return_sequences, "return_state": False,
           "go_backwards": False, "stateful": False, "unroll": False}
    if batch_input_shape:
        cfg["batch_input_shape"] = batch_input_shape
    return cfg


def gru_reset_after_fixture():
    name = "gru_reset_after"
    rs = np.random.RandomState(21)
    T, F, U1, U2 = 6, 3, 4, 3
    w = {
        "gru_seq": {"kernel": fixed(rs, (F, 3 * U1)), "recurrent_kernel": fixed(rs, (U1, 3 * U1)),
                    "bias": fixed(rs, (2, 3 * U1))},
        "gru_last": {"kernel": fixed(rs, (U1, 3 * U2)), "recurrent_kernel": fixed(rs, (U2, 3 * U2)),
                     "bias": fixed(rs, (2, 3 * U2))},
        "out": {"kernel": fixed(rs, (U2, 2)), "bias": fixed(rs, (2,))},
    }
    x = fixed(np.random.RandomState(1021), (BATCH, T, F), -1.0, 1.0)

    g1 = nn.GRU(F, U1, batch_first=True)
    g2 = nn.GRU(U1, U2, batch_first=True)
    keras_gru_to_torch(w["gru_seq"]["kernel"], w["gru_seq"]["recurrent_kernel"], w["gru_seq"]["bias"], g1)
    keras_gru_to_torch(w["gru_last"]["kernel"], w["gru_last"]["recurrent_kernel"], w["gru_last"]["bias"], g2)
    with torch.no_grad():
        seq, _ = g1(torch.from_numpy(x))
        _, h = g2(seq)
        y = (h[-1] @ torch.from_numpy(w["out"]["kernel"]) + torch.from_numpy(w["out"]["bias"])).numpy()

    dense_cfg = {"name": "out", "units": 2, "activation": "linear", "use_bias": True,
                 "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
                 "bias_initializer": {"class_name": "Zeros", "config": {}}}
    model = {
        "class_name": "Sequential", "name": name, "batch_input_shape": [None, T, F],
        "input_name_k3": "input_layer", "input_name_k2": "gru_seq_input",
        "layers": [
            {"class_name": "GRU", "name": "gru_seq", "config": gru_layer("gru_seq", U1, True, [None, T, F]),
             "input_shape": [None, T, F], "output_shape": [None, T, U1], "weights": w["gru_seq"]},
            {"class_name": "GRU", "name": "gru_last", "config": gru_layer("gru_last", U2, False),
             "input_shape": [None, T, U1], "output_shape": [None, U2], "weights": w["gru_last"]},
            {"class_name": "Dense", "name": "out", "config": dense_cfg, "input_shape": [None, U2],
             "output_shape": [None, 2], "weights": w["out"]},
        ],
        "training_config": None,
    }
    for fmt, fname in (("keras3", "model.keras"), ("h5", "model.h5")):
        d = os.path.join(ROOT, fmt, name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        write_array(os.path.join(d, "input_0.bin"), x)
        write_array(os.path.join(d, "output_0.bin"), y.astype(np.float32))
        if fmt == "keras3":
            _, groups = kf.write_keras(model, os.path.join(d, fname))
            weights = [{"path": (g + "/vars" if g else "vars") + f"/{i}", "shape": list(v.shape)}
                       for g, vs in groups for i, v in enumerate(vs)]
            version = kf.KERAS3_VERSION
            input_name = "input_layer"
        else:
            kf.write_h5(model, os.path.join(d, fname))
            weights = [{"layer": layer["name"], "path": f"model_weights/{layer['name']}/{n}", "shape": list(v.shape)}
                       for layer in model["layers"] for n, v in kf._k2_weight_names(layer)]
            version = kf.KERAS2_VERSION
            input_name = "gru_seq_input"
        manifest = {
            "model": name,
            "description": "GRU(reset_after=True, return_sequences=True) -> GRU(reset_after=True) -> Dense. Both "
                           "GRUs have the bias of shape [2, 3*units] (input bias row, recurrent bias row). tfjs "
                           "cannot build reset_after=True, so torch.nn.GRU, which computes this form, is the oracle.",
            "format": "keras3" if fmt == "keras3" else "keras2-h5",
            "model_file": fname,
            "files": [fname, "input_0.bin", "output_0.bin"],
            "keras_version": version,
            "model_class": "Sequential",
            "inputs": [{"name": input_name, "file": "input_0.bin", "shape": [BATCH, T, F], "dtype": "float32",
                        "byte_order": "little"}],
            "outputs": [{"name": "out", "file": "output_0.bin", "shape": [BATCH, 2], "dtype": "float32",
                         "byte_order": "little"}],
            "layers": [{"name": layer["name"], "class_name": layer["class_name"]} for layer in model["layers"]],
            "weights": weights,
            "compiled": False,
            "tolerance": TOLERANCE,
            "oracle": {"name": "torch", "version": torch.__version__,
                       "note": "torch.nn.GRU with the Keras weights mapped: gates z,r,h -> r,z,n, kernels "
                               "transposed, bias[0] -> bias_ih, bias[1] -> bias_hh"},
            "writer": {"script": "interop/fixtures-gen/keras_formats.py", "h5py": __import__("h5py").__version__},
        }
        with open(os.path.join(d, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=1)
            f.write("\n")
    print(f"keras3 + h5 fixture {name}: torch oracle")


def main():
    only = os.environ.get("ONLY")
    for spec in ONNX_MODELS:
        if not only or spec["name"] in only.split(","):
            onnx_fixture(spec)
    if not only or "gru_reset_after" in only.split(","):
        gru_reset_after_fixture()


if __name__ == "__main__":
    main()
