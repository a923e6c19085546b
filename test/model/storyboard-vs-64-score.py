#!/usr/bin/env python3
"""Scores the panels saved by test/model/storyboard-vs-64.mjs with the unshipped evaluator CLIP
(models/clip/evaluator/, issue 16: not the Toon-CLIP that conditions the 64-px model and picks
the storyboard's backgrounds).

    /usr/bin/python3 test/model/storyboard-vs-64-score.py [--run models/clip/evaluator/runs/e1]

Input: test-results/storyboard-vs-64/panels.json + the PNGs next to it. Each panel image: RGBA
over white, shortest edge resized to 64 (bicubic), centre crop 64 — as the app's
CLIPImageProcessor (models/clip/toon-clip/preprocessor_config.json). Per panel:
- evaluator CLIP score = 100 * max(cos(image, own text), 0) (as models/diffusion/eval.py);
- own-text rank: the panel's cosine with each text of the SAME story and mode; rank 1 = its own
  text is highest (ties count for it). Accuracy = share of rank 1, over panels of stories with
  >= 2 panels; chance = mean of 1/k (k = the story's panel count in that mode);
- text->image, the other way round: each text ranks the story's panels of that mode.
The circular Toon-CLIP score/rank recorded by the .mjs is summarised next to it, labelled so.
Writes test-results/storyboard-vs-64-score.json and prints a markdown table.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "models", "clip"))
from export import load  # noqa: E402

T95 = [0, 12.71, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145,
       2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042]


def pixels(path: str, size: int) -> np.ndarray:
    im = Image.open(path).convert("RGBA")
    bg = Image.new("RGBA", im.size, (255, 255, 255, 255))
    im = Image.alpha_composite(bg, im).convert("RGB")
    w, h = im.size
    s = size / min(w, h)
    im = im.resize((max(size, round(w * s)), max(size, round(h * s))), Image.BICUBIC)
    w, h = im.size
    l, t = (w - size) // 2, (h - size) // 2
    return np.asarray(im.crop((l, t, l + size, t + size)))


def mean_sd(xs):
    xs = [float(x) for x in xs]
    if not xs:
        return float("nan"), float("nan")
    m = sum(xs) / len(xs)
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1)) if len(xs) > 1 else 0.0
    return m, sd


def ci95(xs):
    m, sd = mean_sd(xs)
    n = len(xs)
    return m, (T95[n - 1] if n - 1 < len(T95) else 1.96) * sd / math.sqrt(max(1, n))


@torch.no_grad()
def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", default=os.path.join(ROOT, "models/clip/evaluator/runs/e1"))
    ap.add_argument("--panels", default=os.path.join(ROOT, "test-results/storyboard-vs-64"))
    ap.add_argument("--out", default=os.path.join(ROOT, "test-results/storyboard-vs-64-score.json"))
    a = ap.parse_args()
    torch.set_num_threads(1)
    m, tok, ck = load(a.run)
    size = m.config.image_size
    panels = [p for p in json.load(open(os.path.join(a.panels, "panels.json")))["panels"] if p["file"]]
    # Only stories drafted in both modes (a run stopped mid-story may have one).
    modes_of = {}
    for p in panels:
        modes_of.setdefault((p["lang"], p["story"]), set()).add(p["mode"])
    panels = [p for p in panels if len(modes_of[(p["lang"], p["story"])]) == 2]
    imgs = np.stack([pixels(os.path.join(a.panels, p["file"]), size) for p in panels])
    x = (torch.from_numpy(imgs).permute(0, 3, 1, 2).float() / 255.0 - 0.5) / 0.5
    ie = F.normalize(m.vision(x)[0], dim=-1)
    ids, mask = tok.batch([p["text"] or "" for p in panels])
    te = F.normalize(m.text(torch.tensor(ids), torch.tensor(mask))[0], dim=-1)
    groups = {}
    for i, p in enumerate(panels):
        groups.setdefault((p["lang"], p["story"], p["mode"]), []).append(i)
    for (lang, story, mode), idx in groups.items():
        sim = ie[idx] @ te[idx].t()  # [image, text]
        for r, i in enumerate(idx):
            p = panels[i]
            p["evalCos"] = float(sim[r, r])
            p["evalScore"] = 100 * max(float(sim[r, r]), 0.0)
            p["k"] = len(idx)
            p["evalRank"] = 1 + int((sim[r] > sim[r, r]).sum())  # image -> its story's texts
            p["evalRankT2I"] = 1 + int((sim[:, r] > sim[r, r]).sum())  # text -> its story's images
    summary = []
    for lang in ("ko", "en"):
        for mode in ("storyboard", "story64"):
            ps = [p for p in panels if p["lang"] == lang and p["mode"] == mode]
            rk = [p for p in ps if p["k"] >= 2]
            sc = mean_sd([p["evalScore"] for p in ps])
            tc = mean_sd([p["toonClipScoreCircular"] for p in ps])
            summary.append({
                "lang": lang, "mode": mode, "stories": len({p["story"] for p in ps}), "panels": len(ps),
                "evalScoreMean": sc[0], "evalScoreSd": sc[1],
                "ownTextAcc": sum(p["evalRank"] == 1 for p in rk) / max(1, len(rk)),
                "ownImageAcc": sum(p["evalRankT2I"] == 1 for p in rk) / max(1, len(rk)),
                "rankedPanels": len(rk), "chance": sum(1 / p["k"] for p in rk) / max(1, len(rk)),
                "toonClipScoreCircularMean": tc[0], "toonClipScoreCircularSd": tc[1],
                "toonClipOwnTextAccCircular": (sum(p.get("toonClipRankCircular") == 1 for p in rk) / max(1, len(rk)))
                if all("toonClipRankCircular" in p for p in rk) else None,
            })
    paired = []
    for lang in ("ko", "en"):
        stories = sorted({p["story"] for p in panels if p["lang"] == lang})
        d_score, d_acc = [], []
        for s in stories:
            by = {mode: [p for p in panels if p["lang"] == lang and p["story"] == s and p["mode"] == mode] for mode in ("storyboard", "story64")}
            d_score.append(np.mean([p["evalScore"] for p in by["storyboard"]]) - np.mean([p["evalScore"] for p in by["story64"]]))
            acc = {mode: [p["evalRank"] == 1 for p in ps if p["k"] >= 2] for mode, ps in by.items()}
            if acc["storyboard"] and acc["story64"]:
                # excess over chance, so stories with different panel counts per mode compare fairly
                ex = {mode: np.mean(v) - 1 / by[mode][0]["k"] for mode, v in acc.items()}
                d_acc.append(ex["storyboard"] - ex["story64"])
        ms, hs = ci95(d_score)
        ma, ha = ci95(d_acc)
        paired.append({"lang": lang, "stories": len(d_score), "scoreDiff": ms, "scoreDiffCi95": hs,
                       "accOverChanceDiff": ma, "accOverChanceDiffCi95": ha, "accStories": len(d_acc)})
    out = {"run": os.path.relpath(a.run, ROOT), "steps": ck["step"], "summary": summary, "paired": paired,
           "panels": [{k: p[k] for k in ("lang", "story", "mode", "index", "text", "file", "evalScore", "evalRank", "evalRankT2I", "k", "toonClipScoreCircular") if k in p} for p in panels]}
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
    print("| lang | mode | stories / panels | evaluator score, mean ± sd | own text ranked first (panel → story's texts) | own panel ranked first (text → story's panels) | chance | Toon-CLIP score (circular) | Toon-CLIP own text first (circular) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in summary:
        tca = r["toonClipOwnTextAccCircular"]
        print(f"| {r['lang']} | {r['mode']} | {r['stories']} / {r['panels']} | {r['evalScoreMean']:.1f} ± {r['evalScoreSd']:.1f} | "
              f"{r['ownTextAcc']:.3f} | {r['ownImageAcc']:.3f} | {r['chance']:.3f} | {r['toonClipScoreCircularMean']:.1f} ± {r['toonClipScoreCircularSd']:.1f} | "
              f"{'—' if tca is None else f'{tca:.3f}'} |")
    print()
    for r in paired:
        print(f"{r['lang']}: storyboard − 64 px per story (n={r['stories']}): evaluator score {r['scoreDiff']:+.1f} ± {r['scoreDiffCi95']:.1f}; "
              f"own-text accuracy over chance {r['accOverChanceDiff']:+.3f} ± {r['accOverChanceDiffCi95']:.3f} (n={r['accStories']})")


if __name__ == "__main__":
    main()
