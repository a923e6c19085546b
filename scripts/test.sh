#!/usr/bin/env bash
# All tests: type check, unit + model tests (vitest), production build, end-to-end in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/ensure-chromium.sh
npm run typecheck
node scripts/check-layers.mjs
npx vitest run
npx vite build
node scripts/check-precache.mjs
node test/e2e/run.mjs
