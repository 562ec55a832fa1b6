import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openHostServices } from '../../../../electron/host/host-services';
import { Logger } from '../../../../electron/host/logging/logger';
import type { ConnectionContext } from '../../../../electron/host/api-types';
import { createNodeHost } from '../../../helpers/node-host';

describe('apikeys.* through the host dispatcher, and calls made as a key', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'watcher-apikeys-'));
  const services = openHostServices({ dataDir, logger: new Logger({ console: false }) });
  const host = createNodeHost({ dataDir, logger: new Logger({ console: false }), services });
  const ws: ConnectionContext = { connectionId: 'c1', transport: 'ws' };
  let id = 0;
  const call = (method: string, params: unknown, ctx: ConnectionContext, session?: string) =>
    host.handle({ kind: 'request', id: ++id, method, params, session }, ctx);
  afterAll(async () => {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets administrators only manage keys, audited; a key is never a session', async () => {
    const admin = (await call(
      'auth.createFirstAdmin',
      { username: 'admin', password: 'clave-segura-123', displayName: 'Admin' },
      ws,
    )) as { result: { token: string } };
    const token = admin.result.token;
    expect(await call('apikeys.list', {}, ws)).toMatchObject({
      ok: false,
      error: { code: 'store.error.unauthenticated' },
    });
    const made = await call(
      'users.create',
      { username: 'op2', password: 'clave-segura-456', displayName: 'Op', role: 'operator' },
      ws,
      token,
    );
    expect(made, JSON.stringify(made)).toMatchObject({ ok: true });
    const op = (await call(
      'auth.login',
      { username: 'op2', password: 'clave-segura-456' },
      ws,
    )) as {
      result: { token: string };
    };
    expect(await call('apikeys.list', {}, ws, op.result.token)).toMatchObject({
      ok: false,
      error: { code: 'store.error.forbidden' },
    });
    expect(
      await call('apikeys.create', { name: 'x', scopes: ['no:such'] }, ws, token),
    ).toMatchObject({ ok: false, error: { code: 'api.invalid_params' } });

    const created = (await call(
      'apikeys.create',
      { name: 'reader', scopes: ['infractions:read'] },
      ws,
      token,
    )) as { ok: true; result: { key: string; info: { id: string; ratePerMinute: number } } };
    expect(created.ok).toBe(true);
    expect(created.result.info.ratePerMinute).toBe(600);
    const listed = (await call('apikeys.list', {}, ws, token)) as { result: unknown };
    expect(JSON.stringify(listed.result)).not.toContain(created.result.key.split('_')[2]);
    expect(services.store.audit.list({ action: 'apikey.create' })[0]).toMatchObject({
      actor: 'admin',
    });

    const check = services.store.apiKeys.verify(created.result.key);
    if (!check.ok) throw new Error('key refused');
    const rest: ConnectionContext = { connectionId: 'r', transport: 'rest', apiKey: check.key };
    expect(await call('infractions.list', {}, rest)).toMatchObject({ ok: true });
    // Its scopes grant nothing else, and the admin's session it carries is ignored.
    for (const method of ['apikeys.list', 'infractions.decide', 'users.list', 'cameras.list'])
      expect(
        await call(
          method,
          method === 'infractions.decide'
            ? { id: 'x', action: 'validate', expectedVersion: 1 }
            : {},
          rest,
          token,
        ),
      ).toMatchObject({ ok: false, error: { code: 'store.error.forbidden' } });

    const revoked = (await call('apikeys.revoke', { id: created.result.info.id }, ws, token)) as {
      result: { info: { revokedBy: string } };
    };
    expect(revoked.result.info.revokedBy).toBe('admin');
    expect(services.store.apiKeys.verify(created.result.key)).toEqual({
      ok: false,
      reason: 'revoked',
    });
  });
});
