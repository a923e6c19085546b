// Seeds n references in the stored shape straight into IndexedDB (page script): records WITHOUT
// thumbnails (as written before issue 14's thumbnails, or restored from a backup), one shared
// original image blob each (copied bytes), 128-d unit vectors in 1,024-row chunks. Used by the
// references-grid e2e and the references-grid bench (no UI path adds thousands of images quickly).
import { SHIPPED_VECTORS_ID } from './clip-folders.mjs';

export function seedReferences(page, { n, image, dim = 128 }) {
  return page.evaluate(
    async ({ n, image, dim, modelId }) => {
      const db = await new Promise((res, rej) => {
        const r = indexedDB.open('toonsmith');
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const bytes = new Uint8Array(image).buffer;
      const tx = db.transaction(['blobs', 'references', 'vectorChunks'], 'readwrite');
      let seed = 11;
      const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5;
      const rowsPer = 1024;
      for (let c = 0; c * rowsPer < n; c++) {
        const rows = Math.min(rowsPer, n - c * rowsPer);
        const data = new Float32Array(rows * dim);
        const ids = [];
        for (let r = 0; r < rows; r++) {
          let s = 0;
          for (let i = 0; i < dim; i++) s += (data[r * dim + i] = rnd()) ** 2;
          for (let i = 0; i < dim; i++) data[r * dim + i] /= Math.sqrt(s);
          const k = c * rowsPer + r;
          const id = `seed-${k}`;
          ids.push(id);
          tx.objectStore('blobs').put({
            id: `seedblob-${k}`,
            type: 'image/png',
            blob: new Blob([bytes], { type: 'image/png' }),
            createdAt: k,
          });
          tx.objectStore('references').put({
            id,
            blobId: `seedblob-${k}`,
            name: `ref-${k}.png`,
            tags: [],
            modelId,
            chunkId: 5000 + c,
            row: r,
            createdAt: k,
          });
        }
        tx.objectStore('vectorChunks').put({
          id: 5000 + c,
          modelId,
          dim,
          rows,
          data: data.buffer,
          ids,
        });
      }
      await new Promise((res, rej) => {
        tx.oncomplete = res;
        tx.onerror = () => rej(tx.error);
      });
      db.close();
    },
    { n, image, dim, modelId: SHIPPED_VECTORS_ID },
  );
}
