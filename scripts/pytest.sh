#!/usr/bin/env bash
# Python lane (issue 16): per model a training step on a tiny config, the ONNX export and an
# ONNX (onnxruntime-web, WASM, under Node) vs torch parity check, plus the dataset renderer's
# pixel reproducibility — test/py/*.py under pytest, two processes on the two cores.
#   bash scripts/pytest.sh [pytest args]      TOONSMITH_PYTHON=/path/to/python3 to use another interpreter
# Needs Debian's python3-torch (the only reason to skip: without it the lane prints why and exits 0)
# and python3-onnx python3-numpy python3-pil python3-scipy python3-pytest (models/requirements.txt).
# Dataset: data/build when `npm run data` has been run, else a small build (sprites at 64 and 128 px,
# all specs, 20 eval panels per split) made once into .cache/pytest-data; TOONSMITH_DATA=DIR overrides.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${TOONSMITH_PYTHON:-/usr/bin/python3}
APT="apt-get install -y --no-install-recommends python3-torch python3-onnx python3-numpy python3-pil python3-scipy python3-pytest"
if ! [ -x "$PY" ] || ! "$PY" -c 'import torch' >/dev/null 2>&1; then
  echo "[pytest] SKIPPED: $PY has no PyTorch (import torch failed), so the Python lane cannot run."
  echo "[pytest] To run it on Debian/Ubuntu: $APT   (see models/requirements.txt)"
  exit 0
fi
if ! missing=$("$PY" - <<'PYEOF'
import importlib.util
bad = [m for m in ("onnx", "numpy", "PIL", "scipy", "pytest") if importlib.util.find_spec(m) is None]
print(" ".join(bad))
raise SystemExit(1 if bad else 0)
PYEOF
); then
  echo "[pytest] FAILED: $PY has torch but lacks: $missing. Install: $APT" >&2
  exit 1
fi
"$PY" -c 'import torch, onnx, numpy, PIL, scipy, pytest; print("[pytest] python", __import__("sys").version.split()[0], "torch", torch.__version__, "onnx", onnx.__version__, "numpy", numpy.__version__, "PIL", PIL.__version__, "scipy", scipy.__version__, "pytest", pytest.__version__)'

if [ -n "${TOONSMITH_DATA:-}" ]; then
  [ -f "$TOONSMITH_DATA/sprites.json" ] || { echo "[pytest] TOONSMITH_DATA=$TOONSMITH_DATA has no sprites.json" >&2; exit 1; }
elif [ -f data/build/eval/val.npz ] && [ -f data/build/sprites_64.npz ] && [ -f data/build/sprites_128.npz ]; then
  export TOONSMITH_DATA="$PWD/data/build"
else
  export TOONSMITH_DATA="$PWD/.cache/pytest-data"
  if ! [ -f "$TOONSMITH_DATA/MANIFEST.json" ]; then
    echo "[pytest] no data/build: building a small dataset into .cache/pytest-data (once)"
    rm -rf "$TOONSMITH_DATA"
    TOONSMITH_PYTHON="$PY" node scripts/data/build.mjs --sizes=64,128 --eval-count=20 --out="$TOONSMITH_DATA"
  fi
fi
echo "[pytest] dataset: ${TOONSMITH_DATA#"$PWD"/}"
export PYTHONDONTWRITEBYTECODE=1 OMP_NUM_THREADS=1
start=$(date +%s)
# two groups of about equal CPU time, one per core
"$PY" -m pytest -p no:cacheprovider -q test/py/test_clip.py test/py/test_ops.py "$@" > /tmp/toonsmith-pytest-a.$$ 2>&1 &
a=$!
set +e
"$PY" -m pytest -p no:cacheprovider -q test/py/test_colorizer.py test/py/test_diffusion.py test/py/test_dataset_render.py "$@"
rb=$?
wait $a
ra=$?
set -e
cat /tmp/toonsmith-pytest-a.$$
rm -f /tmp/toonsmith-pytest-a.$$
echo "[pytest] $(( $(date +%s) - start )) s wall"
[ $ra -eq 0 ] && [ $rb -eq 0 ]
