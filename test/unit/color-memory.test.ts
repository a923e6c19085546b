import { describe, expect, it } from 'vitest';
import { pushRecent, readColors, RECENT_MAX } from '../../src/features/colorize/color-memory';
import type { Rgb } from '../../src/core/color/lab';

describe('colour memory', () => {
  it('puts the newest colour first, once, and keeps at most RECENT_MAX', () => {
    let recent: Rgb[] = [];
    for (let i = 0; i < RECENT_MAX + 3; i++) recent = pushRecent(recent, [i, 0, 0]);
    expect(recent).toHaveLength(RECENT_MAX);
    expect(recent[0]).toEqual([RECENT_MAX + 2, 0, 0]);
    recent = pushRecent(recent, [5, 0, 0]);
    expect(recent[0]).toEqual([5, 0, 0]);
    expect(recent.filter((c) => c[0] === 5)).toHaveLength(1);
    expect(recent).toHaveLength(RECENT_MAX);
  });

  it('reads a stored value and drops what is malformed', () => {
    const fallback: Rgb = [220, 30, 30];
    expect(readColors(null, fallback)).toEqual({ color: fallback, recent: [] });
    expect(readColors('x', fallback)).toEqual({ color: fallback, recent: [] });
    expect(
      readColors(
        { color: [1, 2, 3], recent: [[4, 5, 6], [1, 2], [300, 0, 0], [1.5, 0, 0], 'red', [7, 8, 9]] },
        fallback,
      ),
    ).toEqual({
      color: [1, 2, 3],
      recent: [
        [4, 5, 6],
        [7, 8, 9],
      ],
    });
    expect(readColors({ color: [-1, 0, 0] }, fallback).color).toEqual(fallback);
    const many = Array.from({ length: 40 }, (_, i) => [i, i, i]);
    expect(readColors({ recent: many }, fallback).recent).toHaveLength(RECENT_MAX);
  });
});
