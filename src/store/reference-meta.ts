/**
 * Reference metadata a person curates (store side of the References view's organising): user
 * tags, zero-shot suggestions (accept → user tag, reject → never again), collections, notes,
 * name. Records live in `references` (src/store/references.ts adds and deletes them with their
 * image and vector; this module only edits their metadata).
 *
 * Invariants: every edit is one transaction and is announced (changes.ts) so the vectors worker
 * and other tabs reload; a renamed collection or tag is renamed in every reference at once
 * (merged when the new name exists). Fields are optional on records written before issue 14
 * (read as empty), so no migration is needed.
 */
import { getDB, guardWrite, MissingRecordError } from './db';
import type { ReferenceRecord } from './schema';
import { TAG_LABELS_KEY } from './references';

export type ReferencePatch = Partial<
  Pick<ReferenceRecord, 'name' | 'userTags' | 'tags' | 'suggested' | 'rejected' | 'collections' | 'notes'>
>;

/**
 * An edit: a patch, or a function of the record as stored that returns one (read in the same
 * transaction, so two quick edits of one list — two chips removed — never undo each other).
 */
export type ReferenceEdit = ReferencePatch | ((rec: ReferenceRecord) => ReferencePatch);

/** Applies `edit` to one reference; returns the stored record. */
export async function updateReference(id: string, edit: ReferenceEdit): Promise<ReferenceRecord> {
  const db = await getDB();
  return guardWrite(
    async (track) => {
      const tx = track(db.transaction('references', 'readwrite'));
      const rec = await tx.store.get(id);
      if (!rec) throw new MissingRecordError('reference', id);
      const next = { ...rec, ...(typeof edit === 'function' ? edit(rec) : edit) };
      await tx.store.put(next);
      await tx.done;
      return next;
    },
    { store: 'references' },
  );
}

/** Zero-shot results for many references in ONE transaction: applied tags and suggestions. */
export async function setManyTagSplits(
  splits: ReadonlyMap<string, { tags: ReferenceRecord['tags']; suggested: NonNullable<ReferenceRecord['suggested']> }>,
): Promise<ReferenceRecord[]> {
  if (!splits.size) return [];
  const db = await getDB();
  return guardWrite(
    async (track) => {
      const tx = track(db.transaction('references', 'readwrite'));
      const out: ReferenceRecord[] = [];
      for (const [id, s] of splits) {
        const rec = await tx.store.get(id);
        if (!rec) continue;
        // the record as stored now: a tag the user took off (or gave) meanwhile is not written back
        const off = (l: string) => !!rec.rejected?.includes(l);
        const next = {
          ...rec,
          tags: s.tags.filter((x) => !off(x.label)),
          suggested: s.suggested.filter((x) => !off(x.label) && !rec.userTags?.includes(x.label)),
        };
        void tx.store.put(next);
        out.push(next);
      }
      await tx.done;
      return out;
    },
    { store: 'references' },
  );
}

/**
 * Renames a collection or a tag in every reference (a tag also among the saved zero-shot labels
 * is renamed there). Returns the changed records.
 */
export async function renameInLibrary(
  kind: 'collection' | 'tag',
  from: string,
  to: string,
): Promise<ReferenceRecord[]> {
  const db = await getDB();
  const swap = (list: string[]) => [...new Set(list.map((x) => (x === from ? to : x)))];
  const relabel = (l: { label: string; score: number }[]) =>
    l
      .map((t) => (t.label === from ? { ...t, label: to } : t))
      .filter((t, i, a) => a.findIndex((u) => u.label === t.label) === i);
  return guardWrite(
    async (track) => {
      const tx = track(db.transaction(['references', 'settings'], 'readwrite'));
      const changed: ReferenceRecord[] = [];
      for (const rec of await tx.objectStore('references').getAll()) {
        let next = rec;
        if (kind === 'collection' && rec.collections?.includes(from))
          next = { ...rec, collections: swap(rec.collections) };
        if (
          kind === 'tag' &&
          (rec.userTags?.includes(from) ||
            rec.tags.some((t) => t.label === from) ||
            rec.suggested?.some((t) => t.label === from))
        ) {
          next = {
            ...rec,
            tags: relabel(rec.tags),
            ...(rec.suggested ? { suggested: relabel(rec.suggested) } : {}),
            ...(rec.userTags ? { userTags: swap(rec.userTags) } : {}),
          };
        }
        if (next !== rec) {
          void tx.objectStore('references').put(next);
          changed.push(next);
        }
      }
      if (kind === 'tag') {
        const labels = (await tx.objectStore('settings').get(TAG_LABELS_KEY))?.value;
        if (Array.isArray(labels) && labels.includes(from))
          void tx.objectStore('settings').put({ key: TAG_LABELS_KEY, value: swap(labels as string[]) });
      }
      await tx.done;
      return changed;
    },
    [{ store: 'references' }, { store: 'settings', key: TAG_LABELS_KEY }],
  );
}
