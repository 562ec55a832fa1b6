import { CodedError } from '../../../electron/shared/coded-error';
import { readFileSync } from 'node:fs';
import type { ModelDescription, TensorInfo } from '../../vision/detect/layout';

/**
 * Reads what a model needs to be checked and adapted — inputs, outputs with their dims, and the
 * metadata_props — straight from the ONNX protobuf, without starting a session. onnxruntime-node
 * does not expose custom metadata (Ultralytics `names`, `imgsz`, `task`), and reading the file
 * ourselves also gives a clear "this is not an ONNX model" before ORT's generic parse error.
 */
export interface OnnxModelInfo extends ModelDescription {
  irVersion: number;
  producer: string;
  opsetVersion?: number;
}

export function readOnnxModelInfo(file: string): OnnxModelInfo {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    throw new CodedError(
      'inference.model.unreadable',
      `cannot read model file ${file}: ${(err as Error).message}`,
    );
  }
  return parseOnnxModelInfo(buf, file);
}

export function parseOnnxModelInfo(buf: Uint8Array, name = 'model'): OnnxModelInfo {
  const info: OnnxModelInfo = { irVersion: 0, producer: '', inputs: [], outputs: [], metadata: {} };
  let sawGraph = false;
  try {
    const r = new Reader(buf);
    while (!r.done()) {
      const [field, wire] = r.tag();
      if (field === 1 && wire === 0) info.irVersion = r.varint();
      else if (field === 2 && wire === 2) info.producer = r.string();
      else if (field === 7 && wire === 2) {
        sawGraph = true;
        readGraph(r.sub(), info);
      } else if (field === 8 && wire === 2) {
        const op = r.sub();
        let domain = '';
        let version = 0;
        while (!op.done()) {
          const [f, w] = op.tag();
          if (f === 1 && w === 2) domain = op.string();
          else if (f === 2 && w === 0) version = op.varint();
          else op.skip(w);
        }
        if (domain === '' || domain === 'ai.onnx') info.opsetVersion = version;
      } else if (field === 14 && wire === 2) {
        const kv = r.sub();
        let key = '';
        let value = '';
        while (!kv.done()) {
          const [f, w] = kv.tag();
          if (f === 1 && w === 2) key = kv.string();
          else if (f === 2 && w === 2) value = kv.string();
          else kv.skip(w);
        }
        info.metadata[key] = value;
      } else r.skip(wire);
    }
  } catch (err) {
    throw new CodedError(
      'inference.model.not_onnx',
      `${name} is not an ONNX model (protobuf parse failed: ${(err as Error).message})`,
    );
  }
  if (!sawGraph || info.irVersion <= 0 || info.irVersion > 100) {
    throw new CodedError(
      'inference.model.not_onnx',
      `${name} is not an ONNX model (no ModelProto graph found)`,
    );
  }
  return info;
}

function readGraph(g: Reader, info: OnnxModelInfo): void {
  const initializers = new Set<string>();
  const inputs: TensorInfo[] = [];
  while (!g.done()) {
    const [f, w] = g.tag();
    if (f === 11 && w === 2) inputs.push(readValueInfo(g.sub()));
    else if (f === 12 && w === 2) info.outputs.push(readValueInfo(g.sub()));
    else if (f === 5 && w === 2) {
      // TensorProto: name is field 8. Old exports list weights among the graph inputs too.
      const t = g.sub();
      while (!t.done()) {
        const [tf, tw] = t.tag();
        if (tf === 8 && tw === 2) initializers.add(t.string());
        else t.skip(tw);
      }
    } else g.skip(w);
  }
  info.inputs = inputs.filter((i) => !initializers.has(i.name));
}

function readValueInfo(v: Reader): TensorInfo {
  let name = '';
  const dims: Array<number | string> = [];
  while (!v.done()) {
    const [f, w] = v.tag();
    if (f === 1 && w === 2) name = v.string();
    else if (f === 2 && w === 2) {
      // TypeProto.tensor_type (1) → TensorShapeProto (2) → Dimension (1): dim_value (1) | dim_param (2).
      const type = v.sub();
      while (!type.done()) {
        const [tf, tw] = type.tag();
        if (tf !== 1 || tw !== 2) {
          type.skip(tw);
          continue;
        }
        const tensor = type.sub();
        while (!tensor.done()) {
          const [sf, sw] = tensor.tag();
          if (sf !== 2 || sw !== 2) {
            tensor.skip(sw);
            continue;
          }
          const shape = tensor.sub();
          while (!shape.done()) {
            const [df, dw] = shape.tag();
            if (df !== 1 || dw !== 2) {
              shape.skip(dw);
              continue;
            }
            const dim = shape.sub();
            let d: number | string = -1;
            while (!dim.done()) {
              const [xf, xw] = dim.tag();
              if (xf === 1 && xw === 0) d = dim.varint();
              else if (xf === 2 && xw === 2) d = dim.string();
              else dim.skip(xw);
            }
            dims.push(d);
          }
        }
      }
    } else v.skip(w);
  }
  return { name, dims };
}

/** Minimal protobuf wire-format reader: varints, length-delimited fields, skipping the rest. */
class Reader {
  private pos: number;
  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }
  done(): boolean {
    return this.pos >= this.end;
  }
  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new Error('truncated varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if (!(b & 0x80)) return result;
      mul *= 128;
    }
    throw new Error('varint too long');
  }
  tag(): [number, number] {
    const t = this.varint();
    const field = Math.floor(t / 8);
    const wire = t & 7;
    if (field === 0) throw new Error('field number 0');
    return [field, wire];
  }
  private length(): number {
    const n = this.varint();
    if (this.pos + n > this.end) throw new Error('length past end');
    return n;
  }
  sub(): Reader {
    const n = this.length();
    const r = new Reader(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return r;
  }
  string(): string {
    const n = this.length();
    const s = Buffer.from(this.buf.buffer, this.buf.byteOffset + this.pos, n).toString('utf8');
    this.pos += n;
    return s;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) {
      const n = this.length();
      this.pos += n;
    } else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
    if (this.pos > this.end) throw new Error('truncated field');
  }
}
