import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type CatalogEntry } from '../../../../electron/host/models/catalog';
import type { CodedError } from '../../../../electron/shared/coded-error';
import { fetchModel, importModel, sha256File } from '../../../../electron/host/models/install';
import { ModelEngine } from '../../../../inference/worker/detector/model-engine';
import { identityImageModel, reshapeV8Model } from './onnx-writer';
import { fixtures } from '../../../helpers/fixtures';

const cpu = { provider: 'cpu' as const, intraOpThreads: 1, interOpThreads: 1 };

async function rejection(p: Promise<unknown>): Promise<CodedError> {
  try {
    await p;
  } catch (err) {
    return err as CodedError;
  }
  throw new Error('expected a rejection');
}

describe('model import and validation', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'models-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects a file that is not ONNX, naming the problem', async () => {
    const bogus = path.join(dir, 'notes.onnx');
    writeFileSync(bogus, 'this is a text file, not a model\n');
    const err = await rejection(importModel(bogus, path.join(dir, 'installed')));
    expect(err.code).toBe('inference.model.not_onnx');
    expect(err.message).toContain('is not an ONNX model');
    expect(existsSync(path.join(dir, 'installed', 'notes.onnx'))).toBe(false);
  });

  it('rejects an ONNX model with an unknown output layout, saying what was expected and found', async () => {
    const file = path.join(dir, 'identity.onnx');
    writeFileSync(file, identityImageModel());
    const err = await rejection(importModel(file, path.join(dir, 'installed')));
    expect(err.code).toBe('inference.model.layout');
    expect(err.message).toMatch(/expected one of: YOLOv5 \[1,N,5\+C\], YOLOv8\/11 \[1,4\+C,N\]/);
    expect(err.message).toContain('found features [1,3,32,32]');
  });

  it('imports a valid model with its sidecar entry (layout, size, labels, sha256)', async () => {
    const file = path.join(dir, 'tiny.onnx');
    writeFileSync(file, reshapeV8Model(8, ['a', 'b'], 32));
    const r = await importModel(file, path.join(dir, 'installed'), { id: 'tiny' });
    expect(r.spec).toMatchObject({
      layout: 'yolov8',
      inputWidth: 8,
      numClasses: 2,
      dynamicBatch: true,
    });
    const side = JSON.parse(readFileSync(path.join(dir, 'installed', 'tiny.json'), 'utf8'));
    expect(side).toMatchObject({
      id: 'tiny',
      layout: 'yolov8',
      labels: ['a', 'b'],
      sha256: await sha256File(file),
    });
  });

  it('runs frames of two cameras as one batch when the model has a dynamic batch dimension', async () => {
    const file = path.join(dir, 'batch.onnx');
    writeFileSync(file, reshapeV8Model(8, ['a', 'b'], 32));
    const engine = await ModelEngine.open(file, cpu, {}, 4);
    try {
      const runsBefore = engine.runs;
      const results: Array<{ key: string; batch: number; first: number }> = [];
      await new Promise<void>((resolve, reject) => {
        for (const [key, value] of [
          ['cam1', 51],
          ['cam2', 255],
        ] as const) {
          engine.submit({
            key,
            rgb: new Uint8Array(8 * 8 * 3).fill(value),
            arrivedAt: performance.now(),
            done: (outputs, b, t) => {
              results.push({ key, batch: t.batchSize, first: outputs.output0.data[b * 3 * 64] });
              if (results.length === 2) resolve();
            },
            dropped: () => reject(new Error('dropped')),
            failed: reject,
          });
        }
      });
      // Submitted in the same turn of the event loop, both go in one run with batch 2.
      expect(engine.runs - runsBefore).toBe(1);
      expect(results.map((r) => r.batch)).toEqual([2, 2]);
      // Each camera gets its own slice of the batch back.
      expect(results.find((r) => r.key === 'cam1')!.first).toBeCloseTo(0.2, 5);
      expect(results.find((r) => r.key === 'cam2')!.first).toBeCloseTo(1, 5);
    } finally {
      await engine.close();
    }
  });
});

describe('watcher models fetch', () => {
  let dir: string;
  let server: Server;
  let base: string;
  const payload = reshapeV8Model(8, ['a', 'b'], 32);
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fetch-'));
    server = createServer((req, res) => {
      if (req.url === '/tiny.onnx') {
        res.writeHead(200, { 'content-length': String(payload.length) });
        res.end(Buffer.from(payload));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const entry = (over: Partial<CatalogEntry>): CatalogEntry => ({
    id: 'tiny',
    file: 'tiny.onnx',
    sha256: '0'.repeat(64),
    licence: 'test',
    source: 'generated',
    url: `${base}/tiny.onnx`,
    ...over,
  });

  it('downloads with progress, verifies sha256 and installs', async () => {
    const { createHash } = await import('node:crypto');
    const sha256 = createHash('sha256').update(payload).digest('hex');
    const progress: number[] = [];
    const file = await fetchModel(entry({ sha256 }), path.join(dir, 'm'), (p) =>
      progress.push(p.received),
    );
    expect(progress.at(-1)).toBe(payload.length);
    expect(await sha256File(file)).toBe(sha256);
    expect(JSON.parse(readFileSync(path.join(dir, 'm', 'tiny.json'), 'utf8')).sha256).toBe(sha256);
  });

  it('discards a download whose checksum does not match', async () => {
    const err = await rejection(fetchModel(entry({ id: 'bad' }), path.join(dir, 'm')));
    expect(err.code).toBe('models.fetch.checksum');
    expect(err.message).toContain(`expected sha256 ${'0'.repeat(64)}`);
    expect(existsSync(path.join(dir, 'm', 'bad.onnx'))).toBe(false);
    expect(existsSync(path.join(dir, 'm', 'bad.onnx.part'))).toBe(false);
  });

  it('fails offline with a clear message and the manual route', async () => {
    // A closed loopback port: what an offline machine sees, without needing a network.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await rejection(
      fetchModel(entry({ url: `http://127.0.0.1:${port}/tiny.onnx` }), path.join(dir, 'm')),
    );
    expect(err.code).toBe('models.fetch.offline');
    expect(err.message).toContain('offline');
    expect(err.message).toContain('watcher models import');
  });

  const fixture = fixtures.yolov8n();
  it.skipIf(!fixture)('imports the real YOLOv8n fixture under its catalog id', async () => {
    const local = path.join(dir, 'copy.onnx');
    copyFileSync(fixture!, local);
    const r = await importModel(local, path.join(dir, 'm'), { id: 'yolov8n-416-int8' });
    expect(r.spec).toMatchObject({
      layout: 'yolov8',
      inputWidth: 416,
      inputHeight: 416,
      numClasses: 80,
    });
    expect(await sha256File(r.path)).toBe(
      '48bf52fd765c8e6b3c8268eb4d69cdec2f6a65207e29e4f84552667810ea03ad',
    );
  });
});
