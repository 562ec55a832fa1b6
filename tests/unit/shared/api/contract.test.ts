import { describe, expect, it } from 'vitest';
import {
  parseRequest,
  parseServerMessage,
  checkResult,
} from '../../../../electron/shared/api/validate';
import {
  decodeServerMessage,
  encodeServerMessage,
} from '../../../../electron/shared/api/wire-codec';
import { ApiClient, type ClientTransport } from '../../../../electron/shared/api/client';
import { CodedError } from '../../../../electron/shared/coded-error';
import { redactSecrets } from '../../../../electron/shared/util/redact';

describe('request validation (host side)', () => {
  it('accepts a well-formed request and applies schema defaults', () => {
    const r = parseRequest(
      JSON.stringify({
        kind: 'request',
        id: 7,
        method: 'cameras.upsert',
        params: {
          camera: {
            id: 'cam-1',
            name: 'Av. Arequipa',
            source: { kind: 'rtsp', url: 'rtsp://10.0.0.5/stream' },
          },
        },
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const camera = (
      r.value.params as { camera: { source: { transport: string }; analysis: { fps: number } } }
    ).camera;
    expect(camera.source.transport).toBe('tcp');
    expect(camera.analysis.fps).toBe(10);
  });

  it.each([
    ['not JSON', '{nope', 'api.malformed', undefined],
    ['a JSON array', '[]', 'api.malformed', undefined],
    ['no method', JSON.stringify({ kind: 'request', id: 1 }), 'api.malformed', 1],
    [
      'an unknown method',
      JSON.stringify({ kind: 'request', id: 2, method: '__proto__', params: {} }),
      'api.unknown_method',
      2,
    ],
    [
      'wrong params',
      JSON.stringify({
        kind: 'request',
        id: 3,
        method: 'cameras.remove',
        params: { id: '../../etc' },
      }),
      'api.invalid_params',
      3,
    ],
    [
      'extra params',
      JSON.stringify({ kind: 'request', id: 4, method: 'cameras.list', params: { evil: true } }),
      'api.invalid_params',
      4,
    ],
    [
      'a bad RTSP URL',
      JSON.stringify({
        kind: 'request',
        id: 5,
        method: 'cameras.upsert',
        params: {
          camera: { id: 'a', name: 'a', source: { kind: 'rtsp', url: 'file:///etc/passwd' } },
        },
      }),
      'api.invalid_params',
      5,
    ],
  ])('rejects %s with a clear error instead of throwing', (_name, raw, code, id) => {
    const r = parseRequest(raw);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message.length).toBeGreaterThan(5);
    expect(r.id).toBe(id);
  });

  it('rejects oversized messages before parsing them', () => {
    const r = parseRequest('x'.repeat(2 * 1024 * 1024));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('api.too_large');
  });

  it('names the field that is wrong', () => {
    const r = parseRequest({
      kind: 'request',
      id: 9,
      method: 'cameras.upsert',
      params: { camera: { id: 'x', name: 'x', source: { kind: 'rtsp', url: 'http://x' } } },
    });
    expect(!r.ok && r.error.message).toMatch(/camera\.source\.url/);
  });

  it('refuses to ship an off-contract result', () => {
    expect(() => checkResult('cameras.remove', { removed: 'yes' })).toThrow(/invalid result/);
  });
});

describe('server message validation (client side)', () => {
  it('accepts a valid event and drops a malformed one', () => {
    const ok = parseServerMessage({
      kind: 'event',
      topic: 'camera.status',
      payload: { cameraId: 'demo', state: 'streaming' },
    });
    expect(ok.ok).toBe(true);
    expect(
      parseServerMessage({
        kind: 'event',
        topic: 'camera.status',
        payload: { cameraId: 'demo', state: 'on-fire' },
      }).ok,
    ).toBe(false);
    expect(parseServerMessage({ kind: 'event', topic: 'nope', payload: {} }).ok).toBe(false);
    expect(parseServerMessage('text').ok).toBe(false);
    expect(parseServerMessage({ kind: 'response', id: 'x', ok: true }).ok).toBe(false);
  });

  it('round-trips a binary preview frame through the WebSocket codec', () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]);
    const encoded = encodeServerMessage({
      kind: 'event',
      topic: 'camera.preview',
      payload: { cameraId: 'demo', frameId: 3, ts: 1, width: 2, height: 2, jpeg },
    });
    expect(encoded).toBeInstanceOf(Uint8Array);
    const decoded = decodeServerMessage(encoded as Uint8Array);
    const parsed = parseServerMessage(decoded);
    expect(parsed.ok).toBe(true);
    if (parsed.ok && parsed.value.kind === 'event')
      expect((parsed.value.payload as { jpeg: Uint8Array }).jpeg).toEqual(jpeg);
    expect(decodeServerMessage(new Uint8Array([255, 255, 255, 255, 1]))).toBeUndefined();
  });
});

describe('ApiClient', () => {
  /** A loopback transport: the "host" side is the test itself. */
  function loopback() {
    let deliver: (m: unknown) => void = () => {};
    const sent: unknown[] = [];
    const transport: ClientTransport = {
      send: (r) => sent.push(r),
      onMessage: (l) => {
        deliver = l;
        return () => {};
      },
    };
    return { transport, sent, deliver: (m: unknown) => deliver(m) };
  }

  it('resolves typed results and rejects error responses with their code', async () => {
    const t = loopback();
    const client = new ApiClient(t.transport);
    const p1 = client.call('cameras.remove', { id: 'demo' });
    const p2 = client.call('cameras.remove', { id: 'gone' });
    t.deliver({ kind: 'response', id: 1, ok: true, result: { removed: true } });
    t.deliver({
      kind: 'response',
      id: 2,
      ok: false,
      error: { code: 'camera.not_found', message: 'no camera' },
    });
    await expect(p1).resolves.toEqual({ removed: true });
    await expect(p2).rejects.toBeInstanceOf(CodedError);
  });

  it('rejects a response whose result breaks the contract, and reports malformed events', async () => {
    const t = loopback();
    const client = new ApiClient(t.transport);
    const errors: string[] = [];
    client.onProtocolError = (e) => errors.push(e.code);
    const p = client.call('cameras.remove', { id: 'demo' });
    t.deliver({ kind: 'response', id: 1, ok: true, result: { removed: 42 } });
    await expect(p).rejects.toMatchObject({ code: 'api.invalid_result' });
    t.deliver({ kind: 'event', topic: 'camera.status', payload: null });
    expect(errors).toEqual(['api.malformed']);
  });
});

describe('redactSecrets', () => {
  it('masks credentials in URLs and key=value pairs', () => {
    expect(redactSecrets('rtsp://admin:S3cr3t!@10.1.2.3:554/h264')).toBe(
      'rtsp://admin:***@10.1.2.3:554/h264',
    );
    expect(redactSecrets('postgres://u:p@db/x password=hunter2')).toBe(
      'postgres://u:***@db/x password=***',
    );
    expect(redactSecrets('rtsp://10.1.2.3/stream')).toBe('rtsp://10.1.2.3/stream');
  });
});
