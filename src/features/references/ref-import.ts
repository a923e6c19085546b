/**
 * Adding pictures to the reference library, for <toon-references-view>: the file picker, a picked
 * folder (each image joins the collections named by its folders), a drop, the current project's
 * panels. One task with progress (cancel); the notices of what was added, what was already in the
 * library (the same bytes) and what could not be read come from ref-notices.ts.
 */
import { t } from '../../app/i18n';
import { isAbortError, runTask } from '../../app/progress';
import { notify } from '../../app/notifier';
import { currentProjectId } from '../../store/projects';
import { listPanels } from '../../store/panels';
import { getBlob, toBlob } from '../../store/blobs';
import type { Library } from './library';
import { refsErrorMessage } from './errors';
import { reportAdded } from './ref-notices';

type Item = { blob: Blob; name: string; projectId?: string; collections?: string[] };

export function dragOver(e: DragEvent): void {
  e.preventDefault();
  (e.currentTarget as HTMLElement).classList.add('over');
}

export function dragLeave(e: DragEvent): void {
  (e.currentTarget as HTMLElement).classList.remove('over');
}

export class RefImport {
  /** `done(added)` runs after every import, whatever its outcome (the view refreshes). */
  constructor(
    private readonly lib: Library,
    private readonly done: (added: boolean) => void,
  ) {}

  async add(items: Item[]): Promise<void> {
    const images = items.filter((i) => !i.blob.type || i.blob.type.startsWith('image/'));
    if (images.length === 0) return void notify({ kind: 'error', message: t('refs.error.noImages') });
    let added = false;
    try {
      const r = await runTask(
        () => t('refs.adding'),
        (signal, report) => this.lib.add(images, signal, report),
        { notifyErrors: false },
      );
      added = reportAdded(r);
    } catch (e) {
      if (!isAbortError(e)) notify({ kind: 'error', message: refsErrorMessage(e) });
    }
    this.done(added);
  }

  readonly onFiles = (ev: Event): void => {
    const input = ev.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    void this.add(files.map((f) => ({ blob: f, name: f.name })));
  };

  /** A folder of images (webkitdirectory): each image joins the collections named by its folders. */
  readonly onFolder = (ev: Event): void => {
    const input = ev.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    void this.add(
      files.map((f) => ({
        blob: f,
        name: f.name,
        collections: f.webkitRelativePath.split('/').slice(0, -1).filter(Boolean),
      })),
    );
  };

  readonly onDrop = (ev: DragEvent): void => {
    ev.preventDefault();
    (ev.currentTarget as HTMLElement).classList.remove('over');
    const files = [...(ev.dataTransfer?.files ?? [])];
    void this.add(files.map((f) => ({ blob: f, name: f.name })));
  };

  readonly addPanels = async (): Promise<void> => {
    const projectId = await currentProjectId();
    if (!projectId) return void notify({ kind: 'error', message: t('refs.error.noImages') });
    const items: Item[] = [];
    for (const p of await listPanels(projectId)) {
      const b = await getBlob(p.resultBlobId ?? p.originalBlobId);
      if (b) items.push({ blob: toBlob(b), name: p.sourceName, projectId });
    }
    await this.add(items);
  };
}
