import { describe, expect, it } from 'vitest';
import type { WorkerProcess } from '../../../../electron/host/workers/worker-process';
import type { HostToWorker } from '../../../../electron/shared/protocol/worker-protocol';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';
import { until } from '../../../helpers/until';
import { fakeWorkerProcess, testSupervisor } from './fake-workers';

/** In-memory workers that answer init with ready and record what the host sends them. */
function fakeWorkers() {
  const sent: HostToWorker[][] = [];
  const exits: Array<() => void> = [];
  const forker = (): WorkerProcess => {
    const w = fakeWorkerProcess({ pid: 4243 });
    sent.push(w.sent);
    exits.push(() => w.exit());
    return w;
  };
  return { forker, sent, exits };
}

const camera = (id: string) => cameraConfigSchema.parse({ id, name: id, source: { kind: 'demo' } });
const clipMsgs = (msgs: HostToWorker[]) =>
  msgs.filter((m) => m.type === 'evidence-clips').map((m) => JSON.stringify(m));

describe('supervisor: clips on and off per camera', () => {
  it('tells the owning worker, and a restarted worker again', async () => {
    const { forker, sent, exits } = fakeWorkers();
    const s = testSupervisor(forker, { heartbeatIntervalMs: 60_000, backoffInitialMs: 1 });
    s.assign(new Map([['w1', [camera('a'), camera('b')]]]));
    await until(() => s.states()[0]?.state === 'running');
    s.setClipsEnabled('a', false);
    expect(clipMsgs(sent[0])).toEqual([
      JSON.stringify({ type: 'evidence-clips', cameraId: 'a', enabled: false }),
    ]);
    // The same state again sends nothing.
    s.setClipsEnabled('a', false);
    expect(clipMsgs(sent[0])).toHaveLength(1);
    exits[0]();
    await until(() => sent.length === 2 && s.states()[0]?.state === 'running');
    expect(clipMsgs(sent[1])).toEqual([
      JSON.stringify({ type: 'evidence-clips', cameraId: 'a', enabled: false }),
    ]);
    s.setClipsEnabled('a', true);
    expect(clipMsgs(sent[1])).toHaveLength(2);
    await s.stop();
  });
});
