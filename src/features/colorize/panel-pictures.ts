/**
 * The selected panel's pictures as object URLs (loading seam of `<toon-colorize-view>`; the list
 * shows thumbnails, src/app/panel-thumbs.ts): its original and newest result, read from the store
 * once, owned by one ObjectUrls (src/app/object-urls.ts), so a replaced result's URL and those of
 * a panel no longer selected are revoked. The host's
 * `data-object-urls` says how many are live (the colorize e2e checks that recolors do not leak).
 */
import type { ReactiveControllerHost } from 'lit';
import { ObjectUrls } from '../../app/object-urls';
import { getBlob, toBlob } from '../../store/blobs';
import type { Panel } from '../../store/schema';

export class PanelPictures {
  private readonly urls: ObjectUrls;

  constructor(private readonly host: ReactiveControllerHost & { readonly dataset: DOMStringMap }) {
    this.urls = new ObjectUrls(host);
  }

  get(blobId: string): string | undefined {
    return this.urls.get(blobId);
  }

  /**
   * Makes the URL of stored picture `blobId` (once), then releases the pictures the panels
   * `shown()` lists after the read no longer show (read then: the selection may change meanwhile).
   */
  async load(blobId: string | undefined, shown: () => readonly Panel[]): Promise<void> {
    if (!blobId || this.urls.has(blobId)) return;
    const rec = await getBlob(blobId);
    if (rec) this.urls.set(blobId, toBlob(rec));
    this.release(shown());
    this.host.requestUpdate();
  }

  /** Revokes the URLs of pictures no panel shows any more (a replaced result, a deleted panel). */
  release(panels: readonly Panel[]): void {
    this.urls.keep(panels.flatMap((p) => (p.resultBlobId ? [p.originalBlobId, p.resultBlobId] : [p.originalBlobId])));
    this.host.dataset.objectUrls = String(this.urls.size);
  }
}
