"""Text conditioning for the UNet: the hidden states of Toonsmith's text encoder.

`ToonClipText` runs the frozen Toon-CLIP text tower (models/clip/model.py + tokenizer.py) and
returns its `last_hidden_state` [B, L, width] for captions padded to a fixed length L (as Stable
Diffusion pads to 77), so the UNet and the browser pipeline see the same shapes. The empty
caption "" is the unconditional input of classifier-free guidance.

`NullText` is the honest alternative when no text encoder exists yet: every caption maps to the
same all-zero context, i.e. the model trained with it is UNCONDITIONAL (used by the CPU smoke run
before models/clip/ shipped). Its exports are marked so in model_index.json.
"""
from __future__ import annotations

import json
import os
import sys
from typing import Dict, List

import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class NullText:
    kind = "none"

    def __init__(self, dim: int = 128, max_length: int = 64):
        self.dim = dim
        self.max_length = max_length

    def encode(self, captions: List[str]) -> torch.Tensor:
        return torch.zeros(len(captions), self.max_length, self.dim)

    def describe(self) -> dict:
        return {"kind": self.kind, "dim": self.dim, "max_length": self.max_length,
                "note": "no text encoder: zero context, unconditional model"}


class ToonClipText:
    """Frozen Toon-CLIP text tower. `clip_dir` holds config.json, tokenizer.json and a torch
    checkpoint (`ckpt`, a state dict of models/clip/model.py's ToonClip, possibly nested under
    'model'/'ema'). Hidden states are cached per caption (captions repeat a lot)."""

    kind = "toon-clip"

    def __init__(self, clip_dir: str, ckpt: str, max_length: int = 64, device: str = "cpu", cache: bool = True):
        if ROOT not in sys.path:
            sys.path.insert(0, ROOT)
        from models.clip import model as clip_model  # noqa
        from models.clip import tokenizer as clip_tok  # noqa

        self.clip_dir = clip_dir
        self.ckpt_path = ckpt
        here = os.path.dirname(os.path.abspath(__file__))
        if here not in sys.path:
            sys.path.insert(0, here)
        from ckpt import load as load_ckpt

        state = load_ckpt(ckpt)
        cfg_dict = state.get("config") if isinstance(state, dict) else None
        if cfg_dict is None:
            raise ValueError(f"{ckpt}: no 'config' in checkpoint; cannot rebuild ToonClip")
        fields = clip_model.ClipConfig.__dataclass_fields__
        cfg = clip_model.ClipConfig(**{k: (tuple(v) if k == "vision_channels" else v)
                                       for k, v in cfg_dict.items() if k in fields})
        net = clip_model.ToonClip(cfg)
        sd = state
        for key in ("ema", "model", "state_dict"):
            if isinstance(sd, dict) and key in sd and isinstance(sd[key], dict):
                sd = sd[key]
                break
        net.load_state_dict({k: v.float() for k, v in sd.items()})
        self.text = net.text.eval().to(device)
        for p in self.text.parameters():
            p.requires_grad_(False)
        # Same truncation as transformers.js and the browser pipeline: cut the end at max_position.
        # The tokenizer saved beside the checkpoint wins (a CLIP run and its vocabulary belong together).
        self.tok_dir = os.path.dirname(ckpt) if os.path.exists(os.path.join(os.path.dirname(ckpt), "tokenizer.json")) else clip_dir
        self.tokenizer = clip_tok.BPETokenizer.load(os.path.join(self.tok_dir, "tokenizer.json"), max_length=cfg.max_position)
        self.net = net
        self.cfg = cfg
        self.dim = cfg.text_width
        self.max_length = min(max_length, cfg.max_position)
        self.pad_id = cfg.pad_id
        self.device = device
        self.use_cache = cache  # off on GPUs: 180k distinct captions would need GBs; the tower is cheap there
        self.cache: Dict[str, torch.Tensor] = {}

    def _ids(self, caption: str) -> List[int]:
        ids = list(self.tokenizer.encode(caption))
        return ids[: self.max_length]

    @torch.no_grad()
    def encode(self, captions: List[str]) -> torch.Tensor:
        if not self.use_cache:
            ids, mask = self.padded(captions)
            return self.text(ids.to(self.device), mask.to(self.device))[1].float()
        todo = [c for c in dict.fromkeys(captions) if c not in self.cache]
        if todo:
            ids, mask = self.padded(todo)
            _, hidden = self.text(ids.to(self.device), mask.to(self.device))
            for i, c in enumerate(todo):
                self.cache[c] = hidden[i].float().cpu()
        return torch.stack([self.cache[c] for c in captions])

    def describe(self) -> dict:
        import hashlib

        with open(self.ckpt_path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        return {"kind": self.kind, "dim": self.dim, "max_length": self.max_length,
                "clip_dir": os.path.relpath(self.clip_dir, ROOT), "ckpt": os.path.relpath(self.ckpt_path, ROOT),
                "tokenizer_dir": os.path.relpath(self.tok_dir, ROOT),
                "ckpt_sha256": digest, "clip_config": self.cfg.to_dict()}

    def padded(self, captions: List[str]):
        """(input_ids, attention_mask) int64 [B, max_length], as the browser pipeline builds them."""
        ids = torch.full((len(captions), self.max_length), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(captions), self.max_length), dtype=torch.long)
        for i, c in enumerate(captions):
            t = self._ids(c)
            ids[i, : len(t)] = torch.tensor(t)
            mask[i, : len(t)] = 1
        return ids, mask


def clip_width(clip_dir: str, default: int = 128) -> int:
    """Hidden size of the text encoder from an HF-style config.json (text_config.hidden_size)."""
    p = os.path.join(clip_dir, "config.json")
    if not os.path.exists(p):
        return default
    with open(p) as f:
        c = json.load(f)
    tc = c.get("text_config", c)
    return int(tc.get("hidden_size", tc.get("text_width", default)))


def make_text(kind: str, clip_dir: str, ckpt: str, max_length: int, dim: int, device: str = "cpu"):
    if kind == "none":
        return NullText(dim, max_length)
    return ToonClipText(clip_dir, ckpt, max_length, device, cache=(device == "cpu"))
