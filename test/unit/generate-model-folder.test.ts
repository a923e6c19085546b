import { describe, expect, it } from 'vitest';
import { checkDiffusionFolder } from '../../workers/models/diffusion-folder';

const b = (s = 'x') => new TextEncoder().encode(s);
const full = {
  'sd/model_index.json': b('{}'),
  'sd/scheduler/scheduler_config.json': b('{}'),
  'sd/unet/model.onnx': b(),
  'sd/unet/model.onnx_data': b(),
  'sd/vae_decoder/model_fp16.onnx': b(),
  'sd/text_encoder/model.onnx': b(),
  'sd/tokenizer/tokenizer.json': b('{}'),
  'sd/README.md': b('# not needed'),
  'sd/.DS_Store': b(),
};

describe('checkDiffusionFolder', () => {
  it('strips the top folder and keeps only pipeline files', () => {
    const r = checkDiffusionFolder(full);
    expect(r.problems).toEqual([]);
    expect(Object.keys(r.files).sort()).toEqual([
      'model_index.json',
      'scheduler/scheduler_config.json',
      'text_encoder/model.onnx',
      'tokenizer/tokenizer.json',
      'unet/model.onnx',
      'unet/model.onnx_data',
      'vae_decoder/model_fp16.onnx',
    ]);
  });
  it('lists every missing required file', () => {
    const { 'sd/unet/model.onnx': _u, 'sd/tokenizer/tokenizer.json': _t, ...rest } = full;
    expect(checkDiffusionFolder(rest).problems).toEqual(['unet/model.onnx', 'tokenizer/tokenizer.json']);
    expect(checkDiffusionFolder({}).problems).toEqual([
      'scheduler/scheduler_config.json',
      'unet/model.onnx',
      'vae_decoder/model.onnx',
      'text_encoder/model.onnx',
      'tokenizer/tokenizer.json',
    ]);
  });
  it('an unconditional model needs no text encoder or tokenizer', () => {
    const r = checkDiffusionFolder({
      'model_index.json': b(JSON.stringify({ toonsmith: { text: { unconditional: true } } })),
      'scheduler/scheduler_config.json': b('{}'),
      'unet/model.onnx': b(),
      'vae_decoder/model.onnx': b(),
    });
    expect(r.problems).toEqual([]);
  });
});
