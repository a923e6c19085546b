#!/usr/bin/env bash
# Full training on one GPU (planned for an H100 session; NOT run yet — numbers in CARD.md are
# from the CPU smoke). Budget ≈ 25 min of device time: cache ~1 min, VAE 6 min, UNet 15 min,
# export ~1 min. Every stage stops by --max-minutes and checkpoints; rerun with --resume to go on.
# Needs on the machine: data/build (carry it: ~30 MB) and the CLIP run folder (ckpt.pt + tokenizer.json).
#   bash models/diffusion/gpu.sh models/clip/runs/<run>/ckpt.pt [run_dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIP_CKPT=${1:?usage: gpu.sh <clip ckpt.pt> [run_dir]}
RUN=${2:-models/diffusion/runs/gpu1}
PY=${PY:-python3}
COMMON="--run $RUN --device cuda --threads 8 --data cached --ckpt-every 2000 --log-every 100"
$PY models/diffusion/train.py vae  $COMMON --batch 128 --lr 4e-4 --warmup 500  --steps 20000 --max-minutes 6
$PY models/diffusion/train.py unet $COMMON --batch 256 --lr 3e-4 --warmup 1000 --steps 100000 --max-minutes 15 --amp \
    --text toon-clip --clip-ckpt "$CLIP_CKPT"
$PY models/diffusion/export.py --run "$RUN" --out models/diffusion/toon-diffusion --reference test/fixtures/diffusion/toon-diffusion
