// Shared by e2e tests (not a test itself): every record of the named IndexedDB stores, read in the page.
export function readStores(page, names) {
  return page.evaluate(async (stores) => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const out = {};
    for (const s of stores)
      out[s] = await new Promise((res, rej) => {
        const r = db.transaction(s).objectStore(s).getAll();
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
    db.close();
    return out;
  }, names);
}
