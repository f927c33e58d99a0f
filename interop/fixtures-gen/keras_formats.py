"""Writers for the Keras 3 `.keras` archive and the legacy Keras 2 `.h5` file, with h5py and the standard library.

There is no Keras on this machine, so nothing here calls Keras: the files are laid out by hand after Keras's own
saving code. The sources followed (keras-team/keras on GitHub):

Keras 3 (`.keras`):
  * keras/src/saving/saving_lib.py, `_save_model_to_fileobj`: a zip (ZIP_STORED, the zipfile default) holding
    `metadata.json` ({"keras_version", "date_saved"}), `config.json` (json.dumps of
    `serialize_keras_object(model)`) and `model.weights.h5`; an `assets/` folder only when a layer writes assets.
  * saving_lib.py, `_save_state` / `_walk_saveable` / `_save_container_state` and `H5IOStore` / `H5Entry`: every
    saveable visited gets a group `<path>/vars` (the model itself gets the root `vars`), created even when empty,
    holding its own variables as datasets "0", "1", ...; children are visited under their attribute name
    (`cell`, `forward_layer`, `backward_layer`, `layer`), and the items of a list (a model's `layers`) under the
    snake-cased class name, `_1`, `_2`, ... for repeats (`naming.to_snake_case`), never under the layer's name.
    Sequential's `layers` leaves out its InputLayer; Functional's keeps its InputLayers. A shared layer is
    visited (and stored) once.
  * keras/src/saving/serialization_lib.py, `serialize_keras_object`: {"module", "class_name", "config",
    "registered_name"} plus "build_config" (`Layer.get_build_config`: {"input_shape": ...}) and "compile_config";
    public classes get module "keras.layers" / "keras" / "keras.initializers" and registered_name null, the
    unexported Functional class gets module "keras.src.models.functional" and registered_name "Functional".
  * keras/src/layers/layer.py `get_config` (name, trainable, dtype as a DTypePolicy object);
    keras/src/layers/core/input_layer.py (batch_shape, dtype, sparse, ragged, name, optional);
    keras/src/models/sequential.py (layers including the InputLayer, build_input_shape);
    keras/src/models/functional.py `get_config` / `serialize_node` (layers with "name" and "inbound_nodes" as
    {"args": [...], "kwargs": {...}} with "__keras_tensor__" entries carrying keras_history [layer, node, tensor];
    input_layers / output_layers); keras/src/layers/rnn/rnn.py, lstm.py, gru.py, bidirectional.py
    (forward_layer / backward_layer serialized in full as "layer" / "backward_layer"), time_distributed.py;
    keras/src/trainers/trainer.py `compile` (compile_config keys).
  * Model.weights layouts (kernel [in, out], conv kernel [kh, kw, in, out], LSTM gates i,f,c,o, GRU gates z,r,h
    with bias [3u] or [2, 3u] for reset_after) are Keras's and equal tfjs's, so values are copied unchanged.

Keras 2 (`.h5`, tf.keras 2.12, the last layout before Keras 3):
  * keras/saving/legacy/hdf5_format.py (Keras 2.12): root attributes keras_version and backend (str),
    model_config and training_config (JSON, utf-8 bytes); group `model_weights` with attributes layer_names
    (array of bytes), backend and keras_version (bytes); one group per layer, created in name order, with a
    weight_names attribute (array of bytes, e.g. b"dense/kernel:0"; an empty list is stored as
    `np.asarray([])`, a float64 array of length 0, exactly as save_attributes_to_hdf5_group does) and one dataset
    per weight at `model_weights/<layer>/<weight name>` (the "/" in a weight name makes nested groups); a
    `top_level_model_weights` group with an empty weight_names.
  * keras/saving/legacy/saving_utils.py `model_metadata`: model_config is {"class_name", "config"} with the
    legacy serialization (no "module"); training_config has loss, metrics, weighted_metrics, loss_weights and
    optimizer_config.
  * Variable names: TF2 names a layer's variables `<layer>/<var>:0`; an RNN layer builds its cell inside the
    cell's name scope (`lstm/lstm_cell/kernel:0`), Bidirectional builds forward_<name> and backward_<name>
    inside its own scope, TimeDistributed builds the wrapped layer inside its own scope
    (`time_distributed/kernel:0`). Keras loads these files by order, not by these names.

Where the files knowingly differ from what Keras itself would write:
  * zip entry times and metadata.json's date_saved are fixed (1980-01-01 and 2025-01-01) so that the files are
    byte-for-byte reproducible;
  * a compiled model's .keras/.h5 carries compile_config / training_config but no optimizer or metric state
    (no `optimizer/vars` group, no `optimizer_weights` group), as if saved with include_optimizer=False except
    for the config;
  * initializers are the tfjs model's, renamed where Keras names them differently.
"""

import copy
import io
import json
import re
import zipfile

import h5py
import numpy as np

KERAS3_VERSION = "3.10.0"
KERAS2_VERSION = "2.12.0"
DATE_SAVED = "2025-01-01@00:00:00"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

RNN_CELLS = {"LSTM": "lstm_cell", "GRU": "gru_cell", "SimpleRNN": "simple_rnn_cell"}


# keras/src/utils/naming.py to_snake_case
def to_snake_case(name):
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
    return name


def dtype_policy():
    return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}


def _init_k2(obj):
    if obj is None:
        return None
    cfg = copy.deepcopy(obj.get("config", {}))
    name = obj["class_name"]
    if name == "VarianceScaling":
        # tfjs and Keras 2 accept "normal" as the old name of "truncated_normal"; Keras stores the new name.
        if cfg.get("distribution") == "normal":
            cfg["distribution"] = "truncated_normal"
        cfg = {"scale": float(cfg["scale"]), "mode": cfg["mode"], "distribution": cfg["distribution"],
               "seed": cfg.get("seed")}
    elif name == "Orthogonal":
        cfg = {"gain": float(cfg.get("gain", 1.0)), "seed": cfg.get("seed")}
    elif name == "RandomUniform":
        cfg = {"minval": cfg["minval"], "maxval": cfg["maxval"], "seed": cfg.get("seed")}
    return {"class_name": name, "config": cfg}


def _init_k3(obj):
    if obj is None:
        return None
    k2 = _init_k2(obj)
    return {"module": "keras.initializers", "class_name": k2["class_name"], "config": k2["config"],
            "registered_name": None}


def _pair(v, n):
    if isinstance(v, list):
        return list(v)
    return [v] * n


def _specific(cls, c, version, rank=None, in_bidirectional_seq=False):
    """Class-specific config entries in Keras 2 (version 2) or Keras 3 (version 3) form, from a tfjs config c."""
    init = _init_k3 if version == 3 else _init_k2
    if cls == "Dense":
        out = {"units": c["units"], "activation": c["activation"], "use_bias": c["use_bias"],
               "kernel_initializer": init(c["kernel_initializer"]), "bias_initializer": init(c["bias_initializer"]),
               "kernel_regularizer": None, "bias_regularizer": None}
        if version == 2:
            out["activity_regularizer"] = None
        out.update({"kernel_constraint": None, "bias_constraint": None})
        return out
    if cls in ("Conv1D", "Conv2D"):
        n = 1 if cls == "Conv1D" else 2
        return {"filters": c["filters"], "kernel_size": _pair(c["kernel_size"], n),
                "strides": _pair(c.get("strides", 1), n), "padding": c["padding"],
                "data_format": c.get("data_format", "channels_last"),
                "dilation_rate": _pair(c.get("dilation_rate", 1), n), "groups": 1,
                "activation": c["activation"], "use_bias": c["use_bias"],
                "kernel_initializer": init(c["kernel_initializer"]), "bias_initializer": init(c["bias_initializer"]),
                "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
                "kernel_constraint": None, "bias_constraint": None}
    if cls == "BatchNormalization":
        # tf.keras 2 stores the axis as the built list of positive axes; Keras 3 keeps the int it was given.
        axis = [rank - 1] if version == 2 else c.get("axis", -1)
        out = {"axis": axis, "momentum": c["momentum"], "epsilon": c["epsilon"], "center": c["center"],
               "scale": c["scale"], "beta_initializer": init(c["beta_initializer"]),
               "gamma_initializer": init(c["gamma_initializer"]),
               "moving_mean_initializer": init(c["moving_mean_initializer"]),
               "moving_variance_initializer": init(c["moving_variance_initializer"]),
               "beta_regularizer": None, "gamma_regularizer": None, "beta_constraint": None, "gamma_constraint": None}
        if version == 3:
            out["synchronized"] = False
        return out
    if cls in ("MaxPooling2D", "AveragePooling2D"):
        return {"pool_size": _pair(c["pool_size"], 2), "padding": c["padding"],
                "strides": _pair(c["strides"], 2), "data_format": c.get("data_format", "channels_last")}
    if cls == "Flatten":
        return {"data_format": "channels_last"}
    if cls in ("GlobalMaxPooling1D", "GlobalAveragePooling2D"):
        return {"data_format": c.get("data_format", "channels_last"), "keepdims": False}
    if cls == "Embedding":
        out = {"input_dim": c["input_dim"], "output_dim": c["output_dim"],
               "embeddings_initializer": init(c["embeddings_initializer"]), "embeddings_regularizer": None,
               "activity_regularizer": None, "embeddings_constraint": None, "mask_zero": c["mask_zero"]}
        if version == 2:
            out["input_length"] = c.get("input_length")
        return out
    if cls in RNN_CELLS:
        out = {"return_sequences": c["return_sequences"], "return_state": c["return_state"],
               "go_backwards": c["go_backwards"], "stateful": c["stateful"], "unroll": c["unroll"]}
        if version == 2:
            out["time_major"] = False
        else:
            # Bidirectional forces zero_output_for_mask to return_sequences on both of its layers.
            out["zero_output_for_mask"] = bool(in_bidirectional_seq)
        out["units"] = c["units"]
        out["activation"] = c["activation"]
        if cls != "SimpleRNN":
            out["recurrent_activation"] = c["recurrent_activation"]
        out.update({"use_bias": c["use_bias"], "kernel_initializer": init(c["kernel_initializer"]),
                    "recurrent_initializer": init(c["recurrent_initializer"]),
                    "bias_initializer": init(c["bias_initializer"])})
        if cls == "LSTM":
            out["unit_forget_bias"] = True
        out.update({"kernel_regularizer": None, "recurrent_regularizer": None, "bias_regularizer": None,
                    "activity_regularizer": None, "kernel_constraint": None, "recurrent_constraint": None,
                    "bias_constraint": None, "dropout": float(c.get("dropout", 0)),
                    "recurrent_dropout": float(c.get("recurrent_dropout", 0))})
        if version == 2 and cls != "SimpleRNN":
            out["implementation"] = 2
        if cls == "GRU":
            out["reset_after"] = bool(c.get("reset_after", False))
        if version == 3:
            out["seed"] = None
        return out
    if cls == "Add":
        return {}
    if cls == "Concatenate":
        return {"axis": c.get("axis", -1)}
    if cls == "ZeroPadding2D":
        return {"padding": [list(p) for p in c["padding"]], "data_format": c.get("data_format", "channels_last")}
    if cls == "LeakyReLU":
        # Keras 3 renamed alpha to negative_slope (keras/src/layers/activations/leaky_relu.py).
        return {"negative_slope": c["alpha"]} if version == 3 else {"alpha": c["alpha"]}
    if cls == "PReLU":
        return {"alpha_initializer": init(c["alpha_initializer"]), "alpha_regularizer": None,
                "alpha_constraint": None, "shared_axes": c.get("shared_axes")}
    if cls == "ELU":
        return {"alpha": float(c["alpha"])}
    if cls == "Dropout":
        return {"rate": c["rate"], "seed": c.get("seed"), "noise_shape": c.get("noise_shape")}
    if cls == "Activation":
        return {"activation": c["activation"]}
    if cls == "Reshape":
        return {"target_shape": list(c["target_shape"])}
    raise ValueError(f"No Keras config mapping for layer class {cls}.")


# ---------------------------------------------------------------------------------------------------------------
# A model spec, shared by both writers:
#   {"class_name": "Sequential" | "Functional", "name", "batch_input_shape" (Sequential), "input_name" (Sequential
#    InputLayer name), "layers": [layer], "input_layers": [[name, node, tensor]], "output_layers": [...],
#    "single_input": bool, "single_output": bool, "training_config": tfjs-style dict or None}
# A layer: {"class_name", "name", "config" (tfjs/Keras 2 style), "weights": {suffix: ndarray} in Keras order,
#   "input_shape": shape or list of shapes (batch None), "output_shape", "inbound_nodes": [[[name, node, tensor]]]
#   (Functional), "inner": layer (Bidirectional / TimeDistributed), "model": model spec (a nested Sequential)}
# ---------------------------------------------------------------------------------------------------------------


def _k2_layer(layer, rank_of_input):
    cls = layer["class_name"]
    c = layer["config"]
    if cls == "Sequential":
        return {"class_name": "Sequential", "config": _k2_model_config(layer["model"])}
    cfg = {"name": layer["name"], "trainable": True}
    if "batch_input_shape" in c:
        cfg["batch_input_shape"] = c["batch_input_shape"]
    cfg["dtype"] = "float32"
    if cls == "Bidirectional":
        inner = layer["inner"]
        cfg["layer"] = {"class_name": inner["class_name"], "config": {
            "name": inner["name"], "trainable": True, "dtype": "float32",
            **_specific(inner["class_name"], inner["config"], 2)}}
        cfg["merge_mode"] = c["merge_mode"]
    elif cls == "TimeDistributed":
        inner = layer["inner"]
        cfg["layer"] = {"class_name": inner["class_name"], "config": {
            "name": inner["name"], "trainable": True, "dtype": "float32",
            **_specific(inner["class_name"], inner["config"], 2)}}
    else:
        cfg.update(_specific(cls, c, 2, rank=rank_of_input))
    return {"class_name": cls, "config": cfg}


def _rank(shape):
    return len(shape) if shape and not isinstance(shape[0], list) else None


def _k2_model_config(model):
    if model["class_name"] == "Sequential":
        layers = [{"class_name": "InputLayer", "config": {
            "batch_input_shape": model["batch_input_shape"], "dtype": "float32", "sparse": False,
            "ragged": False, "name": model["input_name_k2"]}}]
        for layer in model["layers"]:
            layers.append(_k2_layer(layer, _rank(layer["input_shape"])))
        return {"name": model["name"], "layers": layers}
    layers = []
    for layer in model["layers"]:
        if layer["class_name"] == "InputLayer":
            entry = {"class_name": "InputLayer", "config": {
                "batch_input_shape": layer["output_shape"], "dtype": "float32", "sparse": False,
                "ragged": False, "name": layer["name"]}}
        else:
            entry = _k2_layer(layer, _rank(layer["input_shape"]))
        entry["name"] = layer["name"]
        entry["inbound_nodes"] = [[[src, node, tensor, {}] for (src, node, tensor) in n]
                                  for n in layer.get("inbound_nodes", [])]
        layers.append(entry)
    return {"name": model["name"], "trainable": True, "layers": layers,
            "input_layers": model["input_layers"], "output_layers": model["output_layers"]}


def _k2_weight_names(layer):
    """(weight name, value) pairs in the layer's Keras 2 weight order."""
    cls = layer["class_name"]
    name = layer["name"]
    if cls == "Sequential":
        out = []
        trainable, non_trainable = [], []
        for sub in layer["model"]["layers"]:
            for wname, value in _k2_weight_names(sub):
                (non_trainable if wname.split("/")[-1].startswith("moving_") else trainable).append((wname, value))
        out = trainable + non_trainable
        return out
    if cls in RNN_CELLS:
        cell = RNN_CELLS[cls]
        return [(f"{name}/{cell}/{k}:0", v) for k, v in layer["weights"].items()]
    if cls == "Bidirectional":
        inner = layer["inner"]
        cell = RNN_CELLS[inner["class_name"]]
        out = []
        for direction in ("forward", "backward"):
            for k, v in layer["weights"][direction].items():
                out.append((f"{name}/{direction}_{inner['name']}/{cell}/{k}:0", v))
        return out
    return [(f"{name}/{k}:0", v) for k, v in layer["weights"].items()]


def _json_default(obj):
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (np.floating,)):
        return float(obj)
    raise TypeError(f"Not JSON serializable: {type(obj)}")


def _save_attributes(group, name, data):
    # keras/saving/legacy/hdf5_format.py save_attributes_to_hdf5_group (the data here is far below 64 KB).
    group.attrs[name] = np.asarray(data)


def k2_training_config(tc):
    """tf.keras 2.12 training_config for a tfjs trainingConfig (loss, metrics, Adam)."""
    if tc is None:
        return None
    opt = tc["optimizer_config"]
    if opt["class_name"] != "Adam":
        raise ValueError(f"No Keras mapping for optimizer {opt['class_name']}.")
    o = opt["config"]
    metrics = []
    for m in tc.get("metrics") or []:
        if m in ("accuracy", "acc") and tc["loss"] == "categorical_crossentropy":
            metrics.append({"class_name": "MeanMetricWrapper",
                            "config": {"name": "accuracy", "dtype": "float32", "fn": "categorical_accuracy"}})
        else:
            raise ValueError(f"No Keras mapping for metric {m}.")
    return {
        "loss": tc["loss"],
        "metrics": [metrics],
        "weighted_metrics": None,
        "loss_weights": None,
        "optimizer_config": {"class_name": "Custom>Adam", "config": {
            "name": "Adam", "weight_decay": None, "clipnorm": None, "global_clipnorm": None, "clipvalue": None,
            "use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None, "jit_compile": False,
            "is_legacy_optimizer": False, "learning_rate": o["learningRate"], "beta_1": o["beta1"],
            "beta_2": o["beta2"], "epsilon": o["epsilon"], "amsgrad": False}},
    }


def write_h5(model, path):
    """Writes a tf.keras 2.12 style .h5 model file."""
    model_config = {"class_name": model["class_name"], "config": _k2_model_config(model)}
    bio = io.BytesIO()
    with h5py.File(bio, "w") as f:
        f.attrs["keras_version"] = KERAS2_VERSION
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(model_config, default=_json_default).encode("utf8")
        tc = k2_training_config(model.get("training_config"))
        if tc is not None:
            f.attrs["training_config"] = json.dumps(tc, default=_json_default).encode("utf8")
        g = f.create_group("model_weights")
        layers = list(model["layers"])
        if model["class_name"] == "Functional":
            pass  # model.layers of a Functional model include its InputLayers, already in the list
        _save_attributes(g, "layer_names", [layer["name"].encode("utf8") for layer in layers])
        g.attrs["backend"] = "tensorflow".encode("utf8")
        g.attrs["keras_version"] = KERAS2_VERSION.encode("utf8")
        for layer in sorted(layers, key=lambda x: x["name"]):
            lg = g.create_group(layer["name"])
            pairs = [] if layer["class_name"] == "InputLayer" else _k2_weight_names(layer)
            _save_attributes(lg, "weight_names", [n.encode("utf8") for n, _ in pairs])
            for n, v in pairs:
                ds = lg.create_dataset(n.encode("utf8"), v.shape, dtype=v.dtype)
                if not v.shape:
                    ds[()] = v
                else:
                    ds[:] = v
        top = g.create_group("top_level_model_weights")
        _save_attributes(top, "weight_names", [])
    with open(path, "wb") as out:
        out.write(bio.getvalue())
    return model_config


# ------------------------------------------------------------------ Keras 3 ------------------------------------


def _keras_tensor(shape, history):
    return {"class_name": "__keras_tensor__",
            "config": {"shape": list(shape), "dtype": "float32", "keras_history": list(history)}}


def _k3_serialize_layer(layer):
    cls = layer["class_name"]
    c = layer["config"]
    if cls == "Sequential":
        return _k3_model(layer["model"], nested=True)
    cfg = {"name": layer["name"], "trainable": True, "dtype": dtype_policy()}
    if cls == "Bidirectional":
        inner = layer["inner"]
        seq = inner["config"]["return_sequences"]
        cfg["merge_mode"] = c["merge_mode"]
        for key, direction in (("layer", "forward"), ("backward_layer", "backward")):
            ic = copy.deepcopy(inner["config"])
            if direction == "backward":
                ic["go_backwards"] = True
            sub = {"name": f"{direction}_{inner['name']}", "trainable": True, "dtype": dtype_policy(),
                   **_specific(inner["class_name"], ic, 3, in_bidirectional_seq=seq)}
            cfg[key] = {"module": "keras.layers", "class_name": inner["class_name"], "config": sub,
                        "registered_name": None, "build_config": {"input_shape": layer["input_shape"]}}
    elif cls == "TimeDistributed":
        inner = layer["inner"]
        child_shape = [layer["input_shape"][0]] + list(layer["input_shape"][2:])
        sub = {"name": inner["name"], "trainable": True, "dtype": dtype_policy(),
               **_specific(inner["class_name"], inner["config"], 3)}
        cfg["layer"] = {"module": "keras.layers", "class_name": inner["class_name"], "config": sub,
                        "registered_name": None, "build_config": {"input_shape": child_shape}}
    else:
        cfg.update(_specific(cls, c, 3))
    out = {"module": "keras.layers", "class_name": cls, "config": cfg, "registered_name": None}
    if layer.get("input_shape") is not None:
        out["build_config"] = {"input_shape": layer["input_shape"]}
    return out


def _k3_input_layer(name, batch_shape):
    return {"module": "keras.layers", "class_name": "InputLayer",
            "config": {"batch_shape": list(batch_shape), "dtype": "float32", "sparse": False, "ragged": False,
                       "name": name, "optional": False},
            "registered_name": None}


def _layer_by_name(model, name):
    for layer in model["layers"]:
        if layer["name"] == name:
            return layer
    raise KeyError(name)


def _k3_model(model, nested=False):
    if model["class_name"] == "Sequential":
        layers = [_k3_input_layer(model["input_name_k3"], model["batch_input_shape"])]
        layers += [_k3_serialize_layer(layer) for layer in model["layers"]]
        config = {"name": model["name"], "trainable": True, "dtype": dtype_policy(), "layers": layers,
                  "build_input_shape": model["batch_input_shape"]}
        out = {"module": "keras", "class_name": "Sequential", "config": config, "registered_name": None,
               "build_config": {"input_shape": model["batch_input_shape"]}}
        return out
    layers = []
    for layer in model["layers"]:
        if layer["class_name"] == "InputLayer":
            entry = _k3_input_layer(layer["name"], layer["output_shape"])
        else:
            entry = _k3_serialize_layer(layer)
        entry["name"] = layer["name"]
        nodes = []
        for node in layer.get("inbound_nodes", []):
            tensors = []
            for (src, node_index, tensor_index) in node:
                src_layer = _layer_by_name(model, src)
                # Sequential is not a Functional subclass in Keras 3: its node indices are not shifted by one.
                if src_layer["class_name"] == "Sequential":
                    node_index = node_index - 1
                tensors.append(_keras_tensor(src_layer["output_shape"], [src, node_index, tensor_index]))
            args = [tensors] if len(tensors) > 1 else tensors
            # Layers whose call() takes a mask (RNNs, wrappers, nested models) get it populated as a kwarg,
            # None when nothing upstream masks (Layer.__call__ step 6).
            kwargs = {"mask": None} if layer["class_name"] in ("Sequential",) else {}
            nodes.append({"args": args, "kwargs": kwargs})
        entry["inbound_nodes"] = nodes
        layers.append(entry)

    def io_layers(items, single):
        fixed = []
        for (name, node_index, tensor_index) in items:
            if _layer_by_name(model, name)["class_name"] == "Sequential":
                node_index -= 1
            fixed.append([name, node_index, tensor_index])
        return fixed[0] if single else fixed

    config = {"name": model["name"], "trainable": True, "layers": layers,
              "input_layers": io_layers(model["input_layers"], model.get("single_input", False)),
              "output_layers": io_layers(model["output_layers"], model.get("single_output", False))}
    return {"module": "keras.src.models.functional", "class_name": "Functional", "config": config,
            "registered_name": "Functional"}


def k3_compile_config(tc):
    if tc is None:
        return None
    o = tc["optimizer_config"]["config"]
    return {
        "optimizer": {"module": "keras.optimizers", "class_name": "Adam", "config": {
            "name": "adam", "learning_rate": o["learningRate"], "weight_decay": None, "clipnorm": None,
            "global_clipnorm": None, "clipvalue": None, "use_ema": False, "ema_momentum": 0.99,
            "ema_overwrite_frequency": None, "loss_scale_factor": None, "gradient_accumulation_steps": None,
            "beta_1": o["beta1"], "beta_2": o["beta2"], "epsilon": o["epsilon"], "amsgrad": False},
            "registered_name": None},
        "loss": tc["loss"],
        "loss_weights": None,
        "metrics": list(tc.get("metrics") or []),
        "weighted_metrics": None,
        "run_eagerly": False,
        "steps_per_execution": 1,
        "jit_compile": False,
    }


def _k3_weight_groups(layer, path, out):
    """Appends (group path, [values]) for the layer and its children, in _save_state visiting order."""
    cls = layer["class_name"]
    if cls == "Sequential":
        _k3_model_groups(layer["model"], path, out)
        return
    if cls in RNN_CELLS:
        out.append((path, []))
        out.append((path + "/cell", list(layer["weights"].values())))
        return
    if cls == "Bidirectional":
        out.append((path, []))
        # dir() order: backward_layer before forward_layer.
        for direction in ("backward", "forward"):
            out.append((f"{path}/{direction}_layer", []))
            out.append((f"{path}/{direction}_layer/cell", list(layer["weights"][direction].values())))
        return
    if cls == "TimeDistributed":
        out.append((path, []))
        out.append((path + "/layer", list(layer["weights"].values())))
        return
    out.append((path, list(layer.get("weights", {}).values())))


def _k3_model_groups(model, path, out):
    out.append((path, []))
    used = {}
    for layer in model["layers"]:
        if model["class_name"] == "Sequential" and layer["class_name"] == "InputLayer":
            continue
        cls = layer["class_name"]
        name = to_snake_case("Sequential" if cls == "Sequential" else cls)
        if name in used:
            used[name] += 1
            name = f"{name}_{used[name]}"
        else:
            used[name] = 0
        _k3_weight_groups(layer, f"{path}/layers/{name}" if path else f"layers/{name}", out)


def k3_weight_groups(model):
    out = []
    _k3_model_groups(model, "", out)
    return out


def write_keras(model, path):
    """Writes a Keras 3 .keras archive; returns (config dict, [(h5 group, [values])])."""
    config = _k3_model(model)
    cc = k3_compile_config(model.get("training_config"))
    if cc is not None:
        config["compile_config"] = cc
    groups = k3_weight_groups(model)
    bio = io.BytesIO()
    with h5py.File(bio, "w") as f:
        for gpath, values in groups:
            vg = f.create_group("vars") if not gpath else f.create_group(gpath).create_group("vars")
            for i, v in enumerate(values):
                vg[str(i)] = v
    weights_bytes = bio.getvalue()
    metadata = {"keras_version": KERAS3_VERSION, "date_saved": DATE_SAVED}
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("metadata.json", date_time=ZIP_DATE), json.dumps(metadata).encode())
        zf.writestr(zipfile.ZipInfo("config.json", date_time=ZIP_DATE),
                    json.dumps(config, default=_json_default).encode())
        zf.writestr(zipfile.ZipInfo("model.weights.h5", date_time=ZIP_DATE), weights_bytes)
    return config, groups
