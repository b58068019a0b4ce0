#!/usr/bin/env python3
"""Structured against Gaussian alignment on the bundled models (README, "Scale").

Runs `./koopcredit credit` on each model with --alignment gaussian and --alignment structured for five seeds
(the paper's settings otherwise), into OUT/<model>-<alignment>-<seed>/credit.json (runs already there are
reused), and prints per block the mean and seed-to-seed standard deviation of log BC under each alignment,
the difference of the means in Gaussian standard deviations, the credit ranks per seed, the median fidelity,
and Spearman's rho between the mean credits, between Gaussian seeds and between Gaussian and structured seeds.

    python3 tools/compare_alignments.py [OUT]    (default OUT: /tmp/koopcredit-alignments)
"""
import json
import os
import statistics as st
import subprocess
import sys

MODELS = ["mlp81", "lenet5"]
SEEDS = [20221202 + k for k in range(5)]
ALIGNMENTS = ["gaussian", "structured"]


def run(out):
    for model in MODELS:
        for seed in SEEDS:
            for a in ALIGNMENTS:
                d = os.path.join(out, f"{model}-{a}-{seed}")
                if os.path.exists(os.path.join(d, "credit.json")):
                    continue
                subprocess.run(["./koopcredit", "credit", "--quiet", "--model", f"models/{model}-mnist.onnx",
                                "--alignment", a, "--seed", str(seed), "--out", d, "--report", "json"], check=True)


def load(out, model, a):
    runs = {}
    for seed in SEEDS:
        with open(os.path.join(out, f"{model}-{a}-{seed}", "credit.json")) as f:
            runs[seed] = {b["name"]: b for b in json.load(f)["blocks"]}
    return runs


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: -values[i])
    r = [0] * len(values)
    for k, i in enumerate(order):
        r[i] = k + 1
    return r


def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    n = len(a)
    return 1 - 6 * sum((x - y) ** 2 for x, y in zip(ra, rb)) / (n * (n * n - 1))


def report(out):
    for model in MODELS:
        g, s = load(out, model, "gaussian"), load(out, model, "structured")
        blocks = list(g[SEEDS[0]].keys())
        print(f"{model}:\n")
        print("| block | Gaussian log BC, mean ± sd | structured, mean ± sd | difference of means / Gaussian sd"
              " | Gaussian rank (per seed) | structured rank (per seed) | Gaussian fidelity (median over seeds)"
              " | structured fidelity |")
        print("|---|---|---|---|---|---|---|---|")
        for b in blocks:
            gv = [g[x][b]["logCredit"] for x in SEEDS]
            sv = [s[x][b]["logCredit"] for x in SEEDS]
            gm, gs, sm, ss = st.mean(gv), st.stdev(gv), st.mean(sv), st.stdev(sv)
            gr = ",".join(str(g[x][b]["creditRank"]) for x in SEEDS)
            sr = ",".join(str(s[x][b]["creditRank"]) for x in SEEDS)
            gf = st.median(g[x][b]["fidelity"] for x in SEEDS)
            sf = st.median(s[x][b]["fidelity"] for x in SEEDS)
            print(f"| {b} | {gm:.1f} ± {gs:.1f} | {sm:.1f} ± {ss:.1f} | {(sm - gm) / gs:+.2f} | {gr} | {sr} |"
                  f" {gf:.3f} | {sf:.3f} |")
        gmean = [st.mean(g[x][b]["logCredit"] for x in SEEDS) for b in blocks]
        smean = [st.mean(s[x][b]["logCredit"] for x in SEEDS) for b in blocks]
        credits = lambda runs, x: [runs[x][b]["logCredit"] for b in blocks]
        gg = [spearman(credits(g, a), credits(g, c)) for i, a in enumerate(SEEDS) for c in SEEDS[i + 1:]]
        gs_ = [spearman(credits(g, a), credits(s, c)) for a in SEEDS for c in SEEDS]
        print(f"\nSpearman's rho of the mean credits, Gaussian against structured: {spearman(gmean, smean):.3f};"
              f" between two Gaussian seeds: {st.mean(gg):.3f} on average (smallest {min(gg):.3f}); between a"
              f" Gaussian and a structured seed: {st.mean(gs_):.3f} ({min(gs_):.3f}).\n")


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/koopcredit-alignments"
    run(out)
    report(out)
