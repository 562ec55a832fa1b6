import type { EventEnvelope, ResponseEnvelope } from './envelope';

/**
 * WebSocket framing. JSON text for everything except events with a binary `jpeg` field, which go
 * as one binary frame: [u32 header length][header JSON][JPEG bytes] — no base64 inflation for the
 * 16-tile wall. IPC needs none of this: structured clone carries Uint8Array natively.
 */
export function encodeServerMessage(msg: ResponseEnvelope | EventEnvelope): string | Uint8Array {
  if (msg.kind === 'event' && isRecord(msg.payload) && msg.payload.jpeg instanceof Uint8Array) {
    const { jpeg, ...rest } = msg.payload;
    const header = new TextEncoder().encode(
      JSON.stringify({ kind: 'event', topic: msg.topic, payload: rest }),
    );
    const out = new Uint8Array(4 + header.length + jpeg.length);
    new DataView(out.buffer).setUint32(0, header.length, true);
    out.set(header, 4);
    out.set(jpeg, 4 + header.length);
    return out;
  }
  return JSON.stringify(msg);
}

/** Inverse of encodeServerMessage; returns undefined for frames that are not well formed. */
export function decodeServerMessage(data: string | ArrayBuffer | Uint8Array): unknown {
  try {
    if (typeof data === 'string') return JSON.parse(data);
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    if (bytes.length < 4) return undefined;
    const headerLen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(
      0,
      true,
    );
    if (headerLen > bytes.length - 4) return undefined;
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLen))) as {
      payload?: Record<string, unknown>;
    };
    if (!isRecord(header) || !isRecord(header.payload)) return undefined;
    header.payload.jpeg = bytes.slice(4 + headerLen);
    return header;
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
