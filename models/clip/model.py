"""Toon-CLIP: a small two-tower CLIP written in plain torch (no transformers).

Text tower: token + position embeddings -> pre-LN transformer encoder (bidirectional attention
with a key-padding mask) -> final LayerNorm -> masked mean pooling -> linear projection.
Vision tower: a small residual CNN over 64x64 RGB (stride-16 overall) -> 4x4 grid of features
(= last_hidden_state, 16 tokens) -> mean pooling -> LayerNorm -> linear projection.
Loss: symmetric InfoNCE over cosine-similarity logits scaled by a learned temperature.

Forward signatures match the ONNX export used by transformers.js:
  text(input_ids[B,L] int64, attention_mask[B,L] int64) -> (text_embeds[B,D], last_hidden_state[B,L,W])
  vision(pixel_values[B,3,H,W] float32)                 -> (image_embeds[B,D], last_hidden_state[B,N,C])
Embeddings are NOT normalized (as in Hugging Face CLIP); callers L2-normalize.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class ClipConfig:
    vocab_size: int = 4096
    max_position: int = 64
    text_width: int = 128
    text_layers: int = 3
    text_heads: int = 4
    text_mlp: int = 384
    image_size: int = 64
    vision_channels: tuple = (32, 64, 96, 128)
    embed_dim: int = 128
    pad_id: int = 1
    bos_id: int = 0
    eos_id: int = 2
    init_temperature: float = 0.07

    def to_dict(self) -> dict:
        d = asdict(self)
        d["vision_channels"] = list(self.vision_channels)
        return d


class Block(nn.Module):
    def __init__(self, width: int, heads: int, mlp: int):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.out = nn.Linear(width, width)
        self.ln2 = nn.LayerNorm(width)
        self.fc1 = nn.Linear(width, mlp)
        self.fc2 = nn.Linear(mlp, width)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, l, w = x.shape
        h = self.heads
        q, k, v = self.qkv(self.ln1(x)).chunk(3, dim=-1)
        q = q.reshape(b, l, h, w // h).transpose(1, 2)
        k = k.reshape(b, l, h, w // h).transpose(1, 2)
        v = v.reshape(b, l, h, w // h).transpose(1, 2)
        att = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(w // h)) + bias  # bias: [B,1,1,L]
        att = att.softmax(dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, l, w)
        x = x + self.out(y)
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


class TextTower(nn.Module):
    def __init__(self, c: ClipConfig):
        super().__init__()
        self.tok = nn.Embedding(c.vocab_size, c.text_width)
        self.pos = nn.Parameter(torch.zeros(1, c.max_position, c.text_width))
        self.blocks = nn.ModuleList([Block(c.text_width, c.text_heads, c.text_mlp) for _ in range(c.text_layers)])
        self.ln = nn.LayerNorm(c.text_width)
        self.proj = nn.Linear(c.text_width, c.embed_dim, bias=False)
        nn.init.normal_(self.tok.weight, std=0.02)
        nn.init.normal_(self.pos, std=0.01)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor):
        l = input_ids.shape[1]
        x = self.tok(input_ids) + self.pos[:, :l]
        m = attention_mask.to(x.dtype)
        bias = ((1.0 - m) * -1e4)[:, None, None, :]
        for blk in self.blocks:
            x = blk(x, bias)
        x = self.ln(x)
        pooled = (x * m[:, :, None]).sum(1) / m.sum(1, keepdim=True).clamp(min=1.0)
        return self.proj(pooled), x


class ResBlock(nn.Module):
    def __init__(self, ch: int):
        super().__init__()
        self.c1 = nn.Conv2d(ch, ch, 3, padding=1, bias=False)
        self.b1 = nn.BatchNorm2d(ch)
        self.c2 = nn.Conv2d(ch, ch, 3, padding=1, bias=False)
        self.b2 = nn.BatchNorm2d(ch)
        nn.init.zeros_(self.b2.weight)

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        return F.relu(x + self.b2(self.c2(y)))


def down(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU())


class VisionTower(nn.Module):
    def __init__(self, c: ClipConfig):
        super().__init__()
        ch = c.vision_channels
        # 64 -> 32 -> 16 (stem), 16 -> 8, 8 -> 4
        self.stem = nn.Sequential(down(3, ch[0]), down(ch[0], ch[1]))
        self.s1 = ResBlock(ch[1])
        self.d2 = down(ch[1], ch[2])
        self.s2 = ResBlock(ch[2])
        self.d3 = down(ch[2], ch[3])
        self.s3 = ResBlock(ch[3])
        self.ln = nn.LayerNorm(ch[3])
        self.proj = nn.Linear(ch[3], c.embed_dim, bias=False)

    def forward(self, pixel_values: torch.Tensor):
        x = self.s1(self.stem(pixel_values))
        x = self.s2(self.d2(x))
        x = self.s3(self.d3(x))
        tokens = x.flatten(2).transpose(1, 2)  # [B, N, C]
        pooled = self.ln(tokens.mean(1))
        return self.proj(pooled), tokens


class ToonClip(nn.Module):
    def __init__(self, c: ClipConfig):
        super().__init__()
        self.config = c
        self.text = TextTower(c)
        self.vision = VisionTower(c)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1.0 / c.init_temperature)))

    def loss(self, pixel_values, input_ids, attention_mask, groups=None, image_embeds=None, text_embeds=None):
        """Symmetric InfoNCE. `groups` (optional, [B] ints): pairs with the same group id are
        not treated as negatives of each other (the same image captioned in several languages).
        `image_embeds` / `text_embeds`: the towers' outputs when the caller has them already."""
        img = F.normalize(self.vision(pixel_values)[0] if image_embeds is None else image_embeds, dim=-1)
        txt = F.normalize(self.text(input_ids, attention_mask)[0] if text_embeds is None else text_embeds, dim=-1)
        scale = self.logit_scale.clamp(max=math.log(100.0)).exp()
        logits = scale * img @ txt.t()
        target = torch.arange(len(img))
        if groups is not None:
            same = groups[:, None] == groups[None, :]
            off = same & ~torch.eye(len(img), dtype=torch.bool)
            logits = logits.masked_fill(off, -1e4)
        li = F.cross_entropy(logits, target)
        lt = F.cross_entropy(logits.t(), target)
        with torch.no_grad():
            acc = ((logits.argmax(1) == target).float().mean() + (logits.argmax(0) == target).float().mean()) / 2
        return (li + lt) / 2, acc


def count_params(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())
