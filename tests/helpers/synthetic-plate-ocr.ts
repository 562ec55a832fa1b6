import { ONNX_FLOAT, ONNX_UINT8, writeOnnxModel } from './onnx-writer';

/**
 * A synthetic plate-OCR model and the synthetic "plates" it reads, for tests: no trained plate-OCR
 * model is available here, so the model is a constant-weight linear read-out of a rendered code.
 * The plate picture has one vertical band per output position (slot or CTC step), each band split
 * into one column per class; a class is "written" by lighting its column. The model (uint8
 * [N, H, W, 1] → Cast → Reshape → MatMul → Reshape → Softmax) sums each column, so its output
 * [N, positions, classes] peaks at the lit columns, and a half-lit column is a plausible
 * runner-up: real per-character probabilities for the decoder and the format fixes.
 */
export interface SyntheticOcrShape {
  positions: number;
  classes: number;
  height: number;
}

export function syntheticPlateOcrModel(s: SyntheticOcrShape): Uint8Array {
  const W = s.positions * s.classes;
  const pixels = s.height * W;
  const outputs = s.positions * s.classes;
  // A fully lit column gives logit 12; unlit 0.
  const gain = 12 / (255 * s.height);
  const weights = new Float32Array(pixels * outputs);
  for (let y = 0; y < s.height; y++)
    for (let x = 0; x < W; x++) weights[(y * W + x) * outputs + x] = gain;
  return writeOnnxModel({
    nodes: [
      { op: 'Cast', inputs: ['image'], outputs: ['image_f'], ints: { to: ONNX_FLOAT } },
      { op: 'Reshape', inputs: ['image_f', 'flat_shape'], outputs: ['flat'] },
      { op: 'MatMul', inputs: ['flat', 'readout'], outputs: ['logits'] },
      { op: 'Reshape', inputs: ['logits', 'out_shape'], outputs: ['logits3'] },
      { op: 'Softmax', inputs: ['logits3'], outputs: ['probs'], ints: { axis: 2 } },
    ],
    initializers: [
      { name: 'flat_shape', dims: [2], data: BigInt64Array.from([-1n, BigInt(pixels)]) },
      { name: 'readout', dims: [pixels, outputs], data: weights },
      {
        name: 'out_shape',
        dims: [3],
        data: BigInt64Array.from([-1n, BigInt(s.positions), BigInt(s.classes)]),
      },
    ],
    inputs: [{ name: 'image', elemType: ONNX_UINT8, dims: ['N', s.height, W, 1] }],
    outputs: [{ name: 'probs', elemType: ONNX_FLOAT, dims: ['N', s.positions, s.classes] }],
  });
}

/**
 * The RGB picture (grey levels) of a code: per position, `lit` maps class index → brightness
 * (255 a sure character; two partial ones an ambiguous character).
 */
export function renderSyntheticPlate(
  s: SyntheticOcrShape,
  lit: readonly Readonly<Record<number, number>>[],
): { width: number; height: number; data: Uint8Array } {
  const W = s.positions * s.classes;
  const data = new Uint8Array(W * s.height * 3);
  lit.forEach((cols, p) => {
    for (const [c, v] of Object.entries(cols)) {
      const x = p * s.classes + Number(c);
      for (let y = 0; y < s.height; y++) data.fill(v, (y * W + x) * 3, (y * W + x) * 3 + 3);
    }
  });
  return { width: W, height: s.height, data };
}
