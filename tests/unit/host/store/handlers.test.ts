import { afterEach, describe, expect, it } from 'vitest';
import {
  apiMethods,
  type ApiMethod,
  type ApiParams,
  type ApiResult,
} from '../../../../electron/shared/api/contract';
import { ROLE_PERMISSIONS, type Role } from '../../../../electron/shared/api/methods/auth';
import { catalogs } from '../../../../electron/shared/i18n';
import { createDispatcher } from '../../../../electron/host/api/dispatcher';
import { sessionAuthorizer } from '../../../../electron/host/auth/permissions';
import { createAuthHandlers } from '../../../../electron/host/handlers/auth-handlers';
import { createUserHandlers } from '../../../../electron/host/handlers/user-handlers';
import { createInfractionHandlers } from '../../../../electron/host/handlers/infraction-handlers';
import { createAuditHandlers } from '../../../../electron/host/handlers/audit-handlers';
import { createSyncHandlers } from '../../../../electron/host/handlers/sync-handlers';
import { createReportHandlers } from '../../../../electron/host/handlers/report-handlers';
import { ReviewService } from '../../../../electron/host/store/review';
import { mulberry32, syntheticInfraction } from '../../../../tools/synth/synthetic-infractions';
import { openTestStore, testAuth, type TestStore } from './helpers';

let t: TestStore;
afterEach(() => t?.cleanup());

/** A caller: no token (anonymous) or a session token from auth.login. */
type Caller = { token?: string };

async function setup() {
  t = openTestStore();
  const auth = testAuth(t.store);
  const handlers = {
    ...createAuthHandlers({ auth }),
    ...createUserHandlers({ auth }),
    ...createInfractionHandlers({ review: new ReviewService(t.store) }),
    ...createAuditHandlers({ store: t.store }),
    ...createSyncHandlers({}),
    ...createReportHandlers({
      db: t.store.db,
      cameras: { list: () => [], get: () => undefined },
      statuses: () => [],
      workerStates: () => [],
    }),
  };
  // The host's dispatcher: contract validation, the method's permission, one error translation.
  const dispatch = createDispatcher({
    handlers,
    authorize: sessionAuthorizer(auth),
    resolveSession: (token) => auth.session(token),
    logger: { warn: () => {}, error: () => {} },
  });
  let id = 0;
  const h = new Proxy(
    {} as { [M in ApiMethod]: (p: ApiParams<M>, c: Caller) => Promise<ApiResult<M>> },
    {
      get: (_t, method: string) => async (params: unknown, caller: Caller) => {
        const r = await dispatch(
          {
            kind: 'request',
            id: ++id,
            method,
            params,
            ...(caller.token ? { session: caller.token } : {}),
          },
          { connectionId: 'test', transport: 'ws' },
        );
        if (!r?.ok) throw r?.error;
        return r.result;
      },
    },
  );
  const admin = await h['auth.createFirstAdmin'](
    { username: 'admin', password: 'admin-pass-1', displayName: 'Admin' },
    {},
  );
  const sessions = { admin: { token: admin.token } } as Record<Role, Caller>;
  for (const role of ['supervisor', 'operator', 'auditor'] as const) {
    await h['users.create'](
      { username: role, password: `${role}-pass-1`, displayName: role, role },
      sessions.admin,
    );
    sessions[role] = {
      token: (await h['auth.login']({ username: role, password: `${role}-pass-1` }, {})).token,
    };
  }
  return { h, sessions, auth };
}

describe('store API handlers', () => {
  it('enforce each role in the host, not only in the UI', async () => {
    const { h, sessions } = await setup();
    const inf = syntheticInfraction(mulberry32(1), { occurredAt: t.clock.t });
    t.store.infractions.insert([inf]);
    await expect(h['infractions.list']({}, {})).rejects.toMatchObject({
      code: 'store.error.unauthenticated',
    });
    await expect(h['users.list']({}, sessions.operator)).rejects.toMatchObject({
      code: 'store.error.forbidden',
    });
    await expect(h['audit.list']({}, sessions.supervisor)).rejects.toMatchObject({
      code: 'store.error.forbidden',
    });
    await expect(
      h['infractions.decide'](
        { id: inf.id, action: 'validate', expectedVersion: 1 },
        sessions.auditor,
      ),
    ).rejects.toMatchObject({ code: 'store.error.forbidden' });
    await expect(
      h['sync.configure']({ connectionString: 'postgres://x@h/db' }, sessions.supervisor),
    ).rejects.toMatchObject({
      code: 'store.error.forbidden',
    });
    const decided = await h['infractions.decide'](
      { id: inf.id, action: 'validate', expectedVersion: 1 },
      sessions.operator,
    );
    expect(decided.infraction).toMatchObject({ status: 'validated', decidedBy: 'operator' });
    await expect(h['audit.verify']({}, sessions.auditor)).resolves.toMatchObject({
      ok: true,
    });
    await expect(
      h['reports.get']({ from: '2026-01-15', to: '2026-01-15' }, sessions.auditor),
    ).resolves.toMatchObject({ total: 1 });
    // Operators read reports (issue 19); changing settings stays refused.
    await expect(
      h['reports.get']({ from: '2026-01-15', to: '2026-01-15' }, sessions.operator),
    ).resolves.toMatchObject({ total: 1 });
    await expect(h['users.list']({}, sessions.admin)).resolves.toMatchObject({
      users: expect.any(Array),
    });
    await expect(h['sync.status']({}, sessions.operator)).resolves.toMatchObject({
      state: 'disabled',
    });
  });

  it('validate params and answer with codes', async () => {
    const { h, sessions } = await setup();
    await expect(
      h['infractions.decide']({ id: 'x', action: 'explode' } as never, sessions.operator),
    ).rejects.toMatchObject({
      code: 'api.invalid_params',
    });
    await expect(
      h['auth.login']({ username: 'admin', password: 'wrong-pass' }, {}),
    ).rejects.toMatchObject({
      code: 'store.error.invalidCredentials',
    });
    const me = await h['auth.me']({}, sessions.operator);
    expect(me.user.role).toBe('operator');
    expect(apiMethods['auth.me'].result.safeParse(me).success).toBe(true);
  });

  it('has es and en text for every store error code and a permission for every method', () => {
    for (const [name, spec] of Object.entries(apiMethods)) {
      expect(ROLE_PERMISSIONS.admin, name).toContain(spec.permission);
    }
    const codes = Object.keys(catalogs.en).filter(
      (k) => k.startsWith('store.') || k.startsWith('sync.'),
    );
    expect(codes.length).toBeGreaterThan(20);
    for (const k of codes) expect(catalogs.es[k], k).toBeTruthy();
  });
});
