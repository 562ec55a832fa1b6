import type { AlarmSettings } from '../../shared/api/methods/alarms';
import type { SystemAlarmKind } from '../../shared/domain/alarm';
import type { CameraStatus } from '../../shared/config/camera';
import type { EvidenceUsage, WorkerStateInfo } from '../../shared/api/methods/system';
import type { SyncStatus } from '../../shared/api/methods/sync';

/**
 * Pure evaluators of the installation's own faults. Each returns the conditions that hold now;
 * the alarm service keeps one open alarm per (system, key) and notes when a condition clears.
 * Conditions that must last a while get a `since` map (key → first time seen), updated in place
 * by the caller passing the same map every tick.
 */

export interface SystemCondition {
  system: SystemAlarmKind;
  key: string;
  cameraId?: string;
  /** i18n key of the alarm's message, with its params. */
  messageKey: string;
  params: Record<string, string | number>;
  priority: 1 | 2 | 3 | 4;
  /** Alarm category; default `system` (an unusual dwell in a zone is `safety`). */
  category?: 'system' | 'safety';
}

/** Restarts counted over this window for the worker-restarts alarm. */
export const WORKER_RESTART_WINDOW_MS = 10 * 60_000;

/** Updates `since` for the keys that hold now and forgets the others; returns held durations. */
export function track(
  since: Map<string, number>,
  holding: string[],
  now: number,
): Map<string, number> {
  const held = new Map<string, number>();
  const set = new Set(holding);
  for (const k of [...since.keys()]) if (!set.has(k)) since.delete(k);
  for (const k of holding) {
    if (!since.has(k)) since.set(k, now);
    held.set(k, now - since.get(k)!);
  }
  return held;
}

/** An enabled camera not streaming for longer than `cameraOfflineSec`. */
export function cameraOfflineConditions(
  statuses: readonly CameraStatus[],
  enabled: ReadonlySet<string>,
  since: Map<string, number>,
  now: number,
  settings: Pick<AlarmSettings, 'cameraOfflineSec'>,
): SystemCondition[] {
  const down = statuses.filter((s) => enabled.has(s.cameraId) && s.state !== 'streaming');
  const held = track(
    since,
    down.map((s) => s.cameraId),
    now,
  );
  return down
    .filter((s) => (held.get(s.cameraId) ?? 0) > settings.cameraOfflineSec * 1000)
    .map((s) => ({
      system: 'camera-offline',
      key: s.cameraId,
      cameraId: s.cameraId,
      messageKey: 'alarms.system.cameraOffline',
      params: {
        cameraId: s.cameraId,
        state: s.state,
        sec: Math.round((held.get(s.cameraId) ?? 0) / 1000),
      },
      priority: 2,
    }));
}

/** Remembers restarts per worker (in place), dropping those older than the window. */
export function noteWorkerState(
  restarts: Map<string, number[]>,
  state: Pick<WorkerStateInfo, 'workerId' | 'state'>,
  now: number,
): void {
  const list = (restarts.get(state.workerId) ?? []).filter(
    (t) => now - t <= WORKER_RESTART_WINDOW_MS,
  );
  if (state.state === 'restarting') list.push(now);
  if (list.length) restarts.set(state.workerId, list);
  else restarts.delete(state.workerId);
}

/** A worker restarted `workerRestarts` times or more within 10 minutes. */
export function workerRestartConditions(
  restarts: ReadonlyMap<string, readonly number[]>,
  now: number,
  settings: Pick<AlarmSettings, 'workerRestarts'>,
): SystemCondition[] {
  const out: SystemCondition[] = [];
  for (const [workerId, times] of restarts) {
    const n = times.filter((t) => now - t <= WORKER_RESTART_WINDOW_MS).length;
    if (n >= settings.workerRestarts)
      out.push({
        system: 'worker-restarts',
        key: workerId,
        messageKey: 'alarms.system.workerRestarts',
        params: { workerId, count: n, minutes: WORKER_RESTART_WINDOW_MS / 60_000 },
        priority: 2,
      });
  }
  return out;
}

/** A camera's evidence uses `diskPercent` or more of its disk budget. */
export function diskConditions(
  usage: readonly EvidenceUsage[],
  settings: Pick<AlarmSettings, 'diskPercent'>,
): SystemCondition[] {
  return usage
    .filter((u) => u.budgetBytes > 0 && (u.usedBytes / u.budgetBytes) * 100 >= settings.diskPercent)
    .map((u) => ({
      system: 'disk-budget',
      key: u.cameraId,
      cameraId: u.cameraId,
      messageKey: 'alarms.system.diskBudget',
      params: {
        cameraId: u.cameraId,
        percent: Math.round((u.usedBytes / u.budgetBytes) * 100),
        limit: settings.diskPercent,
      },
      priority: u.level === 'full' ? 1 : 2,
    }));
}

/** Sync in error for longer than `syncFailingSec`. */
export function syncFailingConditions(
  status: Pick<SyncStatus, 'state' | 'errorCode'> | undefined,
  since: Map<string, number>,
  now: number,
  settings: Pick<AlarmSettings, 'syncFailingSec'>,
): SystemCondition[] {
  const failing = status?.state === 'error';
  const held = track(since, failing ? ['sync'] : [], now);
  const ms = held.get('sync');
  if (ms === undefined || ms <= settings.syncFailingSec * 1000) return [];
  return [
    {
      system: 'sync-failing',
      key: 'sync',
      messageKey: 'alarms.system.syncFailing',
      params: { sec: Math.round(ms / 1000), code: status?.errorCode ?? '' },
      priority: 2,
    },
  ];
}

/**
 * Reasons that mean "this machine has no such accelerator" rather than "the accelerator failed":
 * with `auto`, running on the CPU for one of these is the expected outcome, not an alarm.
 */
const NO_ACCELERATOR_REASONS = new Set([
  'providers.reason.notInBuild',
  'providers.reason.notInstalled',
  'providers.reason.noDevice',
  'providers.reason.noAdapter',
]);

/**
 * A camera running inference on the CPU although another provider was requested: an explicit
 * GPU provider (the camera's own override or the host's), or `auto` on a machine whose
 * accelerator is there but failed (libraries, engine build, session errors).
 */
export function providerFallbackConditions(
  statuses: readonly CameraStatus[],
  hostRequested: string,
): SystemCondition[] {
  return statuses
    .filter((s) => s.state === 'streaming' && s.provider?.toLowerCase().startsWith('cpu'))
    .filter((s) => {
      const requested = s.providerRequested ?? hostRequested;
      if (requested === 'cpu') return false;
      if (requested !== 'auto') return true;
      return (
        s.providerReasonCode !== undefined && !NO_ACCELERATOR_REASONS.has(s.providerReasonCode)
      );
    })
    .map((s) => ({
      system: 'provider-fallback',
      key: s.cameraId,
      cameraId: s.cameraId,
      messageKey: 'alarms.system.providerFallback',
      params: {
        cameraId: s.cameraId,
        requested: s.providerRequested ?? hostRequested,
        provider: s.provider ?? 'cpu',
      },
      priority: 3,
    }));
}
