import type Database from 'better-sqlite3';
import {
  apiKeyScopeSchema,
  type ApiKeyInfo,
  type ApiKeyScope,
} from '../../shared/api/methods/api-keys';
import { CodedError } from '../../shared/coded-error';
import {
  formatApiKey,
  hashApiKeySecret,
  newApiKeyId,
  newApiKeySecret,
  parseApiKey,
  secretMatches,
} from '../auth/api-key-secret';
import type { AuditLog } from './audit';

interface ApiKeyRow {
  id: string;
  name: string;
  secret_hash: string;
  scopes_json: string;
  rate_per_minute: number;
  created_by: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  revoked_by: string | null;
  last_used_at: number | null;
}

/** Who a valid key is: what a REST call runs as. */
export interface ApiKeyPrincipal {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  ratePerMinute: number;
}

export type ApiKeyCheck =
  | { ok: true; key: ApiKeyPrincipal }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' | 'expired' };

/** Last use is written at most this often per key, however many requests it makes. */
export const LAST_USED_WRITE_MS = 60_000;

const DAY_MS = 86_400_000;
const UNKNOWN_KEY_HASH = '0'.repeat(64);

function toInfo(r: ApiKeyRow): ApiKeyInfo {
  return {
    id: r.id,
    name: r.name,
    scopes: apiKeyScopeSchema.array().parse(JSON.parse(r.scopes_json)),
    ratePerMinute: r.rate_per_minute,
    createdBy: r.created_by,
    createdAt: r.created_at,
    ...(r.expires_at !== null ? { expiresAt: r.expires_at } : {}),
    ...(r.revoked_at !== null ? { revokedAt: r.revoked_at } : {}),
    ...(r.revoked_by !== null ? { revokedBy: r.revoked_by } : {}),
    ...(r.last_used_at !== null ? { lastUsedAt: r.last_used_at } : {}),
  };
}

/**
 * The installation's API keys. Only each secret's SHA-256 is stored; a presented key is looked up
 * by its id and its secret compared in constant time. Creating and revoking are audited.
 */
export class ApiKeyRepo {
  private readonly byId: Database.Statement;
  private readonly touch: Database.Statement;
  /** When each key's last use was last written, so a busy key costs one write a minute. */
  private readonly lastWritten = new Map<string, number>();

  constructor(
    private readonly store: {
      db: Database.Database;
      audit: AuditLog;
      now: () => number;
      tx<T>(fn: () => T): T;
    },
  ) {
    this.byId = store.db.prepare('SELECT * FROM api_keys WHERE id = ?');
    this.touch = store.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?');
  }

  list(): ApiKeyInfo[] {
    const rows = this.store.db
      .prepare('SELECT * FROM api_keys ORDER BY created_at DESC, id')
      .all() as ApiKeyRow[];
    return rows.map(toInfo);
  }

  get(id: string): ApiKeyInfo | undefined {
    const r = this.byId.get(id) as ApiKeyRow | undefined;
    return r && toInfo(r);
  }

  /** Creates a key and returns it in full: the only time it exists outside the caller's hands. */
  create(
    o: { name: string; scopes: ApiKeyScope[]; ratePerMinute: number; expiresInDays?: number },
    actor: string,
  ): { key: string; info: ApiKeyInfo } {
    const id = newApiKeyId();
    const secret = newApiKeySecret();
    const now = this.store.now();
    const scopes = [...new Set(o.scopes)];
    const expiresAt = o.expiresInDays !== undefined ? now + o.expiresInDays * DAY_MS : null;
    this.store.tx(() => {
      this.store.db
        .prepare(
          `INSERT INTO api_keys (id, name, secret_hash, scopes_json, rate_per_minute, created_by, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          o.name,
          hashApiKeySecret(secret),
          JSON.stringify(scopes),
          o.ratePerMinute,
          actor,
          now,
          expiresAt,
        );
      this.store.audit.append(actor, 'apikey.create', `apikey:${id}`, {
        name: o.name,
        scopes,
        ratePerMinute: o.ratePerMinute,
        ...(expiresAt !== null ? { expiresAt } : {}),
      });
    });
    return { key: formatApiKey(id, secret), info: this.get(id)! };
  }

  revoke(id: string, actor: string): ApiKeyInfo {
    const row = this.byId.get(id) as ApiKeyRow | undefined;
    if (!row) throw new CodedError('apikeys.error.notFound', `no API key ${id}`, { id });
    if (row.revoked_at === null) {
      this.store.tx(() => {
        this.store.db
          .prepare('UPDATE api_keys SET revoked_at = ?, revoked_by = ? WHERE id = ?')
          .run(this.store.now(), actor, id);
        this.store.audit.append(actor, 'apikey.revoke', `apikey:${id}`, { name: row.name });
      });
    }
    return this.get(id)!;
  }

  /**
   * Checks a presented key: shape, known id, secret (constant time), not revoked, not expired.
   * A valid key's last use is recorded, at most once a minute per key.
   */
  verify(presented: string): ApiKeyCheck {
    const parsed = parseApiKey(presented);
    if (!parsed) return { ok: false, reason: 'malformed' };
    const row = this.byId.get(parsed.id) as ApiKeyRow | undefined;
    // An unknown id costs the same hash and comparison as a wrong secret.
    const matches = secretMatches(parsed.secret, row?.secret_hash ?? UNKNOWN_KEY_HASH);
    if (!row || !matches) return { ok: false, reason: 'unknown' };
    if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
    const now = this.store.now();
    if (row.expires_at !== null && now >= row.expires_at) return { ok: false, reason: 'expired' };
    const written = this.lastWritten.get(row.id) ?? row.last_used_at ?? 0;
    if (now - written >= LAST_USED_WRITE_MS) {
      this.touch.run(now, row.id);
      this.lastWritten.set(row.id, now);
    }
    return {
      ok: true,
      key: {
        id: row.id,
        name: row.name,
        scopes: this.scopesOf(row.scopes_json),
        ratePerMinute: row.rate_per_minute,
      },
    };
  }

  /** Parsed once per distinct scope list, not per request. */
  private readonly scopeLists = new Map<string, ApiKeyScope[]>();
  private scopesOf(json: string): ApiKeyScope[] {
    let scopes = this.scopeLists.get(json);
    if (!scopes) {
      scopes = apiKeyScopeSchema.array().parse(JSON.parse(json));
      if (this.scopeLists.size < 1000) this.scopeLists.set(json, scopes);
    }
    return [...scopes];
  }
}
