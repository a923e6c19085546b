"""The generation pipeline on the training side (torch fp32), step for step the same procedure
as workers/diffusion/pipeline.ts, so ONNX-in-the-browser outputs can be checked against it:

  txt2img: z = N(seed) · init_noise_sigma, walk all timesteps
  img2img: z0 = vae_encoder(image)·scaling_factor; walk img2img_timesteps(strength);
           z = add_noise(z0, N(seed), first timestep)
  image prompt (UNets with image_tokens): tokens = image_proj(vae_encoder(reference)) appended to
           the conditional context, zeros to the unconditional one (and to both without a reference)
  each t:  x = scale_model_input(z, t); guidance g ≠ 1 → one UNet call on the batch
           [uncond, cond]: out = u + g·(c − u); z = step(out, t, z)
  image  = clamp(vae_decoder(z / scaling_factor), −1, 1)
Noise: models/diffusion/rng.py (same stream as src/core/diffusion/rng.ts).
"""
from __future__ import annotations

import numpy as np
import torch

from rng import gaussian_noise
from schedulers import img2img_timesteps, make_scheduler


@torch.no_grad()
def generate(unet, vae, sched_cfg, kind, steps, guidance, seed, ctx_cond, ctx_uncond, scaling_factor,
             latent_shape, init_image=None, strength=1.0, trace=None, image_prompt=None):
    if getattr(unet, "image_proj", None) is not None:
        ref = None
        if image_prompt is not None:
            ref, _ = vae.encode(torch.from_numpy(np.asarray(image_prompt)[None]).float())
        ctx_cond, ctx_uncond = unet.context(ctx_cond, ref), unet.context(ctx_uncond)
    elif image_prompt is not None:
        raise ValueError("this model has no image prompt")
    sch = make_scheduler(kind, sched_cfg)
    sch.set_timesteps(steps)
    noise = gaussian_noise(seed, (1,) + tuple(latent_shape))
    if init_image is not None:
        m, _ = vae.encode(torch.from_numpy(init_image[None]).float())
        z0 = m.numpy().astype(np.float32) * np.float32(scaling_factor)
        ts = img2img_timesteps(sch.timesteps, strength)
        z = sch.add_noise(z0, noise, ts[0]) if len(ts) else z0
    else:
        ts = sch.timesteps
        z = (noise.astype(np.float64) * sch.init_noise_sigma).astype(np.float32)
    for t in ts:
        x = sch.scale_model_input(z, t)
        if guidance != 1.0:
            inp = torch.from_numpy(np.concatenate([x, x]))
            tt = torch.full((2,), float(t), dtype=torch.float32)
            out = unet(inp, tt, torch.cat([ctx_uncond, ctx_cond])).numpy()
            u, c = out[:1], out[1:]
            out = u + np.float32(guidance) * (c - u)
        else:
            out = unet(torch.from_numpy(x), torch.full((1,), float(t)), ctx_cond).numpy()
        z = sch.step(out, t, z)
        if trace is not None:
            trace.append(z.copy())
    img = vae.decode(torch.from_numpy(z / np.float32(scaling_factor)).float()).clamp(-1, 1)
    return img.numpy()[0]
