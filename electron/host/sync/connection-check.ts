import pg from 'pg';
import { classifyPgError } from './pg-errors';
import { PG_SCHEMA_VERSION } from './pg-schema';

export interface ConnectionCheck {
  ok: boolean;
  errorCode?: string;
  error?: string;
  serverVersion?: string;
  schemaVersion?: number;
}

/** Connects once, reads the server and shared-schema versions, and disconnects; saves nothing. */
export async function checkConnection(config: pg.ClientConfig): Promise<ConnectionCheck> {
  const client = new pg.Client(config);
  client.on('error', () => {});
  try {
    await client.connect();
    const v = await client.query<{ server_version: string }>('SHOW server_version');
    const s = await client
      .query<{ version: number }>('SELECT version FROM watcher.schema_info WHERE id = 1')
      .catch(() => ({ rows: [] as { version: number }[] }));
    const schemaVersion = s.rows[0]?.version;
    if (schemaVersion !== undefined && schemaVersion > PG_SCHEMA_VERSION) {
      return {
        ok: false,
        errorCode: 'sync.error.schemaNewer',
        error: `shared database schema version ${schemaVersion} is newer than this Watcher`,
        serverVersion: v.rows[0]?.server_version,
        schemaVersion,
      };
    }
    return { ok: true, serverVersion: v.rows[0]?.server_version, schemaVersion };
  } catch (e) {
    const { code, message } = classifyPgError(e);
    return { ok: false, errorCode: code, error: message };
  } finally {
    await client.end().catch(() => {});
  }
}
