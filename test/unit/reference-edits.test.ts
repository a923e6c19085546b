// Reference edits (src/store/reference-meta.ts): a function edit reads the record as stored, so two
// quick chip removals both land; zero-shot results never write back a tag the user took off.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB } from '../../src/store/db';
import { addReference } from '../../src/store/references';
import { setManyTagSplits, updateReference } from '../../src/store/reference-meta';
import { openIndex } from '../../src/store/vectors';
import { png } from './backup-helpers';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

async function oneRef() {
  const index = await openIndex('clip/toon-clip', 8);
  return addReference(
    { bytes: png(60, 3, 2), type: 'image/png', name: 'cat.png' },
    Float32Array.from({ length: 8 }, (_, i) => Math.cos(i)),
    'clip/toon-clip',
    index,
    [{ label: 'cat', score: 0.9 }],
  );
}

describe('reference edits', () => {
  it('two function edits started together both land (no lost update)', async () => {
    const ref = await oneRef();
    await updateReference(ref.id, { userTags: ['a', 'b', 'c'], collections: ['x', 'y'] });
    const [one, two] = await Promise.all([
      updateReference(ref.id, (r) => ({ userTags: (r.userTags ?? []).filter((l) => l !== 'a') })),
      updateReference(ref.id, (r) => ({ userTags: (r.userTags ?? []).filter((l) => l !== 'b') })),
    ]);
    expect(one.userTags).toEqual(['b', 'c']);
    expect(two.userTags).toEqual(['c']);
    expect(two.collections).toEqual(['x', 'y']);
  });

  it('zero-shot results skip what the user took off or gave, as stored at write time', async () => {
    const ref = await oneRef();
    await updateReference(ref.id, { rejected: ['dog'], userTags: ['tree'] });
    const [rec] = await setManyTagSplits(
      new Map([
        [
          ref.id,
          {
            tags: [
              { label: 'dog', score: 0.95 },
              { label: 'cat', score: 0.9 },
            ],
            suggested: [
              { label: 'tree', score: 0.4 },
              { label: 'sun', score: 0.3 },
            ],
          },
        ],
      ]),
    );
    expect(rec.tags).toEqual([{ label: 'cat', score: 0.9 }]);
    expect(rec.suggested).toEqual([{ label: 'sun', score: 0.3 }]);
  });
});
