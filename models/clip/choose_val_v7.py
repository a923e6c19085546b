"""Early stop of the openclipart vision fine-tune, second try (v7, issue 14), chosen on val only.

    /usr/bin/python3 models/clip/choose_val_v7.py --runs models/clip/runs/v7e models/clip/runs/v7f [--test]

v6's rule (choose_val_v6.py) picked a checkpoint that made the app's Korean picture-only query 개 rank
the cat sprite above the dog sprite (the e2e test references-hybrid failed), so it was not shipped.
v7 runs the same recipe with more distillation to the shipped vision tower and adds the fixture probe
(eval.py fixture_probe: the five train-split sprites the app's own tests use; not a val or test
split) as a second guard.
Rule (written before the runs): candidates are the shipped weights and every kept checkpoint of every
run. Eligible = (1) dataset val mean MRR@10 >= the shipped weights' - 0.02, and (2) every probe query
(고양이, cat, 개, dog, 나무, house) ranks a sprite of its own concept first (a cat for 고양이/cat, the
dog for 개/dog, the tree for 나무, the house for house). Score = mean of the four openclipart val
numbers (concept MRR@10 en / ko, zero-shot en / ko). The highest eligible score wins; within 0.005 of
it the earlier step (then the run listed first) is preferred; the shipped weights stay unless a
candidate beats their score.
--test: after the choice, openclipart test and the dataset's test splits, once, for the chosen
candidate and the shipped weights. Writes choose-val-v7.json into the first run's folder.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from choose_val_v6 import oc_numbers, score, test_once  # noqa: E402
from compare import load, val_mrr  # noqa: E402
from eval import fixture_probe  # noqa: E402
from tokenizer import BPETokenizer  # noqa: E402

PROBE_WANT = {"고양이": ("cat", "cat face"), "cat": ("cat", "cat face"), "개": ("dog",), "dog": ("dog",),
              "나무": ("tree",), "house": ("house",)}


def probe_ok(probe: dict) -> bool:
    """True when every probe query's first sprite is of its concept (rows read 'name 0.123')."""
    return all(probe[q][0].rsplit(" ", 1)[0] in want for q, want in PROBE_WANT.items())


def candidates(runs: list[str], ship: str) -> list[tuple[str, str, int]]:
    out = [("shipped", ship, 0)]
    for run in runs:
        for p in glob.glob(os.path.join(run, "step*.pt")):
            n = int(re.search(r"step(\d+)\.pt$", p).group(1))
            out.append((f"{os.path.basename(run)} step {n}", p, n))
    order = {os.path.basename(r): i for i, r in enumerate(runs)}
    return out[:1] + sorted(out[1:], key=lambda c: (c[2], order[c[0].split(" ")[0]]))


def choose(runs: list[str], ship: str, test: bool, rule_doc: str, out_name: str, margin: float = 0.0) -> None:
    """Scores every candidate on val, applies the rule (a winner must beat the shipped score by
    `margin`) and writes `out_name` into the first run's folder; `test`: the test splits once."""
    torch.set_num_threads(1)
    tok = BPETokenizer.load(os.path.join(runs[0], "tokenizer.json"))
    rows = []
    for name, path, n in candidates(runs, ship):
        m = load(path)
        ds = val_mrr(m, tok, 500)
        oc = oc_numbers(m, tok, "val")
        probe = fixture_probe(m, tok)
        rows.append({"name": name, "path": path, "step": n, "dataset_val_mrr10": sum(ds.values()) / len(ds),
                     "dataset_val": ds, "openclipart_val": oc, "score": score(oc), "probe": probe,
                     "probe_ok": probe_ok(probe)})
        r = rows[-1]
        print(f"{name}: score {r['score']:.4f} (concepts MRR@10 en {oc['concepts/en']['MRR@10']:.3f} "
              f"ko {oc['concepts/ko']['MRR@10']:.3f}, zero-shot en {oc['zero_shot/en']['acc']:.3f} "
              f"ko {oc['zero_shot/ko']['acc']:.3f}) dataset val MRR@10 {r['dataset_val_mrr10']:.4f} "
              f"probe {'ok' if r['probe_ok'] else 'FAIL'} (개: {probe['개'][0]}, {probe['개'][1]})", flush=True)
    base = rows[0]
    eligible = [r for r in rows[1:] if r["dataset_val_mrr10"] >= base["dataset_val_mrr10"] - 0.02 and r["probe_ok"]]
    chosen = base
    if eligible:
        best = max(r["score"] for r in eligible)
        first = next(r for r in eligible if r["score"] >= best - 0.005)  # rows are in (step, run) order
        if first["score"] > base["score"] and first["score"] >= base["score"] + margin:
            chosen = first
    print(f"chosen: {chosen['name']}")
    out = {"rule": rule_doc.split("Rule (written before the runs): ")[1].split("\n--test")[0], "rows": rows,
           "chosen": chosen["name"]}
    if test:
        out["test"] = test_once(base, chosen, tok)
    with open(os.path.join(runs[0], out_name), "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)


def cli(rule_doc: str, out_name: str, margin: float = 0.0) -> None:
    """The command line every choose_val_v7+ script shares: --runs, --ship, --test."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", nargs="+", required=True)
    ap.add_argument("--ship", default=os.path.join(HERE, "runs", "ship", "init.pt"))
    ap.add_argument("--test", action="store_true")
    a = ap.parse_args()
    choose(a.runs, a.ship, a.test, rule_doc, out_name, margin)


def main() -> None:
    cli(__doc__, "choose-val-v7.json")


if __name__ == "__main__":
    main()
