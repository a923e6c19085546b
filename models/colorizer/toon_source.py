"""Training panels composed on the fly from the dataset's TRAIN sprites only
(models/common/toondata.py; held-out emoji are never loaded into the pool).

A panel: a background (white, flat, gradient or procedural shapes), 1–4 sprites at varied
scale, position and overlap, sometimes a speech bubble and a panel border. Returns the color
image and its line art (each sprite's ink with the sprite's own area whited out below it, so
occluded lines disappear exactly as in the color image).
"""
from __future__ import annotations

import os
import sys

import numpy as np
from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.abspath(os.path.join(HERE, "..", "..")))
import synth  # noqa: E402
from models.common.toondata import load_sprites, sprite_indices  # noqa: E402


def make(size: int, split: str = "train"):
    s = load_sprites(128, line_rgba=False)
    ids = sprite_indices(s["meta"], split)
    color, ink = s["color"], s["ink"]

    def one(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        W = H = size
        if rng.random() < 0.25:
            base, line = synth.panel(rng, W, H)  # procedural scenery behind the sprites
            rgb = base.astype(np.float32)
            ln = line.astype(np.float32)
        else:
            rgb = synth._background(rng, W, H).astype(np.float32)
            ln = np.full((H, W), 255.0, np.float32)
        for _ in range(int(rng.integers(1, 5))):
            i = int(ids[rng.integers(0, len(ids))])
            sz = int(rng.uniform(0.35, 1.1) * size)
            sz = max(8, sz)
            c = np.asarray(Image.fromarray(color[i]).resize((sz, sz), Image.BILINEAR), np.float32)
            k = np.asarray(Image.fromarray(ink[i]).resize((sz, sz), Image.BILINEAR), np.float32) / 255.0
            x0 = int(rng.integers(-sz // 3, W - sz // 3))
            y0 = int(rng.integers(-sz // 3, H - sz // 3))
            xa, ya, xb, yb = max(0, x0), max(0, y0), min(W, x0 + sz), min(H, y0 + sz)
            if xb <= xa or yb <= ya:
                continue
            cc = c[ya - y0:yb - y0, xa - x0:xb - x0]
            kk = k[ya - y0:yb - y0, xa - x0:xb - x0]
            al = cc[..., 3:4] / 255.0
            rgb[ya:yb, xa:xb] = rgb[ya:yb, xa:xb] * (1 - al) + cc[..., :3] * al
            a1 = al[..., 0]
            ln[ya:yb, xa:xb] = ln[ya:yb, xa:xb] * (1 - a1) + 255.0 * a1  # white-out under sprite
            ln[ya:yb, xa:xb] = ln[ya:yb, xa:xb] * (1 - kk)  # then its own ink
        img = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))
        limg = Image.fromarray(np.clip(ln, 0, 255).astype(np.uint8))
        d, dl = ImageDraw.Draw(img), ImageDraw.Draw(limg)
        if rng.random() < 0.25:  # speech bubble
            bw, bh = rng.uniform(0.3, 0.55) * W, rng.uniform(0.15, 0.3) * H
            x0, y0 = rng.uniform(0, W - bw), rng.uniform(0, H * 0.3)
            box = [x0, y0, x0 + bw, y0 + bh]
            d.ellipse(box, fill=(255, 255, 255), outline=(0, 0, 0), width=1)
            dl.ellipse(box, fill=255, outline=0, width=1)
            yy, xx = y0 + bh * 0.5, x0 + bw * 0.3
            d.line([xx, yy, xx + bw * 0.4, yy], fill=(20, 20, 20), width=1)
            dl.line([xx, yy, xx + bw * 0.4, yy], fill=0, width=1)
        if rng.random() < 0.3:  # panel border
            d.rectangle([0, 0, W - 1, H - 1], outline=(0, 0, 0), width=1)
            dl.rectangle([0, 0, W - 1, H - 1], outline=0, width=1)
        return np.asarray(img).copy(), np.asarray(limg).copy()

    def batch(rng: np.random.Generator, n: int):
        items = [one(rng) for _ in range(n)]
        return np.stack([i[0] for i in items]), np.stack([i[1] for i in items])

    return batch
