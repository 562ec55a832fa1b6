import { describe, expect, it } from 'vitest';
import { LiveEmbeddingClient } from '../../../../electron/host/tracks/live-embedding-client';
import type { WorkerProcess } from '../../../../electron/host/workers/worker-process';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';
import { liveEmbeddingReply } from '../../../../inference/worker/reid/live-embedding';
import { fakeWorkerProcess, testSupervisor, type FakeWorkerProcess } from '../workers/fake-workers';
import {
  hostToWorkerSchema,
  workerToHostSchema,
  type HostToWorker,
  type WorkerCamera,
} from '../../../../electron/shared/protocol/worker-protocol';

const vector = Array.from({ length: 256 }, (_, i) => (i % 7) / 10);

/** The client with a supervisor stand-in that records what it sends and to which worker. */
function client(owner: string | undefined, timeoutMs = 2000) {
  const sent: Array<{ message: HostToWorker; cameraId: string }> = [];
  const c = new LiveEmbeddingClient({
    sendToCameraWorker: (message, cameraId) => {
      if (!owner) return undefined;
      sent.push({ message, cameraId });
      return owner;
    },
    timeoutMs,
  });
  const requestId = () => (sent.at(-1)!.message as { requestId: string }).requestId;
  return { c, sent, requestId };
}

describe('worker protocol: live-embedding', () => {
  it('validates requests and replies like the other messages', () => {
    expect(
      hostToWorkerSchema.safeParse({
        type: 'live-embedding',
        requestId: 'r1',
        cameraId: 'cam',
        trackId: 3,
      }).success,
    ).toBe(true);
    expect(
      hostToWorkerSchema.safeParse({ type: 'live-embedding', requestId: 'r1', cameraId: 'cam' })
        .success,
    ).toBe(false);
    const reply = (embedding: unknown) =>
      workerToHostSchema.safeParse({
        type: 'live-embedding-result',
        result: { requestId: 'r1', ...(embedding === undefined ? {} : { embedding }) },
      }).success;
    expect(reply(undefined)).toBe(true);
    expect(reply({ model: 'reid', vector })).toBe(true);
    expect(reply({ model: 'reid', vector: [] })).toBe(false);
    expect(reply({ model: 'reid', vector: [NaN] })).toBe(false);
    expect(reply({ model: 'reid', vector: new Array(5000).fill(0) })).toBe(false);
  });
});

describe('LiveEmbeddingClient', () => {
  it("asks the camera's worker and answers its reply", async () => {
    const { c, sent, requestId } = client('w1');
    const asked = c.latest('cam-1', 12);
    expect(sent).toHaveLength(1);
    expect(sent[0].cameraId).toBe('cam-1');
    expect(sent[0].message).toMatchObject({
      type: 'live-embedding',
      cameraId: 'cam-1',
      trackId: 12,
    });
    c.receive('w1', { requestId: requestId(), embedding: { model: 'reid', vector } });
    expect(await asked).toEqual({ model: 'reid', vector });
  });

  it('a worker that holds none answers undefined', async () => {
    const { c, requestId } = client('w1');
    const asked = c.latest('cam-1', 12);
    c.receive('w1', { requestId: requestId() });
    expect(await asked).toBeUndefined();
  });

  it('no worker runs the camera: undefined, nothing sent', async () => {
    const { c, sent } = client(undefined);
    expect(await c.latest('cam-1', 12)).toBeUndefined();
    expect(sent).toHaveLength(0);
  });

  it('a reply from another worker is ignored; no answer in time is undefined', async () => {
    const { c, requestId } = client('w1', 30);
    const asked = c.latest('cam-1', 12);
    c.receive('w2', { requestId: requestId(), embedding: { model: 'reid', vector } });
    expect(await asked).toBeUndefined();
  });

  it('the worker stopping ends the ask at once', async () => {
    const { c } = client('w1', 60_000);
    const asked = c.latest('cam-1', 12);
    c.workerState({ workerId: 'w1', state: 'restarting', restarts: 1, cameras: ['cam-1'] });
    expect(await asked).toBeUndefined();
  });
});

describe('live-embedding through the supervisor', () => {
  it('only the worker running the camera is asked, and its reply reaches the search', async () => {
    // In-memory workers answering as the worker does, from the embeddings their cameras hold.
    const held: Record<string, Record<number, number[]>> = { 'cam-a': {}, 'cam-b': { 5: vector } };
    const procs: FakeWorkerProcess[] = [];
    const forker = (): WorkerProcess => {
      const proc = fakeWorkerProcess({
        answer: (msg, reply) => {
          if (msg.type !== 'live-embedding') return;
          const own = held[msg.cameraId];
          reply(
            liveEmbeddingReply(msg, {
              liveEmbedding: (id) => (own[id] ? { model: 'reid', vector: own[id] } : undefined),
            }),
          );
        },
      });
      procs.push(proc);
      return proc;
    };
    const c = new LiveEmbeddingClient({
      sendToCameraWorker: (m, cameraId) => s.sendToCameraWorker(m, cameraId),
    });
    const s = testSupervisor(forker, {
      heartbeatIntervalMs: 60_000,
      backoffInitialMs: 60_000,
      onMessage: (workerId, msg) => {
        if (msg.type === 'live-embedding-result') c.receive(workerId, msg.result);
      },
      onState: (state) => c.workerState(state),
    });
    const camera = (id: string): WorkerCamera =>
      cameraConfigSchema.parse({ id, name: id, source: { kind: 'demo' } });
    s.assign(
      new Map([
        ['worker-1', [camera('cam-a')]],
        ['worker-2', [camera('cam-b')]],
      ]),
    );
    for (let i = 0; i < 50 && s.states().some((w) => w.state !== 'running'); i++)
      await new Promise((r) => setTimeout(r, 1));
    try {
      expect(await c.latest('cam-b', 5)).toEqual({ model: 'reid', vector });
      expect(await c.latest('cam-b', 6)).toBeUndefined();
      expect(await c.latest('cam-a', 5)).toBeUndefined();
      // No running worker has it: nobody is asked.
      expect(await c.latest('cam-x', 5)).toBeUndefined();
      const asked = procs.map((p) =>
        p.sent
          .filter((m) => m.type === 'live-embedding')
          .map((m) => (m as { cameraId: string }).cameraId),
      );
      expect(asked.sort()).toEqual([['cam-a'], ['cam-b', 'cam-b']]);
    } finally {
      await s.stop();
    }
  });
});
