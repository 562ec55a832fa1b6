import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { cameraConfigSchema, type CameraConfig, type CameraConfigInput } from '../../common/config/camera';
import { describeZodError } from '../../common/api/envelope';
import type { Logger } from '../logging/logger';

/** What a first start shows: the built-in synthetic traffic camera, no downloads, no fixtures. */
export const DEFAULT_CAMERAS: CameraConfigInput[] = [
  { id: 'demo', name: 'Demo · tráfico sintético', source: { kind: 'demo', pattern: 'traffic' } },
];

const fileSchema = z.object({ version: z.literal(1), cameras: z.array(cameraConfigSchema) });

/**
 * The configured cameras. Persisted atomically (temp file + rename) so a crash mid-write never
 * loses the list; a malformed file is kept aside and reported, never silently overwritten.
 */
export class CameraRegistry {
  private cameras = new Map<string, CameraConfig>();
  private readonly file: string;

  constructor(
    dataDir: string,
    private readonly logger: Logger,
    private readonly onChange: (cameras: CameraConfig[]) => void = () => {},
  ) {
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'cameras.json');
  }

  load(): void {
    if (!existsSync(this.file)) {
      for (const c of DEFAULT_CAMERAS) this.cameras.set(c.id, cameraConfigSchema.parse(c));
      this.save();
      return;
    }
    const text = readFileSync(this.file, 'utf8');
    let parsed: z.ZodSafeParseResult<z.infer<typeof fileSchema>> | undefined;
    try {
      parsed = fileSchema.safeParse(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      const aside = `${this.file}.invalid-${Date.now()}`;
      renameSync(this.file, aside);
      this.logger.error('camera configuration is malformed; kept aside and starting with defaults', {
        file: aside,
        error: parsed ? describeZodError(parsed.error) : 'not JSON',
      });
      this.load();
      return;
    }
    for (const c of parsed.data.cameras) this.cameras.set(c.id, c);
  }

  list(): CameraConfig[] {
    return [...this.cameras.values()];
  }

  get(id: string): CameraConfig | undefined {
    return this.cameras.get(id);
  }

  upsert(camera: CameraConfigInput): CameraConfig {
    const parsed = cameraConfigSchema.parse(camera);
    this.cameras.set(parsed.id, parsed);
    this.save();
    this.onChange(this.list());
    return parsed;
  }

  remove(id: string): boolean {
    const removed = this.cameras.delete(id);
    if (removed) {
      this.save();
      this.onChange(this.list());
    }
    return removed;
  }

  private save(): void {
    const tmp = `${this.file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify({ version: 1, cameras: this.list() }, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
