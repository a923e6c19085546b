/**
 * Where an image-to-image run starts from:
 *   'library' — the top CLIP match for the treatment in the reference library (default),
 *   'picked'  — the reference chosen with "use as reference" in the references view,
 *   'photo'   — a photo the user picked or dropped,
 *   'none'    — text only.
 * Returns the decoded init image (decoded in the diffusion worker) and what to show as "the
 * reference used"; undefined for 'none' or when the library has nothing to offer.
 */
import { SHIPPED_CLIP, useModel, type ClipSource } from '../../bridge/clip';
import { decodeInitImage, type GenerateResult } from '../../bridge/diffusion';
import { getBlob, toBlob } from '../../store/blobs';
import { ACTIVE_CLIP_KEY, getModel, loadModelFiles } from '../../store/models';
import { getActiveReference, getReference } from '../../store/references';
import { getSetting } from '../../store/settings';
import { Library } from '../references/library';

export type InitMode = 'none' | 'library' | 'picked' | 'photo';

export interface InitChoice {
  image: GenerateResult['image'];
  /** The picture itself, to show next to the result. */
  blob: Blob;
  kind: Exclude<InitMode, 'none'> | 'character';
  name: string;
  /** Cosine score of a library match. */
  score?: number;
}

export class InitError extends Error {
  constructor(readonly key: string) {
    super(key);
    this.name = 'InitError';
  }
}

let library: Library | undefined;

async function clipSource(): Promise<ClipSource> {
  const id = await getSetting<string>(ACTIVE_CLIP_KEY, SHIPPED_CLIP.id);
  if (id === SHIPPED_CLIP.id) return SHIPPED_CLIP;
  const rec = await getModel(id);
  if (!rec) return SHIPPED_CLIP;
  return { kind: 'imported', id: rec.id, name: rec.name, files: await loadModelFiles(rec) };
}

/** The best library match for `treatment`, or undefined when the library is empty. */
async function topMatch(signal: AbortSignal, treatment: string): Promise<Omit<InitChoice, 'image'> | undefined> {
  useModel(await clipSource());
  library ??= new Library();
  await library.open(signal); // picks up references added since, re-embeds stale ones
  if (library.refs.size === 0) return undefined;
  const { hits } = await library.search(treatment, { k: 1 }, signal);
  const hit = hits[0];
  if (!hit) return undefined;
  const rec = await getBlob(hit.ref.blobId);
  if (!rec) return undefined;
  return { blob: toBlob(rec), kind: 'library', name: hit.ref.name, score: Math.round(hit.score * 1000) / 1000 };
}

async function picked(): Promise<Omit<InitChoice, 'image'>> {
  const active = await getActiveReference();
  const ref = active ? await getReference(active.referenceId) : undefined;
  const rec = ref ? await getBlob(ref.blobId) : undefined;
  if (!ref || !rec) throw new InitError('generate.error.noPicked');
  return { blob: toBlob(rec), kind: 'picked', name: ref.name };
}

export async function resolveInit(
  signal: AbortSignal,
  mode: InitMode,
  treatment: string,
  photo?: File,
): Promise<InitChoice | undefined> {
  let choice: Omit<InitChoice, 'image'> | undefined;
  if (mode === 'none') return undefined;
  if (mode === 'library') choice = await topMatch(signal, treatment);
  else if (mode === 'picked') choice = await picked();
  else {
    if (!photo) throw new InitError('generate.error.noPhoto');
    choice = { blob: photo, kind: 'photo', name: photo.name };
  }
  if (!choice) return undefined;
  return { ...choice, image: await decodeInitImage(signal, choice.blob) };
}
