import {
  cameraConfigSchema,
  type CameraConfig,
  type CameraConfigInput,
} from '../../shared/config/camera';
import { mergeUrlCredentials } from '../../shared/util/url-credentials';
import { DEMO_CAMERA_DEFAULT_NAME, DEMO_CAMERA_ID } from '../../shared/config/demo-camera';
import type { CameraRepo } from '../store/cameras';

/** What a first start shows: the built-in synthetic traffic camera, no downloads, no fixtures. */
export const DEFAULT_CAMERAS: CameraConfigInput[] = [
  {
    id: DEMO_CAMERA_ID,
    name: DEMO_CAMERA_DEFAULT_NAME,
    source: { kind: 'demo', pattern: 'traffic' },
  },
];

/**
 * The configured cameras. With a store they persist in SQLite, URL passwords encrypted by the
 * SecretBox; without one (tests, throwaway hosts) they live in memory only, so no secret is ever
 * written in plain text.
 */
export class CameraRegistry {
  private readonly memory = new Map<string, CameraConfig>();

  constructor(
    private readonly repo: CameraRepo | undefined,
    private readonly onChange: () => void = () => {},
  ) {}

  /** First start: seed the demo camera so the wall is never empty. */
  load(): void {
    if (this.list().length) return;
    for (const c of DEFAULT_CAMERAS) this.write(cameraConfigSchema.parse(c), 'setup');
  }

  /** For display and the API: passwords stay out (the URL shows user@host only). */
  list(): CameraConfig[] {
    return this.repo
      ? this.repo.list().map(({ hasSecret: _h, ...c }) => c)
      : [...this.memory.values()];
  }

  /** Full configs, passwords included: only for the workers that open the streams. */
  listForWorkers(): CameraConfig[] {
    return this.list()
      .map((c) => this.get(c.id))
      .filter((c): c is CameraConfig => c !== undefined);
  }

  get(id: string): CameraConfig | undefined {
    return this.repo ? this.repo.get(id) : this.memory.get(id);
  }

  upsert(camera: CameraConfigInput, actor = 'local'): CameraConfig {
    const parsed = keepStoredPassword(cameraConfigSchema.parse(camera), this.get(camera.id));
    const saved = this.write(parsed, actor);
    this.onChange();
    return saved;
  }

  remove(id: string, actor = 'local'): boolean {
    if (!this.get(id)) return false;
    if (this.repo) this.repo.remove(id, actor);
    else this.memory.delete(id);
    this.onChange();
    return true;
  }

  private write(camera: CameraConfig, actor: string): CameraConfig {
    if (this.repo) return this.repo.save(camera, actor);
    this.memory.set(camera.id, camera);
    return camera;
  }
}

/**
 * The UI only ever sees `rtsp://user@host/...` and `?pwd=***` (no credentials). Saving that form
 * back must not wipe the stored credentials, so an edit without them keeps the old ones for the
 * same URL (see mergeUrlCredentials).
 */
function keepStoredPassword(next: CameraConfig, previous: CameraConfig | undefined): CameraConfig {
  // The ONVIF address keeps its stored password the same way.
  if (previous?.onvif && next.onvif) {
    const onvifUrl = mergeUrlCredentials(next.onvif.url, previous.onvif.url);
    if (onvifUrl !== next.onvif.url) next = { ...next, onvif: { ...next.onvif, url: onvifUrl } };
  }
  if (!previous || !('url' in next.source) || !('url' in previous.source)) return next;
  const url = mergeUrlCredentials(next.source.url, previous.source.url);
  return url === next.source.url
    ? next
    : ({ ...next, source: { ...next.source, url } } as CameraConfig);
}
