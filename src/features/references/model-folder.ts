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
  const norm = Object.fromEntries(Object.entries(input).map(([p, b]) => [p.replace(/\\/g, '/').replace(/^\.?\//, ''), b]));
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
      const cfg = JSON.parse(new TextDecoder().decode(files['config.json'])) as { model_type?: string; projection_dim?: number };
      if (cfg.model_type !== 'clip') problem(`config.json model_type is "${cfg.model_type}", not "clip"`, 'notClip', { type: String(cfg.model_type) });
      dim = cfg.projection_dim;
      if (!Number.isInteger(dim) || (dim ?? 0) <= 0) problem('config.json has no projection_dim', 'noDim');
      else if (storedDim !== undefined && dim !== storedDim)
        problem(`projection_dim ${dim} does not match the library's ${storedDim}-d vectors`, 'dim', { dim: dim ?? 0, stored: storedDim });
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
  return { ok: problems.length === 0, problems, issues, files, dim };
}
