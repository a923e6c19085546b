"""Toon-CLIP's v10 val (models/clip/val_v10.py): the glossary words a drawing may be called, the
per-drawing values on a tiny synthetic split where the towers are exact, and the paired bootstrap."""
from __future__ import annotations

import os
import sys

import numpy as np
import torch

from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "models", "clip"))
import openclipart  # noqa: E402
import val_v10  # noqa: E402


def test_accepted_takes_the_folder_and_its_parent():
    assert val_v10.accepted("svg/animals/birds/parrot.svg") == [("bird", "새"), ("animal", "동물")]
    assert val_v10.accepted("svg/animals/x.svg") == [("animal", "동물")]
    assert val_v10.accepted("svg/computer/icons/x.svg") == []
    assert len(val_v10.classes()) == len(set(openclipart.GLOSSARY.values()))


def test_exact_towers_score_one_and_a_blind_one_loses(monkeypatch):
    files = ["svg/animals/birds/bird.svg", "svg/plants/trees/tree.svg", "svg/food/fruit/apple.svg", "svg/unsorted/x.svg"]
    items = [{"file": f, "title": "", "keywords": []} for f in files]
    n = len(items)
    img = np.arange(n, dtype=np.uint8)[:, None, None, None] * np.ones((1, 4, 4, 3), np.uint8)
    monkeypatch.setattr(openclipart, "load_split", lambda split: ({"color": img, "line": img}, items))
    monkeypatch.setattr(openclipart, "concept_map", lambda: {"bird": "새", "tree": "나무", "apple": "사과"})
    words = ["bird", "tree", "apple", "x"]
    cls = val_v10.classes()
    own = [val_v10.accepted(f)[0] if val_v10.accepted(f) else None for f in files]

    def texts(ts):  # a word's vector: one-hot of the drawing it names
        out = torch.zeros(len(ts), n + len(cls))
        for i, t in enumerate(ts):
            hit = [d for d in range(n) if t in (words[d], "새" if d == 0 else None, "나무" if d == 1 else None,
                                                "사과" if d == 2 else None) or (own[d] and t in own[d])]
            out[i, hit[0] if hit else n + i % len(cls)] = 1
        return out

    def images(a):
        out = torch.zeros(len(a), n + len(cls))
        out[torch.arange(len(a)), torch.tensor(a[:, 0, 0, 0].astype(np.int64))] = 1
        return out

    good = val_v10.per_drawing(images, texts, "val")
    nums = val_v10.numbers(good)
    assert nums["score"] == 1.0
    assert nums["concepts/en"]["items"] == 6 and nums["categories/ko"]["items"] == 6  # 3 drawings × 2 renders
    blind = val_v10.per_drawing(lambda a: images((a + 1) % n), texts, "val")  # each drawing seen as the next
    assert val_v10.numbers(blind)["concepts/en"]["mean"] == 0.5  # rank 2: the drawing before it comes first
    assert val_v10.numbers(blind)["categories/en"]["mean"] == 0.0
    assert val_v10.bootstrap_p(good, blind, draws=500)["p"] < 0.05
    assert val_v10.bootstrap_p(blind, good, draws=500)["p"] > 0.95
    assert val_v10.bootstrap_p(good, good, draws=500)["p"] == 1.0
