import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_UPLOAD_MAX_CHUNK_BASE64 } from '../../../electron/shared/api/methods/models';
import { identityImageModel, reshapeV8Model } from '../worker/detector/onnx-writer';
import { useApiHost, type ApiReply } from '../../helpers/api-host';

/**
 * Settings → Models through the host API: the same `handle()` both transports call, on a real
 * SQLite store with roles, real model probes (child processes running ONNX Runtime) and ffmpeg.
 */
describe('models API on a real host', () => {
  const api = useApiHost({
    prefix: 'models-api',
    user: { username: 'sup', displayName: 'Sup', role: 'supervisor' },
  });
  const { call } = api;

  /** begin → chunks (of `chunk` bytes) → commit, as the UI does it. */
  const upload = async (
    fileName: string,
    bytes: Uint8Array,
    opts: { labels?: string; chunk?: number; sha256?: string } = {},
  ): Promise<ApiReply> => {
    const begin = await call('models.import.begin', {
      fileName,
      size: bytes.length,
      ...(opts.sha256 ? { sha256: opts.sha256 } : {}),
    });
    expect(begin.ok, JSON.stringify(begin.error)).toBe(true);
    const step = opts.chunk ?? 1000;
    for (let i = 0, off = 0; off < bytes.length; i++, off += step) {
      const r = await call('models.import.chunk', {
        uploadId: begin.result.uploadId,
        index: i,
        base64: Buffer.from(bytes.subarray(off, off + step)).toString('base64'),
      });
      expect(r.ok, JSON.stringify(r.error)).toBe(true);
      expect(r.result.received).toBe(Math.min(bytes.length, off + step));
    }
    return call('models.import.commit', {
      uploadId: begin.result.uploadId,
      ...(opts.labels !== undefined ? { labels: opts.labels } : {}),
    });
  };
  const modelsDir = () => path.join(api.dataDir, 'models');
  const uploadsLeft = () => {
    const dir = path.join(api.dataDir, 'model-uploads');
    return existsSync(dir) ? readdirSync(dir) : [];
  };

  it('refuses hostile upload payloads with clear codes, never touching the models folder', async () => {
    // Path traversal and other non-names in fileName are refused by the contract.
    for (const fileName of [
      '../../etc/passwd.onnx',
      '..\\..\\evil.onnx',
      '/etc/cron.d/x.onnx',
      '.hidden.onnx',
      'a\u0000b.onnx',
    ]) {
      const r = await call('models.import.begin', { fileName, size: 10 });
      expect(r, fileName).toMatchObject({ ok: false, error: { code: 'api.invalid_params' } });
    }
    // Declared size above the limit.
    expect(
      await call('models.import.begin', { fileName: 'big.onnx', size: 2 * 1024 ** 3 }),
    ).toMatchObject({ ok: false, error: { code: 'api.invalid_params' } });

    // Unknown upload id: for chunk, commit and abort alike.
    const ghost = '00000000-0000-4000-8000-000000000000';
    expect(
      await call('models.import.chunk', { uploadId: ghost, index: 0, base64: 'AAAA' }),
    ).toMatchObject({ ok: false, error: { code: 'models.upload.unknown' } });
    expect(await call('models.import.commit', { uploadId: ghost })).toMatchObject({
      ok: false,
      error: { code: 'models.upload.unknown' },
    });
    expect((await call('models.import.abort', { uploadId: ghost })).result).toEqual({
      aborted: false,
    });
    expect(
      await call('models.import.chunk', { uploadId: '../../etc', index: 0, base64: 'AAAA' }),
    ).toMatchObject({ ok: false, error: { code: 'api.invalid_params' } });

    const begin = await call('models.import.begin', { fileName: 'x.onnx', size: 6 });
    expect(begin.ok).toBe(true);
    const uploadId = begin.result.uploadId as string;
    // Oversized chunk (over 1 MiB of base64), and text that is not base64.
    expect(
      await call('models.import.chunk', {
        uploadId,
        index: 0,
        base64: 'A'.repeat(MODEL_UPLOAD_MAX_CHUNK_BASE64 + 4),
      }),
    ).toMatchObject({ ok: false, error: { code: 'api.invalid_params' } });
    expect(
      await call('models.import.chunk', { uploadId, index: 0, base64: 'not base64!' }),
    ).toMatchObject({ ok: false, error: { code: 'api.invalid_params' } });
    // Out of order.
    expect(await call('models.import.chunk', { uploadId, index: 1, base64: 'AAAA' })).toMatchObject(
      { ok: false, error: { code: 'models.upload.out_of_order' } },
    );
    // Someone else's upload is unknown to them (and supervisors may not import at all).
    expect(
      await call('models.import.chunk', { uploadId, index: 0, base64: 'AAAA' }, api.user),
    ).toMatchObject({ ok: false, error: { code: 'store.error.forbidden' } });
    // Commit before all bytes arrived.
    expect((await call('models.import.chunk', { uploadId, index: 0, base64: 'AAAA' })).ok).toBe(
      true,
    );
    expect(await call('models.import.commit', { uploadId })).toMatchObject({
      ok: false,
      error: { code: 'models.upload.incomplete' },
    });
    // More bytes than declared: refused and the upload dropped.
    expect(
      await call('models.import.chunk', { uploadId, index: 1, base64: 'AAAAAAAA' }),
    ).toMatchObject({ ok: false, error: { code: 'models.upload.too_large' } });
    expect(await call('models.import.chunk', { uploadId, index: 1, base64: 'AAAA' })).toMatchObject(
      { ok: false, error: { code: 'models.upload.unknown' } },
    );
    expect(uploadsLeft()).toEqual([]);
    expect(existsSync(modelsDir()) ? readdirSync(modelsDir()) : []).toEqual([]);
  });

  it('checks roles: supervisors list and try, only administrators import and remove', async () => {
    expect((await call('models.list', {}, api.user)).ok).toBe(true);
    expect(
      await call('models.import.begin', { fileName: 'm.onnx', size: 10 }, api.user),
    ).toMatchObject({ ok: false, error: { code: 'store.error.forbidden' } });
    expect(await call('models.remove', { id: 'm' }, api.user)).toMatchObject({
      ok: false,
      error: { code: 'store.error.forbidden' },
    });
    expect(await call('models.list', {}, '')).toMatchObject({
      ok: false,
      error: { code: 'store.error.unauthenticated' },
    });
  });

  it('imports a valid model with its labels file, lists it, tries it on a frame, and guards removal', async () => {
    const bytes = reshapeV8Model(8, ['a', 'b'], 32);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const r = await upload('Mi modelo (v2).onnx', bytes, { labels: 'coche\npeatón\n', sha256 });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.result).toMatchObject({
      model: {
        id: 'Mi_modelo__v2_',
        fileName: 'Mi modelo (v2).onnx',
        layout: 'yolov8',
        inputSize: { width: 8, height: 8 },
        labels: ['coche', 'peatón'],
        labelsCount: 2,
        sha256,
        sizeBytes: bytes.length,
        importedBy: 'admin',
        usedBy: [],
      },
      numClasses: 2,
      dynamicBatch: true,
    });
    expect(readFileSync(path.join(modelsDir(), 'Mi_modelo__v2_.onnx'))).toEqual(Buffer.from(bytes));
    expect(uploadsLeft()).toEqual([]);

    // The same name again gets a new id: the installed one is kept.
    const again = await upload('Mi modelo (v2).onnx', bytes);
    expect(again.result.model.id).toBe('Mi_modelo__v2_-2');
    expect(again.result.model.labels).toEqual(['a', 'b']);

    const list = await call('models.list', {}, api.user);
    expect(list.result.models.map((m: { id: string }) => m.id)).toEqual([
      'Mi_modelo__v2_',
      'Mi_modelo__v2_-2',
    ]);
    expect(list.result.providers.at(-1)).toBe('cpu');

    // One run on the built-in demo frame, in a probe process.
    const tried = await call(
      'models.tryOnFrame',
      { modelId: 'Mi_modelo__v2_', sample: 'demo' },
      api.user,
    );
    expect(tried.ok, JSON.stringify(tried.error)).toBe(true);
    expect(tried.result).toMatchObject({
      modelId: 'Mi_modelo__v2_',
      frameSource: 'demo',
      width: 640,
      height: 360,
      layout: 'yolov8',
      inputSize: { width: 8, height: 8 },
      provider: 'cpu',
    });
    expect(tried.result.inferenceMs).toBeGreaterThanOrEqual(0);
    expect(Buffer.from(tried.result.jpegBase64, 'base64').subarray(0, 2)).toEqual(
      Buffer.from([0xff, 0xd8]),
    );
    // A camera without a frame yet falls back to the demo frame and says so.
    api.host.cameras.upsert({
      id: 'cam-1',
      name: 'Cam',
      enabled: false,
      source: { kind: 'demo' },
      detector: { kind: 'onnx', modelId: 'Mi_modelo__v2_' },
    });
    const viaCamera = await call('models.tryOnFrame', {
      modelId: 'Mi_modelo__v2_',
      cameraId: 'cam-1',
    });
    expect(viaCamera.result).toMatchObject({
      frameSource: 'demo',
      fallbackReason: 'models.try.no_preview',
    });
    expect(
      await call('models.tryOnFrame', { modelId: 'Mi_modelo__v2_', cameraId: 'nope' }),
    ).toMatchObject({ ok: false, error: { code: 'camera.not_found' } });
    expect(await call('models.tryOnFrame', { modelId: 'absent' })).toMatchObject({
      ok: false,
      error: { code: 'models.not_installed' },
    });

    // In use by cam-1: refused; once the camera moves to the motion detector, removed.
    expect(await call('models.remove', { id: 'Mi_modelo__v2_' })).toMatchObject({
      ok: false,
      error: { code: 'models.in_use' },
    });
    expect(
      (await call('models.list', {})).result.models.find(
        (m: { id: string }) => m.id === 'Mi_modelo__v2_',
      ).usedBy,
    ).toEqual(['cam-1']);
    api.host.cameras.upsert({ id: 'cam-1', name: 'Cam', enabled: false, source: { kind: 'demo' } });
    expect((await call('models.remove', { id: 'Mi_modelo__v2_' })).result).toEqual({
      removed: true,
    });
    expect(await call('models.remove', { id: 'Mi_modelo__v2_' })).toMatchObject({
      ok: false,
      error: { code: 'models.not_installed' },
    });
    expect(existsSync(path.join(modelsDir(), 'Mi_modelo__v2_.json'))).toBe(false);
  });

  it('rejects a file that is not ONNX, an unknown layout, bad labels and a wrong checksum, losing nothing installed', async () => {
    const before = readdirSync(modelsDir()).sort();
    const text = await upload(
      'notes.onnx',
      new TextEncoder().encode('just some text\n'.repeat(50)),
    );
    expect(text).toMatchObject({ ok: false, error: { code: 'inference.model.not_onnx' } });
    expect(text.error!.message).toContain('notes.onnx is not an ONNX model');
    expect(text.error!.message).not.toContain(api.dataDir);

    const identity = await upload('identity.onnx', identityImageModel());
    expect(identity).toMatchObject({ ok: false, error: { code: 'inference.model.layout' } });
    expect(identity.error!.message).toContain('found features [1,3,32,32]');

    const labels = await upload('tiny.onnx', reshapeV8Model(8, ['a', 'b'], 32), {
      labels: 'one\ntwo\nthree\n',
    });
    expect(labels).toMatchObject({ ok: false, error: { code: 'models.labels.count' } });
    expect(labels.error!.message).toContain('names 3 classes but the model');

    const wrongSum = await upload('tiny.onnx', reshapeV8Model(8, ['a', 'b'], 32), {
      sha256: '0'.repeat(64),
    });
    expect(wrongSum).toMatchObject({ ok: false, error: { code: 'models.upload.checksum' } });

    expect(readdirSync(modelsDir()).sort()).toEqual(before);
    expect(uploadsLeft()).toEqual([]);
  });
});
