"""Reference diffusion schedulers (numpy), the training side's source of truth.

Written from the published equations, independently of src/core/diffusion/*.ts:
  * noise schedule: DDPM (Ho et al. 2020) 'linear', LDM (Rombach et al. 2022) 'scaled_linear'
  * timestep spacing 'linspace' | 'leading' | 'trailing' (Lin et al. 2023, Table 2)
  * DDIM (Song et al. 2021, eq. 12), eta = 0 unless given with noise
  * Euler-discrete in sigma space (Karras et al. 2022, Alg. 2 without churn)
  * epsilon and v-prediction (Salimans & Ho 2022)
Run as a script to write test/fixtures/diffusion/scheduler-reference.json for the TS tests.
"""
import json
import os
import sys

import numpy as np

DEFAULT_CONFIG = {
    "num_train_timesteps": 1000,
    "beta_start": 0.00085,
    "beta_end": 0.012,
    "beta_schedule": "scaled_linear",
    "prediction_type": "epsilon",
    "timestep_spacing": "leading",
    "steps_offset": 0,
    "set_alpha_to_one": False,
}


def full_config(cfg=None):
    out = dict(DEFAULT_CONFIG)
    out.update({k: v for k, v in (cfg or {}).items() if k in DEFAULT_CONFIG})
    return out


def make_betas(cfg):
    T = cfg["num_train_timesteps"]
    if cfg["beta_schedule"] == "linear":
        return np.linspace(cfg["beta_start"], cfg["beta_end"], T, dtype=np.float64)
    if cfg["beta_schedule"] == "scaled_linear":
        return np.linspace(cfg["beta_start"] ** 0.5, cfg["beta_end"] ** 0.5, T, dtype=np.float64) ** 2
    raise ValueError("unsupported beta_schedule " + str(cfg["beta_schedule"]))


def make_alphas_cumprod(cfg):
    return np.cumprod(1.0 - make_betas(cfg))


def spaced_timesteps(cfg, n, rounded=True):
    T = cfg["num_train_timesteps"]
    sp = cfg["timestep_spacing"]
    if sp == "linspace":
        ts = np.linspace(0, T - 1, n, dtype=np.float64)
        if rounded:
            ts = np.round(ts)
        return ts[::-1].copy()
    if sp == "leading":
        ratio = T // n
        return (np.arange(0, n) * ratio)[::-1].astype(np.float64) + cfg["steps_offset"]
    if sp == "trailing":
        return np.round(np.arange(T, 0, -T / n, dtype=np.float64)) - 1
    raise ValueError("unsupported timestep_spacing " + str(sp))


class DDIM:
    init_noise_sigma = 1.0

    def __init__(self, cfg=None, eta=0.0):
        self.cfg = full_config(cfg)
        self.eta = eta
        self.ac = make_alphas_cumprod(self.cfg)
        self.final_ac = 1.0 if self.cfg["set_alpha_to_one"] else self.ac[0]
        self.timesteps = np.zeros(0)

    def set_timesteps(self, n):
        self.timesteps = spaced_timesteps(self.cfg, n, True)

    def scale_model_input(self, sample, t):
        return sample

    def step(self, model_output, t, sample, noise=None):
        i = int(np.nonzero(self.timesteps == t)[0][0])
        a = self.ac[int(t)]
        a_prev = self.ac[int(self.timesteps[i + 1])] if i + 1 < len(self.timesteps) else self.final_ac
        x = sample.astype(np.float64)
        m = model_output.astype(np.float64)
        if self.cfg["prediction_type"] == "v_prediction":
            x0 = np.sqrt(a) * x - np.sqrt(1 - a) * m
            eps = np.sqrt(a) * m + np.sqrt(1 - a) * x
        else:
            x0 = (x - np.sqrt(1 - a) * m) / np.sqrt(a)
            eps = m
        var = (1 - a_prev) / (1 - a) * (1 - a / a_prev)
        sigma = self.eta * np.sqrt(max(var, 0.0))
        prev = np.sqrt(a_prev) * x0 + np.sqrt(max(1 - a_prev - sigma ** 2, 0.0)) * eps
        if sigma > 0:
            prev = prev + sigma * noise.astype(np.float64)
        return prev.astype(np.float32)

    def add_noise(self, original, noise, t):
        a = self.ac[int(t)]
        return (np.sqrt(a) * original.astype(np.float64) + np.sqrt(1 - a) * noise.astype(np.float64)).astype(np.float32)


class EulerDiscrete:
    def __init__(self, cfg=None):
        self.cfg = full_config(cfg)
        self.ac = make_alphas_cumprod(self.cfg)
        self.train_sigmas = np.sqrt((1 - self.ac) / self.ac)
        self.timesteps = np.zeros(0)
        self.sigmas = np.zeros(1)
        self.init_noise_sigma = 1.0

    def sigma_at(self, t):
        return float(np.interp(t, np.arange(len(self.train_sigmas)), self.train_sigmas))

    def set_timesteps(self, n):
        self.timesteps = spaced_timesteps(self.cfg, n, False)
        s = np.interp(self.timesteps, np.arange(len(self.train_sigmas)), self.train_sigmas)
        self.sigmas = np.concatenate([s, [0.0]])
        smax = float(self.sigmas.max())
        self.init_noise_sigma = float(np.sqrt(smax ** 2 + 1)) if self.cfg["timestep_spacing"] == "leading" else smax

    def _index(self, t):
        return int(np.nonzero(self.timesteps == t)[0][0])

    def scale_model_input(self, sample, t):
        s = self.sigmas[self._index(t)]
        return (sample.astype(np.float64) / np.sqrt(s ** 2 + 1)).astype(np.float32)

    def step(self, model_output, t, sample):
        i = self._index(t)
        s, s_next = self.sigmas[i], self.sigmas[i + 1]
        x = sample.astype(np.float64)
        m = model_output.astype(np.float64)
        if self.cfg["prediction_type"] == "v_prediction":
            x0 = m * (-s / np.sqrt(s ** 2 + 1)) + x / (s ** 2 + 1)
        else:
            x0 = x - s * m
        d = (x - x0) / s
        return (x + d * (s_next - s)).astype(np.float32)

    def add_noise(self, original, noise, t):
        hits = np.nonzero(self.timesteps == t)[0]
        s = self.sigmas[int(hits[0])] if len(hits) else self.sigma_at(t)
        return (original.astype(np.float64) + s * noise.astype(np.float64)).astype(np.float32)


def img2img_timesteps(timesteps, strength):
    n = len(timesteps)
    init = min(int(n * strength), n)
    return timesteps[max(n - init, 0):]


def make_scheduler(kind, cfg=None):
    return DDIM(cfg) if kind == "ddim" else EulerDiscrete(cfg)


# ---------------------------------------------------------------- reference fixture writer

def _case(kind, cfg, n, seed):
    sys.path.insert(0, os.path.dirname(__file__))
    from rng import gaussian_noise

    sch = make_scheduler(kind, cfg)
    sch.set_timesteps(n)
    size = 8
    x = gaussian_noise(seed, (size,)) * np.float32(sch.init_noise_sigma)
    steps = []
    for k, t in enumerate(sch.timesteps[: min(3, n)]):
        model_in = sch.scale_model_input(x, t)
        eps = gaussian_noise(seed + 1000 + k, (size,))
        x_next = sch.step(eps, t, x)
        steps.append({"t": float(t), "sample": x.tolist(), "model_input": model_in.tolist(),
                      "model_output": eps.tolist(), "prev_sample": x_next.tolist()})
        x = x_next
    x0 = gaussian_noise(seed + 7, (size,))
    noise = gaussian_noise(seed + 8, (size,))
    t_add = sch.timesteps[len(sch.timesteps) // 2]
    out = {
        "kind": kind, "config": full_config(cfg), "steps": n, "seed": seed,
        "timesteps": sch.timesteps.tolist(),
        "init_noise_sigma": float(sch.init_noise_sigma),
        "step_cases": steps,
        "add_noise": {"t": float(t_add), "original": x0.tolist(), "noise": noise.tolist(),
                      "noisy": sch.add_noise(x0, noise, t_add).tolist()},
        "img2img_timesteps_0.6": img2img_timesteps(sch.timesteps, 0.6).tolist(),
    }
    if kind == "euler":
        out["sigmas"] = sch.sigmas.tolist()
    return out


def write_reference(path):
    sys.path.insert(0, os.path.dirname(__file__))
    from rng import SeededRandom, gaussian_noise

    base = full_config()
    cases = []
    seed = 11
    for kind in ("ddim", "euler"):
        for schedule in ("scaled_linear", "linear"):
            for pred in ("epsilon", "v_prediction"):
                for spacing in ("leading", "trailing", "linspace"):
                    for n in (1, 4, 7, 50):
                        cfg = dict(base, beta_schedule=schedule, prediction_type=pred, timestep_spacing=spacing,
                                   steps_offset=1 if (spacing == "leading" and n == 7) else 0,
                                   set_alpha_to_one=(n == 4))
                        cases.append(_case(kind, cfg, n, seed))
                        seed += 1
    ac = make_alphas_cumprod(base)
    ac_lin = make_alphas_cumprod(dict(base, beta_schedule="linear"))
    r = SeededRandom(42)
    rng_ref = {"seed": 42, "uint32": [r.next_uint32() for _ in range(8)],
               "normal_seed_7": gaussian_noise(7, (9,)).tolist(),
               "normal_seed_4294967295": gaussian_noise(4294967295, (4,)).tolist()}
    ref = {
        "note": "Written by models/diffusion/schedulers.py (numpy float64 maths, float32 tensors).",
        "alphas_cumprod_scaled_linear": {str(i): float(ac[i]) for i in (0, 1, 250, 500, 998, 999)},
        "alphas_cumprod_linear": {str(i): float(ac_lin[i]) for i in (0, 1, 250, 500, 998, 999)},
        "euler_train_sigmas_scaled_linear": {str(i): float(np.sqrt((1 - ac[i]) / ac[i])) for i in (0, 500, 999)},
        "rng": rng_ref,
        "cases": cases,
    }
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(ref, f)
    return len(cases)


if __name__ == "__main__":
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    p = os.path.join(root, "test", "fixtures", "diffusion", "scheduler-reference.json")
    print("wrote", write_reference(p), "cases to", p)
