import { CodedError } from '../../../electron/shared/coded-error';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { PlateReadClient, TEMPORARY_WORKER_PREFIX } from '../../../electron/host/plate-read-client';
import { plateImageOf } from '../../../electron/host/handlers/plate-handlers';
import { Logger } from '../../../electron/host/logging/logger';
import type { WorkerProcess } from '../../../electron/host/workers/worker-process';
import {
  hostToWorkerSchema,
  workerToHostSchema,
  type HostToWorker,
  type PlateReadResult,
} from '../../../electron/shared/protocol/worker-protocol';
import type { InfractionRecord } from '../../../electron/shared/api/methods/infractions';

const logger = new Logger({ console: false });
const image = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
const answer = (requestId: string): PlateReadResult => ({
  requestId,
  ok: true,
  plate: { text: 'ABC-123', rawText: 'ABC123', confidence: 0.91, country: 'PE' },
  box: { x1: 1, y1: 2, x2: 30, y2: 12 },
  candidates: [{ text: 'ABC-123', rawText: 'ABC123', score: 0.9 }],
  elapsedMs: 12,
});

/** A worker process stand-in: records what the host posts and lets the test answer. */
function fakeProcess() {
  const posted: HostToWorker[] = [];
  let onMessage: (m: unknown) => void = () => {};
  const exits: Array<(code: number | null, signal: string | null) => void> = [];
  const proc: WorkerProcess = {
    pid: 4242,
    postMessage: (m) => {
      posted.push(m as HostToWorker);
      if ((m as HostToWorker).type === 'shutdown') exits.forEach((e) => e(0, null));
    },
    onMessage: (l) => (onMessage = l),
    onExit: (l) => exits.push(l),
    kill: () => exits.forEach((e) => e(null, 'SIGKILL')),
  };
  return { proc, posted, reply: (m: unknown) => onMessage(m), crash: () => proc.kill() };
}

describe('worker protocol: read-plate', () => {
  it('validates requests and replies like the other messages', () => {
    const ok = hostToWorkerSchema.safeParse({
      type: 'read-plate',
      requestId: 'r1',
      image,
      vehicleBox: { x1: 0, y1: 0, x2: 10, y2: 10 },
      country: 'US',
    });
    expect(ok.success).toBe(true);
    for (const bad of [
      { type: 'read-plate', requestId: 'r1', image: new Uint8Array() },
      { type: 'read-plate', requestId: 'r1', image: 'not bytes' },
      { type: 'read-plate', requestId: 'r1', image, country: 'XX' },
      { type: 'read-plate', requestId: '', image },
    ])
      expect(hostToWorkerSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    expect(
      workerToHostSchema.safeParse({ type: 'plate-read-result', result: answer('r1') }).success,
    ).toBe(true);
    const noPlate = workerToHostSchema.parse({
      type: 'plate-read-result',
      result: {
        requestId: 'r2',
        ok: false,
        code: 'plates.reason.noText',
        message: 'x',
        elapsedMs: 3,
      },
    });
    expect(noPlate).toMatchObject({ result: { candidates: [] } });
  });
});

describe('PlateReadClient', () => {
  it('asks the camera’s running worker and matches the reply by request and worker', async () => {
    const sent: Array<{ m: HostToWorker; cam?: string }> = [];
    const client = new PlateReadClient({
      sendToRunning: (m, cam) => (sent.push({ m, cam }), 'worker-2'),
      logger,
    });
    const p = client.read({ image, country: 'PE' }, 'cam-7');
    const req = sent[0].m as Extract<HostToWorker, { type: 'read-plate' }>;
    expect(sent[0].cam).toBe('cam-7');
    expect(req).toMatchObject({ type: 'read-plate', country: 'PE' });
    client.receive('worker-1', answer(req.requestId)); // another worker: ignored
    client.receive('worker-2', answer('someone-else'));
    client.receive('worker-2', answer(req.requestId));
    await expect(p).resolves.toMatchObject({
      workerId: 'worker-2',
      result: { ok: true, plate: { text: 'ABC-123' } },
    });
  });

  it('fails when the worker stops, does not answer, or too many reads wait', async () => {
    const client = new PlateReadClient({
      sendToRunning: () => 'worker-1',
      logger,
      timeoutMs: 50,
      maxPending: 2,
    });
    const gone = client.read({ image });
    const late = client.read({ image });
    await expect(client.read({ image })).rejects.toMatchObject({ code: 'plates.read.busy' });
    client.workerState({ workerId: 'worker-1', state: 'running', restarts: 0, cameras: [] });
    client.workerState({ workerId: 'worker-1', state: 'restarting', restarts: 1, cameras: [] });
    await expect(gone).rejects.toMatchObject({ code: 'plates.read.workerGone' });
    await expect(late).rejects.toMatchObject({ code: 'plates.read.workerGone' });
    await expect(client.read({ image })).rejects.toMatchObject({ code: 'plates.read.timeout' });
  });

  it('without a running worker: a short-lived one of its own, or a clear error', async () => {
    await expect(
      new PlateReadClient({ sendToRunning: () => undefined, logger }).read({ image }),
    ).rejects.toEqual(expect.objectContaining({ code: 'plates.read.noWorker' }));
    expect(new CodedError('plates.read.noWorker', 'x')).toBeInstanceOf(Error);

    const forks: Array<ReturnType<typeof fakeProcess>> = [];
    const client = new PlateReadClient({
      sendToRunning: () => undefined,
      worker: {
        entry: 'worker.js',
        forker: () => {
          const f = fakeProcess();
          forks.push(f);
          return f.proc;
        },
      },
      logger,
      idleMs: 30,
    });
    const first = client.read({ image });
    expect(forks).toHaveLength(1);
    const req = forks[0].posted[0] as Extract<HostToWorker, { type: 'read-plate' }>;
    forks[0].reply({ type: 'not-a-message' }); // dropped, not thrown
    forks[0].reply({ type: 'plate-read-result', result: answer(req.requestId) });
    expect((await first).workerId).toBe(`${TEMPORARY_WORKER_PREFIX}1`);
    // Reused while warm; shut down once idle.
    const second = client.read({ image });
    expect(forks).toHaveLength(1);
    const req2 = forks[0].posted[1] as Extract<HostToWorker, { type: 'read-plate' }>;
    forks[0].reply({ type: 'plate-read-result', result: answer(req2.requestId) });
    await second;
    await new Promise((r) => setTimeout(r, 80));
    expect(forks[0].posted.at(-1)).toEqual({ type: 'shutdown' });
    // A crash of the next one fails its read.
    const third = client.read({ image });
    expect(forks).toHaveLength(2);
    forks[1].crash();
    await expect(third).rejects.toMatchObject({ code: 'plates.read.workerGone' });
    await client.stop();
  });
});

describe('plateImageOf: the stored image a re-read uses', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'watcher-plate-image-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function evidence(rel: string, kind: 'crop' | 'snapshot', w: number, h: number) {
    const bytes = await sharp({
      create: { width: w, height: h, channels: 3, background: { r: 90, g: 90, b: 90 } },
    })
      .jpeg()
      .toBuffer();
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), bytes);
    return {
      kind,
      path: rel,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      mime: 'image/jpeg',
      present: true,
    };
  }
  const rec = (
    evidence: InfractionRecord['evidence'],
    box = { x1: 100, y1: 120, x2: 260, y2: 240 },
  ) => ({ id: 'i1', evidence, box }) as InfractionRecord;

  it('prefers the vehicle crop, else the snapshot with the box when it fits', async () => {
    const crop = await evidence('a/crop.jpg', 'crop', 200, 150);
    const snap = await evidence('a/snapshot.jpg', 'snapshot', 640, 360);
    expect(await plateImageOf(rec([snap, crop]), root)).toMatchObject({ source: 'crop' });
    expect((await plateImageOf(rec([snap, crop]), root)).vehicleBox).toBeUndefined();
    expect(await plateImageOf(rec([snap]), root)).toMatchObject({
      source: 'snapshot',
      vehicleBox: { x1: 100, y1: 120, x2: 260, y2: 240 },
    });
    // A box in another pixel space (the snapshot is a scaled preview): the whole image is read.
    const far = await plateImageOf(rec([snap], { x1: 900, y1: 500, x2: 1200, y2: 700 }), root);
    expect(far.source).toBe('snapshot');
    expect(far.vehicleBox).toBeUndefined();
    // Pruned or not yet downloaded files are skipped.
    expect(await plateImageOf(rec([{ ...crop, present: false }, snap]), root)).toMatchObject({
      source: 'snapshot',
    });
  });

  it('refuses modified evidence and says when there is nothing to read', async () => {
    const crop = await evidence('b/crop.jpg', 'crop', 200, 150);
    writeFileSync(path.join(root, 'b/crop.jpg'), Buffer.from('tampered'));
    await expect(plateImageOf(rec([crop]), root)).rejects.toMatchObject({
      code: 'plates.read.evidenceModified',
    });
    await expect(plateImageOf(rec([]), root)).rejects.toMatchObject({
      code: 'plates.read.noImage',
    });
    await expect(
      plateImageOf(rec([{ ...crop, path: 'nope/crop.jpg' }]), root),
    ).rejects.toMatchObject({ code: 'plates.read.evidenceMissing' });
    await expect(
      plateImageOf(rec([{ ...crop, path: '../../etc/passwd' }]), root),
    ).rejects.toMatchObject({ code: 'plates.read.evidenceMissing' });
  });
});
