"""Reproducibility check of the renderer: re-renders the committed fixture panels and a sample
of every eval set from their specs and compares pixels (sha256) with what is stored.
Prints one JSON line; exit status 1 on any mismatch. Needs data/build (npm run data)."""
from __future__ import annotations

import hashlib
import json
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from models.common.toondata import load_eval, load_specs, load_sprites  # noqa: E402
from models.common.toonrender import SpriteBank, render_panel  # noqa: E402


def main() -> int:
    s = load_sprites(128, line_rgba=False)
    bank = SpriteBank(s['color'], s['ink'])
    fx = os.path.join(ROOT, 'test/fixtures/dataset')
    doc = json.load(open(os.path.join(fx, 'dataset.json'), encoding='utf-8'))
    bad, checked = [], 0
    for p in doc['panels']:
        r = render_panel(p['spec'], bank, p['size'])
        for key in ('color', 'gray', 'line', 'mask'):
            png = np.asarray(Image.open(os.path.join(fx, p['files'][key])))
            h = hashlib.sha256(np.ascontiguousarray(r[key]).tobytes()).hexdigest()
            if h != p['pixelSha256'][key] or not np.array_equal(png, r[key]):
                bad.append(f"{p['id']}.{key}")
            checked += 1
    for split in ('val', 'test_comp', 'test_emoji'):
        e = load_eval(split)
        specs = load_specs(split)
        for i in range(0, len(e['index']), 50):
            r = render_panel(specs[int(e['index'][i])], bank, e['color'].shape[1])
            for key in ('color', 'gray', 'line', 'mask'):
                if not np.array_equal(e[key][i], r[key]):
                    bad.append(f'{split}[{i}].{key}')
                checked += 1
    print(json.dumps({'checked': checked, 'mismatches': bad}))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
