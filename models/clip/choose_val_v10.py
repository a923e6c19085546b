"""Fifth openclipart decision (v10, issue 14): the v8 and v9 candidates on a val that can decide.

    /usr/bin/python3 models/clip/choose_val_v10.py [--shard I/N] [--test]

No new training: v8 c, v8 d and v9 (EVAL.md "third try", "fourth try") left candidates whose v7-rule
scores moved ±0.02 between checkpoints, because that score counted 59 pairs and 53 drawings. This rule
scores the same candidates on val_v10.py: all 284 val drawings, colour and line renders, concept
retrieval plus classification among all 48 glossary categories (139 drawings), kept per drawing.
Those candidates' v7-rule val scores have been read (choose-val-v8.json, choose-val-v9.json); the
v10 numbers of any candidate are read only after this file is committed. The Bonferroni factor below
pays for choosing among all of them.
Rule (written before the runs): candidates are the shipped weights (runs/ship/init.pt) and every
kept checkpoint of runs/v8c, runs/v8d and runs/v9 (24). Eligible = v7's two guards: (1) dataset val
mean MRR@10 >= the shipped weights' - 0.02, and (2) every fixture-probe query (고양이, cat, 개, dog,
나무, house) ranks a sprite of its own concept first. Score = val_v10's score: the mean of concept
MRR@10 en, concept MRR@10 ko, category accuracy en and category accuracy ko, each over both renders.
The highest eligible score wins (a tie goes to the earlier step, then v8c, v8d, v9). It replaces the
shipped weights only if a paired bootstrap over the val drawings (20,000 resamples, seed 2026) finds
its score not above the shipped score in fewer than 0.05 / 24 of the resamples (one-sided, Bonferroni
over the 24 candidates). If it does: (3) the app's tag thresholds are re-calibrated on val with it
(calibrate_tags.mjs, as shipped), and the storyboard place match is re-chosen on val with it
(storyboard-eval.mjs, storyboard-threshold.mjs); it ships only if that val accuracy at its own
threshold is >= 0.948 - 0.02 (the shipped weights' 0.948); the diffusion model gets its own copy of
the shipped text tower before the new one replaces it.
--test: after the choice, once, for the chosen candidate and the shipped weights: val_v10's numbers
and the v7 numbers on openclipart test, and the dataset's test splits. Writes choose-val-v10.json
beside this file. --shard I/N scores every N-th candidate from the I-th into runs/val-v10/ (a cache
the final call reads), so two processes can share the work.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import val_v10  # noqa: E402
from choose_val_v6 import oc_numbers  # noqa: E402
from choose_val_v6 import dataset_test  # noqa: E402
from choose_val_v7 import candidates, probe_ok  # noqa: E402
from compare import load, val_mrr  # noqa: E402
from eval import embed_images, embed_texts, fixture_probe  # noqa: E402
from tokenizer import BPETokenizer  # noqa: E402

RUNS = [os.path.join(HERE, "runs", r) for r in ("v8c", "v8d", "v9")]
SHIP = os.path.join(HERE, "runs", "ship", "init.pt")
CACHE = os.path.join(HERE, "runs", "val-v10")
ALPHA = 0.05


def per(m, tok, split: str) -> dict:
    return val_v10.per_drawing(lambda imgs: embed_images(m, imgs), lambda t: embed_texts(m, tok, t), split)


def scored(name: str, path: str, tok) -> tuple[dict, dict]:
    """The candidate's row and per-drawing val values, from the cache or computed and cached."""
    key = os.path.join(CACHE, name.replace(" ", "_"))
    if os.path.exists(key + ".json"):
        with open(key + ".json") as f:
            row = json.load(f)
        with np.load(key + ".npz") as z:
            return row, {c: z[c.replace("/", "_")] for c in val_v10.COMPONENTS}
    m = load(path)
    ds = val_mrr(m, tok, 500)
    probe = fixture_probe(m, tok)
    p = per(m, tok, "val")
    row = {"name": name, "path": os.path.relpath(path, HERE), "dataset_val_mrr10": sum(ds.values()) / len(ds),
           "dataset_val": ds, "val_v10": val_v10.numbers(p), "probe": probe, "probe_ok": probe_ok(probe)}
    os.makedirs(CACHE, exist_ok=True)
    np.savez(key + ".npz", **{c.replace("/", "_"): v for c, v in p.items()})
    with open(key + ".json", "w") as f:
        json.dump(row, f, ensure_ascii=False)
    return row, p


def print_row(name: str, row: dict) -> None:
    v = row["val_v10"]
    print(f"{name}: score {v['score']:.4f} (" + ", ".join(f"{c} {v[c]['mean']:.3f}" for c in val_v10.COMPONENTS)
          + f") dataset val {row['dataset_val_mrr10']:.4f} probe {'ok' if row['probe_ok'] else 'FAIL'}", flush=True)


def test_once(chosen_rows: list, tok) -> dict:
    """The test splits, once, for each distinct row (the shipped weights and the chosen candidate)."""
    out = {}
    for r in {r["name"]: r for r in chosen_rows}.values():
        m = load(os.path.join(HERE, r["path"]))
        out[r["name"]] = {"val_v10_on_test": val_v10.numbers(per(m, tok, "test")),
                          "openclipart_test": oc_numbers(m, tok, "test"), "dataset_test": dataset_test(m, tok)}
        print(r["name"], json.dumps(out[r["name"]], indent=1, ensure_ascii=False), flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shard", default="0/1")
    ap.add_argument("--test", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(1)
    tok = BPETokenizer.load(os.path.join(RUNS[0], "tokenizer.json"))
    cands = candidates(RUNS, SHIP)
    i, n = map(int, a.shard.split("/"))
    if n > 1:
        for name, path, _ in cands[i::n]:
            row, _ = scored(name, path, tok)
            print(f"{name}: score {row['val_v10']['score']:.4f}", flush=True)
        return
    rows, pers = [], []
    for name, path, step in cands:
        row, p = scored(name, path, tok)
        row["step"] = step
        rows.append(row)
        pers.append(p)
        print_row(name, row)
    base = rows[0]
    k = len(rows) - 1
    eligible = [j for j in range(1, len(rows)) if rows[j]["probe_ok"]
                and rows[j]["dataset_val_mrr10"] >= base["dataset_val_mrr10"] - 0.02]
    out = {"rule": __doc__.split("Rule (written before the runs): ")[1].split("\n--test")[0], "rows": rows,
           "chosen": "shipped"}
    if eligible:
        best = max(eligible, key=lambda j: (rows[j]["val_v10"]["score"], -j))
        boot = val_v10.bootstrap_p(pers[best], pers[0])
        out["winner"] = {"name": rows[best]["name"], "bootstrap": boot, "alpha": ALPHA / k}
        print(f"winner {rows[best]['name']}: {json.dumps(boot)}; needs p < {ALPHA / k:.5f}")
        if boot["p"] < ALPHA / k:
            out["chosen"] = rows[best]["name"]
    print(f"chosen: {out['chosen']}")
    if a.test:
        out["test"] = test_once([base, next(r for r in rows if r["name"] == out["chosen"])], tok)
    with open(os.path.join(HERE, "choose-val-v10.json"), "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
