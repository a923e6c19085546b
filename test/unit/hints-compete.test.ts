// Hints saved before competing hints (src/core/regions/split.ts): their bucket clicks were radius-1
// points that replaced a region's earlier hints; read back, they are buckets (`fill: true`), so an
// old panel keeps its colours. Records saved now are marked and read back as saved.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB, getDB } from '../../src/store/db';
import { getHints, getHintsFor, getHintState, saveHints, saveHintState } from '../../src/store/hints';
import type { Hint } from '../../src/core/color/hints';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

const bucket: Hint = { kind: 'point', x: 3, y: 4, rgb: [200, 20, 20], radius: 1 };
const brush: Hint = { kind: 'point', x: 9, y: 4, rgb: [20, 20, 200], radius: 6 };
const stroke: Hint = {
  kind: 'stroke',
  points: [
    [1, 1],
    [5, 5],
  ],
  rgb: [20, 200, 20],
  width: 4,
};

describe('hints store: records from before competing hints', () => {
  it('reads an old record’s radius-1 points (bucket, "colour as") as buckets, in the list and its history', async () => {
    const db = await getDB();
    await db.put('hints', {
      id: 'old',
      panelId: 'old',
      hints: [bucket, brush, stroke],
      past: [[bucket]],
      updatedAt: 1,
    });
    const st = await getHintState('old');
    expect(st.hints).toEqual([{ ...bucket, fill: true }, brush, stroke]);
    expect(st.past).toEqual([[{ ...bucket, fill: true }]]);
    expect(await getHints('old')).toEqual([{ ...bucket, fill: true }, brush, stroke]);
    expect((await getHintsFor(['old'])).get('old')).toEqual([{ ...bucket, fill: true }, brush, stroke]);
  });

  it('marks what it saves, and reads it back as saved (a size-1 point stays a point)', async () => {
    await saveHintState('new', { hints: [bucket, { ...brush, fill: true }], past: [], future: [] });
    expect((await getHintState('new')).hints).toEqual([bucket, { ...brush, fill: true }]);
    await saveHints('n2', [bucket]);
    expect(await getHints('n2')).toEqual([bucket]);
    expect((await (await getDB()).get('hints', 'n2'))?.compete).toBe(true);
  });
});
