import { CodedError } from '../../../../electron/shared/coded-error';
import { describe, expect, it } from 'vitest';
import { WorkerSupervisor } from '../../../../electron/host/workers/worker-supervisor';
import type { WorkerProcess } from '../../../../electron/host/workers/worker-process';
import type {
  HostToWorker,
  WorkerCamera,
} from '../../../../electron/shared/protocol/worker-protocol';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';
import { ruleSetSchema } from '../../../../electron/shared/config/rules';
import { fakeWorkerProcess, testSupervisor, type FakeWorkerProcess } from './fake-workers';

/** An in-memory worker: answers init with ready, and test-scene as `reply` says. */
function fakeWorker(reply: (msg: Extract<HostToWorker, { type: 'test-scene' }>) => unknown) {
  const procs: FakeWorkerProcess[] = [];
  const forker = (): WorkerProcess => {
    const proc = fakeWorkerProcess({
      answer: (msg, send) => {
        if (msg.type === 'test-scene') {
          const r = reply(msg);
          if (r) send(r);
        }
      },
    });
    procs.push(proc);
    return proc;
  };
  return { forker, procs };
}

const camera = (id: string, enabled = true): WorkerCamera =>
  cameraConfigSchema.parse({ id, name: id, enabled, source: { kind: 'demo' } });
const rules = ruleSetSchema.parse({ imageSize: { width: 640, height: 360 } });

function supervisor(forker: () => WorkerProcess) {
  return testSupervisor(forker, { heartbeatIntervalMs: 60_000, backoffInitialMs: 60_000 });
}

const untilRunning = async (s: WorkerSupervisor) => {
  for (let i = 0; i < 50 && s.states()[0]?.state !== 'running'; i++)
    await new Promise((r) => setTimeout(r, 1));
};

describe('supervisor routing of test-mode replays', () => {
  it('sends test-scene to the worker that owns the camera and resolves with its reply', async () => {
    const seen: string[] = [];
    const { forker } = fakeWorker((msg) => {
      seen.push(msg.cameraId);
      return {
        type: 'scene-test-result',
        result: {
          requestId: msg.requestId,
          ok: true,
          framesReplayed: 3,
          fromMs: 1,
          toMs: 2,
          events: [],
          counts: [],
        },
      };
    });
    const s = supervisor(forker);
    s.assign(
      new Map([
        ['worker-1', [camera('a')]],
        ['worker-2', [camera('b')]],
      ]),
    );
    await untilRunning(s);
    const r = await s.testScene({ cameraId: 'b', rules, seconds: 60 });
    expect(r).toMatchObject({ ok: true, framesReplayed: 3 });
    expect(seen).toEqual(['b']);
    await s.stop();
  });

  it('rejects with a code when no running worker has the camera, on timeout and on exit', async () => {
    const { forker, procs } = fakeWorker(() => undefined);
    const s = supervisor(forker);
    s.assign(new Map([['worker-1', [camera('a'), camera('off', false)]]]));
    await untilRunning(s);
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: unknown) => (e instanceof CodedError ? e.code : String(e)),
      );
    expect(await code(s.testScene({ cameraId: 'nope', rules, seconds: 60 }))).toBe(
      'ui.rules.test.notRunning',
    );
    expect(await code(s.testScene({ cameraId: 'off', rules, seconds: 60 }))).toBe(
      'ui.rules.test.notRunning',
    );
    expect(await code(s.testScene({ cameraId: 'a', rules, seconds: 60 }, 20))).toBe(
      'ui.rules.test.timeout',
    );
    const pending = code(s.testScene({ cameraId: 'a', rules, seconds: 60 }, 10_000));
    procs[0].exit();
    expect(await pending).toBe('ui.rules.test.workerGone');
    await s.stop();
  });
});
