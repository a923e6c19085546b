import { describe, expect, it } from 'vitest';
import { detectGutters } from '../../src/core/strip/gutters';
import { segmentsFromCuts } from '../../src/core/strip/cuts';
import { synthStrip, type SynthPanel } from './strip-synth';

const W = 400;

function expectNear(actual: number[], expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i])).toBeLessThanOrEqual(tol));
}

function mids(panels: SynthPanel[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < panels.length; i++) out.push((panels[i].bottom + panels[i + 1].top) >> 1);
  return out;
}

describe('detectGutters', () => {
  const panels: SynthPanel[] = [
    { top: 100, bottom: 700 },
    { top: 800, bottom: 1500 },
    { top: 1560, bottom: 2400 },
    { top: 2500, bottom: 2900 },
  ];
  const H = 3000;

  it('finds exact cut rows and panel ranges on a clean white strip', () => {
    const data = synthStrip({ width: W, height: H, panels });
    const r = detectGutters(data, W, H);
    expect(r.background).toEqual([255, 255, 255]);
    expect(r.cuts).toEqual(mids(panels));
    expect(r.panels).toEqual(panels.map((p) => ({ top: p.top, bottom: p.bottom })));
    expect(r.gutters[0]).toEqual({ top: 0, bottom: 100 });
    expect(r.gutters.at(-1)).toEqual({ top: 2900, bottom: 3000 });
  });

  it('tolerates noise (JPEG-like artifacts) within a couple of rows', () => {
    const data = synthStrip({ width: W, height: H, panels, noise: 14, seed: 3 });
    const r = detectGutters(data, W, H);
    expectNear(r.cuts, mids(panels), 2);
    expectNear(
      r.panels.map((p) => p.top),
      panels.map((p) => p.top),
      2,
    );
    expectNear(
      r.panels.map((p) => p.bottom),
      panels.map((p) => p.bottom),
      2,
    );
  });

  it('handles a screen-tone background', () => {
    const data = synthStrip({ width: W, height: H, panels, tone: [190, 190, 190] });
    const r = detectGutters(data, W, H);
    expect(r.background).not.toBeNull();
    expectNear(r.cuts, mids(panels), 4);
    expectNear(
      r.panels.map((p) => p.top),
      panels.map((p) => p.top),
      4,
    );
  });

  it('handles a dark background colour', () => {
    const data = synthStrip({ width: W, height: H, panels, background: [20, 20, 30], noise: 6 });
    const r = detectGutters(data, W, H);
    expect(r.background![0]).toBeLessThan(40);
    expectNear(r.cuts, mids(panels), 2);
  });

  it('keeps panels touching the top and bottom edges', () => {
    const edge: SynthPanel[] = [
      { top: 0, bottom: 600 },
      { top: 700, bottom: 1400 },
      { top: 1480, bottom: 2000 },
    ];
    const data = synthStrip({ width: W, height: 2000, panels: edge, noise: 8 });
    const r = detectGutters(data, W, 2000);
    expectNear(r.cuts, mids(edge), 2);
    expect(r.panels[0].top).toBe(0);
    expect(r.panels.at(-1)!.bottom).toBe(2000);
    expect(r.panels.length).toBe(3);
  });

  it('does not cut inside a framed panel with white rows or at short gaps', () => {
    const p: SynthPanel[] = [
      { top: 50, bottom: 900 },
      { top: 906, bottom: 1500 }, // 6-row gap: under minGutter
    ];
    const data = synthStrip({ width: W, height: 1600, panels: p });
    // Paint a white band inside the first panel (frame sides stay black).
    for (let y = 300; y < 400; y++)
      for (let x = 23; x < W - 23; x++) data.fill(255, (y * W + x) * 4, (y * W + x) * 4 + 3);
    const r = detectGutters(data, W, 1600);
    expect(r.cuts).toEqual([]);
    expect(r.panels).toEqual([{ top: 50, bottom: 1500 }]);
  });

  it('returns one panel for an image with no background rows', () => {
    const data = synthStrip({ width: W, height: 500, panels: [{ top: 0, bottom: 500 }], inset: 0 });
    const r = detectGutters(data, W, 500);
    expect(r.cuts).toEqual([]);
    expect(r.panels).toEqual([{ top: 0, bottom: 500 }]);
  });

  it('segments from detected cuts equal the detected panels', () => {
    const data = synthStrip({ width: W, height: H, panels, noise: 10 });
    const r = detectGutters(data, W, H);
    expect(segmentsFromCuts(H, r.cuts, r.gutters)).toEqual(r.panels);
  });
});

describe('detectGutters on a full-bleed pale gradient (found by a new-user trial)', () => {
  // White paper; panel 1 framed at rows 60–600; an 80-row gutter; panel 2 full-bleed (every column)
  // from row 680 to the image's last row, a vertical gradient from 170 down to 248.
  const H = 1500;
  const data = synthStrip({ width: W, height: H, panels: [{ top: 60, bottom: 600 }] });
  for (let y = 680; y < H; y++) {
    const v = Math.round(170 + ((248 - 170) * (y - 680)) / (H - 1 - 680));
    for (let x = 0; x < W; x++) data.fill(v, (y * W + x) * 4, (y * W + x) * 4 + 3);
  }

  it('keeps the gradient panel whole to the last row and the paper white', () => {
    const r = detectGutters(data, W, H);
    expect(r.background).toEqual([255, 255, 255]);
    expect(r.panels).toEqual([
      { top: 60, bottom: 600 },
      { top: 680, bottom: H },
    ]);
    expect(r.cuts).toEqual([640]);
  });

  it('still trims the paper below a gradient that ends above the margin', () => {
    const d = data.slice();
    for (let y = 1400; y < H; y++) d.fill(255, y * W * 4, (y + 1) * W * 4);
    for (let i = 3; i < d.length; i += 4) d[i] = 255;
    const r = detectGutters(d, W, H);
    expect(r.panels.at(-1)).toEqual({ top: 680, bottom: 1400 });
  });
});
