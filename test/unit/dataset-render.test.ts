// Renderer reproducibility: Python re-renders the committed fixture panels and a sample of each
// eval set from their specs; pixels must be identical. Needs data/build (npm run data) and
// /usr/bin/python3 with numpy + PIL, else skipped (the TS-side checks in dataset.test.ts still run).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const PY = process.env.TOONSMITH_PYTHON ?? '/usr/bin/python3';
const ready =
  fs.existsSync(path.join(ROOT, 'data/build/eval/val.npz')) &&
  spawnSync(PY, ['-c', 'import numpy, PIL'], { encoding: 'utf8' }).status === 0;

describe('renderer reproducibility', () => {
  it.skipIf(!ready)(
    're-renders fixture panels and eval samples to identical pixels',
    () => {
      const r = spawnSync(PY, [path.join(ROOT, 'scripts/data/check_render.py')], { encoding: 'utf8', cwd: ROOT });
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { checked: number; mismatches: string[] };
      expect(out.mismatches).toEqual([]);
      expect(out.checked).toBe(24 * 4 + 3 * 10 * 4);
      expect(r.status).toBe(0);
    },
    120_000,
  );
});
