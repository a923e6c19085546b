/**
 * Reads the names of an ONNX graph's inputs and outputs without building a session (pure, no
 * DOM): a walk over the ModelProto protobuf that skips every length-delimited field it does not
 * need (weights included), so a 500 MB file costs a few thousand field headers. Used to refuse a
 * file that is not an ONNX model, or a graph without the tensors transformers.js will ask for,
 * before onnxruntime-web sees it (a failed session creation poisons transformers.js's session
 * chain for the whole worker).
 *
 * ModelProto: ir_version 1 (varint), graph 7. GraphProto: initializer 5, input 11, output 12
 * (ValueInfoProto: name 1). Inputs that are also initializers (IR < 4) are not real inputs.
 */
export interface OnnxHeader {
  irVersion: number;
  inputs: string[];
  outputs: string[];
  /**
   * Each output's declared shape (ValueInfoProto type 2 → TypeProto tensor_type 1 → shape 2 →
   * dim 1: dim_value 1 | dim_param 2): a number for a fixed size, null for a named or unknown
   * one; absent when the output declares no shape.
   */
  outputShapes: Record<string, (number | null)[]>;
}

export class OnnxHeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxHeaderError';
  }
}

interface Field {
  field: number;
  wire: number;
  /** varint value (wire 0) */
  num: number;
  /** [start, end) of a length-delimited value (wire 2) */
  start: number;
  end: number;
}

function* fields(b: Uint8Array, from: number, to: number): Generator<Field> {
  let pos = from;
  const varint = (): number => {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= to) throw new OnnxHeaderError('a field runs past the end of the file');
      const x = b[pos++];
      v += (x & 0x7f) * mul;
      if (x < 0x80) return v;
      mul *= 128;
    }
    throw new OnnxHeaderError('a varint is longer than 10 bytes');
  };
  while (pos < to) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 0) throw new OnnxHeaderError('field number 0');
    let num = 0;
    let start = pos;
    if (wire === 0) num = varint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const len = varint();
      start = pos;
      pos += len;
    } else throw new OnnxHeaderError(`wire type ${wire} is not used by ONNX`);
    if (pos > to) throw new OnnxHeaderError('a field runs past the end of the file');
    yield { field, wire, num, start, end: pos };
  }
}

/** The declared shape of a ValueInfoProto, or undefined (see OnnxHeader.outputShapes). */
function shapeOf(b: Uint8Array, f: Field): (number | null)[] | undefined {
  const sub = (x: Field | undefined, n: number): Field | undefined =>
    x && [...fields(b, x.start, x.end)].find((y) => y.field === n && y.wire === 2);
  const shape = sub(sub(sub(f, 2), 1), 2);
  if (!shape) return undefined;
  const dims: (number | null)[] = [];
  for (const d of fields(b, shape.start, shape.end)) {
    if (d.field !== 1 || d.wire !== 2) continue;
    const v = [...fields(b, d.start, d.end)].find((y) => y.field === 1 && y.wire === 0);
    dims.push(v ? v.num : null);
  }
  return dims;
}

function nameOf(b: Uint8Array, f: Field): string {
  for (const x of fields(b, f.start, f.end))
    if (x.field === 1 && x.wire === 2) return new TextDecoder().decode(b.subarray(x.start, x.end));
  return '';
}

/** Parses the header; throws OnnxHeaderError when the bytes are not an ONNX model with a graph. */
export function readOnnxHeader(bytes: Uint8Array): OnnxHeader {
  let irVersion = 0;
  let graph: Field | undefined;
  for (const f of fields(bytes, 0, bytes.length)) {
    if (f.field === 1 && f.wire === 0) irVersion = f.num;
    else if (f.field === 7 && f.wire === 2) graph = f;
  }
  if (!irVersion || irVersion > 100) throw new OnnxHeaderError('no ONNX ir_version');
  if (!graph) throw new OnnxHeaderError('no graph');
  const inputs: string[] = [];
  const outputs: string[] = [];
  const outputShapes: Record<string, (number | null)[]> = Object.create(null) as Record<string, (number | null)[]>;
  const inits = new Set<string>();
  for (const f of fields(bytes, graph.start, graph.end)) {
    if (f.wire !== 2) continue;
    if (f.field === 11) inputs.push(nameOf(bytes, f));
    else if (f.field === 12) {
      const name = nameOf(bytes, f);
      outputs.push(name);
      const shape = shapeOf(bytes, f);
      if (shape) outputShapes[name] = shape;
    } else if (f.field === 5) {
      // TensorProto name is field 8.
      for (const x of fields(bytes, f.start, f.end))
        if (x.field === 8 && x.wire === 2) inits.add(new TextDecoder().decode(bytes.subarray(x.start, x.end)));
    }
  }
  if (outputs.length === 0) throw new OnnxHeaderError('the graph has no outputs');
  return { irVersion, inputs: inputs.filter((n) => !inits.has(n)), outputs, outputShapes };
}

/**
 * Checks a CLIP tower file: an ONNX model whose graph takes `needIn` and gives `needOut`.
 * Returns the problem in English, or null.
 */
export function clipGraphProblem(file: string, bytes: Uint8Array, needIn: string, needOut: string): string | null {
  return clipGraphIssue(file, bytes, needIn, needOut)?.message ?? null;
}

/** What is wrong with a tower graph, as a code for the page ('notOnnx' | 'input' | 'output') and the tensor name. */
export function clipGraphIssue(
  file: string,
  bytes: Uint8Array,
  needIn: string,
  needOut: string,
): { kind: 'notOnnx' | 'input' | 'output'; name: string; message: string } | null {
  let h: OnnxHeader;
  try {
    h = readOnnxHeader(bytes);
  } catch (e) {
    return { kind: 'notOnnx', name: '', message: `${file} is not an ONNX model (${(e as Error).message})` };
  }
  if (!h.inputs.includes(needIn))
    return {
      kind: 'input',
      name: needIn,
      message: `${file} has no input '${needIn}' (inputs: ${h.inputs.join(', ') || 'none'})`,
    };
  if (!h.outputs.includes(needOut))
    return {
      kind: 'output',
      name: needOut,
      message: `${file} has no output '${needOut}' (outputs: ${h.outputs.join(', ')})`,
    };
  return null;
}
