"""Exports Toonsmith's colour-conversion graph: sRGB -> CIE L*a*b* (D65) and normalised lightness.

Graph `srgb_to_lab.onnx` (opset 13), any N, H, W:
  input  rgb   float32 (N, 3, H, W)  sRGB in [0, 1] (values outside are clamped)
  output lab   float32 (N, 3, H, W)  L* in [0, 100], a*, b* (CIE 1976, D65 white)
  output gray  float32 (N, 1, H, W)  L* / 100 in [0, 1]  (the colorizer's `gray` input)

The app runs it in the runtime worker (workers/runtime.worker.ts) to make lightness previews and
grayscale inputs. Reference outputs are computed independently with numpy (float64, written out
formula by formula) and saved to srgb_to_lab.reference.json; the torch graph must match them.

Run: /usr/bin/python3 models/ops/export_srgb_to_lab.py   (torch 1.13 CPU or 2.x)
"""
import json
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ONNX_PATH = os.path.join(HERE, "srgb_to_lab.onnx")
REF_PATH = os.path.join(HERE, "srgb_to_lab.reference.json")

# sRGB (linear) -> XYZ, IEC 61966-2-1, D65.
M = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
WHITE = np.array([0.95047, 1.0, 1.08883])
EPS = 216.0 / 24389.0
KAPPA = 24389.0 / 27.0


class SrgbToLab(torch.nn.Module):
    def __init__(self):
        super().__init__()
        # Fold the white-point normalisation into the 1x1 conv weights.
        w = (M / WHITE[:, None]).astype(np.float32)
        self.register_buffer("w", torch.from_numpy(w).reshape(3, 3, 1, 1))

    def forward(self, rgb):
        c = torch.clamp(rgb, 0.0, 1.0)
        lin = torch.where(c <= 0.04045, c / 12.92, torch.pow((c + 0.055) / 1.055, 2.4))
        xyz = torch.nn.functional.conv2d(lin, self.w)
        f = torch.where(xyz > EPS, torch.pow(torch.clamp(xyz, min=EPS), 1.0 / 3.0), (KAPPA * xyz + 16.0) / 116.0)
        fx, fy, fz = f[:, 0:1], f[:, 1:2], f[:, 2:3]
        L = 116.0 * fy - 16.0
        a = 500.0 * (fx - fy)
        b = 200.0 * (fy - fz)
        return torch.cat([L, a, b], dim=1), L / 100.0


def numpy_reference(rgb):
    """Same conversion in float64 numpy, pixel by pixel formulas (independent of the torch graph)."""
    c = np.clip(rgb.astype(np.float64), 0, 1)
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = np.einsum("ij,njhw->nihw", M, lin) / WHITE[None, :, None, None]
    f = np.where(xyz > EPS, np.cbrt(xyz), (KAPPA * xyz + 16) / 116)
    L = 116 * f[:, 1] - 16
    a = 500 * (f[:, 0] - f[:, 1])
    b = 200 * (f[:, 1] - f[:, 2])
    lab = np.stack([L, a, b], axis=1)
    return lab, L[:, None] / 100


def test_input():
    """1x3x4x8: named colours (row 0), a gray ramp (row 1), a deterministic pseudo-random row
    pair (rows 2-3) including out-of-range values that must be clamped."""
    named = [
        (0, 0, 0), (1, 1, 1), (1, 0, 0), (0, 1, 0),
        (0, 0, 1), (0.5, 0.5, 0.5), (1, 1, 0), (0.02, 0.03, 0.04),
    ]
    x = np.zeros((1, 3, 4, 8), dtype=np.float32)
    for i, (r, g, b) in enumerate(named):
        x[0, :, 0, i] = (r, g, b)
    x[0, :, 1, :] = np.linspace(0, 1, 8, dtype=np.float32)[None, :]
    rng = np.random.RandomState(1234)
    x[0, :, 2:, :] = rng.uniform(-0.1, 1.1, size=(3, 2, 8)).astype(np.float32)
    return x


def main():
    torch.manual_seed(0)
    model = SrgbToLab().eval()
    x = test_input()
    with torch.no_grad():
        lab_t, gray_t = model(torch.from_numpy(x))
    lab_np, gray_np = numpy_reference(x)
    err = max(np.abs(lab_t.numpy() - lab_np).max(), np.abs(gray_t.numpy() - gray_np).max())
    assert err < 1e-3, f"torch graph differs from the numpy reference by {err}"
    # Known anchors: white L*=100 a*=b*=0, black L*=0, sRGB red L*~53.24 a*~80.09 b*~67.20.
    assert abs(lab_np[0, 0, 0, 1] - 100) < 1e-3 and abs(lab_np[0, 1, 0, 1]) < 1e-2
    assert abs(lab_np[0, 0, 0, 2] - 53.2408) < 1e-2 and abs(lab_np[0, 1, 0, 2] - 80.0925) < 1e-2

    torch.onnx.export(
        model,
        torch.from_numpy(x),
        ONNX_PATH,
        input_names=["rgb"],
        output_names=["lab", "gray"],
        dynamic_axes={"rgb": {0: "N", 2: "H", 3: "W"}, "lab": {0: "N", 2: "H", 3: "W"}, "gray": {0: "N", 2: "H", 3: "W"}},
        opset_version=13,
        do_constant_folding=True,
    )
    ref = {
        "model": "srgb_to_lab.onnx",
        "input": {"name": "rgb", "dims": list(x.shape), "data": [float(v) for v in x.ravel()]},
        "outputs": {
            "lab": {"dims": list(lab_np.shape), "data": [round(float(v), 6) for v in lab_np.ravel()]},
            "gray": {"dims": list(gray_np.shape), "data": [round(float(v), 8) for v in gray_np.ravel()]},
        },
        "tolerance": {"lab": 2e-3, "gray": 2e-5},
        "generator": "models/ops/export_srgb_to_lab.py (numpy float64 reference)",
        "torch_vs_numpy_max_abs_err": float(err),
    }
    with open(REF_PATH, "w") as fh:
        json.dump(ref, fh, indent=1)
    print(f"wrote {ONNX_PATH} ({os.path.getsize(ONNX_PATH)} bytes), torch-vs-numpy max err {err:.2e}")


if __name__ == "__main__":
    main()
