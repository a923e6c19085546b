#!/usr/bin/env bash
# Rebuilds the sRGB → Lab / lightness graph (no training: exact formulas) into a temporary folder and
# checks it byte for byte against the shipped models/ops/srgb_to_lab.onnx and its reference JSON.
#   bash models/ops/reproduce.sh        (seconds; also checked by test/py/test_ops.py)
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${TOONSMITH_PYTHON:-/usr/bin/python3}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
$PY - "$OUT" <<'PYEOF'
import os, sys
sys.path.insert(0, "models")
import ops.export_srgb_to_lab as ops
out = sys.argv[1]
ops.ONNX_PATH = os.path.join(out, "srgb_to_lab.onnx")
ops.REF_PATH = os.path.join(out, "srgb_to_lab.reference.json")
ops.main()
PYEOF
status=0
for f in srgb_to_lab.onnx srgb_to_lab.reference.json; do
  if cmp -s "$OUT/$f" "models/ops/$f"; then echo "[reproduce] $f: bit-exact"; else echo "[reproduce] $f: DIFFERS from the shipped file" >&2; status=1; fi
done
exit $status
