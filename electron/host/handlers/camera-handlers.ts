import type { CameraStatus } from '../../shared/config/camera';
import { CodedError } from '../../shared/coded-error';
import type { CameraRegistry } from '../cameras/camera-registry';
import { grabOneFrame } from '../cameras/frame-grab';
import type { DomainHandlers } from '../api-types';

/** What `cameras.*` needs: the registry, the live statuses and ffmpeg for "test connection". */
export interface CameraContext {
  cameras: Pick<CameraRegistry, 'list' | 'get' | 'upsert' | 'remove'>;
  statuses(): CameraStatus[];
  ffmpegPath: string;
}

export function createCameraHandlers(c: CameraContext): DomainHandlers<'cameras'> {
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
    'cameras.test': ({ source, timeoutMs }) => grabOneFrame(c.ffmpegPath, source, timeoutMs),
  };
}
