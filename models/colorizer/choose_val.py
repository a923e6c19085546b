"""Design choices of the colorizer re-made on the `val` split (issue 16): the SOR over-relaxation
ω of the propagation layer (`propagate.OMEGA`), measured on the shipped weights (ω is not a
trained parameter, so no retraining is needed to compare values); and, with --gate-off, the shipped
weights with the reach gate removed (a proxy only: those weights were trained with the gate).

  /usr/bin/python3 models/colorizer/choose_val.py --ckpt models/colorizer/runs/ship/last.pt --n 40
  (runs/ship/last.pt = from_onnx.py of the shipped colorizer.onnx)

Same protocol as eval.py (EVAL-NOTES hints, seeds per image and k); split `val` of
data/build/eval (never a test split). Prints a markdown table and writes --out (choose-val-omega.json, choose-val-gate.json).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import eval as ev  # noqa: E402
from hints import eval_hints  # noqa: E402
from lab import lab_to_rgb8, rgb_to_lab  # noqa: E402
from model import Colorizer, adapt_state  # noqa: E402

KS = [0, 1, 5, 10, 20, 50]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--split", default="val")
    ap.add_argument("--omegas", default="1.5,1.7,1.8,1.9")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--gate-off", action="store_true",
                    help="ablation: the correction ungated (exponent 0: gate = 1 everywhere) on the same weights")
    ap.add_argument("--out", default=os.path.join(HERE, "choose-val-omega.json"))
    args = ap.parse_args()
    assert args.split == "val", "design choices are made on val only"
    torch.set_num_threads(args.threads)
    st = torch.load(args.ckpt, map_location="cpu")
    model = Colorizer()
    model.load_state_dict(adapt_state(st["model"], model))
    model.eval()
    if args.gate_off:
        with torch.no_grad():
            model.log_gamma.fill_(0.0)  # the exponent of (1 − reach) is log_gamma itself (model.py): 0 → gate 1
    rgb, source = ev.load_split(args.split, args.n, 128)
    res: dict = {"ckpt": os.path.relpath(args.ckpt, ev.ROOT), "split": args.split, "n": int(len(rgb)),
                 "source": source, "gate": "off" if args.gate_off else "learnt", "omega": {}}
    t0 = time.time()
    for om in [float(o) for o in args.omegas.split(",")]:
        model.prop.omega = om
        acc = {m: {k: [0.0, 0, []] for k in KS} for m in ("model", "propagation")}
        for i in range(len(rgb)):
            gt = rgb[i]
            lab = rgb_to_lab(gt)
            L, ab = lab[..., 0], lab[..., 1:].transpose(2, 0, 1)
            for k in KS:
                h = eval_hints(ab, k, i)
                for m, fn in (("model", ev.run_model), ("propagation", ev.run_propagation)):
                    if m == "propagation" and k == 0:
                        continue
                    pred = fn(model, L, h)
                    out = lab_to_rgb8(np.concatenate([L[..., None], pred.transpose(1, 2, 0)], -1))
                    s, c = ev.chroma_de(out, lab)
                    a = acc[m][k]
                    a[0] += s
                    a[1] += c
                    a[2].append(ev.psnr(out, gt))
        res["omega"][str(om)] = {m: {str(k): {"chroma_de": v[0] / max(1, v[1]), "psnr": float(np.mean(v[2])) if v[2] else None}
                                     for k, v in per.items()} for m, per in acc.items()}
        print(f"omega {om} done {time.time() - t0:.0f}s", flush=True)
    res["seconds"] = round(time.time() - t0, 1)
    with open(args.out, "w") as fh:
        json.dump(res, fh, indent=1)
    print(f"split {args.split}, n = {res['n']}, {source}; chromatic ΔE (lower is better)")
    print("| ω | " + " | ".join(f"model k={k}" for k in KS) + " | " + " | ".join(f"prop k={k}" for k in KS[1:]) + " |")
    print("|---|" + "---|" * (2 * len(KS) - 1))
    for om, r in res["omega"].items():
        cells = [f"{r['model'][str(k)]['chroma_de']:.3f}" for k in KS] + [f"{r['propagation'][str(k)]['chroma_de']:.3f}" for k in KS[1:]]
        print(f"| {om} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
