#!/usr/bin/env node
/**
 * Benchmarks (`npm run bench`): builds the app (`vite build`, skip with --no-build), serves dist/
 * (or TOON_DIST)
 * and runs every test/bench/*.bench.mjs (argv filters by file name like the e2e runner).
 *
 * A bench file: `export default async function (ctx) { return rows }`, with
 *   ctx  = { browser, baseURL, newContext(opts?), log, fixturesDir, root, distDir (served build) } (as in e2e; requests
 *          leaving the origin are reported as an error),
 *   rows = [{ name, value, unit, baseline?: true | string, note? }].
 * Ratios: in each file, a row marked `baseline: true` is the reference for rows of the same unit
 * that do not name another; `baseline: 'row name'` compares a row with that row. ratio = value /
 * baseline value (so > 1 means larger — slower for times). Never asserts wall-clock limits.
 * Prints one table; writes test-results/bench.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { root, distDir, assertBuilt, startPreview, launchBrowser, contextFactory } from '../e2e/harness.mjs';

const here = path.join(root, 'test/bench');

function ratios(rows) {
  const byName = new Map(rows.map((r) => [r.name, r]));
  const defaults = new Map(rows.filter((r) => r.baseline === true).map((r) => [r.unit, r]));
  return rows.map((r) => {
    const base = typeof r.baseline === 'string' ? byName.get(r.baseline) : defaults.get(r.unit);
    const ratio = base && base.value !== 0 && base.unit === r.unit ? r.value / base.value : undefined;
    return { ...r, ratio, baselineName: base?.name };
  });
}

function fmt(v) {
  if (v === undefined || Number.isNaN(v)) return '';
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

async function main() {
  const args = process.argv.slice(2);
  const filters = args.filter((a) => !a.startsWith('--'));
  if (!args.includes('--no-build')) {
    console.log('building (vite build)…');
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--outDir', distDir],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
  }
  assertBuilt();
  const files = fs
    .readdirSync(here)
    .filter((f) => f.endsWith('.bench.mjs'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  const server = await startPreview();
  const browser = await launchBrowser();
  const all = [];
  let errors = 0;
  try {
    for (const file of files) {
      const name = file.replace(/\.bench\.mjs$/, '');
      const rec = contextFactory(browser, server.baseURL);
      const ctx = {
        browser,
        baseURL: server.baseURL,
        newContext: rec.newContext,
        fixturesDir: path.join(root, 'test/fixtures'),
        root,
        distDir,
        log: (...a) => console.log(`    [${name}]`, ...a),
      };
      try {
        const mod = await import(path.join(here, file));
        const rows = await mod.default(ctx);
        if (rec.offOrigin.length) throw new Error(`requests left the origin: ${rec.offOrigin.join(', ')}`);
        for (const r of ratios(rows)) all.push({ bench: name, ...r });
      } catch (e) {
        errors++;
        console.log(`✗ ${name}: ${e?.stack || e}`);
      } finally {
        await rec.closeAll();
      }
    }
  } finally {
    await browser.close().catch(() => {});
    server.stop();
  }
  const header = ['bench', 'name', 'value', 'unit', 'ratio', 'vs'];
  const table = all.map((r) => [
    r.bench,
    r.name,
    fmt(r.value),
    r.unit,
    r.ratio === undefined ? '' : `${fmt(r.ratio)}×`,
    r.ratio === undefined ? '' : r.baselineName,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => String(row[i]).length)));
  const line = (row) =>
    row.map((c, i) => (i === 2 || i === 4 ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ');
  console.log('\n' + line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));
  for (const r of all.filter((x) => x.note)) console.log(`  note (${r.name}): ${r.note}`);
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'test-results/bench.json'),
    JSON.stringify({ at: new Date().toISOString(), rows: all }, null, 2),
  );
  return errors ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
