import { describe, expect, it } from 'vitest';
import {
  addCut,
  canUndo,
  createCutState,
  moveCut,
  removeCut,
  segmentsFromCuts,
  undoCut,
} from '../../src/core/strip/cuts';

describe('cut editing', () => {
  it('normalizes, moves within neighbours, adds, removes and undoes', () => {
    let s = createCutState(1000, [500, 200, 200, 0, 1000, 800.4]);
    expect(s.cuts).toEqual([200, 500, 800]);
    s = moveCut(s, 1, 900); // clamped below the next cut
    expect(s.cuts).toEqual([200, 799, 800]);
    s = moveCut(s, 0, -50); // clamped to row 1
    expect(s.cuts).toEqual([1, 799, 800]);
    s = addCut(s, 400);
    expect(s.cuts).toEqual([1, 400, 799, 800]);
    s = removeCut(s, 3);
    expect(s.cuts).toEqual([1, 400, 799]);
    expect(canUndo(s)).toBe(true);
    s = undoCut(s);
    expect(s.cuts).toEqual([1, 400, 799, 800]);
    s = undoCut(undoCut(undoCut(s)));
    expect(s.cuts).toEqual([200, 500, 800]);
    expect(canUndo(s)).toBe(false);
    expect(undoCut(s)).toBe(s);
  });

  it('ignores no-op edits (nothing pushed on the undo stack)', () => {
    const s = createCutState(100, [50]);
    expect(addCut(s, 50)).toBe(s);
    expect(addCut(s, 0)).toBe(s);
    expect(moveCut(s, 5, 10)).toBe(s);
  });

  it('segments trim gutters and drop all-background segments', () => {
    const gutters = [
      { top: 0, bottom: 10 },
      { top: 90, bottom: 110 },
      { top: 190, bottom: 200 },
    ];
    expect(segmentsFromCuts(200, [100], gutters)).toEqual([
      { top: 10, bottom: 90 },
      { top: 110, bottom: 190 },
    ]);
    // A user cut inside the gutter region and one inside a panel.
    expect(segmentsFromCuts(200, [95, 150], gutters)).toEqual([
      { top: 10, bottom: 90 },
      { top: 110, bottom: 150 },
      { top: 150, bottom: 190 },
    ]);
    expect(segmentsFromCuts(200, [5], gutters)).toEqual([{ top: 10, bottom: 190 }]);
    expect(segmentsFromCuts(50, [])).toEqual([{ top: 0, bottom: 50 }]);
  });
});
