#!/usr/bin/env python3
"""Issue 17, "harmonize": is image-to-image from the composed storyboard panel an improvement at
the diffusion model's resolution? Inputs from test/model/storyboard-harmonize.mjs (each panel's
scene = background + cut-outs, and its lettering = bubbles, captions, text, frame).

    /usr/bin/python3 test/model/storyboard-harmonize-score.py \
        [--diffusion models/diffusion/runs/ship] [--evaluator models/clip/evaluator/runs/e1]

--diffusion is the shipped model rebuilt in torch (models/diffusion/from_onnx.py --src
models/diffusion/toon-diffusion --run models/diffusion/runs/ship --clip-ckpt
models/clip/runs/ship/init.pt; its torch references match the ONNX the app runs).

Every arm is seen at the model's resolution, 64 × 64: the panel's centre square, area-averaged
(as workers/diffusion/tensors.ts prepares an image-to-image start; see below), with the lettering
(area-averaged, premultiplied) drawn over it again, since harmonize would redraw only the scene:
  composed   the panel as the storyboard draws it;
  vae        the scene through the model's VAE and back (control: the 64-px "model look" alone);
  h0.25/0.5/0.75  image-to-image from the scene at that strength (1, 2, 3 of 4 steps), prompt =
             the panel's text, the single panel's defaults (SINGLE_PANEL: 4 steps, guidance 4),
             Euler, seed 1000 + panel number (the same for every arm), no image prompt;
  txt1.0     text to image from the same noise and prompt (no start picture: the panel is not
             used at all) — reported, not a candidate.
Score: the unshipped evaluator CLIP (not Toon-CLIP, which conditions the model):
100 · max(cos(image, own text), 0), and own-text-first (the panel's own text has the highest
cosine among its story's panel texts; panels of stories with ≥ 2 panels).

Rule, fixed before the run (stories 01–10 of each language are validation, 11–20 test, as
storyboard-tune.mjs): s* = the candidate strength with the highest mean paired difference to
`composed` on validation (per story, both languages pooled). Harmonize is offered at s* only if
on validation (a) its paired score difference to `composed` is > 0 with the 95 % t-interval
excluding 0, (b) the same holds against the `vae` control (the gain is not just the 64-px look the
evaluator was trained on), and (c) its own-text-first accuracy is not below `composed`'s. The
test stories are reported once, for s*, composed and vae (and txt1.0, see below).
Added after the first run, reported next to the rule and not part of it (the run passed the rule,
but its panels showed the characters and places gone): "− txt1.0", the paired difference to the
arm that keeps nothing of the panel (does the composition add anything the score sees?), and
"kept", the evaluator's image–image cosine to the composed panel (how much of the panel is left;
the lettering every arm shares puts a floor under it, so txt1.0's value is that floor, not 0).
The 64-px centre square is area-averaged with exact fractional edges (tensors.ts uses the same
area average on whole pixels: a close, not bit-exact, copy of the app's preparation).
Writes test-results/storyboard-harmonize-score.json and prints markdown tables.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import zlib

import numpy as np
import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "models", "diffusion"))
sys.path.insert(0, ROOT)
from choose_val_steps import interval, load_evaluator  # noqa: E402
from export import load_run  # noqa: E402
from sample import generate  # noqa: E402
from text import ToonClipText  # noqa: E402

STEPS, GUIDANCE = 4, 4.0  # src/core/diffusion/defaults.ts SINGLE_PANEL
CANDIDATES = (0.25, 0.5, 0.75)


def rgba(path: str, w: int, h: int) -> np.ndarray:
    with open(path, "rb") as f:
        return np.frombuffer(zlib.decompress(f.read()), np.uint8).reshape(h, w, 4).astype(np.float64) / 255.0


def down64(x: np.ndarray, size: int = 64) -> np.ndarray:
    """Centre square, then area average to size × size (premultiplied alpha): HxWx4 → size×size×4."""
    h, w = x.shape[:2]
    s = min(h, w)
    t, l = (h - s) // 2, (w - s) // 2
    sq = x[t : t + s, l : l + s].copy()
    sq[..., :3] *= sq[..., 3:4]
    edges = np.linspace(0, s, size + 1)
    out = np.zeros((size, size, 4))
    # Exact area weights per output row/column (fractional edge pixels count by their share).
    def weights(n):
        m = np.zeros((size, n))
        for i in range(size):
            a, b = edges[i], edges[i + 1]
            for p in range(int(math.floor(a)), min(n, int(math.ceil(b)))):
                m[i, p] = min(b, p + 1) - max(a, p)
        return m / m.sum(1, keepdims=True)
    wy, wx = weights(s), weights(s)
    for c in range(4):
        out[..., c] = wy @ sq[..., c] @ wx.T
    a = out[..., 3:4]
    out[..., :3] = np.where(a > 0, out[..., :3] / np.maximum(a, 1e-12), 0)
    return out


def over(top: np.ndarray, rgb: np.ndarray) -> np.ndarray:
    a = top[..., 3:4]
    return top[..., :3] * a + rgb * (1 - a)


def to_model(rgb: np.ndarray) -> np.ndarray:  # HxWx3 in [0,1] → CHW in [-1,1]
    return (rgb.transpose(2, 0, 1) * 2 - 1).astype(np.float32)


def from_model(x: np.ndarray) -> np.ndarray:  # CHW in [-1,1] → HxWx3 in [0,1], as the app's PNG (8-bit)
    return np.round((np.clip(x, -1, 1).transpose(1, 2, 0) + 1) * 127.5) / 255.0


@torch.no_grad()
def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--diffusion", default=os.path.join(ROOT, "models/diffusion/runs/ship"))
    ap.add_argument("--evaluator", default=os.path.join(ROOT, "models/clip/evaluator/runs/e1"))
    ap.add_argument("--panels", default=os.path.join(ROOT, "test-results/storyboard-harmonize"))
    ap.add_argument("--out", default=os.path.join(ROOT, "test-results/storyboard-harmonize-score.json"))
    ap.add_argument("--save", type=int, default=6, help="write this many panels' arms side by side as PNG")
    a = ap.parse_args()
    torch.set_num_threads(1)
    vae, unet, ub = load_run(a.diffusion)
    cfg = ub["config"]
    text = ToonClipText(os.path.join(ROOT, cfg["text"]["clip_dir"]), os.path.join(ROOT, cfg["text"]["ckpt"]),
                        cfg["text"]["max_length"])
    S, C, h = cfg["vae"]["image_size"], cfg["unet"]["in_channels"], cfg["unet"]["sample_size"]
    sf = cfg["vae"]["scaling_factor"]
    ev_img, ev_txt, _ = load_evaluator(a.evaluator)
    panels = json.load(open(os.path.join(a.panels, "panels.json")))["panels"]
    arms = ["composed", "vae"] + [f"h{s}" for s in CANDIDATES] + ["txt1.0"]
    images = {k: [] for k in arms}
    uncond = text.encode([""])
    for n, p in enumerate(panels):
        scene = down64(rgba(os.path.join(a.panels, p["scene"]), p["width"], p["height"]), S)[..., :3]
        letter = down64(rgba(os.path.join(a.panels, p["letter"]), p["width"], p["height"]), S)
        init = to_model(scene)
        images["composed"].append(over(letter, np.round(scene * 255) / 255))  # 8-bit, as every other arm
        m, _ = vae.encode(torch.from_numpy(init[None]))
        images["vae"].append(over(letter, from_model(vae.decode(m).clamp(-1, 1).numpy()[0])))
        cond = text.encode([p["text"]])
        for s in list(CANDIDATES) + [1.0]:
            # txt1.0: text to image from the same noise, without the panel's latent
            start = {"init_image": init, "strength": s} if s < 1 else {}
            x = generate(unet, vae, cfg["scheduler"], "euler", STEPS, GUIDANCE, 1000 + n, cond, uncond, sf, (C, h, h),
                         **start)
            images[f"h{s}" if s < 1 else "txt1.0"].append(over(letter, from_model(x)))
        if n % 20 == 0:
            print(f"{n + 1}/{len(panels)} panels", flush=True)
    te = ev_txt([p["text"] for p in panels])
    rows = {}
    for k in arms:
        x = torch.from_numpy(np.stack([to_model(im) for im in images[k]]))
        ie = ev_img(x)
        rows[k] = {"cos": (ie * te).sum(1).numpy(), "sim": (ie @ te.t()).numpy(), "emb": ie}
    for k in arms:
        rows[k]["kept"] = (rows[k]["emb"] * rows["composed"]["emb"]).sum(1).numpy()
    stories = {}
    for i, p in enumerate(panels):
        stories.setdefault((p["lang"], p["story"]), []).append(i)
    split = lambda story: "val" if int(story.split("-")[1]) <= 10 else "test"  # noqa: E731

    def per_story(k, sp):
        return {st: float(np.mean([100 * max(rows[k]["cos"][i], 0) for i in idx]))
                for st, idx in stories.items() if split(st[1]) == sp}

    def own_first(k, sp):
        hits = [int(rows[k]["sim"][i, idx].argmax() == r)
                for st, idx in stories.items() if split(st[1]) == sp and len(idx) >= 2 for r, i in enumerate(idx)]
        return float(np.mean(hits)), len(hits)

    def table(sp, ks):
        out = []
        base = per_story("composed", sp)
        vae_s = per_story("vae", sp)
        txt_s = per_story("txt1.0", sp)
        for k in ks:
            ps = per_story(k, sp)
            keys = sorted(ps)
            d0 = np.array([ps[s] - base[s] for s in keys])
            d1 = np.array([ps[s] - vae_s[s] for s in keys])
            d2 = np.array([ps[s] - txt_s[s] for s in keys])
            idx = [i for st, ix in stories.items() if split(st[1]) == sp for i in ix]
            acc, npan = own_first(k, sp)
            out.append({"arm": k, "split": sp, "stories": len(keys), "score": float(np.mean([ps[s] for s in keys])),
                        "vsComposed": interval(d0) if k != "composed" else (0.0, 0.0),
                        "vsVae": interval(d1) if k != "vae" else (0.0, 0.0),
                        "vsTextOnly": interval(d2) if k != "txt1.0" else (0.0, 0.0),
                        "kept": float(np.mean(rows[k]["kept"][idx])),
                        "ownTextFirst": acc, "ownTextPanels": npan})
        return out

    def show(tab):
        print("| arm | split | stories | evaluator score | − composed (95 %) | − vae (95 %) | − txt1.0 (95 %) | kept "
              "| own text first |")
        print("|---|---|---|---|---|---|---|---|---|")
        for r in tab:
            print(f"| {r['arm']} | {r['split']} | {r['stories']} | {r['score']:.1f} | {r['vsComposed'][0]:+.2f} "
                  f"± {r['vsComposed'][1]:.2f} | {r['vsVae'][0]:+.2f} ± {r['vsVae'][1]:.2f} | "
                  f"{r['vsTextOnly'][0]:+.2f} ± {r['vsTextOnly'][1]:.2f} | {r['kept']:.3f} | "
                  f"{r['ownTextFirst']:.3f} ({r['ownTextPanels']}) |")

    val = table("val", arms)
    show(val)
    cand = [r for r in val if r["arm"] in {f"h{s}" for s in CANDIDATES}]
    best = max(cand, key=lambda r: r["vsComposed"][0])
    comp = next(r for r in val if r["arm"] == "composed")
    ok = {
        "a_beats_composed": best["vsComposed"][0] - best["vsComposed"][1] > 0,
        "b_beats_vae": best["vsVae"][0] - best["vsVae"][1] > 0,
        "c_own_text_not_lower": best["ownTextFirst"] >= comp["ownTextFirst"],
    }
    offered = all(ok.values())
    print(f"\nval choice: {best['arm']}; {ok}; harmonize offered: {offered}\n")
    test = table("test", ["composed", "vae", best["arm"], "txt1.0"])
    show(test)
    d = os.path.join(a.panels, "arms")
    os.makedirs(d, exist_ok=True)
    from PIL import Image
    for i in range(min(a.save, len(panels))):
        strip = np.concatenate([images[k][i] for k in arms], 1)
        Image.fromarray((strip * 255).round().astype(np.uint8)).resize((64 * 4 * len(arms), 256), Image.NEAREST).save(
            os.path.join(d, f"{i:02d}-{panels[i]['lang']}-{panels[i]['story']}.png"))
    json.dump({"arms": arms, "steps": STEPS, "guidance": GUIDANCE, "val": val, "choice": best["arm"], "rule": ok,
               "offered": offered, "test": test, "panels": len(panels)}, open(a.out, "w"), indent=1,
              default=float)


if __name__ == "__main__":
    main()
