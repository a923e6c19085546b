"""Renderer reproducibility (scripts/data/check_render.py, also test/unit/dataset-render.test.ts
when data/build exists): the committed fixture panels and every 50th panel of each eval set,
re-rendered from their specs by models/common/toonrender.py, must be identical pixels."""
from __future__ import annotations

import json
import os

import numpy as np

from conftest import ROOT, run_py


def test_fixture_and_eval_panels_rerender_identically(data_dir):
    out = run_py([os.path.join(ROOT, "scripts", "data", "check_render.py")], timeout=300)
    res = json.loads(out.strip().splitlines()[-1])
    assert res["mismatches"] == []
    n = {s: int(np.load(os.path.join(data_dir, "eval", f"{s}.npz"))["index"].shape[0])
         for s in ("val", "test_comp", "test_emoji")}
    fixtures = len(json.load(open(os.path.join(ROOT, "test", "fixtures", "dataset", "dataset.json")))["panels"])
    assert fixtures == 24
    assert res["checked"] == 4 * fixtures + 4 * sum(-(-k // 50) for k in n.values())
