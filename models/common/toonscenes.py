"""Background scenes for the panel renderer: none, room, street, park, beach, sky × day /
evening / night, drawn from shapes and gradients with wobbly ink outlines (see toonrender)."""
from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw

SS = 2  # supersampling of vector layers (background, frame, bubbles)

# ---------- colors ----------

def _mix(a, b, t):
    return tuple(int(round(a[k] + (b[k] - a[k]) * t)) for k in range(3))


SKY = {
    'day': ((120, 180, 240), (205, 230, 250)),
    'evening': ((250, 140, 90), (255, 210, 150)),
    'night': ((15, 22, 60), (55, 65, 120)),
}
TINT = {'day': (1.0, 1.0, 1.0), 'evening': (1.0, 0.9, 0.8), 'night': (0.6, 0.65, 0.85)}


def _tinted(c, time):
    t = TINT[time]
    return tuple(int(round(c[k] * t[k])) for k in range(3))


class _Canvas:
    """Supersampled color + ink layers for the vector parts, with wobbly ("jittered") lines."""

    def __init__(self, size: int, rng: np.random.Generator, jitter: float):
        self.n = size * SS
        self.rgb = Image.new('RGB', (self.n, self.n), (255, 255, 255))
        self.ink = Image.new('L', (self.n, self.n), 0)
        self.dc = ImageDraw.Draw(self.rgb)
        self.di = ImageDraw.Draw(self.ink)
        self.rng = rng
        self.jit = jitter * self.n

    def P(self, x, y):
        return (x * self.n, y * self.n)

    def fill_rect(self, x0, y0, x1, y1, color):
        self.dc.rectangle([*self.P(x0, y0), *self.P(x1, y1)], fill=color)

    def gradient(self, y0, y1, top, bottom):
        a, b = int(y0 * self.n), int(y1 * self.n)
        for y in range(a, b):
            self.dc.line([(0, y), (self.n, y)], fill=_mix(top, bottom, (y - a) / max(1, b - a - 1)))

    def wobble(self, pts):
        out = []
        for (x0, y0), (x1, y1) in zip(pts[:-1], pts[1:]):
            steps = max(1, int(math.hypot(x1 - x0, y1 - y0) / 0.05))
            for k in range(steps):
                t = k / steps
                out.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t))
        out.append(pts[-1])
        return [(x * self.n + self.rng.normal(0, 1) * self.jit, y * self.n + self.rng.normal(0, 1) * self.jit) for x, y in out]

    def line(self, pts, width, color=(20, 20, 20), ink=255):
        w = max(1, int(round(width * self.n)))
        p = self.wobble(pts)
        self.dc.line(p, fill=color, width=w, joint='curve')
        self.di.line(p, fill=ink, width=w, joint='curve')

    def outlined_ellipse(self, box, fill, width):
        x0, y0, x1, y1 = box
        self.dc.ellipse([*self.P(x0, y0), *self.P(x1, y1)], fill=fill, outline=(20, 20, 20), width=max(1, int(width * self.n)))
        self.di.ellipse([*self.P(x0, y0), *self.P(x1, y1)], outline=255, width=max(1, int(width * self.n)))

    def outlined_rect(self, box, fill, width):
        pts = [(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])]
        self.dc.polygon([self.P(*p) for p in pts], fill=fill)
        self.line(pts + [pts[0]], width)

    def down(self, size):
        return (np.asarray(self.rgb.resize((size, size), Image.BOX), dtype=np.float32),
                np.asarray(self.ink.resize((size, size), Image.BOX), dtype=np.float32))


GROUND = {'none': 0.86, 'room': 0.8, 'street': 0.84, 'park': 0.82, 'beach': 0.84, 'sky': 0.7}
PAPER = [(255, 255, 255), (250, 246, 236), (240, 244, 250), (248, 240, 244)]
WALLS = [(236, 222, 196), (210, 226, 236), (232, 210, 214), (220, 234, 214), (240, 236, 220)]
FLOORS = [(170, 120, 80), (150, 110, 90), (200, 170, 130), (120, 120, 140)]
BUILDINGS = [(196, 120, 100), (170, 170, 180), (210, 190, 150), (140, 150, 170), (220, 210, 200)]


def _sky(c: _Canvas, time: str, y1: float):
    top, bottom = SKY[time]
    c.gradient(0, y1, top, bottom)
    r = c.rng
    if time == 'night':
        for _ in range(int(r.integers(8, 20))):
            x, y = r.uniform(0, 1), r.uniform(0, y1 * 0.9)
            d = r.uniform(0.002, 0.006)
            c.dc.ellipse([*c.P(x - d, y - d), *c.P(x + d, y + d)], fill=(255, 250, 210))
        x, y, d = r.uniform(0.15, 0.85), r.uniform(0.12, y1 * 0.5), r.uniform(0.04, 0.07)
        c.outlined_ellipse((x - d, y - d, x + d, y + d), (250, 240, 190), 0.004)
    else:
        for _ in range(int(r.integers(1, 4))):
            x, y = r.uniform(0.05, 0.95), r.uniform(0.08, max(0.1, y1 * 0.6))
            w, h = r.uniform(0.12, 0.25), r.uniform(0.05, 0.09)
            fill = (255, 255, 255) if time == 'day' else (255, 220, 200)
            c.outlined_ellipse((x - w / 2, y - h / 2, x + w / 2, y + h / 2), fill, 0.003)
        if r.random() < 0.5:
            x, y, d = r.uniform(0.1, 0.9), r.uniform(0.08, max(0.1, y1 * 0.5)), r.uniform(0.04, 0.07)
            col = (255, 220, 80) if time == 'day' else (255, 150, 80)
            c.outlined_ellipse((x - d, y - d, x + d, y + d), col, 0.004)


def draw_scene(c: _Canvas, place: str, time: str) -> float:
    """Draws the background; returns the ground line y (fraction)."""
    r = c.rng
    g = GROUND[place]
    if place == 'none':
        c.fill_rect(0, 0, 1, 1, _tinted(PAPER[int(r.integers(len(PAPER)))], time) if time != 'day' else PAPER[int(r.integers(len(PAPER)))])
        if time != 'day':
            top, bottom = SKY[time]
            c.gradient(0, 1, _mix(top, (255, 255, 255), 0.3), _mix(bottom, (255, 255, 255), 0.3))
        return g
    if place == 'sky':
        _sky(c, time, 1.0)
        return g
    if place == 'room':
        wall = _tinted(WALLS[int(r.integers(len(WALLS)))], time)
        floor = _tinted(FLOORS[int(r.integers(len(FLOORS)))], time)
        c.fill_rect(0, 0, 1, g, wall)
        c.fill_rect(0, g, 1, 1, floor)
        wx, wy = r.uniform(0.15, 0.6), r.uniform(0.12, 0.25)
        ww, wh = r.uniform(0.2, 0.3), r.uniform(0.2, 0.3)
        top, bottom = SKY[time]
        c.dc.rectangle([*c.P(wx, wy), *c.P(wx + ww, wy + wh)], fill=_mix(top, bottom, 0.5))
        c.outlined_rect((wx, wy, wx + ww, wy + wh), None, 0.006)
        c.line([(wx + ww / 2, wy), (wx + ww / 2, wy + wh)], 0.004)
        c.line([(0, g), (1, g)], 0.006)
        for k in range(1, 4):
            y = g + (1 - g) * k / 4
            c.line([(0, y), (1, y)], 0.003, color=_mix(floor, (0, 0, 0), 0.3), ink=120)
        return g
    _sky(c, time, g)
    if place == 'street':
        x = -r.uniform(0, 0.1)
        while x < 1:
            w, h = r.uniform(0.15, 0.3), r.uniform(0.25, 0.5)
            col = _tinted(BUILDINGS[int(r.integers(len(BUILDINGS)))], time)
            box = (x, g - h, x + w, g)
            c.outlined_rect(box, col, 0.004)
            lit = (255, 230, 120) if time == 'night' else _mix(SKY[time][1], (255, 255, 255), 0.3)
            for wy in range(int(h / 0.1)):
                for wx in range(int(w / 0.08)):
                    bx, by = x + 0.025 + wx * 0.08, g - h + 0.03 + wy * 0.1
                    if bx + 0.04 < x + w:
                        c.dc.rectangle([*c.P(bx, by), *c.P(bx + 0.04, by + 0.05)], fill=lit if r.random() < 0.7 else col)
            x += w + r.uniform(0, 0.05)
        road = _tinted((150, 150, 155), time)
        c.fill_rect(0, g, 1, 1, road)
        c.line([(0, g), (1, g)], 0.006)
        ym = g + (1 - g) * 0.55
        for k in range(6):
            c.line([(k / 5 - 0.05, ym), (k / 5 + 0.05, ym)], 0.008, color=(245, 245, 245), ink=0)
        return g
    if place == 'park':
        for _ in range(int(r.integers(2, 4))):
            x, w, h = r.uniform(-0.1, 1.0), r.uniform(0.4, 0.8), r.uniform(0.12, 0.25)
            c.outlined_ellipse((x - w / 2, g - h, x + w / 2, g + h), _tinted((120, 180, 100), time), 0.004)
        c.fill_rect(0, g, 1, 1, _tinted((110, 190, 90), time))
        c.di.rectangle([*c.P(0, g), *c.P(1, 1)], fill=0)  # hills' outlines end at the ground
        c.line([(0, g), (1, g)], 0.006)
        for _ in range(int(r.integers(4, 9))):
            x, y = r.uniform(0, 1), r.uniform(g + 0.02, 0.98)
            c.line([(x, y), (x + 0.01, y - 0.025), (x + 0.02, y)], 0.003, color=_tinted((60, 130, 60), time), ink=160)
        return g
    # beach
    sea = g - r.uniform(0.12, 0.2)
    c.fill_rect(0, sea, 1, g, _tinted((60, 140, 200), time))
    c.line([(0, sea), (1, sea)], 0.004)
    for _ in range(int(r.integers(2, 5))):
        x, y = r.uniform(0, 0.9), r.uniform(sea + 0.02, g - 0.02)
        c.line([(x, y), (x + 0.04, y - 0.01), (x + 0.08, y)], 0.003, color=(230, 245, 255), ink=120)
    c.fill_rect(0, g, 1, 1, _tinted((238, 214, 160), time))
    c.line([(0, g), (1, g)], 0.005)
    return g
