"""Steps and guidance of the Generate / story defaults, chosen on the val split (issue 16) and
scored by the unshipped evaluator CLIP (models/clip/evaluator/: its own seed, data order and
shape), not by the Toon-CLIP whose text tower conditions the model. Toon-CLIP's score is kept
next to it, labelled circular.

    nice /usr/bin/python3 models/diffusion/choose_val_steps.py --run models/diffusion/runs/ship \
        --evaluator models/clip/evaluator/runs/e1 --n 64 --out models/diffusion/choose-val-steps.json

Protocol: val treatments 0 … n−1 per language (sentence captions, column 1, as eval.py), seed
1000 + i for every setting, Euler sampler, txt2img with CFG. Per (steps, guidance): mean evaluator
CLIP-score (100 · max(cos, 0)), Fréchet distance to the val panels in the evaluator's image space,
and the paired difference to the best setting with a 95 % interval over treatments (t, both
languages pooled). Choice rule (fixed before the run): the best setting = highest evaluator score
pooled over both languages; the default is the setting with the FEWEST steps whose paired interval
against the best contains 0 (faster in the app, not measurably worse), ties broken by the higher
score. Prints a markdown table; writes JSON to --out. `--start library` runs the single panel's default
start instead (img2img at --strength from the best Toon-CLIP match among --pool rendered train
panels, as eval.py's "ref. as start").
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

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)

from eval import frechet, heldout_panels, toon_embedders  # noqa: E402
from export import load_run  # noqa: E402
from sample import generate  # noqa: E402
from text import ToonClipText  # noqa: E402


def t95(n: int) -> float:
    table = {1: 12.71, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 10: 2.228, 20: 2.086, 30: 2.042, 60: 2.0, 120: 1.98}
    keys = sorted(k for k in table if k <= max(n, 1))
    return table[keys[-1]] if n < 120 else 1.96


def interval(d: np.ndarray) -> tuple[float, float]:
    m = float(d.mean())
    half = t95(len(d) - 1) * float(d.std(ddof=1)) / math.sqrt(len(d)) if len(d) > 1 else float("inf")
    return m, half


def load_evaluator(run):
    """The unshipped evaluator CLIP (models/clip/evaluator/): image and text embedders (unit vectors)
    and its checkpoint. Images [B,3,S,S] in [-1,1] are resized to its input size."""
    from models.clip import model as clip_model
    from models.clip import tokenizer as clip_tok

    ck = torch.load(os.path.join(run, "ckpt.pt"))  # as models/clip/export.py load()
    ccfg = clip_model.ClipConfig(**ck["config"])
    ccfg.vision_channels = tuple(ccfg.vision_channels)
    m = clip_model.ToonClip(ccfg)
    m.load_state_dict(ck["model"])
    m.eval()
    tok = clip_tok.BPETokenizer.load(os.path.join(run, "tokenizer.json"), max_length=ccfg.max_position)
    es = ccfg.image_size

    def ev_img(x):
        x = torch.as_tensor(np.asarray(x)).float()
        if x.shape[-1] != es:
            x = F.interpolate(x, size=(es, es), mode="bicubic", align_corners=False).clamp(-1, 1)
        return F.normalize(m.vision(x)[0], dim=-1)

    def ev_txt(caps):
        ids, mask = tok.batch(list(caps))
        return F.normalize(m.text(torch.tensor(ids), torch.tensor(mask))[0], dim=-1)

    return ev_img, ev_txt, ck


@torch.no_grad()
def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--run", required=True)
    p.add_argument("--evaluator", required=True, help="run folder of the evaluator CLIP (ckpt.pt, tokenizer.json)")
    p.add_argument("--n", type=int, default=64, help="val treatments per language")
    p.add_argument("--steps", default="4,8,20")
    p.add_argument("--guidance", default="1.5,2,3,4,6")
    p.add_argument("--split", default="val")
    p.add_argument("--start", choices=["noise", "library"], default="noise",
                   help="library: img2img from the best Toon-CLIP match among --pool rendered train panels at "
                        "--strength (the single panel's default start, 'best match in the reference library')")
    p.add_argument("--pool", type=int, default=512)
    p.add_argument("--strength", type=float, default=0.6)
    p.add_argument("--out", default="")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    from models.common import toondata

    vae, unet, ub = load_run(args.run)
    cfg = ub["config"]
    text = ToonClipText(os.path.join(ROOT, cfg["text"]["clip_dir"]), os.path.join(ROOT, cfg["text"]["ckpt"]),
                        cfg["text"]["max_length"])
    ev_img, ev_txt, ev_ck = load_evaluator(args.evaluator)
    S, C, h = cfg["vae"]["image_size"], cfg["unet"]["in_channels"], cfg["unet"]["sample_size"]
    sf = cfg["vae"]["scaling_factor"]
    toon_img, toon_txt = toon_embedders(text)  # circular: the conditioning encoder
    ev = toondata.load_eval(args.split)
    held = heldout_panels(ev, max(args.n, 64), S)
    held_e = ev_img(held).numpy().astype(np.float64)
    steps_l = [int(s) for s in args.steps.split(",")]
    guid_l = [float(g) for g in args.guidance.split(",")]
    library = args.start == "library"
    if library:
        from data import ToonPanels

        pool_x, _ = ToonPanels(S).batch(12345, 0, args.pool)  # as eval.py's retrieval baseline
        pool_e = toon_img(pool_x)
    res = {"run": args.run, "evaluator": args.evaluator, "evaluator_steps": ev_ck["step"], "split": args.split,
           "n_per_language": args.n, "start": args.start,
           **({"pool": args.pool, "strength": args.strength} if library else {}),
           "rule": "fewest steps within the 95% paired interval of the best (evaluator)",
           "rows": []}
    per = {}  # (steps, guidance) -> per-treatment evaluator scores, en then ko
    for lang in ("en", "ko"):
        caps = [str(c) for c in ev[f"captions_{lang}"][: args.n, 1]]
        te_ev, te_toon = ev_txt(caps), toon_txt(caps)
        ctx = [text.encode([c]) for c in caps]
        unc = text.encode([""])
        best_ref = (te_toon @ pool_e.T).argmax(1).numpy() if library else None

        def ref(i):  # the single panel's library start, or none (text to image from noise)
            return {"init_image": pool_x[best_ref[i]], "strength": args.strength} if library else {}

        for steps in steps_l:
            for g in guid_l:
                imgs = np.stack([generate(unet, vae, cfg["scheduler"], "euler", steps, g, 1000 + i, ctx[i], unc, sf,
                                          (C, h, h), **ref(i)) for i in range(len(caps))])
                ge = ev_img(imgs)
                s_ev = (100 * (te_ev * ge).sum(1).clamp(min=0)).numpy()
                s_toon = (100 * (te_toon * toon_img(imgs)).sum(1).clamp(min=0)).numpy()
                per.setdefault((steps, g), []).append(s_ev)
                row = {"lang": lang, "steps": steps, "guidance": g, "evaluator_score": float(s_ev.mean()),
                       "toon_clip_score_circular": float(s_toon.mean()),
                       "fd_evaluator": frechet(ge.numpy().astype(np.float64), held_e), "n": len(caps)}
                res["rows"].append(row)
                print(json.dumps(row), flush=True)
    pooled = {k: np.concatenate(v) for k, v in per.items()}
    best = max(pooled, key=lambda k: pooled[k].mean())
    cmp = {}
    for k, v in pooled.items():
        m, half = interval(v - pooled[best])
        cmp[k] = (m, half)
    ok = [k for k in pooled if cmp[k][0] + cmp[k][1] >= 0]
    chosen = min(ok, key=lambda k: (k[0], -pooled[k].mean()))
    res["best"] = {"steps": best[0], "guidance": best[1], "score": float(pooled[best].mean())}
    res["chosen"] = {"steps": chosen[0], "guidance": chosen[1], "score": float(pooled[chosen].mean())}
    res["paired_vs_best"] = [{"steps": k[0], "guidance": k[1], "mean": m, "half95": hf} for k, (m, hf) in cmp.items()]
    by = {(r["lang"], r["steps"], r["guidance"]): r for r in res["rows"]}
    print("\n| steps | guidance | evaluator en / ko | pooled − best (95 %) | FD evaluator en / ko | Toon-CLIP en / ko (circular) |")
    print("|---|---|---|---|---|---|")
    for steps in steps_l:
        for g in guid_l:
            en, ko = by[("en", steps, g)], by[("ko", steps, g)]
            m, hf = cmp[(steps, g)]
            mark = " **chosen**" if (steps, g) == chosen else (" best" if (steps, g) == best else "")
            print(f"| {steps} | {g:g}{mark} | {en['evaluator_score']:.2f} / {ko['evaluator_score']:.2f} | "
                  f"{m:+.2f} (±{hf:.2f}) | {en['fd_evaluator']:.3f} / {ko['fd_evaluator']:.3f} | "
                  f"{en['toon_clip_score_circular']:.2f} / {ko['toon_clip_score_circular']:.2f} |")
    print(f"\nbest: {best}; chosen by the rule: {chosen}")
    if args.out:
        json.dump(res, open(args.out, "w"), indent=1)


if __name__ == "__main__":
    main()
