// Automatic colours per region (src/core/regions/auto.ts regionColorsFromNet) on line art: a region
// the net gives no hue (chroma < AUTO_LINEART_MIN_CHROMA) stays paper (null) instead of a gray flat;
// a faint hue is raised to AUTO_LINEART_CHROMA with its hue kept; gray panels keep the net's colour
// and the region's own L*. (Values chosen on the validation split, models/colorizer/EVAL.md.)
import { describe, expect, it } from 'vitest';
import { AUTO_LINEART_CHROMA, AUTO_LINEART_MIN_CHROMA, regionColorsFromNet } from '../../src/core/regions/auto';
import type { PanelKind, RegionInfo, RegionModel } from '../../src/core/regions';

/** Three 4-px-wide vertical bands (regions 0, 1, 2) on a 12 × 6 panel; no lines. */
function bands(kind: PanelKind): RegionModel {
  const W = 12;
  const H = 6;
  const labels = new Int32Array(W * H);
  for (let i = 0; i < W * H; i++) labels[i] = Math.floor((i % W) / 4);
  const region = (id: number): RegionInfo => ({
    id,
    area: 24,
    bbox: [id * 4, 0, id * 4 + 4, H],
    centroid: [id * 4 + 1.5, 2.5],
    meanL: 70,
    touchesBorder: true,
    bubble: false,
    neighbors: [],
  });
  return {
    width: W,
    height: H,
    labels,
    ink: new Float32Array(W * H),
    regions: [region(0), region(1), region(2)],
    kind,
    gap: 3,
    capped: false,
    under: labels.slice(),
    lineThreshold: 40,
  };
}

/** Planar a*b* with one (a, b) per band. */
function netAb(m: RegionModel, perRegion: [number, number][]): Float32Array {
  const n = m.width * m.height;
  const ab = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const [a, b] = perRegion[m.labels[i]];
    ab[i] = a;
    ab[n + i] = b;
  }
  return ab;
}

describe('regionColorsFromNet on line art', () => {
  const given: [number, number][] = [
    [0.3, -0.2], // no hue: chroma 0.36 < 1
    [3, 4], // faint: chroma 5
    [48, 64], // strong: chroma 80, above the floor
  ];

  it('leaves hue-less regions paper and raises faint hues to the floor, hue kept', () => {
    expect(AUTO_LINEART_MIN_CHROMA).toBeGreaterThan(0.36);
    const m = bands('lineart');
    const out = regionColorsFromNet(m, netAb(m, given));
    expect(out[0]).toBeNull();
    const [, a1, b1] = out[1]!;
    expect(Math.hypot(a1, b1)).toBeCloseTo(AUTO_LINEART_CHROMA, 4);
    expect(Math.atan2(b1, a1)).toBeCloseTo(Math.atan2(4, 3), 6);
    const [, a2, b2] = out[2]!;
    expect([a2, b2]).toEqual([48, 64]);
  });

  it('keeps the net as it is with the options off', () => {
    const m = bands('lineart');
    const out = regionColorsFromNet(m, netAb(m, given), { lineartChroma: 0, lineartMinChroma: 0 });
    expect(out.map((c) => c && [c[1], c[2]].map((v) => Math.round(v * 10) / 10))).toEqual([
      [0.3, -0.2],
      [3, 4],
      [48, 64],
    ]);
  });

  it('does not touch gray panels: the net colour at the region L*', () => {
    const m = bands('gray');
    const out = regionColorsFromNet(m, netAb(m, given));
    expect(out.map((c) => c && c.map((v) => Math.round(v * 10) / 10))).toEqual([
      [70, 0.3, -0.2],
      [70, 3, 4],
      [70, 48, 64],
    ]);
  });
});
