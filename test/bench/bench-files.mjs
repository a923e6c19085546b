/**
 * Files the restore and References benches build in Node (no app code): small real PNGs, a v3
 * backup of N panels, and ZIPs whose headers say what we want (the bombs reuse one deflated body
 * under many names, so a 6 MB file can declare 6 GiB).
 */
import crypto from 'node:crypto';
import { deflateSync, strToU8, zipSync, zlibSync } from 'fflate';

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
export function crc32(b) {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = CRC[(c ^ b[i]) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  out.set(
    [...type].map((c) => c.charCodeAt(0)),
    4,
  );
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A real RGB PNG of w×h: a gradient that depends on `seed`. */
export function png(seed, w, h) {
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, w);
  dv.setUint32(4, h);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const stride = 1 + w * 3;
  const raw = new Uint8Array(h * stride);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      raw.set([(x + seed * 7) & 255, (y * 3 + seed) & 255, (seed * 31) & 255], y * stride + 1 + x * 3);
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlibSync(raw)),
    chunk('IEND', new Uint8Array()),
  ];
  return Buffer.concat(parts);
}

const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');

/** A Toonsmith v3 backup of one project with `n` panels of w×h (the reader's format, src/core/backup/format.ts). */
export function backupOf(n, w, h) {
  const files = {};
  const pid = 'bench-project';
  const panels = [];
  const blobs = [];
  for (let i = 0; i < n; i++) {
    const bytes = png(i, w, h);
    const id = `b${i}`;
    files[`blobs/${id}`] = bytes;
    blobs.push({ id, type: 'image/png', size: bytes.length, sha256: sha(bytes), createdAt: 1, path: `blobs/${id}` });
    panels.push({
      id: `p${i}`,
      projectId: pid,
      width: w,
      height: h,
      sourceName: `${i}.png`,
      originalBlobId: id,
      createdAt: 1,
    });
  }
  const manifest = {
    format: 'toonsmith-backup',
    version: 3,
    createdAt: 1,
    project: { id: pid, name: `Bench ${n} panels`, panelIds: panels.map((p) => p.id), createdAt: 1, updatedAt: 1 },
    panels,
    hints: [],
    palettes: [],
    story: null,
    characters: [],
    library: { references: [], vectors: [], tagLabels: [] },
    blobs,
  };
  files['manifest.json'] = strToU8(JSON.stringify(manifest));
  return Buffer.from(zipSync(files, { level: 0 }));
}

/** A ZIP from [{ name, body (stored or deflated bytes), method, size (declared), crc }]. */
export function rawZip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30 + name.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.body.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    name.copy(local, 30);
    const central = Buffer.alloc(46 + name.length);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(e.body.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    name.copy(central, 46);
    locals.push(local, e.body);
    centrals.push(central);
    offset += local.length + e.body.length;
  }
  const dir = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(dir.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, eocd]);
}

/**
 * The bomb: a valid small backup plus `count` unnamed entries of `mib` MiB of zeros each
 * (one deflated body, ~1000:1, reused), so the file is a few MB and declares count × mib MiB.
 */
export function bombOf(count, mib) {
  const zeros = new Uint8Array(mib * 1024 * 1024);
  const body = Buffer.from(deflateSync(zeros, { level: 9 }));
  const crc = crc32(zeros);
  const bytes = png(1, 64, 64);
  const m = {
    format: 'toonsmith-backup',
    version: 3,
    createdAt: 1,
    project: { id: 'p', name: 'Bomb', panelIds: ['x'], createdAt: 1, updatedAt: 1 },
    panels: [
      { id: 'x', projectId: 'p', width: 64, height: 64, sourceName: 'x.png', originalBlobId: 'b', createdAt: 1 },
    ],
    hints: [],
    palettes: [],
    story: null,
    characters: [],
    blobs: [{ id: 'b', type: 'image/png', size: bytes.length, sha256: sha(bytes), createdAt: 1, path: 'blobs/b' }],
  };
  const man = Buffer.from(JSON.stringify(m));
  const entries = [
    { name: 'manifest.json', body: man, method: 0, size: man.length, crc: crc32(man) },
    { name: 'blobs/b', body: bytes, method: 0, size: bytes.length, crc: crc32(bytes) },
  ];
  for (let i = 0; i < count; i++) entries.push({ name: `junk/${i}.bin`, body, method: 8, size: zeros.length, crc });
  return rawZip(entries);
}

/**
 * Runs in the page (page.evaluateHandle(makePanel, [size, name])): a DataTransfer holding an n×n
 * grayscale panel (9 shaded, outlined ellipses) as a PNG file, for dropping on Colorize.
 */
export function makePanel([n, name]) {
  return (async () => {
    const c = new OffscreenCanvas(n, n);
    const g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, n, n);
    g.lineWidth = Math.max(2, n / 200);
    for (let i = 0; i < 9; i++) {
      g.fillStyle = `rgb(${120 + i * 12},${120 + i * 12},${120 + i * 12})`;
      g.beginPath();
      g.ellipse(((i % 3) + 0.5) * (n / 3), (Math.floor(i / 3) + 0.5) * (n / 3), n / 8, n / 10, 0, 0, Math.PI * 2);
      g.fill();
      g.stroke();
    }
    const blob = await c.convertToBlob({ type: 'image/png' });
    const d = new DataTransfer();
    d.items.add(new File([blob], name, { type: 'image/png' }));
    return d;
  })();
}
