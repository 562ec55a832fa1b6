import { ApiFailure } from '../../shared/api/envelope';
import { WATCHER_VERSION } from '../../shared/version';
import type { ControlRoomHost } from '../control-room-host';
import type { HandlerMap } from '../api-types';

export function createCoreHandlers(host: ControlRoomHost): HandlerMap {
  return {
    'system.info': () => ({
      version: WATCHER_VERSION,
      uptimeSec: (Date.now() - host.startedAt) / 1000,
      runtime: host.opts.runtime,
      ffmpeg: { path: host.ffmpeg.path, source: host.ffmpeg.source, version: host.ffmpeg.version },
      workers: host.workerStates(),
    }),
    'cameras.list': () => host.cameras.list(),
    'cameras.statuses': () => host.cameraStatuses(),
    'cameras.upsert': ({ camera }, ctx) => {
      const saved = host.cameras.upsert(camera, ctx.session?.username ?? 'local');
      // Answer with the display form: the password never travels back to a UI.
      return host.cameras.list().find((c) => c.id === saved.id) ?? saved;
    },
    'cameras.remove': ({ id }, ctx) => {
      if (!host.cameras.get(id))
        throw new ApiFailure('camera.not_found', `no camera "${id}"`, { id });
      return { removed: host.cameras.remove(id, ctx.session?.username ?? 'local') };
    },
  };
}
