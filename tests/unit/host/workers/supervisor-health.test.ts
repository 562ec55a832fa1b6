import { describe, expect, it, vi } from 'vitest';
import type { WorkerProcess } from '../../../../electron/host/workers/worker-process';
import type { WorkerStateInfo } from '../../../../electron/shared/api/methods/system';
import type {
  HostToWorker,
  WorkerCamera,
} from '../../../../electron/shared/protocol/worker-protocol';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';
import { until } from '../../../helpers/until';
import { fakeWorkerProcess, testSupervisor, type SupervisorOptions } from './fake-workers';

/** In-memory workers that answer init and pings until told to hang; every message is recorded. */
function fakeWorkers() {
  const sent: HostToWorker[] = [];
  const workers: Array<{ hung: boolean }> = [];
  const forker = (): WorkerProcess => {
    const w = { hung: false };
    workers.push(w);
    return fakeWorkerProcess({
      sent,
      answer: (msg, reply) => {
        if (msg.type === 'ping' && !w.hung)
          reply({ type: 'pong', t: msg.t, rssBytes: 1, cameras: 1, childPids: [] });
      },
    });
  };
  return { forker, sent, workers };
}

const camera = (id: string, name = id): WorkerCamera =>
  cameraConfigSchema.parse({ id, name, enabled: true, source: { kind: 'demo' } });

function supervisor(
  forker: () => WorkerProcess,
  states: WorkerStateInfo[],
  extra: Partial<SupervisorOptions> = {},
) {
  return testSupervisor(forker, {
    onState: (s) => states.push(s),
    backoffInitialMs: 60_000,
    ...extra,
  });
}

describe('supervisor health and reconfiguration', () => {
  it('reports a silent worker unresponsive before killing it, and running again when it answers', async () => {
    const { forker, workers } = fakeWorkers();
    const states: WorkerStateInfo[] = [];
    const s = supervisor(forker, states, {
      heartbeatIntervalMs: 10,
      unresponsiveAfterMs: 40,
      // Far away: the point is that the cameras are flagged long before the kill.
      heartbeatTimeoutMs: 600_000,
    });
    s.assign(new Map([['worker-1', [camera('a')]]]));
    await until(() => s.states()[0]?.state === 'running', 10_000, 'running');
    workers[0].hung = true;
    await until(() => s.states()[0]?.state === 'unresponsive', 10_000, 'unresponsive');
    expect(states.at(-1)).toMatchObject({ state: 'unresponsive', cameras: ['a'] });
    expect(s.states()[0].pid).toBe(4242);
    workers[0].hung = false;
    await until(() => s.states()[0]?.state === 'running', 10_000, 'running again');
    await s.stop();
  });

  it('coalesces rapid reassignments: one reconfiguration per window, the latest wins', async () => {
    const { forker, sent } = fakeWorkers();
    const s = supervisor(forker, [], { heartbeatIntervalMs: 60_000, reassignWindowMs: 200 });
    s.assign(new Map([['worker-1', [camera('a', 'v0')]]]));
    await until(() => s.states()[0]?.state === 'running', 10_000, 'running');
    const setCameras = () => sent.filter((m) => m.type === 'set-cameras');
    const before = setCameras().length;
    for (let i = 1; i <= 20; i++) s.assign(new Map([['worker-1', [camera('a', `v${i}`)]]]));
    await until(() => setCameras().length > before, 10_000, 'the coalesced reconfiguration');
    // A later change goes out after the window; a stray earlier one would have come first.
    s.assign(new Map([['worker-1', [camera('a', 'later')]]]));
    await until(() => setCameras().length > before + 1, 10_000, 'the next reconfiguration');
    expect(
      setCameras()
        .slice(before)
        .map((m) => m.type === 'set-cameras' && m.cameras[0].name),
    ).toEqual(['v20', 'later']);
    await s.stop();
  });

  it('drops a pending reassignment on stop', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { forker, sent } = fakeWorkers();
    const s = supervisor(forker, [], { heartbeatIntervalMs: 60_000, reassignWindowMs: 100 });
    s.assign(new Map([['worker-1', [camera('a')]]]));
    s.assign(new Map([['worker-1', [camera('a', 'renamed')]]]));
    await s.stop();
    vi.advanceTimersByTime(10_000);
    vi.useRealTimers();
    expect(
      sent.some((m) => m.type === 'set-cameras' && m.cameras.some((c) => c.name === 'renamed')),
    ).toBe(false);
  });
});
