"""Pre-rendered panels for fast (GPU) training: rendering a 64 px panel costs ~20 ms of one CPU
core, which would starve a GPU, so a split's specs are rendered ONCE (in parallel) into
<cache>/panels_<split>_<size>.npz (uint8 images + the specs' en/ko captions) and batches are
drawn from memory. Same batch() contract as data.ToonPanels (deterministic in (seed, step)).
30,000 train panels at 64 px: 369 MB of uint8.
"""
from __future__ import annotations

import json
import os
import sys
from multiprocessing import Pool
from typing import List, Tuple

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

_W = {}


def _init(size):
    from models.common import toondata
    from models.common.toonrender import SpriteBank

    s = toondata.load_sprites(128, line_rgba=False)
    _W["bank"] = SpriteBank(s["color"], s["ink"])
    _W["size"] = size


def _render(spec):
    from models.common.toonrender import render_panel

    return render_panel(spec, _W["bank"], _W["size"])["color"][..., :3]


def build(split: str, size: int, cache_dir: str, workers: int = 0, limit: int = 0) -> str:
    from models.common import toondata

    os.makedirs(cache_dir, exist_ok=True)
    path = os.path.join(cache_dir, f"panels_{split}_{size}{'_' + str(limit) if limit else ''}.npz")
    if os.path.exists(path):
        return path
    specs = toondata.load_specs(split)
    if limit:
        specs = specs[:limit]
    n = workers or max(1, (os.cpu_count() or 2) - 1)
    with Pool(n, initializer=_init, initargs=(size,)) as pool:
        imgs = pool.map(_render, specs, chunksize=64)
    caps = [{l: spec["captions"][l] for l in ("en", "ko")} for spec in specs]
    tmp = path + ".tmp.npz"
    np.savez(tmp, images=np.stack(imgs).astype(np.uint8), captions=np.array([json.dumps(c, ensure_ascii=False) for c in caps]))
    os.replace(tmp, path)
    return path


class CachedPanels:
    def __init__(self, path: str, langs=("en", "ko")):
        with np.load(path) as z:
            self.images = z["images"]
            self.captions = [json.loads(c) for c in z["captions"]]
        self.langs = langs
        self.size = self.images.shape[1]

    def __len__(self):
        return len(self.images)

    def batch(self, seed: int, step: int, n: int, drop_caption: float = 0.0, return_index: bool = False):
        rng = np.random.default_rng([seed, step])
        idx, caps = [], []
        for _ in range(n):
            i = int(rng.integers(0, len(self.images)))
            lang = self.langs[int(rng.integers(0, len(self.langs)))]
            form = int(rng.integers(0, 3))
            idx.append(i)
            caps.append("" if rng.random() < drop_caption else self.captions[i][lang][form])
        x = self.images[np.asarray(idx)].astype(np.float32) / 127.5 - 1.0
        if return_index:  # the panels' row numbers = their spec index in the split (for SubjectSheets)
            return x.transpose(0, 3, 1, 2).copy(), caps, idx
        return x.transpose(0, 3, 1, 2).copy(), caps
