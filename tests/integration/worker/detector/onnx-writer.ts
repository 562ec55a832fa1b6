/**
 * Writes small ONNX models as protobuf bytes (there is no onnx package for Node): enough to make
 * real ONNX Runtime sessions with odd output layouts for the tests.
 */
type Dim = number | string;

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  if (v < 0) v = 2 ** 64 + v; // int64 two's complement (only -1 is used here)
  while (v >= 128) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}
const key = (field: number, wire: number): number[] => varint(field * 8 + wire);
const bytesField = (field: number, data: number[] | Uint8Array): number[] => [
  ...key(field, 2),
  ...varint(data.length),
  ...data,
];
const strField = (field: number, s: string): number[] =>
  bytesField(field, [...Buffer.from(s, 'utf8')]);
const intField = (field: number, n: number): number[] => [...key(field, 0), ...varint(n)];

function valueInfo(name: string, dims: Dim[]): number[] {
  const shape = dims.flatMap((d) =>
    bytesField(1, typeof d === 'number' ? intField(1, d) : strField(2, d)),
  );
  const tensorType = [...intField(1, 1), ...bytesField(2, shape)];
  return [...strField(1, name), ...bytesField(2, bytesField(1, tensorType))];
}

function node(op: string, inputs: string[], outputs: string[]): number[] {
  return [
    ...inputs.flatMap((i) => strField(1, i)),
    ...outputs.flatMap((o) => strField(2, o)),
    ...strField(3, `${op}_0`),
    ...strField(4, op),
  ];
}

function int64Initializer(name: string, values: number[]): number[] {
  const raw = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => raw.writeBigInt64LE(BigInt(v), i * 8));
  return [
    ...intField(1, values.length),
    ...intField(2, 7),
    ...strField(8, name),
    ...bytesField(9, raw),
  ];
}

function model(graph: number[], metadata: Record<string, string>): Uint8Array {
  const opset = [...strField(1, ''), ...intField(2, 13)];
  const meta = Object.entries(metadata).flatMap(([k, v]) =>
    bytesField(14, [...strField(1, k), ...strField(2, v)]),
  );
  return Uint8Array.from([
    ...intField(1, 8),
    ...strField(2, 'watcher-tests'),
    ...bytesField(8, opset),
    ...bytesField(7, graph),
    ...meta,
  ]);
}

/** Identity on an image input: a valid ONNX model whose output is no detector layout. */
export function identityImageModel(size = 32): Uint8Array {
  const graph = [
    ...bytesField(1, node('Identity', ['images'], ['features'])),
    ...strField(2, 'identity'),
    ...bytesField(11, valueInfo('images', [1, 3, size, size])),
    ...bytesField(12, valueInfo('features', [1, 3, size, size])),
  ];
  return model(graph, {});
}

/**
 * `images` [batch,3,S,S] reshaped to `output0` [batch, 4+C, N]: a YOLOv8-layout model with a
 * dynamic batch dimension (3·S² = (4+C)·N must hold).
 */
export function reshapeV8Model(size: number, classes: string[], anchors: number): Uint8Array {
  if (3 * size * size !== (4 + classes.length) * anchors) throw new Error('shape mismatch');
  const graph = [
    ...bytesField(1, node('Reshape', ['images', 'shape'], ['output0'])),
    ...strField(2, 'reshape'),
    ...bytesField(5, int64Initializer('shape', [-1, 4 + classes.length, anchors])),
    ...bytesField(11, valueInfo('images', ['batch', 3, size, size])),
    ...bytesField(12, valueInfo('output0', ['batch', 4 + classes.length, anchors])),
  ];
  const names = `{${classes.map((c, i) => `${i}: '${c}'`).join(', ')}}`;
  return model(graph, { names, task: 'detect', imgsz: `[${size}, ${size}]` });
}
