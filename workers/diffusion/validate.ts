/**
 * Checks that a model folder's graphs have the Stable-Diffusion interfaces the pipeline needs,
 * with one clear message per problem (which file, which input/output, expected vs found).
 */
import type * as Ort from 'onnxruntime-web';

export class ModelFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFolderError';
  }
}

export interface IoSpec {
  name: string;
  /** Expected rank and fixed sizes (null = any); checked only where the graph states a number. */
  dims?: readonly (number | null)[];
}

export interface IoMeta {
  name: string;
  type?: string;
  shape?: readonly (number | string)[];
}

type Session = Pick<Ort.InferenceSession, 'inputNames' | 'outputNames'> & {
  inputMetadata?: readonly Ort.InferenceSession.ValueMetadata[];
  outputMetadata?: readonly Ort.InferenceSession.ValueMetadata[];
};

function metaOf(list: readonly Ort.InferenceSession.ValueMetadata[] | undefined, name: string): IoMeta {
  const m = list?.find((x) => x.name === name);
  if (m && m.isTensor) return { name, type: m.type, shape: m.shape };
  return { name };
}

export function inputMeta(s: Session, name: string): IoMeta {
  return metaOf(s.inputMetadata, name);
}

export function outputMeta(s: Session, name: string): IoMeta {
  return metaOf(s.outputMetadata, name);
}

function checkDims(file: string, kind: 'input' | 'output', meta: IoMeta, want: IoSpec): string[] {
  if (!want.dims || !meta.shape || meta.shape.length === 0) return [];
  if (meta.shape.length !== want.dims.length) {
    return [`${file}: ${kind} '${meta.name}' has rank ${meta.shape.length}, expected ${want.dims.length}`];
  }
  const errs: string[] = [];
  want.dims.forEach((d, i) => {
    const got = meta.shape![i];
    if (d !== null && typeof got === 'number' && got > 0 && got !== d) {
      errs.push(`${file}: ${kind} '${meta.name}' dimension ${i} is ${got}, expected ${d}`);
    }
  });
  return errs;
}

/**
 * Requires every `inputs` name among the graph's inputs and returns the first of `outputs`
 * candidates present (throws listing what the graph has otherwise).
 */
export function validateGraph(
  file: string,
  s: Session,
  inputs: readonly IoSpec[],
  outputs: readonly IoSpec[],
): { output: string } {
  const errs: string[] = [];
  for (const want of inputs) {
    if (!s.inputNames.includes(want.name)) {
      errs.push(`${file}: missing input '${want.name}' (graph inputs: ${s.inputNames.join(', ') || 'none'})`);
    } else errs.push(...checkDims(file, 'input', inputMeta(s, want.name), want));
  }
  const out = outputs.find((o) => s.outputNames.includes(o.name));
  if (!out) {
    errs.push(
      `${file}: no output named ${outputs.map((o) => `'${o.name}'`).join(' or ')} (graph outputs: ${s.outputNames.join(', ')})`,
    );
  } else errs.push(...checkDims(file, 'output', outputMeta(s, out.name), out));
  if (errs.length) throw new ModelFolderError(errs.join('\n'));
  return { output: out!.name };
}

/** The last dimension of an input/output when the graph states it as a number. */
export function lastDim(meta: IoMeta): number | undefined {
  const d = meta.shape?.[meta.shape.length - 1];
  return typeof d === 'number' && d > 0 ? d : undefined;
}
