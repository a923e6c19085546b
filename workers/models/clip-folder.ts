/**
 * Validation of a user-imported CLIP folder (transformers.js layout), pure: paths → bytes.
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
}

function stripTop(paths: string[]): string {
  const tops = new Set(paths.map((p) => (p.includes('/') ? p.split('/')[0] : '')));
  if (tops.size !== 1) return '';
  const top = [...tops][0];
  return top && !paths.some((p) => p === 'config.json') && paths.every((p) => p.startsWith(top + '/')) ? top + '/' : '';
}

export function checkClipFolder(input: Record<string, ArrayBuffer>, storedDim?: number): FolderCheck {
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
  if (files['config.json']) {
    try {
      const cfg = JSON.parse(new TextDecoder().decode(files['config.json'])) as {
        model_type?: string;
        projection_dim?: number;
      };
      if (cfg.model_type !== 'clip')
        problem(`config.json model_type is "${cfg.model_type}", not "clip"`, 'notClip', {
          type: String(cfg.model_type),
        });
      dim = cfg.projection_dim;
      if (!Number.isInteger(dim) || (dim ?? 0) <= 0) problem('config.json has no projection_dim', 'noDim');
      else if ((dim ?? 0) > 4096)
        dim = undefined; // out of range: rangeProblems says so
      else if (storedDim !== undefined && dim !== storedDim)
        problem(`projection_dim ${dim} does not match the library's ${storedDim}-d vectors`, 'dim', {
          dim: dim ?? 0,
          stored: storedDim,
        });
    } catch {
      problem('config.json is not valid JSON', 'json', { file: 'config.json' });
    }
  }
  for (const j of ['tokenizer.json', 'preprocessor_config.json']) {
    if (!files[j]) continue;
    try {
      JSON.parse(new TextDecoder().decode(files[j]));
    } catch {
      problem(`${j} is not valid JSON`, 'json', { file: j });
    }
  }
  for (const r of rangeProblems(files))
    problem(`${r.file} ${r.field} is ${r.value}, expected ${r.min}–${r.max}`, 'range', { ...r });
  return { ok: problems.length === 0, problems, issues, files, dim };
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
