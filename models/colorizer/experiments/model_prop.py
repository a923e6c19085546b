"""Experiment (README.md): the Colorizer with an edge-aware propagation layer in its applier.
Same ColorNet and U-Net as ../model.py; same exported contract (gray, hints -> ab).
Use with train.py/export.py/eval.py by putting this folder first on sys.path in place of model.py."""
from __future__ import annotations

import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from model import AB_SCALE, STRIDE, UNet, param_count  # noqa: E402,F401
from propagate import Propagate  # noqa: E402

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
