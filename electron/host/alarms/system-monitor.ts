import type { CameraStatus } from '../../shared/config/camera';
import type { EvidenceUsage, WorkerStateInfo } from '../../shared/api/methods/system';
import type { SyncStatus } from '../../shared/api/methods/sync';
import type { AlarmService } from './alarm-service';
import {
  cameraOfflineConditions,
  diskConditions,
  noteWorkerState,
  providerFallbackConditions,
  syncFailingConditions,
  workerRestartConditions,
  type SystemCondition,
} from './system-conditions';

export interface SystemMonitorOptions {
  alarms: Pick<AlarmService, 'settings' | 'reconcileSystem' | 'autoCloseDue'>;
  now?: () => number;
  statuses: () => CameraStatus[];
  /** Cameras that should be streaming. */
  enabledCameras: () => string[];
  evidenceUsage?: () => EvidenceUsage[];
  syncStatus?: () => SyncStatus | undefined;
  /** The inference provider the installation asked for. */
  requestedProvider: () => string;
  onError?: (e: unknown) => void;
}

/**
 * Samples the host's state every tick, turns it into system conditions (pure evaluators) and
 * lets the alarm service reconcile them; also runs the auto-close of low-priority alarms.
 */
export class SystemAlarmMonitor {
  private readonly offlineSince = new Map<string, number>();
  private readonly syncSince = new Map<string, number>();
  private readonly restarts = new Map<string, number[]>();
  private timer?: ReturnType<typeof setInterval>;

  constructor(private readonly opts: SystemMonitorOptions) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** Called on every worker.state change. */
  workerState(state: WorkerStateInfo): void {
    noteWorkerState(this.restarts, state, this.now());
  }

  start(intervalMs = 1000): this {
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref?.();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  tick(): void {
    try {
      const o = this.opts;
      const settings = o.alarms.settings();
      const now = this.now();
      const statuses = o.statuses();
      const evaluated = new Set<string>(['camera-offline', 'worker-restarts', 'provider-fallback']);
      const conditions: SystemCondition[] = [
        ...cameraOfflineConditions(
          statuses,
          new Set(o.enabledCameras()),
          this.offlineSince,
          now,
          settings,
        ),
        ...workerRestartConditions(this.restarts, now, settings),
        ...providerFallbackConditions(statuses, o.requestedProvider()),
      ];
      if (o.evidenceUsage) {
        evaluated.add('disk-budget');
        conditions.push(...diskConditions(o.evidenceUsage(), settings));
      }
      if (o.syncStatus) {
        evaluated.add('sync-failing');
        conditions.push(...syncFailingConditions(o.syncStatus(), this.syncSince, now, settings));
      }
      o.alarms.reconcileSystem(conditions, evaluated);
      o.alarms.autoCloseDue(now);
    } catch (e) {
      this.opts.onError?.(e);
    }
  }
}
