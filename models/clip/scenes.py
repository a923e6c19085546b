"""Scene panels for Toon-CLIP: a pre-rendered cache of training panels (rendering is ~0.3 s a
panel on this CPU, too slow to do per step) and the fixed eval sets.

    /usr/bin/python3 models/clip/scenes.py --count 2500      # writes runs/panels_train_64.npz

Panels are rendered by models/common/toonrender.py (the dataset's one renderer) from the train
split's specs in a seeded order; each panel keeps its 3 captions (phrase, sentence, topic) in
en/ko/ja.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from typing import List, Tuple

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.abspath(os.path.join(HERE, "..", "..")))
from models.common import toondata  # noqa: E402

CACHE = os.path.join(HERE, "runs", "panels_train_64.npz")
LANGS = ("en", "ko", "ja")


def prerender(count: int, size: int = 64, seed: int = 0, out: str = CACHE) -> None:
    sprites = toondata.load_sprites(128, line_rgba=False)
    it = toondata.iter_panels("train", size=size, sprites=sprites, seed=seed, loop=False)
    imgs, caps, ids = [], [], []
    t0 = time.time()
    for spec, r in it:
        imgs.append(r["color"])
        caps.append([spec["captions"][l][k] for l in LANGS for k in range(3)])
        ids.append(spec["id"])
        if len(imgs) % 250 == 0 or len(imgs) == count:
            tmp = out + ".tmp.npz"
            np.savez(tmp, color=np.stack(imgs), captions=np.array(caps), ids=np.array(ids))
            os.replace(tmp, out)
            print(f"[scenes] {len(imgs)} panels, {time.time() - t0:.0f} s", flush=True)
        if len(imgs) >= count:
            break


class PanelSet:
    """Pre-rendered train panels; sample() -> (uint8[64,64,3], lang, caption)."""

    def __init__(self, split: str = "train", path: str = CACHE):
        assert split == "train"
        with np.load(path) as z:
            self.color = z["color"]
            self.captions = z["captions"]  # [N, 9]: en x3, ko x3, ja x3

    def __len__(self) -> int:
        return len(self.color)

    def sample(self, i: int, rng: random.Random) -> Tuple[np.ndarray, str, str]:
        li = rng.randrange(3)
        k = rng.randrange(3)
        return self.color[i], LANGS[li], str(self.captions[i][li * 3 + k])


def train_texts() -> List[str]:
    """Every caption of the train split (tokenizer corpus)."""
    out: List[str] = []
    for spec in toondata.load_specs("train"):
        for l in LANGS:
            out.extend(spec["captions"][l])
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=2500)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    prerender(a.count, seed=a.seed)
