import type { CameraStatus } from '../../shared/config/camera';
import { CodedError } from '../../shared/coded-error';
import type { CameraRegistry } from '../cameras/camera-registry';
import { grabOneFrame } from '../cameras/frame-grab';
import { FairLimiter } from '../../shared/util/fair-limiter';
import type { DomainHandlers } from '../api-types';

/** What `cameras.*` needs: the registry, the live statuses and ffmpeg for "test connection". */
export interface CameraContext {
  cameras: Pick<CameraRegistry, 'list' | 'get' | 'upsert' | 'remove'>;
  statuses(): CameraStatus[];
  ffmpegPath: string;
  /** Connection tests (one ffmpeg each) at once and waiting; beyond, `cameras.test.busy`. */
  testLimits?: { concurrency: number; maxQueued: number };
}

/** Two connection tests at once, two more waiting (a UI call gives up after 30 s). */
export const DEFAULT_CAMERA_TEST_LIMITS = { concurrency: 2, maxQueued: 2 };

export function createCameraHandlers(c: CameraContext): DomainHandlers<'cameras'> {
  // One line for the whole host: parallel tests cannot start an ffmpeg each.
  const tests = new FairLimiter(c.testLimits ?? DEFAULT_CAMERA_TEST_LIMITS);
  return {
    'cameras.list': () => c.cameras.list(),
    'cameras.statuses': () => c.statuses(),
    'cameras.upsert': ({ camera }, ctx) => {
      const saved = c.cameras.upsert(camera, ctx.session?.username ?? 'local');
      // Answer with the display form: the password never travels back to a UI.
      return c.cameras.list().find((cam) => cam.id === saved.id) ?? saved;
    },
    'cameras.remove': ({ id }, ctx) => {
      if (!c.cameras.get(id)) throw new CodedError('camera.not_found', `no camera "${id}"`, { id });
      return { removed: c.cameras.remove(id, ctx.session?.username ?? 'local') };
    },
    'cameras.test': ({ source, timeoutMs }) => {
      const run = tests.run('', () => grabOneFrame(c.ffmpegPath, source, timeoutMs));
      if (!run) {
        throw new CodedError(
          'cameras.test.busy',
          'too many connection tests are running; try again when they finish',
        );
      }
      return run;
    },
  };
}
