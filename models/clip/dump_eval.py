"""Writes a fixed eval split for the ONNX evaluator (models/clip/eval_onnx.mjs):

    /usr/bin/python3 models/clip/dump_eval.py --split val --out /tmp/clipq

<out>/<split>.f32: float32 [N, 3, 64, 64] pixel values exactly as models/clip/eval.py feeds the
vision tower (128 px panels -> 64 px, PIL bicubic, (x/255 - 0.5) / 0.5);
<out>/<split>.json: {"n", "size", "captions": {lang: [[phrase, sentence, topic], ...]}}.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import data as clipdata  # noqa: E402
from eval import px_from_u8  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="val")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    ev = clipdata.toondata.load_eval(a.split)
    px = px_from_u8(ev["color"], clipdata.SIZE).numpy().astype("float32")
    os.makedirs(a.out, exist_ok=True)
    px.tofile(os.path.join(a.out, f"{a.split}.f32"))
    caps = {lang: [[str(c) for c in row] for row in ev[f"captions_{lang}"]] for lang in ("ko", "en", "ja")}
    with open(os.path.join(a.out, f"{a.split}.json"), "w") as f:
        json.dump({"n": int(px.shape[0]), "size": int(px.shape[2]), "captions": caps}, f, ensure_ascii=False)
    print(a.split, px.shape)


if __name__ == "__main__":
    main()
