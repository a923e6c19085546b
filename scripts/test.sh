#!/usr/bin/env bash
# All tests: type check, lint (ESLint + Prettier), unit + model tests (vitest), the Python lane (pytest: train step, export, ONNX vs torch per model), production build, end-to-end in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/ensure-chromium.sh
bash scripts/ensure-python.sh
npm run typecheck
npm run lint
node scripts/check-layers.mjs
npx vitest run
bash scripts/pytest.sh
npx vite build
node scripts/check-precache.mjs
node test/e2e/run.mjs
