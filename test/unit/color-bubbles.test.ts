import { describe, expect, it } from 'vitest';
import { detectBubbles } from '../../src/core/color/bubbles';

/** 100×80 gray (L 0.6) panel; a white ellipse outlined in black with a "text" bar inside. */
function panel(withText: boolean, ellipseFrac = 1): Float32Array {
  const W = 100;
  const H = 80;
  const g = new Float32Array(W * H).fill(0.6);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const d = ((x - 50) / (30 * ellipseFrac)) ** 2 + ((y - 30) / (18 * ellipseFrac)) ** 2;
      if (d <= 1) g[y * W + x] = 1;
      if (d > 1 && d <= 1.25) g[y * W + x] = 0.05; // outline
    }
  if (withText) for (let x = 40; x < 60; x++) g[30 * W + x] = 0.1;
  return g;
}

describe('speech-bubble detection', () => {
  it('finds an enclosed white bubble with text and masks its interior and text', () => {
    const { mask, count } = detectBubbles(panel(true), 100, 80);
    expect(count).toBe(1);
    expect(mask[30 * 100 + 50]).toBe(1); // the text pixel inside
    expect(mask[30 * 100 + 35]).toBe(1); // white interior
    expect(mask[5 * 100 + 5]).toBe(0); // background
  });

  it('ignores a small enclosed white area without marks and white regions touching the border', () => {
    expect(detectBubbles(panel(false, 0.3), 100, 80).count).toBe(0);
    const g = new Float32Array(100 * 80).fill(1); // all white: touches the border
    expect(detectBubbles(g, 100, 80).count).toBe(0);
  });
});
