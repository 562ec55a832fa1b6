import { CodedError } from '../../shared/coded-error';
import type { RuleSetConfig } from '../../shared/config/rules';
import type { ExternalSignalState } from '../../shared/protocol/worker-protocol';
import type { CameraRegistry } from '../cameras/camera-registry';
import type { Logger } from '../logging/logger';
import type { DomainHandlers } from '../api-types';

/** How far ahead of the host's clock a controller's `at` may be (clock skew), in ms. */
export const SIGNAL_MAX_FUTURE_MS = 60_000;

/** What `signals.set` needs: the cameras, the rule set their worker runs, and the way to it. */
export interface SignalContext {
  cameras: Pick<CameraRegistry, 'get'>;
  /** The rule set the camera's worker runs (its latest saved version), if any. */
  ruleSet(cameraId: string): RuleSetConfig | undefined;
  /** Keeps the state and sends it to the running worker of the camera; false when none runs it. */
  setExternalSignal(state: ExternalSignalState): boolean;
  logger: Logger;
  now?: () => number;
}

/**
 * External signals: a traffic-light controller's phase for a camera's `external` signal, which the
 * camera's red-light rules then judge crossings against. Refused with a code when the camera or
 * the signal does not exist, the signal is read from the image, or the camera is not running.
 */
export function createSignalHandlers(c: SignalContext): DomainHandlers<'signals'> {
  const now = c.now ?? Date.now;
  return {
    'signals.set': ({ cameraId, signalId, state, at, ttlSec }) => {
      const params = { cameraId, signalId };
      const camera = c.cameras.get(cameraId);
      if (!camera)
        throw new CodedError('signals.camera_not_found', `no camera "${cameraId}"`, params);
      const signal = c.ruleSet(cameraId)?.signals.find((s) => s.id === signalId);
      if (!signal)
        throw new CodedError(
          'signals.unknown_signal',
          `camera "${cameraId}" has no signal "${signalId}" in its rule set`,
          params,
        );
      if (signal.source !== 'external')
        throw new CodedError(
          'signals.not_external',
          `signal "${signalId}" of camera "${cameraId}" is read from the image, not fed by a controller`,
          params,
        );
      const heardAtMs = now();
      if (at !== undefined && (!Number.isFinite(at) || at <= 0))
        throw new CodedError(
          'signals.bad_time',
          '`at` must be a time in epoch milliseconds',
          params,
        );
      if (at !== undefined && at > heardAtMs + SIGNAL_MAX_FUTURE_MS)
        throw new CodedError(
          'signals.time_in_future',
          `\`at\` is ${Math.round((at - heardAtMs) / 1000)} s ahead of this host's clock`,
          { ...params, seconds: Math.round((at - heardAtMs) / 1000) },
        );
      if (!camera.enabled)
        throw new CodedError(
          'signals.camera_not_running',
          `camera "${cameraId}" is disabled`,
          params,
        );
      const applied = c.setExternalSignal({
        cameraId,
        signalId,
        state,
        atMs: at ?? heardAtMs,
        heardAtMs,
        ttlMs: ttlSec * 1000,
      });
      if (!applied)
        throw new CodedError(
          'signals.camera_not_running',
          `camera "${cameraId}" is not running now (its worker is starting or restarting)`,
          params,
        );
      c.logger.debug('external signal set', { cameraId, signalId, state, at: at ?? heardAtMs });
      return { applied, cameraId, signalId };
    },
  };
}
