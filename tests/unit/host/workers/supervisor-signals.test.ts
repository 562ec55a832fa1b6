import { describe, expect, it } from 'vitest';
import type { WorkerProcess } from '../../../../electron/host/workers/worker-process';
import { latestSignalState } from '../../../../electron/host/workers/worker-supervisor';
import type {
  ExternalSignalState,
  HostToWorker,
} from '../../../../electron/shared/protocol/worker-protocol';
import { hostToWorkerSchema } from '../../../../electron/shared/protocol/worker-protocol';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';
import { until } from '../../../helpers/until';
import { fakeWorkerProcess, testSupervisor } from './fake-workers';

function fakeWorkers() {
  const sent: HostToWorker[][] = [];
  const exits: Array<() => void> = [];
  const forker = (): WorkerProcess => {
    const w = fakeWorkerProcess({ pid: 4244 });
    sent.push(w.sent);
    exits.push(() => w.exit());
    return w;
  };
  return { forker, sent, exits };
}

const camera = (id: string) => cameraConfigSchema.parse({ id, name: id, source: { kind: 'demo' } });
const signalMsgs = (msgs: HostToWorker[]) => msgs.filter((m) => m.type === 'signal-state');
const state = (over: Partial<ExternalSignalState> = {}): ExternalSignalState => ({
  cameraId: 'a',
  signalId: 'sig',
  state: 'red',
  atMs: Date.now(),
  heardAtMs: Date.now(),
  ttlMs: 120_000,
  ...over,
});

describe('supervisor: external signal states', () => {
  it('routes to the worker that owns the camera and gives a restarted worker the latest state', async () => {
    const { forker, sent, exits } = fakeWorkers();
    const s = testSupervisor(forker, { heartbeatIntervalMs: 60_000, backoffInitialMs: 1 });
    s.assign(
      new Map([
        ['w1', [camera('x')]],
        ['w2', [camera('a')]],
      ]),
    );
    await until(() => s.states().every((w) => w.state === 'running') && s.states().length === 2);
    const w2 = sent.findIndex((msgs) =>
      msgs.some((m) => m.type === 'set-cameras' && m.cameras[0]?.id === 'a'),
    );
    const w1 = 1 - w2;
    expect(s.setExternalSignal(state({ state: 'green' }))).toBe(true);
    expect(s.setExternalSignal(state({ state: 'red' }))).toBe(true);
    expect(signalMsgs(sent[w2]).map((m) => m.type === 'signal-state' && m.state)).toEqual([
      'green',
      'red',
    ]);
    expect(signalMsgs(sent[w1])).toHaveLength(0);
    // What the supervisor sends passes the worker's own validation.
    for (const m of signalMsgs(sent[w2]))
      expect(hostToWorkerSchema.safeParse(m).success).toBe(true);
    // No running worker has camera "nope".
    expect(s.setExternalSignal(state({ cameraId: 'nope' }))).toBe(false);

    exits[w2]();
    await until(() => sent.length === 3 && s.states().every((w) => w.state === 'running'));
    const again = signalMsgs(sent[2]);
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ type: 'signal-state', cameraId: 'a', state: 'red' });
    // It comes after the cameras, so the worker has them when the state arrives.
    const kinds = sent[2].map((m) => m.type);
    expect(kinds.indexOf('set-cameras')).toBeLessThan(kinds.indexOf('signal-state'));
    await s.stop();
  });

  it('a state whose TTL has run out is not replayed to a restarted worker', async () => {
    const { forker, sent, exits } = fakeWorkers();
    const s = testSupervisor(forker, { heartbeatIntervalMs: 60_000, backoffInitialMs: 1 });
    s.assign(new Map([['w1', [camera('a')]]]));
    await until(() => s.states()[0]?.state === 'running');
    expect(s.setExternalSignal(state({ heardAtMs: Date.now() - 10_000, ttlMs: 1000 }))).toBe(true);
    exits[0]();
    await until(() => sent.length === 2 && s.states()[0]?.state === 'running');
    expect(signalMsgs(sent[1])).toHaveLength(0);
    await s.stop();
  });

  it('keeps one state per signal: same phase goes on, newer phase replaces, older one only refreshes', () => {
    const red = state({ state: 'red', atMs: 1000, heardAtMs: 1000 });
    expect(latestSignalState(undefined, red)).toBe(red);
    expect(
      latestSignalState(red, state({ state: 'red', atMs: 5000, heardAtMs: 5000 })),
    ).toMatchObject({ state: 'red', atMs: 1000, heardAtMs: 5000 });
    expect(
      latestSignalState(red, state({ state: 'green', atMs: 6000, heardAtMs: 6000 })),
    ).toMatchObject({ state: 'green', atMs: 6000 });
    expect(
      latestSignalState(red, state({ state: 'green', atMs: 500, heardAtMs: 7000 })),
    ).toMatchObject({ state: 'red', atMs: 1000, heardAtMs: 7000 });
  });
});
