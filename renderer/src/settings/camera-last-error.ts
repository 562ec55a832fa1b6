import { create } from 'zustand';
import type { CameraStatus } from '../../../electron/shared/config/camera';
import { useLiveStore } from '../state/live-store';

/** The last failure a camera reported: its code (an i18n key) or ffmpeg's words, and when. */
export interface LastCameraError {
  code?: string;
  reason?: string;
  at: number;
}

/**
 * Each camera's last error, kept after the camera recovers (a status that streams again clears
 * its reason, the list still shows what went wrong last). Fed from the live statuses.
 */
export const useLastCameraErrors = create<{ errors: Record<string, LastCameraError> }>(() => ({
  errors: {},
}));

/** States whose reason is a failure (not `connecting` or `stopped`). */
const FAILING = new Set<CameraStatus['state']>(['error', 'stalled', 'reconnecting']);

let seen: Record<string, CameraStatus> = {};
export function noteStatuses(statuses: Record<string, CameraStatus>): void {
  if (statuses === seen) return;
  const before = seen;
  seen = statuses;
  let next: Record<string, LastCameraError> | undefined;
  for (const [id, s] of Object.entries(statuses)) {
    if (s === before[id] || !FAILING.has(s.state) || !(s.reasonCode || s.reason)) continue;
    const last = useLastCameraErrors.getState().errors[id];
    if (last && last.code === s.reasonCode && last.reason === s.reason) continue;
    next ??= { ...useLastCameraErrors.getState().errors };
    next[id] = { code: s.reasonCode, reason: s.reason, at: Date.now() };
  }
  if (next) useLastCameraErrors.setState({ errors: next });
}

noteStatuses(useLiveStore.getState().statuses);
useLiveStore.subscribe((s) => noteStatuses(s.statuses));
