"""Rebuilds a trainable Toon-CLIP checkpoint from a shipped folder (config.json + onnx/*.onnx).

Training runs (models/clip/runs/) are git-ignored and do not outlive a machine; the shipped ONNX
files do. This script turns them back into a `ckpt.pt` that `train.py --init` accepts, so a
later session continues training instead of starting over.

    /usr/bin/python3 models/clip/from_onnx.py --src models/clip/toon-clip --out models/clip/runs/v5

Text tower: named initializers map 1:1; the anonymous MatMul weights come in module order
(per block qkv, out, fc1, fc2; then the projection) and are transposed back. Vision tower: the
exporter folded BatchNorm into the convs (weight W*g/s, bias b). Each conv gets the folded
weight; its BatchNorm is then set so that eval mode reproduces the folded layer exactly and
train mode starts close to it: running mean/var and the affine scale are the per-channel
statistics of the folded conv's output over a batch of training sprites, the affine shift is
that mean plus the folded bias. The rebuilt model is checked against the shipped reference
embeddings (models/clip/reference/embeddings.json).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import numpy_helper
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import ClipConfig, ToonClip  # noqa: E402


def inits(path: str) -> list[tuple[str, np.ndarray]]:
    g = onnx.load(path).graph
    return [(i.name, numpy_helper.to_array(i)) for i in g.initializer]


def load_text(m: ToonClip, path: str) -> None:
    named, matmuls = {}, []
    for name, arr in inits(path):
        if name.startswith("m.text."):
            named[name[len("m."):]] = arr
        else:
            matmuls.append(arr)
    sd = m.state_dict()
    for k, v in named.items():
        assert sd[k].shape == v.shape, k
        sd[k] = torch.from_numpy(v.copy())
    order = []
    for i in range(len(m.text.blocks)):
        order += [f"text.blocks.{i}.qkv.weight", f"text.blocks.{i}.out.weight",
                  f"text.blocks.{i}.fc1.weight", f"text.blocks.{i}.fc2.weight"]
    order.append("text.proj.weight")
    assert len(order) == len(matmuls), (len(order), len(matmuls))
    for k, v in zip(order, matmuls):
        assert sd[k].shape == v.T.shape, (k, v.shape)
        sd[k] = torch.from_numpy(v.T.copy())
    m.load_state_dict(sd)


def vision_convs(m: ToonClip) -> list[tuple[torch.nn.Conv2d, torch.nn.BatchNorm2d]]:
    v = m.vision
    pairs = [(v.stem[0][0], v.stem[0][1]), (v.stem[1][0], v.stem[1][1]), (v.s1.c1, v.s1.b1), (v.s1.c2, v.s1.b2),
             (v.d2[0], v.d2[1]), (v.s2.c1, v.s2.b1), (v.s2.c2, v.s2.b2),
             (v.d3[0], v.d3[1]), (v.s3.c1, v.s3.b1), (v.s3.c2, v.s3.b2)]
    return pairs


def load_vision(m: ToonClip, path: str, calib: torch.Tensor) -> None:
    arrs = inits(path)
    named = {n[len("m."):]: a for n, a in arrs if n.startswith("m.vision.")}
    rest = [a for n, a in arrs if not n.startswith("m.vision.")]
    convs = [a for a in rest if a.ndim == 4]
    biases = [a for a in rest if a.ndim == 1]
    proj = [a for a in rest if a.ndim == 2]
    pairs = vision_convs(m)
    assert len(convs) == len(pairs) == len(biases) and len(proj) == 1
    with torch.no_grad():
        for k, v in named.items():
            dict(m.named_parameters())[k].copy_(torch.from_numpy(v))
        m.vision.proj.weight.copy_(torch.from_numpy(proj[0].T.copy()))
        for (conv, bn), w, b in zip(pairs, convs, biases):
            assert tuple(conv.weight.shape) == w.shape
            conv.weight.copy_(torch.from_numpy(w))
            bn.weight.fill_(1.0)
            bn.bias.copy_(torch.from_numpy(b))
            bn.running_mean.zero_()
            bn.running_var.fill_(1.0 - bn.eps)  # eval: y / sqrt(1) + b == folded conv
    # Calibrate: record each folded conv's raw output on real inputs (eval mode, exact).
    stats = {}
    hooks = [conv.register_forward_hook(lambda mod, i, o, key=idx: stats.__setitem__(key, o.detach()))
             for idx, (conv, _) in enumerate(pairs)]
    m.eval()
    with torch.no_grad():
        m.vision(calib)
    for h in hooks:
        h.remove()
    with torch.no_grad():
        for idx, (conv, bn) in enumerate(pairs):
            y = stats[idx]
            mu = y.mean(dim=(0, 2, 3))
            var = y.var(dim=(0, 2, 3), unbiased=False).clamp(min=1e-6)
            b = bn.bias.clone()
            bn.running_mean.copy_(mu)
            bn.running_var.copy_(var)
            bn.weight.copy_((var + bn.eps).sqrt())
            bn.bias.copy_(mu + b)


def calibration_batch(n: int = 256) -> torch.Tensor:
    import data as clipdata  # noqa: WPS433
    from train import to_pixels  # noqa: WPS433
    import random
    ds = clipdata.SpriteSet("train")
    rng = random.Random(7)
    imgs = np.stack([ds.sample(rng.randrange(len(ds)), rng)[0] for _ in range(n)])
    return to_pixels(imgs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", default=os.path.join(HERE, "toon-clip"))
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    hf = json.load(open(os.path.join(a.src, "config.json")))
    tc = hf["text_config"]
    cfg = ClipConfig(vocab_size=tc["vocab_size"], max_position=tc["max_position_embeddings"],
                     text_width=tc["hidden_size"], text_layers=tc["num_hidden_layers"],
                     text_heads=tc["num_attention_heads"], text_mlp=tc["intermediate_size"],
                     image_size=hf["vision_config"]["image_size"],
                     vision_channels=tuple(hf["toonsmith"]["channels"]), embed_dim=hf["projection_dim"])
    m = ToonClip(cfg)
    load_text(m, os.path.join(a.src, "onnx", "text_model.onnx"))
    load_vision(m, os.path.join(a.src, "onnx", "vision_model.onnx"), calibration_batch())
    with torch.no_grad():
        m.logit_scale.fill_(float(hf["logit_scale_init_value"]))
    m.eval()
    # Check against the training side's reference embeddings.
    ref = json.load(open(os.path.join(HERE, "reference", "embeddings.json")))
    worst = check(m, ref)
    print(f"[from_onnx] rebuilt; worst cosine vs reference embeddings {worst:.6f}")
    assert worst > 0.9999, worst
    os.makedirs(a.out, exist_ok=True)
    for f in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(a.src, f), os.path.join(a.out, f))
    steps = int(hf["toonsmith"]["train_steps"])
    torch.save({"model": m.state_dict(), "step": steps, "elapsed": hf["toonsmith"]["train_minutes"] * 60,
                "config": cfg.to_dict(), "source": a.src}, os.path.join(a.out, "init.pt"))
    print(f"[from_onnx] wrote {a.out}/init.pt (step {steps}); train with --init {a.out}/init.pt")


def check(m: ToonClip, ref: dict) -> float:
    import base64
    worst = 1.0
    with torch.no_grad():
        for case in ref.get("texts", []):
            ids = torch.tensor([case["input_ids"]])
            mask = torch.ones_like(ids)
            e = m.text(ids, mask)[0][0].numpy()
            worst = min(worst, cos(e, np.array(case["embedding"], dtype=np.float32)))
        for case in ref.get("images", []):
            from train import to_pixels  # noqa: WPS433
            u8 = np.frombuffer(base64.b64decode(case["rgb_u8_b64"]), dtype=np.uint8).reshape(case["shape"])
            e = m.vision(to_pixels(u8[None].copy()))[0][0].numpy()
            worst = min(worst, cos(e, np.array(case["embedding"], dtype=np.float32)))
    return worst


def cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-12))


if __name__ == "__main__":
    main()
