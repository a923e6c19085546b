import { describe, it, expect } from 'vitest';
import { checkClipFolder, REQUIRED_CLIP_FILES } from '../../workers/models/clip-folder';

const enc = (s: string) => new TextEncoder().encode(s).buffer as ArrayBuffer;
function folder(prefix = '', over: Record<string, string | null> = {}): Record<string, ArrayBuffer> {
  const base: Record<string, string> = {
    'config.json': JSON.stringify({ model_type: 'clip', projection_dim: 128 }),
    'tokenizer.json': '{}',
    'tokenizer_config.json': '{}',
    'preprocessor_config.json': '{}',
    'onnx/text_model.onnx': 'onnx',
    'onnx/vision_model.onnx': 'onnx',
    'README.md': 'not kept',
  };
  const out: Record<string, ArrayBuffer> = {};
  for (const [p, v] of Object.entries({ ...base, ...over })) if (v !== null) out[prefix + p] = enc(v);
  return out;
}

describe('checkClipFolder', () => {
  it('accepts a folder under a top directory and keeps only the model files', () => {
    const r = checkClipFolder(folder('my-clip/'));
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.dim).toBe(128);
    expect(Object.keys(r.files).sort()).toEqual([...REQUIRED_CLIP_FILES, 'tokenizer_config.json'].sort());
  });
  it('names every missing file', () => {
    const r = checkClipFolder(folder('', { 'onnx/vision_model.onnx': null, 'tokenizer.json': null }));
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(['missing tokenizer.json', 'missing onnx/vision_model.onnx']);
    expect(r.issues).toEqual([
      { key: 'refs.folder.missing', params: { file: 'tokenizer.json' } },
      { key: 'refs.folder.missing', params: { file: 'onnx/vision_model.onnx' } },
    ]);
  });
  it('rejects broken or non-CLIP config.json and broken tokenizer.json', () => {
    expect(checkClipFolder(folder('', { 'config.json': '{"model_type": "clip", "proj' })).problems).toEqual([
      'config.json is not valid JSON',
    ]);
    expect(
      checkClipFolder(folder('', { 'config.json': '{"model_type": "bert", "projection_dim": 8}' })).problems,
    ).toEqual(['config.json model_type is "bert", not "clip", "siglip" or "jina_clip"']);
    expect(checkClipFolder(folder('', { 'config.json': '{"model_type": "clip"}' })).problems).toEqual([
      'config.json has no projection_dim',
    ]);
    expect(checkClipFolder(folder('', { 'tokenizer.json': '{' })).problems).toEqual([
      'tokenizer.json is not valid JSON',
    ]);
  });
  it('reports a projection size other than the stored index', () => {
    expect(checkClipFolder(folder(), 128).ok).toBe(true);
    expect(checkClipFolder(folder(), 64).problems).toEqual([
      "projection_dim 128 does not match the library's 64-d vectors",
    ]);
    expect(checkClipFolder(folder(), 64).issues).toEqual([
      { key: 'refs.folder.dim', params: { dim: 128, stored: 64 } },
    ]);
  });
});
