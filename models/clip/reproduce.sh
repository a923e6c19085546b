#!/usr/bin/env bash
# Rebuilds Toon-CLIP from the dataset with exact step counts (the shipped chain v2 → v3 → v4 → v5,
# 565 + 228 + 485 + 5,039 = 6,317 steps), exports it to runs/repro/export (never the shipped folder)
# and compares it with the shipped toon-clip/ (compare.py: bit-exact, or val MRR@10 within ±0.05 for
# each of the 9 caption-kind × language sets). Resumable: run it again and each stage continues from
# its checkpoint (ckpt.pt every 100 steps; model, optimizer, sampler and augmentation RNG states).
# CPU: ≈ 2.5 h plus ≈ 15–60 min of panel pre-rendering.
#   bash models/clip/reproduce.sh
#   STEPS_CAP=3 bash models/clip/reproduce.sh    # smoke in runs/repro-smoke: every stage stops at ≤ 3
#                                                 # steps of its schedule, 250 panels, compare.py --smoke
# What differs from the shipped chain (CARD.md "Reproduce"): the shipped stages ran with --minutes
# budgets, so their cosine schedules followed wall time; here each stage's schedule is its step count
# (--steps N --minutes 1e9), which is what the wall-time schedule approximated at a steady step time.
# v5 starts from v4's checkpoint directly, not from an ONNX round trip (from_onnx.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${TOONSMITH_PYTHON:-/usr/bin/python3}
CAP=${STEPS_CAP:-0}
R=${REPRO_DIR:-models/clip/runs/repro$([ "$CAP" -gt 0 ] && echo -smoke)}
[ -f data/build/sprites_64.npz ] || { echo "data/build missing: run npm run data" >&2; exit 1; }
panels() { local n=$1; [ "$CAP" -gt 0 ] && n=250; echo "[reproduce] pre-rendering $n train panels"; $PY models/clip/scenes.py --count "$n"; }
stage() {  # stage <name> <steps> <args...>
  local name=$1 steps=$2 stop=$2; shift 2
  if [ "$CAP" -gt 0 ] && [ "$CAP" -lt "$stop" ]; then stop=$CAP; fi
  echo "[reproduce] $name: steps $stop of a $steps-step schedule"
  $PY models/clip/train.py --run "$R/$name" --steps "$steps" --stop-at "$stop" --minutes 1e9 "$@"
}
mkdir -p "$R"
[ -f "$R/v2/tokenizer.json" ] || $PY models/clip/train_tokenizer.py --out "$R/v2" --vocab 5000
for v in v3 v4 v5; do mkdir -p "$R/$v"; cp "$R/v2/tokenizer"*.json "$R/$v/"; done
[ -f "$R/.panels3000" ] || { panels 3000; touch "$R/.panels3000"; }
stage v2 565 --panels 0.5 --threads 1
stage v3 228 --init "$R/v2/ckpt.pt" --panels 0.35 --lr 8e-4 --seed 99 --threads 1
stage v4 485 --init "$R/v3/ckpt.pt" --panels 0.3 --lr 5e-4 --threads 2
[ -f "$R/.panels12000" ] || { panels 12000; touch "$R/.panels12000"; }
stage v5 5039 --init "$R/v4/ckpt.pt" --panels 0.35 --lr 6e-4 --seed 2026 --threads 1
$PY models/clip/export.py --run "$R/v5" --out "$R/export" --ref "$R/export/embeddings.json"
if [ "$CAP" -gt 0 ]; then
  $PY models/clip/compare.py --run "$R/v5" --n 50 --smoke
else
  $PY models/clip/compare.py --run "$R/v5"
fi
