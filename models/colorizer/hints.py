"""Hint sampling. `patch_hints` is the EVAL-NOTES protocol (after Zhang et al. 2017):
k patch sizes P uniform in 1..9, k top-left corners uniform in the image, each hint carries the
mean ground-truth ab of its P×P patch, drawn into the hint tensor (mask = 1) over that patch.
`dropout_hints` is the seed paper's ab dropout: every pixel kept with probability `keep`.
"""
from __future__ import annotations

import numpy as np


def patch_hints(ab: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """ab: 2×H×W (Lab units). Returns 3×H×W float32 (a, b, mask)."""
    _, H, W = ab.shape
    out = np.zeros((3, H, W), np.float32)
    for _ in range(k):
        p = int(rng.integers(1, 10))
        y = int(rng.integers(0, max(1, H - p + 1)))
        x = int(rng.integers(0, max(1, W - p + 1)))
        mean = ab[:, y:y + p, x:x + p].reshape(2, -1).mean(1)
        out[0, y:y + p, x:x + p] = mean[0]
        out[1, y:y + p, x:x + p] = mean[1]
        out[2, y:y + p, x:x + p] = 1.0
    return out


def eval_hints(ab: np.ndarray, k: int, image_seed: int) -> np.ndarray:
    """Fixed RNG per image and k, so every method sees the same hints."""
    return patch_hints(ab, k, np.random.default_rng([image_seed, k, 4242]))


def dropout_hints(ab: np.ndarray, keep: float, rng: np.random.Generator) -> np.ndarray:
    _, H, W = ab.shape
    m = (rng.random((H, W)) < keep).astype(np.float32)
    return np.concatenate([ab * m[None], m[None]], 0).astype(np.float32)


def training_hints(ab: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Mix used in training: none (automatic), ab dropout (keep 0.01), EVAL-NOTES patches, both."""
    r = rng.random()
    if r < 0.2:
        return np.zeros((3,) + ab.shape[1:], np.float32)
    if r < 0.45:
        return dropout_hints(ab, 0.01, rng)
    k = int(np.exp(rng.uniform(0, np.log(60))))  # log-uniform 1..60
    h = patch_hints(ab, k, rng)
    if r > 0.85:
        d = dropout_hints(ab, 0.01, rng)
        sel = d[2] > 0
        h[:, sel] = d[:, sel]
    return h
