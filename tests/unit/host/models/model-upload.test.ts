import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  base64DecodedLength,
  checkChunk,
  chunkCount,
  modelIdFromFileName,
  modelMethods,
  parseLabelsFile,
  uniqueModelId,
  uploadPercent,
} from '../../../../electron/shared/api/methods/models';
import { roleAllows } from '../../../../electron/shared/api/methods/auth';
import { parseRequest } from '../../../../electron/shared/api/validate';
import { MAX_MESSAGE_BYTES } from '../../../../electron/shared/api/envelope';
import { ModelUploads } from '../../../../electron/host/models/uploads';
import { runProbe } from '../../../../electron/host/models/probe';
import { bytesToBase64 } from '../../../../renderer/src/settings/model-upload';

describe('model upload helpers (pure)', () => {
  it('counts chunks and decoded base64 sizes', () => {
    expect(chunkCount(1, 512)).toBe(1);
    expect(chunkCount(512, 512)).toBe(1);
    expect(chunkCount(513, 512)).toBe(2);
    for (const n of [1, 2, 3, 4, 5, 1000]) {
      const b64 = Buffer.alloc(n, 7).toString('base64');
      expect(base64DecodedLength(b64)).toBe(n);
    }
    expect(uploadPercent(0, 10)).toBe(0);
    expect(uploadPercent(5, 10)).toBe(50);
    expect(uploadPercent(10, 10)).toBe(100);
    expect(uploadPercent(1, 0)).toBe(0);
  });

  it('accepts chunks only in order, not empty, and never past the declared size', () => {
    const s = { received: 10, size: 20, nextIndex: 2 };
    expect(checkChunk(s, 2, 10)).toEqual({ ok: true, bytes: 10 });
    expect(checkChunk(s, 3, 5)).toMatchObject({ ok: false, code: 'models.upload.out_of_order' });
    expect(checkChunk(s, 1, 5)).toMatchObject({ ok: false, code: 'models.upload.out_of_order' });
    expect(checkChunk(s, 2, 0)).toMatchObject({ ok: false, code: 'models.upload.empty_chunk' });
    expect(checkChunk(s, 2, 11)).toMatchObject({ ok: false, code: 'models.upload.too_large' });
  });

  it('derives safe, unique model ids from file names', () => {
    expect(modelIdFromFileName('yolov8n-416-int8.onnx')).toBe('yolov8n-416-int8');
    expect(modelIdFromFileName('Mi modelo (v2).ONNX')).toBe('Mi_modelo__v2_');
    expect(modelIdFromFileName('../../etc/passwd.onnx')).toBe('passwd');
    expect(modelIdFromFileName('..\\evil.onnx')).toBe('evil');
    expect(modelIdFromFileName('...onnx')).toBe('model');
    expect(modelIdFromFileName('.hidden.onnx')).toBe('hidden');
    expect(modelIdFromFileName('ñandú.onnx')).toBe('_and_');
    expect(modelIdFromFileName(`${'a'.repeat(300)}.onnx`)).toHaveLength(64);
    expect(uniqueModelId('m', new Set())).toBe('m');
    expect(uniqueModelId('m', new Set(['m', 'm-2']))).toBe('m-3');
  });

  it('reads labels files: plain lines, JSON lists and maps, Ultralytics YAML', () => {
    expect(parseLabelsFile('car\ntruck\r\n\nbus\n')).toEqual({
      ok: true,
      labels: ['car', 'truck', 'bus'],
    });
    expect(parseLabelsFile('# classes\n0 car\n1: truck\n2 bus # big\n')).toEqual({
      ok: true,
      labels: ['car', 'truck', 'bus'],
    });
    expect(parseLabelsFile('["person", "bicycle"]')).toEqual({
      ok: true,
      labels: ['person', 'bicycle'],
    });
    expect(parseLabelsFile('{"1": "b", "0": "a"}')).toEqual({ ok: true, labels: ['a', 'b'] });
    expect(
      parseLabelsFile("path: data\nnames:\n  0: person\n  1: 'traffic light'\nnc: 2\n"),
    ).toEqual({ ok: true, labels: ['person', 'traffic light'] });
    expect(parseLabelsFile('names: [casco, chaleco]\n')).toEqual({
      ok: true,
      labels: ['casco', 'chaleco'],
    });
    expect(parseLabelsFile('names:\n  - a\n  - b\n')).toEqual({ ok: true, labels: ['a', 'b'] });
    expect(parseLabelsFile('   ')).toMatchObject({ ok: false });
    expect(parseLabelsFile('[1, 2]')).toMatchObject({ ok: false });
    expect(parseLabelsFile('{"0": "a", "2": "c"}')).toMatchObject({
      ok: false,
      message: 'class 1 has no label',
    });
    expect(parseLabelsFile('{"x": "a"}')).toMatchObject({ ok: false });
  });

  it('keeps chunk messages under the transport limit and refuses path-like file names', () => {
    const b64 = bytesToBase64(new Uint8Array(512 * 1024).fill(255));
    expect(b64).toBe(Buffer.alloc(512 * 1024, 255).toString('base64'));
    const msg = JSON.stringify({
      kind: 'request',
      id: 123456,
      method: 'models.import.chunk',
      params: { uploadId: '00000000-0000-4000-8000-000000000000', index: 999, base64: b64 },
      session: 'x'.repeat(200),
    });
    expect(msg.length).toBeLessThan(MAX_MESSAGE_BYTES);
    expect(parseRequest(msg).ok).toBe(true);
    for (const fileName of ['../x.onnx', 'a/b.onnx', 'a\\b.onnx', '.x.onnx', 'a\nb.onnx', ''])
      expect(
        modelMethods['models.import.begin'].params.safeParse({ fileName, size: 1 }).success,
        JSON.stringify(fileName),
      ).toBe(false);
    expect(
      modelMethods['models.import.begin'].params.safeParse({ fileName: 'ok model.onnx', size: 1 })
        .success,
    ).toBe(true);
  });

  it('lets only administrators import and remove; supervisors list and try', () => {
    for (const m of [
      'models.import.begin',
      'models.import.chunk',
      'models.import.commit',
      'models.import.abort',
      'models.remove',
    ] as const) {
      expect(modelMethods[m].permission).toBe('models.admin');
    }
    expect(roleAllows('admin', 'models.admin')).toBe(true);
    for (const role of ['supervisor', 'operator', 'auditor'] as const)
      expect(roleAllows(role, 'models.admin')).toBe(false);
    expect(modelMethods['models.list'].permission).toBe('config');
    expect(modelMethods['models.tryOnFrame'].permission).toBe('config');
    expect(roleAllows('supervisor', 'config')).toBe(true);
  });
});

describe('ModelUploads (chunk assembly in a temp folder)', () => {
  let dir: string;
  let uploads: ModelUploads;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-uploads-'));
    uploads = new ModelUploads(path.join(dir, 'up'), { maxActive: 2 });
  });
  afterEach(async () => {
    await uploads.closeAll();
    rmSync(dir, { recursive: true, force: true });
  });

  const chunk = (uploadId: string, index: number, bytes: Uint8Array) =>
    uploads.chunk('alice', { uploadId, index, base64: Buffer.from(bytes).toString('base64') });

  it('assembles chunks in order into a host-named file with its sha256', async () => {
    const data = Uint8Array.from({ length: 2500 }, (_, i) => (i * 31) % 256);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const b = await uploads.begin('alice', { fileName: '../evil.onnx', size: data.length, sha256 });
    expect(b).toMatchObject({ received: 0, size: 2500, nextIndex: 0 });
    for (let i = 0; i < 3; i++)
      await chunk(b.uploadId, i, data.subarray(i * 1000, i * 1000 + 1000));
    const done = await uploads.finish('alice', b.uploadId);
    expect(done).toMatchObject({ fileName: '../evil.onnx', size: 2500, sha256 });
    expect(path.dirname(done.file)).toBe(path.join(dir, 'up'));
    expect(path.basename(done.file)).toBe(`${b.uploadId}.part`);
    expect(readFileSync(done.file)).toEqual(Buffer.from(data));
    expect(uploads.active).toBe(0);
  });

  it('refuses other owners, concurrent chunks, overflow and a wrong checksum', async () => {
    const b = await uploads.begin('alice', { fileName: 'm.onnx', size: 4, sha256: 'f'.repeat(64) });
    await expect(
      uploads.chunk('mallory', { uploadId: b.uploadId, index: 0, base64: 'AAAA' }),
    ).rejects.toMatchObject({ code: 'models.upload.unknown' });
    expect(await uploads.abort('mallory', b.uploadId)).toBe(false);
    // Two chunks at once: the second is refused rather than interleaved.
    const first = chunk(b.uploadId, 0, new Uint8Array([1, 2]));
    await expect(chunk(b.uploadId, 0, new Uint8Array([1, 2]))).rejects.toMatchObject({
      code: 'models.upload.busy',
    });
    await first;
    await expect(uploads.finish('alice', b.uploadId)).rejects.toMatchObject({
      code: 'models.upload.incomplete',
    });
    await chunk(b.uploadId, 1, new Uint8Array([3, 4]));
    await expect(uploads.finish('alice', b.uploadId)).rejects.toMatchObject({
      code: 'models.upload.checksum',
    });
    expect(readdirSync(path.join(dir, 'up'))).toEqual([]);

    const c = await uploads.begin('alice', { fileName: 'm.onnx', size: 3 });
    await expect(chunk(c.uploadId, 0, new Uint8Array(4))).rejects.toMatchObject({
      code: 'models.upload.too_large',
    });
    // Dropped with its file.
    await expect(chunk(c.uploadId, 0, new Uint8Array(3))).rejects.toMatchObject({
      code: 'models.upload.unknown',
    });
    expect(readdirSync(path.join(dir, 'up'))).toEqual([]);
  });

  it('limits open uploads, expires idle ones and clears leftovers of a previous run', async () => {
    let now = 1_000;
    const u = new ModelUploads(path.join(dir, 'idle'), {
      maxActive: 1,
      idleMs: 100,
      now: () => now,
    });
    const a = await u.begin('bob', { fileName: 'a.onnx', size: 10 });
    await expect(u.begin('bob', { fileName: 'b.onnx', size: 10 })).rejects.toMatchObject({
      code: 'models.upload.too_many',
    });
    now += 101;
    // The idle upload is swept when a new one begins.
    const b = await u.begin('bob', { fileName: 'b.onnx', size: 10 });
    await expect(
      u.chunk('bob', { uploadId: a.uploadId, index: 0, base64: 'AAAA' }),
    ).rejects.toMatchObject({ code: 'models.upload.unknown' });
    expect(readdirSync(path.join(dir, 'idle'))).toEqual([`${b.uploadId}.part`]);
    await u.closeAll();

    writeFileSync(path.join(dir, 'idle', 'stale.part'), 'x');
    new ModelUploads(path.join(dir, 'idle'));
    expect(readdirSync(path.join(dir, 'idle'))).toEqual([]);
  });
});

describe('runProbe (model probe process lifecycle, with a fake forker)', () => {
  type Listener = (m: unknown) => void;
  const fakeForker =
    (script: (send: Listener, exit: (code: number | null) => void, job: unknown) => void) => () => {
      let onMsg: Listener = () => {};
      let onExit: (code: number | null, signal: string | null) => void = () => {};
      const proc = {
        pid: 1,
        killed: false,
        postMessage: (job: unknown) =>
          script(
            (m) => onMsg(m),
            (c) => onExit(c, null),
            job,
          ),
        onMessage: (l: Listener) => {
          onMsg = l;
          queueMicrotask(() => l({ type: 'ready' }));
        },
        onExit: (l: typeof onExit) => (onExit = l),
        kill: () => void (proc.killed = true),
      };
      return proc;
    };
  const job = { type: 'validate' as const, file: '/tmp/x', displayName: 'x.onnx' };

  it('turns a crash, a silent probe, a failure and a bad reply into clear API errors', async () => {
    await expect(
      runProbe(
        { forker: fakeForker((_s, exit) => exit(134)), entry: 'x', timeoutMs: 1000 },
        job,
        'validated',
      ),
    ).rejects.toMatchObject({ code: 'models.probe.crashed' });
    await expect(
      runProbe(
        { forker: fakeForker(() => undefined), entry: 'x', timeoutMs: 50 },
        job,
        'validated',
      ),
    ).rejects.toMatchObject({ code: 'models.probe.timeout' });
    await expect(
      runProbe(
        {
          forker: fakeForker((send) =>
            send({ type: 'failed', code: 'inference.model.not_onnx', message: 'x.onnx is not' }),
          ),
          entry: 'x',
          timeoutMs: 1000,
        },
        job,
        'validated',
      ),
    ).rejects.toMatchObject({ code: 'inference.model.not_onnx', message: 'x.onnx is not' });
    await expect(
      runProbe(
        {
          forker: fakeForker((send) => send({ type: 'tried', junk: 1 })),
          entry: 'x',
          timeoutMs: 1000,
        },
        job,
        'validated',
      ),
    ).rejects.toMatchObject({ code: 'models.probe.failed' });
  });
});
