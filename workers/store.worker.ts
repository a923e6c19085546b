/**
 * Store worker: the store work that is too heavy for the page, so that large inputs never block
 * the main thread (issue 18). Plain store modules (src/store, idb) run here as on the page.
 *
 * - `restoreBackup(file)`: reads the backup file (a File/Blob is posted as a handle, not copied),
 *   unpacks and validates it (workers/image/backup.ts: every image sniffed and decoded), then
 *   writes it in ONE transaction under fresh ids (src/store/backup.ts `writeBackup`). Bad input
 *   comes back as `{ ok: false, code, detail }` (the bridge throws `StripError`); a store failure
 *   (quota) is thrown and crosses the boundary by name (`StorageFullError`).
 * - `imageBlobs(ids)`: stored images as DOM Blobs (handles: the page only makes object URLs).
 * - `referenceThumbnails(ids)`: thumbnails for references that have none yet (older records):
 *   originals read, thumbnails made (workers/image/thumbnail.ts) and stored here — the page only
 *   gets the updated records (scrolling the grid over an old library never decodes on the page).
 * - `panelThumbnails(ids)`: the thumbnails of stored panel images (src/store/panel-thumbs.ts): the
 *   stored ones, and those missing made from the image and stored here (null for an image that is
 *   gone or cannot be decoded) — the lists never decode a full-size panel on the page.
 * - `stageModel(id, kind, name, entries)`: a picked model folder (File handles + paths) read,
 *   checked and written as a `staging` record (store/model-files.ts); the page holds the import's
 *   Web Lock (src/store/models.ts `importStagedBy`) and gets back the staged record only (the
 *   model worker then reads the files from the store by the record's id: never through the page).
 *
 * The page passes its tab id first (`init`), so the changes written here are announced to other
 * tabs as the page's own (src/store/changes.ts); the page refreshes its own views itself.
 */
import { expose } from 'comlink';
import './runtime/errors'; // the one error protocol: codes + params cross comlink
import { setChangeTab } from '../src/store/changes';
import { writeBackup, type Restored } from '../src/store/backup';
import { getBlob, getBlobs, toBlob } from '../src/store/blobs';
import { getReference, setThumbnails } from '../src/store/references';
import { getPanelThumbs, PANEL_THUMB_SIDE, putPanelThumbs } from '../src/store/panel-thumbs';
import type { ReferenceRecord, ThumbRecord } from '../src/store/schema';
import { thumbnail } from './image/thumbnail';
import type { Failure } from '../src/core/strip/limits';
import { unpackChecked } from './image/backup';
import { stageFolder, type ModelEntry, type StageProgress } from './store/model-files';

/** `leftOut`: names of library references whose image a restore does not take (format.ts unpackBackup). */
export type RestoreAnswer = ({ ok: true } & Restored & { leftOut: string[] }) | Failure;

const api = {
  init(tab: string) {
    setChangeTab(tab);
  },

  async restoreBackup(file: Blob): Promise<RestoreAnswer> {
    const content = await unpackChecked(file);
    if (!content.ok) return content;
    const { ok: _ok, createdAt: _at, leftOut = [], ...backup } = content;
    return { ok: true, ...(await writeBackup(backup)), leftOut };
  },

  async imageBlobs(ids: string[]): Promise<Blob[]> {
    return (await getBlobs(ids)).map(toBlob);
  },

  async referenceThumbnails(ids: string[]): Promise<ReferenceRecord[]> {
    const made = new Map<string, { bytes: ArrayBuffer; type: string }>();
    for (const id of ids) {
      const r = await getReference(id);
      if (!r || r.thumbBlobId) continue;
      const b = await getBlob(r.blobId);
      if (!b) continue;
      const t = await thumbnail(toBlob(b));
      if ('bytes' in t) made.set(r.id, { bytes: t.bytes, type: t.type });
    }
    return setThumbnails(made);
  },

  async panelThumbnails(ids: string[]): Promise<(Blob | null)[]> {
    const have = await getPanelThumbs(ids);
    const made: ThumbRecord[] = [];
    for (const id of new Set(ids)) {
      if (have.has(id)) continue;
      const b = await getBlob(id);
      if (!b) continue;
      const t = await thumbnail(toBlob(b), PANEL_THUMB_SIDE);
      if (!('bytes' in t)) continue;
      const rec = {
        id,
        blob: new Blob([t.bytes], { type: t.type }),
        width: t.width,
        height: t.height,
        createdAt: Date.now(),
      };
      made.push(rec);
      have.set(id, rec);
    }
    await putPanelThumbs(made);
    return ids.map((id) => have.get(id)?.blob ?? null);
  },

  async stageModel(
    id: string,
    kind: 'diffusion' | 'clip',
    name: string,
    entries: ModelEntry[],
    onProgress?: StageProgress,
  ) {
    return stageFolder(id, kind, name, entries, onProgress);
  },
};

export type StoreApi = typeof api;
expose(api);
