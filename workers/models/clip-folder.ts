import { readOnnxHeader, type OnnxHeader } from '../clip/onnx-header';

/**
 * Validation of a user-imported CLIP-family folder (transformers.js layout), pure: paths → bytes.
 * Three public layouts are accepted (CLIP_LAYOUTS: clip, siglip, jina_clip), each with its own
 * config fields for the embedding size, tokenizer kind and tower graph interface; anything else
 * is refused with the reason (`refs.folder.*`). With `{ graphs: true }` both towers' ONNX headers
 * are checked too (names, and the output width where the graph declares it).
 * A dropped folder's files carry a top folder name ("my-clip/config.json"); a zip may too. The
 * common top folder is stripped. Returns the files to keep, or the reasons it is unusable.
 */
export const REQUIRED_CLIP_FILES = [
  'config.json',
  'tokenizer.json',
  'preprocessor_config.json',
  'onnx/text_model.onnx',
  'onnx/vision_model.onnx',
] as const;
const OPTIONAL = ['tokenizer_config.json', 'special_tokens_map.json'];

/** A problem as a message key of messages.ts (`refs.folder.*`) with its parameters. */
export interface FolderIssue {
  key: string;
  params: Record<string, string | number>;
}

export interface FolderCheck {
  ok: boolean;
  /** The problems in English (logs, tests). */
  problems: string[];
  /** The same problems as message keys, for the UI in the user's language. */
  issues: FolderIssue[];
  files: Record<string, ArrayBuffer>;
  dim?: number;
  /** The layout config.json names (when its model_type is one of them). */
  kind?: ClipKind;
}

function stripTop(paths: string[]): string {
  const tops = new Set(paths.map((p) => (p.includes('/') ? p.split('/')[0] : '')));
  if (tops.size !== 1) return '';
  const top = [...tops][0];
  return top && !paths.some((p) => p === 'config.json') && paths.every((p) => p.startsWith(top + '/')) ? top + '/' : '';
}

export function checkClipFolder(
  input: Record<string, ArrayBuffer>,
  storedDim?: number,
  opts: { graphs?: boolean } = {},
): FolderCheck {
  const norm = Object.fromEntries(
    Object.entries(input).map(([p, b]) => [p.replace(/\\/g, '/').replace(/^\.?\//, ''), b]),
  );
  const prefix = stripTop(Object.keys(norm));
  const files: Record<string, ArrayBuffer> = {};
  for (const [p, b] of Object.entries(norm)) {
    const rel = p.slice(prefix.length);
    if ((REQUIRED_CLIP_FILES as readonly string[]).includes(rel) || OPTIONAL.includes(rel)) files[rel] = b;
  }
  const problems: string[] = [];
  const issues: FolderIssue[] = [];
  const problem = (english: string, key: string, params: FolderIssue['params'] = {}) => {
    problems.push(english);
    issues.push({ key: `refs.folder.${key}`, params });
  };
  for (const f of REQUIRED_CLIP_FILES) if (!files[f]) problem(`missing ${f}`, 'missing', { file: f });
  let dim: number | undefined;
  let kind: ClipKind | undefined;
  if (files['config.json']) {
    let cfg: unknown;
    try {
      cfg = JSON.parse(new TextDecoder().decode(files['config.json']));
    } catch {
      problem('config.json is not valid JSON', 'json', { file: 'config.json' });
    }
    if (cfg !== undefined) {
      const found = detectClipLayout(cfg);
      if ('kind' in found) {
        kind = found.kind;
        dim = found.dim;
        if (dim > MAX_DIM) {
          // projection_dim is bounded by CLIP_BOUNDS (rangeProblems); the other size fields here.
          if (found.field !== 'projection_dim')
            problem(`config.json ${found.field} is ${dim}, expected 1–${MAX_DIM}`, 'range', {
              file: 'config.json',
              field: found.field,
              value: String(dim),
              min: 1,
              max: MAX_DIM,
            });
          dim = undefined;
        } else if (storedDim !== undefined && dim !== storedDim)
          problem(`${found.field} ${dim} does not match the library's ${storedDim}-d vectors`, 'dim', {
            dim,
            stored: storedDim,
          });
      } else for (const i of found.issues) problem(i.english, i.key, i.params);
    }
  }
  for (const j of ['tokenizer.json', 'preprocessor_config.json']) {
    if (!files[j]) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(files[j]));
    } catch {
      problem(`${j} is not valid JSON`, 'json', { file: j });
      continue;
    }
    const want = kind && CLIP_LAYOUTS[kind].tokenizers;
    if (j === 'tokenizer.json' && want) {
      const got = at(parsed, 'model.type');
      const name = typeof got === 'string' ? got.slice(0, 40) : 'none';
      if (!want.includes(name))
        problem(`tokenizer.json is a ${name} tokenizer; a ${kind} folder has ${want.join(' or ')}`, 'tokenizer', {
          got: name,
          layout: kind ?? '',
          want: want.join(' / '),
        });
    }
  }
  for (const r of rangeProblems(files))
    problem(`${r.file} ${r.field} is ${r.value}, expected ${r.min}–${r.max}`, 'range', { ...r });
  if (opts.graphs && kind && dim !== undefined && problems.length === 0)
    for (const tower of ['text', 'vision'] as const) {
      const file = `onnx/${tower}_model.onnx`;
      const g = towerGraphIssue(kind, tower, file, new Uint8Array(files[file]), dim);
      if (g && 'key' in g) problem(g.english, g.key, g.params);
    }
  return { ok: problems.length === 0, problems, issues, files, dim, kind };
}

/** The library's bound for a vector's size (MAX_VECTOR_DIM, src/core/backup/library-format.ts). */
const MAX_DIM = 4096;

/** The CLIP-family layouts transformers.js 4.3.1 loads as two towers (text_model.onnx, vision_model.onnx). */
export type ClipKind = 'clip' | 'siglip' | 'jina_clip';

interface TowerSpec {
  /** Inputs the graph must take. */
  need: string[];
  /** Inputs it may take (transformers.js feeds what the tokenizer or processor gives). */
  may: string[];
  /** The embedding output: the first of these the graph has. */
  outputs: string[];
}

export interface ClipLayoutSpec {
  text: TowerSpec;
  vision: TowerSpec;
  /** tokenizer.json model.type values of the public exports; null: not checked (Toon-CLIP is Unigram). */
  tokenizers: string[] | null;
  /** How texts are padded: SigLIP was trained on texts padded to its max length (64) and pools the last position. */
  padding: 'longest' | 'max_length';
  /** Text length when config.json gives no max_position_embeddings. */
  defaultMaxLength: number;
}

/**
 * What each layout's public export looks like (checked against transformers.js 4.3.1):
 * - clip (Xenova/Optimum CLIPTextModelWithProjection / CLIPVisionModelWithProjection): input_ids,
 *   attention_mask → text_embeds; pixel_values → image_embeds; size = projection_dim.
 * - siglip (SiglipTextModel / SiglipVisionModel): input_ids only → pooler_output; pixel_values →
 *   pooler_output; size = text_config.projection_size ?? text_config.hidden_size =
 *   vision_config.hidden_size; SentencePiece Unigram tokenizer, padded to max_length.
 * - jina_clip (JinaCLIPTextModel / JinaCLIPVisionModel, towers split as jina-clip-v1 ships them):
 *   input_ids (+ attention_mask) → text_embeds (or the combined export's text_embeddings /
 *   l2norm_text_embeddings); pixel_values → image_embeds (…); size = projection_dim; XLM-RoBERTa
 *   Unigram (v2) or BERT WordPiece (v1) tokenizer.
 */
export const CLIP_LAYOUTS: Record<ClipKind, ClipLayoutSpec> = {
  clip: {
    text: { need: ['input_ids'], may: ['attention_mask'], outputs: ['text_embeds'] },
    vision: { need: ['pixel_values'], may: [], outputs: ['image_embeds'] },
    tokenizers: null,
    padding: 'longest',
    defaultMaxLength: 77,
  },
  siglip: {
    text: { need: ['input_ids'], may: ['attention_mask'], outputs: ['pooler_output'] },
    vision: { need: ['pixel_values'], may: [], outputs: ['pooler_output'] },
    tokenizers: ['Unigram'],
    padding: 'max_length',
    defaultMaxLength: 64,
  },
  jina_clip: {
    text: {
      need: ['input_ids'],
      may: ['attention_mask', 'token_type_ids'],
      outputs: ['text_embeds', 'text_embeddings', 'l2norm_text_embeddings'],
    },
    vision: {
      need: ['pixel_values'],
      may: [],
      outputs: ['image_embeds', 'image_embeddings', 'l2norm_image_embeddings'],
    },
    tokenizers: ['Unigram', 'WordPiece'],
    padding: 'longest',
    defaultMaxLength: 512,
  },
};

interface Issue {
  english: string;
  key: string;
  params: FolderIssue['params'];
}

const KINDS = Object.keys(CLIP_LAYOUTS) as ClipKind[];
const posInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/**
 * Which layout a parsed config.json is, and its embedding size (the field it was read from), or
 * why it is none of them (issues: `refs.folder.*` keys).
 */
export function detectClipLayout(cfg: unknown): { kind: ClipKind; dim: number; field: string } | { issues: Issue[] } {
  const type = at(cfg, 'model_type');
  const kind = KINDS.find((k) => k === type);
  if (!kind) {
    const shown = typeof type === 'string' ? type.slice(0, 40) : String(type).slice(0, 40);
    return {
      issues: [
        {
          english: `config.json model_type is "${shown}", not "clip", "siglip" or "jina_clip"`,
          key: 'unknownType',
          params: { type: shown },
        },
      ],
    };
  }
  if (kind === 'siglip') {
    const tf = at(cfg, 'text_config.projection_size') !== undefined ? 'projection_size' : 'hidden_size';
    const text = at(cfg, `text_config.${tf}`);
    const vision = at(cfg, 'vision_config.hidden_size');
    const issues: Issue[] = [];
    for (const [field, v] of [
      [`text_config.${tf}`, text],
      ['vision_config.hidden_size', vision],
    ] as const)
      if (!posInt(v))
        issues.push({
          english: `config.json has no ${field} (the siglip embedding size)`,
          key: 'noField',
          params: { field, layout: kind },
        });
    if (issues.length) return { issues };
    if (text !== vision)
      return {
        issues: [
          {
            english: `config.json gives text vectors of size ${String(text)} and image vectors of size ${String(vision)}`,
            key: 'towerDims',
            params: { text: text as number, vision: vision as number },
          },
        ],
      };
    return { kind, dim: text as number, field: `text_config.${tf}` };
  }
  const dim = at(cfg, 'projection_dim');
  if (!posInt(dim))
    return {
      issues: [
        kind === 'clip'
          ? { english: 'config.json has no projection_dim', key: 'noDim', params: {} }
          : {
              english: `config.json has no projection_dim (the ${kind} embedding size)`,
              key: 'noField',
              params: { field: 'projection_dim', layout: kind },
            },
      ],
    };
  if (kind === 'jina_clip') {
    const text = at(cfg, 'text_config.embed_dim') ?? dim;
    const vision = at(cfg, 'vision_config.embed_dim') ?? dim;
    if (text !== dim || vision !== dim)
      return {
        issues: [
          {
            english: `config.json gives text vectors of size ${String(text).slice(0, 20)} and image vectors of size ${String(vision).slice(0, 20)}`,
            key: 'towerDims',
            params: { text: String(text).slice(0, 20), vision: String(vision).slice(0, 20) },
          },
        ],
      };
  }
  return { kind, dim, field: 'projection_dim' };
}

/**
 * Checks one tower graph of a `kind` folder from its ONNX header (no session): the inputs the
 * layout needs and no input transformers.js cannot feed, an embedding output of the layout, and —
 * when the graph declares it — that output's width equal to `dim`. Returns the output to read, or
 * the issue (`code` for the CLIP worker's errors: 'notOnnx' | 'input' | 'extraInput' | 'output' | 'width').
 */
export function towerGraphIssue(
  kind: ClipKind,
  tower: 'text' | 'vision',
  file: string,
  bytes: Uint8Array,
  dim: number,
): { output: string } | (Issue & { code: string }) {
  const spec = CLIP_LAYOUTS[kind][tower];
  let h: OnnxHeader;
  try {
    h = readOnnxHeader(bytes);
  } catch (e) {
    return {
      code: 'notOnnx',
      english: `${file} is not an ONNX model (${(e as Error).message})`,
      key: 'graph.notOnnx',
      params: { file },
    };
  }
  for (const name of spec.need)
    if (!h.inputs.includes(name))
      return {
        code: 'input',
        english: `${file} has no input '${name}' (inputs: ${h.inputs.join(', ') || 'none'})`,
        key: 'graph.input',
        params: { file, name, layout: kind },
      };
  const extra = h.inputs.find((n) => !spec.need.includes(n) && !spec.may.includes(n));
  if (extra !== undefined)
    return {
      code: 'extraInput',
      english: `${file} takes an input '${extra}' that a ${kind} folder does not give`,
      key: 'graph.extraInput',
      params: { file, name: extra.slice(0, 60), layout: kind },
    };
  const output = spec.outputs.find((o) => h.outputs.includes(o));
  if (output === undefined)
    return {
      code: 'output',
      english: `${file} has no output '${spec.outputs.join("' / '")}' (outputs: ${h.outputs.join(', ')})`,
      key: 'graph.output',
      params: { file, name: spec.outputs.join(' / '), layout: kind },
    };
  const width = h.outputShapes[output]?.at(-1);
  if (typeof width === 'number' && width !== dim)
    return {
      code: 'width',
      english: `${file} output '${output}' gives vectors of size ${width}, config.json says ${dim}`,
      key: 'graph.width',
      params: { file, name: output, got: width, want: dim },
    };
  return { output };
}

/** Sane bounds of the numbers transformers.js sizes buffers with (a CLIP of any real size fits). */
export const CLIP_BOUNDS: { file: string; field: string; min: number; max: number }[] = [
  { file: 'config.json', field: 'projection_dim', min: 1, max: 4096 },
  { file: 'config.json', field: 'text_config.vocab_size', min: 1, max: 1_000_000 },
  { file: 'config.json', field: 'text_config.max_position_embeddings', min: 1, max: 4096 },
  { file: 'config.json', field: 'text_config.hidden_size', min: 1, max: 16384 },
  { file: 'config.json', field: 'vision_config.image_size', min: 8, max: 2048 },
  { file: 'config.json', field: 'vision_config.patch_size', min: 1, max: 2048 },
  { file: 'config.json', field: 'vision_config.num_channels', min: 1, max: 4 },
  { file: 'preprocessor_config.json', field: 'size.shortest_edge', min: 8, max: 2048 },
  { file: 'preprocessor_config.json', field: 'size.height', min: 8, max: 2048 },
  { file: 'preprocessor_config.json', field: 'size.width', min: 8, max: 2048 },
  { file: 'preprocessor_config.json', field: 'crop_size.height', min: 8, max: 2048 },
  { file: 'preprocessor_config.json', field: 'crop_size.width', min: 8, max: 2048 },
];

function at(json: unknown, field: string): unknown {
  return field
    .split('.')
    .reduce<unknown>(
      (o, k) => (o && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>)[k] : undefined),
      json,
    );
}

/** Every bounded field present in the folder's JSON that is not an integer within its bounds. */
export function rangeProblems(
  files: Record<string, ArrayBuffer>,
): { file: string; field: string; value: string; min: number; max: number }[] {
  const parsed: Record<string, unknown> = {};
  for (const f of ['config.json', 'preprocessor_config.json']) {
    try {
      if (files[f]) parsed[f] = JSON.parse(new TextDecoder().decode(files[f]));
    } catch {
      /* reported as invalid JSON */
    }
  }
  const out = [];
  for (const b of CLIP_BOUNDS) {
    const v = at(parsed[b.file], b.field);
    if (v === undefined || (b.field === 'projection_dim' && !Number.isInteger(v))) continue; // noDim says it
    if (typeof v !== 'number' || !Number.isInteger(v) || v < b.min || v > b.max)
      out.push({ ...b, value: JSON.stringify(v).slice(0, 40) });
  }
  return out;
}
