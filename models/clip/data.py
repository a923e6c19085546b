"""Training / eval pairs for Toon-CLIP from the Toonsmith dataset (models/common/toondata.py).

Every source yields images as uint8 [N, 64, 64, 3] (composited on white) and, per image, a list
of (lang, caption) alternatives; a training sample draws one image and one of its captions.
"""
from __future__ import annotations

import os
import random
import sys
from typing import Dict, List, Tuple

import numpy as np

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
from models.common import toondata  # noqa: E402

SIZE = 64
LANGS = ("en", "ko", "ja")

# Caption templates per language; {l} = label. Stated in CARD.md.
TEMPLATES = {
    "en": ["{l}", "a {l}", "a drawing of {l}", "{l} emoji", "{l} icon"],
    "ko": ["{l}", "{l} 그림", "{l} 이모지", "{l} 아이콘"],
    "ja": ["{l}", "{l}の絵", "{l}の絵文字", "{l}のアイコン"],
}
LINE_TEMPLATES = {
    "en": ["line art of {l}", "{l} line drawing", "{l}"],
    "ko": ["{l} 선화", "{l} 라인 아트", "{l}"],
    "ja": ["{l}の線画", "{l}"],
}
TAG_SEP = {"en": ", ", "ko": ", ", "ja": "、"}


def on_white(rgba: np.ndarray) -> np.ndarray:
    """uint8 [..., 4] straight RGBA -> uint8 [..., 3] over white."""
    a = rgba[..., 3:4].astype(np.float32) / 255.0
    rgb = rgba[..., :3].astype(np.float32) * a + 255.0 * (1.0 - a)
    return np.clip(np.round(rgb), 0, 255).astype(np.uint8)


def sprite_text(meta: dict) -> Dict[str, Tuple[str, List[str]]]:
    out = {}
    for lang in LANGS:
        d = meta.get(lang)
        if d and d.get("label"):
            out[lang] = (d["label"], list(d.get("tags") or []))
    return out


def sprite_captions(meta: dict, line: bool, rng: random.Random) -> Tuple[str, str]:
    """One random (lang, caption) for a sprite."""
    texts = sprite_text(meta)
    lang = rng.choice([l for l in LANGS if l in texts])
    label, tags = texts[lang]
    r = rng.random()
    if line and r < 0.4:
        return lang, rng.choice(LINE_TEMPLATES[lang]).format(l=label)
    if r < 0.75 or not tags:
        return lang, rng.choice(TEMPLATES[lang]).format(l=label)
    k = min(len(tags), rng.randint(1, 3))
    return lang, label + TAG_SEP[lang] + TAG_SEP[lang].join(rng.sample(tags, k))


class SpriteSet:
    def __init__(self, split: str = "train"):
        s = toondata.load_sprites(SIZE)
        self.meta = s["meta"]
        self.ids = toondata.sprite_indices(self.meta, split)
        self.color = on_white(s["color"][self.ids])
        self.line = on_white(s["line"][self.ids])

    def __len__(self) -> int:
        return len(self.ids)

    def sample(self, i: int, rng: random.Random) -> Tuple[np.ndarray, str, str]:
        line = rng.random() < 0.3
        lang, cap = sprite_captions(self.meta[int(self.ids[i])], line, rng)
        return (self.line[i] if line else self.color[i]), lang, cap

    def all_texts(self) -> List[str]:
        out = []
        for i in self.ids:
            for label, tags in sprite_text(self.meta[int(i)]).values():
                out.append(label)
                out.extend(tags)
        return out
