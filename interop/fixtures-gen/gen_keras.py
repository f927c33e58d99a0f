#!/usr/bin/env python3
"""Writes the Keras 3 `.keras` and Keras 2 `.h5` files of the TF.js fixture models, with the same weights.

Reads fixtures/tfjs/<model>/ (model.json, the weight shard, manifest.json, inputs and tfjs's outputs, as
gen_tfjs.js wrote them), and writes fixtures/keras3/<model>/model.keras and fixtures/h5/<model>/model.h5, each
directory with copies of the inputs and tfjs's outputs and a manifest.json. The layouts are keras_formats.py's
(see its docstring for the Keras sources followed).

Usage: python3 gen_keras.py [FIXTURES_ROOT]   (Debian's python3 with python3-h5py and python3-numpy)
"""

import json
import os
import shutil
import sys

import h5py
import numpy as np

import keras_formats as kf

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "src", "test", "resources",
                                                                          "fixtures"))

WEIGHT_SUFFIXES = {
    "Dense": ["kernel", "bias"],
    "Conv1D": ["kernel", "bias"],
    "Conv2D": ["kernel", "bias"],
    "BatchNormalization": ["gamma", "beta", "moving_mean", "moving_variance"],
    "Embedding": ["embeddings"],
    "PReLU": ["alpha"],
    "LSTM": ["kernel", "recurrent_kernel", "bias"],
    "GRU": ["kernel", "recurrent_kernel", "bias"],
    "SimpleRNN": ["kernel", "recurrent_kernel", "bias"],
}


def read_tfjs_weights(d, model_json):
    """{name: ndarray} of the model weights (the optimizer group is left out), in manifest order."""
    out = {}
    for group in model_json["weightsManifest"]:
        data = b"".join(open(os.path.join(d, p), "rb").read() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            dtype = {"float32": "<f4", "int32": "<i4"}[spec["dtype"]]
            n = int(np.prod(spec["shape"])) if spec["shape"] else 1
            arr = np.frombuffer(data, dtype=dtype, count=n, offset=offset).reshape(spec["shape"]).copy()
            offset += n * 4
            if spec.get("group") == "optimizer":
                continue
            out[spec["name"]] = arr.astype(np.float32)
    return out


class WeightPool:
    def __init__(self, weights):
        self.weights = weights
        self.used = set()

    def take(self, name):
        if name not in self.weights:
            raise KeyError(f"tfjs weight {name} is missing.")
        if name in self.used:
            raise KeyError(f"tfjs weight {name} is used twice.")
        self.used.add(name)
        return self.weights[name]

    def check_all_used(self, model_name):
        left = [n for n in self.weights if n not in self.used]
        if left:
            raise ValueError(f"{model_name}: tfjs weights not placed in the Keras files: {left}")


def layer_weights(cls, cfg, prefix, pool):
    suffixes = list(WEIGHT_SUFFIXES.get(cls, []))
    if cls in ("Dense", "Conv1D", "Conv2D") and not cfg.get("use_bias", True):
        suffixes.remove("bias")
    return {s: pool.take(f"{prefix}/{s}") for s in suffixes if f"{prefix}/{s}" in pool.weights}


def build_layer(entry, shapes_entry, input_shape, pool):
    cls = entry["class_name"]
    cfg = entry["config"]
    name = cfg.get("name", entry.get("name"))
    layer = {"class_name": cls, "name": name, "config": cfg, "input_shape": input_shape,
             "output_shape": shapes_entry["output_shape"]}
    if cls == "Bidirectional":
        inner = {"class_name": cfg["layer"]["class_name"], "name": cfg["layer"]["config"]["name"],
                 "config": cfg["layer"]["config"]}
        layer["inner"] = inner
        layer["weights"] = {d: layer_weights(inner["class_name"], inner["config"], f"{name}/{d}_{inner['name']}",
                                             pool) for d in ("forward", "backward")}
    elif cls == "TimeDistributed":
        inner = {"class_name": cfg["layer"]["class_name"], "name": cfg["layer"]["config"]["name"],
                 "config": cfg["layer"]["config"]}
        layer["inner"] = inner
        layer["weights"] = layer_weights(inner["class_name"], inner["config"], name, pool)
    elif cls == "Sequential":
        layer["model"] = build_sequential(cfg, shapes_entry["layers"], pool)
    else:
        layer["weights"] = layer_weights(cls, cfg, name, pool)
    return layer


def build_sequential(cfg, shape_entries, pool):
    layers = []
    first = cfg["layers"][0]["config"]
    batch_input_shape = first["batch_input_shape"]
    prev = batch_input_shape
    for entry, shapes in zip(cfg["layers"], shape_entries):
        layer = build_layer(entry, shapes, prev, pool)
        layers.append(layer)
        prev = shapes["output_shape"]
    return {"class_name": "Sequential", "name": cfg["name"], "batch_input_shape": batch_input_shape,
            "input_name_k3": "input_layer", "input_name_k2": f"{layers[0]['name']}_input", "layers": layers}


def build_functional(cfg, shape_entries, pool, single_input, single_output):
    by_name = {e["name"]: e for e in shape_entries}
    layers = []
    for entry in cfg["layers"]:
        shapes = by_name[entry["name"]]
        nodes = [[(src, node, tensor) for (src, node, tensor, _kw) in n] for n in entry["inbound_nodes"]]
        if nodes:
            first = nodes[0]
            in_shapes = [by_name[src]["output_shape"] for (src, _n, _t) in first]
            input_shape = in_shapes[0] if len(in_shapes) == 1 else in_shapes
        else:
            input_shape = None
        if entry["class_name"] == "InputLayer":
            layer = {"class_name": "InputLayer", "name": entry["name"], "config": entry["config"],
                     "output_shape": shapes["output_shape"], "input_shape": None}
        else:
            layer = build_layer(entry, shapes, input_shape, pool)
        layer["inbound_nodes"] = nodes
        layers.append(layer)
    return {"class_name": "Functional", "name": cfg["name"], "layers": layers,
            "input_layers": [list(x) for x in cfg["input_layers"]],
            "output_layers": [list(x) for x in cfg["output_layers"]],
            "single_input": single_input, "single_output": single_output}


def model_spec(d):
    model_json = json.load(open(os.path.join(d, "model.json")))
    manifest = json.load(open(os.path.join(d, "manifest.json")))
    pool = WeightPool(read_tfjs_weights(d, model_json))
    topo = model_json["modelTopology"]
    if topo["class_name"] == "Sequential":
        model = build_sequential(topo["config"], manifest["layers"], pool)
    else:
        # A one-input, one-output functional model is written in the single-tensor form of input_layers and
        # output_layers (keras.Model(x, y)), a multi-input one in the list form.
        single = len(topo["config"]["input_layers"]) == 1 and len(topo["config"]["output_layers"]) == 1
        model = build_functional(topo["config"], manifest["layers"], pool, single, single)
    pool.check_all_used(manifest["model"])
    model["training_config"] = model_json.get("trainingConfig")
    return model, manifest


def layer_list(model):
    out = []
    for layer in model["layers"]:
        entry = {"name": layer["name"], "class_name": layer["class_name"]}
        if layer["class_name"] in ("Bidirectional", "TimeDistributed"):
            entry["inner_class_name"] = layer["inner"]["class_name"]
        if layer["class_name"] == "Sequential":
            entry["layers"] = layer_list(layer["model"])
        out.append(entry)
    return out


def h5_versions():
    return {"h5py": h5py.__version__, "hdf5": h5py.version.hdf5_version, "numpy": np.__version__}


def copy_data(src_dir, dst_dir, manifest):
    for e in manifest["inputs"] + manifest["outputs"]:
        shutil.copyfile(os.path.join(src_dir, e["file"]), os.path.join(dst_dir, e["file"]))


def write_manifests(name, src_manifest, model, k3_config, k3_groups, h5_config, k3_dir, h5_dir):
    common = {
        "model": name,
        "description": src_manifest["description"],
        "model_class": "Sequential" if model["class_name"] == "Sequential" else "Functional",
        "layers": layer_list(model),
        "compiled": model.get("training_config") is not None,
        "tolerance": src_manifest["tolerance"],
        "oracle": dict(src_manifest["oracle"], note="predictions are tfjs's for the same weights (fixtures/tfjs/"
                       + name + ")"),
        "writer": dict(script="interop/fixtures-gen/keras_formats.py", **h5_versions()),
    }
    if model["class_name"] == "Sequential":
        k3_inputs = [model["input_name_k3"]]
        h5_inputs = [model["input_name_k2"]]
        outputs = [model["layers"][-1]["name"]]
    else:
        k3_inputs = h5_inputs = [x[0] for x in model["input_layers"]]
        outputs = [x[0] for x in model["output_layers"]]

    def io(entries, names):
        return [dict(e, name=n) for e, n in zip(entries, names)]

    k3 = dict(common, format="keras3", model_file="model.keras",
              files=["model.keras"] + [e["file"] for e in src_manifest["inputs"] + src_manifest["outputs"]],
              keras_version=kf.KERAS3_VERSION,
              archive_entries=["metadata.json", "config.json", "model.weights.h5"],
              inputs=io(src_manifest["inputs"], k3_inputs), outputs=io(src_manifest["outputs"], outputs),
              weights=[{"path": (g + "/vars" if g else "vars") + f"/{i}", "shape": list(v.shape)}
                       for g, vs in k3_groups for i, v in enumerate(vs)])
    h5w = []
    for layer in model["layers"]:
        if layer["class_name"] == "InputLayer":
            continue
        for n, v in kf._k2_weight_names(layer):
            h5w.append({"layer": layer["name"], "path": f"model_weights/{layer['name']}/{n}", "shape": list(v.shape)})
    h5 = dict(common, format="keras2-h5", model_file="model.h5",
              files=["model.h5"] + [e["file"] for e in src_manifest["inputs"] + src_manifest["outputs"]],
              keras_version=kf.KERAS2_VERSION,
              inputs=io(src_manifest["inputs"], h5_inputs), outputs=io(src_manifest["outputs"], outputs),
              weights=h5w)
    for d, m in ((k3_dir, k3), (h5_dir, h5)):
        with open(os.path.join(d, "manifest.json"), "w") as f:
            json.dump(m, f, indent=1)
            f.write("\n")


def main():
    tfjs_root = os.path.join(ROOT, "tfjs")
    names = sorted(os.listdir(tfjs_root))
    only = os.environ.get("ONLY")
    for name in names:
        if only and name not in only.split(","):
            continue
        src = os.path.join(tfjs_root, name)
        model, manifest = model_spec(src)
        k3_dir = os.path.join(ROOT, "keras3", name)
        h5_dir = os.path.join(ROOT, "h5", name)
        for d in (k3_dir, h5_dir):
            shutil.rmtree(d, ignore_errors=True)
            os.makedirs(d)
        k3_config, k3_groups = kf.write_keras(model, os.path.join(k3_dir, "model.keras"))
        h5_config = kf.write_h5(model, os.path.join(h5_dir, "model.h5"))
        copy_data(src, k3_dir, manifest)
        copy_data(src, h5_dir, manifest)
        write_manifests(name, manifest, model, k3_config, k3_groups, h5_config, k3_dir, h5_dir)
        print(f"keras3 + h5 fixture {name}: {sum(len(v) for _, v in k3_groups)} weight arrays")


if __name__ == "__main__":
    main()
