import { describe, expect, it } from 'vitest';
import { addCut, canUndo, createCutState, moveCut, removeCut, segmentsFromCuts, undoCut } from '../../src/core/strip/cuts';
import { placePanels, planSlices, sliceFileName, sliceRanges, stitchLayout } from '../../src/core/strip/slices';

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
    const gutters = [{ top: 0, bottom: 10 }, { top: 90, bottom: 110 }, { top: 190, bottom: 200 }];
    expect(segmentsFromCuts(200, [100], gutters)).toEqual([{ top: 10, bottom: 90 }, { top: 110, bottom: 190 }]);
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

describe('slice math', () => {
  it('cuts into 1280-row slices with the remainder last', () => {
    expect(sliceRanges(3000)).toEqual([
      { y: 0, height: 1280 },
      { y: 1280, height: 1280 },
      { y: 2560, height: 440 },
    ]);
    expect(sliceRanges(1280)).toEqual([{ y: 0, height: 1280 }]);
    expect(sliceRanges(0)).toEqual([]);
  });

  it('scales each panel to 800 wide and stacks them', () => {
    const { placed, total } = placePanels([
      { width: 800, height: 1000 },
      { width: 400, height: 300 }, // → 800×600
      { width: 1600, height: 1001 }, // → 800×501 (rounded)
    ]);
    expect(placed.map((p) => [p.y, p.height])).toEqual([[0, 1000], [1000, 600], [1600, 501]]);
    expect(total).toBe(2101);
  });

  it('plans which panel parts land in each slice', () => {
    const slices = planSlices([{ width: 800, height: 1000 }, { width: 800, height: 2000 }]);
    expect(slices.length).toBe(3); // 3000 rows
    expect(slices[0].parts).toEqual([
      { panel: 0, dy: 0, height: 1000 },
      { panel: 1, dy: 1000, height: 2000 },
    ]);
    expect(slices[1].parts).toEqual([{ panel: 1, dy: -280, height: 2000 }]);
    expect(slices[2]).toEqual({ y: 2560, height: 440, parts: [{ panel: 1, dy: -1560, height: 2000 }] });
    // Every scaled row is covered exactly once.
    expect(slices.reduce((n, s) => n + s.height, 0)).toBe(3000);
  });

  it('names slices in sort order and lays out a stitch', () => {
    expect(sliceFileName(0, 12)).toBe('001.png');
    expect(sliceFileName(1233, 2000)).toBe('1234.png');
    expect(stitchLayout([{ width: 800, height: 10 }, { width: 600, height: 5 }])).toEqual({
      width: 800,
      height: 15,
      rects: [{ x: 0, y: 0 }, { x: 100, y: 10 }],
    });
  });
});
