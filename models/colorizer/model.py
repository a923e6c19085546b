"""Toonsmith colorizer: a color network that proposes sparse colors and an applier U-Net.

After Cinarel & Zhang, "Into the Colorful World of Webtoons": both networks work in Lab with
the full, unquantized ab range and are trained end to end.

  ColorNet(gray)                      -> proposal ab (Lab units) + confidence in (0, 1)
  Applier(gray, user hints, proposal) -> ab (Lab units):
      propagation layer (propagate.py: edge-aware, spreads hints + weighted proposals within
      the lines) -> U-Net correction (zero-initialised) added to the propagated field

User hints replace the proposal where they are set and outweigh it elsewhere (a proposal at full
confidence counts a quarter of a hint pixel).

Exported contract (export.py): inputs gray N×1×H×W (L/100), hints N×3×H×W (a, b, mask) with
a, b in Lab units, mask in {0, 1}; output ab N×2×H×W in Lab units. H and W multiples of STRIDE.
"""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

from propagate import Propagate

AB_SCALE = 110.0
STRIDE = 16


def _block(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1), nn.LeakyReLU(0.1, inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1), nn.LeakyReLU(0.1, inplace=True),
    )


class UNet(nn.Module):
    """Plain U-Net: 4 stride-2 downsamplings (STRIDE 16), skip connections by concatenation."""

    def __init__(self, cin: int, cout: int, widths: tuple[int, ...]):
        super().__init__()
        assert len(widths) == 5
        self.enc = nn.ModuleList()
        c = cin
        for w in widths[:-1]:
            self.enc.append(_block(c, w))
            c = w
        self.down = nn.ModuleList([nn.Conv2d(w, w, 3, stride=2, padding=1) for w in widths[:-1]])
        self.mid = _block(widths[-2], widths[-1])
        self.up = nn.ModuleList()
        self.dec = nn.ModuleList()
        c = widths[-1]
        for w in reversed(widths[:-1]):
            self.up.append(nn.ConvTranspose2d(c, w, 2, stride=2))
            self.dec.append(_block(2 * w, w))
            c = w
        self.head = nn.Conv2d(c, cout, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        skips = []
        for enc, down in zip(self.enc, self.down):
            x = enc(x)
            skips.append(x)
            x = down(x)
        x = self.mid(x)
        for up, dec, s in zip(self.up, self.dec, reversed(skips)):
            x = dec(torch.cat([up(x), s], 1))
        return self.head(x)


PROPOSAL_WEIGHT = 0.25  # a proposal at full confidence counts a quarter of a user hint pixel


class Colorizer(nn.Module):
    """ColorNet proposes sparse colours; the applier spreads proposals and user hints within the
    lines — first by the edge-aware propagation layer (propagate.py), then a U-Net that sees the
    image, the hints, the proposal and the propagated field and outputs a correction to it.
    The U-Net's head starts at zero, so an untrained applier is exactly the propagation."""

    def __init__(self, color_widths=(16, 32, 48, 64, 96), apply_widths=(24, 40, 64, 96, 128)):
        super().__init__()
        self.color = UNet(1, 3, color_widths)
        self.prop = Propagate()
        self.applier = UNet(11, 2, apply_widths)
        nn.init.zeros_(self.applier.head.weight)
        nn.init.zeros_(self.applier.head.bias)
        nn.init.constant_(self.color.head.bias[2:3], -4.0)  # proposals start almost silent

    def propose(self, gray: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        out = self.color(gray * 2.0 - 1.0)
        return out[:, :2], torch.sigmoid(out[:, 2:3])  # ab/AB_SCALE, confidence

    def forward(self, gray: torch.Tensor, hints: torch.Tensor) -> torch.Tensor:
        """gray N×1×H×W in [0,1]; hints N×3×H×W (a, b in Lab units, mask). Returns ab in Lab units."""
        mask = hints[:, 2:3]
        user_ab = hints[:, :2] * mask / AB_SCALE
        p_ab, p_conf = self.propose(gray)
        p_w = p_conf * (1.0 - mask) * PROPOSAL_WEIGHT  # user hints replace the proposal where set
        weight = mask + p_w
        field = (user_ab * mask + p_ab * p_w) / (weight + 1e-6)
        spread, reach = self.prop(gray, field, weight)
        x = torch.cat([gray * 2.0 - 1.0, user_ab, mask, p_ab * p_conf, p_conf, spread, reach, weight], 1)
        return (spread + self.applier(x)) * AB_SCALE


def param_count(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())


if __name__ == "__main__":
    m = Colorizer()
    print("params color", param_count(m.color), "apply", param_count(m.applier), "total", param_count(m))
    y = m(torch.rand(2, 1, 96, 128), torch.zeros(2, 3, 96, 128))
    print(y.shape)
