import { afterEach, describe, expect, it } from 'vitest';
import {
  formatApiKey,
  hashApiKeySecret,
  newApiKeyId,
  newApiKeySecret,
  parseApiKey,
  secretMatches,
} from '../../../../electron/host/auth/api-key-secret';
import { LAST_USED_WRITE_MS } from '../../../../electron/host/store/api-keys';
import {
  apiKeyScopeSchema,
  createApiKeySchema,
  scopesGrant,
} from '../../../../electron/shared/api/methods/api-keys';
import { openTestStore, type TestStore } from './helpers';

describe('API key format and hashing', () => {
  it('makes wk_<id>_<secret> keys with at least 32 random bytes of base64url secret', () => {
    const id = newApiKeyId();
    const secret = newApiKeySecret();
    expect(id).toMatch(/^[a-z0-9]{16}$/);
    expect(Buffer.from(secret, 'base64url').length).toBeGreaterThanOrEqual(32);
    const key = formatApiKey(id, secret);
    expect(parseApiKey(key)).toEqual({ id, secret });
  });

  it('refuses anything not shaped like a key', () => {
    const secret = newApiKeySecret();
    for (const bad of [
      '',
      'wk_',
      `wk_ABCDEFGH_${secret}`,
      `wk_short_${secret}`,
      `xk_abcdefgh_${secret}`,
      `wk_abcdefgh_${secret.slice(0, 20)}`,
      `wk_abcdefgh_${secret}!`,
      `wk_abcdefgh_${'a'.repeat(300)}`,
    ])
      expect(parseApiKey(bad)).toBeUndefined();
  });

  it('stores a SHA-256 of the secret and compares it in constant time', () => {
    const secret = newApiKeySecret();
    const hash = hashApiKeySecret(secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(secret);
    expect(secretMatches(secret, hash)).toBe(true);
    expect(secretMatches(newApiKeySecret(), hash)).toBe(false);
    expect(secretMatches(secret, 'abcd')).toBe(false);
  });

  it('validates scope names with zod and maps each scope to the methods it grants', () => {
    expect(apiKeyScopeSchema.safeParse('infractions:read').success).toBe(true);
    expect(apiKeyScopeSchema.safeParse('infractions:write').success).toBe(false);
    expect(createApiKeySchema.safeParse({ name: 'x', scopes: [] }).success).toBe(false);
    expect(createApiKeySchema.parse({ name: 'x', scopes: ['cameras:read'] }).ratePerMinute).toBe(
      600,
    );
    expect(scopesGrant(['infractions:read'], 'infractions.list')).toBe(true);
    expect(scopesGrant(['infractions:read'], 'infractions.decide')).toBe(false);
    expect(scopesGrant(['evidence:read'], 'evidence.exportPackage')).toBe(true);
    expect(scopesGrant(['signals:write'], 'cameras.upsert')).toBe(false);
  });
});

describe('ApiKeyRepo', () => {
  let t: TestStore;
  afterEach(() => t.cleanup());

  it('creates a key shown once, verifies it, and keeps only the hash', () => {
    t = openTestStore();
    const { key, info } = t.store.apiKeys.create(
      { name: 'controller', scopes: ['signals:write', 'signals:write'], ratePerMinute: 60 },
      'admin',
    );
    expect(info.scopes).toEqual(['signals:write']);
    const row = t.store.db.prepare('SELECT * FROM api_keys').get() as Record<string, unknown>;
    expect(JSON.stringify(row)).not.toContain(parseApiKey(key)!.secret);
    expect(JSON.stringify(t.store.apiKeys.list())).not.toContain(row.secret_hash as string);
    expect(t.store.apiKeys.verify(key)).toMatchObject({ ok: true, key: { id: info.id } });
    expect(t.store.apiKeys.verify(key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A'))).toEqual({
      ok: false,
      reason: 'unknown',
    });
    expect(t.store.audit.list({ action: 'apikey.create' })).toHaveLength(1);
  });

  it('refuses revoked and expired keys, and audits the revocation once', () => {
    t = openTestStore();
    const a = t.store.apiKeys.create(
      { name: 'a', scopes: ['cameras:read'], ratePerMinute: 60 },
      'admin',
    );
    const b = t.store.apiKeys.create(
      { name: 'b', scopes: ['cameras:read'], ratePerMinute: 60, expiresInDays: 1 },
      'admin',
    );
    t.store.apiKeys.revoke(a.info.id, 'admin');
    t.store.apiKeys.revoke(a.info.id, 'admin');
    expect(t.store.apiKeys.verify(a.key)).toEqual({ ok: false, reason: 'revoked' });
    expect(t.store.apiKeys.get(a.info.id)).toMatchObject({ revokedBy: 'admin' });
    expect(t.store.audit.list({ action: 'apikey.revoke' })).toHaveLength(1);
    expect(t.store.apiKeys.verify(b.key).ok).toBe(true);
    t.clock.t += 86_400_000;
    expect(t.store.apiKeys.verify(b.key)).toEqual({ ok: false, reason: 'expired' });
    expect(() => t.store.apiKeys.revoke('nosuchkey1', 'admin')).toThrow(/no API key/);
  });

  it('writes the last use at most once a minute per key', () => {
    t = openTestStore();
    const { key, info } = t.store.apiKeys.create(
      { name: 'busy', scopes: ['cameras:read'], ratePerMinute: 60 },
      'admin',
    );
    const start = t.clock.t;
    t.store.apiKeys.verify(key);
    expect(t.store.apiKeys.get(info.id)?.lastUsedAt).toBe(start);
    t.clock.t += LAST_USED_WRITE_MS - 1;
    t.store.apiKeys.verify(key);
    expect(t.store.apiKeys.get(info.id)?.lastUsedAt).toBe(start);
    t.clock.t += 1;
    t.store.apiKeys.verify(key);
    expect(t.store.apiKeys.get(info.id)?.lastUsedAt).toBe(start + LAST_USED_WRITE_MS);
  });
});
