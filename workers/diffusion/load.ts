/**
 * Loads a Stable-Diffusion-style ONNX folder (Toonsmith's own export or an imported
 * SD-Turbo-style one) into validated sessions:
 *   scheduler/scheduler_config.json   required
 *   unet/model.onnx                   required (unet/model_<variant>.onnx preferred when asked; a folder
 *                                     with only model_fp16.onnx / model_int8.onnx loads that: pickFile)
 *   vae_decoder/model.onnx            required (variant chosen likewise); config.json → scaling_factor
 *   vae_encoder/model.onnx            optional (image-to-image)
 *   text_encoder/model.onnx + tokenizer/tokenizer.json   required unless model_index.json says
 *                                     toonsmith.text.unconditional (then the context is zeros)
 *   image_proj/model.onnx             optional (needs vae_encoder): latent_sample → image_embeds [B, N, D],
 *                                     the image prompt's N extra context tokens
 *   <part>/model.onnx_data            external weights, passed along when present
 * Sessions come from `makeSession` (the worker passes workers/runtime's createSession).
 */
import type * as Ort from 'onnxruntime-web';
import { createScheduler, parseSchedulerConfig, type SchedulerConfig } from '../../src/core/diffusion';
import type { ModelFolder } from './folder';
import { createTextEncoder, type TextEncoder } from './text';
import type { OrtModule } from './tensors';
import type { Backend, LoadProgress, ModelInfo, Variant } from './types';
import {
  boundsProblems,
  configNumbers,
  inputMeta,
  lastDim,
  ModelConfigError,
  ModelFolderError,
  outputMeta,
  validateGraph,
} from './validate';

export interface MadeSession {
  session: Ort.InferenceSession;
  backend: Backend;
  fallbackReason?: string;
}

export type MakeSession = (
  bytes: Uint8Array,
  externalData: { path: string; data: Uint8Array }[] | undefined,
  onProgress?: (p: LoadProgress) => void,
) => Promise<MadeSession>;

export interface LoadedModel {
  info: ModelInfo;
  schedulerConfig: SchedulerConfig;
  schedulerClass: string;
  unet: { session: Ort.InferenceSession; output: string };
  vaeDecoder: { session: Ort.InferenceSession; output: string };
  vaeEncoder?: { session: Ort.InferenceSession; output: string };
  imageProj?: { session: Ort.InferenceSession; output: string; tokens: number };
  text?: TextEncoder;
  /** Some session runs on WebGPU (device loss can hit this model). */
  usesWebGpu: boolean;
  release(): Promise<void>;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

async function optionalJson(folder: ModelFolder, path: string): Promise<Json> {
  return (await folder.has(path)) ? obj(await folder.json(path)) : {};
}

const fileOf = (part: string, v: Variant) => (v === 'fp32' ? `${part}/model.onnx` : `${part}/model_${v}.onnx`);

/** The variant a graph file holds, from its name (`model.onnx` = fp32). */
export function variantOf(file: string): Variant {
  const m = /model_(fp16|int8)\.onnx$/u.exec(file);
  return m ? (m[1] as Variant) : 'fp32';
}

/**
 * The graph file of `part` to load: the asked variant if the folder has it, else `model.onnx`,
 * else the other variants (fp16 before int8). So an SD-Turbo-style folder with `model.onnx`
 * (+ `model_fp16.onnx`) loads as before, and a pruned folder that ships only
 * `model_fp16.onnx` (the app's own toon-diffusion) loads without asking for fp16.
 */
export async function pickFile(folder: ModelFolder, part: string, variant: Variant): Promise<string | undefined> {
  const order: Variant[] = [variant, 'fp32', 'fp16', 'int8'];
  for (const v of order.filter((x, i) => order.indexOf(x) === i)) {
    if (await folder.has(fileOf(part, v))) return fileOf(part, v);
  }
  return undefined;
}

/** What the folder's configs say and which graph files it loads, read before any session is made. */
interface FolderPlan {
  /** model_index.json's `toonsmith` block and its `text` part ({} when absent). */
  ts: Json;
  tsText: Json;
  index: Json;
  rawSched: Json;
  schedulerConfig: SchedulerConfig;
  schedulerClass: string;
  unconditional: boolean;
  unetFile: string;
  decFile: string;
  encFile?: string;
  textFile?: string;
  projFile?: string;
}

/** Reads model_index.json and the scheduler config and picks the graph files; a folder missing one it needs is refused. */
async function planFolder(folder: ModelFolder, variant: Variant): Promise<FolderPlan> {
  const index = await optionalJson(folder, 'model_index.json');
  const ts = obj(index.toonsmith);
  const tsText = obj(ts.text);
  if (!(await folder.has('scheduler/scheduler_config.json'))) {
    throw new ModelFolderError(`Model folder "${folder.name}" has no scheduler/scheduler_config.json`);
  }
  const rawSched = obj(await folder.json('scheduler/scheduler_config.json'));
  let schedulerConfig: SchedulerConfig;
  try {
    schedulerConfig = parseSchedulerConfig(rawSched);
  } catch (e) {
    throw new ModelFolderError(`scheduler/scheduler_config.json: ${(e as Error).message}`);
  }
  const schedulerClass = typeof rawSched._class_name === 'string' ? rawSched._class_name : 'EulerDiscreteScheduler';
  createScheduler(rawSched); // validates the class/config combination early

  const unetFile = await pickFile(folder, 'unet', variant);
  const decFile = await pickFile(folder, 'vae_decoder', variant);
  const encFile = await pickFile(folder, 'vae_encoder', 'fp32');
  const textFile = await pickFile(folder, 'text_encoder', 'fp32');
  const projFile = await pickFile(folder, 'image_proj', 'fp32');
  const unconditional = tsText.unconditional === true;
  const missing: string[] = [];
  if (!unetFile) missing.push('unet/model.onnx');
  if (!decFile) missing.push('vae_decoder/model.onnx');
  if (!unconditional && !textFile) missing.push('text_encoder/model.onnx');
  if (!unconditional && !(await folder.has('tokenizer/tokenizer.json'))) missing.push('tokenizer/tokenizer.json');
  if (projFile && !encFile) missing.push('vae_encoder/model.onnx (image_proj needs it)');
  if (missing.length || !unetFile || !decFile)
    throw new ModelFolderError(`Model folder "${folder.name}" is missing ${missing.join(', ')}`);
  return {
    ts,
    tsText,
    index,
    rawSched,
    schedulerConfig,
    schedulerClass,
    unconditional,
    unetFile,
    decFile,
    ...(encFile ? { encFile } : {}),
    ...(textFile ? { textFile } : {}),
    ...(projFile ? { projFile } : {}),
  };
}

/** Opens graph files as sessions (with their external weights), keeping every session made so a failure can release them. */
function sessionOpener(folder: ModelFolder, makeSession: MakeSession, onProgress?: (p: LoadProgress) => void) {
  const made: MadeSession[] = [];
  const open = async (file: string): Promise<MadeSession> => {
    const bytes = await folder.bytes(file, onProgress);
    const dataPath = file.replace(/\.onnx$/, '.onnx_data');
    const external = (await folder.has(dataPath))
      ? [{ path: dataPath.split('/').pop()!, data: await folder.bytes(dataPath, onProgress) }]
      : undefined;
    try {
      const m = await makeSession(bytes, external, onProgress);
      made.push(m);
      return m;
    } catch (e) {
      throw new ModelFolderError(`${file}: could not be loaded (${(e as Error).message})`);
    }
  };
  const release = async () => {
    for (const m of made) await m.session.release();
  };
  return { made, open, release };
}
type Open = ReturnType<typeof sessionOpener>['open'];

/** The latent and image geometry: model_index.json's toonsmith block, then the configs, then the UNet graph. */
function geometry(ts: Json, unetCfg: Json, vaeCfg: Json, unet: Ort.InferenceSession) {
  const sampleMeta = inputMeta(unet, 'sample');
  const metaC = typeof sampleMeta.shape?.[1] === 'number' ? (sampleMeta.shape[1] as number) : undefined;
  const metaH = typeof sampleMeta.shape?.[2] === 'number' ? (sampleMeta.shape[2] as number) : undefined;
  const latentChannels =
    num(ts.latent_channels) ?? num(unetCfg.in_channels) ?? num(vaeCfg.latent_channels) ?? metaC ?? 4;
  const latentSize = num(ts.latent_size) ?? num(unetCfg.sample_size) ?? metaH ?? 64;
  const blocks = Array.isArray(vaeCfg.block_out_channels) ? vaeCfg.block_out_channels.length : 4;
  const imageSize = num(ts.image_size) ?? latentSize * 2 ** (blocks - 1);
  const scalingFactor = num(ts.scaling_factor) ?? num(vaeCfg.scaling_factor) ?? 0.18215;
  return { latentChannels, latentSize, imageSize, scalingFactor };
}

/**
 * The text encoder and the context it gives (length × width): none for an unconditional model
 * (zeros of the configured or UNet's width); its hidden size must match the UNet's cross-attention.
 */
async function textContext(
  ort: OrtModule,
  folder: ModelFolder,
  plan: FolderPlan,
  open: Open,
  unetCfg: Json,
  unet: Ort.InferenceSession,
): Promise<{ text?: TextEncoder; ctxLen: number; ctxDim: number }> {
  const { tsText, textFile } = plan;
  let ctxLen = num(tsText.max_length) ?? 77;
  let ctxDim = num(tsText.dim) ?? num(unetCfg.cross_attention_dim) ?? lastDim(inputMeta(unet, 'encoder_hidden_states'));
  let text: TextEncoder | undefined;
  if (!plan.unconditional && textFile) {
    const te = await open(textFile);
    const { output } = validateGraph(textFile, te.session, [{ name: 'input_ids' }], [{ name: 'last_hidden_state' }]);
    const tokCfg = await optionalJson(folder, 'tokenizer/tokenizer_config.json');
    ctxLen = num(tsText.max_length) ?? Math.min(num(tokCfg.model_max_length) ?? 77, 512);
    const teDim = lastDim(outputMeta(te.session, output)) ?? ctxDim;
    if (teDim === undefined) throw new ModelFolderError(`${textFile}: cannot tell the hidden size of '${output}'`);
    if (ctxDim !== undefined && teDim !== ctxDim) {
      throw new ModelFolderError(`text_encoder gives ${teDim}-wide hidden states but the UNet expects ${ctxDim}`);
    }
    ctxDim = teDim;
    const tokenizer = await folder.json('tokenizer/tokenizer.json');
    text = await createTextEncoder(ort, te.session, tokenizer, tokCfg, ctxLen, ctxDim, output);
  }
  if (ctxDim === undefined)
    throw new ModelFolderError('Cannot tell the UNet cross-attention width (unet/config.json cross_attention_dim)');
  return { ...(text ? { text } : {}), ctxLen, ctxDim };
}

/** The VAE decoder (latents → RGB) and the optional encoder (RGB → latents, for image-to-image), validated. */
async function openVae(
  open: Open,
  decFile: string,
  encFile: string | undefined,
  latentChannels: number,
): Promise<Pick<LoadedModel, 'vaeDecoder' | 'vaeEncoder'>> {
  const dec = await open(decFile);
  const d = validateGraph(
    decFile,
    dec.session,
    [{ name: 'latent_sample', dims: [null, latentChannels, null, null] }],
    [{ name: 'sample', dims: [null, 3, null, null] }],
  );
  const vaeDecoder = { session: dec.session, output: d.output };
  if (!encFile) return { vaeDecoder };
  const enc = await open(encFile);
  const e = validateGraph(
    encFile,
    enc.session,
    [{ name: 'sample', dims: [null, 3, null, null] }],
    [{ name: 'latent_sample' }, { name: 'latent_parameters' }],
  );
  return { vaeDecoder, vaeEncoder: { session: enc.session, output: e.output } };
}

/** The optional image-prompt projection (image_proj): latent_sample → image_embeds [B, N, ctxDim], N tokens. */
async function openImageProj(
  projFile: string,
  open: Open,
  ts: Json,
  latentChannels: number,
  ctxDim: number,
): Promise<NonNullable<LoadedModel['imageProj']>> {
  const ip = await open(projFile);
  const p = validateGraph(
    projFile,
    ip.session,
    [{ name: 'latent_sample', dims: [null, latentChannels, null, null] }],
    [{ name: 'image_embeds', dims: [null, null, ctxDim] }],
  );
  const shape = outputMeta(ip.session, p.output).shape;
  const tokens = num(obj(ts.image_prompt).tokens) ?? (typeof shape?.[1] === 'number' ? shape[1] : undefined);
  if (tokens === undefined || !Number.isInteger(tokens) || tokens < 1) {
    throw new ModelFolderError(
      `${projFile}: cannot tell how many tokens '${p.output}' has (model_index.json toonsmith.image_prompt.tokens)`,
    );
  }
  return { session: ip.session, output: p.output, tokens };
}

/**
 * Loads a folder: plan (configs, files) → early bounds on the raw configs → UNet → geometry →
 * text encoder → graphs validated (UNet, VAE decoder, encoder, image_proj) → bounds on the
 * resolved values → ModelInfo. Any failure releases every session made so far.
 */
export async function loadModel(
  ort: OrtModule,
  folder: ModelFolder,
  makeSession: MakeSession,
  variant: Variant = 'fp32',
  onProgress?: (p: LoadProgress) => void,
): Promise<LoadedModel> {
  const t0 = performance.now();
  const plan = await planFolder(folder, variant);
  const { ts, unetFile, decFile, encFile, projFile } = plan;
  const { made, open, release } = sessionOpener(folder, makeSession, onProgress);
  try {
    const unetCfg = await optionalJson(folder, 'unet/config.json');
    const vaeCfg = await optionalJson(folder, 'vae_decoder/config.json');
    // Absurd config numbers are refused before any graph is opened (and again once resolved, below).
    const early = boundsProblems(
      configNumbers({
        'model_index.json': plan.index,
        'unet/config.json': unetCfg,
        'vae_decoder/config.json': vaeCfg,
        'scheduler/scheduler_config.json': plan.rawSched,
      }),
    );
    if (early.length) throw new ModelConfigError(early);
    const unet = await open(unetFile);
    const { latentChannels, latentSize, imageSize, scalingFactor } = geometry(ts, unetCfg, vaeCfg, unet.session);
    const { text, ctxLen, ctxDim } = await textContext(ort, folder, plan, open, unetCfg, unet.session);
    const u = validateGraph(
      unetFile,
      unet.session,
      [
        { name: 'sample', dims: [null, latentChannels, null, null] },
        { name: 'timestep' },
        { name: 'encoder_hidden_states', dims: [null, null, ctxDim] },
      ],
      [{ name: 'out_sample', dims: [null, latentChannels, null, null] }, { name: 'noise_pred' }],
    );
    const { vaeDecoder, vaeEncoder } = await openVae(open, decFile, encFile, latentChannels);
    const imageProj = projFile ? await openImageProj(projFile, open, ts, latentChannels, ctxDim) : undefined;
    const outOfBounds = boundsProblems([
      { code: 'latent_size', source: 'model', value: latentSize },
      { code: 'latent_channels', source: 'model', value: latentChannels },
      { code: 'image_size', source: 'model', value: imageSize },
      { code: 'scaling_factor', source: 'model', value: scalingFactor },
      { code: 'context_length', source: 'model', value: ctxLen },
      { code: 'context_dim', source: 'model', value: ctxDim },
      { code: 'image_prompt_tokens', source: 'model', value: imageProj?.tokens },
    ]);
    if (outOfBounds.length) throw new ModelConfigError(outOfBounds);
    const fallback = made.find((m) => m.fallbackReason)?.fallbackReason;
    const info: ModelInfo = {
      name: folder.name,
      imageSize,
      latentChannels,
      latentSize,
      scalingFactor,
      context: { length: ctxLen, dim: ctxDim },
      hasTextEncoder: !!text,
      hasEncoder: !!vaeEncoder,
      ...(imageProj ? { imagePrompt: { tokens: imageProj.tokens } } : {}),
      scheduler: plan.schedulerClass,
      predictionType: plan.schedulerConfig.prediction_type,
      backend: unet.backend,
      ...(fallback ? { fallbackReason: fallback } : {}),
      variant: variantOf(unetFile),
      files: [
        unetFile,
        decFile,
        ...(encFile ? [encFile] : []),
        ...(projFile ? [projFile] : []),
        ...(plan.textFile && text ? [plan.textFile] : []),
      ],
      loadMs: performance.now() - t0,
    };
    return {
      info,
      schedulerConfig: plan.schedulerConfig,
      schedulerClass: plan.schedulerClass,
      unet: { session: unet.session, output: u.output },
      vaeDecoder,
      ...(vaeEncoder ? { vaeEncoder } : {}),
      ...(imageProj ? { imageProj } : {}),
      ...(text ? { text } : {}),
      usesWebGpu: made.some((m) => m.backend === 'webgpu'),
      release,
    };
  } catch (e) {
    await release();
    throw e;
  }
}
