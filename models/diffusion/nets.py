"""Toonsmith's small latent-diffusion networks (plain torch; torch 1.13 CPU and 2.x CUDA).

VAE   image [B,3,S,S] in [-1,1] -> latents [B,zc,S/f,S/f] (f = 2^(len(ch)-1)); KL-regularized.
UNet  (sample [B,zc,h,w], timestep [B] float, encoder_hidden_states [B,L,ctx_dim]) -> [B,zc,h,w]
      with cross-attention on the text encoder's last_hidden_state at every attention level.
ImagePrompt  (UNetConfig.image_tokens > 0) the VAE latent of a reference picture (a character
      sheet) -> `image_tokens` context tokens [B,N,ctx_dim], appended to the text hidden states
      (IP-Adapter-like, but the UNet keeps SD's 3-input interface: the extra tokens are just a
      longer encoder_hidden_states). No reference -> all-zero tokens (also the unconditional half
      of classifier-free guidance). Its output layer starts small but not at zero (token std ≈ 0.5
      vs the text states' 0.93): with a zero output layer the conv body gets no gradient, and on a
      CPU budget the UNet had not begun to use the reference after 500 steps (measured).
Everything exports with torch.onnx (opset 17): attention is written out as matmul + softmax,
no scaled_dot_product_attention, no data-dependent control flow.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import List

import torch
import torch.nn as nn
import torch.nn.functional as F


def norm(ch: int) -> nn.GroupNorm:
    return nn.GroupNorm(min(32, ch // 4) if ch >= 8 else 1, ch, eps=1e-6)


class ResBlock(nn.Module):
    def __init__(self, cin: int, cout: int, temb: int = 0, dropout: float = 0.0):
        super().__init__()
        self.n1 = norm(cin)
        self.c1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.t = nn.Linear(temb, cout) if temb else None
        self.n2 = norm(cout)
        self.drop = nn.Dropout(dropout)
        self.c2 = nn.Conv2d(cout, cout, 3, padding=1)
        nn.init.zeros_(self.c2.weight)
        nn.init.zeros_(self.c2.bias)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, temb=None):
        h = self.c1(F.silu(self.n1(x)))
        if self.t is not None:
            h = h + self.t(F.silu(temb))[:, :, None, None]
        h = self.c2(self.drop(F.silu(self.n2(h))))
        return self.skip(x) + h


class Attention(nn.Module):
    """Multi-head attention; k/v from `ctx` (cross) or from x (self)."""

    def __init__(self, dim: int, heads: int, ctx_dim: int = 0):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(dim, dim, bias=False)
        self.k = nn.Linear(ctx_dim or dim, dim, bias=False)
        self.v = nn.Linear(ctx_dim or dim, dim, bias=False)
        self.o = nn.Linear(dim, dim)

    def forward(self, x, ctx=None):
        ctx = x if ctx is None else ctx
        b, n, d = x.shape
        h = self.heads
        q = self.q(x).reshape(b, n, h, d // h).transpose(1, 2)
        k = self.k(ctx).reshape(b, ctx.shape[1], h, d // h).transpose(1, 2)
        v = self.v(ctx).reshape(b, ctx.shape[1], h, d // h).transpose(1, 2)
        att = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(d // h))
        y = torch.matmul(att.softmax(dim=-1), v).transpose(1, 2).reshape(b, n, d)
        return self.o(y)


class SpatialTransformer(nn.Module):
    """GroupNorm -> 1x1 in -> [self-attn, cross-attn(text), GELU MLP] (pre-LN) -> 1x1 out (+x)."""

    def __init__(self, ch: int, heads: int, ctx_dim: int):
        super().__init__()
        self.n = norm(ch)
        self.pin = nn.Conv2d(ch, ch, 1)
        self.ln1, self.sa = nn.LayerNorm(ch), Attention(ch, heads)
        self.ln2, self.ca = nn.LayerNorm(ch), Attention(ch, heads, ctx_dim)
        self.ln3 = nn.LayerNorm(ch)
        self.ff = nn.Sequential(nn.Linear(ch, 4 * ch), nn.GELU(), nn.Linear(4 * ch, ch))
        self.pout = nn.Conv2d(ch, ch, 1)
        nn.init.zeros_(self.pout.weight)
        nn.init.zeros_(self.pout.bias)

    def forward(self, x, ctx):
        b, c, hh, ww = x.shape
        t = self.pin(self.n(x)).flatten(2).transpose(1, 2)  # [B, HW, C]
        t = t + self.sa(self.ln1(t))
        t = t + self.ca(self.ln2(t), ctx)
        t = t + self.ff(self.ln3(t))
        return x + self.pout(t.transpose(1, 2).reshape(b, c, hh, ww))


def timestep_embedding(t: torch.Tensor, dim: int, max_period: float = 10000.0) -> torch.Tensor:
    """Sinusoidal embedding of (possibly fractional) timesteps [B] -> [B, dim] (cos, sin)."""
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
    args = t.float()[:, None] * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


@dataclass
class UNetConfig:
    in_channels: int = 4
    channels: List[int] = field(default_factory=lambda: [64, 128, 192])
    attn_levels: List[int] = field(default_factory=lambda: [1, 2])  # levels with a transformer
    heads: int = 4
    cross_attention_dim: int = 128  # = the text encoder's hidden size
    sample_size: int = 16
    image_tokens: int = 0  # > 0: the UNet owns an ImagePrompt (reference picture -> this many tokens)
    scaling_factor: float = 1.0  # the VAE's, applied to the reference latent inside ImagePrompt

    def to_dict(self):
        return asdict(self)


class ImagePrompt(nn.Module):
    """Unscaled VAE posterior mean [B,zc,h,w] (what vae_encoder outputs) -> [B, N, ctx_dim]:
    a small conv net down to a sqrt(N) x sqrt(N) grid, one token per cell, LayerNorm + Linear."""

    def __init__(self, zc: int, h: int, tokens: int, dim: int, scaling_factor: float):
        super().__init__()
        g = int(round(math.sqrt(tokens)))
        assert g * g == tokens and h % g == 0, "image_tokens must be a square dividing the latent size"
        self.sf = float(scaling_factor)
        layers: List[nn.Module] = [nn.Conv2d(zc, 64, 3, padding=1), nn.SiLU()]
        c, size = 64, h
        while size > g:
            layers += [nn.Conv2d(c, dim, 3, stride=2, padding=1), nn.SiLU()]
            c, size = dim, size // 2
        layers += [nn.Conv2d(c, dim, 1)]
        self.body = nn.Sequential(*layers)
        self.ln = nn.LayerNorm(dim)
        self.out = nn.Linear(dim, dim)
        nn.init.normal_(self.out.weight, std=0.5 / math.sqrt(dim))
        nn.init.zeros_(self.out.bias)

    def forward(self, latent_sample):
        x = self.body(latent_sample * self.sf)  # [B, dim, g, g]
        return self.out(self.ln(x.flatten(2).transpose(1, 2)))


class UNet(nn.Module):
    def __init__(self, c: UNetConfig):
        super().__init__()
        self.config = c
        # not used by forward(): the caller appends its tokens to encoder_hidden_states
        self.image_proj = (ImagePrompt(c.in_channels, c.sample_size, c.image_tokens, c.cross_attention_dim,
                                       c.scaling_factor) if c.image_tokens else None)
        ch = c.channels
        temb = ch[0] * 4
        self.temb = nn.Sequential(nn.Linear(ch[0], temb), nn.SiLU(), nn.Linear(temb, temb))
        self.cin = nn.Conv2d(c.in_channels, ch[0], 3, padding=1)
        self.down_res = nn.ModuleList()
        self.down_attn = nn.ModuleList()
        self.downsample = nn.ModuleList()
        prev = ch[0]
        for i, w in enumerate(ch):
            self.down_res.append(ResBlock(prev, w, temb))
            self.down_attn.append(SpatialTransformer(w, c.heads, c.cross_attention_dim) if i in c.attn_levels else nn.Identity())
            self.downsample.append(nn.Conv2d(w, w, 3, stride=2, padding=1) if i < len(ch) - 1 else nn.Identity())
            prev = w
        self.mid1 = ResBlock(prev, prev, temb)
        self.mid_attn = SpatialTransformer(prev, c.heads, c.cross_attention_dim)
        self.mid2 = ResBlock(prev, prev, temb)
        self.up_res = nn.ModuleList()
        self.up_attn = nn.ModuleList()
        self.upsample = nn.ModuleList()
        for i in reversed(range(len(ch))):
            w = ch[i]
            self.up_res.append(ResBlock(prev + w, w, temb))
            self.up_attn.append(SpatialTransformer(w, c.heads, c.cross_attention_dim) if i in c.attn_levels else nn.Identity())
            self.upsample.append(nn.Conv2d(w, ch[i - 1], 3, padding=1) if i > 0 else nn.Identity())
            prev = ch[i - 1] if i > 0 else w
        self.nout = norm(ch[0])
        self.cout = nn.Conv2d(ch[0], c.in_channels, 3, padding=1)
        nn.init.zeros_(self.cout.weight)
        nn.init.zeros_(self.cout.bias)

    def context(self, text_hidden, image_latent=None):
        """Text hidden states [B,L,D] (+ the image prompt's tokens, zeros without a reference)."""
        if self.image_proj is None:
            if image_latent is not None:
                raise ValueError("this UNet was not trained with an image prompt")
            return text_hidden
        b = text_hidden.shape[0]
        if image_latent is None:
            tok = text_hidden.new_zeros(b, self.config.image_tokens, text_hidden.shape[2])
        else:
            tok = self.image_proj(image_latent)
            if tok.shape[0] != b:
                tok = tok.expand(b, -1, -1)
        return torch.cat([text_hidden, tok], dim=1)

    def forward(self, sample, timestep, encoder_hidden_states):
        e = self.temb(timestep_embedding(timestep, self.config.channels[0]))
        x = self.cin(sample)
        skips = []
        for res, attn, ds in zip(self.down_res, self.down_attn, self.downsample):
            x = res(x, e)
            if not isinstance(attn, nn.Identity):
                x = attn(x, encoder_hidden_states)
            skips.append(x)
            x = ds(x)
        x = self.mid2(self.mid_attn(self.mid1(x, e), encoder_hidden_states), e)
        for res, attn, us in zip(self.up_res, self.up_attn, self.upsample):
            x = res(torch.cat([x, skips.pop()], dim=1), e)
            if not isinstance(attn, nn.Identity):
                x = attn(x, encoder_hidden_states)
            if not isinstance(us, nn.Identity):
                x = us(F.interpolate(x, scale_factor=2.0, mode="nearest"))
        return self.cout(F.silu(self.nout(x)))


@dataclass
class VAEConfig:
    image_size: int = 64
    channels: List[int] = field(default_factory=lambda: [32, 64, 128])  # f = 2^(len-1)
    latent_channels: int = 4
    scaling_factor: float = 1.0  # set after training so scaled latents have unit std

    def to_dict(self):
        return asdict(self)


class VAE(nn.Module):
    def __init__(self, c: VAEConfig):
        super().__init__()
        self.config = c
        ch = c.channels
        enc: List[nn.Module] = [nn.Conv2d(3, ch[0], 3, padding=1)]
        for i, w in enumerate(ch):
            enc.append(ResBlock(ch[i - 1] if i else ch[0], w))
            if i < len(ch) - 1:
                enc.append(nn.Conv2d(w, w, 3, stride=2, padding=1))
        enc += [ResBlock(ch[-1], ch[-1]), norm(ch[-1]), nn.SiLU(), nn.Conv2d(ch[-1], 2 * c.latent_channels, 3, padding=1)]
        self.encoder = nn.Sequential(*enc)
        dec: List[nn.Module] = [nn.Conv2d(c.latent_channels, ch[-1], 3, padding=1), ResBlock(ch[-1], ch[-1])]
        for i in reversed(range(len(ch))):
            dec.append(ResBlock(ch[min(i + 1, len(ch) - 1)], ch[i]))
            if i > 0:
                dec += [nn.Upsample(scale_factor=2.0, mode="nearest"), nn.Conv2d(ch[i], ch[i], 3, padding=1)]
        dec += [norm(ch[0]), nn.SiLU(), nn.Conv2d(ch[0], 3, 3, padding=1)]
        self.decoder = nn.Sequential(*dec)

    def encode(self, x):
        """-> (mean, logvar) of q(z|x), unscaled."""
        m, lv = self.encoder(x).chunk(2, dim=1)
        return m, lv.clamp(-30.0, 20.0)

    def decode(self, z):
        """Unscaled latents -> image in ~[-1, 1]."""
        return self.decoder(z)


def count_params(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())
