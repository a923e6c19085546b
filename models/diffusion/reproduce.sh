#!/usr/bin/env bash
# Rebuilds the shipped Toon-Diffusion ip2 from the dataset with exact step counts — run cpu1: VAE
# 1,164 steps + UNet 3,537 steps (both stopped by --max-minutes in the shipped run: the learning rate
# is warm-up then constant, so --steps N gives the same schedule); run ip2: 4,000 UNet steps with the
# 16-token image prompt from cpu1's EMA UNet (the shipped run was stopped at its step-4,000 checkpoint)
# — then exports to runs/repro/ip2-export (never the shipped folder) and compares with the shipped
# references (compare.py: bit-exact or max |Δ| ≤ 0.01 per part). Resumable (--resume: each stage
# continues from <run>/<stage>.pt, checkpoints every 500 steps; deterministic in (seed, step)).
# Text conditioning: the shipped Toon-CLIP text tower (models/clip/toon-clip, rebuilt by
# models/clip/from_onnx.py), as in the shipped run — rebuild Toon-CLIP first (models/clip/reproduce.sh)
# only if you also mean to change it. CPU: ≈ 2 h (VAE and cpu1 UNet 1 thread, ip2 2 threads, as shipped).
#   bash models/diffusion/reproduce.sh
#   STEPS_CAP=3 bash models/diffusion/reproduce.sh   # smoke in runs/repro-smoke: every stage ≤ 3 steps,
#                                                     # panel cache of 64 panels, compare.py --smoke
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${TOONSMITH_PYTHON:-/usr/bin/python3}
CAP=${STEPS_CAP:-0}
R=${REPRO_DIR:-models/diffusion/runs/repro$([ "$CAP" -gt 0 ] && echo -smoke)}
[ -f data/build/sprites_128.npz ] || { echo "data/build missing: run npm run data" >&2; exit 1; }
cap() { if [ "$CAP" -gt 0 ] && [ "$CAP" -lt "$1" ]; then echo "$CAP"; else echo "$1"; fi; }
CLIP="$R/clip-v5"
[ -f "$CLIP/init.pt" ] || $PY models/clip/from_onnx.py --src models/clip/toon-clip --out "$CLIP"
LIMIT=()
[ "$CAP" -gt 0 ] && LIMIT=(--cache-limit 64)
COMMON=(--data cached --resume --log-every 50 "${LIMIT[@]}")
UNET=(--unet-channels 32,64,80 --attn-levels 1,2 --heads 4 --drop-caption 0.1 --text toon-clip
      --clip-dir models/clip/toon-clip --clip-ckpt "$CLIP/init.pt")
echo "[reproduce] cpu1 VAE: $(cap 1164) steps"
$PY models/diffusion/train.py vae --run "$R/cpu1" "${COMMON[@]}" --threads 1 --batch 16 --lr 1e-3 --warmup 100 \
  --vae-channels 32,64,64 --steps "$(cap 1164)" --ckpt-every 500
echo "[reproduce] cpu1 UNet: $(cap 3537) steps"
$PY models/diffusion/train.py unet --run "$R/cpu1" "${COMMON[@]}" --threads 1 --batch 32 --lr 5e-4 --warmup 300 \
  "${UNET[@]}" --steps "$(cap 3537)" --ckpt-every 500
mkdir -p "$R/ip2"
[ -f "$R/ip2/vae.pt" ] || cp "$R/cpu1/vae.pt" "$R/ip2/"
echo "[reproduce] ip2 UNet + image prompt: $(cap 4000) steps"
$PY models/diffusion/train.py unet --run "$R/ip2" "${COMMON[@]}" --threads 2 --batch 32 --lr 3e-4 --warmup 100 \
  "${UNET[@]}" --image-tokens 16 --image-lr-mult 5 --init "$R/cpu1/unet.pt" --steps "$(cap 4000)" --ckpt-every 500
$PY models/diffusion/export.py --run "$R/ip2" --out "$R/ip2-export" --reference "$R/ip2-reference"
if [ "$CAP" -gt 0 ]; then
  $PY models/diffusion/compare.py --run "$R/ip2" --smoke
else
  $PY models/diffusion/compare.py --run "$R/ip2"
fi
