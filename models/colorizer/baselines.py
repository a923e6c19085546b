"""Colorization baselines for eval.py (EVAL-NOTES): gray, flat fill within line-bounded regions,
and Levin, Lischinski, Weiss 2004 optimization-based propagation. All take L (H×W, 0..100) and
hints (3×H×W: a, b, mask) and return ab (2×H×W, Lab units)."""
from __future__ import annotations

import numpy as np
import scipy.ndimage as ndi
import scipy.sparse as sp
import scipy.sparse.linalg as spla

FLAT_L_THRESHOLD = 35.0  # pixels with L* above this are region interior; below are lines


def gray(L: np.ndarray, hints: np.ndarray) -> np.ndarray:
    return np.zeros((2,) + L.shape, np.float32)


def flat_fill(L: np.ndarray, hints: np.ndarray, threshold: float = FLAT_L_THRESHOLD) -> np.ndarray:
    """Each hint fills the 4-connected component(s) of above-threshold pixels it touches with its
    colour (components touched by several hints get the mean of their hint pixels); hint pixels
    themselves keep their colour; everything else stays gray."""
    out = np.zeros((2,) + L.shape, np.float32)
    mask = hints[2] > 0
    if not mask.any():
        return out
    labels, _ = ndi.label(L > threshold, structure=[[0, 1, 0], [1, 1, 1], [0, 1, 0]])
    lab_at = labels[mask]
    a_at, b_at = hints[0][mask], hints[1][mask]
    for comp in np.unique(lab_at[lab_at > 0]):
        sel = lab_at == comp
        region = labels == comp
        out[0][region] = a_at[sel].mean()
        out[1][region] = b_at[sel].mean()
    out[0][mask] = hints[0][mask]
    out[1][mask] = hints[1][mask]
    return out


def levin(L: np.ndarray, hints: np.ndarray) -> np.ndarray:
    """Levin et al. 2004: minimise Σ_r (U(r) − Σ_s w_rs U(s))² subject to U = hint at hinted
    pixels, with affinity w_rs ∝ exp(−(Y(r) − Y(s))² / 2σ_r²) over the 3×3 window (σ_r from the
    window's variance, as in the authors' code). One sparse solve for a and b."""
    H, W = L.shape
    mask = hints[2] > 0
    if not mask.any():
        return np.zeros((2, H, W), np.float32)
    Y = L.astype(np.float64) / 100.0
    n = H * W
    idx = np.arange(n).reshape(H, W)
    P = np.pad(Y, 1, mode="edge")
    offs = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if (dy, dx) != (0, 0)]
    nb = np.stack([P[1 + dy:1 + dy + H, 1 + dx:1 + dx + W] for dy, dx in offs])  # 8×H×W
    valid = np.stack([
        ((np.arange(H)[:, None] + dy >= 0) & (np.arange(H)[:, None] + dy < H)
         & (np.arange(W)[None, :] + dx >= 0) & (np.arange(W)[None, :] + dx < W))
        for dy, dx in offs])
    win = np.concatenate([nb, Y[None]], 0)
    vcount = valid.sum(0) + 1
    mean = (np.where(valid, nb, 0).sum(0) + Y) / vcount
    var = (np.where(valid, (nb - mean) ** 2, 0).sum(0) + (Y - mean) ** 2) / vcount
    d2 = np.where(valid, (nb - Y) ** 2, np.inf)
    csig = var * 0.6
    mgv = d2.min(0)
    csig = np.maximum(csig, -mgv / np.log(0.01))
    csig = np.maximum(csig, 2e-6)
    w = np.where(valid, np.exp(-d2 / csig), 0.0)
    w = w / w.sum(0, keepdims=True)
    rows, cols, vals = [idx.ravel()], [idx.ravel()], [np.ones(n)]
    free = ~mask.ravel()
    for k, (dy, dx) in enumerate(offs):
        ok = valid[k].ravel() & free
        r = idx.ravel()[ok]
        c = (idx + dy * W + dx).ravel()[ok]
        rows.append(r)
        cols.append(c)
        vals.append(-w[k].ravel()[ok])
    A = sp.csc_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))
    lu = spla.splu(A)
    out = np.zeros((2, H, W), np.float32)
    for ch in range(2):
        b = np.where(mask, hints[ch], 0.0).ravel().astype(np.float64)
        out[ch] = lu.solve(b).reshape(H, W)
    del win
    return out
