"""Training pairs (image in [-1, 1], caption) for the diffusion recipe. `npm run data` first.

`ToonPanels` (default): the dataset's panels + treatments — scene specs of a split
(models/common/toondata.load_specs) rendered on the fly by models/common/toonrender at the
model's size; the caption is one of the spec's three treatment forms (phrase / sentence /
topic) in English or Korean, chosen at random.
`SpritePanels`: ONE train-split sprite on a flat/gradient background, captioned with its own
label (en/ko) — a simpler source for ablations.
Both are deterministic: batch k of seed s is a pure function of (s, k), so a resumed run sees
the same data as an uninterrupted one.
"""
from __future__ import annotations

import os
import sys
from typing import List, Tuple

import numpy as np
from PIL import Image

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from models.common import toondata  # noqa: E402


class SpritePanels:
    def __init__(self, size: int = 64, split: str = "train", langs=("en", "ko")):
        src = 64 if size <= 64 else 128
        s = toondata.load_sprites(src, line_rgba=False)
        meta = s["meta"]
        ids = toondata.sprite_indices(meta, split)
        keep = [int(i) for i in ids if meta[int(i)].get("panel") and all(meta[int(i)].get(l) for l in langs)]
        self.size = size
        self.langs = langs
        self.color = s["color"][keep]
        self.captions = [{l: meta[i][l]["label"] for l in langs} for i in keep]
        self.ids = np.asarray(keep)

    def __len__(self):
        return len(self.ids)

    def _background(self, rng) -> np.ndarray:
        S = self.size
        c1 = rng.integers(150, 256, 3).astype(np.float32)
        if rng.random() < 0.5:
            return np.broadcast_to(c1, (S, S, 3)).copy()
        c2 = rng.integers(60, 256, 3).astype(np.float32)
        t = np.linspace(0, 1, S, dtype=np.float32)[:, None, None]
        return np.broadcast_to(c1 * (1 - t) + c2 * t, (S, S, 3)).copy()

    def sample(self, rng, idx: int) -> Tuple[np.ndarray, dict]:
        S = self.size
        bg = self._background(rng)
        sprite = Image.fromarray(self.color[idx])
        side = int(rng.integers(int(S * 0.55), S + 1))
        sprite = sprite.resize((side, side), Image.BILINEAR)
        x = int(rng.integers(0, S - side + 1))
        y = int(rng.integers(0, S - side + 1))
        canvas = Image.fromarray(bg.astype(np.uint8))
        canvas.paste(sprite, (x, y), sprite)
        img = np.asarray(canvas, dtype=np.float32) / 127.5 - 1.0
        return img.transpose(2, 0, 1), self.captions[idx]

    def batch(self, seed: int, step: int, n: int, drop_caption: float = 0.0) -> Tuple[np.ndarray, List[str]]:
        """Images [n,3,S,S] float32 in [-1,1] and captions ('' = dropped, for classifier-free guidance)."""
        rng = np.random.default_rng([seed, step])
        imgs, caps = [], []
        for _ in range(n):
            i = int(rng.integers(0, len(self.ids)))
            img, cap = self.sample(rng, i)
            lang = self.langs[int(rng.integers(0, len(self.langs)))]
            imgs.append(img)
            caps.append("" if rng.random() < drop_caption else cap[lang])
        return np.stack(imgs), caps


class ToonPanels:
    def __init__(self, size: int = 64, split: str = "train", langs=("en", "ko")):
        from models.common.toonrender import SpriteBank, render_panel

        self.render_panel = render_panel
        self.size = size
        self.langs = langs
        self.specs = toondata.load_specs(split)
        s = toondata.load_sprites(128, line_rgba=False)
        self.bank = SpriteBank(s["color"], s["ink"])

    def __len__(self):
        return len(self.specs)

    def sample(self, idx: int, lang: str, form: int) -> Tuple[np.ndarray, str]:
        spec = self.specs[idx]
        img = self.render_panel(spec, self.bank, self.size)["color"][..., :3]
        x = img.astype(np.float32) / 127.5 - 1.0
        return x.transpose(2, 0, 1), spec["captions"][lang][form]

    def batch(self, seed: int, step: int, n: int, drop_caption: float = 0.0) -> Tuple[np.ndarray, List[str]]:
        rng = np.random.default_rng([seed, step])
        imgs, caps = [], []
        for _ in range(n):
            i = int(rng.integers(0, len(self.specs)))
            lang = self.langs[int(rng.integers(0, len(self.langs)))]
            img, cap = self.sample(i, lang, int(rng.integers(0, 3)))
            imgs.append(img)
            caps.append("" if rng.random() < drop_caption else cap)
        return np.stack(imgs), caps


def make_data(kind: str, size: int, split: str = "train"):
    return ToonPanels(size, split) if kind == "panels" else SpritePanels(size, split)
