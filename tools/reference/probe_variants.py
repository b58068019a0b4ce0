#!/usr/bin/python3
"""Probe: how a block's log credit and fidelity move under variants of the definitions.

Used to look for the cause of differences with the earlier float64 implementation
(data/reference/README.md, "Comparison"). Same random streams as koopman_reference.py.

    /usr/bin/python3 tools/reference/probe_variants.py --model lenet5 --blocks dense1,dense2,dense3 --seed 0

Variants (one changed at a time from the reference settings):
  snapshot tolerance: max(rows, cols)*eps (reference), rows*eps, cols*eps, 1e-15 (numpy.linalg.pinv's
                      rcond default in NumPy 1.x), 1e-10, 2^-23
  steps:              2d (reference), 2d+1, 2*nIn, 2*nOut
  held-out set:       first 1000 test digits (reference), last 1000, all 2000, training digits 2..1001
"""

import argparse
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import koopman_reference as kr  # noqa: E402


def trial_K(blk, y0, rng, steps, snap_tol):
    n_in, n_out = blk.n_in, blk.n_out
    B = rng.standard_normal((n_out, n_in))
    U, s, Vt, _ = kr.svd_pinv_parts(B)
    A = (Vt.T / s) @ U.T
    ys, yps = [], []
    y = np.asarray(y0, dtype=np.float64)
    for _ in range(steps):
        yn = A @ blk.f(y[None, :])[0]
        if not np.all(np.isfinite(yn)) or np.linalg.norm(yn) > kr.BLOWUP:
            break
        ys.append(y)
        yps.append(yn)
        y = yn
    Y, Yp = np.array(ys).T, np.array(yps).T
    U, s, Vt = np.linalg.svd(Y, full_matrices=False)
    tol = snap_tol(Y.shape) * s[0]
    r = int(np.sum(s > tol))
    return ((B @ Yp @ Vt[:r].T) / s[:r]) @ U[:, :r].T, r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="lenet5")
    ap.add_argument("--blocks", default="dense1,dense2,dense3")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--trials", type=int, default=10)
    args = ap.parse_args()
    torch.set_num_threads(1)
    spec = kr.MODELS[args.model]
    in_shape = (1, 28, 28) if spec["preprocess"] == "scale" else (81,)
    blocks = kr.load_blocks(os.path.join(kr.REPO, spec["file"]), in_shape)
    train_x, _ = kr.load_digits("train")
    test_x, _ = kr.load_digits("t10k")
    fit = kr.activations(blocks, kr.preprocess(train_x[:1], spec["preprocess"]))
    acts_test = kr.activations(blocks, kr.preprocess(test_x, spec["preprocess"]))
    acts_train = kr.activations(blocks, kr.preprocess(train_x[1:1001], spec["preprocess"]))
    eps = kr.EPS
    tols = {"max(rows,cols)*eps": lambda sh: max(sh) * eps, "rows*eps": lambda sh: sh[0] * eps,
            "cols*eps": lambda sh: sh[1] * eps, "1e-15": lambda sh: 1e-15,
            "1e-10": lambda sh: 1e-10, "2^-23": lambda sh: 2.0 ** -23}
    for bi, blk in enumerate(blocks):
        if blk.name not in args.blocks.split(","):
            continue
        d = min(blk.n_in, blk.n_out)
        step_variants = {"2d": 2 * d, "2d+1": 2 * d + 1, "2*nIn": 2 * blk.n_in, "2*nOut": 2 * blk.n_out}
        held = {"test[:1000]": (acts_test[bi][:1000], acts_test[bi + 1][:1000]),
                "test[-1000:]": (acts_test[bi][-1000:], acts_test[bi + 1][-1000:]),
                "test[all 2000]": (acts_test[bi], acts_test[bi + 1]),
                "train[1:1001]": (acts_train[bi], acts_train[bi + 1])}
        runs = [("reference", 2 * d, tols["max(rows,cols)*eps"])]
        runs += [(f"snapshot tol {k}", 2 * d, v) for k, v in tols.items() if k != "max(rows,cols)*eps"]
        runs += [(f"steps {k}", v, tols["max(rows,cols)*eps"]) for k, v in step_variants.items() if k != "2d"]
        for label, steps, tol in runs:
            Ks, ranks = [], []
            for t in range(args.trials):
                K, r = trial_K(blk, fit[bi][0], np.random.default_rng([args.seed, bi, t]), steps, tol)
                Ks.append(K)
                ranks.append(r)
            K = np.mean(Ks, axis=0)
            lc, cr, _ = kr.log_credit(K)
            fids = {k: kr.fidelity(K, X, FX)[0] for k, (X, FX) in held.items()}
            fid_txt = ", ".join(f"{k} {v:.3f}" for k, v in fids.items()) if label == "reference" \
                else f"{fids['test[:1000]']:.3f}"
            print(f"{args.model} seed {args.seed} {blk.name:7s} {label:28s} logBC {lc:9.3f} ({cr:3d}) "
                  f"snap ranks {min(ranks)}-{max(ranks)}  fidelity {fid_txt}", flush=True)


if __name__ == "__main__":
    main()
