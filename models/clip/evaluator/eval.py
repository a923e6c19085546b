"""Retrieval numbers of the evaluator CLIP next to Toon-CLIP's (models/clip/reference/eval.json,
the numbers of models/clip/EVAL.md), same splits and protocol as models/clip/eval.py.

    /usr/bin/python3 models/clip/evaluator/eval.py --run models/clip/evaluator/runs/e1

test_comp / test_emoji (500 fixed panels each, never trained on by either model): each caption
ranks all panels of its split, MRR@10 and R@1 averaged over the 3 caption kinds; zero-shot
accuracy on held-out emoji. Writes <run>/eval.json and prints a markdown table.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
CLIP = os.path.dirname(HERE)
sys.path.insert(0, CLIP)
import eval as clipeval  # noqa: E402
from export import load  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    a = ap.parse_args()
    torch.set_num_threads(1)
    m, tok, ck = load(a.run)
    res = {"steps": ck["step"], "minutes": ck["elapsed"] / 60, "retrieval": {}, "zero_shot": {}}
    for split in ("test_comp", "test_emoji"):
        ev = clipeval.clipdata.toondata.load_eval(split)
        img = clipeval.embed_images(m, ev["color"])
        for ci, kind in enumerate(clipeval.CAPTION_KINDS):
            for lang in ("ko", "en", "ja"):
                q = clipeval.embed_texts(m, tok, [str(c) for c in ev[f"captions_{lang}"][:, ci]])
                res["retrieval"][f"{split}/{kind}/{lang}"] = clipeval.retrieval(q @ img.t())
    test = clipeval.clipdata.SpriteSet("test_emoji")
    img = clipeval.embed_images(m, test.color)
    for lang in ("ko", "en", "ja"):
        labels = [(test.meta[int(i)].get(lang) or {}).get("label") for i in test.ids]
        keep = [j for j, l in enumerate(labels) if l]
        classes = sorted(set(labels[j] for j in keep))
        t = clipeval.embed_texts(m, tok, classes)
        pred = (img[keep] @ t.t()).argmax(1)
        truth = torch.tensor([classes.index(labels[j]) for j in keep])
        res["zero_shot"][lang] = float((pred == truth).float().mean())
    with open(os.path.join(a.run, "eval.json"), "w") as f:
        json.dump(res, f, indent=1)
    ref = json.load(open(os.path.join(CLIP, "reference", "eval.json")))
    print(f"Evaluator: {res['steps']} steps, {res['minutes']:.1f} min. Mean over the 3 caption kinds.\n")
    print("| split | query | evaluator MRR@10 | Toon-CLIP MRR@10 | evaluator R@1 | Toon-CLIP R@1 |")
    print("|---|---|---|---|---|---|")
    for split in ("test_comp", "test_emoji"):
        for lang in ("ko", "en", "ja"):
            def avg(src, k):
                return sum(src[f"{split}/{kind}/{lang}"][k] for kind in clipeval.CAPTION_KINDS) / 3
            print(f"| {split} | {lang} | {avg(res['retrieval'], 'MRR@10'):.3f} | {avg(ref['retrieval'], 'MRR@10'):.3f} | "
                  f"{avg(res['retrieval'], 'R@1'):.3f} | {avg(ref['retrieval'], 'R@1'):.3f} |")
    print("\n| zero-shot held-out emoji | evaluator | Toon-CLIP |\n|---|---|---|")
    for lang in ("ko", "en", "ja"):
        print(f"| {lang} | {res['zero_shot'][lang]:.3f} | {ref['zero_shot'][lang]['acc']:.3f} |")


if __name__ == "__main__":
    main()
