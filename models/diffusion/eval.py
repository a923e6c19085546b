"""Evaluation of a trained run (EVAL-NOTES "Generation"): on held-out treatments (test_comp:
unseen compositions), in Korean and English separately, per step count:

  CLIP-score  = 100 · max(cos(text, image), 0) with Toon-CLIP (the run's own checkpoint)
                for (a) generated panels (CFG), (b) the retrieval-only baseline: the training
                panel whose CLIP image embedding best matches the treatment, from a pool of
                --pool rendered train panels, (c) unconditional samples (guidance 0 → uncond),
                (d) generated from the retrieved reference as the img2img start (strength
                --strength, the app's single-panel default), (e) for models with an image prompt:
                generated with the retrieved reference as the image prompt (txt2img), and (f) both
  FD          = Fréchet distance in CLIP image space, generated vs held-out panels (biased for
                small n: sample counts are printed)
Same seeds for every method. Writes JSON to --out and prints a markdown table.
Character consistency across a story strip (story mode's character sheet → img2img): see
models/diffusion/eval_consistency.py (protocol in its docstring and in EVAL.md).

  /usr/bin/python3 models/diffusion/eval.py --run models/diffusion/runs/smoke-cond --n 32 --steps 4,8
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)

from export import load_run  # noqa: E402
from sample import generate  # noqa: E402
from text import ToonClipText  # noqa: E402


def frechet(a: np.ndarray, b: np.ndarray) -> float:
    from scipy import linalg

    mu1, mu2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    covmean, _ = linalg.sqrtm(s1 @ s2, disp=False)
    covmean = covmean.real
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1 + s2 - 2 * covmean))


def toon_embedders(text):
    """Toon-CLIP's image and text embedders (normalised) of a run's text encoder; images are
    [B,3,S,S] in [-1,1] = CLIP's (x/255 - 0.5)/0.5 preprocessing."""
    clip = text.net.eval()

    def img_emb(x):
        return F.normalize(clip.vision(torch.as_tensor(x).float())[0], dim=-1)

    def txt_emb(caps):
        ids, mask = text.padded(caps)
        return F.normalize(clip.text(ids, mask)[0], dim=-1)

    return img_emb, txt_emb


def heldout_panels(ev, n: int, size: int) -> np.ndarray:
    """The first n panels of an eval split, area-scaled to size, in [-1,1] ([n,3,size,size])."""
    held = ev["color"][:n].astype(np.float32)
    return F.interpolate(torch.from_numpy(held).permute(0, 3, 1, 2) / 127.5 - 1, size=(size, size),
                         mode="area").numpy()


@torch.no_grad()
def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--run", required=True)
    p.add_argument("--n", type=int, default=32, help="held-out treatments per language")
    p.add_argument("--steps", default="4,8")
    p.add_argument("--guidance", type=float, default=3.0)
    p.add_argument("--pool", type=int, default=512, help="train panels for the retrieval baseline")
    p.add_argument("--split", default="test_comp")
    p.add_argument("--strength", type=float, default=0.6, help="img2img strength of the reference-start rows")
    p.add_argument("--out", default="")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    from data import ToonPanels
    from models.common import toondata

    vae, unet, ub = load_run(args.run)
    cfg = ub["config"]
    if cfg["text"]["kind"] == "none":
        raise SystemExit("unconditional run: CLIP-score of a text-free model is not meaningful")
    text = ToonClipText(os.path.join(ROOT, cfg["text"]["clip_dir"]), os.path.join(ROOT, cfg["text"]["ckpt"]),
                        cfg["text"]["max_length"])
    S, C, h = cfg["vae"]["image_size"], cfg["unet"]["in_channels"], cfg["unet"]["sample_size"]
    sf = cfg["vae"]["scaling_factor"]
    img_emb, txt_emb = toon_embedders(text)
    ev = toondata.load_eval(args.split)
    held = heldout_panels(ev, max(args.n, 64), S)
    held_e = img_emb(held).numpy()
    pool_x, _ = ToonPanels(S).batch(12345, 0, args.pool)
    pool_e = img_emb(pool_x)
    results = {"run": args.run, "split": args.split, "n_per_language": args.n, "guidance": args.guidance,
               "pool": args.pool, "unet_steps_trained": ub["step"], "rows": []}
    for lang in ("en", "ko"):
        caps = [str(c) for c in ev[f"captions_{lang}"][: args.n, 1]]
        te = txt_emb(caps)
        best = (te @ pool_e.T).argmax(1).numpy()
        retrieved = pool_e[best]
        ret_score = float((100 * (te * retrieved).sum(1).clamp(min=0)).mean())
        for steps in [int(s) for s in args.steps.split(",")]:
            gen, unc, rs, rp, rb = [], [], [], [], []
            ip = unet.image_proj is not None
            for i, cap in enumerate(caps):
                c, u = text.encode([cap]), text.encode([""])
                ref = pool_x[best[i]]
                gen.append(generate(unet, vae, cfg["scheduler"], "euler", steps, args.guidance, 1000 + i, c, u, sf, (C, h, h)))
                unc.append(generate(unet, vae, cfg["scheduler"], "euler", steps, 1.0, 1000 + i, u, u, sf, (C, h, h)))
                rs.append(generate(unet, vae, cfg["scheduler"], "euler", steps, args.guidance, 1000 + i, c, u, sf, (C, h, h),
                                   init_image=ref, strength=args.strength))
                if ip:
                    rp.append(generate(unet, vae, cfg["scheduler"], "euler", steps, args.guidance, 1000 + i, c, u, sf,
                                       (C, h, h), image_prompt=ref))
                    rb.append(generate(unet, vae, cfg["scheduler"], "euler", steps, args.guidance, 1000 + i, c, u, sf,
                                       (C, h, h), init_image=ref, strength=args.strength, image_prompt=ref))
            ge, ue = img_emb(np.stack(gen)), img_emb(np.stack(unc))
            score = lambda x: float((100 * (te * img_emb(np.stack(x))).sum(1).clamp(min=0)).mean())  # noqa: E731
            row = {"lang": lang, "steps": steps,
                   "clip_score_generated": float((100 * (te * ge).sum(1).clamp(min=0)).mean()),
                   "clip_score_retrieval": ret_score,
                   "clip_score_unconditional": float((100 * (te * ue).sum(1).clamp(min=0)).mean()),
                   "fd_generated_vs_heldout": frechet(ge.numpy().astype(np.float64), held_e.astype(np.float64)),
                   "n_generated": len(gen), "n_heldout": len(held_e),
                   "clip_score_ref_start": score(rs), "strength": args.strength,
                   **({"clip_score_ref_image_prompt": score(rp), "clip_score_ref_both": score(rb)} if ip else {})}
            results["rows"].append(row)
            print(json.dumps(row), flush=True)
    print("\n| lang | steps | CLIP-score generated | retrieval | unconditional | FD (n gen / held) | ref as start | ref as image prompt | both |\n|---|---|---|---|---|---|---|---|---|")
    for r in results["rows"]:
        ipr = (f"{r['clip_score_ref_image_prompt']:.2f} | {r['clip_score_ref_both']:.2f}" if "clip_score_ref_both" in r else "— | —")
        print(f"| {r['lang']} | {r['steps']} | {r['clip_score_generated']:.2f} | {r['clip_score_retrieval']:.2f} | "
              f"{r['clip_score_unconditional']:.2f} | {r['fd_generated_vs_heldout']:.3f} ({r['n_generated']} / {r['n_heldout']}) | "
              f"{r['clip_score_ref_start']:.2f} | {ipr} |")
    if args.out:
        json.dump(results, open(args.out, "w"), indent=1)


if __name__ == "__main__":
    main()
