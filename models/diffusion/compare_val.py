"""Compares two diffusion runs on the val split with the unshipped evaluator CLIP, paired per
treatment: the check behind reproduce.sh when a rebuild does not match the shipped weights within
compare.py's tolerance (another draw of the recipe: another CPU, or FROM_SCRATCH=1).

    nice /usr/bin/python3 models/diffusion/compare_val.py --base models/diffusion/runs/ship \
        --other models/diffusion/runs/scratch/ip2 --evaluator models/clip/evaluator/runs/e1 --n 64 \
        --out models/diffusion/compare-val-scratch.json

Regimes, as the app runs them (src/core/diffusion/defaults.ts): text to image from noise
(TEXT_TO_IMAGE, 8 steps, guidance 2) and the single panel's library start (SINGLE_PANEL, 4 steps,
guidance 4, img2img at 0.6 from the best Toon-CLIP match among --pool rendered train panels, as
choose_val_steps.py --start library). Val treatments 0 … n−1 per language (sentence captions),
seed 1000 + i in both runs. Per regime: mean evaluator score (100 · max(cos, 0)) of each run, the
paired difference other − base with a 95 % t-interval over treatments (both languages pooled),
and the Fréchet distance to the val panels in the evaluator's image space.
Rule (fixed with this script, before the from-scratch run was scored): the other run is "as good
as the base" in a regime when the interval's upper end is ≥ 0 (not measurably worse).
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)
from choose_val_steps import interval, load_evaluator  # noqa: E402
from eval import frechet, heldout_panels, toon_embedders  # noqa: E402
from export import load_run  # noqa: E402
from sample import generate  # noqa: E402
from text import ToonClipText  # noqa: E402

REGIMES = {"text_to_image": (8, 2.0, None), "library_start": (4, 4.0, 0.6)}


def scores(run, ev_img, ev_txt, n, pool):
    vae, unet, ub = load_run(run)
    cfg = ub["config"]
    text = ToonClipText(os.path.join(ROOT, cfg["text"]["clip_dir"]), os.path.join(ROOT, cfg["text"]["ckpt"]),
                        cfg["text"]["max_length"])
    S, C, h = cfg["vae"]["image_size"], cfg["unet"]["in_channels"], cfg["unet"]["sample_size"]
    sf = cfg["vae"]["scaling_factor"]
    toon_img, toon_txt = toon_embedders(text)
    from models.common import toondata
    from data import ToonPanels

    ev = toondata.load_eval("val")
    pool_x, _ = ToonPanels(S).batch(12345, 0, pool)
    pool_e = toon_img(pool_x)
    out = {r: [] for r in REGIMES}
    embs = {r: [] for r in REGIMES}
    for lang in ("en", "ko"):
        caps = [str(c) for c in ev[f"captions_{lang}"][:n, 1]]
        te = ev_txt(caps)
        best = (toon_txt(caps) @ pool_e.T).argmax(1).numpy()
        ctx, unc = [text.encode([c]) for c in caps], text.encode([""])
        for r, (steps, g, strength) in REGIMES.items():
            imgs = np.stack([generate(unet, vae, cfg["scheduler"], "euler", steps, g, 1000 + i, ctx[i], unc, sf,
                                      (C, h, h), **({"init_image": pool_x[best[i]], "strength": strength}
                                                    if strength else {})) for i in range(len(caps))])
            ge = ev_img(imgs)
            out[r].append((100 * (te * ge).sum(1).clamp(min=0)).numpy())
            embs[r].append(ge.numpy().astype(np.float64))
    return {r: np.concatenate(v) for r, v in out.items()}, {r: np.concatenate(v) for r, v in embs.items()}, S


@torch.no_grad()
def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--other", required=True)
    p.add_argument("--evaluator", default=os.path.join(ROOT, "models/clip/evaluator/runs/e1"))
    p.add_argument("--n", type=int, default=64)
    p.add_argument("--pool", type=int, default=512)
    p.add_argument("--out", default="")
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    ev_img, ev_txt, ck = load_evaluator(a.evaluator)
    sb, eb, S = scores(a.base, ev_img, ev_txt, a.n, a.pool)
    so, eo, _ = scores(a.other, ev_img, ev_txt, a.n, a.pool)
    from models.common import toondata

    held = ev_img(heldout_panels(toondata.load_eval("val"), max(a.n, 64), S)).numpy().astype(np.float64)
    res = {"base": a.base, "other": a.other, "evaluator_steps": ck["step"], "n_per_language": a.n, "rows": []}
    print("| regime | base score | other score | other − base (95 %) | FD base / other | as good |")
    print("|---|---|---|---|---|---|")
    for r in REGIMES:
        m, half = interval(so[r] - sb[r])
        row = {"regime": r, "base": float(sb[r].mean()), "other": float(so[r].mean()), "diff": m, "half95": half,
               "fd_base": frechet(eb[r], held), "fd_other": frechet(eo[r], held), "as_good": m + half >= 0}
        res["rows"].append(row)
        print(f"| {r} | {row['base']:.2f} | {row['other']:.2f} | {m:+.2f} ± {half:.2f} | "
              f"{row['fd_base']:.3f} / {row['fd_other']:.3f} | {'yes' if row['as_good'] else 'no'} |")
    if a.out:
        json.dump(res, open(a.out, "w"), indent=1)


if __name__ == "__main__":
    main()
