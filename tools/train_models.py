#!/usr/bin/python3
"""Train, export and document the two MNIST models bundled with koopcredit.

This script is the provenance of the binary files in ``models/``. It is never
run by the build or the tests; run it by hand (see ``tools/README.md``)::

    /usr/bin/python3 tools/train_models.py --model all

Models (after Liang et al. 2022, "Credit Assignment for Trained Neural Networks
Based on Koopman Operator Theory"):

* ``lenet5``  -> ``models/lenet5-mnist.onnx`` (the paper's network N1),
  input ``[N, 1, 28, 28]``: pixels uint8 / 255 as float32 in [0, 1].
* ``mlp81``   -> ``models/mlp81-mnist.onnx`` (the paper's network N2),
  input ``[N, 81]``: the [0, 1] digit max-pooled to 9x9 (kernel 3, stride 3,
  floor mode: row/column 27 is dropped), flattened row-major. The pooling is
  preprocessing done *outside* the model.

Both models output logits (no softmax). Training uses ``data/mnist/train-*``
only; the reported accuracy is measured on ``data/mnist/t10k-*`` by running
the exported ONNX graph (a small NumPy interpreter in this file) and is
cross-checked against the PyTorch model in eval mode.

Requires Debian's python3-torch, python3-onnx and python3-numpy (apt), run with
``/usr/bin/python3``.
"""

import argparse
import gzip
import hashlib
import os
import shlex
import struct
import sys

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn
import torch.nn.functional as F

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA_DIR = os.path.join(REPO, "data", "mnist")
MODELS_DIR = os.path.join(REPO, "models")

OPSET = 13
METADATA_KEY = "koopcredit.preprocessing"


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------

def read_idx_images(path):
    """Read a gzip IDX3 image file (magic 2051) into a uint8 array [N, 28, 28]."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n, rows, cols = struct.unpack(">IIII", data[:16])
    if magic != 2051:
        raise ValueError(f"{path}: bad magic {magic}, expected 2051")
    pixels = np.frombuffer(data, dtype=np.uint8, offset=16)
    if pixels.size != n * rows * cols:
        raise ValueError(f"{path}: expected {n * rows * cols} pixels, got {pixels.size}")
    return pixels.reshape(n, rows, cols)


def read_idx_labels(path):
    """Read a gzip IDX1 label file (magic 2049) into a uint8 array [N]."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n = struct.unpack(">II", data[:8])
    if magic != 2049:
        raise ValueError(f"{path}: bad magic {magic}, expected 2049")
    labels = np.frombuffer(data, dtype=np.uint8, offset=8)
    if labels.size != n:
        raise ValueError(f"{path}: expected {n} labels, got {labels.size}")
    return labels


def load_split(split, data_dir=DATA_DIR):
    """Return (images uint8 [N,28,28], labels int64 [N]) for 'train' or 't10k' of a data folder."""
    images = read_idx_images(os.path.join(data_dir, f"{split}-images-idx3-ubyte.gz"))
    labels = read_idx_labels(os.path.join(data_dir, f"{split}-labels-idx1-ubyte.gz"))
    if len(images) != len(labels):
        raise ValueError(f"{split}: {len(images)} images but {len(labels)} labels")
    return images, labels.astype(np.int64)


def scale(images):
    """uint8 [N,28,28] -> float32 [N,28,28] in [0, 1] (pixel / 255)."""
    return images.astype(np.float32) / np.float32(255.0)


def pool3(images):
    """uint8 [N,28,28] -> float32 [N,81]: scale to [0,1], 3x3 max pool, stride 3.

    Floor mode: rows/columns 0..26 are used, row/column 27 is dropped. The 9x9
    result is flattened row-major (index = 9 * row + col).
    """
    x = scale(images)[:, :27, :27]
    x = x.reshape(-1, 9, 3, 9, 3).max(axis=(2, 4))
    return np.ascontiguousarray(x.reshape(-1, 81))


# --------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------

class LeNet5(nn.Module):
    """LeNet-5 (network N1). ReLU is applied with F.relu in forward()."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.pool2 = nn.MaxPool2d(2)
        self.dense1 = nn.Linear(400, 120)
        self.dense2 = nn.Linear(120, 84)
        self.dense3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool1(F.relu(self.conv1(x)))
        x = self.pool2(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.dense1(x))
        x = F.relu(self.dense2(x))
        return self.dense3(x)


class MLP81(nn.Module):
    """81-128-64-24-10 perceptron (network N2). ReLU via F.relu in forward()."""

    def __init__(self):
        super().__init__()
        self.dense1 = nn.Linear(81, 128)
        self.dense2 = nn.Linear(128, 64)
        self.dense3 = nn.Linear(64, 24)
        self.dense4 = nn.Linear(24, 10)

    def forward(self, x):
        x = F.relu(self.dense1(x))
        x = F.relu(self.dense2(x))
        x = F.relu(self.dense3(x))
        return self.dense4(x)


# Everything that defines a model: how to build it, how to preprocess its input,
# how to train it. Kept in one table so the model card can print it verbatim.
SPECS = {
    "lenet5": {
        "title": "LeNet-5 on MNIST (network N1)",
        "file": "lenet5-mnist",
        "build": LeNet5,
        "input_shape": (1, 28, 28),
        "preprocess": lambda images: scale(images)[:, None, :, :],
        "metadata": "scale",
        "input_text": (
            "`input`: float32 `[N, 1, 28, 28]`, the 28x28 digit with each pixel "
            "byte divided by 255 (values in [0, 1]). No mean/std normalization "
            "inside or outside the model."
        ),
        "seed": 20221202,
        "epochs": 15,
        "batch_size": 64,
        "lr": 1e-3,
        "weight_decay": 0.0,
        "lr_schedule": None,
    },
    "mlp81": {
        "title": "81-wide perceptron on max-pooled MNIST (network N2)",
        "file": "mlp81-mnist",
        "build": MLP81,
        "input_shape": (81,),
        "preprocess": pool3,
        "metadata": "pool=3",
        "input_text": (
            "`input`: float32 `[N, 81]`. Preprocessing, done OUTSIDE the model: "
            "divide each pixel byte by 255 (values in [0, 1]), max-pool the "
            "28x28 digit to 9x9 with kernel 3 and stride 3 in floor mode (rows "
            "and columns 0..26 are used, row/column 27 is dropped), then flatten "
            "the 9x9 grid row-major (index = 9*row + col)."
        ),
        "seed": 20221202,
        "epochs": 60,
        "batch_size": 64,
        "lr": 1e-3,
        "weight_decay": 1e-4,
        "lr_schedule": "cosine",
    },
}


# --------------------------------------------------------------------------
# Training and evaluation
# --------------------------------------------------------------------------

def seed_everything(seed):
    """Fix every source of randomness this script uses."""
    torch.manual_seed(seed)
    np.random.seed(seed)


def train(spec, x, y, log=print):
    """Train a fresh model on float32 inputs x with int64 labels y; return it."""
    seed_everything(spec["seed"])
    model = spec["build"]()
    optimizer = torch.optim.Adam(model.parameters(), lr=spec["lr"],
                                 weight_decay=spec["weight_decay"])
    steps_per_epoch = (len(x) + spec["batch_size"] - 1) // spec["batch_size"]
    scheduler = None
    if spec["lr_schedule"] == "cosine":
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(
            optimizer, T_max=spec["epochs"] * steps_per_epoch)
    generator = torch.Generator().manual_seed(spec["seed"])
    xt = torch.from_numpy(x)
    yt = torch.from_numpy(y)
    for epoch in range(1, spec["epochs"] + 1):
        model.train()
        order = torch.randperm(len(xt), generator=generator)
        total_loss = 0.0
        for start in range(0, len(xt), spec["batch_size"]):
            idx = order[start:start + spec["batch_size"]]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(xt[idx]), yt[idx])
            loss.backward()
            optimizer.step()
            if scheduler is not None:
                scheduler.step()
            total_loss += loss.item() * len(idx)
        log(f"  epoch {epoch:3d}  loss {total_loss / len(xt):.4f}")
    model.eval()
    return model


def torch_predict(model, x):
    """Argmax predictions of the torch model in eval mode, float32."""
    model.eval()
    with torch.no_grad():
        return model(torch.from_numpy(x)).argmax(dim=1).numpy()


# --------------------------------------------------------------------------
# A tiny NumPy interpreter for the exported ONNX graphs (onnx 1.12 has no
# onnx.reference and onnxruntime is not available). It supports exactly the
# operators the bundled models use (tools/train_resnet.py adds Identity,
# Add and ReduceMean) and refuses anything else.
# --------------------------------------------------------------------------

def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _conv(x, w, b, a):
    if a.get("group", 1) != 1 or any(d != 1 for d in a.get("dilations", [1, 1])):
        raise NotImplementedError("Conv with group/dilation")
    sh, sw = a.get("strides", [1, 1])
    pt, pl, pb, pr = a.get("pads", [0, 0, 0, 0])
    x = np.pad(x, ((0, 0), (0, 0), (pt, pb), (pl, pr)))
    n, c, h, wd = x.shape
    m, _, kh, kw = w.shape
    oh, ow = (h - kh) // sh + 1, (wd - kw) // sw + 1
    cols = np.empty((n, c, kh, kw, oh, ow), dtype=np.float32)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = x[:, :, i:i + sh * oh:sh, j:j + sw * ow:sw]
    y = np.einsum("nckloq,mckl->nmoq", cols, w, optimize=True)
    if b is not None:
        y = y + b[None, :, None, None]
    return y.astype(np.float32)


def _maxpool(x, a):
    if a.get("ceil_mode", 0) != 0 or any(a.get("pads", [0, 0, 0, 0])):
        raise NotImplementedError("MaxPool with ceil_mode/pads")
    kh, kw = a["kernel_shape"]
    sh, sw = a.get("strides", [1, 1])
    n, c, h, w = x.shape
    oh, ow = (h - kh) // sh + 1, (w - kw) // sw + 1
    y = np.full((n, c, oh, ow), -np.inf, dtype=np.float32)
    for i in range(kh):
        for j in range(kw):
            y = np.maximum(y, x[:, :, i:i + sh * oh:sh, j:j + sw * ow:sw])
    return y


def run_onnx_numpy(model, x):
    """Evaluate an ONNX model on input x with NumPy; return the first output."""
    env = {t.name: onnx.numpy_helper.to_array(t) for t in model.graph.initializer}
    env[model.graph.input[0].name] = x
    for node in model.graph.node:
        a = _attrs(node)
        ins = [env[name] if name else None for name in node.input]
        op = node.op_type
        if op == "Conv":
            out = _conv(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a)
        elif op == "MaxPool":
            out = _maxpool(ins[0], a)
        elif op == "Relu":
            out = np.maximum(ins[0], np.float32(0))
        elif op == "Identity":
            out = ins[0]
        elif op == "Add":
            out = ins[0] + ins[1]
        elif op == "ReduceMean":
            out = ins[0].mean(axis=tuple(a["axes"]), keepdims=bool(a.get("keepdims", 1)))
        elif op == "Flatten":
            axis = a.get("axis", 1)
            out = ins[0].reshape(int(np.prod(ins[0].shape[:axis])), -1)
        elif op == "Gemm":
            A = ins[0].T if a.get("transA", 0) else ins[0]
            B = ins[1].T if a.get("transB", 0) else ins[1]
            out = np.float32(a.get("alpha", 1.0)) * (A @ B)
            if len(ins) > 2 and ins[2] is not None:
                out = out + np.float32(a.get("beta", 1.0)) * ins[2]
        else:
            raise NotImplementedError(f"ONNX op {op} ({node.name})")
        env[node.output[0]] = out.astype(np.float32)
    return env[model.graph.output[0].name]


def onnx_predict(model, x, batch=500):
    """Argmax predictions of the ONNX model evaluated with NumPy."""
    return np.concatenate([run_onnx_numpy(model, x[i:i + batch]).argmax(axis=1)
                           for i in range(0, len(x), batch)])


# --------------------------------------------------------------------------
# Export and documentation
# --------------------------------------------------------------------------

def export_onnx(model, spec, path):
    """Export with torch.onnx, add the preprocessing metadata, check, save."""
    dummy = torch.zeros((1,) + spec["input_shape"], dtype=torch.float32)
    torch.onnx.export(
        model, dummy, path,
        opset_version=OPSET,
        input_names=["input"],
        output_names=["logits"],
        dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}},
        do_constant_folding=True,
        export_params=True,
    )
    proto = onnx.load(path)
    entry = proto.metadata_props.add()
    entry.key = METADATA_KEY
    entry.value = spec["metadata"]
    onnx.checker.check_model(proto)
    onnx.save(proto, path)
    proto = onnx.load(path)
    onnx.checker.check_model(proto)
    return proto


def layer_table(model, spec):
    """Markdown rows: module name, type, output shape, parameter count."""
    rows = []
    hooks = []
    for name, module in model.named_children():
        def hook(mod, inp, out, name=name):
            rows.append((name, mod, list(inp[0].shape), list(out.shape)))
        hooks.append(module.register_forward_hook(hook))
    with torch.no_grad():
        model(torch.zeros((1,) + spec["input_shape"]))
    for h in hooks:
        h.remove()
    lines = ["| module | layer | input shape | output shape | parameters |",
             "|---|---|---|---|---|"]
    for name, mod, ishape, oshape in rows:
        n_params = sum(p.numel() for p in mod.parameters())
        fmt = lambda s: "[N, " + ", ".join(str(d) for d in s[1:]) + "]"
        lines.append(f"| `{name}` | `{mod}` | {fmt(ishape)} | {fmt(oshape)} | {n_params:,} |")
    total = sum(p.numel() for p in model.parameters())
    lines.append(f"| | **total** | | | **{total:,}** |")
    return "\n".join(lines)


def node_table(proto):
    """Markdown rows: every node of the ONNX graph."""
    lines = ["| op_type | name | inputs | outputs | attributes |", "|---|---|---|---|---|"]
    for node in proto.graph.node:
        attrs = ", ".join(f"{k}={v}" for k, v in sorted(_attrs(node).items()))
        lines.append(f"| {node.op_type} | `{node.name}` | "
                     f"{', '.join(f'`{i}`' for i in node.input)} | "
                     f"{', '.join(f'`{o}`' for o in node.output)} | {attrs} |")
    return "\n".join(lines)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


ACTIVATIONS = {
    "lenet5": "ReLU (applied with `F.relu` in `forward`, so there are no ReLU "
              "submodules) after `conv1`, `conv2`, `dense1`, `dense2`; "
              "`torch.flatten(x, 1)` between `pool2` and `dense1`; "
              "`dense3` outputs logits (no softmax).",
    "mlp81": "ReLU (applied with `F.relu` in `forward`, so there are no ReLU "
             "submodules) after `dense1`, `dense2`, `dense3`; `dense4` outputs "
             "logits (no softmax).",
}


def write_card(name, spec, model, proto, onnx_path, n_train, correct, n_test, command):
    """Write models/<file>.md describing the exported model."""
    s = spec
    schedule = ("cosine annealing to 0 over all steps (CosineAnnealingLR, stepped per batch)"
                if s["lr_schedule"] == "cosine" else "constant")
    card = f"""# {s['title']}

File: `models/{s['file']}.onnx` ({os.path.getsize(onnx_path):,} bytes)

SHA-256: `{sha256(onnx_path)}`

Test accuracy: {100.0 * correct / n_test:.2f}% ({correct}/{n_test})

(measured on the {n_test:,} digits of `data/mnist/t10k-*`, never used for training, by
evaluating the exported ONNX graph; the PyTorch model in eval mode gives the same predictions.)

## Input and output

{s['input_text']}

ONNX metadata: `{METADATA_KEY}` = `{s['metadata']}`.

Output `logits`: float32 `[N, 10]`, one score per digit 0..9; the prediction is the argmax.
The batch axis `N` is dynamic on both input and output.

## Architecture

{ACTIVATIONS[name]}

{layer_table(model, s)}

## ONNX graph

opset {OPSET}, exported by `torch.onnx.export` (do_constant_folding=True).

{node_table(proto)}

## Training

| setting | value |
|---|---|
| training data | `data/mnist/train-*`, {n_train:,} digits (all of them) |
| loss | cross-entropy on the logits |
| optimizer | Adam (betas 0.9, 0.999), weight decay {s['weight_decay']:g} |
| learning rate | {s['lr']:g}, {schedule} |
| epochs | {s['epochs']} |
| batch size | {s['batch_size']} (reshuffled each epoch with a seeded `torch.Generator`) |
| seed | {s['seed']} (`torch.manual_seed`, `numpy.random.seed`, shuffling generator) |
| determinism | `torch.use_deterministic_algorithms(True)`, `torch.set_num_threads(2)`, CPU |

## Provenance

Made by:

```
{command}
```

with torch {torch.__version__}, onnx {onnx.__version__}, numpy {np.__version__}
(Debian packages python3-torch, python3-onnx, python3-numpy). See `tools/README.md`.
"""
    with open(os.path.join(MODELS_DIR, s["file"] + ".md"), "w", encoding="utf-8") as f:
        f.write(card)


def check_export(name, model, proto, x_test, what):
    """Predictions of the exported graph (NumPy) on x_test; fails unless the torch model's are the same."""
    pred_onnx = onnx_predict(proto, x_test)
    pred_torch = torch_predict(model, x_test)
    with torch.no_grad():
        torch_logits = model(torch.from_numpy(x_test[:500])).numpy()
    max_diff = float(np.abs(run_onnx_numpy(proto, x_test[:500]) - torch_logits).max())
    print(f"  max |ONNX(NumPy) - torch| logit difference on 500 {what}: {max_diff:.3g}")
    mismatches = int((pred_onnx != pred_torch).sum())
    if mismatches:
        raise RuntimeError(f"{name}: ONNX and torch disagree on {mismatches} {what}")
    return pred_onnx


def build_model(name, command, validate=False):
    """Train, export, evaluate and document one model."""
    spec = SPECS[name]
    print(f"== {name}: {spec['title']}")
    train_images, train_labels = load_split("train")
    test_images, test_labels = load_split("t10k")
    x_train = spec["preprocess"](train_images)

    if validate:
        # Hyper-parameter tuning aid: train on the first 7,000 training digits
        # and score the last 1,000. Touches neither the test split nor models/.
        model = train(spec, x_train[:7000], train_labels[:7000])
        pred = torch_predict(model, x_train[7000:])
        correct = int((pred == train_labels[7000:]).sum())
        print(f"  validation accuracy: {100.0 * correct / 1000:.2f}% ({correct}/1000)")
        return

    model = train(spec, x_train, train_labels)
    os.makedirs(MODELS_DIR, exist_ok=True)
    onnx_path = os.path.join(MODELS_DIR, spec["file"] + ".onnx")
    proto = export_onnx(model, spec, onnx_path)

    x_test = spec["preprocess"](test_images)
    pred_onnx = check_export(name, model, proto, x_test, "test digits")
    correct = int((pred_onnx == test_labels).sum())
    print(f"  test accuracy: {100.0 * correct / len(test_labels):.2f}% "
          f"({correct}/{len(test_labels)})")
    write_card(name, spec, model, proto, onnx_path, len(train_labels), correct,
               len(test_labels), command)
    print(f"  wrote {onnx_path} (sha256 {sha256(onnx_path)})")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=["lenet5", "mlp81", "all"], default="all",
                        help="which model to (re)make (default: all)")
    parser.add_argument("--validate", action="store_true",
                        help="tuning aid: train on 7,000 training digits, report accuracy "
                             "on the other 1,000, write nothing")
    args = parser.parse_args(argv)

    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    # The canonical command line (run from the repository root), for the model cards.
    command = "/usr/bin/python3 tools/train_models.py --model " + args.model
    names = ["lenet5", "mlp81"] if args.model == "all" else [args.model]
    for name in names:
        build_model(name, command, validate=args.validate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
