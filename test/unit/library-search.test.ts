// Place search (src/services/library-search.ts searchPlaces) in a library bigger than the CLIP pool:
// a reference whose name shares the place word is found even when its picture ranks below the
// CLIP top max(3k, 12), with its exact cosine; without a shared word the CLIP order stands; a
// reference sharing a word is also scored by its own name's cosine (a long narration can miss the
// picture its words name), which a misnamed picture does not pass.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { closeDB } from '../../src/store/db';
import { addReference } from '../../src/store/references';
import { openIndex } from '../../src/store/vectors';

const DIM = 8;
const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return Float32Array.from(v, (x) => x / n);
};
// The query's vector: axis 0. Reference k's cosine to it falls with k.
const QUERY = unit([1, 0, 0, 0, 0, 0, 0, 0]);
/** Texts with their own vector (a reference's name as one text); any other text embeds as QUERY. */
const TEXT_VECTORS = new Map<string, Float32Array>();
vi.mock('../../src/bridge/clip', () => ({
  SHIPPED_CLIP: { kind: 'shipped', id: 'clip/toon-clip', name: 'Toon-CLIP' },
  useModel: vi.fn(),
  loadModel: vi.fn(async () => ({ id: 'clip/toon-clip', vectorsId: 'clip/toon-clip', dim: DIM })),
  embedTexts: vi.fn(async (_s: unknown, texts: string[]) => {
    const vectors = new Float32Array(texts.length * DIM);
    texts.forEach((t, i) => vectors.set(TEXT_VECTORS.get(t) ?? QUERY, i * DIM));
    return { vectors, dim: DIM, truncated: texts.map(() => false), tokens: texts.map(() => 1) };
  }),
}));
const { searchPlaces, TEXT_BONUS } = await import('../../src/services/library-search');
const { embedTexts } = await import('../../src/bridge/clip');

beforeEach(async () => {
  TEXT_VECTORS.clear();
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

async function library(names: string[]): Promise<string[]> {
  const index = await openIndex('clip/toon-clip', DIM);
  const ids: string[] = [];
  for (const [k, name] of names.entries()) {
    const cos = 0.9 - (0.8 * k) / names.length; // 0.9 … 0.1, strictly falling
    const v = unit([cos, Math.sqrt(1 - cos * cos), 0, 0, 0, 0, 0, 0]);
    const rec = await addReference(
      { bytes: new Uint8Array([k]).buffer, type: 'image/png', name },
      v,
      'clip/toon-clip',
      index,
    );
    ids.push(rec.id);
  }
  return ids;
}

describe('searchPlaces', () => {
  it('finds a named reference that ranks below the CLIP pool, with its exact cosine', async () => {
    const names = Array.from({ length: 40 }, (_, k) => `picture ${k}.png`);
    names[35] = 'school classroom.png'; // 36th by picture: far outside the pool of 12 for k = 4
    const ids = await library(names);
    const [hits] = await searchPlaces(undefined, ['school classroom 교실'], 4);
    expect(hits[0].refId).toBe(ids[35]);
    const cos = 0.9 - (0.8 * 35) / 40;
    expect(hits[0].clip).toBeCloseTo(cos, 5);
    expect(hits[0].score).toBeCloseTo(cos + 2 * TEXT_BONUS, 5); // two shared words
    // the rest are the CLIP order
    expect(hits.slice(1).map((h) => h.refId)).toEqual(ids.slice(0, 3));
  });

  it('keeps the CLIP order when no name shares a word', async () => {
    const ids = await library(Array.from({ length: 30 }, (_, k) => `picture ${k}.png`));
    const [hits] = await searchPlaces(undefined, ['바닷가'], 5);
    expect(hits.map((h) => h.refId)).toEqual(ids.slice(0, 5));
    expect(hits.every((h) => h.score === h.clip)).toBe(true);
  });

  it("lets a shared word's reference in by its name's cosine, not a misnamed one", async () => {
    const index = await openIndex('clip/toon-clip', DIM);
    const add = (name: string, v: Float32Array) =>
      addReference({ bytes: new Uint8Array([1]).buffer, type: 'image/png', name }, v, 'clip/toon-clip', index);
    const axis = (k: number) => unit(Array.from({ length: DIM }, (_, i) => (i === k ? 1 : 0)));
    // The beach picture is orthogonal to the narration (cosine 0) but matches its own name.
    const beach = await add('바닷가 beach.png', axis(1));
    TEXT_VECTORS.set('바닷가 beach', axis(1));
    // A picture called "숲 forest" that shows something else: its name's text is far from it.
    const wrong = await add('숲 forest.png', axis(2));
    TEXT_VECTORS.set('숲 forest', axis(3));
    // Shares no word with either place: its name's text matches it, but only a shared word lets that count.
    const other = await add('sunny picture.png', unit([0.5, Math.sqrt(0.75), 0, 0, 0, 0, 0, 0]));
    TEXT_VECTORS.set('sunny picture', unit([0.5, Math.sqrt(0.75), 0, 0, 0, 0, 0, 0]));
    const [sea, woods] = await searchPlaces(
      undefined,
      ['미나가 바닷가에서 멀리 수평선을 바라본다.', '숲에서 길을 잃었다.'],
      3,
    );
    expect(sea[0].refId).toBe(beach.id);
    expect(sea[0].clip).toBeCloseTo(1, 5);
    expect(sea[0].score).toBeCloseTo(1 + TEXT_BONUS, 5);
    const w = woods.find((h) => h.refId === wrong.id)!;
    expect(w.clip).toBeCloseTo(0, 5);
    expect(w.score).toBeCloseTo(TEXT_BONUS, 5); // under MATCH_THRESHOLD 0.75: not used unasked
    const o = sea.find((h) => h.refId === other.id)!;
    expect(o.clip).toBeCloseTo(0.5, 5); // the narration's cosine, not its name's 1
    expect(o.score).toBeCloseTo(0.5, 5);
  });

  it('embeds a name once per model: a second search embeds only its query', async () => {
    const index = await openIndex('clip/toon-clip', DIM);
    await addReference(
      { bytes: new Uint8Array([1]).buffer, type: 'image/png', name: '기차역 station.png' },
      QUERY,
      'clip/toon-clip',
      index,
    );
    await searchPlaces(undefined, ['기차역에서 기다린다'], 3);
    const texts = () => vi.mocked(embedTexts).mock.calls.map((c) => c[1]);
    expect(texts().some((t) => t.includes('기차역 station'))).toBe(true);
    vi.mocked(embedTexts).mockClear();
    await searchPlaces(undefined, ['기차역 앞에서'], 3);
    expect(texts()).toEqual([['기차역 앞에서']]);
  });
});
