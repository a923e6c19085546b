"""Exports a Toon-CLIP checkpoint to the transformers.js folder layout, plus reference
embeddings for the model tests.

    /usr/bin/python3 models/clip/export.py --run models/clip/runs/v1 --out models/clip/toon-clip

Writes <out>/config.json, tokenizer.json, tokenizer_config.json, preprocessor_config.json,
onnx/text_model.onnx, onnx/vision_model.onnx (opset 17, dynamic batch/sequence) and, where the
embeddings stay at cosine >= 0.99 of fp32, onnx/*_quantized.onnx (int8 weights, see quantize.py);
and models/clip/reference/embeddings.json (token ids, pixels, torch embeddings).
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import shutil
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import ClipConfig, ToonClip  # noqa: E402
from tokenizer import BPETokenizer, BOS, EOS, PAD, UNK  # noqa: E402
import data as clipdata  # noqa: E402

OPSET = 17
REF_TEXTS = ["고양이", "cat", "猫", "웃는 고양이 얼굴", "a smiling dog next to a tree", "犬と木",
             "grinning face", "활짝 웃는 얼굴", "", "line art of a house"]


def load(run: str) -> tuple[ToonClip, BPETokenizer, dict]:
    ck = torch.load(os.path.join(run, "ckpt.pt"))
    cfg = ClipConfig(**ck["config"])
    cfg.vision_channels = tuple(cfg.vision_channels)
    m = ToonClip(cfg)
    m.load_state_dict(ck["model"])
    m.eval()
    tok = BPETokenizer.load(os.path.join(run, "tokenizer.json"), max_length=cfg.max_position)
    return m, tok, ck


def run_chain(ck: dict, run: str) -> tuple[int, float, list[str]]:
    """Steps and seconds of a run plus every run it was started from (--init), newest first, and
    a label per link (a from_onnx.py checkpoint is labelled as the rebuilt shipped weights)."""
    steps, elapsed, chain = ck["step"], ck["elapsed"], [run]
    init = ck.get("args", {}).get("init")
    while init:
        prev = torch.load(init)
        steps, elapsed = steps + prev["step"], elapsed + prev["elapsed"]
        chain.append(os.path.dirname(init) if "source" not in prev
                     else f"shipped weights rebuilt by from_onnx.py ({prev['step']} steps)")
        init = prev.get("args", {}).get("init")
    return steps, elapsed, chain


def hf_config(c: ClipConfig, ck: dict) -> dict:
    return {
        "architectures": ["CLIPModel"],
        "model_type": "clip",
        "projection_dim": c.embed_dim,
        "logit_scale_init_value": float(ck["model"]["logit_scale"]),
        "text_config": {
            "model_type": "clip_text_model", "vocab_size": c.vocab_size, "hidden_size": c.text_width,
            "intermediate_size": c.text_mlp, "num_hidden_layers": c.text_layers,
            "num_attention_heads": c.text_heads, "max_position_embeddings": c.max_position,
            "projection_dim": c.embed_dim, "hidden_act": "gelu",
            "bos_token_id": BOS, "eos_token_id": EOS, "pad_token_id": PAD,
        },
        "vision_config": {
            # The vision tower is a residual CNN (see CARD.md); these fields describe its output
            # grid in ViT terms: a 64 px input, stride 16 -> 4x4 = 16 tokens of width hidden_size.
            "model_type": "clip_vision_model", "image_size": c.image_size, "patch_size": 16,
            "num_channels": 3, "hidden_size": c.vision_channels[-1], "projection_dim": c.embed_dim,
            "num_hidden_layers": len(c.vision_channels) + 3, "num_attention_heads": 1,
            "intermediate_size": c.vision_channels[-1],
        },
        "toonsmith": {"towers": {"text": "transformer, masked mean pooling", "vision": "resnet-style CNN"},
                      "train_steps": ck.get("total_steps", ck["step"]),
                      "train_minutes": round(ck.get("total_elapsed", ck["elapsed"]) / 60, 1),
                      "channels": list(c.vision_channels)},
        "transformers.js_config": {"dtype": "fp32"},
    }


def preprocessor(c: ClipConfig) -> dict:
    return {
        "image_processor_type": "CLIPImageProcessor", "feature_extractor_type": "CLIPFeatureExtractor",
        "do_resize": True, "size": {"shortest_edge": c.image_size}, "resample": 3,
        "do_center_crop": True, "crop_size": {"height": c.image_size, "width": c.image_size},
        "do_rescale": True, "rescale_factor": 1 / 255, "do_normalize": True,
        "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5], "do_convert_rgb": True,
    }


class TextWrap(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, attention_mask):
        return self.m.text(input_ids, attention_mask)


class VisionWrap(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, pixel_values):
        return self.m.vision(pixel_values)


def export_onnx(m: ToonClip, tok: BPETokenizer, out: str) -> None:
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    ids, mask = tok.batch(["a cat", "웃는 고양이 얼굴"])
    torch.onnx.export(TextWrap(m), (torch.tensor(ids), torch.tensor(mask)), os.path.join(out, "onnx", "text_model.onnx"),
                      input_names=["input_ids", "attention_mask"], output_names=["text_embeds", "last_hidden_state"],
                      dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                                    "text_embeds": {0: "batch"}, "last_hidden_state": {0: "batch", 1: "sequence"}},
                      opset_version=OPSET, do_constant_folding=True)
    x = torch.zeros(2, 3, m.config.image_size, m.config.image_size)
    torch.onnx.export(VisionWrap(m), (x,), os.path.join(out, "onnx", "vision_model.onnx"),
                      input_names=["pixel_values"], output_names=["image_embeds", "last_hidden_state"],
                      dynamic_axes={"pixel_values": {0: "batch"}, "image_embeds": {0: "batch"}, "last_hidden_state": {0: "batch"}},
                      opset_version=OPSET, do_constant_folding=True)


PARITY_EXTRA = ["고양이", "cat", "CAT", "Cat Face", "猫の顔", "にっこり笑う", "웃는 고양이 얼굴,  하트 눈",
                "ＡＢＣ ｶﾀｶﾅ  full-width", "  leading, trailing\tand\nnewlines  ", "", "😀 emoji 🐱 🐶",
                "Straße İstanbul ÉCOLE", "ﾊﾟﾝ ㈜ ①", "公園で犬と猫が遊んでいる", "공원에서 개와 고양이가 논다",
                "a dog and a cat playing in the park at night", "뷁 꿹 햏", "Ω≈ç√∫", "café naïve coöperate"]


def parity_cases(tok: BPETokenizer) -> list:
    """Strings for the tokenizer parity test: fixed edge cases + seeded labels/tags in ko/en/ja
    (held-out emoji included, so unseen words and characters are covered) + a 10,000-char text."""
    import random
    meta = clipdata.toondata.load_sprite_meta()
    rng = random.Random(7)
    texts = list(PARITY_EXTRA)
    for lang in clipdata.LANGS:
        pool = [m[lang] for m in meta if m.get(lang)]
        for d in rng.sample(pool, 25):
            texts.append(d["label"])
            if d.get("tags"):
                texts.append(", ".join(d["tags"][:4]))
    texts.append(("고양이와 개가 함께 있는 장면 a cat and a dog 猫と犬 " * 300)[:10000])
    return [{"text": t, "ids": tok.encode(t, truncate=False), "ids_truncated": tok.encode(t)} for t in texts]


def b64(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a).tobytes()).decode()


def reference(m: ToonClip, tok: BPETokenizer) -> dict:
    sprites = clipdata.SpriteSet("train")
    want = {"cat face", "dog face", "house", "deciduous tree"}
    picks = [i for i, sid in enumerate(sprites.ids) if (sprites.meta[int(sid)].get("en") or {}).get("label") in want][:4]
    imgs = np.concatenate([sprites.color[picks], sprites.line[picks[:1]]])
    names = [sprites.meta[int(sprites.ids[i])]["en"]["label"] for i in picks] + ["line art: " + sprites.meta[int(sprites.ids[picks[0]])]["en"]["label"]]
    with torch.no_grad():
        tx = []
        for t in REF_TEXTS:
            ids = tok.encode(t)
            e = m.text(torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.long))[0][0].numpy()
            tx.append({"text": t, "input_ids": ids, "embedding": [round(float(v), 7) for v in e]})
        px = (torch.from_numpy(imgs).permute(0, 3, 1, 2).float() / 255.0 - 0.5) / 0.5
        ie = m.vision(px)[0].numpy()
    return {
        "note": "Torch fp32 reference embeddings (unnormalized) for the ONNX/transformers.js model tests. "
                "Images: uint8 RGB 64x64 (on white), pixel_values = (x/255 - 0.5)/0.5, NCHW.",
        "max_length": tok.max_length,
        "tokenizer_parity": parity_cases(tok),
        "texts": tx,
        "images": [{"name": n, "rgb_u8_b64": b64(im), "shape": list(im.shape), "embedding": [round(float(v), 7) for v in e]}
                   for n, im, e in zip(names, imgs, ie)],
    }


def fake_quant_min_cosine(m: ToonClip, tok: BPETokenizer) -> dict:
    """Min cosine between fp32 and int8-weight (per-channel, as quantize.py) embeddings over
    held-out sprites and their labels; decides whether the quantized files ship."""
    import copy
    q = copy.deepcopy(m)
    with torch.no_grad():
        for mod in q.modules():
            w = None
            if isinstance(mod, (torch.nn.Linear, torch.nn.Conv2d, torch.nn.Embedding)):
                w = mod.weight
            if w is not None and w.numel() >= 1024:
                red = tuple(range(1, w.dim()))
                scale = w.abs().amax(dim=red, keepdim=True).clamp(min=1e-12) / 127.0
                w.copy_(torch.round(w / scale).clamp(-127, 127) * scale)
        test = clipdata.SpriteSet("test_emoji")
        px = (torch.from_numpy(test.color[:256]).permute(0, 3, 1, 2).float() / 255.0 - 0.5) / 0.5
        texts = [test.meta[int(i)]["en"]["label"] for i in test.ids[:128]] + \
                [(test.meta[int(i)].get("ko") or test.meta[int(i)]["en"])["label"] for i in test.ids[:128]]
        ids, mask = tok.batch(texts)
        ids, mask = torch.tensor(ids), torch.tensor(mask)
        cos = torch.nn.functional.cosine_similarity
        ci = cos(m.vision(px)[0], q.vision(px)[0])
        ct = cos(m.text(ids, mask)[0], q.text(ids, mask)[0])
    return {"vision_min": float(ci.min()), "text_min": float(ct.min())}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--out", default=os.path.join(HERE, "toon-clip"))
    ap.add_argument("--ref", default=os.path.join(HERE, "reference", "embeddings.json"))
    a = ap.parse_args()
    torch.set_num_threads(1)
    m, tok, ck = load(a.run)
    ck["total_steps"], ck["total_elapsed"], _ = run_chain(ck, a.run)
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    os.makedirs(a.out)
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(hf_config(m.config, ck), f, indent=2)
    with open(os.path.join(a.out, "preprocessor_config.json"), "w") as f:
        json.dump(preprocessor(m.config), f, indent=2)
    tok.save(os.path.join(a.out, "tokenizer.json"))
    with open(os.path.join(a.out, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(tok.tokenizer_config(), f, ensure_ascii=False, indent=2)
    # Reference and int8 check first: torch.onnx.export folds BatchNorm into the convs of the
    # module it traces (in place), so anything computed with `m` afterwards would be wrong.
    ref = reference(m, tok)
    fq = fake_quant_min_cosine(m, tok)
    export_onnx(m, tok, a.out)
    from quantize import quantize_weights
    print("[export] int8 weights, min cosine vs fp32 (torch simulation):", fq)
    for tower, key in (("text_model", "text_min"), ("vision_model", "vision_min")):
        if fq[key] >= 0.995:  # margin over the 0.99 bar; the model test checks the real files
            print(tower, quantize_weights(os.path.join(a.out, "onnx", tower + ".onnx"),
                                          os.path.join(a.out, "onnx", tower + "_quantized.onnx")))
        else:
            print(f"[export] {tower}: int8 not shipped (min cosine {fq[key]:.4f})")
    os.makedirs(os.path.dirname(a.ref), exist_ok=True)
    with open(a.ref, "w", encoding="utf-8") as f:
        json.dump(ref, f, ensure_ascii=False)
    sizes = {}
    for root, _, files in os.walk(a.out):
        for fn in files:
            p = os.path.join(root, fn)
            sizes[os.path.relpath(p, a.out)] = os.path.getsize(p)
    digest = {k: hashlib.sha256(open(os.path.join(a.out, k), "rb").read()).hexdigest()[:16] for k in sizes if k.endswith(".onnx")}
    print(json.dumps({"files": sizes, "total_mb": round(sum(sizes.values()) / 1e6, 2), "sha256_16": digest}, indent=1))


if __name__ == "__main__":
    main()
