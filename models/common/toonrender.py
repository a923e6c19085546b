"""Panel renderer: draws one scene spec (scripts/data/specgen.ts) from the OpenMoji sprites.

ONE implementation, used both by the dataset build (fixed eval sets, fixtures) and by training
loaders that compose panels on the fly. numpy + PIL only; deterministic for a given spec.

render_panel(spec, bank, size) -> dict(
    color uint8[S,S,3]  the finished panel (sRGB)
    gray  uint8[S,S]    its lightness, round(255 * L*/100) (CIE L*, D65)
    line  uint8[S,S]    ink coverage of the line art (255 = black ink): sprite line art, scene
                        outlines, hatching, frame border, bubble outlines and text strokes; no
                        screen-tone dots and no color
    mask  uint8[S,S]    0 = picture, 128 = speech bubble, 255 = text strokes inside a bubble
    boxes list of (sprite_id, subject_index or -1 for the anchor, x0, y0, x1, y1) in [0,1],
          the tight box of each drawn sprite's visible (alpha > 32) pixels inside the frame)
Bubble text is pseudo-text (handwriting-like strokes), not letters: PIL has no Korean font here.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from .toonscenes import SS, TINT, _Canvas, draw_scene


class SpriteBank:
    """Sprites as loaded by toondata.load_sprites: color uint8[N,s,s,4], ink uint8[N,s,s]."""

    def __init__(self, color: np.ndarray, ink: np.ndarray):
        self.color = color
        self.ink = ink
        self._cache: dict[int, tuple[Image.Image, Image.Image]] = {}

    def images(self, i: int) -> tuple[Image.Image, Image.Image]:
        hit = self._cache.get(i)
        if hit is None:
            rgba = Image.fromarray(np.ascontiguousarray(self.color[i]), 'RGBA').convert('RGBa')
            hit = (rgba, Image.fromarray(np.ascontiguousarray(self.ink[i]), 'L'))
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[i] = hit
        return hit




def _tone(size: int, kind: str, period: float, density: float, angle: float) -> np.ndarray:
    """Screen-tone dots or hatching lines, anti-aliased coverage in [0,1]."""
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    a = math.radians(angle)
    u = xx * math.cos(a) + yy * math.sin(a)
    v = -xx * math.sin(a) + yy * math.cos(a)
    p = max(2.0, period * size)
    if kind == 'dots':
        fu = (u / p) % 1.0 - 0.5
        fv = (v / p) % 1.0 - 0.5
        d = np.sqrt(fu * fu + fv * fv) * p
        r = math.sqrt(density / math.pi) * p
        return np.clip(r - d + 0.5, 0.0, 1.0)
    d = np.abs((v / p) % 1.0 - 0.5) * p
    w = max(0.6, density * p * 0.5)
    return np.clip(w / 2 - d + 0.5, 0.0, 1.0)


def _over(dst: np.ndarray, src: np.ndarray, a: np.ndarray) -> np.ndarray:
    return dst * (1.0 - a) + src


def _pseudo_text(c: _Canvas, box, lines: int, tx: _Canvas):
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = (x1 - x0) * 0.62, (y1 - y0) * 0.55
    r = c.rng
    rowh = h / lines
    for k in range(lines):
        y = cy - h / 2 + rowh * (k + 0.5)
        span = w * (1.0 if lines == 1 or k < lines - 1 else r.uniform(0.5, 1.0))
        x = cx - span / 2
        while x < cx + span / 2 - 0.01:
            wl = min(r.uniform(0.02, 0.07), cx + span / 2 - x)
            n = max(2, int(wl / 0.008))
            pts = [(x + wl * i / n, y + (r.uniform(-0.3, 0.3) * rowh * 0.6)) for i in range(n + 1)]
            tx.line(pts, 0.005, color=(20, 20, 20), ink=255)
            x += wl + r.uniform(0.01, 0.025)


def _bubbles(spec, size: int, rng: np.random.Generator, jitter: float):
    """Bubble layer: (alpha, ink, text) float32 [S,S] in [0,1]."""
    fill = _Canvas(size, rng, jitter)
    fill.rgb.paste((0, 0, 0), [0, 0, fill.n, fill.n])
    text = _Canvas(size, rng, jitter)
    for b in spec['bubbles']:
        x0, y0, x1, y1 = b['box']
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        tx, ty = b['tail']
        ax, ay = cx + (tx - cx) * 0.6, cy + (ty - cy) * 0.6
        bw = (x1 - x0) * 0.12
        tail = [(cx - bw, cy), (ax, ay), (cx + bw, cy)]
        fill.dc.polygon([fill.P(*p) for p in tail], fill=(255, 255, 255))
        fill.line(tail, 0.006)
        if b['shape'] == 'shout':
            n = 18
            pts = []
            for k in range(n):
                t = 2 * math.pi * k / n
                rr = 1.0 if k % 2 == 0 else 0.78
                pts.append((cx + math.cos(t) * (x1 - x0) / 2 * rr, cy + math.sin(t) * (y1 - y0) / 2 * rr))
            fill.dc.polygon([fill.P(*p) for p in pts], fill=(255, 255, 255))
            fill.line(pts + [pts[0]], 0.006)
        elif b['shape'] == 'round':
            fill.dc.rounded_rectangle([*fill.P(x0, y0), *fill.P(x1, y1)], radius=int((y1 - y0) * fill.n * 0.35),
                                      fill=(255, 255, 255), outline=(20, 20, 20), width=max(1, int(0.006 * fill.n)))
            fill.di.rounded_rectangle([*fill.P(x0, y0), *fill.P(x1, y1)], radius=int((y1 - y0) * fill.n * 0.35),
                                      outline=255, width=max(1, int(0.006 * fill.n)))
        else:
            fill.outlined_ellipse((x0, y0, x1, y1), (255, 255, 255), 0.006)
        _pseudo_text(fill, (x0, y0, x1, y1), int(b['lines']), text)
    rgb, ink = fill.down(size)
    _, tink = text.down(size)
    alpha = np.clip(rgb.max(axis=2) / 255.0 + ink / 255.0, 0, 1)
    return alpha, ink / 255.0, tink / 255.0


def render_panel(spec: dict[str, Any], bank: SpriteBank, size: int = 128) -> dict[str, Any]:
    rng = np.random.default_rng(int(spec['seed']))
    jitter = float(spec['jitter'])
    place, time = spec['scene']['place'], spec['scene']['time']
    c = _Canvas(size, rng, jitter)
    ground = draw_scene(c, place, time)
    for o in spec['objects']:
        if o['motion']:
            d = o['motion']
            for k in range(4):
                y = o['y'] - o['s'] * 0.25 + k * o['s'] * 0.17
                xa = o['x'] - d * o['s'] * 0.45
                c.line([(xa, y), (xa - d * o['s'] * rng.uniform(0.3, 0.6), y)], 0.004)
    color, line = c.down(size)
    line /= 255.0

    # screen tone / hatching
    tone = spec['tone']
    if tone['kind'] != 'none':
        cover = _tone(size, tone['kind'], tone['period'], tone['density'], tone['angle'])
        ys = (np.arange(size, dtype=np.float32)[:, None] + 0.5) / size
        if tone['area'] == 'background':
            area = np.broadcast_to((ys < ground).astype(np.float32), (size, size))
        elif tone['area'] == 'ground':
            area = np.broadcast_to((ys >= ground).astype(np.float32), (size, size))
        else:
            xs = (np.arange(size, dtype=np.float32)[None, :] + 0.5) / size
            area = np.zeros((size, size), np.float32)
            for o in spec['objects']:
                by = o['y'] + o['s'] * 0.45
                e = ((xs - o['x']) / (o['s'] * 0.45)) ** 2 + ((ys - by) / (o['s'] * 0.1)) ** 2
                area = np.maximum(area, (e <= 1.0).astype(np.float32))
        k = cover * area
        color = color * (1.0 - 0.75 * k[..., None])
        if tone['kind'] == 'hatch':
            line = 1.0 - (1.0 - line) * (1.0 - k)

    # sprites, back to front
    boxes = []
    lo, hi = spec['frame']['gutter'], 1.0 - spec['frame']['gutter']
    tint = np.array([1.0 - 0.5 * (1.0 - t) for t in TINT[time]], np.float32)
    for o in spec['objects']:
        rgba, ink = bank.images(int(o['sprite']))
        w = max(2, int(round(o['s'] * size)))
        rgba = rgba.resize((w, w), Image.BILINEAR)
        ink = ink.resize((w, w), Image.BILINEAR)
        if o['flip']:
            rgba = rgba.transpose(Image.FLIP_LEFT_RIGHT)
            ink = ink.transpose(Image.FLIP_LEFT_RIGHT)
        if o['rot']:
            rgba = rgba.rotate(o['rot'], resample=Image.BILINEAR, expand=True)
            ink = ink.rotate(o['rot'], resample=Image.BILINEAR, expand=True)
        sp = np.asarray(rgba, dtype=np.float32) / 255.0  # premultiplied (RGBa)
        si = np.asarray(ink, dtype=np.float32) / 255.0
        h2, w2 = si.shape
        x0 = int(round(o['x'] * size - w2 / 2))
        y0 = int(round(o['y'] * size - h2 / 2))
        cx0, cy0 = max(0, x0), max(0, y0)
        cx1, cy1 = min(size, x0 + w2), min(size, y0 + h2)
        if cx1 <= cx0 or cy1 <= cy0:
            continue
        src = sp[cy0 - y0:cy1 - y0, cx0 - x0:cx1 - x0]
        a = src[..., 3:4]
        color[cy0:cy1, cx0:cx1] = _over(color[cy0:cy1, cx0:cx1], src[..., :3] * 255.0 * tint, a)
        line[cy0:cy1, cx0:cx1] = _over(line[cy0:cy1, cx0:cx1], si[cy0 - y0:cy1 - y0, cx0 - x0:cx1 - x0], a[..., 0])
        vis = np.argwhere(src[..., 3] > 32 / 255.0)
        if len(vis):
            (vy0, vx0), (vy1, vx1) = vis.min(0), vis.max(0)
            bx0, by0 = max(lo, (cx0 + vx0) / size), max(lo, (cy0 + vy0) / size)
            bx1, by1 = min(hi, (cx0 + vx1 + 1) / size), min(hi, (cy0 + vy1 + 1) / size)
            if bx1 > bx0 and by1 > by0:
                boxes.append((int(o['sprite']), int(o['subject']), round(bx0, 4), round(by0, 4), round(bx1, 4), round(by1, 4)))

    # speech bubbles with pseudo-text
    mask = np.zeros((size, size), np.uint8)
    if spec['bubbles']:
        ba, bink, tink = _bubbles(spec, size, rng, jitter)
        color = color * (1.0 - ba[..., None]) + 255.0 * ba[..., None]
        binks = 1.0 - (1.0 - bink) * (1.0 - tink)
        color = color * (1.0 - binks[..., None]) + 20.0 * binks[..., None]
        line = line * (1.0 - ba) + binks
        mask[ba > 0.5] = 128
        mask[tink > 0.35] = 255

    # frame: gutter (white) and border line
    fr = _Canvas(size, rng, 0.0)
    g, b = spec['frame']['gutter'], spec['frame']['border']
    fr.di.rectangle([0, 0, fr.n, fr.n], fill=0)
    fr.di.rectangle([*fr.P(g, g), *fr.P(1 - g, 1 - g)], outline=255, width=max(SS, int(round(b * fr.n))))
    inside = Image.new('L', (fr.n, fr.n), 0)
    ImageDraw.Draw(inside).rectangle([*fr.P(g, g), *fr.P(1 - g, 1 - g)], fill=255)
    keep = np.asarray(inside.resize((size, size), Image.BOX), dtype=np.float32) / 255.0
    border = np.asarray(fr.ink.resize((size, size), Image.BOX), dtype=np.float32) / 255.0
    color = color * keep[..., None] + 255.0 * (1.0 - keep[..., None])
    line = line * keep
    mask[keep < 0.5] = 0
    color = color * (1.0 - border[..., None]) + 10.0 * border[..., None]
    line = np.maximum(line, border)

    color8 = np.clip(np.round(color), 0, 255).astype(np.uint8)
    return {
        'color': color8,
        'gray': lightness(color8),
        'line': np.clip(np.round(line * 255.0), 0, 255).astype(np.uint8),
        'mask': mask,
        'boxes': boxes,
    }


def lightness(rgb: np.ndarray) -> np.ndarray:
    """uint8 sRGB [...,3] → uint8 round(255 * L*/100) (CIE L*, D65)."""
    c = rgb.astype(np.float64) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    y = lin @ np.array([0.2126729, 0.7151522, 0.0721750])
    f = np.where(y > (6 / 29) ** 3, np.cbrt(y), y / (3 * (6 / 29) ** 2) + 4 / 29)
    L = 116.0 * f - 16.0
    return np.clip(np.round(L * 2.55), 0, 255).astype(np.uint8)
