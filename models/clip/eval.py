"""Toon-CLIP evaluation -> models/clip/EVAL.md (conventions: ../shared/EVAL-NOTES.md).

    /usr/bin/python3 models/clip/eval.py --run models/clip/runs/v2

Text->image retrieval on the fixed eval sets test_comp (unseen compositions) and test_emoji
(unseen emoji), Korean and English queries separately: for each panel's caption, rank all
panels of the split by cosine; rank = 1-based position of its own panel; MRR@K and Recall@K.
Zero-shot: held-out emoji sprites (color, 64 px) classified among all held-out emoji labels in
the query language, prompt template "{label}" (the bare label). Cross-lingual agreement: share
of panels whose ko and en captions retrieve the same top-1 panel. Backend: torch fp32, CPU.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from export import load, run_chain  # noqa: E402
import data as clipdata  # noqa: E402

CAPTION_KINDS = ("phrase", "sentence", "topic")


def px_from_u8(imgs: np.ndarray, size: int) -> torch.Tensor:
    if imgs.shape[1] != size:
        imgs = np.stack([np.asarray(Image.fromarray(im).resize((size, size), Image.BICUBIC)) for im in imgs])
    x = torch.from_numpy(imgs).permute(0, 3, 1, 2).float() / 255.0
    return (x - 0.5) / 0.5


@torch.no_grad()
def embed_images(m, imgs):
    out = [F.normalize(m.vision(px_from_u8(imgs[i:i + 256], m.config.image_size))[0], dim=-1) for i in range(0, len(imgs), 256)]
    return torch.cat(out)


@torch.no_grad()
def embed_texts(m, tok, texts):
    out = []
    for i in range(0, len(texts), 256):
        ids, mask = tok.batch(list(texts[i:i + 256]))
        out.append(F.normalize(m.text(torch.tensor(ids), torch.tensor(mask))[0], dim=-1))
    return torch.cat(out)


def retrieval(sim: torch.Tensor) -> dict:
    """sim[q, i]; the right image of query q is i = q."""
    own = sim.diagonal()[:, None]
    rank = (sim > own).sum(1) + 1
    r = rank.float()
    res = {}
    for k in (1, 5, 10):
        res[f"MRR@{k}"] = float(torch.where(r <= k, 1.0 / r, torch.zeros_like(r)).mean())
        res[f"R@{k}"] = float((r <= k).float().mean())
    return res


def zero_shot_emoji(m, tok) -> dict:
    """Held-out emoji sprites classified among all held-out labels of each language (bare label)."""
    test = clipdata.SpriteSet("test_emoji")
    img = embed_images(m, test.color)
    out = {}
    for lang in ("ko", "en", "ja"):
        labels = [(test.meta[int(i)].get(lang) or {}).get("label") for i in test.ids]
        keep = [j for j, l in enumerate(labels) if l]
        classes = sorted(set(labels[j] for j in keep))
        pred = (img[keep] @ embed_texts(m, tok, classes).t()).argmax(1)
        truth = torch.tensor([classes.index(labels[j]) for j in keep])
        out[lang] = {"acc": float((pred == truth).float().mean()), "images": len(keep), "classes": len(classes)}
    return out


FIXTURE = (("1F408", "cat"), ("1F431", "cat face"), ("1F415", "dog"), ("1F333", "tree"), ("1F3E0", "house"))


@torch.no_grad()
def fixture_probe(m, tok) -> dict:
    d = os.path.join(HERE, "..", "..", "test", "fixtures", "dataset", "sprites")
    imgs = []
    for code, _ in FIXTURE:
        im = Image.open(os.path.join(d, f"{code}.png")).convert("RGBA")
        bg = Image.new("RGBA", im.size, (255, 255, 255, 255))
        imgs.append(np.asarray(Image.alpha_composite(bg, im).convert("RGB")))
    img = embed_images(m, np.stack(imgs))
    out = {}
    for q in ("고양이", "cat", "개", "dog", "나무", "house"):
        sim = (embed_texts(m, tok, [q]) @ img.t())[0]
        out[q] = [f"{FIXTURE[i][1]} {sim[i]:.3f}" for i in sim.argsort(descending=True).tolist()]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--out", default=os.path.join(HERE, "EVAL.md"))
    ap.add_argument("--json", default=os.path.join(HERE, "reference", "eval.json"))
    a = ap.parse_args()
    torch.set_num_threads(1)
    m, tok, ck = load(a.run)
    steps, seconds, chain = run_chain(ck, a.run)
    minutes = seconds / 60
    hashes = {n: hashlib.sha256(open(os.path.join(HERE, "toon-clip", "onnx", n), "rb").read()).hexdigest()[:16]
              for n in ("text_model.onnx", "vision_model.onnx") if os.path.exists(os.path.join(HERE, "toon-clip", "onnx", n))}
    results = {"retrieval": {}, "agreement": {}, "zero_shot": {}, "n": {}}
    for split in ("test_comp", "test_emoji"):
        ev = clipdata.toondata.load_eval(split)
        img = embed_images(m, ev["color"])
        results["n"][split] = int(len(img))
        for ci, kind in enumerate(CAPTION_KINDS):
            top1 = {}
            for lang in ("ko", "en", "ja"):
                q = embed_texts(m, tok, [str(c) for c in ev[f"captions_{lang}"][:, ci]])
                sim = q @ img.t()
                results["retrieval"][f"{split}/{kind}/{lang}"] = retrieval(sim)
                top1[lang] = sim.argmax(1)
            results["agreement"][f"{split}/{kind}"] = float((top1["ko"] == top1["en"]).float().mean())
    results["zero_shot"] = zero_shot_emoji(m, tok)
    results["fixture_probe"] = fixture_probe(m, tok)
    os.makedirs(os.path.dirname(a.json), exist_ok=True)
    with open(a.json, "w") as f:
        json.dump(results, f, indent=1)

    L = ["# Toon-CLIP evaluation", "",
         f"Model: `models/clip/toon-clip` (sha256/16 {json.dumps(hashes)}), {steps} training steps "
         f"({' <- '.join(os.path.basename(c) for c in chain)}), {minutes:.1f} min of CPU training (1 thread). Backend: torch fp32 on CPU (the ONNX files match it at "
         "cosine ≥ 0.999, test/model/clip.test.ts). Script: `models/clip/eval.py`; raw numbers: `models/clip/reference/eval.json`.",
         "", f"Splits: test_comp = {results['n']['test_comp']} panels (unseen compositions), test_emoji = "
         f"{results['n']['test_emoji']} panels (unseen emoji), fixed sets from data/build/eval (128 px panels resized to 64 px, bicubic). "
         "Each caption ranks all panels of its split; rank = position of its own panel.", "",
         "## Text → image retrieval", "",
         "| split | caption | query | MRR@1 | MRR@5 | MRR@10 | R@1 | R@5 | R@10 |", "|---|---|---|---|---|---|---|---|---|"]
    for key, r in results["retrieval"].items():
        split, kind, lang = key.split("/")
        L.append(f"| {split} | {kind} | {lang} | " + " | ".join(f"{r[k]:.3f}" for k in ("MRR@1", "MRR@5", "MRR@10", "R@1", "R@5", "R@10")) + " |")
    L += ["", "Chance level: MRR@1 = R@1 = 1/N (N = panels in the split).", "",
          "## Cross-lingual agreement (ko and en caption of a panel retrieve the same top-1)", "",
          "| split | caption | agreement |", "|---|---|---|"]
    for key, v in results["agreement"].items():
        split, kind = key.split("/")
        L.append(f"| {split} | {kind} | {v:.3f} |")
    L += ["", "## Zero-shot classification of held-out emoji", "",
          "Images: the held-out (never trained on) emoji sprites, color, 64 px on white. Classes: all distinct "
          "held-out labels in the query language. Prompt template: `{label}` (the bare label, as in training).", "",
          "| language | accuracy | images | classes | chance |", "|---|---|---|---|---|"]
    for lang, z in results["zero_shot"].items():
        L.append(f"| {lang} | {z['acc']:.3f} | {z['images']} | {z['classes']} | {1 / z['classes']:.4f} |")
    L += ["", "## Probe: the end-to-end test's five fixture sprites (train-split sprites, not held out)", "",
          "`test/fixtures/dataset/sprites`: two cats (1F408, 1F431), a dog, a tree, a house. Order by cosine per query "
          "(the e2e test `references` asserts that a cat ranks first for 고양이 and cat).", "",
          "| query | ranking |", "|---|---|"]
    for q, order in results["fixture_probe"].items():
        L.append(f"| {q} | {' > '.join(order)} |")
    L += ["", "Seed thesis for comparison (its own data, not comparable): MRR@1/5/10 = 0.23/0.47/0.51.", ""]
    with open(a.out, "w") as f:
        f.write("\n".join(L))
    print("\n".join(L))


if __name__ == "__main__":
    main()
