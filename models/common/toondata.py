"""Toonsmith dataset reader (numpy only). Build the data first: `npm run data`.

    from models.common.toondata import load_sprites, load_eval
    s = load_sprites(128)      # dict(color=uint8[N,S,S,4], line=uint8[N,S,S,4], ink=uint8[N,S,S], meta=list)

Formats (see data/CARD.md):
  data/build/sprites_<S>.npz   color uint8[N,S,S,4] straight RGBA; line uint8[N,S,S] ink coverage
  data/build/sprites.json      {"sprites": [meta per sprite, index = sprite id]}
"""
from __future__ import annotations

import json
import os
from typing import Any

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BUILD = os.path.join(ROOT, 'data', 'build')


def _path(*parts: str, build_dir: str | None = None) -> str:
    p = os.path.join(build_dir or BUILD, *parts)
    if not os.path.exists(p):
        raise FileNotFoundError(f'{p} is missing: run `npm run data` in {ROOT}')
    return p


def load_sprite_meta(build_dir: str | None = None) -> list[dict[str, Any]]:
    with open(_path('sprites.json', build_dir=build_dir), encoding='utf-8') as f:
        return json.load(f)['sprites']


def load_sprites(size: int = 128, build_dir: str | None = None, line_rgba: bool = True) -> dict[str, Any]:
    """All OpenMoji sprites at `size` px.

    color: uint8[N,S,S,4] straight RGBA on transparent.
    ink:   uint8[N,S,S] line-art coverage (255 = full black ink).
    line:  uint8[N,S,S,4] the same line art as RGBA (black, alpha = ink) when line_rgba.
    meta:  list of dicts (id, hexcode, emoji, group, subgroup, base, kind, en/ko/ja
           {label, tags} or None, captionable, panel, heldout).
    """
    with np.load(_path(f'sprites_{size}.npz', build_dir=build_dir)) as z:
        color = z['color']
        ink = z['line']
    out: dict[str, Any] = {'color': color, 'ink': ink, 'meta': load_sprite_meta(build_dir)}
    if line_rgba:
        line = np.zeros(color.shape, dtype=np.uint8)
        line[..., 3] = ink
        out['line'] = line
    assert len(out['meta']) == color.shape[0]
    return out


def sprite_indices(meta: list[dict[str, Any]], split: str) -> np.ndarray:
    """Sprite ids for 'train' (not held out) or 'test_emoji' (held-out whole emoji)."""
    if split == 'train':
        ids = [m['id'] for m in meta if not m['heldout']]
    elif split == 'test_emoji':
        ids = [m['id'] for m in meta if m['heldout']]
    else:
        raise ValueError(split)
    return np.asarray(ids, dtype=np.int64)
