"""Procedural pre-training panels: outlined flat/shaded shapes, backgrounds, speech bubbles.

Used before (and mixed with) the dataset's emoji panels. Contains no emoji at all, so it
cannot leak the dataset's held-out emoji into training. Returns (rgb uint8 HxWx3,
lineart uint8 HxW) where lineart is the outlines alone on white (same geometry).
"""
from __future__ import annotations

import colorsys

import numpy as np
from PIL import Image, ImageDraw


def _color(rng: np.random.Generator) -> tuple[int, int, int]:
    kind = rng.random()
    h = rng.random()
    if kind < 0.6:  # vivid
        s, v = rng.uniform(0.5, 1.0), rng.uniform(0.55, 1.0)
    elif kind < 0.85:  # pastel
        s, v = rng.uniform(0.15, 0.5), rng.uniform(0.8, 1.0)
    else:  # dark / neutral
        s, v = rng.uniform(0.0, 0.4), rng.uniform(0.15, 0.7)
    r, g, b = colorsys.hsv_to_rgb(h, s, v)
    return int(r * 255), int(g * 255), int(b * 255)


def _shape(draw: ImageDraw.ImageDraw, line: ImageDraw.ImageDraw, rng, W: int, H: int, scale: float) -> None:
    cx, cy = rng.uniform(0, W), rng.uniform(0, H)
    rx, ry = rng.uniform(0.08, 0.35) * W * scale, rng.uniform(0.08, 0.35) * H * scale
    fill = _color(rng)
    width = int(rng.integers(1, 3 if W <= 96 else 4))
    kind = rng.integers(0, 4)
    if kind == 0:
        box = [cx - rx, cy - ry, cx + rx, cy + ry]
        draw.ellipse(box, fill=fill, outline=(0, 0, 0), width=width)
        line.ellipse(box, fill=255, outline=0, width=width)
    elif kind == 1:
        box = [cx - rx, cy - ry, cx + rx, cy + ry]
        r = float(min(rx, ry) * rng.uniform(0, 0.5))
        draw.rounded_rectangle(box, radius=r, fill=fill, outline=(0, 0, 0), width=width)
        line.rounded_rectangle(box, radius=r, fill=255, outline=0, width=width)
    else:
        n = int(rng.integers(3, 9))
        ang = np.sort(rng.uniform(0, 2 * np.pi, n))
        rad = rng.uniform(0.5, 1.0, n)
        pts = [(float(cx + rx * q * np.cos(t)), float(cy + ry * q * np.sin(t))) for t, q in zip(ang, rad)]
        draw.polygon(pts, fill=fill, outline=(0, 0, 0), width=width)
        line.polygon(pts, fill=255, outline=0, width=width)
    # inner detail: a smaller part of another color (eyes, pockets, patterns)
    if rng.random() < 0.5:
        f2 = _color(rng)
        r2x, r2y = rx * rng.uniform(0.15, 0.45), ry * rng.uniform(0.15, 0.45)
        ox, oy = cx + rng.uniform(-0.4, 0.4) * rx, cy + rng.uniform(-0.4, 0.4) * ry
        box = [ox - r2x, oy - r2y, ox + r2x, oy + r2y]
        draw.ellipse(box, fill=f2, outline=(0, 0, 0), width=1)
        line.ellipse(box, fill=255, outline=0, width=1)


def _background(rng, W: int, H: int) -> np.ndarray:
    kind = rng.random()
    if kind < 0.35:
        return np.full((H, W, 3), 255, np.uint8)
    c0 = np.array(_color(rng), np.float32)
    if kind < 0.6:
        return np.broadcast_to(c0, (H, W, 3)).astype(np.uint8).copy()
    c1 = np.array(_color(rng), np.float32)
    t = np.linspace(0, 1, H, dtype=np.float32)[:, None, None]
    if rng.random() < 0.5:
        t = np.linspace(0, 1, W, dtype=np.float32)[None, :, None]
    return np.broadcast_to(c0 * (1 - t) + c1 * t, (H, W, 3)).astype(np.uint8).copy()


def panel(rng: np.random.Generator, W: int, H: int) -> tuple[np.ndarray, np.ndarray]:
    bg = _background(rng, W, H)
    img = Image.fromarray(bg)
    line = Image.new("L", (W, H), 255)
    d, dl = ImageDraw.Draw(img), ImageDraw.Draw(line)
    if rng.random() < 0.3:  # ground / horizon band
        y = int(rng.uniform(0.5, 0.9) * H)
        col = _color(rng)
        d.rectangle([0, y, W, H], fill=col, outline=(0, 0, 0), width=1)
        dl.line([0, y, W, y], fill=0, width=1)
    for _ in range(int(rng.integers(1, 6))):
        _shape(d, dl, rng, W, H, scale=rng.uniform(0.5, 1.3))
    if rng.random() < 0.35:  # speech bubble: white, outlined, with text-like marks
        bw, bh = rng.uniform(0.25, 0.5) * W, rng.uniform(0.15, 0.3) * H
        x0, y0 = rng.uniform(0, W - bw), rng.uniform(0, H * 0.4)
        box = [x0, y0, x0 + bw, y0 + bh]
        d.ellipse(box, fill=(255, 255, 255), outline=(0, 0, 0), width=1)
        dl.ellipse(box, fill=255, outline=0, width=1)
        for j in range(int(rng.integers(1, 3))):
            yy = y0 + bh * (0.4 + 0.2 * j)
            xx = x0 + bw * 0.3
            d.line([xx, yy, xx + bw * 0.4, yy], fill=(20, 20, 20), width=1)
            dl.line([xx, yy, xx + bw * 0.4, yy], fill=0, width=1)
    rgb = np.asarray(img, np.float32)
    if rng.random() < 0.5:  # soft shading so lightness varies inside regions
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
        gx, gy = rng.uniform(-1, 1, 2)
        shade = 1.0 - 0.25 * np.clip((gx * xx / W + gy * yy / H + 1) / 2, 0, 1)
        rgb = rgb * shade[..., None]
    # keep outlines pure black (shading must not lighten them)
    la = np.asarray(line)
    rgb[la < 128] = np.minimum(rgb[la < 128], 30)
    return np.clip(rgb, 0, 255).astype(np.uint8), la.copy()
