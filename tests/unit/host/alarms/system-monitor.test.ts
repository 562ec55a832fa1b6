import { describe, expect, it } from 'vitest';
import { SystemAlarmMonitor } from '../../../../electron/host/alarms/system-monitor';
import type { SystemCondition } from '../../../../electron/host/alarms/system-conditions';
import { alarmSettingsSchema } from '../../../../electron/shared/api/methods/alarms';
import type { CameraStatus } from '../../../../electron/shared/config/camera';

describe('system alarm monitor', () => {
  it('turns host state into conditions; pending ones are passed on so they do not clear', () => {
    const clock = { t: 0 };
    const calls: Array<{ c: SystemCondition[]; pending: ReadonlySet<string> }> = [];
    let state: CameraStatus['state'] = 'error';
    const monitor = new SystemAlarmMonitor({
      alarms: {
        settings: () => alarmSettingsSchema.parse({ cameraOfflineSec: 5, workerRestarts: 2 }),
        reconcileSystem: (c, _e, pending = new Set()) => void calls.push({ c: [...c], pending }),
        autoCloseDue: () => 0,
      },
      now: () => clock.t,
      statuses: () => [
        { cameraId: 'c1', state, frames: 0, fps: 0, droppedByRate: 0, lost: 0, reconnects: 0 },
      ],
      enabledCameras: () => ['c1'],
      syncStatus: () => ({ state: 'disabled', behind: 0, pendingDownloads: 0, conflicts: 0 }),
      requestedProvider: () => 'cpu',
    });
    monitor.tick();
    expect(calls[0].c).toEqual([]);
    expect([...calls[0].pending]).toEqual(['system:camera-offline:c1']);
    clock.t = 5_001;
    monitor.workerState({ workerId: 'w1', state: 'restarting' } as never);
    monitor.workerState({ workerId: 'w1', state: 'restarting' } as never);
    monitor.tick();
    expect(calls[1].c.map((c) => `${c.system}:${c.key}`).sort()).toEqual([
      'camera-offline:c1',
      'worker-restarts:w1',
    ]);
    state = 'streaming';
    monitor.tick();
    expect(calls[2].c.map((c) => c.system)).toEqual(['worker-restarts']);
    expect(calls[2].pending.size).toBe(0);
  });
});
