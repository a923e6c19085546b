"""Edge-aware hint propagation as a network layer (coarse-to-fine Jacobi on a lightness graph).

The applier's first stage. It spreads the user's sparse ab hints over the image along paths of
similar lightness, so colour stops at lines, in the spirit of Levin et al. 2004, but as a fixed
number of unrolled convolution steps: plain ONNX ops (Conv, Mul, Div, Exp, AveragePool, Resize),
any H and W that are multiples of 16, no sparse solver. The learned U-Net that follows corrects
it (where regions leak, where a line's colour should not bleed, what an unhinted region is).

Energy minimised at every pyramid level l (cells of 2^l px):
    Σ_(i,j 4-neighbours) w_ij (x_i − x_j)² + λ Σ_i m_i (x_i − h_i)²,
    w_ij = exp(−(Y_i − Y_j)² / σ²), Y = lightness in [0, 1] (min-pooled at coarse levels so
    lines survive downsampling), m = share of hinted pixels in the cell, h = their mean ab.
Each Jacobi step: x_i ← (λ m_i h_i + Σ_j w_ij x_j) / (λ m_i + Σ_j w_ij). With solver="sor"
(session 3, the default) levels 0–3 use red-black successive over-relaxation instead: the same
update applied to the red then the black pixels of a checkerboard, over-relaxed by ω = 1.8, one
sweep costing two Jacobi steps — at equal cost it gets much closer to the converged solution
(test_comp chromatic ΔE at 50 hints 7.63 vs 8.47 for Jacobi; 16× the Jacobi steps give 7.45,
Levin's exact solve 7.43). The checkerboard is made by a stride-2 ConvTranspose of a half-size
ones map (no shape ops); the coarsest level (H/16, possibly odd) stays Jacobi. The coarsest level
starts from the image's mean hint colour (zero when there are no hints); each finer level
starts from the bilinear upsampling of the coarser result. σ and λ are learnable scalars
(log-parametrised), so the stage is trained end to end with the rest.
"""
from __future__ import annotations

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

LEVELS = 5  # cells of 1, 2, 4, 8, 16 px: input H, W must be multiples of 16
ITERS = (16, 16, 20, 24, 40)  # Jacobi steps per level, finest first (SOR: half as many sweeps)
OMEGA = 1.8  # SOR over-relaxation, chosen on val (choose_val.py, EVAL.md "Choices made on val"): 1.8 ≈ 1.9 > 1.7 > 1.5
LEAK = 0.05  # the reach map (not the colours) decays with lightness-weighted distance from hints


def _shift_kernel() -> torch.Tensor:
    k = torch.zeros(4, 1, 3, 3)
    for i, (y, x) in enumerate(((0, 1), (2, 1), (1, 0), (1, 2))):  # up, down, left, right
        k[i, 0, y, x] = 1.0
    return k


class Propagate(nn.Module):
    def __init__(self, sigma: float = 0.06, lam: float = 50.0, iters: tuple[int, ...] = ITERS,
                 solver: str = "sor", omega: float = OMEGA):
        super().__init__()
        assert len(iters) == LEVELS and solver in ("sor", "jacobi")
        self.iters = iters
        self.solver = solver
        self.omega = omega
        self.log_sigma = nn.Parameter(torch.tensor(math.log(sigma)))
        self.log_lam = nn.Parameter(torch.tensor(math.log(lam)))
        # Each step is Conv (neighbour shifts), Mul (affinities), Conv (sum over the 4
        # neighbours), Add, Div: no Reshape, so the exported graph has no per-step shape ops.
        self.register_buffer("k1", _shift_kernel(), persistent=False)
        self.register_buffer("k2", _shift_kernel().repeat(2, 1, 1, 1), persistent=False)
        s1 = torch.ones(1, 4, 1, 1)
        s2 = torch.zeros(2, 8, 1, 1)
        s2[0, :4] = 1.0
        s2[1, 4:] = 1.0
        self.register_buffer("s1", s1, persistent=False)
        self.register_buffer("s2", s2, persistent=False)
        self.register_buffer("diag", torch.tensor([[[[1.0, 0.0], [0.0, 1.0]]]]), persistent=False)

    def _red(self, yl: torch.Tensor) -> torch.Tensor:
        """1×… checkerboard (1 where row + column is even) of yl's size; H, W even."""
        half = F.avg_pool2d(torch.ones_like(yl[:, :1]), 2)
        return F.conv_transpose2d(half, self.diag, stride=2)

    def forward(self, y: torch.Tensor, ab: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """y N×1×H×W lightness in [0,1]; ab N×2×H×W hint colours (any units); mask N×1×H×W in {0,1}.
        Returns (propagated ab N×2×H×W, reach N×1×H×W in [0,1]: the same propagation of a hint
        indicator with a small leak, so it fades with distance and across lines)."""
        inv_s2 = torch.exp(-2.0 * self.log_sigma)
        lam = torch.exp(self.log_lam)
        ys, ms, vs = [y], [mask], [ab * mask]
        for _ in range(1, LEVELS):
            ys.append(-F.max_pool2d(-ys[-1], 2))
            ms.append(F.avg_pool2d(ms[-1], 2))
            vs.append(F.avg_pool2d(vs[-1], 2))
        total_m = mask.sum(dim=(2, 3), keepdim=True)
        x = (ab * mask).sum(dim=(2, 3), keepdim=True) / (total_m + 1e-6)  # N×2×1×1 mean hint
        x = x * torch.ones_like(vs[-1])
        r = torch.zeros_like(ms[-1])
        for lvl in range(LEVELS - 1, -1, -1):
            yl, ml, vl = ys[lvl], ms[lvl], vs[lvl]
            if lvl < LEVELS - 1:
                x = F.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)
                r = F.interpolate(r, scale_factor=2.0, mode="bilinear", align_corners=False)
            ny = F.conv2d(yl, self.k1, padding=1)  # N×4×h×w neighbour lightness (0 outside)
            valid = F.conv2d(torch.ones_like(yl), self.k1, padding=1)
            wgt = torch.exp(-(ny - yl) ** 2 * inv_s2) * valid  # N×4×h×w
            den = lam * ml + wgt.sum(1, keepdim=True) + 1e-6
            w8 = torch.cat([wgt, wgt], 1)  # N×8×h×w: (channel a: 4 directions, channel b: 4)
            num_d = lam * vl
            num_r = lam * ml
            den_r = den + LEAK
            if self.solver == "sor" and lvl < LEVELS - 1:
                red = self._red(yl)
                steps = (self.omega * red, self.omega * (1.0 - red)) * max(1, self.iters[lvl] // 2)
            else:
                steps = (None,) * self.iters[lvl]
            for om in steps:
                nx = F.conv2d(x, self.k2, padding=1, groups=2)
                gs = (num_d + F.conv2d(nx * w8, self.s2)) / den
                x = gs if om is None else x + om * (gs - x)
            for _ in range(self.iters[lvl]):
                nr = F.conv2d(r, self.k1, padding=1)
                r = (num_r + F.conv2d(nr * wgt, self.s1)) / den_r
        return x, r.clamp(0.0, 1.0)
