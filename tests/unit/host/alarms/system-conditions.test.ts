import { describe, expect, it } from 'vitest';
import {
  cameraOfflineConditions,
  diskConditions,
  noteWorkerState,
  providerFallbackConditions,
  syncFailingConditions,
  workerRestartConditions,
} from '../../../../electron/host/alarms/system-conditions';
import type { CameraStatus } from '../../../../electron/shared/config/camera';
import type { EvidenceUsage } from '../../../../electron/shared/api/methods/system';

const status = (
  cameraId: string,
  state: CameraStatus['state'],
  provider?: string,
): CameraStatus => ({
  cameraId,
  state,
  frames: 0,
  fps: 0,
  droppedByRate: 0,
  lost: 0,
  reconnects: 0,
  provider,
});

describe('system alarm conditions', () => {
  it('camera offline after cameraOfflineSec, enabled cameras only; streaming resets it', () => {
    const since = new Map<string, number>();
    const enabled = new Set(['a', 'b']);
    const s = { cameraOfflineSec: 60 };
    const down = [status('a', 'error'), status('b', 'streaming'), status('c', 'stopped')];
    expect(cameraOfflineConditions(down, enabled, since, 0, s)).toEqual([]);
    expect(cameraOfflineConditions(down, enabled, since, 60_000, s)).toEqual([]);
    const c = cameraOfflineConditions(down, enabled, since, 60_001, s);
    expect(c).toMatchObject([
      {
        system: 'camera-offline',
        key: 'a',
        cameraId: 'a',
        messageKey: 'alarms.system.cameraOffline',
        params: { cameraId: 'a', state: 'error', sec: 60 },
      },
    ]);
    expect(cameraOfflineConditions([status('a', 'streaming')], enabled, since, 70_000, s)).toEqual(
      [],
    );
    expect(since.size).toBe(0);
    expect(cameraOfflineConditions(down, enabled, since, 80_000, s)).toEqual([]);
  });

  it('worker restarts within 10 minutes', () => {
    const r = new Map<string, number[]>();
    for (const t of [0, 60_000, 120_000])
      noteWorkerState(r, { workerId: 'worker-1', state: 'restarting' }, t);
    noteWorkerState(r, { workerId: 'worker-1', state: 'running' }, 130_000);
    expect(workerRestartConditions(r, 130_000, { workerRestarts: 3 })).toMatchObject([
      { system: 'worker-restarts', key: 'worker-1', params: { count: 3, minutes: 10 } },
    ]);
    expect(workerRestartConditions(r, 130_000, { workerRestarts: 4 })).toEqual([]);
    expect(workerRestartConditions(r, 600_001, { workerRestarts: 3 })).toEqual([]);
  });

  it('disk use at or over diskPercent of the budget', () => {
    const u = (cameraId: string, usedBytes: number, budgetBytes: number): EvidenceUsage => ({
      cameraId,
      usedBytes,
      budgetBytes,
      protectedBytes: 0,
      warnAtPercent: 80,
      level: 'ok',
      clipsAllowed: true,
      checkedAt: 0,
    });
    const c = diskConditions([u('a', 90, 100), u('b', 89, 100), u('c', 5, 0)], {
      diskPercent: 90,
    });
    expect(c).toMatchObject([{ system: 'disk-budget', key: 'a', params: { percent: 90 } }]);
  });

  it('sync failing for longer than syncFailingSec', () => {
    const since = new Map<string, number>();
    const s = { syncFailingSec: 300 };
    const err = { state: 'error' as const, errorCode: 'sync.error.unreachable' };
    expect(syncFailingConditions(err, since, 0, s)).toEqual([]);
    expect(syncFailingConditions(err, since, 300_001, s)).toMatchObject([
      { system: 'sync-failing', key: 'sync', params: { code: 'sync.error.unreachable' } },
    ]);
    expect(syncFailingConditions({ state: 'connected' }, since, 300_002, s)).toEqual([]);
    expect(syncFailingConditions(err, since, 300_003, s)).toEqual([]);
    expect(syncFailingConditions(undefined, since, 1e9, s)).toEqual([]);
  });

  it('provider fell back to the CPU while another was requested', () => {
    const st = [
      status('a', 'streaming', 'cpu'),
      status('b', 'streaming', 'cuda'),
      status('c', 'error', 'cpu'),
    ];
    expect(providerFallbackConditions(st, 'cuda')).toMatchObject([
      { system: 'provider-fallback', key: 'a', params: { requested: 'cuda', provider: 'cpu' } },
    ]);
    expect(providerFallbackConditions(st, 'cpu')).toEqual([]);
  });

  it('auto on a machine without an accelerator is not an alarm; auto whose GPU failed is', () => {
    const noGpu: CameraStatus = {
      ...status('a', 'streaming', 'cpu'),
      providerRequested: 'auto',
      providerReasonCode: 'providers.reason.notInstalled',
    };
    const failed: CameraStatus = {
      ...status('b', 'streaming', 'cpu'),
      providerRequested: 'auto',
      providerReasonCode: 'providers.reason.trtBuild',
    };
    const override: CameraStatus = {
      ...status('c', 'streaming', 'cpu'),
      providerRequested: 'cuda',
    };
    expect(providerFallbackConditions([noGpu, failed, override], 'auto')).toMatchObject([
      { key: 'b', params: { requested: 'auto' } },
      { key: 'c', params: { requested: 'cuda' } },
    ]);
  });
});
