/**
 * The References view's CLIP model (a helper the view owns; it re-renders the host after changes): which model is active (shipped or
 * imported), opening the library with it (a task the "built-in model" button can abort), falling
 * back to the shipped model when a saved one cannot load, the staged import of a picked or dropped
 * folder/zip, and switching between stored models. The host re-renders through `onChange`.
 */
import type { ReactiveControllerHost } from 'lit';
import { t } from '../../app/i18n';
import { modelZipText } from '../../app/model-zip-errors';
import { runTask, isAbortError } from '../../app/progress';
import { notify } from '../../app/notifier';
import { SHIPPED_CLIP, useModel, type ClipSource } from '../../bridge/clip';
import { getSetting, setSetting } from '../../store/settings';
import { ACTIVE_CLIP_KEY, cleanStagedModels, getModel, importStagedBy, listModels } from '../../store/models';
import { stageModelFiles } from '../../bridge/store';
import type { ModelRecord } from '../../store/schema';
import type { Library } from './library';
import { tagThresholds } from './tag-thresholds';
import { readDroppedModel, readPickedFiles, type PickedModel } from './model-files';
import { refsErrorMessage as message } from './errors';

export class ClipModelsController {
  /** Setting clip.activeModel as last read (the built-in button shows while it is not the shipped model). */
  activeId = SHIPPED_CLIP.id;
  /** Imported CLIP models kept in the store. */
  models: ModelRecord[] = [];
  /** Aborts the model load / re-embed in flight (the built-in button stops a load that hangs). */
  private loading?: AbortController;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly lib: Library,
    /** The library or the model changed: the host refreshes what it shows. */
    private readonly onChange: () => void,
  ) {}

  /** The active model as the CLIP worker loads it (an imported one by its record id). */
  async source(): Promise<ClipSource> {
    const id = await getSetting<string>(ACTIVE_CLIP_KEY, SHIPPED_CLIP.id);
    if (id === SHIPPED_CLIP.id) return SHIPPED_CLIP;
    const rec = await getModel(id);
    if (!rec) return SHIPPED_CLIP;
    return { kind: 'imported', id: rec.id, name: rec.name }; // the CLIP worker reads its files itself
  }

  /** Runs `lib.open` as a task that the built-in button can also abort. */
  private async openLib(label: string): Promise<void> {
    this.loading?.abort();
    const ac = (this.loading = new AbortController());
    try {
      await runTask(label, (signal, report) => this.lib.open(signal, report), {
        notifyErrors: false,
        signal: ac.signal,
      });
    } finally {
      if (this.loading === ac) this.loading = undefined;
    }
  }

  private async changed(): Promise<void> {
    this.models = await listModels('clip');
    this.onChange();
    this.host.requestUpdate();
  }

  /**
   * Loads the active model. An imported model that cannot be loaded (missing blobs, a graph that
   * fails) is not retried on every visit: the shipped model becomes active and the user is told.
   */
  async open(): Promise<void> {
    const release = this.lib.holdOpen(); // pictures dropped from now on wait for the model
    try {
      await this.openModel();
    } finally {
      release();
    }
  }

  private async openModel(): Promise<void> {
    await cleanStagedModels().catch(() => 0);
    this.activeId = await getSetting<string>(ACTIVE_CLIP_KEY, SHIPPED_CLIP.id);
    try {
      const src = await this.source();
      useModel(src);
      this.lib.thresholds = await tagThresholds(src);
      await this.openLib(t('refs.loading'));
    } catch (e) {
      if (isAbortError(e)) {
        /* cancelled, or the built-in button took over */
      } else if (this.activeId !== SHIPPED_CLIP.id) await this.fallBack(e);
      else notify({ kind: 'error', message: t('refs.error.modelLoad', { reason: message(e) }) });
    }
    await this.changed();
  }

  /** The saved imported model failed to load on open: back to the shipped one, said in the user's language. */
  private async fallBack(e: unknown): Promise<void> {
    const name = (await getModel(this.activeId).catch(() => undefined))?.name ?? this.activeId;
    await setSetting(ACTIVE_CLIP_KEY, SHIPPED_CLIP.id);
    this.activeId = SHIPPED_CLIP.id;
    useModel(SHIPPED_CLIP);
    notify({ kind: 'error', message: t('refs.error.fallback', { name, reason: message(e) }) });
    await this.openLib(t('refs.loading')).catch((err: unknown) => {
      if (!isAbortError(err)) notify({ kind: 'error', message: t('refs.error.modelLoad', { reason: message(err) }) });
    });
  }

  /** "Use the built-in model": stops a load in flight (it may hang) and switches to the shipped model. */
  readonly useBuiltIn = async (): Promise<void> => {
    this.loading?.abort();
    await this.switchTo(SHIPPED_CLIP.id);
  };

  /** The folder or zip input changed. */
  readonly importModel = (ev: Event): Promise<void> => {
    const input = ev.target as HTMLInputElement;
    const list = [...(input.files ?? [])];
    input.value = '';
    return this.importPicked(readPickedFiles(list));
  };

  /** A folder or zip dropped on the model zone. */
  readonly onModelDrop = (ev: DragEvent): Promise<void> | undefined => {
    ev.preventDefault();
    (ev.currentTarget as HTMLElement).classList.remove('over');
    // Entries must be taken from the DataTransfer before the handler returns.
    return ev.dataTransfer ? this.importPicked(readDroppedModel(ev.dataTransfer)) : undefined;
  };

  /**
   * Staged import (src/store/models.ts importStagedBy; the files are read, checked and written
   * aside in the store worker, src/bridge/store.ts): the folder is written aside (not active),
   * loaded and probed in the worker and the library re-embedded with it; only then one transaction
   * keeps it and makes it active. Any failure (or a closed tab) leaves the previous model active
   * and nothing stored.
   */
  private async importPicked(reading: Promise<PickedModel>): Promise<void> {
    let picked: PickedModel;
    try {
      picked = await reading;
    } catch (e) {
      return void notify({ kind: 'error', message: t('refs.error.modelFolder', { reason: message(e) }) });
    }
    const prev = await this.source().catch(() => SHIPPED_CLIP);
    // Read, checked (checkClipFolder) and staged in the store worker; the CLIP worker loads the
    // staged record by its id: the page never holds the bytes.
    let refused: string | undefined;
    try {
      const rec = await importStagedBy(
        async (id) => {
          const r = await stageModelFiles(undefined, id, 'clip', picked.name, picked.entries);
          if (!r.ok) {
            refused =
              r.kind === 'clip'
                ? r.issues.map((i) => t(i.key, i.params)).join('; ')
                : r.kind === 'zip'
                  ? modelZipText(r)
                  : r.problems.join('; ');
            throw new Error(refused);
          }
          return r.record;
        },
        async (staged) => {
          useModel({ kind: 'imported', id: staged.id, name: staged.name });
          await this.openLib(t('refs.reembed'));
        },
        { activeKey: ACTIVE_CLIP_KEY },
      );
      this.activeId = rec.id;
      notify({ kind: 'success', message: t('refs.imported', { name: picked.name }) });
    } catch (e) {
      if (refused !== undefined)
        return void notify({ kind: 'error', message: t('refs.error.modelFolder', { reason: refused }) });
      useModel(prev);
      if (!isAbortError(e)) notify({ kind: 'error', message: t('refs.error.modelLoad', { reason: message(e) }) });
      await this.openLib(t('refs.loading')).catch(() => undefined);
    }
    await this.changed();
  }

  /** Makes a model active and re-embeds the library with it; false (previous model kept) on failure. */
  async switchTo(id: string): Promise<boolean> {
    const before = await getSetting<string>(ACTIVE_CLIP_KEY, SHIPPED_CLIP.id);
    // A saved model whose files cannot be read any more must not block leaving it.
    const prev = await this.source().catch(() => SHIPPED_CLIP);
    await setSetting(ACTIVE_CLIP_KEY, id);
    this.activeId = id;
    let ok = true;
    try {
      useModel(await this.source());
      await this.openLib(t('refs.reembed'));
    } catch (e) {
      // Back to the previous model: its vectors were not touched.
      await setSetting(ACTIVE_CLIP_KEY, before);
      this.activeId = before;
      useModel(prev);
      if (!isAbortError(e)) notify({ kind: 'error', message: t('refs.error.modelLoad', { reason: message(e) }) });
      await this.openLib(t('refs.loading')).catch(() => undefined);
      ok = false;
    }
    await this.changed();
    return ok;
  }
}
