#!/usr/bin/env bash
# CPU smoke run (≤ ~10 min wall, nice'd, 1 thread): VAE → UNet (stopped by time) → UNet resumed
# → ONNX export + fp16/int8 variants + reference outputs for the model tests.
# Proves the mechanics end to end; the resulting model is far from trained (see CARD.md).
#   bash models/diffusion/smoke.sh [run_dir] [export_dir] [reference_dir] [text: none|toon-clip] [clip_ckpt]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUN=${1:-models/diffusion/runs/smoke}
OUT=${2:-test/fixtures/diffusion/smoke-model}
REF=${3:-test/fixtures/diffusion/smoke}
TEXT=${4:-none}
CLIP_CKPT=${5:-}
PY="nice -n 19 /usr/bin/python3"
SMALL="--unet-channels 32,64,64 --attn-levels 1,2 --batch 16 --lr 5e-4 --log-every 10 --ckpt-every 100000"
rm -rf "$RUN"
$PY models/diffusion/train.py vae --run "$RUN" --steps 100000 --max-minutes 4 --batch 16 --lr 1e-3 \
  --vae-channels 32,64,64 --log-every 10 --ckpt-every 100000
$PY models/diffusion/train.py unet --run "$RUN" --steps 100000 --max-minutes 2.5 $SMALL --text "$TEXT" --clip-ckpt "$CLIP_CKPT"
$PY models/diffusion/train.py unet --run "$RUN" --steps 100000 --max-minutes 2.5 $SMALL --text "$TEXT" --clip-ckpt "$CLIP_CKPT" --resume
$PY models/diffusion/export.py --run "$RUN" --out "$OUT" --reference "$REF"
