"""Trains the evaluator CLIP (NOT shipped; see README.md) with models/clip/train.py's loop.

    /usr/bin/python3 models/clip/evaluator/train.py --run models/clip/evaluator/runs/e1 --steps 700 --seed 4242

What differs from Toon-CLIP (models/clip/CARD.md), so the evaluator is not a near-copy of the
encoder that conditions the diffusion model and picks the storyboard's backgrounds:
- trained from scratch (never --init from Toon-CLIP weights), seed 4242 (Toon-CLIP: 1234 / 99 / 2026);
- its own pre-rendered train panels (render seed 17, 6,000 panels: a different order and a
  different subset of the train split than Toon-CLIP's seed-0 cache), --panels 0.5;
- a different shape: text width 96, 2 blocks, MLP 288; vision channels 24/48/96/160; embedding 96
  (Toon-CLIP: 128 / 3 blocks / 384; 32/64/96/128; 128);
- a fixed step count (the wall-time stop of train.py is disabled: --minutes is set very large),
  so the cosine schedule and the result depend on --steps only; resumable (rerun the command).
It reuses Toon-CLIP's BPE tokenizer (tokenizer.json; a deterministic function of the train text,
no learned weights). Same data splits: never trained on val / test_comp / test_emoji panels or
held-out emoji.

Extra flags: --render N (panels to pre-render if the cache is missing, default 6000),
--render-seed (default 17). Everything else is passed to models/clip/train.py.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CLIP = os.path.dirname(HERE)
sys.path.insert(0, CLIP)

import model as clipmodel  # noqa: E402
import scenes  # noqa: E402
import train as cliptrain  # noqa: E402


@dataclasses.dataclass
class EvalClipConfig(clipmodel.ClipConfig):
    text_width: int = 96
    text_layers: int = 2
    text_heads: int = 4
    text_mlp: int = 288
    vision_channels: tuple = (24, 48, 96, 160)
    embed_dim: int = 96


def main() -> None:
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--run", required=True)
    ap.add_argument("--render", type=int, default=6000)
    ap.add_argument("--render-seed", type=int, default=17)
    a, rest = ap.parse_known_args()
    os.makedirs(a.run, exist_ok=True)
    tok = os.path.join(a.run, "tokenizer.json")
    if not os.path.exists(tok):
        shutil.copy(os.path.join(CLIP, "toon-clip", "tokenizer.json"), tok)
    cache = os.path.join(HERE, "runs", f"panels_train_64_seed{a.render_seed}_{a.render}.npz")
    if not os.path.exists(cache):
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        scenes.prerender(a.render, seed=a.render_seed, out=cache)
    orig = scenes.PanelSet
    scenes.PanelSet = lambda split="train": orig(split, path=cache)  # noqa: E731
    cliptrain.ClipConfig = EvalClipConfig
    sys.argv = [sys.argv[0], "--run", a.run, "--minutes", "1e9", "--panels", "0.5", "--seed", "4242"] + rest
    cliptrain.main()


if __name__ == "__main__":
    main()
