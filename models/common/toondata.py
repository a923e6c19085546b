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
# TOONSMITH_DATA points the readers at another build folder (scripts/pytest.sh: a small build in .cache/).
BUILD = os.environ.get('TOONSMITH_DATA') or os.path.join(ROOT, 'data', 'build')


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


SPLITS = ('train', 'val', 'test_comp', 'test_emoji')


def load_specs(split: str, build_dir: str | None = None) -> list[dict[str, Any]]:
    """Scene specs of a split (data/build/specs/<split>.jsonl.gz), in index order."""
    import gzip
    if split not in SPLITS:
        raise ValueError(split)
    with gzip.open(_path('specs', f'{split}.jsonl.gz', build_dir=build_dir), 'rt', encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


def load_eval(split: str, build_dir: str | None = None) -> dict[str, np.ndarray]:
    """Fixed eval set (val / test_comp / test_emoji) rendered at 128 px:
    color uint8[N,S,S,3], gray uint8[N,S,S] (L*·2.55), line uint8[N,S,S] (ink), mask uint8[N,S,S]
    (0 picture / 128 bubble / 255 text), sprite int32[N,4] (-1 = none), subject int32[N,4]
    (-1 = relation anchor), boxes float32[N,4,4] (x0,y0,x1,y1 in [0,1]), index int32[N] (spec index),
    captions_en / captions_ko / captions_ja str[N,3] ([phrase, sentence, topic])."""
    with np.load(_path('eval', f'{split}.npz', build_dir=build_dir)) as z:
        return {k: z[k] for k in z.files}


def iter_panels(split: str = 'train', size: int = 128, sprites: dict[str, Any] | None = None,
                build_dir: str | None = None, seed: int = 0, loop: bool = True):
    """Renders panels on the fly from the split's specs, in a seeded shuffled order.
    Yields (spec, render) with render = dict(color, gray, line, mask, boxes) (see toonrender)."""
    from .toonrender import SpriteBank, render_panel
    specs = load_specs(split, build_dir=build_dir)
    if sprites is None:
        sprites = load_sprites(128, build_dir=build_dir, line_rgba=False)
    bank = SpriteBank(sprites['color'], sprites['ink'])
    rng = np.random.default_rng(seed)
    while True:
        for i in rng.permutation(len(specs)):
            spec = specs[int(i)]
            yield spec, render_panel(spec, bank, size)
        if not loop:
            return
