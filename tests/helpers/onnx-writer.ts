/**
 * A minimal ONNX (protobuf) writer for tests that need a small, real model file: a graph of
 * standard operators with float/int64 initialisers, encoded by hand in protobuf's wire format
 * (no protobuf library is among the dependencies). Only the fields ONNX Runtime needs are written.
 */

type Bytes = Uint8Array;

function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}

const concat = (parts: Bytes[]): Bytes => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const fieldVarint = (field: number, v: number | bigint): Bytes =>
  Uint8Array.from([...varint(field << 3), ...varint(v)]);
const fieldBytes = (field: number, bytes: Bytes): Bytes =>
  concat([Uint8Array.from([...varint((field << 3) | 2), ...varint(bytes.length)]), bytes]);
const fieldString = (field: number, s: string): Bytes =>
  fieldBytes(field, new TextEncoder().encode(s));

export const ONNX_FLOAT = 1;
export const ONNX_UINT8 = 2;
export const ONNX_INT64 = 7;

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  /** Integer attributes (e.g. Softmax `axis`, Cast `to`). */
  ints?: Record<string, number>;
}

export interface OnnxTensor {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array;
}

export interface OnnxValue {
  name: string;
  elemType: number;
  /** A number is a fixed size, a string a symbolic one (a dynamic batch). */
  dims: (number | string)[];
}

function node(n: OnnxNode, i: number): Bytes {
  const attrs = Object.entries(n.ints ?? {}).map(([name, v]) =>
    // AttributeProto: name = 1, i = 3, type = 20 (INT = 2).
    fieldBytes(5, concat([fieldString(1, name), fieldVarint(3, v), fieldVarint(20, 2)])),
  );
  return concat([
    ...n.inputs.map((s) => fieldString(1, s)),
    ...n.outputs.map((s) => fieldString(2, s)),
    fieldString(3, `${n.op.toLowerCase()}_${i}`),
    fieldString(4, n.op),
    ...attrs,
  ]);
}

function tensor(t: OnnxTensor): Bytes {
  const type = t.data instanceof Float32Array ? ONNX_FLOAT : ONNX_INT64;
  const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return concat([
    ...t.dims.map((d) => fieldVarint(1, d)),
    fieldVarint(2, type),
    fieldString(8, t.name),
    fieldBytes(9, raw),
  ]);
}

function valueInfo(v: OnnxValue): Bytes {
  const dims = v.dims.map((d) =>
    fieldBytes(1, typeof d === 'number' ? fieldVarint(1, d) : fieldString(2, d)),
  );
  const tensorType = concat([fieldVarint(1, v.elemType), fieldBytes(2, concat(dims))]);
  return concat([fieldString(1, v.name), fieldBytes(2, fieldBytes(1, tensorType))]);
}

/** The bytes of an ONNX model (IR 8, default opset 13) of one graph. */
export function writeOnnxModel(g: {
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  opset?: number;
  /** The model's metadata_props (e.g. Ultralytics' `names`, `task`, `imgsz`). */
  metadata?: Record<string, string>;
}): Uint8Array {
  const graph = concat([
    ...g.nodes.map((n, i) => fieldBytes(1, node(n, i))),
    fieldString(2, 'test-graph'),
    ...g.initializers.map((t) => fieldBytes(5, tensor(t))),
    ...g.inputs.map((v) => fieldBytes(11, valueInfo(v))),
    ...g.outputs.map((v) => fieldBytes(12, valueInfo(v))),
  ]);
  return concat([
    fieldVarint(1, 8),
    fieldString(2, 'watcher-tests'),
    fieldBytes(7, graph),
    fieldBytes(8, concat([fieldString(1, ''), fieldVarint(2, g.opset ?? 13)])),
    ...Object.entries(g.metadata ?? {}).map(([k, v]) =>
      fieldBytes(14, concat([fieldString(1, k), fieldString(2, v)])),
    ),
  ]);
}
