"""The image prompt's design, chosen on val (issue 16). The shipped design — the sheet of the
panel's *largest* object, image-prompt learning rate ×5 — was chosen on `test_comp` story evals
(CARD.md, "How the image prompt came to work"). This script decides between it and one-change
alternatives, each the ipval recipe (CARD.md) with one option changed and trained from the same
start (cpu1) to the same horizon:

    lr1     --image-lr-mult 1         (the image prompt learns at the UNet's rate)
    subject --sheet-source subject    (the sheet of the caption's first subject, not the largest
                                       object: a different sheet for 78 % of train panels)

Each run keeps checkpoints every 1,000 steps to 2,000 (the shipped stop; ipval's own checkpoints
to 2,000 at 500-step spacing are in the pool too) and is scored by choose_val_ip_stop.py with the
same K = 24 val stories, seeds and evaluator CLIP (its --cache folders hold per-checkpoint JSON):

    nice /usr/bin/python3 models/diffusion/choose_val_ip_stop.py --run models/diffusion/runs/ipd-lr1 \
        --evaluator models/clip/evaluator/runs/e1 --cache models/diffusion/runs/ipd-lr1/scores
    nice /usr/bin/python3 models/diffusion/choose_val_ip_design.py \
        --design shipped=models/diffusion/runs/ipval/scores --design lr1=models/diffusion/runs/ipd-lr1/scores \
        --design subject=models/diffusion/runs/ipd-subject/scores --out models/diffusion/choose-val-ip-design.json

Rule, fixed before any alternative was trained or scored: pool every (design, checkpoint ≤ 2,000);
apply choose_val_ip_stop's rule to the pool (T_best = the highest mean T; admissible = paired 95 %
interval of T − T_best reaches 0; pick = the admissible checkpoint with the highest mean E). If the
pick is the shipped design, nothing moves (its stop was chosen by the stop rule). Otherwise the
picked design replaces the shipped one only when its E is measurably above the shipped checkpoint's
(paired 95 % interval of E_pick − E_shipped above 0); else the shipped weights stay — a new design
costs a re-export and new model-test references, and a tie is not worth that.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from choose_val_ip_stop import choose, per_story  # noqa: E402
from choose_val_steps import interval  # noqa: E402

HORIZON = 2000
SHIPPED = ("shipped", 2000)


def load_scores(folder: str, horizon: int = HORIZON) -> dict[int, dict[str, np.ndarray]]:
    out = {}
    for path in glob.glob(os.path.join(folder, "step-*.json")):
        step = int(re.fullmatch(r"step-(\d+)\.json", os.path.basename(path)).group(1))
        if step > horizon:
            continue
        row = json.load(open(path))
        out[step] = per_story(row)
    return out


def decide(pool: dict[tuple[str, int], dict[str, np.ndarray]], shipped=SHIPPED) -> dict:
    pick, t_best, vs = choose(pool)
    out = {"pick": list(pick), "t_best": list(t_best), "shipped": list(shipped)}
    if pick[0] == shipped[0]:
        out.update(ships=list(shipped), why="the pick is the shipped design: nothing moves")
        return out
    m, h = interval(pool[pick]["E"] - pool[shipped]["E"])
    out["e_pick_minus_shipped"] = [m, h]
    if m - h > 0:
        out.update(ships=list(pick), why="the picked design's E is measurably above the shipped one's")
    else:
        out.update(ships=list(shipped), why="the picked design's E is not measurably above the shipped one's")
    out["t_minus_best"] = {f"{d}@{s}": vs[(d, s)] for d, s in pool}
    return out


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--design", action="append", required=True, help="name=folder of step-N.json scores")
    p.add_argument("--out", default="")
    args = p.parse_args(argv)
    pool = {}
    for spec in args.design:
        name, folder = spec.split("=", 1)
        for step, d in load_scores(folder).items():
            pool[(name, step)] = d
    assert SHIPPED in pool, "the shipped checkpoint's scores are missing"
    res = decide(pool)
    _, _, vs = choose(pool)
    print("| design | UNet steps | E (95 %) | T | T − best T (95 %) | app look E |")
    print("|---|---|---|---|---|---|")
    for key in sorted(pool):
        d, (m, h) = pool[key], vs[key]
        mark = " **pick**" if list(key) == res["pick"] else ""
        print(f"| {key[0]}{mark} | {key[1]:,} | {d['E'].mean():+.4f} (±{interval(d['E'])[1]:.4f}) | "
              f"{d['T'].mean():.2f} | {m:+.2f} (±{h:.2f}) | {d['E_app'].mean():+.4f} |")
    print(json.dumps(res))
    if args.out:
        json.dump(res, open(args.out, "w"), indent=1)


if __name__ == "__main__":
    main()
