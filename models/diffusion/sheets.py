"""Character-sheet pictures: one sprite alone, centred, on the plain day scene, as the story
eval (eval_consistency.py) and image-prompt training (train.py --image-tokens) both use them.

`sheet_image(sprite, bank)` renders at 128 px with the dataset renderer and box-averages to 64 px
(as the worker's rgbaToChw does), CHW float32 in [-1, 1].
`SubjectSheets` maps the train split's panels to the sheet of their largest object (the figure
that fills most of the panel: the strongest training signal, and what a story's named character
should become; the shipped design) or, with source="subject", of the treatment's first named
subject (the design alternative measured on val), rendering each distinct sprite once (cached as
uint8 in <cache_dir>/sheets_<source>_<split>.npz).
"""
from __future__ import annotations

import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def sheet_image(sprite: int, bank) -> np.ndarray:
    from models.common.toonrender import render_panel

    spec = {"seed": 7, "jitter": 0.0, "scene": {"place": "none", "time": "day"},
            "frame": {"gutter": 0.03, "border": 0.008},
            "tone": {"kind": "none", "area": "background", "period": 0.03, "density": 0.2, "angle": 0},
            "objects": [{"sprite": int(sprite), "subject": 0, "x": 0.5, "y": 0.52, "s": 0.62, "rot": 0,
                         "flip": False, "motion": 0}],
            "bubbles": []}
    c = render_panel(spec, bank, 128)["color"].astype(np.float32)
    x = torch.from_numpy(c).permute(2, 0, 1)[None]
    return (F.avg_pool2d(x, 2)[0] / 127.5 - 1).numpy()  # 128 → 64 box average, [-1, 1]


SOURCES = ("largest", "subject")


def sheet_sprite(spec: dict, source: str = "largest") -> int:
    """The sprite whose sheet a panel is trained with: its largest object (the shipped design), or
    `subject` — the treatment's first named subject (subject index 0; scenery objects are −1), the
    object the caption names, often smaller than a tree or house behind it."""
    if source == "largest":
        return int(max(spec["objects"], key=lambda o: o["s"])["sprite"])
    if source == "subject":
        named = [o for o in spec["objects"] if o["subject"] == 0]
        return int((named or sorted(spec["objects"], key=lambda o: -o["s"]))[0]["sprite"])
    raise ValueError(f"sheet source {source!r} (one of {SOURCES})")


class SubjectSheets:
    def __init__(self, split: str, cache_dir: str, source: str = "largest"):
        from models.common import toondata

        specs = toondata.load_specs(split)
        self.subject = np.asarray([sheet_sprite(s, source) for s in specs], np.int64)
        ids = np.unique(self.subject)
        path = os.path.join(cache_dir, f"sheets_{source}_{split}.npz")
        if os.path.exists(path):
            with np.load(path) as z:
                if np.array_equal(z["ids"], ids):
                    self.images = z["images"]
        if not hasattr(self, "images"):
            from models.common.toonrender import SpriteBank

            sp = toondata.load_sprites(128, line_rgba=False)
            bank = SpriteBank(sp["color"], sp["ink"])
            self.images = np.stack([np.round((sheet_image(int(i), bank) + 1) * 127.5).clip(0, 255).astype(np.uint8)
                                    for i in ids])
            os.makedirs(cache_dir, exist_ok=True)
            np.savez(path + ".tmp.npz", ids=ids, images=self.images)
            os.replace(path + ".tmp.npz", path)
        self.row = {int(i): r for r, i in enumerate(ids)}

    def images_for(self, panel_idx) -> np.ndarray:
        """Sheets [n,3,64,64] float32 in [-1, 1] for panel indices."""
        rows = [self.row[int(self.subject[i])] for i in panel_idx]
        return self.images[rows].astype(np.float32) / 127.5 - 1.0
