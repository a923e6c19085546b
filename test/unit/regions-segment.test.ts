import { describe, expect, it } from 'vitest';
import { squaredDistance } from '../../src/core/regions/edt';
import { centreThreshold, segment } from '../../src/core/regions/segment';

/**
 * A room (10..50 × 10..50) with a corridor 5 px wide leaving its right wall through a full-width
 * mouth, and closed at its far end (x 90) by a wall with a 3 px break to the outside. At gap 6 no
 * ball fits the corridor, so it is grown into — it belongs to the room it opens into, and the
 * border with the outside sits at the break, not halfway down the corridor (third trial: straight
 * blocks of sky inside a hair band).
 */
function corridor(): { line: Uint8Array; w: number; h: number } {
  const w = 110;
  const h = 60;
  const line = new Uint8Array(w * h);
  const set = (x0: number, x1: number, y0: number, y1: number, v = 1): void => {
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) line[y * w + x] = v;
  };
  set(10, 50, 10, 11); // room top
  set(10, 50, 49, 50); // room bottom
  set(10, 11, 10, 50); // room left
  set(49, 50, 10, 50); // room right
  set(49, 50, 27, 31, 0); // the mouth
  set(49, 91, 25, 26); // corridor top
  set(49, 91, 32, 33); // corridor bottom
  set(90, 91, 25, 33); // far wall
  set(90, 91, 28, 30, 0); // its 3 px break
  return { line, w, h };
}

describe('segment: growth into what no ball reaches', () => {
  it('gives a corridor to the room it opens into; the border is at the break', () => {
    const { line, w, h } = corridor();
    const labels = new Int32Array(w * h);
    segment(line, squaredDistance(line, w, h), centreThreshold(6), w, h, labels, new Int32Array(w * h));
    const room = labels[30 * w + 30];
    const outside = labels[2 * w + 2];
    expect(room).toBeGreaterThanOrEqual(0);
    expect(outside).toBeGreaterThanOrEqual(0);
    expect(room).not.toBe(outside);
    for (let x = 52; x <= 89; x++) for (let y = 27; y <= 31; y++) expect(labels[y * w + x], `(${x},${y})`).toBe(room);
    expect(labels[29 * w + 95]).toBe(outside);
  });
});
