#!/usr/bin/env bash
# One-time set-up on a fresh machine: npm packages (skipping onnxruntime-node's binary download).
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
