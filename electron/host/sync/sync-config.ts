import { CodedError } from '../../shared/coded-error';
import type pg from 'pg';
import type { SyncConfig } from '../../shared/api/methods/sync';
import { redactSecrets } from '../../shared/util/redact';
import type { ControlRoomStore } from '../store/store';

export const STATE_CONFIG = 'sync.config';

/** The stored form of SyncConfig: the password (field or inside the URL) only as a SecretBox blob. */
export interface StoredSyncConfig extends Omit<SyncConfig, 'password'> {
  passwordBlob?: string;
}

export function loadSyncConfig(store: ControlRoomStore): StoredSyncConfig | undefined {
  const raw = store.getState(STATE_CONFIG);
  return raw ? (JSON.parse(raw) as StoredSyncConfig) : undefined;
}

/**
 * The settings without any clear-text password: a password inside the connection string moves
 * out of it (the separate field wins when both are given). Pure; the caller encrypts `secret`.
 */
export function splitPassword(config: SyncConfig): {
  rest: Omit<SyncConfig, 'password'>;
  secret: string | undefined;
} {
  const { password, ...rest } = config;
  let secret = password;
  if (rest.connectionString) {
    let url: URL;
    try {
      url = new URL(rest.connectionString);
    } catch {
      throw new CodedError('store.error.invalidInput', 'invalid PostgreSQL connection string', {
        field: 'connectionString',
      });
    }
    // pg takes `?password=` over the userinfo one; the separate field wins over both.
    const queryPassword = url.searchParams.get('password');
    if (queryPassword !== null) {
      secret ??= queryPassword;
      url.searchParams.delete('password');
    }
    const userinfoPassword = url.password;
    if (userinfoPassword) {
      secret ??= safeDecode(userinfoPassword);
      url.password = '';
    }
    if (queryPassword !== null || userinfoPassword) rest.connectionString = url.toString();
  }
  return { rest, secret };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function toStoredConfig(
  config: SyncConfig,
  encrypt: (secret: string) => string,
): StoredSyncConfig {
  const { rest, secret } = splitPassword(config);
  return { ...rest, passwordBlob: secret ? encrypt(secret) : undefined };
}

export interface PgClientOptions {
  connectTimeoutMs: number;
  queryTimeoutMs: number;
  /** The workstation's host id; its start names the connection on the server. */
  hostId: string;
}

/** The pg client settings for stored settings and an already decrypted password. */
export function pgClientConfig(
  c: StoredSyncConfig,
  password: string | undefined,
  o: PgClientOptions,
): pg.ClientConfig {
  let connectionString = c.connectionString;
  if (connectionString && password !== undefined) {
    // pg lets the URL's (empty) password override a separate one: put it back into the URL.
    const url = new URL(connectionString);
    url.password = encodeURIComponent(password);
    connectionString = url.toString();
  }
  return {
    ...(connectionString ? { connectionString } : {}),
    ...(c.host ? { host: c.host } : {}),
    ...(c.port ? { port: c.port } : {}),
    ...(c.database ? { database: c.database } : {}),
    ...(c.user ? { user: c.user } : {}),
    ...(password !== undefined ? { password } : {}),
    ssl: c.tls ? { rejectUnauthorized: true } : undefined,
    connectionTimeoutMillis: o.connectTimeoutMs,
    query_timeout: o.queryTimeoutMs,
    keepAlive: true,
    application_name: `watcher-${o.hostId.slice(0, 8)}`,
  };
}

/** The server as status and the audit log show it (never with a password). */
export function describeServer(c: StoredSyncConfig | undefined): string | undefined {
  if (!c) return undefined;
  if (c.connectionString) return redactSecrets(c.connectionString);
  return `postgres://${c.user ?? ''}@${c.host ?? 'localhost'}:${c.port ?? 5432}/${c.database ?? ''}`;
}
