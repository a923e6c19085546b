/**
 * The folder check on the public CLIP-family layouts (issue 14): the tiny folders of
 * test/fixtures/clip-layouts (models/clip/tiny_public_layouts.py) are accepted as their kind with
 * the size read from that kind's fields; every refusal (unknown model_type, missing size field,
 * towers of different sizes, wrong tokenizer kind, graph interface, declared width, size of the
 * stored library) comes with a `refs.folder.*` reason that reads in English and Korean.
 */
import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { checkClipFolder, detectClipLayout, towerGraphIssue } from '../../workers/models/clip-folder';
import { readOnnxHeader } from '../../workers/clip/onnx-header';
import { setLocale, t, getLocale } from '../../src/app/i18n';
import '../../src/features/references/messages';

const ROOT = path.resolve(__dirname, '../fixtures/clip-layouts');
const enc = (o: unknown) =>
  new TextEncoder().encode(typeof o === 'string' ? o : JSON.stringify(o)).buffer as ArrayBuffer;

function folder(kind: string): Record<string, ArrayBuffer> {
  const out: Record<string, ArrayBuffer> = {};
  for (const f of [
    'config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    'preprocessor_config.json',
    'onnx/text_model.onnx',
    'onnx/vision_model.onnx',
  ])
    out[`${kind}/${f}`] = new Uint8Array(fs.readFileSync(path.join(ROOT, kind, f))).buffer;
  return out;
}
const json = (files: Record<string, ArrayBuffer>, p: string) =>
  JSON.parse(new TextDecoder().decode(files[p])) as Record<string, unknown> & {
    text_config: Record<string, unknown>;
    vision_config: Record<string, unknown>;
  };
const withConfig = (kind: string, edit: (c: ReturnType<typeof json>) => void) => {
  const f = folder(kind);
  const c = json(f, `${kind}/config.json`);
  edit(c);
  return { ...f, [`${kind}/config.json`]: enc(c) };
};
const check = (files: Record<string, ArrayBuffer>, stored?: number) => checkClipFolder(files, stored, { graphs: true });

// --- a hand-written ONNX header (ModelProto ir_version 1, graph 7: input 11, output 12 with a shape)
const varint = (v: number) => {
  const out: number[] = [];
  do {
    out.push((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
    v >>>= 7;
  } while (v > 0);
  return out;
};
const field = (f: number, payload: number[]) => [...varint((f << 3) | 2), ...varint(payload.length), ...payload];
const num = (f: number, v: number) => [...varint(f << 3), ...varint(v)];
const str = (s: string) => [...new TextEncoder().encode(s)];
/** ValueInfoProto: name, type.tensor_type { elem_type float, shape [batch, width] }. */
const info = (name: string, width?: number) =>
  field(1, str(name)).concat(
    width === undefined
      ? []
      : field(
          2,
          field(1, [...num(1, 1), ...field(2, [...field(1, field(2, str('batch'))), ...field(1, num(1, width))])]),
        ),
  );
function graph(inputs: string[], outputs: [string, number?][]): ArrayBuffer {
  const g = [...inputs.flatMap((n) => field(11, info(n))), ...outputs.flatMap(([n, w]) => field(12, info(n, w)))];
  return new Uint8Array([...num(1, 8), ...field(7, g)]).buffer;
}

describe('public CLIP layouts: accepted', () => {
  it.each([
    ['clip', 24, 'projection_dim'],
    ['siglip', 16, 'text_config.hidden_size'],
    ['jina_clip', 16, 'projection_dim'],
  ])('%s: its kind, size %i from %s, both graphs checked', (kind, dim, field) => {
    const files = folder(kind);
    const r = check(files);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect([r.kind, r.dim]).toEqual([kind, dim]);
    expect(detectClipLayout(json(files, `${kind}/config.json`))).toEqual({ kind, dim, field });
  });
  it('siglip: projection_size (newer configs) wins over hidden_size when present', () => {
    const r = check(
      withConfig('siglip', (c) => {
        c.text_config.hidden_size = 40;
        c.text_config.projection_size = 16;
      }),
    );
    expect([r.ok, r.dim]).toEqual([true, 16]);
  });
  it('reads each declared output width from the graph header', () => {
    const h = readOnnxHeader(new Uint8Array(folder('siglip')['siglip/onnx/vision_model.onnx']));
    expect(h.inputs).toEqual(['pixel_values']);
    expect(h.outputs).toEqual(['last_hidden_state', 'pooler_output']);
    expect(h.outputShapes.pooler_output).toEqual([null, 16]);
    // Named or undeclared sizes read as null (the export left last_hidden_state's sizes open).
    expect(h.outputShapes.last_hidden_state?.length).toBe(3);
  });
});

describe('public CLIP layouts: refused with the reason', () => {
  it('a model_type of another family (the blip fixture, a BERT folder)', () => {
    expect(check(folder('refuse-blip')).issues).toEqual([{ key: 'refs.folder.unknownType', params: { type: 'blip' } }]);
    const bert = withConfig('clip', (c) => {
      c.model_type = 'bert';
    });
    expect(check(bert).problems).toEqual(['config.json model_type is "bert", not "clip", "siglip" or "jina_clip"']);
    expect(check(withConfig('clip', (c) => delete c.model_type)).issues[0].key).toBe('refs.folder.unknownType');
  });
  it('a missing size field, named with its layout', () => {
    expect(check(withConfig('siglip', (c) => delete c.vision_config.hidden_size)).issues).toEqual([
      { key: 'refs.folder.noField', params: { field: 'vision_config.hidden_size', layout: 'siglip' } },
    ]);
    expect(check(withConfig('jina_clip', (c) => delete c.projection_dim)).issues).toEqual([
      { key: 'refs.folder.noField', params: { field: 'projection_dim', layout: 'jina_clip' } },
    ]);
    expect(check(withConfig('clip', (c) => delete c.projection_dim)).issues).toEqual([
      { key: 'refs.folder.noDim', params: {} },
    ]);
  });
  it('towers of different sizes in config.json', () => {
    expect(check(withConfig('siglip', (c) => (c.vision_config.hidden_size = 48))).issues).toEqual([
      { key: 'refs.folder.towerDims', params: { text: 16, vision: 48 } },
    ]);
    expect(check(withConfig('jina_clip', (c) => (c.vision_config.embed_dim = 32))).issues).toEqual([
      { key: 'refs.folder.towerDims', params: { text: '16', vision: '32' } },
    ]);
  });
  it('a size over the library bound', () => {
    const r = check(
      withConfig('siglip', (c) => {
        c.text_config.hidden_size = 8192;
        c.vision_config.hidden_size = 8192;
      }),
    );
    expect(r.issues.map((i) => [i.key, i.params.field, i.params.value])).toEqual([
      ['refs.folder.range', 'text_config.hidden_size', '8192'],
    ]);
  });
  it('a tokenizer of another kind than the layout uses', () => {
    const files = { ...folder('siglip'), 'siglip/tokenizer.json': folder('clip')['clip/tokenizer.json'] };
    expect(check(files).issues).toEqual([
      { key: 'refs.folder.tokenizer', params: { got: 'BPE', layout: 'siglip', want: 'Unigram' } },
    ]);
    // CLIP folders keep any kind (the shipped Toon-CLIP is a Unigram CLIP).
    expect(check({ ...folder('clip'), 'clip/tokenizer.json': folder('siglip')['siglip/tokenizer.json'] }).ok).toBe(
      true,
    );
  });
  it("a graph interface that does not match the layout's", () => {
    // A CLIP text graph in a SigLIP folder: no pooler_output.
    const swapped = { ...folder('siglip'), 'siglip/onnx/text_model.onnx': folder('clip')['clip/onnx/text_model.onnx'] };
    expect(check(swapped).issues).toEqual([
      {
        key: 'refs.folder.graph.output',
        params: { file: 'onnx/text_model.onnx', name: 'pooler_output', layout: 'siglip' },
      },
    ]);
    const extra = {
      ...folder('siglip'),
      'siglip/onnx/text_model.onnx': graph(['input_ids', 'position_ids'], [['pooler_output', 16]]),
    };
    expect(check(extra).issues).toEqual([
      {
        key: 'refs.folder.graph.extraInput',
        params: { file: 'onnx/text_model.onnx', name: 'position_ids', layout: 'siglip' },
      },
    ]);
    const noPixels = { ...folder('clip'), 'clip/onnx/vision_model.onnx': graph(['images'], [['image_embeds', 24]]) };
    expect(check(noPixels).issues[0]).toEqual({
      key: 'refs.folder.graph.input',
      params: { file: 'onnx/vision_model.onnx', name: 'pixel_values', layout: 'clip' },
    });
    const notOnnx = { ...folder('jina_clip'), 'jina_clip/onnx/vision_model.onnx': enc('PK\u0003\u0004 not a graph') };
    expect(check(notOnnx).issues).toEqual([
      { key: 'refs.folder.graph.notOnnx', params: { file: 'onnx/vision_model.onnx' } },
    ]);
  });
  it('a declared output width other than the config size; an undeclared one is left to the load probe', () => {
    const wide = withConfig('jina_clip', (c) => {
      c.projection_dim = 24;
      c.text_config.embed_dim = 24;
      c.vision_config.embed_dim = 24;
    });
    expect(check(wide).issues).toEqual([
      {
        key: 'refs.folder.graph.width',
        params: { file: 'onnx/text_model.onnx', name: 'text_embeds', got: 16, want: 24 },
      },
      {
        key: 'refs.folder.graph.width',
        params: { file: 'onnx/vision_model.onnx', name: 'image_embeds', got: 16, want: 24 },
      },
    ]);
    expect(
      towerGraphIssue('jina_clip', 'text', 'x.onnx', new Uint8Array(graph(['input_ids'], [['text_embeddings']])), 24),
    ).toEqual({
      output: 'text_embeddings',
    });
  });
  it('an embedding size other than the stored library vectors', () => {
    expect(check(folder('siglip'), 128).issues).toEqual([{ key: 'refs.folder.dim', params: { dim: 16, stored: 128 } }]);
    expect(check(folder('siglip'), 128).problems).toEqual([
      "text_config.hidden_size 16 does not match the library's 128-d vectors",
    ]);
  });
});

describe('public CLIP layouts: every reason in English and Korean', () => {
  const before = getLocale();
  afterAll(() => setLocale(before));
  const KEYS: [string, Record<string, string | number>][] = [
    ['refs.folder.unknownType', { type: 'blip' }],
    ['refs.folder.noField', { field: 'vision_config.hidden_size', layout: 'siglip' }],
    ['refs.folder.towerDims', { text: 16, vision: 48 }],
    ['refs.folder.tokenizer', { got: 'BPE', layout: 'siglip', want: 'Unigram' }],
    ['refs.folder.graph.notOnnx', { file: 'onnx/vision_model.onnx' }],
    ['refs.folder.graph.input', { file: 'f', name: 'pixel_values', layout: 'clip' }],
    ['refs.folder.graph.extraInput', { file: 'f', name: 'position_ids', layout: 'siglip' }],
    ['refs.folder.graph.output', { file: 'f', name: 'pooler_output', layout: 'siglip' }],
    ['refs.folder.graph.width', { file: 'f', name: 'text_embeds', got: 16, want: 24 }],
    ['refs.error.graph.extraInput', { file: 'f', name: 'position_ids' }],
    ['refs.error.graph.width', { file: 'f', name: 'text_embeds' }],
  ];
  it.each(KEYS)('%s', (key, params) => {
    setLocale('en');
    const en = t(key, params);
    setLocale('ko');
    const ko = t(key, params);
    expect(en).not.toBe(key);
    expect(ko).not.toBe(en);
    expect(ko).toMatch(/[가-힣]/);
    for (const s of [en, ko]) {
      expect(s).not.toMatch(/\{\w+\}/);
      for (const v of Object.values(params)) expect(s).toContain(String(v));
    }
  });
});
