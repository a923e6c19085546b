"""Shared helpers of the Python lane (scripts/pytest.sh): repository paths, the dataset folder,
and ONNX parity through the app's onnxruntime-web (WASM) under Node (test/py/ort_run.mjs)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
for p in (ROOT, os.path.join(ROOT, "models")):
    if p not in sys.path:
        sys.path.insert(0, p)

# The dataset the lane reads: TOONSMITH_DATA (scripts/pytest.sh builds a small one into
# .cache/pytest-data when data/build is absent) or data/build.
DATA = os.environ.get("TOONSMITH_DATA", os.path.join(ROOT, "data", "build"))


def data_env() -> dict:
    return {**os.environ, "TOONSMITH_DATA": DATA, "PYTHONHASHSEED": "0"}


@pytest.fixture(scope="session")
def data_dir() -> str:
    if not os.path.exists(os.path.join(DATA, "sprites.json")):
        pytest.fail(f"no dataset at {DATA}: run scripts/pytest.sh (builds a small one) or npm run data")
    return DATA


def run_py(args: list[str], cwd: str = ROOT, timeout: int = 120) -> str:
    """Runs a recipe script with this interpreter; fails the test with its output on error."""
    r = subprocess.run([sys.executable, *args], cwd=cwd, env=data_env(), capture_output=True, text=True,
                       timeout=timeout)
    if r.returncode != 0:
        pytest.fail(f"{' '.join(args)} exited {r.returncode}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    return r.stdout


def ort_run(model: str, inputs: dict[str, np.ndarray], work: str) -> dict[str, np.ndarray]:
    """Runs `model` on `inputs` with onnxruntime-web (WASM) in Node; returns float32 outputs."""
    os.makedirs(work, exist_ok=True)
    spec = {}
    for name, a in inputs.items():
        a = np.ascontiguousarray(a)
        dtype = {np.dtype(np.float32): "float32", np.dtype(np.int64): "int64", np.dtype(np.int32): "int32"}[a.dtype]
        fn = f"in.{name}.bin"
        a.tofile(os.path.join(work, fn))
        spec[name] = {"dtype": dtype, "dims": list(a.shape), "file": fn}
    with open(os.path.join(work, "inputs.json"), "w") as f:
        json.dump(spec, f)
    r = subprocess.run(["node", os.path.join(ROOT, "test", "py", "ort_run.mjs"), model, work], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        pytest.fail(f"onnxruntime-web failed on {model}\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    with open(os.path.join(work, "outputs.json")) as f:
        info = json.load(f)
    return {n: np.fromfile(os.path.join(work, f"out.{n}.bin"), dtype=np.float32).reshape(d["dims"])
            for n, d in info.items()}


def max_mean(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    assert a.shape == b.shape, (a.shape, b.shape)
    d = np.abs(a.astype(np.float64) - b.astype(np.float64))
    return float(d.max()), float(d.mean())
