"""Compact, resumable checkpoints.

Weights (model + EMA) are stored in fp16 by default (`dtype='fp32'` keeps them exact); Adam's
moments in bfloat16 (fp16 would underflow exp_avg_sq). Resuming from an fp16 checkpoint
continues from weights rounded to fp16 (relative error ≤ 2^-11): training continues, but is not
bit-identical to an uninterrupted run. Written atomically (tmp file + rename).
"""
from __future__ import annotations

import os

import torch


def _cast_sd(sd, dtype):
    return {k: (v.to(dtype) if torch.is_tensor(v) and v.is_floating_point() else v) for k, v in sd.items()}


def _cast_opt(opt_sd, dtype):
    out = {"param_groups": opt_sd["param_groups"], "state": {}}
    for k, st in opt_sd["state"].items():
        out["state"][k] = {n: (v.to(dtype) if torch.is_tensor(v) and v.is_floating_point() and v.dim() > 0 else v)
                           for n, v in st.items()}
    return out


def save(path, *, stage, step, config, model, ema, opt, extra=None, dtype="fp16"):
    wd = torch.float16 if dtype == "fp16" else torch.float32
    md = torch.bfloat16 if dtype == "fp16" else torch.float32
    blob = {
        "stage": stage, "step": step, "config": config, "dtype": dtype,
        "model": _cast_sd(model.state_dict(), wd),
        "ema": _cast_sd(ema.state_dict(), wd) if ema is not None else None,
        "opt": _cast_opt(opt.state_dict(), md) if opt is not None else None,
        "extra": extra or {},
    }
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    torch.save(blob, tmp)
    os.replace(tmp, path)
    return os.path.getsize(path)


def load(path):
    """Our own checkpoints (trusted): full unpickling, also on torch ≥ 2.6 where weights_only=True
    became the default."""
    try:
        return torch.load(path, map_location="cpu", weights_only=False)
    except TypeError:  # torch < 1.13 has no weights_only
        return torch.load(path, map_location="cpu")


def restore(blob, model, ema=None, opt=None, device="cpu"):
    model.load_state_dict({k: v.float() for k, v in blob["model"].items()})
    if ema is not None and blob.get("ema") is not None:
        ema.load_state_dict({k: v.float() for k, v in blob["ema"].items()})
    if opt is not None and blob.get("opt") is not None:
        o = blob["opt"]
        st = {k: {n: (v.float().to(device) if torch.is_tensor(v) and v.is_floating_point() and v.dim() > 0 else v)
                  for n, v in s.items()} for k, s in o["state"].items()}
        opt.load_state_dict({"param_groups": o["param_groups"], "state": st})
    return blob["step"]
