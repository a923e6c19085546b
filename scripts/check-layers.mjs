#!/usr/bin/env node
/**
 * Layer rules, checked on every import in src/ and workers/ (runs in `npm test`; exit 1 on a
 * violation). Rules (see README "Layout"):
 *  1. src/features/<a>/ never imports src/features/<b>/ (features never import each other).
 *  2. src/core/ imports only src/core/ (pure: no store, no bridge, no app, no features, no DOM libs);
 *     type-only imports of store record types are allowed (erased at build time).
 *  3. workers/ import only workers/, src/core/ and src/store/ (all DOM-free; a worker may own a
 *     store's records, as the vectors worker does) — never app, features or bridge; type-only
 *     imports (erased at build time) may name anything.
 *  4. src/store/ never imports src/features/, src/app/ or src/bridge/.
 *  5. Only src/store/ (and workers/runtime/user-force.ts, which reads one setting read-only) may
 *     open IndexedDB: `indexedDB.open` / `openDB(` elsewhere is a violation.
 *  6. src/app/ never imports src/features/ (except routes.ts's import.meta.glob of route files).
 *  7. Outside src/store/, nothing reads the `currentProjectId` setting by its key: the current
 *     project comes from src/store/projects.ts (`ensureCurrentProject`, `currentProjectId`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = [];
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.(ts|mts)$/.test(e.name) && !e.name.endsWith('.d.ts')) files.push(p);
  }
};
walk(path.join(root, 'src'));
walk(path.join(root, 'workers'));

const rel = (p) => path.relative(root, p).split(path.sep).join('/');
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url|(?:^|[\s;])import\s*['"]([^'"]+)['"]/g;

const violations = [];
for (const file of files) {
  const from = rel(file);
  const text = fs.readFileSync(file, 'utf8');
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const feature = /^src\/features\/([^/]+)\//.exec(from)?.[1];
  for (const m of code.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (!spec.startsWith('.')) continue;
    // Type-only imports are erased at build time: a worker may share a record type with the store.
    const typeOnly = /^\s*(?:import|export)\s+type\s/.test(m[0]);
    const to = rel(path.resolve(path.dirname(file), spec));
    const toFeature = /^src\/features\/([^/]+)/.exec(to)?.[1];
    const bad = (rule) => {
      violations.push(`${from} → ${to}: ${rule}`);
    };
    if (feature && toFeature && toFeature !== feature) bad('features never import each other');
    if (from.startsWith('src/core/') && !typeOnly && !to.startsWith('src/core/')) bad('src/core imports only src/core');
    if (from.startsWith('workers/') && !typeOnly && !/^(workers|src\/core|src\/store)\//.test(to))
      bad('workers import only workers, src/core and src/store');
    if (from.startsWith('src/store/') && /^src\/(features|app|bridge)\//.test(to))
      bad('the store does not import features, app or bridge');
    if (from.startsWith('src/app/') && to.startsWith('src/features/')) bad('the shell does not import features');
  }
  if (from.startsWith('src/') && !from.startsWith('src/store/') && /['"]currentProjectId['"]/.test(code))
    violations.push(`${from}: reads the currentProjectId setting directly (use src/store/projects.ts)`);
  if (
    !from.startsWith('src/store/') &&
    from !== 'workers/runtime/user-force.ts' &&
    /\bindexedDB\.open\(|\bopenDB\(/.test(code)
  )
    violations.push(`${from}: opens IndexedDB outside src/store`);
}

if (violations.length) {
  console.error(`Layer rules: ${violations.length} violation(s)\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log(`Layer rules: ${files.length} files, no violations`);
