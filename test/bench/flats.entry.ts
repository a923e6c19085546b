/**
 * Bench entry (bundled into <dist>/__bench_flats/flats.js): flats in the app's own built colorize
 * worker on a 1024² line-art panel — region model build, hint re-apply (flat fill + composite, no
 * network), competing hints dividing the background — against today's full network run (WASM) on the same panel, in one page.
 */
import { wrap } from 'comlink';
import type { ColorizeApi } from '../../workers/colorize.worker';
import type { Hint } from '../../src/core/color/hints';

function panel(n: number) {
  const c = new OffscreenCanvas(n, n);
  const g = c.getContext('2d') as OffscreenCanvasRenderingContext2D;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, n, n);
  g.strokeStyle = '#000';
  g.lineWidth = Math.max(2, n / 256);
  for (let i = 0; i < 16; i++) {
    g.beginPath();
    g.ellipse(((i % 4) + 0.5) * (n / 4), (Math.floor(i / 4) + 0.5) * (n / 4), n / 10, n / 12, i / 5, 0, Math.PI * 2);
    g.stroke();
  }
  const d = g.getImageData(0, 0, n, n).data;
  return { width: n, height: n, data: new Uint8ClampedArray(d.buffer) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function flatsBench(workerUrl: string, n: number, reps = 5) {
  const worker = new Worker(workerUrl, { type: 'module' });
  const api = wrap<ColorizeApi>(worker);
  const pixels = panel(n);
  const hint = (i: number): Hint => ({
    kind: 'point',
    x: ((i % 4) + 0.5) * (n / 4),
    y: (Math.floor(i / 4) + 0.5) * (n / 4),
    rgb: [(i * 50) % 256, 120, 200],
    radius: 1,
  });
  try {
    const build: number[] = [];
    let regions = 0;
    for (let r = 0; r < reps; r++) {
      const x = await api.flatsTiming({ key: `bench-${r}`, pixels, hints: [], gap: 3 });
      if ('ok' in x && x.ok) {
        build.push(x.ms.regions);
        regions = x.regions;
      }
    }
    const reapply: number[] = [];
    const roundTrip: number[] = [];
    for (let r = 0; r < reps * 2; r++) {
      const hints = Array.from({ length: 1 + (r % 16) }, (_, i) => hint(i));
      const t0 = performance.now();
      const x = await api.flatsTiming({ key: `bench-${reps - 1}`, pixels, hints, gap: 3 });
      roundTrip.push(performance.now() - t0);
      if ('ok' in x && x.ok) {
        if (x.built) throw new Error('re-apply rebuilt the region model');
        reapply.push(x.ms.fill + x.ms.composite);
      }
    }
    // competing hints: two colours in the background region (most of the panel) → a watershed of it
    const compete: number[] = [];
    for (let r = 0; r < reps; r++) {
      const corner = (x: number, y: number, rgb: [number, number, number]): Hint => ({
        kind: 'point',
        x,
        y,
        rgb,
        radius: 2,
      });
      const hints = [
        corner(4, 4, [200, 40, 40]),
        corner(n - 5, n - 5, [40, 40, 200]),
        ...Array.from({ length: r }, (_, i) => hint(i)),
      ];
      const x = await api.flatsTiming({ key: `bench-${reps - 1}`, pixels, hints, gap: 3 });
      if ('ok' in x && x.ok) {
        if (x.divided < 1) throw new Error('competing hints did not divide the background');
        compete.push(x.ms.fill + x.ms.composite);
      }
    }
    const net: number[] = [];
    let backend = '';
    await api.colorizePixels(pixels, { hints: [hint(0)], backend: 'wasm' }); // session create
    for (let r = 0; r < 3; r++) {
      const x = await api.colorizePixels(pixels, { hints: [hint(0), hint(r + 1)], backend: 'wasm' });
      if ('ok' in x && x.ok) {
        net.push(x.modelMs);
        backend = x.backend;
      }
    }
    return {
      regions,
      buildMs: median(build),
      reapplyMs: median(reapply),
      reapplyRoundTripMs: median(roundTrip),
      competeMs: median(compete),
      netMs: median(net),
      backend,
    };
  } finally {
    worker.terminate();
  }
}
