"""Writes the e2e fixture: a grayscale panel (lightness of a panel composed from held-out emoji,
320×240, not a multiple of the stride) and a point well inside its largest enclosed region.

  /usr/bin/python3 models/colorizer/make_fixture.py  → test/fixtures/colorize/panel-gray.{png,json}
"""
import json
import os
import sys

import numpy as np
import scipy.ndimage as ndi
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import toon_source  # noqa: E402
from lab import lab_to_rgb8, rgb_to_lab  # noqa: E402

OUT = os.path.join(HERE, "..", "..", "test", "fixtures", "colorize")


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    f = toon_source.make(240, "test_emoji")
    rng = np.random.default_rng(2024)
    while True:
        rgb, _ = f(rng, 1)
        lab = rgb_to_lab(rgb[0])
        if np.hypot(lab[..., 1], lab[..., 2]).mean() > 15:
            break
    rgb = np.concatenate([rgb[0], np.full((240, 80, 3), 255, np.uint8)], 1)  # 320×240
    lab = rgb_to_lab(rgb)
    gray_lab = np.stack([lab[..., 0], np.zeros_like(lab[..., 0]), np.zeros_like(lab[..., 0])], -1)
    gray = lab_to_rgb8(gray_lab)
    Image.fromarray(gray).save(os.path.join(OUT, "panel-gray.png"))
    Image.fromarray(rgb).save(os.path.join(OUT, "panel-color.png"))
    # largest enclosed (not border-touching) light region; its deepest interior point
    L = lab[..., 0]
    labels, n = ndi.label(L > 40)
    best, best_area = 0, 0
    for i in range(1, n + 1):
        m = labels == i
        if m[0].any() or m[-1].any() or m[:, 0].any() or m[:, -1].any():
            continue
        if m.sum() > best_area:
            best, best_area = i, int(m.sum())
    dist = ndi.distance_transform_edt(labels == best)
    y, x = np.unravel_index(np.argmax(dist), dist.shape)
    meta = {"width": 320, "height": 240, "source": "toon_source test_emoji sprites, seed 2024",
            "hint": {"x": int(x), "y": int(y), "regionArea": best_area, "depth": float(dist[y, x])}}
    with open(os.path.join(OUT, "panel-gray.json"), "w") as fh:
        json.dump(meta, fh, indent=1)
    print(meta)


if __name__ == "__main__":
    main()
