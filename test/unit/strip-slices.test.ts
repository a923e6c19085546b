import { describe, expect, it } from 'vitest';
import { fitSlices } from '../../src/core/strip/fit';
import { freeCutRows, layoutStrip, stitchLayout, type StripItem } from '../../src/core/strip/layout';
import {
  matchPreset,
  NAVER_PRESET,
  normalizeOptions,
  presetOptions,
  PRESETS,
  QUALITY_FLOOR,
  sliceFileName,
  WEBTOON_PRESET,
} from '../../src/core/strip/presets';
import { cutCosts, cutsThroughPanels, planSlices, type RowRange } from '../../src/core/strip/slice-plan';
import { planStrip, rowDetail } from '../../src/core/strip/slices';

const CREAM = '#fdf6e3';
/**
 * The strip of the bug report: 800 × 6250, 80-px margins, five panels, gutters 150/400/90/250
 * (as the split stores it: the first panel carries the top margin, the last the bottom one).
 */
const PANELS = [1100, 900, 1300, 800, 1100];
const GUTTERS = [150, 400, 90, 250];
const ISSUE_STRIP: StripItem[] = PANELS.map((h, i) => ({
  width: 800,
  height: h,
  ...(i === 0 ? { gapBefore: { height: 80, color: CREAM } } : {}),
  gapAfter: { height: i < GUTTERS.length ? GUTTERS[i] : 80, color: CREAM },
}));
/** Source rows of each piece's top (margin, panel, gutter, panel, …, margin) and the end. */
const SOURCE_EDGES = (() => {
  const out = [0, 80];
  let y = 80;
  PANELS.forEach((h, i) => {
    y += h;
    out.push(y);
    y += i < GUTTERS.length ? GUTTERS[i] : 80;
    out.push(y);
  });
  return out;
})();

/** Slices cover [0, total) in order, none above `maxHeight`, none under half of it (unless `anyMin`). */
function checkCover(slices: RowRange[], total: number, maxHeight: number, anyMin = false): void {
  let y = 0;
  for (const s of slices) {
    expect(s.y).toBe(y);
    expect(s.height).toBeGreaterThan(0);
    expect(s.height).toBeLessThanOrEqual(maxHeight);
    if (slices.length > 1 && !anyMin) expect(s.height).toBeGreaterThanOrEqual(Math.floor(maxHeight / 2));
    y += s.height;
  }
  expect(y).toBe(total);
}

describe('strip layout with gutters', () => {
  it('keeps the gutters as drawn at scale 1 (the 800 × 6250 strip stays 6250 rows)', () => {
    const l = layoutStrip(ISSUE_STRIP, 800);
    expect(l.total).toBe(6250);
    expect(l.panels.map((p) => [p.y, p.height])).toEqual([
      [80, 1100],
      [1330, 900],
      [2630, 1300],
      [4020, 800],
      [5070, 1100],
    ]);
    expect(l.gaps.map((g) => g.height)).toEqual([80, 150, 400, 90, 250, 80]);
    expect(l.gaps.every((g) => g.color === CREAM)).toBe(true);
  });

  it('scales panels and gutters together without drift (every edge at round(source × scale))', () => {
    for (const width of [690, 640, 1000]) {
      const l = layoutStrip(ISSUE_STRIP, width);
      const s = width / 800;
      expect(l.total).toBe(Math.round(6250 * s));
      const edges = [...l.gaps.map((g) => g.y), ...l.panels.map((p) => p.y), l.total].sort((a, b) => a - b);
      expect(edges).toEqual(SOURCE_EDGES.map((y) => Math.round(y * s)));
    }
  });

  it('scales each panel by its own width (its gutters with it)', () => {
    const l = layoutStrip(
      [
        { width: 400, height: 300, gapAfter: { height: 50, color: '#000000' } },
        { width: 1600, height: 1001 },
      ],
      800,
    );
    expect(l.panels.map((p) => [p.y, p.height])).toEqual([
      [0, 600],
      [700, 501],
    ]);
    expect(l.gaps).toEqual([{ y: 600, height: 100, color: '#000000' }]);
  });

  it('marks gutter rows and piece edges as free cut rows', () => {
    const l = layoutStrip(ISSUE_STRIP, 800);
    const free = freeCutRows(l);
    expect([1180, 1200, 1330, 2230, 2630, 3930, 4020, 6250].every((y) => free[y] === 1)).toBe(true);
    expect([100, 1179, 2631, 3000].every((y) => free[y] === 0)).toBe(true);
  });

  it('stitches at native size with the inner gutters (outer ones stay with the caller)', () => {
    const st = stitchLayout(ISSUE_STRIP);
    expect(st.height).toBe(6250 - 160);
    expect(st.gaps.map((g) => [g.y, g.height])).toEqual([
      [1100, 150],
      [2150, 400],
      [3850, 90],
      [4740, 250],
    ]);
    expect(
      stitchLayout([
        { width: 800, height: 10 },
        { width: 600, height: 5 },
      ]).rects,
    ).toEqual([
      { x: 0, y: 0 },
      { x: 100, y: 10 },
    ]);
  });
});

describe('slice plan', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))(
    '%s preset: slices within the limit, cuts in gutters where possible',
    (_id, preset) => {
      const layout = layoutStrip(ISSUE_STRIP, preset.width);
      const plan = planStrip(layout, preset.maxHeight);
      checkCover(plan.slices, layout.total, preset.maxHeight);
      // The 1300-px panel is taller than 1280 at 800 px wide, so exactly one cut must go through it;
      // at 690 px (1121 rows) every cut fits in a gutter.
      expect(cutsThroughPanels(plan.cost, plan.slices)).toBe(preset.width === 800 ? 1 : 0);
      expect(plan.slices.length).toBe(5);
    },
  );

  it('custom 1000-px limit at 690 px: never above it; only the forced cuts go through panels', () => {
    const layout = layoutStrip(ISSUE_STRIP, 690);
    const plan = planStrip(layout, 1000);
    checkCover(plan.slices, layout.total, 1000);
    // Forced: the first gutter starts at row 1018 (> 1000), the third panel is 1121 rows, and
    // the last panel + margin (1018 rows) cannot be one slice — three cuts through panels.
    expect(cutsThroughPanels(plan.cost, plan.slices)).toBe(3);
    const inPanel = plan.slices
      .slice(1)
      .filter((s) => plan.cost[s.y] > 0)
      .map((s) => s.y);
    const owner = inPanel.map((y) => layout.panels.findIndex((p) => y > p.y && y < p.y + p.height));
    expect(owner).toEqual([0, 2, 4]);
  });

  it('cuts a too-tall panel at its flattest rows', () => {
    const layout = layoutStrip(ISSUE_STRIP, 800);
    const detail = new Float32Array(layout.total).fill(0.8);
    detail.fill(0, 3200, 3260); // a flat band (sky) inside the 1300-px panel at 2630..3930
    const plan = planStrip(layout, 1280, detail);
    const inPanel = plan.slices.slice(1).filter((s) => plan.cost[s.y] > 0);
    expect(inPanel.length).toBe(1);
    expect(inPanel[0].y).toBeGreaterThan(3200);
    expect(inPanel[0].y).toBeLessThan(3260);
  });

  it('never leaves a thin last slice (the 80-px sliver of the bug report)', () => {
    // 800 × 6250 with no gutters: the old fixed 1280 cuts left 4 × 1280 + 1130; 1360 rows left 1280 + 80.
    const plain = (total: number) => cutCosts(total, freeCutRows(layoutStrip([{ width: 800, height: total }], 800)));
    expect(planSlices(plain(1360), { maxHeight: 1280 }).map((s) => s.height)).toEqual([680, 680]);
    for (const maxHeight of [1280, 1600, 500, 333]) {
      for (let total = 1; total < 9000; total += 97) {
        const slices = planSlices(plain(total), { maxHeight });
        checkCover(slices, total, maxHeight);
        expect(slices.length).toBe(Math.max(1, Math.ceil(total / maxHeight)));
        const last = slices[slices.length - 1].height;
        if (slices.length > 1) expect(last).toBeGreaterThanOrEqual(maxHeight / 2 - 1);
      }
    }
  });

  it('prefers a gutter over balanced slices', () => {
    // 2000 rows, one gutter at 700..720, limit 1280: balanced would be 1000 + 1000 through art.
    const layout = layoutStrip(
      [
        { width: 800, height: 700, gapAfter: { height: 20, color: '#ffffff' } },
        { width: 800, height: 1280 },
      ],
      800,
    );
    const plan = planStrip(layout, 1280, new Float32Array(layout.total).fill(0.5));
    expect(plan.slices.map((s) => s.y)).toEqual([0, 720]);
  });

  it('plans a sub-range (used to shorten an oversized slice)', () => {
    const cost = new Float32Array(5001).fill(1);
    const parts = planSlices(cost, { maxHeight: 640 }, 1000, 2280);
    checkCover(
      parts.map((p) => ({ ...p, y: p.y - 1000 })),
      1280,
      640,
    );
    expect(parts[0].y).toBe(1000);
  });
});

describe('size cap', () => {
  const replan = (r: RowRange, maxHeight: number) =>
    planSlices(new Float32Array(10_001).fill(1), { maxHeight }, r.y, r.y + r.height);

  it('JPEG over the cap: lowers quality step by step, says so, keeps the plan', async () => {
    // Fake encoder: 1 kB per row at quality 1, linear in quality.
    const sizes: number[] = [];
    const out = await fitSlices(
      [
        { y: 0, height: 1000 },
        { y: 1000, height: 500 },
      ],
      { format: 'jpeg', quality: 0.95, capBytes: 850_000 },
      async (r, q) => {
        const size = Math.round(r.height * 1000 * (q ?? 1));
        sizes.push(size);
        return { data: null, size };
      },
      replan,
    );
    expect(out.map((s) => [s.y, s.height, s.quality, !!s.lowered, !!s.split])).toEqual([
      [0, 1000, 0.85, true, false],
      [1000, 500, 0.95, false, false],
    ]);
    expect(out.every((s) => s.size <= 850_000)).toBe(true);
  });

  it('JPEG still over at the quality floor, or PNG: cuts shorter slices, never taller than planned', async () => {
    for (const format of ['png', 'jpeg'] as const) {
      const tried: (number | undefined)[] = [];
      const out = await fitSlices(
        [
          { y: 0, height: 1280 },
          { y: 1280, height: 700 },
        ],
        { format, quality: 0.9, capBytes: 400_000 },
        async (r, q) => {
          tried.push(q);
          return { data: null, size: r.height * 1000 };
        },
        replan,
      );
      checkCover(out, 1980, 1280, true);
      expect(out.every((s) => s.size <= 400_000)).toBe(true);
      // Each planned slice was halved (and halved again) with the same rules: 1280 → 4 × 320, 700 → 2 × 350.
      expect(out.map((s) => s.height)).toEqual([320, 320, 320, 320, 350, 350]);
      expect(out.every((s) => s.split)).toBe(true);
      // Parts start again at the chosen quality (this fake size does not depend on it).
      if (format === 'jpeg') expect(out.every((s) => s.quality === 0.9 && !s.lowered)).toBe(true);
      else expect(out.every((s) => s.quality === undefined)).toBe(true);
      // JPEG tried 0.9 → 0.85 → 0.8 → 0.75 → 0.7 (the floor) before cutting the first slice shorter.
      if (format === 'jpeg') expect(tried.slice(0, 5)).toEqual([0.9, 0.85, 0.8, 0.75, QUALITY_FLOOR]);
      else expect(tried.every((q) => q === undefined)).toBe(true);
    }
  });
});

describe('presets and options', () => {
  it('match the platforms: 800 px for Canvas, 690 px for Naver, 1280-px slices, 2 MB per file', () => {
    expect([
      WEBTOON_PRESET.width,
      WEBTOON_PRESET.maxHeight,
      WEBTOON_PRESET.maxFileMB,
      WEBTOON_PRESET.maxTotalMB,
    ]).toEqual([800, 1280, 2, 20]);
    expect([NAVER_PRESET.width, NAVER_PRESET.maxHeight, NAVER_PRESET.maxFileMB]).toEqual([690, 1280, 2]);
    expect(matchPreset(presetOptions('naver'))).toBe('naver');
    expect(matchPreset({ ...presetOptions('naver'), width: 700 })).toBe('custom');
  });

  it('clamps options and names files by format', () => {
    const o = normalizeOptions({
      preset: 'custom',
      width: 50.4,
      maxHeight: 99_999,
      format: 'png',
      quality: 3,
      maxFileMB: Number.NaN,
    });
    expect(o).toEqual({ preset: 'custom', width: 100, maxHeight: 32_000, format: 'png', quality: 1, maxFileMB: 2 });
    expect(sliceFileName(0, 12, 'jpeg')).toBe('001.jpg');
    expect(sliceFileName(1233, 2000, 'png')).toBe('1234.png');
  });
});

describe('row detail', () => {
  it('is 0 on a flat row and high on a busy one', () => {
    const w = 64;
    const data = new Uint8ClampedArray(w * 2 * 4).fill(200);
    for (let x = 0; x < w; x++) {
      const v = x % 4 < 2 ? 0 : 255;
      data.fill(v, (w + x) * 4, (w + x) * 4 + 3);
    }
    const d = rowDetail(data, w, 2, 1);
    expect(d[0]).toBe(0);
    expect(d[1]).toBe(1);
  });
});
