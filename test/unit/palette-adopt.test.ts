import { describe, expect, it } from 'vitest';
import { adoptByColour } from '../../src/features/colorize/palette-adopt';
import type { Hint } from '../../src/core/color/hints';

const pt = (rgb: [number, number, number], ref?: string): Hint => ({
  kind: 'point',
  x: 1,
  y: 1,
  radius: 2,
  rgb,
  fill: true,
  ...(ref ? { ref } : {}),
});

describe('hints of a palette colour made without its swatches', () => {
  const entries = [
    { label: 'hair', rgb: [60, 40, 20] as [number, number, number] },
    { label: 'skin', rgb: [240, 200, 170] as [number, number, number] },
    { label: 'skin 2', rgb: [240, 200, 170] as [number, number, number] },
  ];
  it('take the entry of their exact colour (the first of that colour); others and referenced ones stay as they are', () => {
    const out = adoptByColour(
      [pt([60, 40, 20]), pt([240, 200, 170]), pt([240, 200, 171]), pt([60, 40, 20], 'other/hair')],
      'p1',
      entries,
    );
    expect(out.map((h) => h.ref)).toEqual(['p1/hair', 'p1/skin', undefined, 'other/hair']);
    expect(out[2]).not.toHaveProperty('ref');
  });
});
