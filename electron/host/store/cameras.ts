import { CodedError } from '../../shared/coded-error';
import {
  cameraConfigSchema,
  type CameraConfig,
  type CameraConfigInput,
} from '../../shared/config/camera';
import { redactSecrets } from '../../shared/util/redact';
import {
  hasSecrets,
  joinUrlCredentials,
  splitUrlCredentials,
  type UrlSecrets,
} from '../../shared/util/url-credentials';
import type { StoreCore } from './store-core';

interface CameraRow {
  id: string;
  name: string;
  config_json: string;
  secret_blob: string | null;
  updated_at: number;
  updated_by: string;
  origin: string;
  deleted: number;
}

/**
 * The encrypted form of a URL's secrets. Blobs written before query credentials were split out
 * hold the bare password; the current form is a NUL-prefixed JSON of `UrlSecrets`.
 */
const BLOB_V2 = '\u0000';

export function encodeUrlSecrets(s: UrlSecrets): string {
  return BLOB_V2 + JSON.stringify(s);
}

/**
 * Secrets of a camera with sub-streams (`streams.inputs`): the main URL's and each input's, by
 * index. A camera whose inputs hold no credentials keeps the v2 blob.
 */
const BLOB_V3 = '\u0001';
interface CameraSecrets {
  main: UrlSecrets;
  inputs: Array<UrlSecrets | null>;
  /** The ONVIF device service URL's user password (the same split as a source URL's). */
  onvif?: UrlSecrets;
}

export function encodeCameraSecrets(s: CameraSecrets): string | null {
  if (!s.inputs.some((i) => i && hasSecrets(i)) && !(s.onvif && hasSecrets(s.onvif)))
    return hasSecrets(s.main) ? encodeUrlSecrets(s.main) : null;
  return BLOB_V3 + JSON.stringify(s);
}

export function decodeCameraSecrets(plain: string): CameraSecrets {
  return plain.startsWith(BLOB_V3)
    ? (JSON.parse(plain.slice(BLOB_V3.length)) as CameraSecrets)
    : { main: decodeUrlSecrets(plain), inputs: [] };
}

export function decodeUrlSecrets(plain: string): UrlSecrets {
  return plain.startsWith(BLOB_V2)
    ? (JSON.parse(plain.slice(BLOB_V2.length)) as UrlSecrets)
    : { password: plain };
}

/**
 * Camera configurations; URL credentials (the userinfo password and credential query values) are
 * encrypted at rest and never returned by list(), which shows `user@host` and `pwd=***`.
 */
export class CameraRepo {
  constructor(private readonly store: StoreCore) {}

  save(input: CameraConfigInput, actor: string): CameraConfig {
    const parsed = cameraConfigSchema.safeParse(input);
    if (!parsed.success) {
      throw new CodedError(
        'store.error.invalidCamera',
        `invalid camera: ${redactSecrets(parsed.error.message)}`,
      );
    }
    const config = parsed.data;
    const stored = structuredClone(config);
    const all: CameraSecrets = { main: {}, inputs: [] };
    if ('url' in stored.source) {
      const { url, secrets } = splitUrlCredentials(stored.source.url);
      stored.source.url = url;
      all.main = secrets;
    }
    // Sub-stream URLs: the same split, never stored in the clear.
    for (const input of stored.streams.inputs) {
      if (!('url' in input.source)) {
        all.inputs.push(null);
        continue;
      }
      const { url, secrets } = splitUrlCredentials(input.source.url);
      input.source.url = url;
      all.inputs.push(secrets);
    }
    // The ONVIF address: its password sealed with the others, the stored URL shows `user@host`.
    if (stored.onvif) {
      const { url, secrets } = splitUrlCredentials(stored.onvif.url);
      stored.onvif.url = url;
      all.onvif = secrets;
    }
    const { db, now, hostId } = this.store;
    this.store.tx(() => {
      const before = this.getRow(config.id);
      // A form that shows list()'s password-less URL and saves it unchanged keeps the stored password.
      if (before?.secret_blob) {
        const prev = JSON.parse(before.config_json) as CameraConfig;
        const prevSecrets = decodeCameraSecrets(this.store.secretBox.decrypt(before.secret_blob));
        if (
          !hasSecrets(all.main) &&
          'url' in stored.source &&
          'url' in prev.source &&
          prev.source.url === stored.source.url
        )
          all.main = prevSecrets.main;
        stored.streams.inputs.forEach((input, i) => {
          const prevInput = prev.streams?.inputs?.[i];
          if (
            'url' in input.source &&
            !hasSecrets(all.inputs[i] ?? {}) &&
            prevInput &&
            'url' in prevInput.source &&
            prevInput.source.url === input.source.url
          )
            all.inputs[i] = prevSecrets.inputs[i] ?? null;
        });
        if (
          stored.onvif &&
          !hasSecrets(all.onvif ?? {}) &&
          prev.onvif?.url === stored.onvif.url &&
          prevSecrets.onvif
        )
          all.onvif = prevSecrets.onvif;
      }
      const plain = encodeCameraSecrets(all);
      const secret = plain === null ? null : this.store.secretBox.encrypt(plain);
      db.prepare(
        `INSERT INTO cameras (id, name, config_json, secret_blob, updated_at, updated_by, origin, deleted)
         VALUES (?, ?, ?, ?, ?, ?, ?, 0)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, config_json = excluded.config_json,
           secret_blob = excluded.secret_blob, updated_at = excluded.updated_at,
           updated_by = excluded.updated_by, origin = excluded.origin, deleted = 0`,
      ).run(config.id, config.name, JSON.stringify(stored), secret, now(), actor, hostId);
      this.store.audit.append(
        actor,
        before ? 'camera.update' : 'camera.create',
        `camera:${config.id}`,
        {
          before: before ? JSON.parse(before.config_json) : undefined,
          after: stored,
        },
      );
      this.store.enqueue('camera', config.id);
    });
    return config;
  }

  remove(id: string, actor: string): void {
    this.store.tx(() => {
      const r = this.store.db
        .prepare(
          'UPDATE cameras SET deleted = 1, updated_at = ?, updated_by = ?, origin = ? WHERE id = ? AND deleted = 0',
        )
        .run(this.store.now(), actor, this.store.hostId, id);
      if (r.changes === 0)
        throw new CodedError('store.error.notFound', `camera ${id} not found`, { id });
      this.store.audit.append(actor, 'camera.delete', `camera:${id}`);
      this.store.enqueue('camera', id);
    });
  }

  /** Full config with the password put back: for the worker that opens the stream only. */
  get(id: string): CameraConfig | undefined {
    const r = this.getRow(id);
    if (!r || r.deleted) return undefined;
    const config = JSON.parse(r.config_json) as CameraConfig;
    if (r.secret_blob) {
      const secrets = decodeCameraSecrets(this.store.secretBox.decrypt(r.secret_blob));
      if ('url' in config.source)
        config.source.url = joinUrlCredentials(config.source.url, secrets.main);
      config.streams?.inputs?.forEach((input, i) => {
        const s = secrets.inputs[i];
        if (s && 'url' in input.source) input.source.url = joinUrlCredentials(input.source.url, s);
      });
      if (config.onvif && secrets.onvif)
        config.onvif.url = joinUrlCredentials(config.onvif.url, secrets.onvif);
    }
    return config;
  }

  /** Configs for display: passwords stay encrypted in the store (URL shows user@host only). */
  list(): Array<CameraConfig & { hasSecret: boolean }> {
    const rows = this.store.db
      .prepare('SELECT * FROM cameras WHERE deleted = 0 ORDER BY name')
      .all() as CameraRow[];
    return rows.map((r) => ({
      ...(JSON.parse(r.config_json) as CameraConfig),
      hasSecret: r.secret_blob !== null,
    }));
  }

  private getRow(id: string): CameraRow | undefined {
    return this.store.db.prepare('SELECT * FROM cameras WHERE id = ?').get(id) as
      CameraRow | undefined;
  }
}
