/**
 * Hybrid search in the vectors worker: RefText (src/core/search/hybrid.ts) keeps the text index in
 * step with the records and fuses it with the picture ranking (FUSION); LibraryIndex
 * (workers/vectors/library-index.ts, run here in Node on fake-indexeddb) builds it on open and
 * answers a query text + vector with the fused top-k only.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB } from '../../src/store/db';
import { RefText, tagsOf, PICTURE_BADGE_RANK } from '../../src/core/search/hybrid';
import { fuseTextPicture, FUSION } from '../../src/core/search/fusion';
import { LibraryIndex } from '../../workers/vectors/library-index';
import type { ReferenceRecord } from '../../src/store/schema';

function rec(id: string, name: string, extra: Partial<ReferenceRecord> = {}): ReferenceRecord {
  return { id, blobId: `b-${id}`, name, tags: [], modelId: 'm', chunkId: 1, row: 0, createdAt: 0, ...extra };
}

describe('RefText', () => {
  const refs = [
    rec('a', '고양이-밤.png', { tags: [{ label: 'cat', score: 0.4 }], collections: ['밤 장면'] }),
    rec('b', 'dog.png', { userTags: ['cat'], projectId: 'p1' }),
    rec('c', 'street.png', { notes: 'rainy night street', collections: ['밤 장면'] }),
    rec('d', 'sky.png'),
  ];

  it('fuses text and picture with FUSION and says why each hit matched', () => {
    const rt = new RefText();
    rt.reset(refs);
    const pictures = [
      { id: 'd', score: 0.9 },
      { id: 'c', score: 0.8 },
      { id: 'a', score: 0.7 },
      { id: 'b', score: 0.1 },
    ];
    const r = rt.fuse('cat', pictures, {}, 3);
    const text = rt.text.search('cat').map((h) => h.id);
    expect(text.sort()).toEqual(['a', 'b']);
    const want = fuseTextPicture(
      rt.text.search('cat').map((h) => h.id),
      pictures.map((p) => p.id),
      FUSION,
    ).slice(0, 3);
    expect(r.hits.map((h) => h.id)).toEqual(want.map((w) => w.id));
    expect(r.hits.map((h) => h.score)).toEqual(want.map((w) => w.score));
    const a = r.hits.find((h) => h.id === 'a')!;
    // its name 고양이-밤 matches "cat" through the Korean ↔ English lexicon; picture rank 3 ≤ PICTURE_BADGE_RANK
    expect(a.why).toEqual(['name', 'tag', 'picture']);
    expect(PICTURE_BADGE_RANK).toBe(3);
    expect(a.cosine).toBe(0.7);
    expect(r.hits.find((h) => h.id === 'b')?.why).toEqual(['tag']); // picture rank 4: no badge
    expect(r.pictureOnly).toBe(false);
    expect(rt.fuse('🐱', pictures, {}, 2)).toMatchObject({
      pictureOnly: true,
      hits: [
        { id: 'd', why: ['picture'] },
        { id: 'c', why: ['picture'] },
      ],
    });
  });

  it('filters by project, tag (user tags too) and collection', () => {
    const rt = new RefText();
    rt.reset(refs);
    const pictures = refs.map((r, i) => ({ id: r.id, score: 1 - i / 10 }));
    expect(rt.fuse('cat', pictures, { projectId: 'p1' }, 5).hits.map((h) => h.id)).toEqual(['b']);
    expect(
      rt
        .fuse('night', pictures, { collection: '밤 장면' }, 5)
        .hits.map((h) => h.id)
        .sort(),
    ).toEqual(['a', 'c']);
    expect(rt.list({ tag: 'cat' }, 5).map((h) => [h.id, h.score])).toEqual([
      ['b', 1],
      ['a', 0.4],
    ]);
    expect(rt.list({ collection: '밤 장면' }, 1)).toHaveLength(1);
    expect(rt.tags()).toEqual(['cat']);
    expect(rt.collections()).toEqual(['밤 장면']);
    expect(tagsOf(refs[1])).toEqual(['cat']);
  });

  it('set / delete keep the text index in step with the records', () => {
    const rt = new RefText();
    rt.reset(refs);
    expect(rt.text.search('sky').map((h) => h.id)).toEqual(['d']);
    rt.set({ ...refs[3], name: 'moon.png', notes: '보름달' });
    expect(rt.text.search('sky')).toEqual([]);
    expect(rt.text.search('보름달').map((h) => h.id)).toEqual(['d']);
    rt.delete('d');
    expect(rt.text.search('보름달')).toEqual([]);
    expect(rt.size).toBe(3);
    rt.reset([refs[0]]);
    expect([rt.size, rt.text.size]).toEqual([1, 1]);
  });
});

describe('LibraryIndex.hybrid (vectors worker)', () => {
  beforeEach(async () => {
    await closeDB();
    globalThis.indexedDB = new IDBFactory();
  });

  const dim = 4;
  const unit = (i: number) => Float32Array.from({ length: dim }, (_, j) => (j === i ? 1 : 0));
  const png = () => new Uint8Array([137, 80, 78, 71]).buffer;

  it('builds the text index on open and returns only the fused top-k', async () => {
    const lib = new LibraryIndex();
    await lib.open({ id: 'm', dim });
    const names = ['cat-sleeping.png', 'dog.png', 'street.png', 'sky.png'];
    const vectors = new Float32Array(names.length * dim);
    names.forEach((_, i) => vectors.set(unit(i), i * dim));
    const added = await lib.add(
      names.map((name) => ({ bytes: png(), type: 'image/png', name })),
      vectors,
      dim,
    );
    const id = (name: string) => added.find((r) => r.name === name)!.id;

    // A fresh index (another worker start) reads the store and builds its text index there.
    const fresh = new LibraryIndex();
    expect((await fresh.open({ id: 'm', dim })).count).toBe(4);
    // "cat" by name; the picture ranking (query vector = sky's) puts sky first.
    const r = fresh.hybrid('cat', unit(3), 2);
    expect(r.hits.map((h) => h.ref.name)).toEqual(['cat-sleeping.png', 'sky.png']);
    expect(r.hits[0].why[0]).toBe('name');
    expect(r.hits[1].why).toEqual(['picture']);
    expect(r.hits[1].cosine).toBeCloseTo(1, 6);
    expect(r.hits).toHaveLength(2);

    // The page's own edit reaches the text index.
    const summary = fresh.put([{ ...added[1], userTags: ['cat'], collections: ['pets'] }]);
    expect(summary.tags).toEqual(['cat']);
    expect(summary.collections).toEqual(['pets']);
    expect(
      fresh
        .hybrid('cat', unit(2), 4)
        .hits.filter((h) => h.why.includes('tag'))
        .map((h) => h.id),
    ).toEqual([id('dog.png')]);
    // Empty query + filter: the filter's list, no vector.
    expect(fresh.hybrid('', undefined, 5, { collection: 'pets' }).hits.map((h) => h.id)).toEqual([id('dog.png')]);
    // Removing drops it from the text index too.
    await fresh.remove([id('cat-sleeping.png')]);
    expect(fresh.hybrid('sleeping', unit(0), 4).hits.some((h) => h.why.includes('name'))).toBe(false);
  });
});
