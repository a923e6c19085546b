"""Early stop of the openclipart vision fine-tune (v6, issue 14), chosen on val only.

    /usr/bin/python3 models/clip/choose_val_v6.py --run models/clip/runs/v6 [--test]

Candidates: the shipped weights (runs/ship/init.pt, rebuilt from the ONNX by from_onnx.py) and every
kept checkpoint <run>/step<N>.pt. Measured on val:
- openclipart val (drawings never trained on; openclipart.py): concept retrieval MRR@10 en / ko and
  zero-shot accuracy en / ko over the five top-level classes;
- the dataset's val panels (500; compare.py val_mrr): MRR@10 of the 9 caption-kind × language sets.
Rule (written before the run): eligible = dataset val mean MRR@10 ≥ the shipped weights' − 0.02
(the new data must not cost the panels and emoji it was built for); score = mean of the four
openclipart numbers; the highest eligible score wins, an earlier step within 0.005 of it is
preferred; the shipped weights stay unless a candidate beats their score.
--test: after the choice, the same numbers on openclipart test and the dataset's test splits (eval.py
sets), once, for the chosen candidate and the shipped weights. Writes <run>/choose-val.json.
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
import openclipart  # noqa: E402
from compare import load, split_mrr10, val_mrr  # noqa: E402
from eval import embed_images, embed_texts, zero_shot_emoji  # noqa: E402
from tokenizer import BPETokenizer  # noqa: E402


def oc_numbers(m, tok, split: str) -> dict:
    return openclipart.evaluate(lambda imgs: embed_images(m, imgs), lambda texts: embed_texts(m, tok, texts), split)


def score(oc: dict) -> float:
    return (oc["concepts/en"]["MRR@10"] + oc["concepts/ko"]["MRR@10"] + oc["zero_shot/en"]["acc"] + oc["zero_shot/ko"]["acc"]) / 4


def dataset_test(m, tok) -> dict:
    out = {f"{split}/{k}": v for split in ("test_comp", "test_emoji") for k, v in split_mrr10(m, tok, split).items()}
    out.update({f"zero_shot_emoji/{lang}": z["acc"] for lang, z in zero_shot_emoji(m, tok).items()})
    return out


def test_once(base: dict, chosen: dict, tok) -> dict:
    """Openclipart test and the dataset's test splits for the shipped weights and the chosen candidate."""
    out = {}
    for r in {id(base): base, id(chosen): chosen}.values():
        m = load(r["path"])
        out[r["name"]] = {"openclipart_test": oc_numbers(m, tok, "test"), "dataset_test": dataset_test(m, tok)}
        print(r["name"], json.dumps(out[r["name"]], indent=1))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--ship", default=os.path.join(HERE, "runs", "ship", "init.pt"))
    ap.add_argument("--test", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(1)
    tok = BPETokenizer.load(os.path.join(a.run, "tokenizer.json"))
    steps = sorted((int(re.search(r"step(\d+)\.pt$", p).group(1)), p) for p in glob.glob(os.path.join(a.run, "step*.pt")))
    cands = [("shipped", a.ship)] + [(f"step {n}", p) for n, p in steps]
    rows = []
    for name, path in cands:
        m = load(path)
        ds = val_mrr(m, tok, 500)
        oc = oc_numbers(m, tok, "val")
        rows.append({"name": name, "path": path, "dataset_val_mrr10": sum(ds.values()) / len(ds), "dataset_val": ds,
                     "openclipart_val": oc, "score": score(oc)})
        r = rows[-1]
        print(f"{name}: score {r['score']:.4f} (concepts MRR@10 en {oc['concepts/en']['MRR@10']:.3f} ko {oc['concepts/ko']['MRR@10']:.3f}, "
              f"zero-shot en {oc['zero_shot/en']['acc']:.3f} ko {oc['zero_shot/ko']['acc']:.3f}) dataset val MRR@10 {r['dataset_val_mrr10']:.4f}",
              flush=True)
    base = rows[0]
    eligible = [r for r in rows[1:] if r["dataset_val_mrr10"] >= base["dataset_val_mrr10"] - 0.02]
    chosen = base
    if eligible:
        best = max(r["score"] for r in eligible)
        first = next(r for r in eligible if r["score"] >= best - 0.005)
        if first["score"] > base["score"]:
            chosen = first
    print(f"chosen: {chosen['name']}")
    out = {"rule": __doc__.split("Rule (written before the run): ")[1].split("\n--test")[0], "rows": rows, "chosen": chosen["name"]}
    if a.test:
        out["test"] = test_once(base, chosen, tok)
    with open(os.path.join(a.run, "choose-val.json"), "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
