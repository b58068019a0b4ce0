#!/usr/bin/python3
"""Print Markdown tables from data/reference/float64-reference.json.

    /usr/bin/python3 tools/reference/summarize.py [FILE] [--compare OTHER.json]

--compare prints, per model/seed/block, the difference of log credit and fidelity
between FILE and OTHER (e.g. the same run with another BLAS library).
"""

import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def table(res):
    out = []
    for mname, m in res["models"].items():
        seeds = list(m["seeds"])
        fc = m["forwardCheck"]
        out.append(f"### {mname}  (float64 forward pass: {fc['correctFloat64']}/{fc['testDigits']} "
                   f"correct, model card {fc['modelCardCorrect']}, "
                   f"{fc['predictionsDifferFloat64VsFloat32']} predictions differ from float32)\n")
        out.append("| block | nIn→nOut | kind | steps | log BC mean ± sd | log BC per seed | credit rank "
                   "| fidelity mean ± sd | fidelity per seed | P90 mean | snapshot rank (median [min,max]) "
                   "| rank order per seed | stopped |")
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for i, s in enumerate(m["summary"]["blocks"]):
            rows = [m["seeds"][k]["blocks"][i] for k in seeds]
            b = rows[0]
            cr = sorted(set(r["creditRank"] for r in rows))
            snap_med = sorted(set(r["snapshotRank"]["median"] for r in rows))
            snap_min = min(r["snapshotRank"]["min"] for r in rows)
            snap_max = max(r["snapshotRank"]["max"] for r in rows)
            out.append(
                f"| {b['name']} | {b['nIn']}→{b['nOut']} | {b['kind']} | {b['steps']} "
                f"| {s['logCreditMean']:.2f} ± {s['logCreditSd']:.2f} "
                f"| {', '.join('%.2f' % r['logCredit'] for r in rows)} "
                f"| {'/'.join(str(c) for c in cr)} "
                f"| {s['fidelityMean']:.3f} ± {s['fidelitySd']:.3f} "
                f"| {', '.join('%.3f' % r['fidelity'] for r in rows)} "
                f"| {s['fidelityP90Mean']:.3f} "
                f"| {'/'.join('%g' % v for v in snap_med)} [{snap_min},{snap_max}] "
                f"| {','.join(str(r['rankOrder']) for r in rows)} "
                f"| {sum(r['trajectoriesStopped'] for r in rows)} |")
        out.append("")
        out.append("Rankings per seed: " + "; ".join(
            f"{k}: {' > '.join(v)}" for k, v in m["summary"]["rankingsPerSeed"].items()))
        sp = m["summary"]["spearmanLogCreditBetweenSeeds"]
        vals = list(sp.values())
        out.append(f"\nSpearman ρ of block log credits between seed pairs: min {min(vals):.3f}, "
                   f"max {max(vals):.3f} (" + ", ".join(f"{k}: {v:.3f}" for k, v in sp.items()) + ")\n")
    return "\n".join(out)


def compare(a, b):
    out = ["| model | seed | block | Δ log BC | Δ credit rank | Δ fidelity | snapshot ranks equal |",
           "|---|---|---|---|---|---|---|"]
    for mname, m in a["models"].items():
        if mname not in b["models"]:
            continue
        for seed, sa in m["seeds"].items():
            sb = b["models"][mname]["seeds"].get(seed)
            if sb is None:
                continue
            rb = {r["name"]: r for r in sb["blocks"]}
            for r in sa["blocks"]:
                o = rb.get(r["name"])
                if o is None:
                    continue
                out.append(f"| {mname} | {seed} | {r['name']} | {r['logCredit'] - o['logCredit']:+.4f} "
                           f"| {r['creditRank'] - o['creditRank']:+d} "
                           f"| {r['fidelity'] - o['fidelity']:+.2e} "
                           f"| {r['snapshotRankPerTrial'] == o['snapshotRankPerTrial']} |")
    return "\n".join(out)


def main(argv):
    path = os.path.join(REPO, "data", "reference", "float64-reference.json")
    other = None
    args = list(argv)
    if "--compare" in args:
        i = args.index("--compare")
        other = args[i + 1]
        del args[i:i + 2]
    if args:
        path = args[0]
    with open(path) as f:
        res = json.load(f)
    if other:
        with open(other) as f:
            print(compare(res, json.load(f)))
    else:
        print(table(res))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
