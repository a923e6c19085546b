/**
 * Where an image-to-image run starts from:
 *   'library' — the top match for the treatment in the reference library (default; the shared
 *               library search, src/services/library-search.ts: CLIP cosine + name/tag words),
 *   'picked'  — the reference chosen with "use as reference" in the references view,
 *   'photo'   — a photo the user picked or dropped,
 *   'none'    — text only.
 * Returns the decoded init image (decoded in the diffusion worker) and what to show as "the
 * reference used"; undefined for 'none' or when the library has nothing to offer.
 */
import { decodeInitImage, type GenerateResult } from '../../bridge/diffusion';
import { getBlob, toBlob } from '../../store/blobs';
import { getActiveReference, getReference } from '../../store/references';
import { searchPlaces } from '../../services/library-search';

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

/** The best library match for `treatment` (src/services/library-search.ts), or undefined when the library is empty. */
async function topMatch(signal: AbortSignal, treatment: string): Promise<Omit<InitChoice, 'image'> | undefined> {
  const [hit] = (await searchPlaces(signal, [treatment], 1))[0] ?? [];
  if (!hit) return undefined;
  const rec = await getBlob(hit.blobId);
  if (!rec) return undefined;
  return { blob: toBlob(rec), kind: 'library', name: hit.name, score: Math.round(hit.clip * 1000) / 1000 };
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
