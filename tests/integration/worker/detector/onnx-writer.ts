import { ONNX_FLOAT, writeOnnxModel } from '../../../helpers/onnx-writer';

/** Small real ONNX models with odd output layouts, for the detector and model-import tests. */

/** Identity on an image input: a valid ONNX model whose output is no detector layout. */
export function identityImageModel(size = 32): Uint8Array {
  return writeOnnxModel({
    nodes: [{ op: 'Identity', inputs: ['images'], outputs: ['features'] }],
    initializers: [],
    inputs: [{ name: 'images', elemType: ONNX_FLOAT, dims: [1, 3, size, size] }],
    outputs: [{ name: 'features', elemType: ONNX_FLOAT, dims: [1, 3, size, size] }],
  });
}

/**
 * `images` [batch,3,S,S] reshaped to `output0` [batch, 4+C, N]: a YOLOv8-layout model with a
 * dynamic batch dimension (3·S² = (4+C)·N must hold).
 */
export function reshapeV8Model(size: number, classes: string[], anchors: number): Uint8Array {
  if (3 * size * size !== (4 + classes.length) * anchors) throw new Error('shape mismatch');
  const rows = 4 + classes.length;
  return writeOnnxModel({
    nodes: [{ op: 'Reshape', inputs: ['images', 'shape'], outputs: ['output0'] }],
    initializers: [
      { name: 'shape', dims: [3], data: BigInt64Array.from([-1n, BigInt(rows), BigInt(anchors)]) },
    ],
    inputs: [{ name: 'images', elemType: ONNX_FLOAT, dims: ['batch', 3, size, size] }],
    outputs: [{ name: 'output0', elemType: ONNX_FLOAT, dims: ['batch', rows, anchors] }],
    metadata: {
      names: `{${classes.map((c, i) => `${i}: '${c}'`).join(', ')}}`,
      task: 'detect',
      imgsz: `[${size}, ${size}]`,
    },
  });
}
