import { describe, it, expect } from 'vitest';
import { rrf, fuseTextPicture, FUSION } from '../../src/core/search/fusion';
import { splitByThreshold, thresholdsFromConfig, UNCALIBRATED } from '../../src/core/search/tag-policy';

describe('reciprocal rank fusion', () => {
  it('sums weight / (k + rank) over lists', () => {
    const f = rrf(
      [
        { ids: ['a', 'b'], weight: 2 },
        { ids: ['b', 'c'], weight: 1 },
      ],
      5,
    );
    expect(f.map((x) => x.id)).toEqual(['b', 'a', 'c']);
    expect(f[0].score).toBeCloseTo(2 / 7 + 1 / 6, 12);
    expect(f[0].ranks).toEqual([2, 1]);
    expect(f[2].ranks).toEqual([0, 2]);
  });
  it('a name/tag match first beats a picture-only first (text weight > picture weight)', () => {
    expect(FUSION.text).toBeGreaterThan(FUSION.picture);
    const f = fuseTextPicture(['named'], ['pic', 'x', 'y', 'named']);
    expect(f[0].id).toBe('named');
    const g = fuseTextPicture(['named'], ['pic']);
    expect(g.map((x) => x.id)).toEqual(['named', 'pic']);
  });
  it('with no text matches the picture order stays', () => {
    expect(fuseTextPicture([], ['c', 'a', 'b']).map((x) => x.id)).toEqual(['c', 'a', 'b']);
  });
  it('ties go to the better best rank, then id', () => {
    const f = rrf(
      [
        { ids: ['a'], weight: 1 },
        { ids: ['b'], weight: 1 },
      ],
      5,
    );
    expect(f.map((x) => x.id)).toEqual(['a', 'b']);
  });
  it('counts an id once per list', () => {
    const f = rrf([{ ids: ['a', 'a'], weight: 1 }], 0);
    expect(f[0].score).toBe(1);
  });
});

describe('tag policy', () => {
  it('applies only at or above the calibrated threshold; the rest are suggestions', () => {
    const th = { global: 0.8, perLabel: { face: 0.55 } };
    const r = splitByThreshold(
      [
        { label: 'face', score: 0.6 },
        { label: 'cat', score: 0.7 },
        { label: 'dog', score: 0.85 },
      ],
      th,
    );
    expect(r.tags.map((t) => t.label)).toEqual(['face', 'dog']);
    expect(r.suggested.map((t) => t.label)).toEqual(['cat']);
  });
  it('suggests no label the picture is not closer to than to its opposite (cosine <= 0)', () => {
    const r = splitByThreshold(
      [
        { label: 'cat', score: 0.2 },
        { label: 'car', score: -0.02 },
        { label: 'dog', score: 0 },
      ],
      UNCALIBRATED,
    );
    expect(r.suggested.map((t) => t.label)).toEqual(['cat']);
  });
  it('never re-suggests what the user gave or rejected', () => {
    const r = splitByThreshold(
      [
        { label: 'cat', score: 0.5 },
        { label: 'dog', score: 0.5 },
        { label: 'sun', score: 0.4 },
      ],
      UNCALIBRATED,
      { userTags: ['cat'], rejected: ['dog'] },
    );
    expect(r).toEqual({ tags: [], suggested: [{ label: 'sun', score: 0.4 }] });
  });
  it('never applies a tag the user removed (rejected), even above its threshold', () => {
    const th = { global: 0.8, perLabel: {} };
    const r = splitByThreshold(
      [
        { label: 'dog', score: 0.9 },
        { label: 'cat', score: 0.85 },
      ],
      th,
      { rejected: ['dog'] },
    );
    expect(r).toEqual({ tags: [{ label: 'cat', score: 0.85 }], suggested: [] });
  });
  it('reads thresholds from a config; a model without them applies nothing', () => {
    expect(
      thresholdsFromConfig({ toonsmith: { tag_threshold: 0.7, tag_thresholds: { man: 0.69, bad: 'x' } } }),
    ).toEqual({ global: 0.7, perLabel: { man: 0.69 } });
    expect(thresholdsFromConfig({})).toEqual(UNCALIBRATED);
    expect(splitByThreshold([{ label: 'x', score: 0.99 }]).tags).toEqual([]);
  });
});
