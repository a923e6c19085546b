"""Toonsmith colorizer: a color network that proposes sparse colors and an applier U-Net.

After Cinarel & Zhang, "Into the Colorful World of Webtoons": both networks work in Lab with
the full, unquantized ab range and are trained end to end.

  ColorNet(gray)                      -> proposal ab (Lab units) + confidence in (0, 1)
  Applier(gray, user hints, proposal) -> ab (Lab units):
      propagation layer (propagate.py: edge-aware, spreads the hints, and separately the
      confidence-weighted proposals, within the lines) -> U-Net (zero-initialised head) that
      sees both fields and adds a correction to the hints' field

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
        self.applier = UNet(APPLIER_IN, 2, apply_widths)
        nn.init.zeros_(self.applier.head.weight)
        nn.init.zeros_(self.applier.head.bias)
        nn.init.constant_(self.color.head.bias[2:3], -4.0)  # proposals start almost silent
        # Correction gate exponent. NB: forward() uses log_gamma itself as the exponent of (1 − reach),
        # not exp(log_gamma): it starts at 0 (gate = 1, no gating) and the shipped s4 learnt 0.0275
        # (issue 16; CARD.md "Architecture"). Kept as trained: changing it changes the shipped model.
        self.log_gamma = nn.Parameter(torch.zeros(()))

    def propose(self, gray: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        out = self.color(gray * 2.0 - 1.0)
        return out[:, :2], torch.sigmoid(out[:, 2:3])  # ab/AB_SCALE, confidence

    def forward(self, gray: torch.Tensor, hints: torch.Tensor) -> torch.Tensor:
        """gray N×1×H×W in [0,1]; hints N×3×H×W (a, b in Lab units, mask). Returns ab in Lab units."""
        mask = hints[:, 2:3]
        user_ab = hints[:, :2] * mask / AB_SCALE
        p_ab, p_conf = self.propose(gray)
        p_w = p_conf * (1.0 - mask) * PROPOSAL_WEIGHT  # user hints replace the proposal where set
        # One propagation pass over a doubled batch: the user's hints alone, and the proposal alone.
        # Kept apart so proposals never outvote hints inside a region (session 2 mixed them in one
        # field: at 50 hints the proposals' summed weight dominated and ΔE rose 7.6 → 8.7).
        n = gray.shape[0]
        spread2, reach2 = self.prop(torch.cat([gray, gray], 0), torch.cat([user_ab, p_ab], 0),
                                    torch.cat([mask, p_w], 0))
        spread, reach, spread_p = spread2[:n], reach2[:n], spread2[n:]
        # Concats of at most 4 inputs (onnxruntime-web's WebGPU Concat: ≤ 8 storage buffers);
        # export.py also splits any wider one that torch folds together.
        x = torch.cat([torch.cat([gray * 2.0 - 1.0, user_ab, mask, p_ab * p_conf], 1),
                       torch.cat([p_conf, spread, reach, p_w], 1), spread_p], 1)
        # The correction fades where the user's hints reach: (1 − reach)^γ, γ learnt (starts at 1).
        # Without it the U-Net repainted hinted regions from its own guess — a black-and-white
        # panel with 10 neutral hints came out at 34.8 dB where Levin gives 46.9 (test_comp #25).
        gate = torch.exp(self.log_gamma * torch.log((1.0 - reach).clamp_min(1e-6)))
        return (spread + gate * self.applier(x)) * AB_SCALE


APPLIER_IN = 13  # gray, user ab (2), mask, proposal ab·conf (2), conf, spread (2), reach, proposal weight, proposal spread (2)


def adapt_state(sd: dict, model: nn.Module) -> dict:
    """Loads a session-2 checkpoint (applier input 11 channels: …, spread, reach, weight) into the
    13-channel applier: matching channels copied, the new proposal-spread channels start at zero."""
    w = sd.get("applier.enc.0.0.weight")
    want = model.state_dict()["applier.enc.0.0.weight"]
    if w is not None and w.shape[1] != want.shape[1]:
        nw = torch.zeros_like(want)
        nw[:, :w.shape[1]] = w
        sd = {**sd, "applier.enc.0.0.weight": nw}
    if "log_gamma" not in sd:  # checkpoints before the reach gate: γ = 1
        sd = {**sd, "log_gamma": torch.zeros(())}
    return sd


def param_count(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())


if __name__ == "__main__":
    m = Colorizer()
    print("params color", param_count(m.color), "apply", param_count(m.applier), "total", param_count(m))
    y = m(torch.rand(2, 1, 96, 128), torch.zeros(2, 3, 96, 128))
    print(y.shape)
