"""sRGB (D65, 8-bit) <-> CIE Lab, the same constants as src/core/color/lab.ts.

L in [0, 100], a/b unbounded (about -110..110 for sRGB). Numpy for data and eval,
torch for the training graph. The network's `gray` input is L / 100.
"""
from __future__ import annotations

import numpy as np

M_RGB2XYZ = np.array([
    [0.4124564, 0.3575761, 0.1804375],
    [0.2126729, 0.7151522, 0.0721750],
    [0.0193339, 0.1191920, 0.9503041],
], dtype=np.float64)
M_XYZ2RGB = np.linalg.inv(M_RGB2XYZ)
WHITE = np.array([0.95047, 1.0, 1.08883], dtype=np.float64)
EPS = (6.0 / 29.0) ** 3
KAPPA = 3.0 * (6.0 / 29.0) ** 2


def srgb_to_linear(c: np.ndarray) -> np.ndarray:
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(c: np.ndarray) -> np.ndarray:
    c = np.clip(c, 0.0, 1.0)
    return np.where(c <= 0.0031308, c * 12.92, 1.055 * np.power(c, 1.0 / 2.4) - 0.055)


def _f(t: np.ndarray) -> np.ndarray:
    return np.where(t > EPS, np.cbrt(t), t / KAPPA + 4.0 / 29.0)


def _finv(t: np.ndarray) -> np.ndarray:
    return np.where(t > 6.0 / 29.0, t ** 3, KAPPA * (t - 4.0 / 29.0))


def rgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """rgb: (..., 3) uint8 or float in [0,1] -> (..., 3) float32 Lab."""
    x = rgb.astype(np.float64)
    if rgb.dtype == np.uint8:
        x = x / 255.0
    lin = srgb_to_linear(x)
    xyz = lin @ M_RGB2XYZ.T / WHITE
    f = _f(xyz)
    L = 116.0 * f[..., 1] - 16.0
    a = 500.0 * (f[..., 0] - f[..., 1])
    b = 200.0 * (f[..., 1] - f[..., 2])
    return np.stack([L, a, b], -1).astype(np.float32)


def lab_to_rgb(lab: np.ndarray) -> np.ndarray:
    """(..., 3) Lab -> (..., 3) float sRGB in [0,1] (clipped)."""
    lab = lab.astype(np.float64)
    fy = (lab[..., 0] + 16.0) / 116.0
    fx = fy + lab[..., 1] / 500.0
    fz = fy - lab[..., 2] / 200.0
    xyz = np.stack([_finv(fx), _finv(fy), _finv(fz)], -1) * WHITE
    lin = xyz @ M_XYZ2RGB.T
    return linear_to_srgb(lin)


def lab_to_rgb8(lab: np.ndarray) -> np.ndarray:
    return np.clip(np.round(lab_to_rgb(lab) * 255.0), 0, 255).astype(np.uint8)
