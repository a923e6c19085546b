#!/usr/bin/env bash
# Rebuilds the colorizer from the dataset with exact step counts, then compares the result with the
# shipped models/colorizer/colorizer.onnx (compare.py: bit-exact, or val chromatic ΔE within ±1.0 at
# k = 0/10/50). Resumable: run it again after an interruption and every stage continues from its
# checkpoint (runs/repro/<stage>/last.pt, written every 50 steps; a batch depends only on
# (seed, step), so a resumed stage is bit-identical to an uninterrupted one — test/py/test_colorizer.py).
# CPU, 1 thread: ≈ 4 h (5,466 steps; c1's 400 at 192 px ≈ 55 min). Never writes the shipped files.
#   bash models/colorizer/reproduce.sh
#   STEPS_CAP=3 bash models/colorizer/reproduce.sh   # smoke: every stage stops at ≤ 3 steps (same
#                                                      # schedules) in runs/repro-smoke, then compare.py --smoke
# Needs: npm run data (data/build), Debian python3-torch etc. (models/requirements.txt).
# The chain follows CARD.md's shipped chain p1 → s1 → s3 → s4 → c1 with its step counts, but with today's
# architecture in every stage (SOR propagation, hints and proposals apart, reach gate) — the
# intermediate code of s1 and s3 was never committed — and with each stage's cosine schedule run to
# its end (s3 and s4 were stopped by hand; their --steps was not recorded). See CARD.md "Reproduce".
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${TOONSMITH_PYTHON:-/usr/bin/python3}
CAP=${STEPS_CAP:-0}
R=${REPRO_DIR:-models/colorizer/runs/repro$([ "$CAP" -gt 0 ] && echo -smoke)}
[ -f data/build/sprites_128.npz ] || { echo "data/build missing: run npm run data" >&2; exit 1; }
stage() {  # stage <name> <schedule steps> <stop at> <args...>
  local name=$1 steps=$2 stop=$3; shift 3
  if [ "$CAP" -gt 0 ] && [ "$CAP" -lt "$stop" ]; then stop=$CAP; fi
  echo "[reproduce] $name: steps $stop of a $steps-step schedule"
  $PY models/colorizer/train.py --out "$R/$name" --steps "$steps" --stop-at "$stop" --ckpt-every 50 \
    --seed 1 --batch 8 --threads 1 "$@"
}
# p1: toon_source compositions + synthetic panels at 64 px; the 3,200-step schedule stopped at 3,144 (--max-minutes 62)
stage p1 3200 3144 --source mix --size 64 --lr 1e-3
# s1: the dataset's train scenes at 128 px, correction head zeroed
[ -f "$R/s1/last.pt" ] || INIT_S1="--init $R/p1/last.pt --zero-head"
stage s1 393 393 --source scenes --size 128 --lineart-p 0.15 --lr 5e-4 ${INIT_S1:-}
[ -f "$R/s3/last.pt" ] || INIT_S3="--init $R/s1/last.pt --zero-head"
stage s3 897 897 --source scenes --size 128 --lineart-p 0.15 --lr 4e-4 ${INIT_S3:-}
[ -f "$R/s4/last.pt" ] || INIT_S4="--init $R/s3/last.pt"
stage s4 632 632 --source scenes --size 128 --lineart-p 0.15 --lr 2.5e-4 ${INIT_S4:-}
# c1 (issue 13, shipped): the app's working resolution (192 px), 60 % dataset scenes + 40 % openclipart
# TRAIN drawings (strokes → line art, fills → flats), line art 30 %; a 500-step schedule whose step 400
# was chosen on val (choose_val_stop.sh). Needs the openclipart train pairs at 192 px:
[ -f data/build/openclipart/train.npz ] ||
  node scripts/data/openclipart.mjs --splits=train --max=100000 --size=192
[ -f "$R/c1/last.pt" ] || INIT_C1="--init $R/s4/last.pt"
stage c1 500 400 --source scenes_clip --size 192 --lineart-p 0.3 --lr 2.5e-4 ${INIT_C1:-}
$PY models/colorizer/export.py --ckpt "$R/c1/last.pt" --out "$R/export"
if [ "$CAP" -gt 0 ]; then
  $PY models/colorizer/compare.py --ckpt "$R/c1/last.pt" --n "${COMPARE_N:-4}" --smoke
else
  $PY models/colorizer/compare.py --ckpt "$R/c1/last.pt" --n 40
fi
