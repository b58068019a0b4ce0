#!/usr/bin/python3
"""Independent float64 reference of Koopman block credit (Liang et al. 2022).

Written from the paper (Section III) and the project's stated definitions only,
without reading the Java sources, to check the Java tool `koopcredit`
(issue #9). Everything is evaluated in float64: the weights are read from the
ONNX files with `onnx.numpy_helper` and the blocks are evaluated with
torch.float64 functional ops (conv2d, max_pool2d, relu, matmul).

Per block f_i: R^nIn -> R^nOut and per trial t = 0..T-1:

  B      nOut x nIn, i.i.d. N(0, 1) (identity if nIn == nOut),
  A      = pinv(B) (SVD, singular values <= max(m, n) * eps * s_max dropped),
  y(0)   = the block's real input for the first training digit (N = 1),
  y(k+1) = A f(y(k)),  k = 0 .. 2d-1,  d = min(nIn, nOut),
           (a trajectory is stopped when a state is non-finite or its norm
           exceeds 1e150; the pairs before it are kept),
  K~     = Y' pinv(Y)      Y = [y(0) .. y(2d-1)],  Y' = [y(1) .. y(2d)],
           pinv by SVD with the NumPy matrix_rank tolerance
           max(rows, cols) * eps * s_max,
  K_t    = B K~            (nOut x nIn).

The block operator is the mean of the T matrices K_t. Its log block credit is
the sum of the logs of its singular values above max(m, n) * eps * s_max (the
"product of non-zero singular values"; equal to log sqrt|M^T M| or
log sqrt|M M^T| when M has full rank). Fidelity is the median (and 90th
percentile) over held-out test digits of ||K x - f(x)|| / ||f(x)||.

Random numbers: for seed s, block index b (0-based, in network order) and trial
t, B is drawn by numpy.random.default_rng([s, b, t]).standard_normal((nOut, nIn)),
i.e. one independent PCG64 stream per (seed, block, trial) seeded through
numpy.random.SeedSequence([s, b, t]).

Usage (from the repository root):

  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread \\
    /usr/bin/python3 tools/reference/koopman_reference.py

The LD_LIBRARY_PATH line is optional (it only selects OpenBLAS for speed; see
tools/reference/README.md).
"""

import argparse
import datetime
import gzip
import json
import os
import platform
import shlex
import struct
import sys
import time

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn.functional as F

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EPS = np.finfo(np.float64).eps
BLOWUP = 1e150

MODELS = {
    "lenet5": {"file": "models/lenet5-mnist.onnx", "preprocess": "scale",
               "card_correct": 1950},
    "mlp81": {"file": "models/mlp81-mnist.onnx", "preprocess": "pool3",
              "card_correct": 1850},
}


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------

def read_idx(path, magic_expected):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic = struct.unpack(">I", raw[:4])[0]
    if magic != magic_expected:
        raise ValueError(f"{path}: magic {magic}, expected {magic_expected}")
    if magic == 2051:
        n, rows, cols = struct.unpack(">III", raw[4:16])
        return np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(n, rows, cols)
    n = struct.unpack(">I", raw[4:8])[0]
    return np.frombuffer(raw, dtype=np.uint8, offset=8).reshape(n)


def load_digits(split):
    d = os.path.join(REPO, "data", "mnist")
    images = read_idx(os.path.join(d, f"{split}-images-idx3-ubyte.gz"), 2051)
    labels = read_idx(os.path.join(d, f"{split}-labels-idx1-ubyte.gz"), 2049)
    assert len(images) == len(labels)
    return images, labels.astype(np.int64)


def preprocess(images, kind, dtype=np.float64):
    """uint8 [N,28,28] -> network input (float64 by default)."""
    x = images.astype(dtype) / dtype(255.0)
    if kind == "scale":                      # LeNet-5: [N, 1, 28, 28]
        return x[:, None, :, :]
    if kind == "pool3":                      # MLP: 3x3 stride-3 max pool, floor mode
        x = x[:, :27, :27].reshape(-1, 9, 3, 9, 3).max(axis=(2, 4))
        return x.reshape(-1, 81)             # row-major: index 9*row + col
    raise ValueError(kind)


# --------------------------------------------------------------------------
# Network as a list of blocks, evaluated with torch functional ops
# --------------------------------------------------------------------------

def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


class Block:
    """One weight/pool layer plus the Relu/Flatten nodes that follow it."""

    def __init__(self, name):
        self.name = name
        self.ops = []          # (op_type, params)
        self.in_shape = None   # per-sample shape, e.g. (1, 28, 28) or (400,)
        self.out_shape = None

    @property
    def n_in(self):
        return int(np.prod(self.in_shape))

    @property
    def n_out(self):
        return int(np.prod(self.out_shape))

    def apply(self, x):
        """x: torch tensor [batch, *in_shape] -> [batch, *out_shape]."""
        for op, p in self.ops:
            if op == "Conv":
                x = F.conv2d(x, p["W"], p["b"], stride=p["strides"],
                             padding=p["padding"], dilation=p["dilations"])
            elif op == "MaxPool":
                x = F.max_pool2d(x, p["kernel"], stride=p["strides"], padding=0,
                                 ceil_mode=False)
            elif op == "Relu":
                x = torch.relu(x)
            elif op == "Flatten":
                x = x.reshape(x.shape[0], -1)
            elif op == "Gemm":
                x = p["alpha"] * (x @ p["W"].T) + p["beta"] * p["b"]
            else:
                raise NotImplementedError(op)
        return x

    def f(self, y, dtype=torch.float64):
        """Flat block map on rows: numpy [batch, nIn] -> numpy [batch, nOut]."""
        x = torch.from_numpy(np.ascontiguousarray(y)).reshape((y.shape[0],) + self.in_shape)
        with torch.no_grad():
            out = self.apply(x.to(dtype))
        return out.reshape(y.shape[0], -1).numpy()

    def cast(self, dtype):
        c = Block(self.name)
        c.in_shape, c.out_shape = self.in_shape, self.out_shape
        for op, p in self.ops:
            c.ops.append((op, {k: (v.to(dtype) if isinstance(v, torch.Tensor) else v)
                               for k, v in p.items()}))
        return c


def load_blocks(path, input_shape):
    model = onnx.load(path)
    init = {t.name: onnx.numpy_helper.to_array(t) for t in model.graph.initializer}
    t64 = lambda a: torch.from_numpy(np.asarray(a, dtype=np.float64).copy())
    blocks = []
    for node in model.graph.node:
        a = attrs(node)
        op = node.op_type
        if op in ("Conv", "Gemm", "MaxPool"):
            blocks.append(Block(node.name.split("/")[1]))
        blk = blocks[-1]
        if op == "Conv":
            pads = a.get("pads", [0, 0, 0, 0])
            assert pads[0] == pads[2] and pads[1] == pads[3], "asymmetric pads"
            assert a.get("group", 1) == 1
            blk.ops.append((op, {"W": t64(init[node.input[1]]),
                                 "b": t64(init[node.input[2]]) if len(node.input) > 2 else None,
                                 "strides": tuple(a.get("strides", [1, 1])),
                                 "padding": (pads[0], pads[1]),
                                 "dilations": tuple(a.get("dilations", [1, 1]))}))
        elif op == "MaxPool":
            assert a.get("ceil_mode", 0) == 0 and not any(a.get("pads", [0, 0, 0, 0]))
            blk.ops.append((op, {"kernel": tuple(a["kernel_shape"]),
                                 "strides": tuple(a.get("strides", a["kernel_shape"]))}))
        elif op == "Gemm":
            assert a.get("transA", 0) == 0
            W = init[node.input[1]]
            if not a.get("transB", 0):
                W = W.T
            blk.ops.append((op, {"W": t64(W), "b": t64(init[node.input[2]]),
                                 "alpha": float(a.get("alpha", 1.0)),
                                 "beta": float(a.get("beta", 1.0))}))
        elif op in ("Relu", "Flatten"):
            assert a.get("axis", 1) == 1
            blk.ops.append((op, {}))
        else:
            raise NotImplementedError(f"{op} ({node.name})")
    # shapes
    x = torch.zeros((1,) + tuple(input_shape), dtype=torch.float64)
    for blk in blocks:
        blk.in_shape = tuple(x.shape[1:])
        with torch.no_grad():
            x = blk.apply(x)
        blk.out_shape = tuple(x.shape[1:])
    return blocks


def activations(blocks, x, dtype=torch.float64, batch=500):
    """Flat activations [input of block 0, output of block 0, ...] for rows of x."""
    acts = [[] for _ in range(len(blocks) + 1)]
    for s in range(0, len(x), batch):
        h = np.asarray(x[s:s + batch]).reshape(min(batch, len(x) - s), -1)
        acts[0].append(h)
        for i, blk in enumerate(blocks):
            h = blk.f(h, dtype)
            acts[i + 1].append(h)
    return [np.concatenate(a) for a in acts]


# --------------------------------------------------------------------------
# Linear algebra
# --------------------------------------------------------------------------

def svd_pinv_parts(M, tol_dim=None):
    """Thin SVD of M and the rank kept with tol = max(m, n) * eps * s_max.

    tol_dim replaces max(m, n) when M is a column subset of a larger matrix.
    """
    U, s, Vt = np.linalg.svd(M, full_matrices=False)
    tol = (tol_dim or max(M.shape)) * EPS * (s[0] if s.size else 0.0)
    r = int(np.sum(s > tol))
    return U[:, :r], s[:r], Vt[:r], s


def pinv(M):
    U, s, Vt, _ = svd_pinv_parts(M)
    return (Vt.T / s) @ U.T


def log_credit(M):
    s = np.linalg.svd(M, compute_uv=False)
    tol = max(M.shape) * EPS * s[0]
    kept = s[s > tol]
    return float(np.sum(np.log(kept))), int(kept.size), s


def spearman(a, b):
    def ranks(v):
        v = np.asarray(v, dtype=np.float64)
        order = np.argsort(v, kind="mergesort")
        r = np.empty(len(v))
        r[order] = np.arange(1, len(v) + 1)
        for val in np.unique(v):          # average ranks for ties
            m = v == val
            r[m] = r[m].mean()
        return r
    ra, rb = ranks(a), ranks(b)
    ra, rb = ra - ra.mean(), rb - rb.mean()
    den = np.sqrt((ra ** 2).sum() * (rb ** 2).sum())
    return float((ra * rb).sum() / den) if den > 0 else float("nan")


# --------------------------------------------------------------------------
# The method
# --------------------------------------------------------------------------

def one_trial(blk, y0, rng, steps):
    n_in, n_out = blk.n_in, blk.n_out
    info = {}
    if n_in == n_out:
        B = None                                   # E2E: A = B = I
        A = None
        info["redraws"] = 0
    else:
        redraws = 0
        while True:
            B = rng.standard_normal((n_out, n_in))
            U, s, Vt, s_all = svd_pinv_parts(B)
            if s.size == min(n_in, n_out):         # full rank (Theorem 4)
                break
            redraws += 1
        A = (Vt.T / s) @ U.T                       # nIn x nOut
        info["redraws"] = redraws
        info["condB"] = float(s_all[0] / s_all[-1])
    Y = np.zeros((steps, n_in))            # row k holds y(k) (transposed at the end)
    Yp = np.zeros((steps, n_in))           # row k holds y(k+1)
    y = np.asarray(y0, dtype=np.float64)
    pairs = 0
    stopped = False
    zero_from = None
    for k in range(steps):
        fy = blk.f(y[None, :])[0]
        yn = fy if A is None else A @ fy
        if not np.all(np.isfinite(yn)) or np.linalg.norm(yn) > BLOWUP:
            stopped = True
            break
        Y[k] = y
        Yp[k] = yn
        pairs += 1
        if not y.any() and not fy.any():
            # y(k) = 0 exactly and f(0) = 0 exactly, so y(k+1) = A 0 = 0 and every
            # later pair is (0, 0): the remaining rows are already zero.
            zero_from = k
            pairs = steps
            break
        y = yn
    Y, Yp = Y[:pairs].T, Yp[:pairs].T
    info.update(pairs=pairs, stopped=stopped, zeroFixedPointFromStep=zero_from,
                finalNorm=float(np.linalg.norm(Y[:, -1])) if pairs else None,
                lastStepChange=float(np.linalg.norm(Yp[:, -1] - Y[:, -1])) if pairs else None)
    if pairs == 0:
        info["snapshotRank"] = 0
        return np.zeros((n_out, n_in)), info
    # Exactly-zero columns of Y add nothing to Y Y^T or Y' Y^T, and pinv(Y) has zero
    # rows there, so K~ = Y'[:, nz] pinv(Y[:, nz]). They still count in the tolerance
    # max(rows, cols) * eps * s_max, where cols = all pairs.
    nz = np.flatnonzero(Y.any(axis=0))
    info["nonzeroColumns"] = int(nz.size)
    if nz.size == 0:
        info["snapshotRank"] = 0
        return np.zeros((n_out, n_in)), info
    Y, Yp = Y[:, nz], Yp[:, nz]
    U, s, Vt, s_all = svd_pinv_parts(Y, tol_dim=max(n_in, pairs))
    info["snapshotRank"] = int(s.size)
    # K_t = B K~ = B Y' pinv(Y) = ((B Y') V S^-1) U^T
    BYp = Yp if B is None else B @ Yp
    K = ((BYp @ Vt.T) / s) @ U.T
    return K, info


def run_block(blk, y0, seed, b_index, trials):
    d = min(blk.n_in, blk.n_out)
    steps = 2 * d
    K_sum = np.zeros((blk.n_out, blk.n_in))
    infos = []
    for t in range(trials):
        rng = np.random.default_rng([seed, b_index, t])
        K, info = one_trial(blk, y0, rng, steps)
        K_sum += K
        infos.append(info)
    return K_sum / trials, infos, steps


def fidelity(K, X, FX):
    pred = X @ K.T
    num = np.linalg.norm(pred - FX, axis=1)
    den = np.linalg.norm(FX, axis=1)
    ok = den > 0
    rel = num[ok] / den[ok]
    return float(np.median(rel)), float(np.percentile(rel, 90)), int((~ok).sum())


def kind_of(n_in, n_out):
    return "S2L" if n_in < n_out else ("L2S" if n_in > n_out else "E2E")


def blas_in_use():
    try:
        with open("/proc/self/maps") as f:
            libs = sorted({line.split()[-1] for line in f
                           if ("blas" in line or "lapack" in line) and "/" in line})
        return libs
    except OSError:
        return []


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", default="lenet5,mlp81")
    ap.add_argument("--seeds", default="0,1,2,3,4")
    ap.add_argument("--trials", type=int, default=10)
    ap.add_argument("--held-out", type=int, default=1000)
    ap.add_argument("--blocks", default="",
                    help="comma-separated block names to run (default: all; a probe option: "
                         "ranks and Spearman are then over the chosen blocks only)")
    ap.add_argument("--out", default=os.path.join(REPO, "data", "reference", "float64-reference.json"))
    ap.add_argument("--spectra", default=os.path.join(REPO, "data", "reference", "float64-spectra.json"),
                    help="where to write the singular values of every mean operator ('' = none)")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    seeds = [int(s) for s in args.seeds.split(",")]
    t_start = time.time()

    train_x, train_y = load_digits("train")
    test_x, test_y = load_digits("t10k")

    result = {"models": {}}
    spectra = {}
    for mname in args.models.split(","):
        spec = MODELS[mname]
        t_model = time.time()
        in_shape = (1, 28, 28) if spec["preprocess"] == "scale" else (81,)
        blocks = load_blocks(os.path.join(REPO, spec["file"]), in_shape)
        chosen = set(args.blocks.split(",")) if args.blocks else None
        # forward passes
        xt = preprocess(test_x, spec["preprocess"])
        acts_test = activations(blocks, xt)
        pred64 = acts_test[-1].argmax(axis=1)
        blocks32 = [b.cast(torch.float32) for b in blocks]
        xt32 = preprocess(test_x, spec["preprocess"], np.float32)
        pred32 = activations(blocks32, xt32, dtype=torch.float32)[-1].argmax(axis=1)
        correct64 = int((pred64 == test_y).sum())
        check = {"testDigits": int(len(test_y)), "correctFloat64": correct64,
                 "correctFloat32": int((pred32 == test_y).sum()),
                 "modelCardCorrect": spec["card_correct"],
                 "predictionsDifferFloat64VsFloat32": int((pred64 != pred32).sum())}
        print(f"== {mname}: float64 {correct64}/{len(test_y)} correct, float32 "
              f"{check['correctFloat32']}, {check['predictionsDifferFloat64VsFloat32']} "
              f"predictions differ (model card {spec['card_correct']})", flush=True)
        fit = activations(blocks, preprocess(train_x[:1], spec["preprocess"]))
        H = args.held_out
        mres = {"forwardCheck": check,
                "fittingLabel": int(train_y[0]),
                "blocks": [{"name": b.name, "nIn": b.n_in, "nOut": b.n_out,
                            "kind": kind_of(b.n_in, b.n_out),
                            "ops": [op for op, _ in b.ops]} for b in blocks],
                "seeds": {}}
        spectra[mname] = {}
        for seed in seeds:
            rows = []
            spectra[mname][str(seed)] = {}
            for bi, blk in enumerate(blocks):
                if chosen is not None and blk.name not in chosen:
                    continue
                t0 = time.time()
                K, infos, steps = run_block(blk, fit[bi][0], seed, bi, args.trials)
                lc, crank, s = log_credit(K)
                fmed, fp90, zeros = fidelity(K, acts_test[bi][:H], acts_test[bi + 1][:H])
                sr = [i["snapshotRank"] for i in infos]
                rows.append({
                    "name": blk.name, "nIn": blk.n_in, "nOut": blk.n_out,
                    "kind": kind_of(blk.n_in, blk.n_out), "steps": steps,
                    "logCredit": lc, "creditRank": crank,
                    "fidelity": fmed, "fidelityP90": fp90,
                    "fidelitySkippedZeroOutputs": zeros,
                    "snapshotRank": {"median": float(np.median(sr)), "min": int(min(sr)),
                                     "max": int(max(sr))},
                    "trajectoriesStopped": int(sum(i["stopped"] for i in infos)),
                    "pairsPerTrial": [i["pairs"] for i in infos],
                    "snapshotRankPerTrial": sr,
                    "finalStateNormPerTrial": [i["finalNorm"] for i in infos],
                    "lastStepChangePerTrial": [i["lastStepChange"] for i in infos],
                    "zeroStateFromStepPerTrial": [i.get("zeroFixedPointFromStep") for i in infos],
                    "nonzeroSnapshotColumnsPerTrial": [i.get("nonzeroColumns") for i in infos],
                    "condBPerTrial": [i.get("condB") for i in infos],
                    "alignmentRedraws": int(sum(i["redraws"] for i in infos)),
                    "creditSingularValueMax": float(s[0]),
                    "creditTolerance": float(max(K.shape) * EPS * s[0]),
                    # diagnostics: how close the credit rank is to the tolerance
                    "smallestKeptRelative": float(s[crank - 1] / s[0]) if crank else None,
                    "largestDroppedRelative": float(s[crank] / s[0]) if crank < s.size else None,
                    "keptBelowRelative1e-6": int(np.sum(s[:crank] < 1e-6 * s[0])),
                    "logCreditRelTol2pow-23": float(np.sum(np.log(s[s > 2.0 ** -23 * s[0]]))),
                    "creditRankRelTol2pow-23": int(np.sum(s > 2.0 ** -23 * s[0])),
                    "seconds": round(time.time() - t0, 2),
                })
                spectra[mname][str(seed)][blk.name] = [float(v) for v in s]
                print(f"  seed {seed} {blk.name:7s} {blk.n_in:5d}->{blk.n_out:5d} steps {steps:5d} "
                      f"logBC {lc:10.3f} (rank {crank:4d}) fid {fmed:.3f} p90 {fp90:.3f} "
                      f"snap {np.median(sr):.0f} [{min(sr)},{max(sr)}] stopped "
                      f"{rows[-1]['trajectoriesStopped']} ({time.time() - t0:.1f}s)", flush=True)
            order = sorted(range(len(rows)), key=lambda i: -rows[i]["logCredit"])
            for r, i in enumerate(order):
                rows[i]["rankOrder"] = r + 1
            mres["seeds"][str(seed)] = {"blocks": rows,
                                        "ranking": [rows[i]["name"] for i in order]}
        # summary over seeds
        summ = []
        run_blocks = [b for b in blocks if chosen is None or b.name in chosen]
        for bi, blk in enumerate(run_blocks):
            lcs = np.array([mres["seeds"][str(s)]["blocks"][bi]["logCredit"] for s in seeds])
            fids = np.array([mres["seeds"][str(s)]["blocks"][bi]["fidelity"] for s in seeds])
            p90s = np.array([mres["seeds"][str(s)]["blocks"][bi]["fidelityP90"] for s in seeds])
            ranks = [mres["seeds"][str(s)]["blocks"][bi]["creditRank"] for s in seeds]
            snaps = [mres["seeds"][str(s)]["blocks"][bi]["snapshotRank"]["median"] for s in seeds]
            ro = [mres["seeds"][str(s)]["blocks"][bi]["rankOrder"] for s in seeds]
            ddof = 1 if len(seeds) > 1 else 0
            summ.append({"name": blk.name,
                         "logCreditMean": float(lcs.mean()), "logCreditSd": float(lcs.std(ddof=ddof)),
                         "fidelityMean": float(fids.mean()), "fidelitySd": float(fids.std(ddof=ddof)),
                         "fidelityP90Mean": float(p90s.mean()),
                         "creditRankPerSeed": ranks, "snapshotRankMedianPerSeed": snaps,
                         "rankOrderPerSeed": ro})
        sp = {}
        for i, a in enumerate(seeds):
            for b in seeds[i + 1:]:
                la = [r["logCredit"] for r in mres["seeds"][str(a)]["blocks"]]
                lb = [r["logCredit"] for r in mres["seeds"][str(b)]["blocks"]]
                sp[f"{a}-{b}"] = spearman(la, lb)
        mres["summary"] = {"sdIsSampleSd": True, "blocks": summ,
                           "spearmanLogCreditBetweenSeeds": sp,
                           "rankingsPerSeed": {str(s): mres["seeds"][str(s)]["ranking"] for s in seeds}}
        mres["seconds"] = round(time.time() - t_model, 1)
        result["models"][mname] = mres

    result["provenance"] = {
        "script": "tools/reference/koopman_reference.py",
        "commandLine": " ".join(shlex.quote(a) for a in [sys.executable] + sys.argv),
        "ldLibraryPath": os.environ.get("LD_LIBRARY_PATH"),
        "blasLapackLoaded": blas_in_use(),
        "python": platform.python_version(), "numpy": np.__version__,
        "torch": torch.__version__, "onnx": onnx.__version__,
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "cpuCount": os.cpu_count(),
        "seconds": round(time.time() - t_start, 1),
        "settings": {
            "fittingSamples": "N = 1: the first digit of data/mnist/train-*",
            "heldOut": f"the first {args.held_out} digits of data/mnist/t10k-*",
            "trials": args.trials, "seeds": seeds,
            "rng": "B = numpy.random.default_rng([seed, blockIndex, trial]).standard_normal((nOut, nIn)); "
                   "blockIndex 0-based in network order; redrawn if rank-deficient (never happened if "
                   "alignmentRedraws == 0); E2E blocks use A = B = I",
            "alignment": "A = pinv(B) by SVD (tolerance max(m,n)*eps*s_max)",
            "d": "min(nIn, nOut); steps = 2d; y(k+1) = A f(y(k)), k = 0..2d-1",
            "trajectoryStop": f"state non-finite or norm > {BLOWUP:g}: stop, keep earlier pairs",
            "dmd": "K~ = Y' pinv(Y), pinv by SVD with tolerance max(rows, cols)*eps*s_max",
            "operator": "K_t = B K~; block operator = mean over the trials",
            "credit": "logCredit = sum of log singular values of the mean operator above "
                      "max(m,n)*eps*s_max (float64 eps); creditRank = their count",
            "fidelity": "median (and 90th percentile) over held-out digits of "
                        "||K x - f(x)|| / ||f(x)||, skipping f(x) = 0",
            "precision": "float64 everywhere (weights cast exactly from float32)",
        },
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    if args.spectra:
        with open(args.spectra, "w") as f:
            json.dump({"description": "singular values (descending) of the mean operator K_i of "
                       "every block, per model and seed; see float64-reference.json",
                       "spectra": spectra}, f)
    print(f"wrote {args.out} in {time.time() - t_start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
