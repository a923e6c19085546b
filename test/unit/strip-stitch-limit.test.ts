// Stitching refuses before decoding (issue 18 #9: 300 panels were decoded — 3.2 GB, 11.8 s —
// before the size was checked): stitchSizeProblem works from the stored panel sizes and gutters
// alone and agrees with the layout the image worker draws.
import { describe, expect, it } from 'vitest';
import { stitchLayout, type StripItem } from '../../src/core/strip/layout';
import { LIMITS, sizeProblem, stitchSizeProblem } from '../../src/core/strip/limits';
import { rng } from './fuzz-helpers';

const panels = (n: number, w: number, h: number, gap?: number): StripItem[] =>
  Array.from({ length: n }, () => ({
    width: w,
    height: h,
    ...(gap ? { gapBefore: { height: gap, color: '#ffffff' }, gapAfter: { height: gap, color: '#000000' } } : {}),
  }));

describe('stitchSizeProblem (refuse before decode)', () => {
  it('300 webtoon panels over the 32,000 px height: refused with the size it would have', () => {
    expect(stitchSizeProblem(panels(300, 800, 107))).toEqual({
      width: 800,
      height: 32_100,
      detail: 'stitched strip height 32100 > 32000',
    });
    expect(stitchSizeProblem(panels(299, 800, 107))).toBeNull(); // 31,993 px fits
  });

  it('counts the inner gutters, not the outer ones (as the worker draws them)', () => {
    // 300 × 100 px = 30,000 fits; with 299 inner gutters of 5 + 5 px it is 32,990.
    expect(stitchSizeProblem(panels(300, 800, 100))).toBeNull();
    expect(stitchSizeProblem(panels(300, 800, 100, 5))?.height).toBe(32_990);
    // Outer gutters alone (first's gapBefore, last's gapAfter) stay with the caller.
    const two = panels(2, 800, 15_990, 1000);
    expect(stitchLayout(two).height).toBe(15_990 * 2 + 2000);
    expect(stitchSizeProblem(two)).toEqual({
      width: 800,
      height: 33_980,
      detail: 'stitched strip height 33980 > 32000',
    });
  });

  it('width and pixel limits: the widest panel sets the width', () => {
    expect(
      stitchSizeProblem([
        { width: 16_385, height: 10 },
        { width: 800, height: 10 },
      ])?.detail,
    ).toMatch(/width 16385/);
    expect(
      stitchSizeProblem([
        { width: 10_000, height: 6_000 },
        { width: 100, height: 6_001 },
      ])?.detail,
    ).toMatch(/pixels/);
  });

  it('stored sizes that prove nothing (NaN, negative, zero) leave the check to the worker', () => {
    for (const bad of [NaN, -1, 0, Infinity])
      expect(
        stitchSizeProblem([
          { width: bad, height: 40_000 },
          { width: 800, height: 10 },
        ]),
      ).toBeNull();
  });

  it('agrees with sizeProblem(stitchLayout(…)) on 2,000 random strips', () => {
    const r = rng(18);
    for (let i = 0; i < 2_000; i++) {
      const items: StripItem[] = Array.from({ length: r.int(1, 400) }, () => ({
        width: r.int(1, 17_000),
        height: r.int(1, 400),
        ...(r.chance(0.5) ? { gapAfter: { height: r.int(0, 80), color: '#ffffff' } } : {}),
        ...(r.chance(0.2) ? { gapBefore: { height: r.int(0, 80), color: '#000000' } } : {}),
      }));
      const { width, height } = stitchLayout(items);
      expect(stitchSizeProblem(items) !== null).toBe(sizeProblem(width, height) !== null);
    }
    expect(LIMITS.maxHeight).toBe(32_000);
  });
});
