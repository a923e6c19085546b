/**
 * CLIP engine for the worker: transformers.js (AutoTokenizer, the layout's text and vision model
 * classes, AutoImageProcessor) from the app's own origin, remote loading off.
 *
 * - Layouts (workers/models/clip-folder.ts CLIP_LAYOUTS): clip → CLIPTextModelWithProjection /
 *   CLIPVisionModelWithProjection (text_embeds / image_embeds); siglip → SiglipTextModel /
 *   SiglipVisionModel (pooler_output; texts padded to max_length); jina_clip → JinaCLIPTextModel /
 *   JinaCLIPVisionModel (text_embeds / image_embeds or the combined export's names). Every kind's
 *   vectors are L2-normalised the same way (normalizeRows).
 *
 * - Shipped models load from /models/<id>/ (env.localModelPath = '/models/').
 * - Imported models load through `env.customCache`: a Cache-like object whose match() answers
 *   from the files the worker read from IndexedDB (clip.worker.ts); nothing is fetched for them.
 * - ORT: the runtime's one build and settings (workers/runtime/env.ts), shared with transformers.js.
 * - Device: the runtime's one rule (workers/runtime/choose-backend.ts): WebGPU on a hardware
 *   adapter or when the user forces it, else WASM; `prefer: 'webgpu' | 'wasm'` overrides it.
 */
// The runtime's ORT: onnxruntime-web/webgpu, the same module transformers.js imports.
import { configureOrt } from '../runtime/env';
import {
  AutoImageProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  JinaCLIPTextModel,
  JinaCLIPVisionModel,
  RawImage,
  SiglipTextModel,
  SiglipVisionModel,
  env,
  type ImageProcessor,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Tensor,
} from '@huggingface/transformers';
import { resolveBackend } from '../runtime/policy';
import { describeChoice } from '../runtime/choose-backend';
import { CLIP_LAYOUTS, detectClipLayout, towerGraphIssue, type ClipKind } from '../models/clip-folder';
import { WorkerError } from '../runtime/errors';
import { decodePixels } from '../runtime/codec';
import type {
  BackendWhy,
  ClipDevice,
  ClipDtype,
  ClipModelInfo,
  ClipLoadable,
  ClipProgress,
  ImageEmbedding,
  TextEmbedding,
} from './types';
import { vectorsIdOf } from './vectors-id';

const LOCAL_ROOT = '/models/';
/**
 * The shipped Toon-CLIP's vision tower is its int8 graph (onnx/vision_model_quantized.onnx, issue 15:
 * −2.2 MB of precache; cosine ≥ 0.9998 of fp32, val retrieval unchanged — models/clip/EVAL.md); its
 * text tower is fp32 (also the diffusion text encoder). Imported folders use the dtype asked for.
 */
const SHIPPED_VISION_DTYPE: ClipDtype = 'q8';
const IMPORTED_PREFIX = 'imported/';

// Never fetch remotely (the CSP would block it; on a static host before the service worker
// serves this worker's script, nothing else would): local models only, and the remote host —
// huggingface.co by default — pointed at the app's own /models/ in case a code path ignores the flag.
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = LOCAL_ROOT;
env.remoteHost = new URL(LOCAL_ROOT, globalThis.location?.origin ?? 'http://localhost').href;
// ORT is the runtime's one build, configured there (workers/runtime/env.ts): configureOrt() drops
// the CDN wasm path transformers.js sets; its wasm pre-loader (a blob: URL) stays off.
configureOrt();
env.useWasmCache = false;

/** Files of imported models, keyed by the URL path transformers.js asks for. */
const importedFiles = new Map<string, ArrayBuffer>();
env.useBrowserCache = false;
env.useCustomCache = true;
env.customCache = {
  async match(key: string | Request): Promise<Response | undefined> {
    const url = typeof key === 'string' ? key : key.url;
    const path = url.startsWith('http') ? new URL(url).pathname : url;
    const bytes = importedFiles.get(path);
    return bytes
      ? new Response(bytes.slice(0), { headers: { 'content-length': String(bytes.byteLength) } })
      : undefined;
  },
  async put(): Promise<void> {
    /* shipped files are precached by the service worker; imported ones live in IndexedDB */
  },
} as unknown as typeof env.customCache;

interface Loaded {
  info: ClipModelInfo;
  tok: PreTrainedTokenizer;
  text: PreTrainedModel;
  vision: PreTrainedModel;
  proc: ImageProcessor;
  imageSize: number;
  /** The graphs' embedding outputs and how texts are padded (the layout's). */
  textOutput: string;
  imageOutput: string;
  padding: true | 'max_length';
}

/** The layout of a model to load: its kind, size from config.json (imported) and the outputs to read. */
interface Layout {
  kind: ClipKind;
  dim?: number;
  textOutput: string;
  imageOutput: string;
}

const CLASSES = {
  clip: [CLIPTextModelWithProjection, CLIPVisionModelWithProjection],
  siglip: [SiglipTextModel, SiglipVisionModel],
  jina_clip: [JinaCLIPTextModel, JinaCLIPVisionModel],
} as const;
let loaded: Loaded | undefined;

export function current(): ClipModelInfo | undefined {
  return loaded?.info;
}

async function pickDevice(prefer: ClipDevice | 'auto'): Promise<{ device: ClipDevice; note: string; why: BackendWhy }> {
  const choice = await resolveBackend(prefer === 'auto' ? undefined : prefer);
  return {
    device: choice.backend,
    note: describeChoice(choice),
    why: { reason: choice.reason, detail: choice.detail },
  };
}

export async function load(
  source: ClipLoadable,
  prefer: ClipDevice | 'auto',
  onProgress?: (p: ClipProgress) => void,
  dtype: ClipDtype = 'fp32',
): Promise<ClipModelInfo> {
  const t0 = performance.now();
  const modelPath = source.kind === 'shipped' ? source.id : IMPORTED_PREFIX + source.id;
  let layout: Layout = { kind: 'clip', textOutput: 'text_embeds', imageOutput: 'image_embeds' };
  if (source.kind === 'imported') {
    layout = checkImportedGraphs(source.files, dtype);
    for (const [rel, bytes] of Object.entries(source.files))
      importedFiles.set(`${LOCAL_ROOT}${modelPath}/${rel}`, bytes);
  }
  const { device, note, why } = await pickDevice(prefer);
  configureOrt();
  const progress_callback = (p: { status: string; file?: string; progress?: number }) => {
    if (p.status === 'progress') onProgress?.({ status: 'load', file: p.file, fraction: (p.progress ?? 0) / 100 });
  };
  const opts = { device, dtype, progress_callback };
  const visionDtype = source.kind === 'shipped' ? SHIPPED_VISION_DTYPE : dtype;
  const [TextModel, VisionModel] = CLASSES[layout.kind];
  const [tok, text, vision, proc] = await Promise.all([
    AutoTokenizer.from_pretrained(modelPath, { progress_callback }),
    TextModel.from_pretrained(modelPath, opts),
    VisionModel.from_pretrained(modelPath, { ...opts, dtype: visionDtype }),
    AutoImageProcessor.from_pretrained(modelPath, { progress_callback }),
  ]).catch((e: unknown) => {
    // ORT reads the graph here: its one message for a damaged file becomes a code, once, at the boundary.
    throw graphParseError(e);
  });
  const cfg = text.config as unknown as {
    projection_dim?: number;
    text_config?: { max_position_embeddings?: number };
    toonsmith?: { revision?: string };
  };
  const vcfg = vision.config as unknown as { vision_config?: { image_size?: number } };
  const dim = layout.dim ?? cfg.projection_dim;
  if (!dim) throw new WorkerError('clip.config.projection', {}, 'config.json has no projection_dim');
  const spec = CLIP_LAYOUTS[layout.kind];
  const maxLength = Math.min(
    tok.model_max_length ?? Infinity,
    cfg.text_config?.max_position_embeddings ?? spec.defaultMaxLength,
  );
  const next: Loaded = {
    tok,
    text,
    vision,
    proc,
    imageSize: vcfg.vision_config?.image_size ?? 224,
    textOutput: layout.textOutput,
    imageOutput: layout.imageOutput,
    padding: spec.padding === 'max_length' ? 'max_length' : true,
    info: {
      id: source.id,
      vectorsId: vectorsIdOf(source, cfg.toonsmith?.revision),
      name: source.name,
      dim,
      maxLength,
      device,
      deviceNote: note,
      why,
      dtype,
      visionDtype,
      loadMs: 0,
    },
  };
  // Probe: both towers must give vectors of the size the config declares; if not, the model
  // loaded before stays in use.
  try {
    const tdim = (await embedTextsWith(next, ['probe'])).dim;
    if (tdim !== dim) throw dimError('text', tdim, dim);
    const white = new RawImage(new Uint8ClampedArray(16 * 16 * 3).fill(255), 16, 16, 3);
    const out = (await vision(await proc([white]))) as Record<string, Tensor>;
    const vdim = out[next.imageOutput].data.length;
    if (vdim !== dim) throw dimError('vision', vdim, dim);
  } catch (e) {
    await text.dispose();
    await vision.dispose();
    forgetImported(modelPath);
    throw e;
  }
  for (const key of importedFiles.keys()) if (!key.startsWith(`${LOCAL_ROOT}${modelPath}/`)) importedFiles.delete(key);
  if (loaded) {
    await loaded.text.dispose();
    await loaded.vision.dispose();
  }
  loaded = next;
  loaded.info.loadMs = Math.round(performance.now() - t0);
  return loaded.info;
}

/** Drops the bytes of an imported model that did not load (the current model's stay). */
function forgetImported(modelPath: string): void {
  if (loaded && `${IMPORTED_PREFIX}${loaded.info.id}` === modelPath) return;
  for (const key of importedFiles.keys()) if (key.startsWith(`${LOCAL_ROOT}${modelPath}/`)) importedFiles.delete(key);
}

/**
 * An imported folder's layout (config.json: clip, siglip or jina_clip, and its embedding size) and
 * its tower files, which must be ONNX graphs with the tensors the layout's transformers.js classes
 * use, checked from their headers before any session is made: WorkerError (name 'ClipGraphError')
 * with code 'clip.graph.<missing|notOnnx|input|extraInput|output|width>' and params { file, name },
 * or 'clip.config.projection' when config.json names no known layout or size (the store worker's
 * folder check refuses those first; this guards records staged before it).
 */
function checkImportedGraphs(files: Record<string, ArrayBuffer>, dtype: ClipDtype): Layout {
  let cfg: unknown;
  try {
    cfg = JSON.parse(new TextDecoder().decode(files['config.json'] ?? new ArrayBuffer(0)));
  } catch {
    cfg = undefined;
  }
  const found = detectClipLayout(cfg);
  if (!('kind' in found))
    throw new WorkerError('clip.config.projection', {}, found.issues.map((i) => i.english).join('; '));
  const suffix = dtype === 'q8' ? '_quantized' : '';
  const outputs: Record<'text' | 'vision', string> = { text: '', vision: '' };
  for (const tower of ['text', 'vision'] as const) {
    const file = `onnx/${tower}_model${suffix}.onnx`;
    const bytes = files[file];
    if (!bytes) throw new WorkerError('clip.graph.missing', { file }, `${file} is missing`, 'ClipGraphError');
    const r = towerGraphIssue(found.kind, tower, file, new Uint8Array(bytes), found.dim);
    if ('code' in r) {
      const { name } = r.params;
      throw new WorkerError(`clip.graph.${r.code}`, { file, name: String(name ?? '') }, r.english, 'ClipGraphError');
    }
    outputs[tower] = r.output;
  }
  return { kind: found.kind, dim: found.dim, textOutput: outputs.text, imageOutput: outputs.vision };
}

/** Code 'clip.dim' with params { tower, got, want } (name 'ClipDimError'). */
function dimError(tower: 'text' | 'vision', got: number, want: number): Error {
  return new WorkerError(
    'clip.dim',
    { tower, got, want },
    `The ${tower} model gives vectors of size ${got}, config.json says ${want}`,
    'ClipDimError',
  );
}

/** ORT's "protobuf parsing failed" (a damaged graph) as code 'clip.graph.parse'; other errors pass. */
function graphParseError(e: unknown): unknown {
  return e instanceof Error && /protobuf parsing failed/i.test(e.message)
    ? new WorkerError('clip.graph.parse', {}, e.message, e.name)
    : e;
}

function need(): Loaded {
  if (!loaded) throw new Error('No CLIP model loaded');
  return loaded;
}

function normalizeRows(t: Tensor, n: number): { vectors: Float32Array; dim: number } {
  const data = t.data as Float32Array;
  const dim = data.length / n;
  const out = new Float32Array(data.length);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let i = 0; i < dim; i++) s += data[r * dim + i] ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let i = 0; i < dim; i++) out[r * dim + i] = data[r * dim + i] * inv;
  }
  return { vectors: out, dim };
}

export function embedTexts(texts: string[]): Promise<TextEmbedding> {
  return embedTextsWith(need(), texts);
}

async function embedTextsWith(m: Loaded, texts: string[]): Promise<TextEmbedding> {
  const full = texts.map((t) => m.tok.encode(t).length);
  const inputs = m.tok(texts, { padding: m.padding, truncation: true, max_length: m.info.maxLength });
  const out = (await m.text(inputs)) as Record<string, Tensor>;
  const { vectors, dim } = normalizeRows(out[m.textOutput], texts.length);
  return { vectors, dim, truncated: full.map((n) => n > m.info.maxLength), tokens: full };
}

/**
 * The picture as the vision tower's processor receives it: the workers' one codec
 * (workers/runtime/codec.ts — fixed decode options, longer side ≤ maxSide), flattened onto white
 * (transparent pixels would read as black). The processor then takes the shortest edge to the
 * model size and crops the centre.
 */
export async function pixelsForVision(blob: Blob, maxSide: number): Promise<RawImage> {
  const { data, width, height } = await decodePixels(blob, { maxSide, background: '#fff' });
  return new RawImage(data, width, height, 4).rgb();
}

/** Longer side before the processor: 8 × the model size keeps the short side ≥ the model size up to 8:1. */
const visionMaxSide = (imageSize: number) => Math.max(imageSize * 8, 512);

export async function embedImages(
  images: Blob[],
  onProgress?: (p: ClipProgress) => void,
  batch = 8,
): Promise<ImageEmbedding> {
  const m = need();
  const dim = m.info.dim;
  const vectors = new Float32Array(images.length * dim);
  const failed: ImageEmbedding['failed'] = [];
  for (let start = 0; start < images.length; start += batch) {
    const idx: number[] = [];
    const raws: RawImage[] = [];
    for (let i = start; i < Math.min(images.length, start + batch); i++) {
      try {
        raws.push(await pixelsForVision(images[i], visionMaxSide(m.imageSize)));
        idx.push(i);
      } catch (e) {
        failed.push({ index: i, message: e instanceof Error ? e.message : String(e) });
      }
    }
    if (raws.length) {
      const inputs = await m.proc(raws);
      const out = (await m.vision(inputs)) as Record<string, Tensor>;
      const r = normalizeRows(out[m.imageOutput], raws.length);
      idx.forEach((i, k) => vectors.set(r.vectors.subarray(k * dim, (k + 1) * dim), i * dim));
    }
    onProgress?.({ status: 'embed', done: Math.min(images.length, start + batch), total: images.length });
  }
  return { vectors, dim, failed };
}
