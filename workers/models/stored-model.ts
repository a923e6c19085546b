/**
 * An imported model's files, read from the store by the model worker itself (issue 18: large
 * inputs never block the main thread). The page names the record id only (staged during an
 * import, kept when reopened); the bytes go from IndexedDB straight into this worker and never
 * pass through the page. Uses the store module (src/store/models.ts, DOM-free) as the page would.
 *
 * Failures are WorkerErrors (the one protocol, workers/runtime/errors.ts): `model.stored.missing`
 * (no such record of that kind: deleted in another tab), `model.stored.file` with params { file }
 * (a blob of it is gone).
 */
import { getModel, loadModelFiles, MissingModelFileError } from '../../src/store/models';
import type { ModelRecord } from '../../src/store/schema';
import { WorkerError } from '../runtime/errors';

export interface StoredModel {
  record: ModelRecord;
  /** path → bytes, as imported (the folder check already stripped a common top folder). */
  files: Record<string, ArrayBuffer>;
}

export async function storedModel(id: string, kind: ModelRecord['kind']): Promise<StoredModel> {
  const record = await getModel(id);
  if (!record || record.kind !== kind)
    throw new WorkerError('model.stored.missing', { id }, `No stored ${kind} model ${id}`, 'StoredModelError');
  try {
    return { record, files: await loadModelFiles(record) };
  } catch (e) {
    if (e instanceof MissingModelFileError)
      throw new WorkerError('model.stored.file', { file: e.path }, e.message, 'StoredModelError');
    throw e;
  }
}
